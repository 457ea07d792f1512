"""One rule for what readers may see, checked on every public surface and at the boundaries."""

import re
from datetime import timedelta

import pytest
import time_machine
from django.utils import timezone

from articles.models import Article
from tests.factories import (
    HIDDEN_STATES,
    STATES,
    ArticleFactory,
    SectionFactory,
    WriterFactory,
    relate,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def newsroom():
    """One story in each state, all in one section, by one writer, with one tag, and a live
    story that relates to all of them."""
    section, writer = SectionFactory(name="World"), WriterFactory(name="Thanh Hà")
    stories = {
        state: ArticleFactory(
            headline=f"Story that is {state}",
            section=section,
            writers=[writer],
            tags=["Ukraine"],
            **traits,
        )
        for state, traits in STATES.items()
    }
    host = ArticleFactory(
        headline="Host story", live=True, section=section, writers=[writer], tags=["Ukraine"]
    )
    relate(host, *stories.values())
    return {"section": section, "writer": writer, "stories": stories, "host": host}


def test_live_queryset_holds_only_the_live_story(newsroom):
    live = set(Article.objects.live())
    assert live == {newsroom["stories"]["live"], newsroom["host"]}


@pytest.mark.parametrize("state", list(STATES))
def test_instance_rule_agrees_with_the_queryset(newsroom, state):
    story = newsroom["stories"][state]
    assert story.is_live() is Article.objects.live().filter(pk=story.pk).exists()


@pytest.mark.parametrize("state", HIDDEN_STATES)
def test_hidden_story_url_is_404(reader, newsroom, state):
    story = newsroom["stories"][state]
    url = f"/{story.section.slug}/{story.slug}-{story.pk}/"
    assert reader.get(url).status_code == 404


def test_live_story_url_is_200(reader, newsroom):
    assert reader.get(newsroom["stories"]["live"].get_absolute_url()).status_code == 200


@pytest.mark.parametrize(
    "surface",
    ["home", "section", "tag", "writer", "related", "more_from_writer"],
)
def test_hidden_stories_appear_on_no_public_surface(reader, newsroom, surface):
    urls = {
        "home": "/",
        "section": newsroom["section"].get_absolute_url(),
        "tag": "/tags/ukraine/",
        "writer": newsroom["writer"].get_absolute_url(),
        "related": newsroom["host"].get_absolute_url(),
        "more_from_writer": newsroom["stories"]["live"].get_absolute_url(),
    }
    html = reader.get(urls[surface]).content.decode()
    assert "Story that is live" in html or surface == "more_from_writer"
    for state in HIDDEN_STATES:
        assert f"Story that is {state}" not in html, f"{state} story leaked on {surface}"


def test_pagination_reaches_only_live_stories(reader, settings):
    settings.NEWSROOM_PAGE_SIZE = 1
    section = SectionFactory()
    ArticleFactory.create_batch(2, live=True, section=section)
    for traits in STATES.values():
        ArticleFactory(section=section, **traits)
    url = section.get_absolute_url()
    pages, html = 1, reader.get(url).content.decode()
    while 'rel="next"' in html:
        link = re.search(r'rel="next" href="([^"]+)"', html)[1]
        pages, html = pages + 1, reader.get(url + link).content.decode()
    assert pages == 3  # two live stories plus the one from STATES


def test_tag_used_only_on_unpublished_stories_is_404(reader):
    ArticleFactory(scheduled=True, tags=["Embargoed merger"])
    assert reader.get("/tags/embargoed-merger/").status_code == 404


class TestScheduleBoundaries:
    """Scheduled stories go live by the clock alone; no job has to run."""

    def test_not_visible_a_second_before_publish_at(self, reader):
        publish_at = timezone.now() + timedelta(hours=1)
        story = ArticleFactory(status=Article.Status.PUBLISHED, publish_at=publish_at)
        with time_machine.travel(publish_at - timedelta(seconds=1), tick=False):
            assert reader.get(story.get_absolute_url()).status_code == 404
            assert story.headline not in reader.get("/").content.decode()

    def test_visible_at_publish_at(self, reader):
        publish_at = timezone.now() + timedelta(hours=1)
        story = ArticleFactory(status=Article.Status.PUBLISHED, publish_at=publish_at)
        with time_machine.travel(publish_at, tick=False):
            assert reader.get(story.get_absolute_url()).status_code == 200
            assert story.headline in reader.get("/").content.decode()

    def test_gone_at_expire_at(self, reader):
        now = timezone.now()
        story = ArticleFactory(
            status=Article.Status.PUBLISHED, publish_at=now, expire_at=now + timedelta(hours=1)
        )
        with time_machine.travel(now + timedelta(minutes=59), tick=False):
            assert reader.get(story.get_absolute_url()).status_code == 200
        with time_machine.travel(now + timedelta(hours=1), tick=False):
            assert reader.get(story.get_absolute_url()).status_code == 404
            assert story.headline not in reader.get("/").content.decode()
