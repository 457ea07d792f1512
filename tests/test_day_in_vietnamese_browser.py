"""A newsroom's day in headless Chromium, the journalist's side in Vietnamese (My settings), the
editor's in English: land on the admin's front page, write with a picture and an embed in the
body, see the checker, submit, see it returned, take it over from the editor who still has it
open; the editor schedules, publishes and corrects. Every screen the journalist sees is
checked for Vietnamese.

Needs Debian's chromium at /usr/bin/chromium; skipped without it (failed under CI).
"""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import connections
from django.utils import timezone

from articles.models import Article
from staff.models import StaffSettings
from tests.factories import ImageFactory, SectionFactory
from tests.test_workflow_browser import log_in

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def test_a_day_with_the_journalist_in_vietnamese(
    browser, live_server, journalist_user, editor_user
):
    try:
        _the_day(browser, live_server.url, journalist_user, editor_user)
    finally:
        connections.close_all()


def _the_day(browser, base, journalist_user, editor_user) -> None:
    StaffSettings.objects.create(user=journalist_user, language="vi")
    SectionFactory(name="Môi trường")
    ImageFactory(alt_text="Rừng ngập mặn ở Cà Mau", caption="Rừng đước")

    # The journalist lands on the admin's front page, in Vietnamese.
    page = log_in(browser, base, journalist_user.username)
    assert page.get_attribute("html", "lang") == "vi"
    assert "Cài đặt của tôi" in page.text_content("#user-tools")

    # Writes a story with a picture and an embed in the body.
    page.goto(f"{base}/admin/articles/article/add/")
    assert "Tiêu đề" in page.inner_text(".field-headline label")
    page.fill("#id_headline", "Rừng ngập mặn hồi sinh ở Cà Mau")
    page.fill("#id_lead", "Diện tích rừng trồng lại tăng gấp đôi sau mười năm.")
    page.click(".field-section .select2-selection")
    page.fill(".select2-search__field", "Môi")
    page.wait_for_selector(".select2-results__option--highlighted:has-text('Môi trường')")
    page.keyboard.press("Enter")
    body = page.locator(".field-body [contenteditable=true]")
    body.click()
    page.keyboard.type("Ngư dân nói cua đã trở lại.")
    page.click(".field-body button:has-text('Ảnh')")
    dialog = page.locator("dialog.image-picker").first
    assert "Chọn ảnh" in dialog.locator("h2").inner_text()
    dialog.locator("input[type=search]").fill("Cà Mau")
    dialog.locator("input[type=search]").press("Enter")
    page.wait_for_selector("dialog.image-picker [role=status]:has-text('Trang 1')")
    dialog.locator(".image-picker__item").first.click()
    page.wait_for_selector("dialog.image-picker", state="detached")
    page.wait_for_selector(".field-body figure.body-node--picture")
    page.once("dialog", lambda d: d.accept("https://youtu.be/dQw4w9WgXcQ"))
    page.click(".field-body button:has-text('Nhúng')")
    page.wait_for_selector(".field-body figure.body-node--embed:has-text('Video YouTube')")

    # The checker, as the story is written: a dateline is missing.
    page.wait_for_selector(".story-check--warning:has-text('Chưa có nơi đưa tin')")
    page.fill("#id_dateline", "Cà Mau")
    page.wait_for_selector(".story-checks__summary:has-text('Không có gì cần sửa.')")

    # Submits it.
    page.click("input[name=_submit_for_review]")
    page.wait_for_selector("text=Đã gửi duyệt.")
    story = Article.objects.get(headline="Rừng ngập mặn hồi sinh ở Cà Mau")
    assert story.status == Article.Status.IN_REVIEW
    assert "<figure data-image=" in story.body and "<figure data-embed=" in story.body

    # The editor, in English, returns it with a note.
    desk = log_in(browser, base, editor_user.username)
    desk.goto(f"{base}/admin/articles/article/{story.pk}/change/")
    desk.click("summary:has-text('Return to the writer')")  # a secondary move: folded
    move = desk.locator("form[data-move=return_to_writer]")
    move.locator("textarea[name=note]").fill("Thêm ý kiến của kiểm lâm.")
    move.locator("button").click()
    desk.wait_for_selector("text=Returned to the writer.")

    # The journalist sees it returned, in Vietnamese, and opens it again.
    page.goto(f"{base}/admin/articles/article/{story.pk}/change/")
    history = page.inner_text(".workflow-history")
    assert "Đã trả lại tác giả" in history and "(Chờ duyệt → Bản nháp)" in history
    assert "Thêm ý kiến của kiểm lâm." in history

    # The editor still has it open: the journalist takes over in one click, the editor's page is
    # told on its next heartbeat.
    take = page.locator(".story-editing__take button")
    assert "Tiếp quản từ Minh Anh" in take.inner_text()
    take.click()
    page.wait_for_selector("text=Bây giờ bạn đang sửa bài này.")

    # The editor schedules it, publishes it now, and corrects it.
    desk.goto(f"{base}/admin/articles/article/{story.pk}/change/")
    publish_at = (timezone.now() + timedelta(hours=2)).replace(second=0, microsecond=0)
    schedule = desk.locator("form[data-move=schedule]")
    schedule.locator("input[name=publish_at]").fill(
        timezone.localtime(publish_at).strftime("%Y-%m-%dT%H:%M:%S")
    )
    schedule.locator("button").click()
    desk.wait_for_selector("text=Scheduled for")
    desk.click("summary:has-text('Publish now')")
    desk.locator("form[data-move=publish_now] button").click()
    desk.wait_for_selector("text=Published: the story is live.")
    desk.click("summary:has-text('Add a correction')")
    correction = desk.locator("form[data-move=add_correction]")
    correction.locator("textarea[name=note]").fill("Sửa số liệu diện tích rừng.")
    correction.locator("button").click()
    desk.wait_for_selector("text=Correction added under the story.")
    story.refresh_from_db()
    assert story.is_live() and story.corrections.count() == 1

    # The journalist's view of the day's end, in Vietnamese.
    page.goto(f"{base}/admin/articles/article/{story.pk}/change/")
    history = page.inner_text(".workflow-history")
    assert "Đã thêm đính chính" in history and "Đã lên lịch" in history
