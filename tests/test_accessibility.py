"""The structure every public page must have: language, landmarks, a skip link, one h1,
alt text on every image, labelled navigation."""

import pytest

from tests.factories import ArticleFactory, ImageFactory, SectionFactory, WriterFactory, relate
from tests.html import Page

pytestmark = pytest.mark.django_db


@pytest.fixture
def site():
    section, writer = SectionFactory(name="World"), WriterFactory(name="Thanh Hà")
    picture = {"hero_image": ImageFactory(alt_text="A street in Huế")}
    story = ArticleFactory(live=True, section=section, writers=[writer], tags=["Huế"], **picture)
    other = ArticleFactory(live=True, section=section, writers=[writer], tags=["Huế"], **picture)
    relate(story, other)
    return story


PAGES = ["/", "/world/", "/tags/hue/", "/writers/thanh-ha/", "article", "/missing/"]


@pytest.mark.parametrize("url", PAGES)
def test_page_structure(reader, site, url):
    response = reader.get(site.get_absolute_url() if url == "article" else url)
    page = Page(response.content.decode())
    assert page.find_all("html", lang="en")
    assert len(page.find_all("h1")) == 1
    assert page.find_all("a", href="#main")  # skip link
    assert page.find_all("main", id="main")
    assert page.find_all("header") and page.find_all("footer")
    assert all(nav.get("aria-label") for nav in page.find_all("nav"))
    for image in page.find_all("img"):
        assert image.get("alt") is not None
        assert image.get("width") and image.get("height")  # no layout shift
    assert page.find_all("meta", name="viewport")


def test_pages_need_no_javascript(reader, site):
    for url in ["/", site.get_absolute_url()]:
        scripts = Page(reader.get(url).content.decode()).find_all("script")
        # Structured data (JSON-LD) is data for search engines, not code that runs. The one
        # script is the most-read count's beacon (docs/mostread.md): it reads nothing into the
        # page, which is complete without it.
        code = [script for script in scripts if script.get("type") != "application/ld+json"]
        assert all((script.get("src") or "").endswith("/js/most-read.js") for script in code)
