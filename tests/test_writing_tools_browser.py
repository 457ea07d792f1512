"""The writing tools in headless Chromium: a journalist chooses the hero picture with the chooser
(search, keyboard), uploads one on the spot, puts a library picture and a YouTube video in the
body, and saves; the stored body holds the placeholders, the page shows them, and no
Content-Security-Policy violation happens in the admin or on the page.

Needs Debian's chromium at /usr/bin/chromium; skipped without it (failed under CI).
"""

from __future__ import annotations

import pytest
from django.db import connections

from articles.models import Article
from images.models import Image
from tests.factories import ArticleFactory, ImageFactory
from tests.images import picture_bytes
from tests.test_workflow_browser import log_in

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def test_journalist_chooses_uploads_and_embeds(browser, live_server, journalist_user, tmp_path):
    try:
        _write(browser, live_server.url, journalist_user, tmp_path)
    finally:
        connections.close_all()


def _write(browser, base, journalist_user, tmp_path) -> None:
    harbour = ImageFactory(alt_text="Boats in the harbour", caption="Harbour at dawn")
    ImageFactory(alt_text="A market stall", caption="Market")
    story = ArticleFactory(writers=[journalist_user.writer], body="<p>First paragraph.</p>")
    page = log_in(browser, base, journalist_user.username)
    violations: list[str] = []
    page.on(
        "console",
        lambda m: violations.append(m.text) if "Content Security Policy" in m.text else None,
    )
    page.goto(f"{base}/admin/articles/article/{story.pk}/change/")

    # The hero picture: search, then choose with the keyboard.
    page.click(".field-hero_image .image-chooser__choose")
    dialog = page.locator("dialog.image-picker").first
    dialog.locator("input[type=search]").fill("harbour")
    dialog.locator("input[type=search]").press("Enter")
    page.wait_for_selector("dialog.image-picker [role=status]:has-text('harbour')")
    assert dialog.locator(".image-picker__item").count() == 1
    dialog.locator(".image-picker__item").first.focus()
    page.keyboard.press("Enter")
    page.wait_for_selector("dialog.image-picker", state="detached")
    assert page.input_value("input[name=hero_image]") == str(harbour.pk)
    assert "Alt text: Boats in the harbour" in page.inner_text(".field-hero_image")

    # The word count and the previews follow the typing.
    assert page.inner_text("[data-aid=words]") == "2"
    page.locator(".field-body [contenteditable=true]").click()
    page.keyboard.press("End")
    page.keyboard.type(" Three more words")
    page.wait_for_selector("[data-aid=words]:text-is('5')")
    assert page.inner_text("[data-aid=minutes]") == "about 1 min read"
    headline = page.input_value("#id_headline")
    page.fill("#id_headline", "x" * 61)
    assert "61/60" in page.inner_text("[data-aid=title-count]")
    assert page.inner_text("[data-aid=og-title]") == "x" * 61
    page.fill("#id_headline", headline)

    # A picture in the body, uploaded on the spot.
    page.locator(".field-body [contenteditable=true]").click()
    page.keyboard.press("End")
    page.click(".field-body button:has-text('Picture')")
    dialog = page.locator("dialog.image-picker").first
    dialog.locator("summary").click()
    upload = tmp_path / "rice.jpg"
    upload.write_bytes(picture_bytes((320, 200)))
    dialog.locator("input[type=file]").set_input_files(str(upload))
    dialog.locator("input[name=alt_text]").fill("Rice fields after the rain")
    dialog.locator("input[name=caption]").fill("Rice in Cần Thơ")
    dialog.locator("button[type=submit]:has-text('Upload')").click()
    page.wait_for_selector("dialog.image-picker", state="detached")
    page.wait_for_selector(".field-body figure.body-node--picture")

    # A YouTube video.
    page.once("dialog", lambda d: d.accept("https://youtu.be/dQw4w9WgXcQ"))
    page.click(".field-body button:has-text('Embed')")
    page.wait_for_selector(".field-body figure.body-node--embed")

    page.click("input[name=_continue]")
    page.wait_for_selector(".messagelist .success")
    story.refresh_from_db()
    uploaded = Image.objects.get(alt_text="Rice fields after the rain")
    assert story.hero_image_id == harbour.pk
    assert f'<figure data-image="{uploaded.pk}"><figcaption>Rice in Cần Thơ</figcaption>' in (
        story.body
    )
    assert '<figure data-embed="https://www.youtube.com/watch?v=dQw4w9WgXcQ">' in story.body
    assert story.body.startswith("<p>First paragraph. Three more words</p>")

    # The story as readers will see it (the preview renders the public template).
    page.goto(f"{base}/preview/{story.pk}/")
    page.wait_for_selector(".body-figure picture img[alt='Rice fields after the rain']")
    page.wait_for_selector("iframe[src='https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ']")
    assert violations == []
    assert Article.objects.filter(pk=story.pk).exists()


def test_embeds_load_under_the_policy_of_their_page_only(browser, live_server):
    """A reader's page with embeds raises no policy violation, even when the post from X is
    loaded; on a page without embeds the same frame is blocked (frame-src falls back to
    'self'). Offline, the providers' frames and script fail to load, which is no violation."""
    from tests.test_csp_browser import LISTENER

    try:
        body = "".join(
            f'<figure data-embed="{url}"></figure>'
            for url in (
                "https://www.youtube.com/watch?v=dQw4w9WgXcQ",
                "https://twitter.com/vnexpress/status/1790000000000000000",
                "https://www.facebook.com/tuoitre/posts/123456789012345",
                "https://www.tiktok.com/@vtv24news/video/7300000000000000000",
            )
        )
        with_embeds = ArticleFactory(live=True, body=body)
        plain = ArticleFactory(live=True, body="<p>Nothing embedded.</p>")
        violations: list[dict] = []
        context = browser.new_context()
        context.expose_function("reportViolation", lambda v: violations.append(v))
        context.add_init_script(LISTENER)
        page = context.new_page()
        page.set_default_timeout(15_000)
        page.goto(live_server.url + with_embeds.get_absolute_url())
        page.wait_for_selector("iframe.embed__frame--youtube")
        page.click("button.embed__load")
        page.wait_for_selector(
            "script[src='https://platform.twitter.com/widgets.js']", state="attached"
        )
        page.wait_for_timeout(500)
        assert violations == []
        page.goto(live_server.url + plain.get_absolute_url())
        page.evaluate(
            """() => { const f = document.createElement("iframe");
            f.src = "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ";
            document.body.append(f); }"""
        )
        for _ in range(50):  # the report arrives asynchronously
            if violations:
                break
            page.wait_for_timeout(100)
        assert [v["directive"] for v in violations] == ["frame-src"]
        context.close()
    finally:
        connections.close_all()
