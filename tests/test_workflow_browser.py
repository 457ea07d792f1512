"""End to end in headless Chromium: a journalist writes and submits a story with the rich-text
editor, an editor schedules it, and readers see it only from its time.

Needs Debian's chromium at /usr/bin/chromium (`.ci/run` installs it). Skipped locally without
it; under CI (the CI environment variable set) a missing browser fails the test instead.
"""

from datetime import timedelta

import pytest
import time_machine
from django.contrib.auth.models import Group
from django.db import connections
from django.utils import timezone

from articles.models import Article
from tests.factories import SectionFactory, UserFactory, WriterFactory

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def log_in(browser, base: str, username: str):
    page = browser.new_context().new_page()
    page.set_default_timeout(15_000)
    page.goto(f"{base}/admin/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", "password")
    page.click("input[type=submit]")
    page.wait_for_selector("#user-tools")
    return page


def test_journalist_writes_editor_schedules_readers_see_it_on_time(browser, live_server):
    try:
        _the_day(browser, live_server.url)
    finally:
        # Under Playwright's event loop the ORM calls above run in their own context, with
        # their own connection: close it, or PostgreSQL cannot drop the test database.
        connections.close_all()


def _the_day(browser, base: str) -> None:
    journalist = UserFactory(username="ha", is_staff=True)
    journalist.groups.add(Group.objects.get(name="Journalists"))
    WriterFactory(name="Thanh Hà", user=journalist)
    editor = UserFactory(username="minh", is_staff=True)
    editor.groups.add(Group.objects.get(name="Editors"))
    SectionFactory(name="Environment")

    # The journalist writes the story with the rich-text editor and submits it.
    page = log_in(browser, base, "ha")
    page.goto(f"{base}/admin/articles/article/add/")
    page.fill("#id_headline", "Mangroves return to Cà Mau")
    page.fill("#id_lead", "Replanting has doubled the forest in ten years.")
    page.click(".field-section .select2-selection")
    page.fill(".select2-search__field", "Enviro")
    page.wait_for_selector(".select2-results__option--highlighted:has-text('Environment')")
    page.keyboard.press("Enter")
    editor_area = page.locator(".field-body [contenteditable=true]")
    editor_area.click()
    page.keyboard.type("Fishermen say the crabs are back. ")
    page.keyboard.press("Control+b")
    page.keyboard.type("Shrimp farms")
    page.keyboard.press("Control+b")
    page.keyboard.type(" moved inland.")
    # The newsroom checks, recomputed as the story is written, ask for a dateline.
    page.wait_for_selector(".story-check--warning:has-text('There is no dateline')")
    page.fill("#id_dateline", "Cà Mau")
    page.wait_for_selector(".story-checks__summary:has-text('Nothing to fix.')")
    page.click("input[name=_submit_for_review]")
    page.wait_for_selector("text=Submitted for review.")

    story = Article.objects.get(headline="Mangroves return to Cà Mau")
    assert story.status == Article.Status.IN_REVIEW
    assert "<strong>Shrimp farms</strong>" in story.body
    assert [w.name for w in story.writers.all()] == ["Thanh Hà"]

    # The editor schedules it half a minute ahead (seconds are kept).
    page = log_in(browser, base, "minh")
    page.goto(f"{base}/admin/articles/article/{story.pk}/change/")
    publish_at = (timezone.now() + timedelta(seconds=30)).replace(microsecond=0)
    schedule = page.locator("form[data-move=schedule]")
    schedule.locator("input[name=publish_at]").fill(
        timezone.localtime(publish_at).strftime("%Y-%m-%dT%H:%M:%S")
    )
    schedule.locator("button").click()
    page.wait_for_selector("text=Scheduled for")
    story.refresh_from_db()
    assert story.publish_at == publish_at

    # Readers: absent before its time, present from it (the clock is moved, not waited for).
    reader = browser.new_context().new_page()
    reader.goto(f"{base}/")
    assert "Mangroves return to Cà Mau" not in reader.content()
    with time_machine.travel(publish_at + timedelta(seconds=1)):
        reader.goto(f"{base}/")
        assert "Mangroves return to Cà Mau" in reader.content()
        reader.click("text=Mangroves return to Cà Mau")
        assert reader.locator("h1").inner_text() == "Mangroves return to Cà Mau"
