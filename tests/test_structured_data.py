"""Pages that describe themselves: canonical link, description, Open Graph and Twitter tags,
and schema.org JSON-LD read back from the rendered page."""

import json
import re
from datetime import UTC, datetime

import pytest

from tests.discovery import full_story
from tests.factories import ArticleFactory, SectionFactory, WriterFactory
from tests.html import Page

pytestmark = pytest.mark.django_db

BASE = "http://testserver"


class Described(Page):
    """A page with its JSON-LD blocks parsed."""

    def __init__(self, html: str) -> None:
        self.json_ld: list[dict] = []
        self._in_json_ld = False
        super().__init__(html)

    def handle_starttag(self, tag, attrs):
        super().handle_starttag(tag, attrs)
        self._in_json_ld = tag == "script" and dict(attrs).get("type") == "application/ld+json"

    def handle_data(self, data):
        super().handle_data(data)
        if self._in_json_ld:
            self.json_ld.append(json.loads(data))
            self._in_json_ld = False

    def of_type(self, kind: str) -> dict:
        [data] = [d for d in self.json_ld if d["@type"] == kind]
        assert data["@context"] == "https://schema.org"
        return data

    def meta(self, key: str) -> list[str]:
        return [
            a["content"] for t, a in self.elements
            if t == "meta" and key in (a.get("property"), a.get("name"))
        ]  # fmt: skip


def _describe(client, url) -> Described:
    response = client.get(url)
    assert response.status_code == 200
    return Described(response.content.decode())


def test_article_news_article_has_every_required_field(reader):
    story = full_story()
    url = f"{BASE}{story.get_absolute_url()}"
    data = _describe(reader, story.get_absolute_url()).of_type("NewsArticle")
    assert data["headline"] == story.headline
    assert data["datePublished"] == "2024-11-18T09:30:00+07:00"  # as the page shows it
    assert data["dateModified"] >= data["datePublished"]
    assert data["author"] == [
        {"@type": "Person", "name": "Thanh Hà", "url": f"{BASE}/writers/thanh-ha/",
         "jobTitle": "Reporter, world desk"}
    ]  # fmt: skip
    [image] = data["image"]
    assert image["url"] == f"{BASE}{story.hero_image.pick(1280).url}"
    publisher = data["publisher"]
    assert publisher["name"] == "Newsroom Daily"
    assert publisher["logo"]["url"].startswith(f"{BASE}/static/img/logo")
    assert data["mainEntityOfPage"] == {"@type": "WebPage", "@id": url}
    assert data["articleSection"] == "World"
    assert data["keywords"] == ["Ukraine", "Đà Nẵng"]
    assert data["dateline"] == "Washington"


def test_the_logo_exists(reader):
    from django.contrib.staticfiles import finders

    assert finders.find("img/logo.png")


def test_article_breadcrumbs_go_home_section_story(reader):
    story = full_story()
    crumbs = _describe(reader, story.get_absolute_url()).of_type("BreadcrumbList")
    assert [(i["position"], i["name"], i["item"]) for i in crumbs["itemListElement"]] == [
        (1, "Newsroom Daily", f"{BASE}/"),
        (2, "World", f"{BASE}/world/"),
        (3, story.headline, f"{BASE}{story.get_absolute_url()}"),
    ]


def test_article_canonical_description_open_graph_and_twitter(reader):
    story = full_story(seo_description="A short description for search results.")
    page = _describe(reader, story.get_absolute_url())
    url = f"{BASE}{story.get_absolute_url()}"
    assert [link["href"] for link in page.find_all("link", rel="canonical")] == [url]
    assert page.meta("description") == ["A short description for search results."]
    assert page.meta("og:type") == ["article"]
    assert page.meta("og:url") == [url]
    assert page.meta("og:title") == [story.headline]
    assert page.meta("og:image") == [f"{BASE}{story.hero_image.pick(1280).url}"]
    assert page.meta("og:image:alt") == ["A missile launcher at dusk"]
    assert page.meta("article:tag") == ["Ukraine", "Đà Nẵng"]
    assert page.meta("twitter:card") == ["summary_large_image"]


def test_without_seo_description_the_lead_describes_the_story(reader):
    story = ArticleFactory(live=True, lead="The lead.")
    page = _describe(reader, story.get_absolute_url())
    assert page.meta("description") == ["The lead."]
    assert page.meta("twitter:card") == ["summary"]
    assert "image" not in page.of_type("NewsArticle")


def test_json_ld_cannot_break_out_of_its_script(reader):
    story = ArticleFactory(live=True, headline="</script><script>alert(1)</script> & more")
    html = reader.get(story.get_absolute_url()).content.decode()
    assert "</script><script>alert" not in html
    data = Described(html).of_type("NewsArticle")
    assert data["headline"] == "</script><script>alert(1)</script> & more"


def test_section_page_is_a_collection_page(reader):
    section = SectionFactory(name="World", slug="world", description="News from abroad.")
    story = ArticleFactory(live=True, section=section)
    page = _describe(reader, "/world/")
    data = page.of_type("CollectionPage")
    assert data["name"] == "World" and data["url"] == f"{BASE}/world/"
    assert data["description"] == "News from abroad."
    assert [i["url"] for i in data["mainEntity"]["itemListElement"]] == [
        f"{BASE}{story.get_absolute_url()}"
    ]
    crumbs = page.of_type("BreadcrumbList")["itemListElement"]
    assert [c["item"] for c in crumbs] == [f"{BASE}/", f"{BASE}/world/"]
    assert page.meta("og:type") == ["website"]
    assert [link["href"] for link in page.find_all("link", rel="canonical")] == [f"{BASE}/world/"]


def test_writer_page_is_a_profile_page(reader):
    writer = WriterFactory(name="Thanh Hà", bio="Covers international affairs.")
    ArticleFactory(live=True, writers=[writer])
    page = _describe(reader, "/writers/thanh-ha/")
    data = page.of_type("ProfilePage")
    person = data["mainEntity"]
    assert person["@type"] == "Person" and person["name"] == "Thanh Hà"
    assert person["url"] == f"{BASE}/writers/thanh-ha/"
    assert person["description"] == "Covers international affairs."
    assert len(data["hasPart"]["itemListElement"]) == 1
    assert page.of_type("BreadcrumbList")
    assert page.meta("og:type") == ["profile"]


def test_times_are_whole_seconds_with_the_offset(reader):
    story = ArticleFactory(
        live=True, publish_at=datetime(2024, 11, 18, 2, 30, 5, 654321, tzinfo=UTC)
    )
    page = _describe(reader, story.get_absolute_url())
    data = page.of_type("NewsArticle")
    assert data["datePublished"] == "2024-11-18T09:30:05+07:00"
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d[+-]\d\d:\d\d", data["dateModified"])
    assert page.meta("article:published_time") == ["2024-11-18T09:30:05+07:00"]
