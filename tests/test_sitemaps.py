"""sitemap.xml, the Google News sitemap and robots.txt, parsed as XML with their namespaces."""

from datetime import timedelta
from xml.etree import ElementTree

import pytest
from django.utils import timezone

from public.sitemaps import ArticleSitemap
from tests.factories import HIDDEN_STATES, STATES, ArticleFactory, SectionFactory, WriterFactory

pytestmark = pytest.mark.django_db

SITEMAP = "http://www.sitemaps.org/schemas/sitemap/0.9"
NEWS = "http://www.google.com/schemas/sitemap-news/0.9"
NS = {"sm": SITEMAP, "news": NEWS}
BASE = "http://testserver"


def _xml(client, url) -> ElementTree.Element:
    response = client.get(url)
    assert response.status_code == 200, url
    assert response["Content-Type"].startswith("application/xml")
    return ElementTree.fromstring(response.content)


def _locs(root) -> list[str]:
    return [loc.text for loc in root.iterfind(".//sm:loc", NS)]


def test_the_index_lists_articles_sections_tags_and_writers(reader):
    ArticleFactory(live=True)
    root = _xml(reader, "/sitemap.xml")
    assert root.tag == f"{{{SITEMAP}}}sitemapindex"
    assert _locs(root) == [
        f"{BASE}/sitemap-{name}.xml" for name in ["articles", "sections", "tags", "writers"]
    ]
    articles = root.find("sm:sitemap", NS)
    assert articles.find("sm:lastmod", NS) is not None


def test_article_sitemap_pages_when_long(reader, monkeypatch):
    monkeypatch.setattr(ArticleSitemap, "limit", 2)
    ArticleFactory.create_batch(3, live=True)
    locs = _locs(_xml(reader, "/sitemap.xml"))
    assert f"{BASE}/sitemap-articles.xml?p=2" in locs
    assert len(_locs(_xml(reader, "/sitemap-articles.xml?p=2"))) == 1


def test_article_sitemap_lists_live_stories_with_lastmod(reader):
    story = ArticleFactory(live=True)
    root = _xml(reader, "/sitemap-articles.xml")
    assert root.tag == f"{{{SITEMAP}}}urlset"
    [url] = root.findall("sm:url", NS)
    assert url.find("sm:loc", NS).text == f"{BASE}{story.get_absolute_url()}"
    # In the newsroom's time zone, as Django's sitemap writes it (its date is not UTC's late in
    # the UTC day).
    modified = timezone.localtime(story.modified_at)
    assert url.find("sm:lastmod", NS).text.startswith(modified.strftime("%Y-%m-%d"))


def test_section_tag_and_writer_sitemaps(reader):
    section, writer = SectionFactory(slug="world"), WriterFactory(name="Thanh Hà")
    ArticleFactory(live=True, section=section, writers=[writer], tags=["Ukraine"])
    assert f"{BASE}/world/" in _locs(_xml(reader, "/sitemap-sections.xml"))
    assert _locs(_xml(reader, "/sitemap-tags.xml")) == [f"{BASE}/tags/ukraine/"]
    assert _locs(_xml(reader, "/sitemap-writers.xml")) == [f"{BASE}/writers/thanh-ha/"]


@pytest.mark.parametrize("state", HIDDEN_STATES)
def test_stories_that_are_not_live_are_in_no_sitemap(reader, state):
    hidden = ArticleFactory(
        writers=[WriterFactory(name="Ghost Writer")], tags=["Embargo"], **STATES[state]
    )
    for url in ["/sitemap-articles.xml", "/sitemap-tags.xml", "/sitemap-writers.xml",
                "/sitemap-news.xml"]:  # fmt: skip
        locs = _locs(_xml(reader, url))
        assert not any(
            path in loc for loc in locs
            for path in (hidden.get_absolute_url(), "/tags/embargo/", "/writers/ghost-writer/")
        ), url  # fmt: skip


def test_news_sitemap_holds_the_last_48_hours(reader, settings):
    recent = ArticleFactory(live=True, headline="Đà Nẵng <widens> road & more")
    ArticleFactory(live=True, publish_at=timezone.now() - timedelta(hours=49))
    root = _xml(reader, "/sitemap-news.xml")
    assert root.tag == f"{{{SITEMAP}}}urlset"
    [url] = root.findall("sm:url", NS)
    assert url.find("sm:loc", NS).text == f"{BASE}{recent.get_absolute_url()}"
    news = url.find("news:news", NS)
    assert news.find("news:publication/news:name", NS).text == settings.NEWSROOM_SITE_NAME
    assert news.find("news:publication/news:language", NS).text == "en"
    assert news.find("news:title", NS).text == "Đà Nẵng <widens> road & more"
    assert (
        news.find("news:publication_date", NS).text
        == recent.publish_at.astimezone(timezone.get_current_timezone()).isoformat()
    )


def test_robots_txt_names_the_sitemaps(reader):
    response = reader.get("/robots.txt")
    assert response["Content-Type"].startswith("text/plain")
    lines = response.content.decode().splitlines()
    assert f"Sitemap: {BASE}/sitemap.xml" in lines
    assert f"Sitemap: {BASE}/sitemap-news.xml" in lines
    assert "Disallow: /admin/" in lines


def test_a_signed_in_reader_gets_the_sitemaps_too(reader, settings):
    # Not from the page cache (a session cookie): the sitemap's response is rendered late.
    ArticleFactory(live=True)
    reader.cookies[settings.SESSION_COOKIE_NAME] = "a-session"
    for url in ["/sitemap.xml", "/sitemap-articles.xml", "/sitemap-news.xml"]:
        assert _xml(reader, url).tag.endswith("urlset" if "-" in url else "sitemapindex"), url
