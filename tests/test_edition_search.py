"""Search per edition (issue 15): each edition searches its own live stories, with a text
configuration that suits its language (search/languages.py). English keeps its stemming;
Vietnamese is not stemmed, and accented and unaccented forms match both ways. Every test runs on
SQLite and on PostgreSQL."""

import importlib
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from editions import config
from search.languages import text_config
from search.query import parse
from tests.factories import HIDDEN_STATES, STATES, ArticleFactory, SectionFactory, WriterFactory

pytestmark = pytest.mark.django_db

SEARCH = {"en": "/search/", "vi": "/vi/search/"}


def _found(client, edition: str, **params) -> list[str]:
    response = client.get(SEARCH[edition], params)
    assert response.status_code == 200
    page = response.context["page"]
    return sorted(story.headline for story in page.object_list) if page else []


def _ago(**delta):
    return timezone.now() - timedelta(**delta)


def _vi(**fields):
    return ArticleFactory(live=True, edition="vi", **fields)


# --- Vietnamese: accents fold both ways, nothing is stemmed -------------------------------------


@pytest.mark.parametrize(
    ("stored", "typed"),
    [("Bão số 9 đổ bộ Đà Nẵng", "Da Nang"),  # unaccented finds accented
     ("Bão số 9 đổ bộ Đà Nẵng", "bao"),
     ("Bão số 9 đổ bộ Đà Nẵng", "Đà Nẵng"),
     ("Bão số 9 đổ bộ Đà Nẵng", "ĐÀ NẴNG"),
     ("Người dân Da Nang sơ tán", "Đà Nẵng"),  # accented finds unaccented
     ("Đường ven biển Đà Nẵng", "duong")],  # đ is d
)  # fmt: skip
def test_vietnamese_accented_and_unaccented_forms_both_match(reader, stored, typed):
    _vi(headline=stored)
    _vi(headline="Hà Nội mở tuyến metro mới")
    assert _found(reader, "vi", q=typed) == [stored]


def test_a_vietnamese_search_reads_the_lead_and_the_body_too(reader):
    _vi(headline="Một", lead="Cơn bão tiến gần bờ biển.")
    _vi(headline="Hai", body="<p>Người dân sơ tán khỏi vùng bão.</p>")
    assert _found(reader, "vi", q="bao") == ["Hai", "Một"]


@pytest.mark.parametrize(
    ("word", "headline"),
    [("Mỹ", "Mỹ công bố số liệu an toàn"), ("số", "Mỹ công bố số liệu an toàn"),
     ("an", "Mỹ công bố số liệu an toàn"), ("ít", "Hà Nội ít mưa do gió to"),
     ("do", "Hà Nội ít mưa do gió to"), ("to", "Hà Nội ít mưa do gió to")],
)  # fmt: skip
def test_vietnamese_words_that_are_english_stop_words_are_found(reader, word, headline):
    # Once accents are folded these are English stop words ("my", "so", "an", "it", "do",
    # "to"): the English configuration drops them from stories and queries, finding nothing.
    _vi(headline="Mỹ công bố số liệu an toàn")
    _vi(headline="Hà Nội ít mưa do gió to")
    _vi(headline="Đà Nẵng đón khách")
    assert _found(reader, "vi", q=word) == [headline]


def test_a_vietnamese_word_does_not_match_the_start_of_a_longer_one(reader):
    # "Trần" is a whole syllable: it must not find "Trang" (the English prefix rule would).
    _vi(headline="Ông Trần phát biểu")
    _vi(headline="Thu Trang ra mắt sách")
    assert _found(reader, "vi", q="Trần") == ["Ông Trần phát biểu"]
    assert _found(reader, "vi", q="tran") == ["Ông Trần phát biểu"]


def test_a_vietnamese_phrase_matches_the_words_together(reader):
    _vi(headline="Đà Nẵng đón khách")
    _vi(headline="Nẵng gió, Đà mưa")
    assert _found(reader, "vi", q='"Da Nang"') == ["Đà Nẵng đón khách"]


def _ranked(client, edition: str, **params) -> list[str]:
    page = client.get(SEARCH[edition], params).context["page"]
    return [story.headline for story in page.object_list]


def test_a_word_typed_with_its_accents_ranks_the_stories_that_have_it_so_first(reader):
    # "bão" (storm) and "báo" (newspaper, to report) are both "bao" once folded: both match,
    # the storm first when the reader typed "bão", though the other is newer.
    _vi(headline="Bão số 9 vào bờ", publish_at=_ago(hours=3))
    _vi(headline="Báo chí đưa tin về lũ", publish_at=_ago(hours=2))
    _vi(headline="Thông báo nghỉ học", publish_at=_ago(hours=1))
    assert _ranked(reader, "vi", q="bão") == [
        "Bão số 9 vào bờ", "Thông báo nghỉ học", "Báo chí đưa tin về lũ"
    ]  # fmt: skip
    assert _ranked(reader, "vi", q="báo") == [
        "Thông báo nghỉ học", "Báo chí đưa tin về lũ", "Bão số 9 vào bờ"
    ]  # fmt: skip
    # Unaccented, or newest first: no form is preferred.
    newest = ["Thông báo nghỉ học", "Báo chí đưa tin về lũ", "Bão số 9 vào bờ"]
    assert _ranked(reader, "vi", q="bao") == newest
    assert _ranked(reader, "vi", q="bão", sort="newest") == newest


def test_the_accented_form_counts_in_a_phrase(reader):
    _vi(headline="Tin Đà Nẵng", publish_at=_ago(hours=2))
    _vi(headline="Tin Da Nang", publish_at=_ago(hours=1))
    assert _ranked(reader, "vi", q='"Đà Nẵng"') == ["Tin Đà Nẵng", "Tin Da Nang"]
    assert _ranked(reader, "vi", q='"Da Nang"') == ["Tin Da Nang", "Tin Đà Nẵng"]


def test_the_accented_form_counts_when_the_words_also_name_a_writer(reader):
    # "Hà" names the writer Thanh Hà: their stories join the text's matches (a second query).
    _vi(headline="Tin mới", publish_at=_ago(hours=3), writers=[WriterFactory(name="Thanh Hà")])
    _vi(headline="Hà Nội mưa lớn", publish_at=_ago(hours=2))
    _vi(headline="Vịnh Ha Long đón khách", publish_at=_ago(hours=1))
    ranked = _ranked(reader, "vi", q="Hà")
    assert sorted(ranked) == ["Hà Nội mưa lớn", "Tin mới", "Vịnh Ha Long đón khách"]
    assert ranked[0] == "Hà Nội mưa lớn"


def test_accents_cost_no_query_more(reader, settings):
    settings.NEWSROOM_PAGE_CACHE = False
    _vi(headline="Bão số 9 vào bờ")
    _vi(headline="Thông báo nghỉ học")
    counts = []
    for q in ("bao", "bão"):
        with CaptureQueriesContext(connection) as queries:
            assert reader.get("/vi/search/", {"q": q}).status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1]


# --- English keeps its stemming ------------------------------------------------------------------


def test_english_still_stems(reader):
    ArticleFactory(live=True, headline="Missiles strike the port")
    ArticleFactory(live=True, headline="Rice exports rise")
    assert _found(reader, "en", q="missile") == ["Missiles strike the port"]


def test_english_still_folds_accents(reader):
    ArticleFactory(live=True, headline="Đà Nẵng widens its ring road")
    assert _found(reader, "en", q="Da Nang") == ["Đà Nẵng widens its ring road"]


# --- Each edition finds its own stories only ------------------------------------------------------


def test_an_english_search_does_not_find_a_vietnamese_story(reader):
    ArticleFactory(live=True, headline="Typhoon Yagi hits Da Nang")
    _vi(headline="Bão Yagi đổ bộ Đà Nẵng")
    assert _found(reader, "en", q="Yagi") == ["Typhoon Yagi hits Da Nang"]
    assert _found(reader, "en", q="Da Nang") == ["Typhoon Yagi hits Da Nang"]


def test_a_vietnamese_search_does_not_find_an_english_story(reader):
    ArticleFactory(live=True, headline="Typhoon Yagi hits Da Nang")
    _vi(headline="Bão Yagi đổ bộ Đà Nẵng")
    assert _found(reader, "vi", q="Yagi") == ["Bão Yagi đổ bộ Đà Nẵng"]
    assert _found(reader, "vi", q="Da Nang") == ["Bão Yagi đổ bộ Đà Nẵng"]


def test_a_search_without_words_lists_the_editions_own_stories(reader):
    section = SectionFactory(slug="world")
    ArticleFactory(live=True, headline="English story", section=section)
    _vi(headline="Bài tiếng Việt", section=section)
    assert _found(reader, "en", section="world") == ["English story"]
    assert _found(reader, "vi", section="world") == ["Bài tiếng Việt"]


def test_a_writers_name_finds_their_stories_in_the_edition_only(reader):
    # Writers are shared: a translator's name finds their stories of the edition searched.
    writer = WriterFactory(name="Nguyễn Văn Quân")
    ArticleFactory(live=True, headline="The translation", writers=[writer])
    _vi(headline="Bản gốc", writers=[writer])
    assert _found(reader, "en", q="Nguyen Van Quan") == ["The translation"]
    assert _found(reader, "vi", q="Nguyễn Văn Quân") == ["Bản gốc"]


@pytest.mark.parametrize("criterion", ["section", "writer", "tag"])
def test_the_filters_keep_to_the_edition(reader, criterion):
    section = SectionFactory(slug="world")
    writer = WriterFactory(name="Thanh Hà", slug="thanh-ha")
    both = {"section": section, "writers": [writer], "tags": ["bao"]}
    ArticleFactory(live=True, headline="Storm over the coast", **both)
    _vi(headline="Bão vào bờ biển", **both)
    ArticleFactory(live=True, headline="Storm elsewhere")
    _vi(headline="Bão nơi khác")
    value = {"section": "world", "writer": "thanh-ha", "tag": "bao"}[criterion]
    assert _found(reader, "en", **{criterion: value}) == ["Storm over the coast"]
    assert _found(reader, "vi", **{criterion: value}) == ["Bão vào bờ biển"]
    assert _found(reader, "vi", q="bao", **{criterion: value}) == ["Bão vào bờ biển"]


@pytest.mark.parametrize("state", HIDDEN_STATES)
def test_a_vietnamese_story_that_is_not_live_is_never_found(reader, state):
    ArticleFactory(edition="vi", headline="Bão số 9 đổ bộ Đà Nẵng", **STATES[state])
    assert _found(reader, "vi", q="Da Nang") == []
    assert _found(reader, "vi", q="bão") == []
    assert _found(reader, "en", q="Da Nang") == []


def test_a_draft_translation_of_a_live_story_is_not_found(reader):
    source = _vi(headline="Bão Yagi đổ bộ Đà Nẵng")
    ArticleFactory(edition="en", headline="Typhoon Yagi hits Da Nang", translation_of=source)
    assert _found(reader, "en", q="Yagi") == []
    assert _found(reader, "vi", q="Yagi") == ["Bão Yagi đổ bộ Đà Nẵng"]


def test_the_vietnamese_search_page_costs_what_the_english_one_does(reader, settings):
    settings.NEWSROOM_PAGE_CACHE = False  # the budget counts rendering (test_query_counts.py)
    for n in range(3):
        ArticleFactory(live=True, headline=f"Storm {n}", tags=["bao"])
        _vi(headline=f"Bão {n}", tags=["bao"])
    counts = {}
    for edition, q in (("en", "storm"), ("vi", "bão")):
        with CaptureQueriesContext(connection) as queries:
            assert reader.get(SEARCH[edition], {"q": q, "tag": "bao"}).status_code == 200
        counts[edition] = len(queries)
    assert counts["vi"] == counts["en"]


# --- The stored index follows the edition's configuration -----------------------------------------


def test_every_editions_stories_are_indexed_with_its_configuration():
    """The table in search/languages.py and the generated column of search/migrations/0004
    say the same: each edition's stored vector is the one its configuration computes."""
    if connection.vendor != "postgresql":
        pytest.skip("SQLite's index is the same for every edition (folded words, no stemming)")
    for edition in config.all_editions():
        story = ArticleFactory(edition=edition.code, headline="Missiles hit an tại Tây")
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT search_vector = ("
                " setweight(to_tsvector(%s::regconfig, newsroom_unaccent(headline)), 'A')"
                " || setweight(to_tsvector(%s::regconfig, newsroom_unaccent(lead)), 'B')"
                " || setweight(to_tsvector(%s::regconfig, newsroom_unaccent(body)), 'C'))"
                " FROM articles_article WHERE id = %s",
                [text_config(edition.code).postgresql] * 3 + [story.pk],
            )
            assert cursor.fetchone()[0] is True, edition.code


def test_the_languages_configurations():
    assert text_config("en").postgresql == "english" and text_config("en").prefixes
    assert text_config("en-GB") == text_config("en")
    assert text_config("vi").postgresql == "simple" and not text_config("vi").prefixes
    assert text_config("fr") == text_config("vi")  # no configuration of its own: unstemmed


def test_the_migration_indexes_existing_stories_again_in_their_editions_configuration():
    """search/migrations/0004 recreates the column: the stories already there get vectors in
    their edition's configuration (run here backward, then forward, inside the test's
    transaction), and the index keeps `fastupdate` off (0002)."""
    if connection.vendor != "postgresql":
        pytest.skip("the search vector is PostgreSQL's")
    migration = importlib.import_module("search.migrations.0004_search_vector_per_edition")
    story = _vi(headline="Mỹ công bố số liệu")

    def lexemes() -> set[str]:
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT array_to_string(tsvector_to_array(search_vector), ' ')"
                " FROM articles_article WHERE id = %s",
                [story.pk],
            )
            return set(cursor.fetchone()[0].split())

    with connection.cursor() as cursor:
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")  # no deferred checks pending on the table
        for statement in migration._statements(migration.ENGLISH):  # as before 0004
            cursor.execute(statement)
        assert "my" not in lexemes() and "so" not in lexemes()  # English stop words
        for statement in migration._statements(migration.PER_EDITION):
            cursor.execute(statement)
        assert {"my", "so", "cong", "bo", "lieu"} <= lexemes()
        cursor.execute(
            "SELECT reloptions FROM pg_class WHERE relname = 'article_search_vector_idx'"
        )
        assert cursor.fetchone()[0] == ["fastupdate=off"]


def test_the_parser_keeps_the_words_typed_with_accents():
    parsed = parse('Bão -lũ "Đà Nẵng" Missile ĐÀ')
    assert parsed.required == ("bao", "da nang", "missile", "da")
    assert parsed.accented == ("bão", "đà nẵng", "đà")


def test_the_section_filter_names_sections_in_the_edition(reader):
    SectionFactory(name="World", slug="world", names={"vi": "Thế giới"})
    english = reader.get("/search/").content.decode()
    vietnamese = reader.get("/vi/search/").content.decode()
    assert '<option value="world">World</option>' in english
    assert '<option value="world">Thế giới</option>' in vietnamese
    assert '<option value="world">Thế giới</option>' in reader.get(
        "/vi/search/", {"section": "world"}
    ).content.decode().replace(" selected", "")
