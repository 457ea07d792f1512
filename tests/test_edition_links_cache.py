"""A cached article page and its other versions (articles/versions.py, pagecache/): the link to a
translation (or to the original) appears the second the other version goes live, published now
or at its scheduled second, and leaves the second it is withdrawn or expires; both ways.

The page cache is on, in local memory and on Redis (tests/test_page_cache.py's fixture), and an
article page keeps its copy up to NEWSROOM_PAGE_CACHE_RELATED_SECONDS (a story going live does
not end it): so only the versions' own keys and moments can make these tests pass.
"""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from articles.models import Article
from tests.factories import ArticleFactory, SectionFactory
from tests.test_page_cache import page_cache  # noqa: F401  # every cache backend

pytestmark = pytest.mark.django_db

SWITCH = 'class="story__versions"'


@pytest.fixture(autouse=True)
def _long_lived_article_pages(settings):
    settings.NEWSROOM_PAGE_CACHE = True
    settings.NEWSROOM_PAGE_CACHE_SECONDS = 3600
    settings.NEWSROOM_PAGE_CACHE_RELATED_SECONDS = 3600


@pytest.fixture
def clock():
    import time_machine

    with time_machine.travel(timezone.now().replace(microsecond=0), tick=False) as traveller:
        yield traveller


@pytest.fixture
def world():
    return SectionFactory(name="World", slug="world")


@pytest.fixture
def english(world):
    # A day old: its page may keep its related blocks for an hour (public.selectors.related_lag).
    return ArticleFactory(headline="Storm nears the coast", section=world, live=True,
                          publish_at=timezone.now() - timedelta(days=1))  # fmt: skip


def _vietnamese(original: Article, **fields) -> Article:
    fields.setdefault("publish_at", timezone.now() - timedelta(days=1))
    return ArticleFactory(headline="Bão tiến gần bờ biển", section=original.section,
                          edition="vi", translation_of=original, **fields)  # fmt: skip


def _html(client, story: Article) -> str:
    response = client.get(story.get_absolute_url())
    assert response.status_code == 200
    return response.content.decode()


def _stored(client, story: Article) -> str:
    """The page, answered from its stored copy (no query)."""
    with CaptureQueriesContext(connection) as queries:
        html = _html(client, story)
    assert not queries.captured_queries
    return html


def _links(html: str, other: Article) -> bool:
    linked = f'hreflang="{other.edition}"' in html and other.get_absolute_url() in html
    assert linked == (SWITCH in html)  # the switch and the alternates come and go together
    return linked


def _publish(story: Article, at) -> None:
    story.status, story.publish_at = Article.Status.PUBLISHED, at
    story.save()


def _withdraw(story: Article) -> None:
    story.status = Article.Status.WITHDRAWN
    story.save()


@pytest.fixture(params=["original's page", "translation's page"])
def pair(request, english):
    """(the page watched, the other version that comes and goes): both ways. The watched one is
    live; the other is a draft, to be published, scheduled, withdrawn or let expire."""
    if request.param == "original's page":
        return english, _vietnamese(english)
    translation = _vietnamese(english, status=Article.Status.PUBLISHED)
    english.status = Article.Status.DRAFT
    english.save()
    return translation, english


def test_publishing_the_other_version_links_it_at_once(reader, pair, clock):
    page, other = pair
    assert not _links(_html(reader, page), other)
    assert not _links(_stored(reader, page), other)
    _publish(other, timezone.now())
    assert _links(_html(reader, page), other)


def test_a_scheduled_version_is_linked_at_its_second_not_before(reader, pair, clock):
    page, other = pair
    due = timezone.now() + timedelta(minutes=2)
    _publish(other, due)
    assert not _links(_html(reader, page), other)
    clock.move_to(due - timedelta(seconds=1))
    assert not _links(_stored(reader, page), other)
    clock.move_to(due)
    assert _links(_html(reader, page), other)
    clock.move_to(due + timedelta(seconds=1))
    assert _links(_stored(reader, page), other)


def test_a_version_scheduled_after_the_page_was_stored_still_shows_at_its_second(
    reader, pair, clock
):
    page, other = pair
    assert not _links(_html(reader, page), other)
    due = timezone.now() + timedelta(minutes=2)
    _publish(other, due)
    clock.move_to(due - timedelta(seconds=1))
    assert not _links(_html(reader, page), other)
    clock.move_to(due)
    assert _links(_html(reader, page), other)


def test_withdrawing_the_other_version_unlinks_it_at_once(reader, pair, clock):
    page, other = pair
    _publish(other, timezone.now() - timedelta(hours=1))
    assert _links(_html(reader, page), other)
    assert _links(_stored(reader, page), other)
    _withdraw(other)
    assert not _links(_html(reader, page), other)


def test_an_expiring_version_is_unlinked_at_its_second(reader, pair, clock):
    page, other = pair
    other.expire_at = timezone.now() + timedelta(minutes=2)
    _publish(other, timezone.now() - timedelta(hours=1))
    assert _links(_html(reader, page), other)
    clock.move_to(other.expire_at - timedelta(seconds=1))
    assert _links(_stored(reader, page), other)
    clock.move_to(other.expire_at)
    assert not _links(_html(reader, page), other)
    clock.move_to(other.expire_at + timedelta(seconds=1))
    assert not _links(_stored(reader, page), other)


def test_a_new_address_of_the_other_version_reaches_the_page_at_once(reader, pair, clock):
    page, other = pair
    _publish(other, timezone.now() - timedelta(hours=1))
    assert _links(_html(reader, page), other)
    other.slug = "a-new-address"
    other.save()
    html = _html(reader, page)
    assert _links(html, other) and "a-new-address" in html


def test_a_draft_translations_edits_leave_the_originals_page_stored(reader, english, clock):
    draft = _vietnamese(english)
    _html(reader, english)
    draft.headline = "Bão tiến gần bờ biển miền Trung"
    draft.save()
    assert not _links(_stored(reader, english), draft)


def test_unlinking_a_live_translation_unlinks_both_pages(reader, english, clock):
    translation = _vietnamese(english, status=Article.Status.PUBLISHED)
    assert _links(_html(reader, english), translation)
    assert _links(_html(reader, translation), english)
    translation.translation_of = None
    translation.save()
    assert not _links(_html(reader, english), translation)
    assert not _links(_html(reader, translation), english)
