"""Search: free text (relevance, phrases, exclusions, accent folding), filters, bad input,
visibility and the query budget. Every test runs on SQLite and on PostgreSQL."""

import re
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from tests.factories import HIDDEN_STATES, STATES, ArticleFactory, SectionFactory, WriterFactory
from tests.html import Page

pytestmark = pytest.mark.django_db


def _ago(**delta):
    return timezone.now() - timedelta(**delta)


def _search(client, **params):
    response = client.get("/search/", params)
    assert response.status_code == 200
    return response


def _headlines(response) -> list[str]:
    page = response.context["page"]
    return [story.headline for story in page.object_list] if page else []


def test_search_page_without_criteria_shows_the_form_and_no_results(reader):
    response = _search(reader)
    assert response.context["searched"] is False
    assert b'role="search"' in response.content


def test_a_word_finds_the_stories_that_contain_it(reader):
    ArticleFactory(live=True, headline="US allows ATACMS strikes")
    ArticleFactory(live=True, headline="Rice exports rise")
    assert _headlines(_search(reader, q="ATACMS")) == ["US allows ATACMS strikes"]


def test_case_does_not_matter(reader):
    ArticleFactory(live=True, headline="US allows ATACMS strikes")
    assert _headlines(_search(reader, q="atacms")) == ["US allows ATACMS strikes"]


def test_text_without_diacritics_finds_text_with_them(reader):
    ArticleFactory(live=True, headline="Đà Nẵng widens its ring road")
    ArticleFactory(live=True, headline="Hà Nội opens a metro line")
    assert _headlines(_search(reader, q="Da Nang")) == ["Đà Nẵng widens its ring road"]


def test_text_with_diacritics_finds_text_without_them(reader):
    ArticleFactory(live=True, headline="Da Nang widens its ring road")
    assert _headlines(_search(reader, q="Đà Nẵng")) == ["Da Nang widens its ring road"]


def test_the_lead_and_the_body_are_searched_too(reader):
    ArticleFactory(live=True, headline="One", lead="A typhoon nears the coast.")
    ArticleFactory(live=True, headline="Two", body="<p>The typhoon weakened overnight.</p>")
    assert sorted(_headlines(_search(reader, q="typhoon"))) == ["One", "Two"]


def test_headline_outranks_lead_outranks_body(reader):
    # Newest first would give the opposite order.
    ArticleFactory(live=True, headline="Headline typhoon warning", publish_at=_ago(days=3))
    ArticleFactory(live=True, headline="Lead", lead="A typhoon nears.", publish_at=_ago(days=2))
    ArticleFactory(live=True, headline="Body", body="<p>A typhoon.</p>", publish_at=_ago(days=1))
    assert _headlines(_search(reader, q="typhoon")) == ["Headline typhoon warning", "Lead", "Body"]


def test_newest_first_when_asked(reader):
    ArticleFactory(live=True, headline="Old typhoon", publish_at=_ago(days=3))
    ArticleFactory(live=True, headline="New", body="<p>typhoon</p>", publish_at=_ago(days=1))
    assert _headlines(_search(reader, q="typhoon", sort="newest")) == ["New", "Old typhoon"]


def test_every_word_must_appear(reader):
    ArticleFactory(live=True, headline="Typhoon hits Đà Nẵng")
    ArticleFactory(live=True, headline="Typhoon hits Huế")
    assert _headlines(_search(reader, q="typhoon nang")) == ["Typhoon hits Đà Nẵng"]


def test_a_quoted_phrase_matches_the_words_together(reader):
    ArticleFactory(live=True, headline="Ring road to be widened")
    ArticleFactory(live=True, headline="Road works ring the old town")
    assert _headlines(_search(reader, q='"ring road"')) == ["Ring road to be widened"]


def test_a_minus_word_excludes_stories(reader):
    ArticleFactory(live=True, headline="Ukraine receives ATACMS")
    ArticleFactory(live=True, headline="Ukraine talks resume")
    assert _headlines(_search(reader, q="Ukraine -ATACMS")) == ["Ukraine talks resume"]


def test_a_writers_name_finds_their_stories(reader):
    writer = WriterFactory(name="Thanh Hà")
    ArticleFactory(live=True, headline="By her", writers=[writer])
    ArticleFactory(live=True, headline="By someone else", writers=[WriterFactory(name="Phạm")])
    assert _headlines(_search(reader, q="Thanh Ha")) == ["By her"]


def test_results_show_headline_lead_writer_and_time(reader):
    writer = WriterFactory(name="Thanh Hà")
    story = ArticleFactory(live=True, headline="ATACMS", lead="The lead.", writers=[writer])
    html = _search(reader, q="ATACMS").content.decode()
    page = Page(html)
    assert page.find_all("a", href=story.get_absolute_url())
    assert "The lead." in html and "Thanh Hà" in html
    assert len(page.find_all("time")) == 1


def test_the_form_lists_every_writer_and_keeps_the_one_chosen(reader):
    chosen, other = WriterFactory(name="Lê & <Co>"), WriterFactory(name="Thanh Hà")
    html = _search(reader, writer=chosen.slug).content.decode()
    options = Page(html).find_all("option")
    assert {"value": chosen.slug, "selected": None} in options
    assert {"value": other.slug} in options
    assert {"value": ""} in options  # "All writers"
    assert f'<option value="{chosen.slug}" selected>Lê &amp; &lt;Co&gt;</option>' in html
    assert '<select name="writer" id="id_writer">' in html


def test_section_filter(reader):
    world, sports = SectionFactory(slug="world"), SectionFactory(slug="sports")
    ArticleFactory(live=True, headline="World typhoon", section=world)
    ArticleFactory(live=True, headline="Sports typhoon", section=sports)
    assert _headlines(_search(reader, q="typhoon", section="world")) == ["World typhoon"]
    assert _headlines(_search(reader, section="sports")) == ["Sports typhoon"]


def test_tag_filter(reader):
    ArticleFactory(live=True, headline="Tagged", tags=["Đà Nẵng"])
    ArticleFactory(live=True, headline="Untagged")
    assert _headlines(_search(reader, tag="da-nang")) == ["Tagged"]


def test_writer_filter(reader):
    writer = WriterFactory(name="Thanh Hà")
    ArticleFactory(live=True, headline="Hers", writers=[writer])
    ArticleFactory(live=True, headline="Not hers", writers=[WriterFactory()])
    assert _headlines(_search(reader, writer="thanh-ha")) == ["Hers"]


def test_date_range_uses_the_newsroom_calendar_day(reader, settings):
    ArticleFactory(live=True, headline="Early", publish_at=_ago(days=10))
    ArticleFactory(live=True, headline="Recent", publish_at=_ago(days=2))
    start = timezone.localdate() - timedelta(days=3)
    assert _headlines(_search(reader, date_from=start.isoformat())) == ["Recent"]
    end = timezone.localdate() - timedelta(days=5)
    assert _headlines(_search(reader, date_to=end.isoformat())) == ["Early"]


@pytest.mark.parametrize("state", HIDDEN_STATES)
def test_stories_that_are_not_live_are_never_found(reader, state):
    writer = WriterFactory(name="Thanh Hà")
    ArticleFactory(
        headline="Secret ATACMS plan", writers=[writer], tags=["Ukraine"], **STATES[state]
    )
    for params in [{"q": "ATACMS"}, {"q": "Thanh Ha"}, {"writer": writer.slug}, {"tag": "ukraine"}]:
        response = _search(reader, **params)
        assert _headlines(response) == [], params
        assert response.context["count"] == 0
        assert b"Secret ATACMS plan" not in response.content


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"section": "no-such-section"}, "section"),
        ({"writer": "nobody"}, "writer"),
        ({"tag": "no-such-tag"}, "tag"),
        ({"date_from": "2024-13-45"}, "date_from"),
        ({"date_to": "yesterday"}, "date_to"),
        ({"date_from": "0001-01-01"}, "date_from"),
        ({"date_to": "9999-12-31"}, "date_to"),
        ({"date_from": "2024-11-20", "date_to": "2024-11-01"}, "date_to"),
        ({"q": "x" * 10_000}, "q"),
        ({"sort": "random"}, "sort"),
    ],
)
def test_bad_input_is_a_form_error_not_a_server_error(reader, params, field):
    ArticleFactory(live=True, headline="Typhoon")
    response = _search(reader, **params)
    assert field in response.context["form"].errors
    assert response.context["searched"] is False
    assert b'role="alert"' in response.content


@pytest.mark.parametrize("page", ["999999999", "0", "-1", "abc", "1" * 40])
def test_a_page_that_does_not_exist_is_an_empty_result(reader, page):
    ArticleFactory(live=True, headline="Typhoon")
    response = _search(reader, q="typhoon", page=page)
    assert response.context["bad_page"] is True
    assert b"no such page" in response.content


@pytest.mark.parametrize("q", ['"', "-", "---", '""', "!!!", "OR", "a\x00b", "&|!:*()<>'"])
def test_odd_queries_never_fail(reader, q):
    ArticleFactory(live=True, headline="Typhoon")
    _search(reader, q=q)


def test_results_are_paginated(reader, settings):
    settings.NEWSROOM_PAGE_SIZE = 2
    for i in range(5):
        ArticleFactory(live=True, headline=f"Typhoon {i}", publish_at=_ago(hours=i + 1))
    second = _search(reader, q="typhoon", sort="newest", page="2")
    assert _headlines(second) == ["Typhoon 2", "Typhoon 3"]
    assert second.context["count"] == 5
    assert second.context["count_capped"] is False


def test_page_links_keep_the_search_and_name_the_page(reader, settings):
    settings.NEWSROOM_PAGE_SIZE = 2
    ArticleFactory.create_batch(5, live=True, headline="Typhoon")
    page = Page(_search(reader, q="typhoon", section="", page="2").content.decode())
    [previous] = page.find_all("a", rel="prev")
    [following] = page.find_all("a", rel="next")
    assert previous["href"] == "?q=typhoon&section=&page=1"
    assert following["href"] == "?q=typhoon&section=&page=3"


# --- At most NEWSROOM_SEARCH_MAX_RESULTS results: the newest matches, ranked -------------------


def _typhoons(n: int, *, hours_ago: int = 1, **fields) -> list:
    """n live stories with the word in the body, newest first, one an hour apart."""
    return [
        ArticleFactory(
            live=True, body="<p>A typhoon.</p>", publish_at=_ago(hours=hours_ago + i), **fields
        )
        for i in range(n)
    ]


def test_more_matches_than_the_limit_are_counted_as_more(reader, settings):
    settings.NEWSROOM_SEARCH_MAX_RESULTS = 3
    _typhoons(5)
    response = _search(reader, q="typhoon")
    assert response.context["count"] == 3
    assert response.context["count_capped"] is True
    heading = Page(response.content.decode()).texts["h2"]
    assert "More than 3 stories found" in heading
    assert b"A search shows the newest 3 matching stories" in response.content


def test_as_many_matches_as_the_limit_are_not_capped(reader, settings):
    settings.NEWSROOM_SEARCH_MAX_RESULTS = 3
    _typhoons(3)
    response = _search(reader, q="typhoon")
    assert response.context["count"] == 3
    assert response.context["count_capped"] is False
    assert "3 stories found" in Page(response.content.decode()).texts["h2"]
    assert b"A search shows the newest" not in response.content


def test_the_newest_matches_are_the_ones_ranked(reader, settings):
    settings.NEWSROOM_SEARCH_MAX_RESULTS = 2
    ArticleFactory(live=True, headline="Old typhoon", publish_at=_ago(days=30))
    newer = _typhoons(2)
    # The headline match would rank first, but it is older than the newest two matches.
    assert _headlines(_search(reader, q="typhoon")) == [story.headline for story in newer]


def test_a_rare_word_is_ranked_among_all_its_matches(reader, settings):
    settings.NEWSROOM_SEARCH_MAX_RESULTS = 3
    _typhoons(5, headline="Weather")  # newer stories, and more of them than the limit
    ArticleFactory(live=True, headline="ATACMS strikes", publish_at=_ago(days=9))
    ArticleFactory(live=True, headline="Talks", lead="On ATACMS.", publish_at=_ago(days=8))
    ArticleFactory(live=True, headline="Aid", body="<p>ATACMS.</p>", publish_at=_ago(days=7))
    response = _search(reader, q="atacms")
    assert _headlines(response) == ["ATACMS strikes", "Talks", "Aid"]
    assert response.context["count"] == 3
    assert response.context["count_capped"] is False


def test_stories_that_are_not_live_take_no_place_among_the_newest(reader, settings):
    settings.NEWSROOM_SEARCH_MAX_RESULTS = 2
    for state in HIDDEN_STATES:
        ArticleFactory(headline="Hidden typhoon", **STATES[state])
    live = _typhoons(2, hours_ago=24 * 5)  # older than every hidden one
    response = _search(reader, q="typhoon")
    assert {story.pk for story in response.context["page"].object_list} == {s.pk for s in live}
    assert response.context["count"] == 2
    assert response.context["count_capped"] is False


def test_the_newest_matches_are_chosen_within_the_filters(reader, settings):
    settings.NEWSROOM_SEARCH_MAX_RESULTS = 2
    world = SectionFactory(slug="world")
    _typhoons(3)  # newer, in other sections
    ArticleFactory(live=True, headline="World typhoon", section=world, publish_at=_ago(days=3))
    ArticleFactory(live=True, headline="World storm", section=world, publish_at=_ago(days=4))
    response = _search(reader, q="typhoon", section="world")
    assert _headlines(response) == ["World typhoon"]
    assert response.context["count_capped"] is False


def test_a_writers_own_stories_rank_above_stories_that_name_them(reader):
    writer = WriterFactory(name="Thanh Hà")
    ArticleFactory(live=True, headline="By her", writers=[writer], publish_at=_ago(days=2))
    ArticleFactory(
        live=True, headline="About", body="<p>Thanh Hà said.</p>", publish_at=_ago(days=1)
    )
    assert _headlines(_search(reader, q="Thanh Ha")) == ["By her", "About"]


@pytest.mark.parametrize("sort", ["relevance", "newest"])
def test_paging_through_capped_results_shows_each_story_once(reader, settings, sort):
    settings.NEWSROOM_SEARCH_MAX_RESULTS, settings.NEWSROOM_PAGE_SIZE = 7, 2
    moment = _ago(hours=1)  # equal relevance and equal times: only the id tells them apart
    stories = [ArticleFactory(live=True, headline="Typhoon", publish_at=moment) for _ in range(9)]
    seen = []
    for number in range(1, 5):
        seen += [s.pk for s in _search(reader, q="typhoon", sort=sort, page=number).context["page"]]
    assert len(seen) == len(set(seen)) == 7
    assert set(seen) == {story.pk for story in stories[2:]}  # the newest seven (highest ids)
    beyond = _search(reader, q="typhoon", sort=sort, page="5")
    assert beyond.context["bad_page"] is True
    assert b"A search shows the newest 7 matching stories" in beyond.content


def test_a_search_without_words_is_capped_too(reader, settings):
    settings.NEWSROOM_SEARCH_MAX_RESULTS = 2
    section = SectionFactory(slug="world")
    stories = _typhoons(3, section=section)
    response = _search(reader, section="world")
    assert _headlines(response) == [story.headline for story in stories[:2]]
    assert response.context["count_capped"] is True


# Search page: the section and the writer asked for, the writers the words name, the newest
# matches (ids, times, relevance: the count comes from them), one page of stories with their
# sections and their writers, the section and writer choices of the form, navigation.
# With the breaking-news banner (frontpage/) and the scheduled updates due (workflow/updates.py).
SEARCH_BUDGET = 10


@pytest.mark.parametrize("n", [1, 20])
def test_search_query_budget_does_not_grow_with_results(reader, n, settings):
    settings.NEWSROOM_PAGE_CACHE = False  # budgets count rendering (cache: test_page_cache)
    writer, section = WriterFactory(name="Thanh Hà"), SectionFactory()
    for _ in range(n):
        ArticleFactory(
            live=True, headline="Typhoon", section=section, writers=[writer, WriterFactory()]
        )
    with CaptureQueriesContext(connection) as queries:
        response = _search(reader, q="typhoon", writer="thanh-ha", section=section.slug)
    assert len(response.context["page"].object_list) == n
    assert len(queries.captured_queries) == SEARCH_BUDGET


postgresql_only = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="PostgreSQL full-text search"
)


@postgresql_only
def test_postgresql_matches_through_the_gin_indexed_search_vector(reader):
    from articles.models import Article

    story = ArticleFactory(live=True, headline="Đà Nẵng widens its ring road")
    Article.objects.bulk_create(  # an archive in which the words are rare
        ArticleFactory.build(live=True, section=story.section, slug=f"filler-{i}")
        for i in range(2000)
    )
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE articles_article")
    with CaptureQueriesContext(connection) as queries:
        _search(reader, q="Da Nang")
    [sql] = [query["sql"] for query in queries.captured_queries if "@@" in query["sql"]]
    # The match is a condition of the story query itself (not a subquery), so the planner may
    # read the GIN index for a rare word or walk the newest-first index for a common one.
    assert sql.count("SELECT") == 1 and "websearch_to_tsquery" in sql
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")  # a small table is read whole
        cursor.execute(f"EXPLAIN {sql}")
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert "article_search_vector_idx" in plan


def test_the_index_follows_bulk_updates(reader):
    from articles.models import Article

    story = ArticleFactory(live=True, headline="Rice exports rise")
    Article.objects.filter(pk=story.pk).update(headline="Typhoon hits Huế")
    assert _headlines(_search(reader, q="Hue typhoon")) == ["Typhoon hits Huế"]
    assert _headlines(_search(reader, q="rice")) == []


def test_the_index_forgets_deleted_stories(reader):
    story = ArticleFactory(live=True, headline="Typhoon hits Huế")
    story.delete()  # SQLite may give the next story the same id
    ArticleFactory(live=True, headline="Rice exports rise")
    assert _headlines(_search(reader, q="typhoon")) == []
    assert _headlines(_search(reader, q="rice")) == ["Rice exports rise"]


def test_markup_is_not_text(reader):
    ArticleFactory(live=True, headline="Bold", body="<p><strong>Typhoon</strong> warning.</p>")
    ArticleFactory(live=True, headline="Winds", body="<p>Strong winds.</p>")
    assert _headlines(_search(reader, q="strong")) == ["Winds"]
    assert _headlines(_search(reader, q="typhoon -strong")) == ["Bold"]


sqlite_only = pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's FTS5 index")


@sqlite_only
def test_sqlite_reads_the_full_text_index_walking_the_newest_first(reader):
    ArticleFactory(live=True, headline="Đà Nẵng widens its ring road")
    with CaptureQueriesContext(connection) as queries:
        _search(reader, q="Da Nang")
    [sql] = [query["sql"] for query in queries.captured_queries if "MATCH" in query["sql"]]
    with connection.cursor() as cursor:
        plan = " ".join(row[-1] for row in cursor.execute(f"EXPLAIN QUERY PLAN {sql}"))
    assert "search_article_fts VIRTUAL TABLE" in plan
    # The edition's newest-first index (articles 0008): no sort of every match.
    assert "USING INDEX article_edition_live_idx" in plan


@sqlite_only
def test_sqlite_index_is_repaired_after_a_migration_rebuilds_the_table(reader, settings):
    from articles.models import Article
    from search.sqlite import TRIGGERS, ensure_index

    settings.NEWSROOM_PAGE_CACHE = False  # the same search, asked again after bulk updates
    story = ArticleFactory(live=True, headline="Rice exports rise")
    with connection.cursor() as cursor:
        for name in TRIGGERS:  # what dropping the old table does to them
            cursor.execute(f"DROP TRIGGER {name}")
    Article.objects.filter(pk=story.pk).update(headline="Typhoon hits Huế")
    assert _headlines(_search(reader, q="typhoon")) == []  # the index missed the change
    ensure_index(connection)  # runs after every migrate (search.apps)
    assert _headlines(_search(reader, q="typhoon")) == ["Typhoon hits Huế"]
    Article.objects.filter(pk=story.pk).update(headline="Flood in Huế")
    assert _headlines(_search(reader, q="flood")) == ["Flood in Huế"]


@postgresql_only
def test_postgresql_has_no_sqlite_index(reader):
    assert "search_article_fts" not in connection.introspection.table_names()


@pytest.mark.parametrize("n", [1, 20])
def test_text_only_search_budget_does_not_grow_with_results(reader, n, settings):
    settings.NEWSROOM_PAGE_CACHE = False  # budgets count rendering (cache: test_page_cache)
    for _ in range(n):
        ArticleFactory(live=True, headline="Typhoon", writers=[WriterFactory(), WriterFactory()])
    with CaptureQueriesContext(connection) as queries:
        response = _search(reader, q="typhoon")
    assert len(response.context["page"].object_list) == n
    # Named writers, the newest matches, the stories, their writers, the section and writer
    # choices, navigation.
    assert len(queries.captured_queries) == SEARCH_BUDGET - 2


def _search_form(html: str) -> str:
    """The search page's own form (the masthead has another)."""
    start = html.index('<form class="search-form"')
    return html[start : html.index("</form>", start)]


def test_every_field_of_the_form_has_a_label_naming_it(reader):
    form = _search_form(reader.get("/search/").content.decode())
    labels = dict(re.findall(r'<label for="([^"]+)">([^<]*)</label>', form))
    controls = re.findall(r'<(?:input|select)[^>]* id="([^"]+)"', form)
    assert list(labels.values()) == [
        "Search for",
        "Section",
        "Writer",
        "Tag",
        "From",
        "To",
        "Order",
    ]
    assert sorted(labels) == sorted(controls)


@pytest.mark.parametrize("params", [{}, {"q": "x", "tag": "nowhere", "date_from": "2024-13-45"}])
def test_every_description_a_field_points_to_is_on_the_page(reader, params):
    form = _search_form(reader.get("/search/", params).content.decode())
    described_by = re.findall(r'aria-describedby="([^"]+)"', form)
    assert described_by  # the tag's help text, at least
    for ids in described_by:
        for element_id in ids.split():
            assert f'id="{element_id}"' in form


@pytest.mark.parametrize("typed", ["2024-13-45", "yesterday", "2024-11-18T09:30"])
def test_a_malformed_date_is_an_error_and_not_written_back_into_the_date_input(reader, typed):
    form = _search_form(reader.get("/search/", {"q": "x", "date_from": typed}).content.decode())
    [date_input] = re.findall(r'<input type="date" name="date_from"[^>]*>', form)
    assert "value=" not in date_input  # HTML allows only a valid date there
    assert 'aria-describedby="id_date_from_error"' in date_input
    assert re.search(r'<strong class="field-error" id="id_date_from_error"[^>]*>Enter a', form)


def test_a_date_the_form_accepts_is_written_back_as_yyyy_mm_dd(reader):
    form = _search_form(reader.get("/search/", {"date_from": "11/18/2024"}).content.decode())
    assert 'value="2024-11-18"' in form


def test_the_two_search_forms_on_the_page_have_different_names(reader):
    page = Page(reader.get("/search/").content.decode())
    names = [form.get("aria-label") for form in page.find_all("form", role="search")]
    assert len(names) == 2 and all(names) and len(set(names)) == 2
