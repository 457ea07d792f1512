"""The admin in Vietnamese and English (staff/languages.py, locale/): the catalog is complete
and compiled, each staff member gets their language (their choice, else their browser's), and
readers' pages stay in English whatever the browser asks, so the page cache keeps one copy."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import polib
import pytest
from django.conf import settings
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import translation

from staff import languages
from staff.models import StaffSettings
from tests.factories import ArticleFactory
from workflow import transitions

LOCALE = Path(settings.BASE_DIR) / "locale"
CATALOGS = sorted(LOCALE.glob("*/LC_MESSAGES/*.po"))
PLACEHOLDER = re.compile(r"%\((\w+)\)[sd]|\{\}|%[sd]")


def _entries(catalog: Path):
    return [entry for entry in polib.pofile(str(catalog)) if not entry.obsolete]


def test_there_is_a_vietnamese_catalog():
    assert LOCALE / "vi" / "LC_MESSAGES" / "django.po" in CATALOGS


@pytest.mark.parametrize("catalog", CATALOGS, ids=lambda p: str(p.relative_to(LOCALE)))
def test_every_message_is_translated_and_none_is_fuzzy(catalog):
    entries = _entries(catalog)
    untranslated = [e.msgid for e in entries if not e.translated()]
    fuzzy = [e.msgid for e in entries if "fuzzy" in e.flags]
    assert entries
    assert untranslated == []
    assert fuzzy == []


@pytest.mark.parametrize("catalog", CATALOGS, ids=lambda p: str(p.relative_to(LOCALE)))
def test_translations_keep_every_placeholder(catalog):
    wrong = []
    for entry in _entries(catalog):
        wanted = sorted(PLACEHOLDER.findall(entry.msgid))
        found = [entry.msgstr] if not entry.msgid_plural else entry.msgstr_plural.values()
        wrong += [entry.msgid for text in found if sorted(PLACEHOLDER.findall(text)) != wanted]
    assert wrong == []


@pytest.mark.parametrize("catalog", CATALOGS, ids=lambda p: str(p.relative_to(LOCALE)))
def test_the_compiled_catalog_is_the_one_in_the_source(catalog):
    """The .mo files are committed (a fresh clone needs no gettext tools): they must say what
    the .po files say. `make messages` writes both."""
    compiled = catalog.with_suffix(".mo")
    assert compiled.exists(), f"{compiled} is missing: run `make messages`"

    def table(entries):
        return {
            (e.msgctxt, e.msgid, e.msgid_plural): (
                {int(k): v for k, v in e.msgstr_plural.items()} if e.msgid_plural else e.msgstr
            )
            for e in entries
            if e.msgid and (e.msgstr or any(e.msgstr_plural.values()))
        }

    source = [e for e in _entries(catalog) if "fuzzy" not in e.flags]
    assert table(polib.mofile(str(compiled))) == table(source), (
        "the .mo file is out of date: run `make messages`"
    )


# --- Which language a page is in -------------------------------------------------------------


@pytest.fixture
def chooses(db):
    """Make `user` have chosen `language` in My settings."""

    def choose(user, language: str) -> None:
        StaffSettings.objects.update_or_create(user=user, defaults={"language": language})

    return choose


def test_the_sign_in_page_follows_the_browser(client, db):
    vietnamese = client.get(reverse("admin:login"), HTTP_ACCEPT_LANGUAGE="vi-VN,vi;q=0.9,en;q=0.5")
    english = client.get(reverse("admin:login"), HTTP_ACCEPT_LANGUAGE="en-GB,en;q=0.9")
    assert 'lang="vi"' in vietnamese.text and "Mã xác thực" in vietnamese.text
    assert vietnamese["Content-Language"] == "vi"
    assert "Accept-Language" in vietnamese["Vary"]
    assert 'lang="en"' in english.text and "Authentication code" in english.text


def test_without_a_choice_the_admin_follows_the_browser(client, journalist_user):
    client.force_login(journalist_user)
    page = client.get(reverse("admin:index"), HTTP_ACCEPT_LANGUAGE="vi")
    assert page.status_code == 200
    assert 'lang="vi"' in page.text
    assert "Bài viết" in page.text  # the stories
    assert "Articles" not in page.text


def test_a_staff_member_who_chose_vietnamese_gets_it_whatever_the_browser(
    client, editor_user, chooses
):
    chooses(editor_user, "vi")
    client.force_login(editor_user)
    story = ArticleFactory(headline="Mưa lớn ở Huế")
    index = client.get(reverse("admin:index"), HTTP_ACCEPT_LANGUAGE="en-US,en")
    stories = client.get(reverse("admin:articles_article_changelist"), HTTP_ACCEPT_LANGUAGE="en")
    form = client.get(reverse("admin:articles_article_change", args=[story.pk]))
    assert 'lang="vi"' in index.text and "Bài viết" in index.text
    assert "Chọn bài viết để thay đổi" in stories.text  # Django's own admin strings too
    assert "Tiêu đề" in form.text and "Sapo" in form.text and "Ảnh chính" in form.text


def test_choosing_vietnamese_in_my_settings_turns_the_admin_vietnamese_at_once(
    client, journalist_user
):
    client.force_login(journalist_user)
    before = client.get(reverse("admin:my_settings"), HTTP_ACCEPT_LANGUAGE="en")
    assert 'lang="en"' in before.text and "My settings" in before.text
    saved = client.post(
        reverse("admin:my_settings"),
        {"language": "vi", "email_notifications": "on"},
        HTTP_ACCEPT_LANGUAGE="en",
        follow=True,
    )
    assert 'lang="vi"' in saved.text
    assert "Đã lưu cài đặt của bạn." in saved.text  # the message, in the language just chosen
    assert "Cài đặt của tôi" in saved.text
    assert languages.language_for(journalist_user) == "vi"


def test_a_choice_of_english_wins_over_a_vietnamese_browser(client, editor_user, chooses):
    chooses(editor_user, "en")
    client.force_login(editor_user)
    page = client.get(reverse("admin:index"), HTTP_ACCEPT_LANGUAGE="vi")
    assert 'lang="en"' in page.text and "Stories" in page.text


def test_messages_are_shown_in_the_language_of_the_request_that_wrote_them(
    client, editor_user, chooses
):
    chooses(editor_user, "vi")
    client.force_login(editor_user)
    page = client.post(
        reverse("admin:articles_article_changelist"),
        {"action": "publish_selected", "_selected_action": []},
        follow=True,
    )
    # Django's own message for an action with nothing selected, in Vietnamese.
    assert page.status_code == 200
    assert 'lang="vi"' in page.text


def test_readers_pages_are_in_their_editions_language_whatever_the_browser(
    client, editor_user, settings
):
    settings.NEWSROOM_PAGE_CACHE = True
    story = ArticleFactory(headline="Rain in Huế", live=True)
    reader = Client()
    # An admin page in Vietnamese first, in this same thread: nothing of it may stay active.
    client.force_login(editor_user)
    assert 'lang="vi"' in client.get(reverse("admin:index"), HTTP_ACCEPT_LANGUAGE="vi").text
    assert translation.get_language() == settings.LANGUAGE_CODE
    vietnamese = reader.get(story.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="vi")
    english = reader.get(story.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="en")
    assert vietnamese.status_code == english.status_code == 200
    assert vietnamese.content == english.content
    assert '<html lang="en">' in vietnamese.text
    assert "Accept-Language" not in vietnamese.get("Vary", "")
    # The edition's language (docs/editions.md), not the browser's.
    assert vietnamese["Content-Language"] == english["Content-Language"] == "en"
    assert "ETag" in vietnamese  # the second answer came from the page cache: one copy
    assert vietnamese["ETag"] == english["ETag"]


def test_emails_are_written_in_the_recipients_choice_else_the_site_language(
    editor_user, journalist_user, chooses
):
    chooses(editor_user, "vi")
    assert languages.language_for(editor_user) == "vi"
    assert languages.language_for(journalist_user) == settings.LANGUAGE_CODE


def test_a_choice_the_site_no_longer_offers_is_ignored(editor_user, chooses, settings):
    chooses(editor_user, "vi")
    settings.LANGUAGES = [("en", "English")]
    assert languages.chosen_language(editor_user) == ""
    assert languages.language_for(editor_user) == "en"


def test_the_story_panel_speaks_vietnamese_and_names_states_as_staff_read_them(
    client, editor_user, journalist_user, chooses
):
    from workflow import transitions

    chooses(editor_user, "vi")
    story = ArticleFactory(
        headline="Mưa lớn ở Huế", dateline="Huế", writers=[journalist_user.writer]
    )
    transitions.submit(story, by=journalist_user)
    client.force_login(editor_user)
    page = client.get(reverse("admin:articles_article_change", args=[story.pk])).text
    assert "Lịch sử và bình luận" in page
    assert "(Bản nháp → Chờ duyệt)" in page and "in_review" not in page
    assert "Duyệt và lên lịch" in page and "Trả lại tác giả" in page
    returned = client.post(
        reverse("admin:articles_article_move", args=[story.pk, "return_to_writer"]),
        {"note": "Thêm nguồn"},
        follow=True,
    )
    assert "Đã trả lại tác giả." in returned.text


@pytest.mark.skipif(
    not shutil.which("xgettext") and not os.environ.get("CI"),
    reason="GNU gettext is not installed (apt-get install gettext)",
)
def test_every_string_of_the_code_is_in_the_catalog(tmp_path):
    """`make messages` finds nothing new: a string wrapped in the code but missing from
    locale/vi would be shown in English to a Vietnamese newsroom."""
    copy = tmp_path / "src"
    skip = shutil.ignore_patterns(".venv", "var", "node_modules", ".git", "__pycache__", "*.mo")
    shutil.copytree(settings.BASE_DIR, copy, ignore=skip)
    ignore = ["--ignore=.venv/*", "--ignore=var/*", "--ignore=tests/*",
              "--ignore=bench/*", "--ignore=docs/*"]  # fmt: skip
    for domain in ("django", "djangojs"):
        subprocess.run(
            [sys.executable, "manage.py", "makemessages", "--all", "--no-obsolete",
             f"--domain={domain}", *ignore],
            cwd=copy, check=True, capture_output=True,
            env={**os.environ, "DJANGO_SETTINGS_MODULE": "tests.settings"},
        )  # fmt: skip
    for found in sorted((copy / "locale").glob("*/LC_MESSAGES/*.po")):
        committed = LOCALE / found.relative_to(copy / "locale")
        new = {e.msgid for e in _entries(found)} - {e.msgid for e in _entries(committed)}
        assert new == set(), f"not in {committed.name}: run `make messages` and translate them"


# --- The desk, the notifications and the workflow panel in Vietnamese ------------------------


def test_the_desk_and_the_inbox_are_vietnamese_for_a_staff_member_who_chose_it(
    client, journalist_user, editor_user, chooses
):
    chooses(editor_user, "vi")
    story = ArticleFactory(headline="Mưa lớn ở Huế", writers=[journalist_user.writer])
    transitions.submit(story, by=journalist_user)  # the editor is told
    client.force_login(editor_user)
    desk = client.get(reverse("admin:index"), HTTP_ACCEPT_LANGUAGE="en")
    inbox = client.get(reverse("admin:notifications"), HTTP_ACCEPT_LANGUAGE="en")
    assert 'lang="vi"' in desk.text
    assert "Tòa soạn" in desk.text and "Thông báo" in desk.text  # the newsroom's queues
    assert "Thời gian theo múi giờ của tòa soạn:" in desk.text
    assert "đã gửi duyệt bài “Mưa lớn ở Huế”" in desk.text
    assert "The newsroom" not in desk.text and "Notifications" not in desk.text
    assert 'lang="vi"' in inbox.text
    assert "Đánh dấu tất cả là đã đọc" in inbox.text and "Mở bài" in inbox.text
    assert "đã gửi duyệt bài “Mưa lớn ở Huế”" in inbox.text
    assert "Mark all as read" not in inbox.text and "Open the story" not in inbox.text


def test_a_notification_email_is_in_its_recipients_language(
    journalist_user, editor_user, chooses, django_capture_on_commit_callbacks
):
    chooses(editor_user, "vi")  # the editor reads Vietnamese; the journalist, who acts, English
    editor_user.email = "minh@newsroom.example"
    editor_user.save(update_fields=["email"])
    story = ArticleFactory(headline="Mưa lớn ở Huế", writers=[journalist_user.writer])
    with translation.override("en"), django_capture_on_commit_callbacks(execute=True):
        transitions.submit(story, by=journalist_user)
    (message,) = [m for m in mail.outbox if m.to == ["minh@newsroom.example"]]
    assert message.subject.endswith("Chờ duyệt: Mưa lớn ở Huế")
    assert "đã gửi duyệt bài “Mưa lớn ở Huế”." in message.body
    assert "Mở bài:" in message.body and "Bàn biên tập của bạn:" in message.body
    assert "Open the story" not in message.body and "for review" not in message.body


def test_the_withdraw_confirmation_delete_page_and_time_zone_line_are_vietnamese(
    client, editor_user, chooses
):
    chooses(editor_user, "vi")
    client.force_login(editor_user)
    story = ArticleFactory(live=True, headline="Mưa lớn ở Huế")
    form = client.get(reverse("admin:articles_article_change", args=[story.pk]))
    assert "Đồng ý: độc giả sẽ không còn thấy bài này." in form.text  # ticked to withdraw
    assert "readers will no longer see" not in form.text
    assert "Thời gian theo múi giờ của tòa soạn:" in form.text  # the Publication section
    stories = client.get(reverse("admin:articles_article_changelist"))
    assert "Thời gian theo múi giờ của tòa soạn:" in stories.text
    delete = client.get(reverse("admin:articles_article_delete", args=[story.pk]))
    assert "Xóa vĩnh viễn bài “Mưa lớn ở Huế”?" in delete.text
    assert "Lý do (bắt buộc; được lưu trong nhật ký quản trị)" in delete.text
    assert "Reason (required" not in delete.text
    no_reason = client.post(
        reverse("admin:articles_article_delete", args=[story.pk]), {"post": "yes"}, follow=True
    )
    assert "Hãy nêu lý do xóa bài." in no_reason.text
    unconfirmed = client.post(
        reverse("admin:articles_article_move", args=[story.pk, "withdraw"]),
        {"note": "Sai sự thật"},
        follow=True,
    )
    assert "Chưa thực hiện “Gỡ bài”: hãy đánh dấu ô để xác nhận." in unconfirmed.text


def test_the_front_page_screens_are_vietnamese_for_an_editor_who_chose_it(
    client, editor_user, chooses
):
    from frontpage.models import Layout

    chooses(editor_user, "vi")
    client.force_login(editor_user)
    layout = Layout.objects.create(note="Ngày bão")
    layouts = client.get(reverse("admin:frontpage_layout_changelist"))
    assert "Sắp xếp trang nhất ngay" in layouts.text and "Đang áp dụng" in layouts.text
    assert "Arrange the front page now" not in layouts.text
    form = client.get(reverse("admin:frontpage_layout_change", args=[layout.pk]))
    assert "Cách hoạt động" in form.text and "Xem trước trang chủ như độc giả" in form.text
    assert "How it works" not in form.text
    story = ArticleFactory(headline="Mưa lớn ở Huế")  # a draft: refused, in Vietnamese
    refused = client.post(
        reverse("admin:frontpage_breaking_add"),
        {"article": story.pk, "starts_at_0": "2026-12-07", "starts_at_1": "06:00:00"},
    )
    assert "Chỉ bài đang hiển thị mới có thể là tin nóng" in refused.text
