"""A scheduled update in headless Chromium: the editor prepares the 18:00 figures of the live
storm story in the admin (the rich-text body included), previews them, and anonymous readers,
with the page cache on, get them at 18:00:00 and not a second before.

The clock is the test's (time-machine, without ticking), shared by the live server's thread.
Needs Debian's chromium at /usr/bin/chromium; skipped without it (failed under CI)."""

from __future__ import annotations

import uuid
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.db import connections

from tests.factories import ArticleFactory, SectionFactory, WriterFactory
from tests.test_workflow_browser import log_in
from workflow.models import ScheduledUpdate

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

HCMC = ZoneInfo("Asia/Ho_Chi_Minh")
AFTERNOON = datetime(2026, 12, 7, 16, 0, tzinfo=HCMC)
SIX = AFTERNOON.replace(hour=18)


@pytest.fixture
def cached_site(settings):
    settings.NEWSROOM_PAGE_CACHE = True
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": f"updates-{uuid.uuid4()}",
        }
    }


def test_the_six_oclock_figures_go_out_at_six(browser, live_server, cached_site, editor_user):
    with time_machine.travel(AFTERNOON, tick=False) as clock:
        try:
            _the_afternoon(browser, live_server.url, clock, editor_user)
        finally:
            connections.close_all()


def _the_afternoon(browser, base, clock, editor_user) -> None:
    storm = ArticleFactory(
        live=True,
        section=SectionFactory(name="News"),
        headline="Storm No. 15 has not yet reached the shore",
        lead="Waves about 5m high hit the seawall.",
        body="<p>Authorities closed the beaches.</p>",
        publish_at=AFTERNOON - timedelta(hours=3),
        writers=[WriterFactory(name="Thanh Hà")],
    )
    reader = browser.new_context().new_page()  # anonymous: served from the page cache

    def headline(path: str) -> str:
        reader.goto(f"{base}{path}")
        return reader.inner_text("body")

    assert storm.headline in headline("/")
    assert storm.headline in headline(storm.get_absolute_url())

    # 16:00: the editor prepares the 18:00 figures from the story's page.
    editor = log_in(browser, base, editor_user.username)
    editor.goto(f"{base}/admin/articles/article/{storm.pk}/change/")
    editor.click("text=Prepare an update")
    assert editor.input_value("#id_headline") == storm.headline  # the current text
    editor.fill("#id_headline", "Storm No. 15 makes landfall in Khánh Hòa")
    editor.fill("#id_lead", "12,000 people were moved to safety before the storm hit.")
    editor.locator(".field-body [contenteditable=true]").click()
    editor.keyboard.press("Control+End")
    editor.keyboard.press("Enter")
    editor.keyboard.type("Power was cut in three wards.")
    editor.fill("#id_publish_at", SIX.strftime("%Y-%m-%dT%H:%M:%S"))
    editor.click("input[type=submit]")
    editor.wait_for_selector("text=Update scheduled for 18:00")
    update = ScheduledUpdate.objects.get()
    assert update.publish_at == SIX and "Power was cut in three wards." in update.body
    assert "Authorities closed the beaches." in update.body

    # Its preview is the page as it will be at 18:00.
    with editor.expect_popup() as popup:
        editor.click(".workflow-updates >> text=Preview")
    preview = popup.value
    preview.wait_for_load_state()
    assert "makes landfall" in preview.inner_text("h1")
    assert "Power was cut" in preview.inner_text("body")

    # Readers: the current text until 17:59:59, the figures from 18:00:00, on the cached pages.
    clock.move_to(SIX - timedelta(seconds=1))
    for path in ["/", storm.get_absolute_url(), "/search/?q=storm"]:
        text = headline(path)
        assert "has not yet reached the shore" in text and "landfall" not in text, path
    clock.move_to(SIX)
    for path in ["/", storm.get_absolute_url(), "/search/?q=storm"]:
        text = headline(path)
        assert "makes landfall" in text and "not yet reached" not in text, path
    page = headline(storm.get_absolute_url())
    assert "Power was cut in three wards." in page and "Updated 7 December 2026, 18:00" in page

    # The editor's page shows it published in the history.
    editor.goto(f"{base}/admin/articles/article/{storm.pk}/change/")
    assert "Scheduled update of 18:00" in editor.inner_text(".workflow-history")
