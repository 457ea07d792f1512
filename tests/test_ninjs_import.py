"""`manage.py import_ninjs`: agency copy in as drafts, idempotent by uri, whole files or nothing."""

import json
import shutil
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from articles.models import Article
from ninjs.models import ImportedItem
from ninjs.validation import SCHEMA_DIR
from tests.factories import SectionFactory
from writers.models import Writer

pytestmark = pytest.mark.django_db

DPA = SCHEMA_DIR / "example-dpa_text.json"
NTB = SCHEMA_DIR / "example-ntb_text.json"


@pytest.fixture
def world():
    return SectionFactory(name="World", slug="world")


@pytest.fixture
def examples(tmp_path) -> Path:
    folder = tmp_path / "wire"
    folder.mkdir()
    for example in (DPA, NTB):
        shutil.copy(example, folder / example.name)
    return folder


def _import(path, *args) -> str:
    """The shipped examples are in German and Norwegian, no edition's language: they come in
    for translating in the English edition (tests/test_edition_ninjs.py: without --edition)."""
    out = StringIO()
    call_command("import_ninjs", str(path), *args, "--edition", "en", stdout=out)
    return out.getvalue()


def _write(folder: Path, name: str, content) -> Path:
    path = folder / name
    text = content if isinstance(content, str) else json.dumps(content)
    path.write_text(text, encoding="utf-8")
    return path


def _counts():
    return Article.objects.count(), Writer.objects.count(), ImportedItem.objects.count()


def test_the_two_shipped_examples_become_two_drafts(world, examples):
    output = _import(examples)
    assert "2 file(s): 2 created." in output
    dpa = ImportedItem.objects.get(uri="urn:newsml:dpa.com:20090101:190510-99-167362").article
    ntb = ImportedItem.objects.get(uri="urn:8d19cf88-b3ab-4972-8fec-1207599f2872").article
    assert dpa.status == ntb.status == Article.Status.DRAFT
    assert dpa.headline == "Faktencheck Derby-Elfmeter: Hat Schiedsrichter Zwayer recht?"
    assert dpa.body.startswith("<p>Für Lucien Favre")  # the <section> wrapper is unwrapped
    assert dpa.lead.startswith("Für Lucien Favre")  # no description: the start of the body
    assert [w.name for w in dpa.writers.all()] == ["Christian Hollmann, dpa"]
    assert ntb.headline == "Google har kjøpt giganttomt i Skien"
    assert ntb.lead.startswith("IT-giganten Google har kjøpt en tomt")
    assert ntb.dateline == "Telemark"
    assert [w.name for w in ntb.writers.all()] == ["NTB"]
    assert sorted(ntb.tags.names()) == ["Industri", "Innenriks", "Olje og energi", "Teknologi"]
    assert dpa.section == ntb.section == world


def test_the_report_says_what_happened_and_warns(world):
    output = _import(DPA)
    assert "example-dpa_text.json: created: new draft #" in output
    assert "warning: no description" in output
    assert "warning: written in de" in output
    assert "<section>" in output  # dropped markup is named


def test_a_subject_that_names_a_section_files_the_story_there(world, tmp_path):
    business = SectionFactory(name="Business", slug="business")
    document = json.loads(NTB.read_text()) | {"subjects": [{"name": "Business"}]}
    _import(_write(tmp_path, "item.json", document))
    assert Article.objects.get().section == business


def test_an_imported_draft_is_not_on_the_site_until_an_editor_publishes_it(world, reader):
    _import(NTB)
    story = Article.objects.get()
    assert reader.get("/api/ninjs/articles/").json()["items"] == []
    story.status, story.publish_at = Article.Status.PUBLISHED, timezone.now()
    story.save()
    assert reader.get(story.get_absolute_url()).status_code == 200
    assert len(reader.get("/api/ninjs/articles/").json()["items"]) == 1


def test_importing_again_duplicates_nothing(world, examples):
    _import(examples)
    before = _counts()
    output = _import(examples)
    assert "2 file(s): 2 skipped." in output and "unchanged" in output
    assert _counts() == before


def test_a_new_version_updates_the_draft(world, tmp_path):
    _import(NTB)
    story = Article.objects.get()
    newer = json.loads(NTB.read_text()) | {
        "version": "7", "headlines": [{"role": "main", "value": "Google kjøper mer"}]
    }  # fmt: skip
    output = _import(_write(tmp_path, "newer.json", newer))
    assert "updated: draft #" in output
    story.refresh_from_db()
    assert story.headline == "Google kjøper mer"
    assert _counts() == (1, 1, 1)
    assert ImportedItem.objects.get().version == "7"


def test_a_story_an_editor_published_is_never_overwritten(world, tmp_path):
    _import(NTB)
    story = Article.objects.get()
    story.status, story.publish_at, story.headline = "published", timezone.now(), "Edited"
    story.save()
    newer = json.loads(NTB.read_text()) | {"version": "7"}
    output = _import(_write(tmp_path, "newer.json", newer))
    assert "skipped: story #" in output and "not applied" in output
    story.refresh_from_db()
    assert story.headline == "Edited"


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ('{"uri": "urn:x", "headlines": [', "invalid JSON at line 1"),
        ({"headlines": [{"value": "No uri"}]}, "not valid ninjs 2.1: (top level): 'uri' is"),
        ({"uri": "urn:x", "urgency": "high"}, "not valid ninjs 2.1: urgency"),
        ({"uri": "urn:x", "bodies": [{"value": "<p>No headline</p>"}]}, "no headline"),
        (
            {"uri": "urn:x", "headlines": [{"value": "H"}],
             "bodies": [{"contenttype": "text/html", "value": "<p>Hi</p><script>x()</script>"}]},
            "unsafe body HTML: a <script> element",
        ),
        (
            {"uri": "urn:x", "headlines": [{"value": "H"}],
             "bodies": [{"contenttype": "text/html", "value": '<p onclick="steal()">Hi</p>'}]},
            "unsafe body HTML: an event handler (onclick) on <p>",
        ),
        (
            {"uri": "urn:x", "headlines": [{"value": "H"}],
             "bodies": [{"contenttype": "text/html", "value": '<a href=" javascript:x()">Hi</a>'}]},
            "unsafe body HTML: a javascript: address",
        ),
    ],
)  # fmt: skip
def test_a_broken_file_is_refused_with_a_clear_message_and_saves_nothing(
    world, tmp_path, content, message
):
    path = _write(tmp_path, "broken.json", content)
    out = StringIO()
    with pytest.raises(CommandError, match="1 file\\(s\\) refused"):
        call_command("import_ninjs", str(path), stdout=out)
    assert f"broken.json: refused: {message}" in out.getvalue()
    assert _counts() == (0, 0, 0)


def test_in_a_folder_good_files_import_and_broken_ones_do_not(world, examples):
    _write(examples, "zz-broken.json", "{not json")
    out = StringIO()
    with pytest.raises(CommandError):
        call_command("import_ninjs", str(examples), "--edition", "en", stdout=out)
    assert "3 file(s): 2 created, 1 refused." in out.getvalue()
    assert Article.objects.count() == 2


def test_a_failure_while_saving_rolls_the_whole_file_back(world, monkeypatch):
    import ninjs.importer

    def fail(*args, **kwargs):
        raise ninjs.importer.Refused("tags could not be saved")

    monkeypatch.setattr(ninjs.importer, "_set_byline", fail)
    with pytest.raises(CommandError):
        _import(NTB)
    assert _counts() == (0, 0, 0)


def test_without_a_section_to_file_in_the_import_is_refused(tmp_path):
    out = StringIO()
    with pytest.raises(CommandError):
        call_command("import_ninjs", str(NTB), "--edition", "en", stdout=out)
    assert "no section to file it in" in out.getvalue()
    assert _counts() == (0, 0, 0)


def test_the_default_section_can_be_chosen(tmp_path):
    culture = SectionFactory(slug="culture")
    _import(NTB, "--section", "culture")
    assert Article.objects.get().section == culture


def test_a_missing_path_or_an_empty_folder_is_an_error(tmp_path):
    with pytest.raises(CommandError, match="does not exist"):
        _import(tmp_path / "nope.json")
    with pytest.raises(CommandError, match="No .json files"):
        _import(tmp_path)


def test_the_agency_writer_is_reused_across_imports(world, tmp_path):
    other = json.loads(NTB.read_text()) | {"uri": "urn:other"}
    _import(NTB)
    _import(_write(tmp_path, "other.json", other))
    assert Writer.objects.filter(name="NTB").count() == 1
    assert Article.objects.count() == 2


def test_several_files_can_be_named_at_once(world):
    assert "2 file(s): 2 created." in _import(DPA, NTB)
