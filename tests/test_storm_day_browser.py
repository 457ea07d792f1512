"""The storm day in headless Chromium, as the editors run it and readers see it.

The editor pins the storm story as lead and schedules the 06:00 layout, opens live coverage (two
writers post entries, one scheduled for 06:30), marks the story breaking news until 08:00,
prepares the 07:00 figures as a scheduled update of the story, and ends the coverage. Readers are
anonymous, with the page cache on, and look at the public pages at each moment: they see every
change at its second and never before.

The clock is the test's (time-machine, without ticking), shared by the live server's thread, so
"one second before" and "at the second" are exact. Needs Debian's chromium at /usr/bin/chromium;
skipped without it (failed under CI).
"""

from __future__ import annotations

import uuid
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.db import connections

from articles.models import Article
from frontpage.models import Breaking, Layout
from public import selectors
from tests.factories import ArticleFactory, SectionFactory
from tests.test_workflow_browser import log_in

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

HCMC = ZoneInfo("Asia/Ho_Chi_Minh")
DAWN = datetime(2026, 12, 7, 5, 0, tzinfo=HCMC)


@pytest.fixture
def cached_site(settings):
    settings.NEWSROOM_PAGE_CACHE = True
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": f"storm-day-{uuid.uuid4()}",
        }
    }


def test_the_storm_day(
    browser,
    live_server,
    cached_site,
    editor_user,
    journalist_user,
    other_journalist_user,
    monkeypatch,
):
    renders: list[str] = []
    home_page = selectors.home_page

    def counted(request):
        renders.append("home")
        return home_page(request)

    monkeypatch.setattr(selectors, "home_page", counted)
    with time_machine.travel(DAWN, tick=False) as clock:
        try:
            staff = (editor_user, journalist_user, other_journalist_user)
            _the_day(browser, live_server.url, clock, staff, renders)
        finally:
            connections.close_all()


def _the_day(browser, base, clock, staff, renders: list[str]) -> None:
    editor_user, ha, lan = staff
    news = SectionFactory(name="News")
    storm = ArticleFactory(
        live=True,
        section=news,
        headline="Storm No. 15 has not yet reached the shore",
        publish_at=DAWN - timedelta(hours=3),
        writers=[ha.writer, lan.writer],
    )
    council = ArticleFactory(
        live=True,
        section=news,
        priority=Article.Priority.LEAD,
        headline="Council votes on the city budget",
        publish_at=DAWN - timedelta(hours=1),
    )
    evacuation = ArticleFactory(
        live=True,
        section=news,
        headline="Khánh Hòa moves 20,000 people away from the coast",
        publish_at=DAWN - timedelta(hours=2),
    )
    reader = browser.new_context().new_page()  # anonymous: served from the page cache

    def lead() -> str:
        reader.goto(f"{base}/")
        return reader.inner_text(".front__lead h2")

    def top_stories() -> str:
        reader.goto(f"{base}/")
        top = reader.locator(".front__top")
        return top.inner_text() if top.count() else ""

    # 05:00: the machine's choice leads; readers' copy of the home page is cached.
    assert lead() == council.headline
    assert lead() == council.headline
    assert renders == ["home"]  # the second reader's view came from the cache

    # The editor pins the storm story as lead, now.
    editor = log_in(browser, base, editor_user.username)
    editor.goto(f"{base}/admin/frontpage/layout/add/")
    editor.fill("#id_starts_at_0", DAWN.strftime("%Y-%m-%d"))
    editor.fill("#id_starts_at_1", "05:00:00")
    editor.fill("#id_note", "Storm day")
    _pin(editor, 0, "lead", storm.headline)
    editor.click("input[name=_save]")
    editor.wait_for_selector("text=was added successfully")
    assert lead() == storm.headline  # the cached home page was refreshed

    # The 06:00 layout: the storm story still leads, the evacuation heads the top stories.
    editor.goto(f"{base}/admin/frontpage/layout/add/")
    editor.fill("#id_starts_at_0", DAWN.strftime("%Y-%m-%d"))
    editor.fill("#id_starts_at_1", "06:00:00")
    editor.fill("#id_note", "06:00")
    _pin(editor, 0, "lead", storm.headline)
    _pin(editor, 1, "top", evacuation.headline)
    editor.click("input[name=_save]")
    editor.wait_for_selector("text=was added successfully")
    assert Layout.objects.count() == 2

    clock.move_to(DAWN.replace(hour=5, minute=59, second=59))
    assert evacuation.headline not in top_stories()
    clock.move_to(DAWN.replace(hour=6))
    assert evacuation.headline in top_stories()
    assert lead() == storm.headline

    # 06:05: the editor opens live coverage of the storm story; two writers post entries, one
    # now and one for 06:30:00.
    clock.move_to(DAWN.replace(hour=6, minute=5))
    story_page = f"{base}{storm.get_absolute_url()}"
    editor.goto(f"{base}/admin/live/coverage/add/")
    _choose(editor, ".field-article", storm.headline)
    editor.click("input[name=_save]")
    editor.wait_for_selector("text=Covering live")
    desk = editor.url
    first = log_in(browser, base, ha.username)
    first.goto(desk)
    _write(first, "Waves of four metres reach Nha Trang's seafront.")
    first.click(".live-desk__post input[type=submit]")
    first.wait_for_selector("text=Entry posted.")
    second = log_in(browser, base, lan.username)
    second.goto(desk)
    _write(second, "The storm's eye is 40 km off Cam Ranh.")
    second.check("input[name=when][value=at]")
    second.fill("#id_publish_at", DAWN.replace(hour=6, minute=30).strftime("%Y-%m-%dT%H:%M:%S"))
    second.click(".live-desk__post input[type=submit]")
    second.wait_for_selector("text=Entry scheduled for 06:30:00")

    def entries() -> str:
        reader.goto(story_page)
        return reader.inner_text("#live-entries")

    assert "Waves of four metres" in entries()
    assert "Thanh Hà" in entries()
    clock.move_to(DAWN.replace(hour=6, minute=29, second=59))
    assert "eye is 40 km" not in entries()
    clock.move_to(DAWN.replace(hour=6, minute=30))
    assert "eye is 40 km" in entries() and "Ngọc Lan" in entries()

    # 06:31: the editor marks the storm story breaking news, in one action.
    clock.move_to(DAWN.replace(hour=6, minute=31))
    reader.goto(f"{base}{council.get_absolute_url()}")
    assert reader.locator(".breaking").count() == 0
    editor.goto(f"{base}/admin/frontpage/breaking/add/")
    _choose(editor, ".field-article", storm.headline)
    editor.fill("#id_ends_at_0", DAWN.strftime("%Y-%m-%d"))
    editor.fill("#id_ends_at_1", "08:00:00")
    editor.click("input[name=_save]")
    editor.wait_for_selector("text=was added successfully")
    assert Breaking.objects.get().article_id == storm.pk
    reader.goto(f"{base}{council.get_absolute_url()}")
    assert storm.headline in reader.inner_text(".breaking")

    # 06:40: the editor prepares the 07:00 figures as a scheduled update of the story.
    clock.move_to(DAWN.replace(hour=6, minute=40))
    landfall = "Storm No. 15 makes landfall in Khánh Hòa"
    editor.goto(f"{base}/admin/articles/article/{storm.pk}/change/")
    editor.click("text=Prepare an update")
    editor.fill("#id_headline", landfall)
    editor.fill("#id_publish_at", DAWN.replace(hour=7).strftime("%Y-%m-%dT%H:%M:%S"))
    editor.click("input[type=submit][value='Schedule the update']")
    editor.wait_for_selector("#scheduled-updates")

    def story_seen() -> tuple[str, bool]:
        reader.goto(story_page)
        return reader.inner_text("h1"), reader.locator(".story__updated").count() > 0

    assert story_seen() == (storm.headline, False)
    clock.move_to(DAWN.replace(hour=6, minute=59, second=59))
    assert story_seen() == (storm.headline, False)
    assert lead() == storm.headline
    clock.move_to(DAWN.replace(hour=7))
    assert story_seen() == (landfall, True)
    assert lead() == landfall
    reader.goto(f"{base}{council.get_absolute_url()}")
    assert landfall in reader.inner_text(".breaking")

    # 07:30: the editor ends the coverage with a closing summary.
    clock.move_to(DAWN.replace(hour=7, minute=30))
    assert "This live coverage ended" not in entries()
    editor.goto(desk)
    editor.fill("#id_closing_summary", "Storm No. 15 weakened after landfall; no one was hurt.")
    editor.click("text=End the coverage now")
    editor.wait_for_selector("text=The live coverage has ended.")
    reader.goto(story_page)
    assert "This live coverage ended" in reader.inner_text(".live")
    assert "no one was hurt" in reader.inner_text(".live-closing")

    # The banner ends at its second, on the cached page too.
    clock.move_to(DAWN.replace(hour=7, minute=59, second=59))
    reader.goto(f"{base}{council.get_absolute_url()}")
    assert landfall in reader.inner_text(".breaking")
    clock.move_to(DAWN.replace(hour=8))
    reader.goto(f"{base}{council.get_absolute_url()}")
    assert reader.locator(".breaking").count() == 0


def _pin(page, row: int, slot: str, headline: str) -> None:
    page.select_option(f"#id_pins-{row}-slot", slot)
    page.fill(f"#id_pins-{row}-position", str(row))
    _choose(page, f"#pins-{row} .field-article", headline)


def _choose(page, field: str, headline: str) -> None:
    """Pick a story in an autocomplete (select2) field by typing part of its headline."""
    page.click(f"{field} .select2-selection")
    page.fill(".select2-search__field", headline[:12])
    page.wait_for_selector(f".select2-results__option--highlighted:has-text('{headline[:12]}')")
    page.keyboard.press("Enter")


def _write(page, text: str) -> None:
    """Type an entry in the live desk's text box (the story editor's rich text)."""
    page.locator(".field-body [contenteditable=true]").click()
    page.keyboard.type(text)
