"""ninjs per edition (issue 15): an item's `language` is its story's edition, the list can keep
to one edition, and `import_ninjs` puts an item in the edition of its language or refuses it."""

import json
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from articles.models import Article
from ninjs.models import ImportedItem
from ninjs.validation import SCHEMA_DIR, schema_errors
from tests.factories import ArticleFactory, SectionFactory, WriterFactory

pytestmark = pytest.mark.django_db

BASE = "http://testserver"
LIST = "/api/ninjs/articles/"
NTB = SCHEMA_DIR / "example-ntb_text.json"


@pytest.fixture
def both():
    shared = {
        "section": SectionFactory(name="World", slug="world"),
        "writers": [WriterFactory(name="Thanh Hà", slug="thanh-ha")],
        "tags": ["bao"],
    }
    return {
        "en": ArticleFactory(live=True, headline="Typhoon Yagi hits Da Nang", **shared),
        "vi": ArticleFactory(live=True, edition="vi", headline="Bão Yagi đổ bộ Đà Nẵng", **shared),
    }


# --- Out: the API --------------------------------------------------------------------------------


def test_an_items_language_is_its_storys_edition(reader, both):
    for edition, story in both.items():
        item = reader.get(f"{LIST}{story.pk}/").json()
        assert schema_errors(item) == []
        assert item["language"] == edition


def test_an_item_links_its_editions_pages(reader, both):
    item = reader.get(f"{LIST}{both['vi'].pk}/").json()
    assert item["renditions"][0]["href"] == f"{BASE}{both['vi'].get_absolute_url()}"
    assert [s["uri"] for s in item["subjects"]] == [f"{BASE}/vi/world/", f"{BASE}/vi/tags/bao/"]
    assert item["people"][0]["uri"] == f"{BASE}/vi/writers/thanh-ha/"
    english = reader.get(f"{LIST}{both['en'].pk}/").json()
    assert [s["uri"] for s in english["subjects"]] == [f"{BASE}/world/", f"{BASE}/tags/bao/"]


def test_the_list_holds_every_edition_or_the_one_asked_for(reader, both):
    def languages(params):
        response = reader.get(LIST, params)
        assert response.status_code == 200
        return sorted(item["language"] for item in response.json()["items"])

    assert languages({}) == ["en", "vi"]
    assert languages({"language": "vi"}) == ["vi"]
    assert languages({"language": "en"}) == ["en"]


def test_the_next_page_keeps_the_language(reader, both):
    ArticleFactory(live=True, edition="vi", headline="Tin thứ hai")
    first = reader.get(LIST, {"language": "vi", "limit": 1}).json()
    assert first["items"][0]["language"] == "vi" and "language=vi" in first["next"]
    second = reader.get(first["next"].removeprefix(BASE)).json()
    assert [item["language"] for item in second["items"]] == ["vi"]
    assert second["next"] is None


def test_a_language_that_is_no_editions_is_a_400(reader):
    response = reader.get(LIST, {"language": "de"})
    assert response.status_code == 400
    assert response.json()["error"] == "`language` must be an edition's language: one of en, vi."


def test_a_draft_vietnamese_story_is_not_served(reader, both):
    draft = ArticleFactory(edition="vi", headline="Bản nháp", translation_of=both["en"])
    assert reader.get(f"{LIST}{draft.pk}/").status_code == 404
    headlines = [item["headlines"][0]["value"] for item in reader.get(LIST).json()["items"]]
    assert "Bản nháp" not in headlines


# --- In: import_ninjs ----------------------------------------------------------------------------


def _item(tmp_path: Path, name: str, **fields) -> Path:
    document = json.loads(NTB.read_text()) | {"uri": f"urn:test:{name}"} | fields
    document = {key: value for key, value in document.items() if value is not None}
    path = tmp_path / f"{name}.json"
    path.write_text(json.dumps(document), encoding="utf-8")
    return path


def _import(*paths, args=()) -> str:
    out = StringIO()
    call_command("import_ninjs", *map(str, paths), *args, stdout=out)
    return out.getvalue()


@pytest.fixture
def world():
    return SectionFactory(name="World", slug="world")


@pytest.mark.parametrize(
    ("language", "edition"),
    [("vi", "vi"), ("vi-VN", "vi"), ("VI", "vi"), ("en", "en"), ("en-GB", "en"), (None, "en")],
)
def test_an_item_goes_to_the_edition_of_its_language(world, tmp_path, language, edition):
    output = _import(_item(tmp_path, "item", language=language))
    assert "1 file(s): 1 created." in output
    story = ImportedItem.objects.get(uri="urn:test:item").article
    assert story.edition == edition and story.status == Article.Status.DRAFT
    assert "needs translating" not in output


def test_an_item_in_no_editions_language_is_refused_and_the_others_are_not(world, tmp_path):
    german = _item(tmp_path, "german", language="de")
    vietnamese = _item(tmp_path, "vietnamese", language="vi")
    out = StringIO()
    with pytest.raises(CommandError, match="1 file\\(s\\) refused"):
        call_command("import_ninjs", str(german), str(vietnamese), stdout=out)
    output = out.getvalue()
    assert (
        "german.json: refused: written in de, which is the language of no edition "
        "(editions: en (English), vi (Tiếng Việt)); to import it for translating, name its "
        "edition with --edition"
    ) in output
    assert "2 file(s): 1 created, 1 refused." in output
    assert [story.edition for story in Article.objects.all()] == ["vi"]
    assert not ImportedItem.objects.filter(uri="urn:test:german").exists()


def test_an_item_in_another_language_can_be_imported_into_a_named_edition(world, tmp_path):
    output = _import(
        _item(tmp_path, "german", language="de"),
        _item(tmp_path, "vietnamese", language="vi"),
        args=["--edition", "en"],
    )
    assert "2 file(s): 2 created." in output
    assert "warning: written in de: needs translating before publishing" in output
    german = ImportedItem.objects.get(uri="urn:test:german").article
    vietnamese = ImportedItem.objects.get(uri="urn:test:vietnamese").article
    # --edition is for languages that are no edition's: a Vietnamese item stays Vietnamese.
    assert (german.edition, vietnamese.edition) == ("en", "vi")


def test_an_unknown_edition_is_an_error(world):
    with pytest.raises(CommandError, match="invalid choice: 'de'"):
        _import(NTB, args=["--edition", "de"])


def test_an_imported_vietnamese_draft_is_on_no_surface_until_published(world, tmp_path, reader):
    _import(_item(tmp_path, "item", language="vi", headlines=[{"value": "Bão Yagi"}]))
    story = Article.objects.get()
    assert reader.get("/vi/search/", {"q": "bao yagi"}).context["page"].object_list == []
    assert reader.get("/api/ninjs/articles/", {"language": "vi"}).json()["items"] == []
    assert "Bão Yagi" not in reader.get("/vi/feeds/rss/").content.decode()
    story.status, story.publish_at = Article.Status.PUBLISHED, story.created_at
    story.save()
    assert [c.headline for c in reader.get("/vi/search/", {"q": "bao yagi"}).context["page"]] == [
        "Bão Yagi"
    ]
    assert "Bão Yagi" in reader.get("/vi/feeds/rss/").content.decode()


def test_an_items_section_is_named_in_its_edition(reader, both):
    section = both["vi"].section
    section.names = {"vi": "Thế giới"}
    section.save()
    vietnamese = reader.get(f"{LIST}{both['vi'].pk}/").json()
    english = reader.get(f"{LIST}{both['en'].pk}/").json()
    assert vietnamese["subjects"][0]["name"] == "Thế giới"
    assert english["subjects"][0]["name"] == "World"


def test_a_subject_naming_a_section_in_another_edition_files_the_story_there(world, tmp_path):
    SectionFactory(name="Business", slug="business", names={"vi": "Kinh doanh"})
    _import(_item(tmp_path, "item", language="vi", subjects=[{"name": "Kinh doanh"}]))
    story = Article.objects.get()
    assert (story.section.slug, story.edition) == ("business", "vi")
    assert story.tags.count() == 0  # the subject named the section: it is not a tag too
