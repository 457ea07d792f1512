"""A story and its translation, linked on their pages while both are live (articles/versions.py):
hreflang alternates both ways with the page itself, the language switch in the version's own
language, JSON-LD's inLanguage and translationOfWork / workTranslation, og:locale; nothing of a
version that is not live; the article page's query budget unchanged."""

from __future__ import annotations

from xml.etree import ElementTree

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from articles.models import Article
from core.urls import reverse_in
from ninjs.validation import schema_errors
from tests.factories import (
    HIDDEN_STATES,
    STATES,
    ArticleFactory,
    ImageFactory,
    SectionFactory,
    WriterFactory,
)
from tests.test_ninjs_api import API_BUDGET
from tests.test_query_counts import ARTICLE_BUDGET
from tests.test_structured_data import Described

pytestmark = pytest.mark.django_db

BASE = "http://testserver"


@pytest.fixture
def world():
    return SectionFactory(name="World", slug="world")


@pytest.fixture
def original(world):
    return ArticleFactory(headline="Storm nears the coast", live=True, section=world)


def _translation(original: Article, state: str = "live", **fields) -> Article:
    return ArticleFactory(
        headline="Bão tiến gần bờ biển", section=original.section, edition="vi",
        translation_of=original, **STATES[state], **fields,
    )  # fmt: skip


def _page(client, url: str) -> Described:
    response = client.get(url)
    assert response.status_code == 200, url
    return Described(response.content.decode())


def _alternates(page: Described) -> dict[str, str]:
    return {
        a["hreflang"]: a["href"]
        for a in page.find_all("link", rel="alternate")
        if a.get("hreflang")
    }


def _switch(page: Described) -> list[dict]:
    return [a for a in page.find_all("a", rel="alternate") if a.get("hreflang")]


def test_each_page_lists_itself_and_the_other_in_hreflang_links(reader, original):
    translation = _translation(original)
    en, vi = f"{BASE}{original.get_absolute_url()}", f"{BASE}{translation.get_absolute_url()}"
    assert vi == f"{BASE}/vi/world/bao-tien-gan-bo-bien-{translation.pk}/"
    expected = {"en": en, "vi": vi}
    assert _alternates(_page(reader, original.get_absolute_url())) == expected
    assert _alternates(_page(reader, translation.get_absolute_url())) == expected


def test_the_language_switch_names_the_other_language_in_that_language(reader, original):
    translation = _translation(original)
    on_english = _page(reader, original.get_absolute_url())
    [link] = _switch(on_english)
    assert link["href"] == translation.get_absolute_url()
    assert link["lang"] == link["hreflang"] == "vi"
    html = reader.get(original.get_absolute_url()).content.decode()
    assert 'lang="vi">Đọc bằng tiếng Việt</a>' in html
    [back] = _switch(_page(reader, translation.get_absolute_url()))
    assert back["href"] == original.get_absolute_url()
    assert back["lang"] == back["hreflang"] == "en"
    assert 'lang="en">Read in English</a>' in reader.get(translation.get_absolute_url()).text


def test_the_switch_sits_under_the_byline_in_the_stories_header(reader, original):
    _translation(original)
    html = reader.get(original.get_absolute_url()).text
    header = html.split('class="story__header"')[1].split("</header>")[0]
    assert 'class="story__versions"' in header
    assert header.index('class="byline"') < header.index('class="story__versions"')


def test_a_translation_says_which_work_it_translates(reader, original):
    translation = _translation(original)
    data = _page(reader, translation.get_absolute_url()).of_type("NewsArticle")
    assert data["inLanguage"] == "vi"
    url = f"{BASE}{original.get_absolute_url()}"
    assert data["translationOfWork"] == {
        "@type": "NewsArticle", "@id": url, "url": url,
        "headline": "Storm nears the coast", "inLanguage": "en",
    }  # fmt: skip
    assert "workTranslation" not in data


def test_an_original_lists_its_live_translations(reader, original):
    translation = _translation(original)
    data = _page(reader, original.get_absolute_url()).of_type("NewsArticle")
    assert data["inLanguage"] == "en"
    url = f"{BASE}{translation.get_absolute_url()}"
    assert data["workTranslation"] == [
        {"@type": "NewsArticle", "@id": url, "url": url,
         "headline": "Bão tiến gần bờ biển", "inLanguage": "vi"}
    ]  # fmt: skip
    assert "translationOfWork" not in data


def test_open_graph_names_the_locale_and_its_alternate(reader, original):
    translation = _translation(original)
    english = _page(reader, original.get_absolute_url())
    assert english.meta("og:locale") == ["en_US"]
    assert english.meta("og:locale:alternate") == ["vi_VN"]
    vietnamese = _page(reader, translation.get_absolute_url())
    assert vietnamese.meta("og:locale") == ["vi_VN"]
    assert vietnamese.meta("og:locale:alternate") == ["en_US"]


def test_a_story_with_no_other_version_has_no_alternates_and_no_switch(reader, original):
    page = _page(reader, original.get_absolute_url())
    assert _alternates(page) == {}
    assert _switch(page) == []
    assert page.meta("og:locale:alternate") == []
    data = page.of_type("NewsArticle")
    assert "workTranslation" not in data and "translationOfWork" not in data


@pytest.mark.parametrize("state", HIDDEN_STATES)
def test_a_translation_that_is_not_live_shows_nowhere_on_the_originals_page(
    reader, original, state
):
    translation = _translation(original, state)
    html = reader.get(original.get_absolute_url()).text
    for trace in ["Bão tiến gần", translation.slug, "/vi/world/", 'hreflang="vi"', "vi_VN",
                  "workTranslation", "Đọc bằng"]:  # fmt: skip
        assert trace not in html, trace


@pytest.mark.parametrize("state", HIDDEN_STATES)
def test_an_original_that_is_not_live_shows_nowhere_on_its_translations_page(reader, world, state):
    original = ArticleFactory(headline="Storm nears the coast", section=world, **STATES[state])
    translation = _translation(original)
    html = reader.get(translation.get_absolute_url()).text
    for trace in ["Storm nears", original.slug, 'hreflang="en"', "en_US", "translationOfWork"]:
        assert trace not in html, trace


def test_translations_of_one_original_link_each_other(reader, original, settings):
    settings.NEWSROOM_EDITIONS = [
        *settings.NEWSROOM_EDITIONS,
        {"code": "fr", "name": "Français", "prefix": "fr"},
    ]
    settings.LANGUAGES = [*settings.LANGUAGES, ("fr", "Français")]
    vietnamese = _translation(original)
    french = ArticleFactory(headline="La tempête approche", section=original.section,
                            edition="fr", translation_of=original, live=True)  # fmt: skip
    page = _page(reader, vietnamese.get_absolute_url())
    assert set(_alternates(page)) == {"en", "vi", "fr"}
    assert _alternates(page)["fr"] == f"{BASE}{french.get_absolute_url()}"
    # No catalogue says "Read in French" in French here: the edition's own name, not English.
    assert 'lang="fr">Français</a>' in reader.get(vietnamese.get_absolute_url()).text
    data = page.of_type("NewsArticle")
    # A sibling is neither the original nor a translation of this one.
    assert data["translationOfWork"]["inLanguage"] == "en"
    assert "workTranslation" not in data


def test_an_edition_at_a_host_of_its_own_is_linked_at_that_host(reader, original, settings):
    settings.NEWSROOM_EDITION_HOSTS = {"vi": "vi.testserver"}
    settings.ALLOWED_HOSTS = ["testserver", "vi.testserver"]
    translation = _translation(original)
    page = _page(reader, original.get_absolute_url())
    assert _alternates(page)["vi"] == f"http://vi.testserver{translation.get_absolute_url()}"
    assert translation.get_absolute_url().startswith("/world/")


def test_a_preview_shows_the_live_versions_of_its_story(client, editor_user, original):
    translation = _translation(original, "draft")
    client.force_login(editor_user)
    html = client.get(reverse("workflow:preview", args=[translation.pk])).text
    assert 'hreflang="en"' in html and "translationOfWork" in html


@pytest.mark.parametrize("versions", [0, 1])
def test_the_article_page_reads_its_versions_in_its_own_query(reader, original, versions, settings):
    settings.NEWSROOM_PAGE_CACHE = False  # the page's own queries (tests/test_query_counts.py)
    writer = WriterFactory()
    original.bylines.create(writer=writer, position=0)
    if versions:
        _translation(original)
    with CaptureQueriesContext(connection) as queries:
        assert reader.get(original.get_absolute_url()).status_code == 200
    assert len(queries) == ARTICLE_BUDGET


def _plan(sql: str) -> str:
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SET LOCAL enable_seqscan = off")  # a small table is read whole
            cursor.execute(f"EXPLAIN {sql}")
            return "\n".join(row[0] for row in cursor.fetchall())
        cursor.execute(f"EXPLAIN QUERY PLAN {sql}")
        return "\n".join(row[-1] for row in cursor.fetchall())


def test_the_versions_are_looked_up_by_their_links_not_found_among_the_live(
    reader, original, settings
):
    """The article page's story query finds its versions through the translation link's index
    (and the original by id), on an archive of originals whose statistics the database has
    read: one OR beside the live rule, with every story in the link's index, made SQLite walk
    the live stories for each page instead (30-50 ms at 10,000: articles 0009)."""
    settings.NEWSROOM_PAGE_CACHE = False
    translation = _translation(original)
    Article.objects.bulk_create(  # an archive of originals, most of a newsroom's stories
        ArticleFactory.build(live=True, section=original.section, slug=f"archive-{i}")
        for i in range(1500)
    )
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    for story in (original, translation):
        with CaptureQueriesContext(connection) as queries:
            assert reader.get(story.get_absolute_url()).status_code == 200
        [sql] = [q["sql"] for q in queries.captured_queries if 'translation_of_id" =' in q["sql"]]
        plan = _plan(sql)
        assert "article_one_translation_per_edition" in plan, plan
        if connection.vendor == "sqlite":
            # PostgreSQL may read the few stories scheduled or expiring ahead for the next
            # change (it knows how few there are); SQLite walked every live story.
            for walk in ("article_live_idx", "article_expiry_idx", "article_edition_live_idx"):
                assert walk not in plan, plan


def _ninjs(client, story: Article) -> dict:
    response = client.get(f"/api/ninjs/articles/{story.pk}/")
    assert response.status_code == 200
    item = response.json()
    assert schema_errors(item) == []
    return item


def test_ninjs_associates_a_translation_with_its_original_and_back(reader, original):
    translation = _translation(original)
    [back] = _ninjs(reader, translation)["associations"]
    assert back == {
        "name": "original",
        "uri": f"{BASE}/api/ninjs/articles/{original.pk}/",
        "type": "text",
        "language": "en",
        "headlines": [{"role": "main", "contenttype": "text/plain",
                       "value": "Storm nears the coast"}],
        "renditions": [{"name": "web", "href": f"{BASE}{original.get_absolute_url()}",
                        "contenttype": "text/html"}],
    }  # fmt: skip
    [forth] = _ninjs(reader, original)["associations"]
    assert forth["name"] == "translation" and forth["language"] == "vi"
    assert forth["uri"] == f"{BASE}/api/ninjs/articles/{translation.pk}/"
    assert forth["renditions"][0]["href"] == f"{BASE}{translation.get_absolute_url()}"


def test_ninjs_lists_the_versions_beside_the_picture_in_its_one_query(reader, original, settings):
    settings.NEWSROOM_PAGE_CACHE = False  # the API's own queries
    original.hero_image = ImageFactory()
    original.save()
    translation = _translation(original)
    with CaptureQueriesContext(connection) as queries:
        items = reader.get("/api/ninjs/articles/").json()["items"]
    by_id = {item["uri"].rstrip("/").rsplit("/", 1)[1]: item for item in items}
    names = [a["name"] for a in by_id[str(original.pk)]["associations"]]
    assert names == ["featureimage", "translation"]
    assert [a["name"] for a in by_id[str(translation.pk)]["associations"]] == ["original"]
    # The stories with their versions, their bylines, their tags; due updates: as without.
    assert len(queries) == API_BUDGET


@pytest.mark.parametrize("state", HIDDEN_STATES)
def test_ninjs_associates_no_version_that_is_not_live(reader, original, state):
    _translation(original, state)
    assert "associations" not in _ninjs(reader, original)


# --- Sitemap alternates (public/sitemaps.py) ----------------------------------------------------

SITEMAP_NS = {"sm": "http://www.sitemaps.org/schemas/sitemap/0.9",
              "xhtml": "http://www.w3.org/1999/xhtml"}  # fmt: skip


def _sitemap_alternates(client) -> dict[str, dict[str, str]]:
    """Every story's address in the story sitemaps of both editions, with its alternates."""
    found: dict[str, dict[str, str]] = {}
    for index in (reverse_in("en", "feeds:sitemap"), reverse_in("vi", "feeds:sitemap")):
        root = ElementTree.fromstring(client.get(index).content)
        for loc in root.iterfind(".//sm:loc", SITEMAP_NS):
            if "articles" not in loc.text:
                continue
            page = ElementTree.fromstring(client.get(loc.text.removeprefix(BASE)).content)
            for url in page.iterfind("sm:url", SITEMAP_NS):
                found[url.find("sm:loc", SITEMAP_NS).text] = {
                    link.get("hreflang"): link.get("href")
                    for link in url.iterfind("xhtml:link", SITEMAP_NS)
                    if link.get("rel") == "alternate"
                }
    return found


def test_the_sitemaps_list_each_version_with_its_alternates(reader, original):
    translation = _translation(original)
    lonely = ArticleFactory(live=True, section=original.section)
    en, vi = f"{BASE}{original.get_absolute_url()}", f"{BASE}{translation.get_absolute_url()}"
    found = _sitemap_alternates(reader)
    assert found[en] == found[vi] == {"en": en, "vi": vi}
    assert found[f"{BASE}{lonely.get_absolute_url()}"] == {}


@pytest.mark.parametrize("state", HIDDEN_STATES)
def test_the_sitemaps_list_no_version_that_is_not_live(reader, original, state):
    translation = _translation(original, state)
    found = _sitemap_alternates(reader)
    assert found == {f"{BASE}{original.get_absolute_url()}": {}}
    assert translation.slug not in reader.get("/sitemap-articles.xml").text


def test_a_sitemap_page_reads_its_stories_and_their_versions_in_one_query(
    reader, original, settings
):
    settings.NEWSROOM_PAGE_CACHE = False

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert reader.get("/sitemap-articles.xml").status_code == 200
        return len(captured)

    alone = queries()
    for _ in range(3):
        story = ArticleFactory(live=True, section=original.section)
        _translation(story)
    assert queries() == alone
