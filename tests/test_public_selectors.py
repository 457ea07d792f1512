"""Page selectors (public/selectors.py): each returns what its page shows and the page-cache keys
of all of it; the view records those keys (public.views.show)."""

import pytest
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
    assert request._page_deps == {"site", "home", "fronts"}


def test_the_article_page_depends_on_every_story_tag_and_writer_it_shows():
    writer = WriterFactory()
    section = SectionFactory()
    story = ArticleFactory(live=True, section=section, writers=[writer], tags=["Flood"])
    other = ArticleFactory(live=True, section=section, writers=[writer], tags=["Flood"])
    selection = selectors.article_page(story.pk)
    tag = story.tags.get()
    assert set(selection.keys) == {
        f"article:{story.pk}",
        f"article:{other.pk}",
        f"tag:{tag.pk}",
        f"writer:{writer.pk}",
    }


def test_list_pages_depend_on_what_they_list(rf: RequestFactory):
    writer = WriterFactory(slug="thanh-ha")
    section = SectionFactory(slug="world")
    story = ArticleFactory(live=True, section=section, writers=[writer], tags=["Flood"])
    tag = story.tags.get()
    request = rf.get("/")
    assert selectors.section_page(request, "world").keys == (f"section:{section.pk}", "fronts")
    assert selectors.tag_page(request, tag.slug).keys == (f"tag:{tag.pk}",)
    assert selectors.writer_page(request, "thanh-ha").keys == (f"writer:{writer.pk}",)
    assert selectors.search_page(rf.get("/search/?q=x")).keys == ("lists",)
