"""Feeds, sitemaps and robots.txt per edition (issue 15): each edition's feeds and sitemaps list
its own live stories only, in its language, with the page cache on and off; robots.txt names
every edition's sitemaps."""

from xml.etree import ElementTree

import feedparser
import pytest
from django.conf import settings as django_settings

from tests.factories import HIDDEN_STATES, STATES, ArticleFactory, SectionFactory, WriterFactory

pytestmark = pytest.mark.django_db

BASE = "http://testserver"
PREFIX = {"en": "", "vi": "/vi"}
SITEMAP = "http://www.sitemaps.org/schemas/sitemap/0.9"
NEWS = "http://www.google.com/schemas/sitemap-news/0.9"
NS = {"sm": SITEMAP, "news": NEWS}
KINDS = ["rss", "atom"]
LISTS = ["/feeds/{kind}/", "/feeds/sections/world/{kind}/", "/feeds/tags/bao/{kind}/",
         "/feeds/writers/thanh-ha/{kind}/"]  # fmt: skip


@pytest.fixture(params=["cache on", "cache off"])
def cache(request, settings):
    settings.NEWSROOM_PAGE_CACHE = request.param == "cache on"


@pytest.fixture
def both():
    """A live story in each edition, in the same section, by the same writer, with the same
    tag (sections, writers and tags are shared)."""
    shared = {
        "section": SectionFactory(name="World", slug="world"),
        "writers": [WriterFactory(name="Thanh Hà", slug="thanh-ha")],
        "tags": ["bao"],
    }
    return {
        "en": ArticleFactory(live=True, headline="Typhoon Yagi hits Da Nang", **shared),
        "vi": ArticleFactory(live=True, edition="vi", headline="Bão Yagi đổ bộ Đà Nẵng", **shared),
    }


def _feed(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    parsed = feedparser.parse(response.content)
    assert not parsed.bozo, (url, parsed.get("bozo_exception"))
    return parsed


def _xml(client, url) -> ElementTree.Element:
    response = client.get(url)
    assert response.status_code == 200, url
    return ElementTree.fromstring(response.content)


def _locs(root) -> list[str]:
    return [loc.text for loc in root.iterfind(".//sm:loc", NS)]


# --- Feeds ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("url", LISTS)
def test_each_editions_feeds_list_its_own_stories_only(reader, cache, both, url, kind):
    for _ in range(2):  # the second time from the page cache, when it is on
        for edition, story in both.items():
            parsed = _feed(reader, PREFIX[edition] + url.format(kind=kind))
            assert [entry.title for entry in parsed.entries] == [story.headline]
            assert parsed.entries[0].link == f"{BASE}{story.get_absolute_url()}"


@pytest.mark.parametrize("kind", KINDS)
def test_a_feeds_language_is_its_editions(reader, both, kind):
    assert _feed(reader, f"/feeds/{kind}/").feed.language == "en"
    assert _feed(reader, f"/vi/feeds/{kind}/").feed.language == "vi"
    assert _feed(reader, f"/vi/feeds/sections/world/{kind}/").feed.language == "vi"


def test_a_feed_is_described_in_its_editions_language(reader, both):
    site = django_settings.NEWSROOM_SITE_NAME
    assert _feed(reader, "/feeds/rss/").feed.description == f"The latest stories from {site}."
    vietnamese = _feed(reader, "/vi/feeds/rss/").feed
    assert vietnamese.description == f"Tin mới nhất của {site}."
    assert vietnamese.link == f"{BASE}/vi/"
    assert _feed(reader, "/vi/feeds/tags/bao/rss/").feed.description == "Các bài gắn thẻ bao."
    assert _feed(reader, "/vi/feeds/tags/bao/rss/").feed.link == f"{BASE}/vi/tags/bao/"


def test_a_tag_used_only_in_the_other_edition_has_no_feed_here(reader):
    ArticleFactory(live=True, edition="vi", tags=["Lũ lụt"])
    assert reader.get("/vi/feeds/tags/lu-lut/rss/").status_code == 200
    assert reader.get("/feeds/tags/lu-lut/rss/").status_code == 404


@pytest.mark.parametrize("state", HIDDEN_STATES)
def test_a_vietnamese_story_that_is_not_live_is_in_no_feed(reader, cache, both, state):
    hidden = ArticleFactory(
        edition="vi", headline="Bản nháp", section=both["vi"].section,
        writers=list(both["vi"].writers.all()), tags=["bao"], **STATES[state],
    )  # fmt: skip
    for edition in PREFIX:
        for url in LISTS:
            titles = [e.title for e in _feed(reader, PREFIX[edition] + url.format(kind="rss"))]
            assert hidden.headline not in titles, (edition, url)


def test_a_draft_translation_of_a_live_story_is_in_no_feed(reader, cache, both):
    ArticleFactory(edition="en", headline="The draft translation", translation_of=both["vi"])
    for edition in PREFIX:
        titles = [e.title for e in _feed(reader, f"{PREFIX[edition]}/feeds/rss/").entries]
        assert "The draft translation" not in titles


# --- Sitemaps ------------------------------------------------------------------------------------


def test_each_editions_sitemap_index_names_its_own_sitemaps(reader, cache, both):
    for edition in PREFIX:
        locs = _locs(_xml(reader, f"{PREFIX[edition]}/sitemap.xml"))
        assert f"{BASE}{PREFIX[edition]}/sitemap-articles.xml" in locs
        assert all(loc.startswith(f"{BASE}{PREFIX[edition]}/sitemap-") for loc in locs)


@pytest.mark.parametrize("sitemap", ["articles", "tags", "writers", "sections"])
def test_each_editions_sitemaps_list_its_own_addresses(reader, cache, both, sitemap):
    expected = {
        "articles": lambda e: [f"{BASE}{both[e].get_absolute_url()}"],
        "tags": lambda e: [f"{BASE}{PREFIX[e]}/tags/bao/"],
        "writers": lambda e: [f"{BASE}{PREFIX[e]}/writers/thanh-ha/"],
        "sections": lambda e: [f"{BASE}{PREFIX[e]}/world/"],
    }[sitemap]
    for _ in range(2):  # the second time from the page cache, when it is on
        for edition in PREFIX:
            url = f"{PREFIX[edition]}/sitemap-{sitemap}.xml"
            assert _locs(_xml(reader, url)) == expected(edition), url


def test_tags_and_writers_of_the_other_editions_stories_only_are_not_listed(reader):
    ArticleFactory(
        live=True, edition="vi", writers=[WriterFactory(name="Ngọc Anh")], tags=["Lũ lụt"]
    )
    assert _locs(_xml(reader, "/sitemap-tags.xml")) == []
    assert _locs(_xml(reader, "/sitemap-writers.xml")) == []
    assert _locs(_xml(reader, "/vi/sitemap-tags.xml")) == [f"{BASE}/vi/tags/lu-lut/"]


def test_each_editions_news_sitemap_lists_its_stories_in_its_language(reader, cache, both):
    for edition in PREFIX:
        root = _xml(reader, f"{PREFIX[edition]}/sitemap-news.xml")
        [url] = root.findall("sm:url", NS)
        assert url.find("sm:loc", NS).text == f"{BASE}{both[edition].get_absolute_url()}"
        publication = url.find("news:news/news:publication", NS)
        assert publication.find("news:language", NS).text == edition
        assert publication.find("news:name", NS).text == django_settings.NEWSROOM_SITE_NAME
        assert url.find("news:news/news:title", NS).text == both[edition].headline


@pytest.mark.parametrize("state", HIDDEN_STATES)
def test_a_vietnamese_story_that_is_not_live_is_in_no_sitemap(reader, cache, state):
    hidden = ArticleFactory(
        edition="vi", writers=[WriterFactory(name="Ngọc Anh")], tags=["Lũ lụt"], **STATES[state]
    )
    for edition in PREFIX:
        for sitemap in ("articles", "tags", "writers", "news"):
            locs = _locs(_xml(reader, f"{PREFIX[edition]}/sitemap-{sitemap}.xml"))
            assert not any(
                path in loc for loc in locs
                for path in (hidden.get_absolute_url(), "/tags/lu-lut/", "/writers/ngoc-anh/")
            ), (edition, sitemap)  # fmt: skip


# --- robots.txt ----------------------------------------------------------------------------------


def _robots(client, **extra) -> list[str]:
    response = client.get("/robots.txt", **extra)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain")
    return response.content.decode().splitlines()


def test_robots_txt_names_every_editions_sitemaps(reader):
    lines = _robots(reader)
    for path in ("/sitemap.xml", "/sitemap-news.xml", "/vi/sitemap.xml", "/vi/sitemap-news.xml"):
        assert f"Sitemap: {BASE}{path}" in lines
    assert {"Disallow: /admin/", "Disallow: /search/", "Disallow: /vi/search/"} <= set(lines)


def test_robots_txt_names_an_edition_at_its_own_host(reader, settings):
    settings.NEWSROOM_EDITION_HOSTS = {"vi": "vi.testserver"}
    settings.ALLOWED_HOSTS = ["testserver", "vi.testserver"]
    vietnamese = ["Sitemap: http://vi.testserver/sitemap.xml",
                  "Sitemap: http://vi.testserver/sitemap-news.xml"]  # fmt: skip
    lines = _robots(reader)
    assert [f"Sitemap: {BASE}/sitemap.xml", f"Sitemap: {BASE}/sitemap-news.xml", *vietnamese] == [
        line for line in lines if line.startswith("Sitemap:")
    ]
    assert "Disallow: /search/" in lines and not any("/vi/" in line for line in lines)
    # At the edition's own host: its sitemaps (the site's own host is not configured, so the
    # editions served there are named by that host's robots.txt only).
    lines = _robots(reader, HTTP_HOST="vi.testserver")
    assert [line for line in lines if line.startswith("Sitemap:")] == vietnamese
    assert "Disallow: /search/" in lines and not any("/vi/" in line for line in lines)


def test_a_section_is_named_in_the_feeds_edition(reader):
    section = SectionFactory(
        name="World", slug="world", description="News from abroad.",
        names={"vi": "Thế giới"}, descriptions={"vi": "Tin quốc tế."},
    )  # fmt: skip
    ArticleFactory(live=True, section=section)
    ArticleFactory(live=True, edition="vi", section=section, tags=["bao"])
    english = _feed(reader, "/feeds/sections/world/rss/")
    assert english.feed.title == f"World | {django_settings.NEWSROOM_SITE_NAME}"
    assert english.feed.description == "News from abroad."
    assert english.entries[0].tags[0].term == "World"
    vietnamese = _feed(reader, "/vi/feeds/sections/world/rss/")
    assert vietnamese.feed.title == f"Thế giới | {django_settings.NEWSROOM_SITE_NAME}"
    assert vietnamese.feed.description == "Tin quốc tế."
    assert vietnamese.entries[0].tags[0].term == "Thế giới"
    assert _feed(reader, "/vi/feeds/rss/").entries[0].tags[0].term == "Thế giới"
