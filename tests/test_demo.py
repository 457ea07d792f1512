"""The demo newspaper: the reference page reads as the original, and every list paginates."""

import re

import pytest
from django.contrib.auth.models import User
from django.core.management import call_command
from django.db.models import Count
from markupsafe import escape

from articles.models import Article
from demo import content, content_vi
from demo.images import PALETTES
from demo.seed import DEMO_ACCOUNTS, seed
from sections.models import Section
from tags.models import Tag
from tests.html import Page
from writers.models import Writer

pytestmark = pytest.mark.django_db


def _counts():
    return [m.objects.count() for m in (Article, Section, Writer, Tag, User)]


def test_seeding_twice_adds_nothing_the_second_time():
    first = seed(generated=40, with_accounts=True)
    counts = _counts()
    second = seed(generated=40, with_accounts=True)
    # The reference page's nine stories and 40 more in English; in Vietnamese, their nine
    # originals and 26 more (content_vi.GENERATED for 300 English ones).
    assert first.created["stories"] == 49 + 26
    assert first.created["Vietnamese originals"] == 9
    assert Article.objects.filter(edition="en").count() == 49
    assert Article.objects.filter(edition="vi").count() == 9 + 26
    assert _counts() == counts
    assert second.created == {}


def test_command_prints_the_local_logins(capsys):
    call_command("seed_demo", "--stories", "5", "--with-accounts")
    out = capsys.readouterr().out
    for username, spec in DEMO_ACCOUNTS.items():
        assert f"{username} / {spec['password']}" in out


def test_command_creates_no_logins_unless_asked():
    call_command("seed_demo", "--stories", "5")
    assert not User.objects.exists()


def test_demo_logins_reach_the_admin(client):
    """Through the admin's login form, password only: two-factor is off by default."""
    seed(generated=5, with_accounts=True)
    for username, spec in DEMO_ACCOUNTS.items():
        client.logout()
        form = {"username": username, "password": spec["password"]}
        response = client.post("/admin/login/?next=/admin/", form)
        assert response.status_code == 302, response.content.decode()
        # The journalist lands on their own stories (?mine=1).
        assert client.get("/admin/articles/article/", follow=True).status_code == 200
    assert Writer.objects.get(name="Thanh Hà").user.username == "journalist"


def test_reference_story_reads_as_on_the_reference_page(reader):
    seed(generated=20)
    reference = content.REFERENCE_STORY
    story = Article.objects.get(headline=reference["headline"])
    html = reader.get(story.get_absolute_url()).content.decode()
    page = Page(html)
    assert page.texts["h1"] == [reference["headline"]]
    assert '<a href="/writers/thanh-ha/" rel="author">Thanh Hà</a>' in html
    assert reference["lead"] in html
    for paragraph in reference["body"]:
        assert f"<p>{paragraph}</p>" in html  # the body is stored sanitised and output as is
    related = html[html.index("Related news") :]
    # markupsafe's escaping, as the pages use (Jinja2): "Trump&#39;s".
    positions = [related.index(escape(s["headline"])) for s in content.RELATED_STORIES]
    assert positions == sorted(positions), "related news not in the reference page's order"
    for spec in content.RELATED_STORIES:
        assert escape(spec["lead"]) in related
        if spec["dateline"]:
            assert f'<span class="dateline">{spec["dateline"]}</span>' in related


def test_every_list_paginates(reader):
    seed()

    def second_page_of(url):
        html = reader.get(url).content.decode()
        link = re.search(r'rel="next" href="([^"]+)"', html)
        assert link, f"{url} has no next page"
        return reader.get(url + link[1].replace("&amp;", "&")).status_code

    for section in Section.objects.all():
        assert second_page_of(section.get_absolute_url()) == 200, section
        assert second_page_of(f"/vi{section.get_absolute_url()}") == 200, section
    assert second_page_of("/writers/thanh-ha/") == 200
    assert second_page_of("/vi/writers/thanh-ha/") == 200
    for edition in ("en", "vi"):
        tags = Tag.objects.filter(tagged_articles__content_object__edition=edition)
        busiest = tags.annotate(n=Count("tagged_articles")).order_by("-n").first()
        prefix = "/vi" if edition == "vi" else ""
        assert second_page_of(f"{prefix}{busiest.get_absolute_url()}") == 200, busiest


def test_the_reference_story_reads_in_both_editions_linked(reader):
    seed(generated=20)
    english = Article.objects.get(headline=content.REFERENCE_STORY["headline"])
    words = content_vi.ORIGINALS[english.headline]
    original = english.translation_of
    assert original.edition == "vi" and original.headline == words["headline"]
    assert english.edition == "en" and english.source_synced_at == english.publish_at
    page = Page(reader.get(original.get_absolute_url()).content.decode())
    assert original.get_absolute_url().startswith("/vi/world/")
    assert page.texts["h1"] == [words["headline"]]
    # The reporter on both; the translator on the translation only.
    assert set(original.writers.values_list("name", flat=True)) == {"Thanh Hà"}
    assert set(english.writers.values_list("name", flat=True)) == {"Thanh Hà", "Đỗ Minh Quân"}
    # Every reference story has its original, related to each other in the same order.
    translations = Article.objects.filter(edition="en", translation_of__isnull=False)
    assert translations.count() == len(content.reference_specs())
    picks = original.related_links.order_by("position").values_list("related__headline", flat=True)
    assert list(picks) == [content_vi.ORIGINALS[s["headline"]]["headline"]
                           for s in content.RELATED_STORIES]  # fmt: skip


def test_two_demo_translations_are_out_of_date_with_their_originals():
    seed(generated=5)
    marked = Article.objects.source_changed().values_list("headline", flat=True)
    assert set(marked) == {
        content_vi.SOURCE_UPDATE["translation"],
        content_vi.SOURCE_CORRECTION["translation"],
    }
    seed(generated=5)  # a second run changes nothing more
    assert Article.objects.source_changed().count() == 2


def test_demo_has_stories_in_every_state_and_shows_only_live_ones(reader):
    seed()
    hidden = [s for s in Article.objects.all() if not s.is_live()]
    assert {s.status for s in hidden} >= {"draft", "in_review", "published", "withdrawn"}
    home = reader.get("/").content.decode()
    for story in hidden:
        assert reader.get(story.get_absolute_url()).status_code == 404
        assert story.headline not in home


def test_demo_pictures_are_library_images_with_renditions(reader):
    from images.models import Image

    seed(generated=20)
    images = list(Image.objects.all())
    assert len(images) == len(PALETTES) + len(content.WRITERS)  # illustrations, portraits
    assert all(image.has_renditions and image.has_alt_text for image in images)
    assert all(writer.photo_id for writer in Writer.objects.all())
    home = reader.get("/").content.decode()
    assert '<source type="image/webp" srcset="/media/renditions/' in home
    seed(generated=20)
    assert Image.objects.count() == len(images)


def test_command_can_migrate_first_in_the_same_process(capsys):
    call_command("seed_demo", "--stories", "3", "--migrate")
    out = capsys.readouterr().out
    assert "No migrations to apply." in out
    assert "Demo content: created" in out


# `make run` a second time with nothing changed: no collectstatic (the slow part of a start) and
# no migrating or loading of the demo; with a static file, a folder of them, the settings or the
# packages changed: collectstatic again; with a migration or the demo changed, a new database or
# another one (DATABASE_URL): migrate and load the demo again.
def _make_run_plan(tmp_path, *changed, **environment):
    import os
    import subprocess
    from pathlib import Path

    root = Path(__file__).resolve().parent.parent
    args = ["make", "-n", "-C", str(root), "run"]
    args += [f"COLLECTED_STATIC={tmp_path / 'staticfiles.json'}"]
    args += [f"DEMO_STAMP={tmp_path / 'demo-seeded'}", f"LOCAL_DB={tmp_path / 'db.sqlite3'}"]
    args += ["--assume-old=.venv/.run-deps", "--assume-old=var/secret_key"]
    args += [f"--what-if={path}" for path in changed]
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"} | environment
    return subprocess.run(args, capture_output=True, text=True, check=True, env=env).stdout


needs_make = pytest.mark.skipif(not __import__("shutil").which("make"), reason="needs make")


@needs_make
def test_second_make_run_collects_no_static_files_unless_one_changed(tmp_path):
    assert "collectstatic" in _make_run_plan(tmp_path)  # first run: nothing collected yet
    (tmp_path / "staticfiles.json").touch()  # newer than every source
    plan = _make_run_plan(tmp_path)
    assert "collectstatic" not in plan and "runserver --skip-checks" in plan
    for changed in ("static/css/site.css", "accounts/static", "newsroom/settings.py"):
        assert "collectstatic" in _make_run_plan(tmp_path, changed), changed


@needs_make
def test_second_make_run_migrates_and_loads_the_demo_only_when_something_changed(tmp_path):
    (tmp_path / "staticfiles.json").touch()
    assert "seed_demo --migrate" in _make_run_plan(tmp_path)  # first run: no database
    (tmp_path / "db.sqlite3").touch()
    (tmp_path / "demo-seeded").touch()  # newer than every migration and the demo's code
    plan = _make_run_plan(tmp_path)
    assert "seed_demo" not in plan and "runserver --skip-checks" in plan
    for changed in ("articles/migrations/0001_initial.py", "demo/content.py", ".venv/.run-deps"):
        assert "seed_demo --migrate" in _make_run_plan(tmp_path, changed), changed
    other = _make_run_plan(tmp_path, DATABASE_URL="postgres://postgres@127.0.0.1:5432/newsroom")
    assert "seed_demo --migrate" in other
    (tmp_path / "db.sqlite3").unlink()  # the database removed: a new one
    assert "seed_demo --migrate" in _make_run_plan(tmp_path)


def test_the_demo_front_page_has_the_editors_arrangement(reader, settings):
    settings.NEWSROOM_PAGE_CACHE = False
    seed(generated=20)
    page = reader.get("/").context["page"]
    assert page.lead.headline == "High waves flood into Nha Trang coast"
    assert [story.headline for story in page.top[:2]] == [
        "Excitedly receiving support to rebuild roofs after being torn apart by floods",
        "Russia launched 120 missiles and 90 UAVs into Ukraine",
    ]


def test_the_demo_storm_story_is_live_coverage_with_a_scheduled_entry(reader, settings):
    from datetime import timedelta

    import time_machine
    from django.utils import timezone

    from live.models import Entry

    settings.NEWSROOM_PAGE_CACHE = True
    seed(generated=5)
    story = Article.objects.get(headline=content.LIVE_STORY)
    entries = Entry.objects.filter(coverage__article=story)
    assert entries.values("writer").distinct().count() >= 3
    assert entries.filter(is_key=True).exists() and entries.exclude(correction="").exists()
    [ahead] = entries.filter(publish_at__gt=timezone.now())
    html = reader.get(story.get_absolute_url()).content.decode()
    assert '<span class="live-label">Live</span>' in html
    assert f'id="entry-{ahead.pk}"' not in html
    with time_machine.travel(ahead.publish_at + timedelta(seconds=1), tick=False):
        assert f'id="entry-{ahead.pk}"' in reader.get(story.get_absolute_url()).content.decode()


def test_the_vietnamese_edition_names_its_sections_in_vietnamese(client):
    seed(generated=40, with_accounts=False)
    world = Section.objects.get(slug="world")
    assert world.name_in("vi") == content_vi.SECTIONS["world"]["name"] == "Thế giới"
    assert world.description_in("vi") == content_vi.SECTIONS["world"]["description"]
    assert ">Thế giới</a>" in client.get("/vi/").content.decode()
    assert ">Thế giới</a>" not in client.get("/").content.decode()
