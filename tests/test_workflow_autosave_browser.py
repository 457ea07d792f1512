"""Autosave, restore and take-over in headless Chromium (static/workflow/editing.js): the text
typed in the rich-text editor is autosaved on the 30-second beat (the page's clock is moved, not
waited for), offered back after the tab dies, restored with one click and saved; an editor takes
over in one click and the journalist's page says so on its next heartbeat.

Needs Debian's chromium (see tests/conftest.py's `browser`)."""

import pytest
from django.contrib.auth.models import Group
from django.db import connections

from articles.models import Article
from tests.factories import ArticleFactory, UserFactory, WriterFactory
from tests.test_workflow_browser import log_in
from workflow.models import Autosave, EditLock

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def test_autosave_restore_and_take_over(browser, live_server):
    try:
        _scenario(browser, live_server.url)
    finally:
        connections.close_all()  # see test_workflow_browser.py


def _scenario(browser, base: str) -> None:
    journalist = UserFactory(username="ha", is_staff=True, first_name="Thanh", last_name="Hà")
    journalist.groups.add(Group.objects.get(name="Journalists"))
    editor = UserFactory(username="minh", is_staff=True, first_name="Minh", last_name="Anh")
    editor.groups.add(Group.objects.get(name="Editors"))
    story = ArticleFactory(
        headline="Typhoon nears the coast",
        writers=[WriterFactory(name="Thanh Hà", user=journalist)],
    )
    url = f"{base}/admin/articles/article/{story.pk}/change/"

    # The journalist writes; the page's clock is Playwright's, so the 30-second beat is a call.
    page = log_in(browser, base, "ha")
    page.clock.install()
    page.goto(url)
    page.fill("#id_headline", "Typhoon makes landfall in Quảng Ngãi")
    page.locator(".field-body [contenteditable=true]").click()
    page.keyboard.press("End")
    page.keyboard.type(" Winds reached 150 km/h.")
    _thirty_seconds(page)
    page.wait_for_selector(".story-editing__status:has-text('Draft kept at')")
    kept = Autosave.objects.get(article=story, user=journalist)
    assert kept.data["headline"] == "Typhoon makes landfall in Quảng Ngãi"
    assert "Winds reached 150 km/h." in kept.data["body"]
    story.refresh_from_db()
    assert story.headline == "Typhoon nears the coast"  # the story itself is untouched

    # The tab dies without a word (no pagehide); the journalist opens the story again.
    page.context.close()
    page = log_in(browser, base, "ha")
    page.goto(url)
    page.wait_for_selector("text=You have text that was not saved")
    assert page.input_value("#id_headline") == "Typhoon nears the coast"  # not silently
    assert page.locator(".story-editing__offer ins").first.inner_text() == (
        "Typhoon makes landfall in Quảng Ngãi"
    )
    page.click("text=Restore it into the form")
    page.wait_for_selector("text=is in the form below")
    assert page.input_value("#id_headline") == "Typhoon makes landfall in Quảng Ngãi"
    page.click("input[name=_continue]")
    page.wait_for_selector("text=was changed successfully")
    story.refresh_from_db()
    assert story.headline == "Typhoon makes landfall in Quảng Ngãi"
    assert "Winds reached 150 km/h." in story.body
    assert not Autosave.objects.filter(article=story).exists()

    # The journalist keeps writing; the editor takes over in one click.
    page.context.close()
    page = log_in(browser, base, "ha")
    page.clock.install()
    page.goto(url)
    page.fill("#id_lead", "Evacuations continue in three provinces.")
    desk = log_in(browser, base, "minh")
    desk.goto(url)
    desk.click("text=Take over from Thanh Hà")
    desk.wait_for_selector("text=You are editing this story now")
    assert EditLock.objects.get(article=story).user == editor

    _thirty_seconds(page)  # the next heartbeat
    page.wait_for_selector(".story-editing__status.is-alert:has-text('Minh Anh took over')")
    # Saving from the stale page is refused, and the text stays in the form.
    page.click("input[name=_continue]")
    page.wait_for_selector(".errornote, .errorlist")
    assert "Minh Anh took over this story" in page.content()
    assert page.input_value("#id_lead") == "Evacuations continue in three provinces."
    story.refresh_from_db()
    assert story.lead != "Evacuations continue in three provinces."
    assert Article.objects.get(pk=story.pk).version == story.version


def _thirty_seconds(page) -> None:
    """Move the page's clock past the 30-second autosave, letting the requests fired on the
    way (the live checks, the heartbeat at 15 s) finish first: the test database is SQLite in
    memory, whose shared cache refuses concurrent writers instead of waiting."""
    for _ in range(3):
        page.clock.run_for(10_000)
        page.wait_for_timeout(700)
    page.clock.run_for(1_000)
