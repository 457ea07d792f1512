"""Live coverage in headless Chromium: with the page cache on, an open coverage page shows new,
scheduled, corrected and withdrawn entries and the end of the coverage without a reload, under
the Content-Security-Policy (static/js/live.js; docs/live.md)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from tests.factories import UserFactory
from tests.live import entry, live_story
from workflow import live as services

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

VIOLATIONS = """
window.violations = [];
document.addEventListener("securitypolicyviolation", (e) => {
  window.violations.push(e.effectiveDirective + " " + e.blockedURI);
});
"""


def test_an_open_page_follows_the_coverage_without_a_reload(browser, live_server, settings):
    from django.contrib.auth.models import Group

    settings.NEWSROOM_PAGE_CACHE = True
    settings.NEWSROOM_LIVE_POLL_SECONDS = 1
    editor = UserFactory(username="desk-editor", is_staff=True)
    editor.groups.add(Group.objects.get(name="Editors"))
    story, coverage = live_story()
    writer = story.writers.first()
    first = entry(coverage, "The first bands of rain.", ago=timedelta(minutes=30))
    page = browser.new_page()
    page.add_init_script(VIOLATIONS)
    page.goto(live_server.url + story.get_absolute_url())
    page.evaluate("window.sameDocument = true")

    posted = services.post(coverage, editor, writer=writer, body="<p>Winds reach 120 km/h.</p>")
    page.wait_for_selector(f"#entry-{posted.pk}", timeout=10_000)
    assert page.locator("article.live-entry").first.get_attribute("id") == f"entry-{posted.pk}"
    assert "1 new update" in page.locator("#live-status").inner_text()

    soon = timezone.now() + timedelta(seconds=3)
    scheduled = services.post(coverage, editor, writer=writer, body="<p>The 18:00 figures.</p>",
                              publish_at=soon)  # fmt: skip
    assert page.locator(f"#entry-{scheduled.pk}").count() == 0
    page.wait_for_selector(f"#entry-{scheduled.pk}", timeout=15_000)
    assert timezone.now() >= soon

    services.change(first, editor, version=first.version, writer=writer,
                    body="<p>The first bands of rain, at 14:00.</p>", publish_at=first.publish_at,
                    is_key=True, correction="An earlier version gave no time.")  # fmt: skip
    page.wait_for_selector("text=An earlier version gave no time.", timeout=10_000)
    page.wait_for_selector("#live-summary-heading", timeout=10_000)  # now a key event

    services.withdraw(posted, editor)
    page.wait_for_selector(f"#entry-{posted.pk}", state="detached", timeout=10_000)

    coverage.refresh_from_db()
    services.end(coverage, editor, "The storm weakened overnight.", version=coverage.version)
    page.wait_for_selector("text=The storm weakened overnight.", timeout=10_000)
    assert page.evaluate("window.sameDocument") is True  # never reloaded
    assert page.evaluate("window.violations") == []
