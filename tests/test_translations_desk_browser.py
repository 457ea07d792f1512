"""End to end in headless Chromium: a translator translates a Vietnamese story into English,
edits and submits the draft; the original is corrected; the desk shows the translation as
"Source changed"; the translator opens the difference and clears the mark by updating.

Needs Debian's chromium at /usr/bin/chromium (`.ci/run` installs it); skipped locally without it.
"""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Group
from django.db import connections

from articles.models import Article, Byline
from tests.factories import ArticleFactory, UserFactory, WriterFactory
from tests.test_workflow_browser import log_in
from workflow import transitions, translating

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def test_translate_submit_source_corrected_mark_seen_and_cleared(browser, live_server):
    try:
        _the_day(browser, live_server.url)
    finally:
        connections.close_all()


def _the_day(browser, base: str) -> None:
    translator = UserFactory(username="ha", is_staff=True)
    translator.groups.add(Group.objects.get(name="Journalists"))
    WriterFactory(name="Thanh Hà", user=translator)
    editor = UserFactory(username="minh", is_staff=True)
    editor.groups.add(Group.objects.get(name="Editors"))
    original = ArticleFactory(
        edition="vi",
        live=True,
        headline="Rừng ngập mặn hồi sinh ở Cà Mau",
        lead="Diện tích rừng tăng gấp đôi sau mười năm.",
        body="<p>Ngư dân nói cua đã trở lại.</p>",
        dateline="Cà Mau",
        writers=[WriterFactory(name="Ngọc Mai")],
    )

    # The translator opens the original and translates it: the new draft's page opens.
    page = log_in(browser, base, "ha")
    page.goto(f"{base}/admin/articles/article/{original.pk}/change/")
    page.click("button:has-text('Translate into English')")
    page.wait_for_selector("text=with you as its translator")
    story = Article.objects.get(translation_of=original)
    assert page.url.endswith(f"/admin/articles/article/{story.pk}/change/")
    assert story.edition == "en" and story.status == Article.Status.DRAFT
    assert [(b.writer.name, b.role) for b in story.bylines.order_by("position")] == [
        ("Ngọc Mai", Byline.Role.REPORTER),
        ("Thanh Hà", Byline.Role.TRANSLATOR),
    ]

    # ...writes the English text and submits it.
    page.fill("#id_headline", "Mangroves return to Cà Mau")
    page.fill("#id_lead", "The forest has doubled in ten years.")
    page.click("input[name=_submit_for_review]")
    page.wait_for_selector("text=Submitted for review.")
    story.refresh_from_db()
    assert story.status == Article.Status.IN_REVIEW
    assert story.headline == "Mangroves return to Cà Mau"

    # The original is corrected; the editor returns the translation to bring it in.
    transitions.add_correction(
        original, by=editor, note="Diện tích tăng gấp ba, không phải gấp đôi."
    )
    transitions.return_to_writer(story, by=editor, note="The original was corrected.")
    assert translating.is_marked(story)

    # The translator's desk shows the mark; the count links to the marked translations.
    page.goto(f"{base}/admin/")
    queue = page.locator("[data-queue=my_source_changed]")
    assert queue.locator(".desk__count").inner_text() == "1"
    assert "Source changed" in page.locator("[data-queue=returned]").inner_text()
    queue.locator(".desk__count").click()
    page.wait_for_selector("#result_list")
    page.click("#result_list a:has-text('Mangroves return to Cà Mau')")

    # The difference since the translation was made: the new correction.
    panel = page.locator(".source-changed")
    assert "Source changed" in panel.inner_text()
    assert "Diện tích tăng gấp ba, không phải gấp đôi." in panel.inner_text()

    # The translator brings the text up to date and says so: the mark clears.
    page.fill("#id_lead", "The forest has tripled in ten years.")
    page.check("#id_source_caught_up")
    page.click("input[name=_continue]")
    page.wait_for_selector("text=marked up to date with its source")
    assert page.locator(".source-changed").count() == 0
    story.refresh_from_db()
    assert story.lead == "The forest has tripled in ten years."
    assert not translating.is_marked(story)
    page.goto(f"{base}/admin/")
    assert page.locator("[data-queue=my_source_changed] .desk__count").inner_text() == "0"
