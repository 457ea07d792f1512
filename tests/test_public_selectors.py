"""Page selectors (public/selectors.py): each returns what its page shows and the page-cache keys
of all of it; the view records those keys (public.views.show)."""

import pytest
import time_machine
from django.test import RequestFactory

from public import selectors
from public.selectors import Selection
from public.views import show
from tests.factories import ArticleFactory, SectionFactory, WriterFactory

pytestmark = pytest.mark.django_db


def test_a_selection_cannot_be_made_without_its_keys():
    with pytest.raises(TypeError):
        Selection({"page": None})  # type: ignore[call-arg]


def test_show_records_the_selections_keys(rf: RequestFactory):
    request = rf.get("/")
    request._page_deps = {"site"}
    show(request, "articles/home.html", selectors.home_page())
    # `fronts`: the editors' layouts (frontpage/).
    assert request._page_deps == {"site", "home:en", "fronts:en"}


@time_machine.travel("2026-12-06 09:00:00+00:00", tick=False)
def test_the_article_page_depends_on_every_story_it_shows_not_on_its_tags_and_writers():
    writer = WriterFactory()
    section = SectionFactory()
    story = ArticleFactory(live=True, section=section, writers=[writer], tags=["Flood"])
    other = ArticleFactory(live=True, section=section, writers=[writer], tags=["Flood"])
    selection = selectors.article_page(story.pk)
    assert set(selection.keys) == {f"article:{story.pk}", f"article:{other.pk}"}
    # A story an hour old (the factory's live stories) takes new ones in within six minutes.
    assert selection.fresh_within == 360


def test_list_pages_take_a_publication_in_at_once(rf: RequestFactory):
    section = SectionFactory()
    ArticleFactory(live=True, section=section)
    assert selectors.section_page(rf.get("/"), section.slug).fresh_within is None


def test_list_pages_depend_on_what_they_list(rf: RequestFactory):
    writer = WriterFactory(slug="thanh-ha")
    section = SectionFactory(slug="world")
    story = ArticleFactory(live=True, section=section, writers=[writer], tags=["Flood"])
    tag = story.tags.get()
    request = rf.get("/")
    assert selectors.section_page(request, "world").keys == (
        f"section:{section.pk}:en",
        "fronts:en",
    )
    assert selectors.tag_page(request, tag.slug).keys == (f"tag:{tag.pk}:en",)
    assert selectors.writer_page(request, "thanh-ha").keys == (f"writer:{writer.pk}:en",)
    assert selectors.search_page(rf.get("/search/?q=x")).keys == ("lists",)
