"""Screenshots of the desk and the workflow panel for docs/workflow.md (`make screenshots`).

Builds a throwaway demo database under var/screenshots/, gives the demo logins a day's work
(a returned story, two waiting for review, one going out this afternoon), serves it with
`runserver` and photographs the pages with Playwright driving Debian's chromium
(/usr/bin/chromium, or NEWSROOM_CHROMIUM; never `playwright install`). Writes docs/img/*.png.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
WORK = ROOT / "var" / "screenshots"
OUT = ROOT / "docs" / "img"
PORT = int(os.environ.get("SCREENSHOTS_PORT", "8765"))
BASE = f"http://127.0.0.1:{PORT}"
CHROMIUM = os.environ.get("NEWSROOM_CHROMIUM", "/usr/bin/chromium")

ENV = {
    **os.environ,
    "DJANGO_SETTINGS_MODULE": "newsroom.settings",
    "DJANGO_DEBUG": "true",
    "DJANGO_HTTPS": "false",
    "DATABASE_URL": f"sqlite:///{WORK / 'db.sqlite3'}",
    "DJANGO_MEDIA_ROOT": str(WORK / "media"),
    "NEWSROOM_INCOMING_ROOT": str(WORK / "incoming"),
    "NEWSROOM_TASKS_BACKEND": "immediate",
    "EMAIL_URL": "locmem://",
}

# A day's work, made through the workflow's own moves.
DAY = """
from datetime import timedelta
from django.contrib.auth.models import User
from django.utils import timezone
from articles.models import Article
from workflow import transitions
from workflow.models import EditLock

ha, editor = User.objects.get(username="journalist"), User.objects.get(username="editor")
editor.first_name, editor.last_name = "Minh", "Anh"
editor.save()
mine = list(Article.objects.live().by_writer(ha.writer).order_by("-publish_at")[:4])
others = Article.objects.live().exclude(pk__in=[a.pk for a in mine])
stories = list(others.order_by("-publish_at")[:12])


def as_draft(story):
    Article.objects.filter(pk=story.pk).update(status="draft", publish_at=None, expire_at=None)
    story.refresh_from_db()
    return story


returned = as_draft(mine[0])
transitions.submit(returned, by=ha)
transitions.return_to_writer(
    returned, by=editor, note="Good story. Name the source of the toll and cut the third paragraph."
)
waiting = as_draft(mine[1])
transitions.submit(waiting, by=ha)
other = as_draft(stories[8])
transitions.submit(other, by=editor)
soon = as_draft(stories[9])
transitions.schedule(
    soon, by=editor, publish_at=timezone.now() + timedelta(hours=5), past_warnings=9
)
transitions.add_correction(stories[2], by=editor, note="The bridge is 2 km long, not 20 km.")
EditLock.objects.create(article=stories[3], user=ha)
print("review", waiting.pk)
"""


def manage(*args: str, **kwargs) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=ENV, check=True, **kwargs
    )


def main() -> None:
    shutil.rmtree(WORK, ignore_errors=True)
    WORK.mkdir(parents=True)
    OUT.mkdir(parents=True, exist_ok=True)
    manage("migrate", "--noinput", "--verbosity", "0")
    manage("seed_demo", "--with-accounts", stdout=subprocess.DEVNULL)
    made = manage("shell", "-c", DAY, stdout=subprocess.PIPE, text=True).stdout
    review_pk = int(made.split("review")[-1].split()[0])
    server = subprocess.Popen(
        [sys.executable, "manage.py", "runserver", "--noreload", f"127.0.0.1:{PORT}"],
        cwd=ROOT,
        env=ENV,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        _wait_for(BASE + "/admin/login/")
        _photograph(review_pk)
    finally:
        server.terminate()
        server.wait(timeout=10)


def _wait_for(url: str) -> None:
    for _ in range(100):
        try:
            urllib.request.urlopen(url, timeout=2)
            return
        except OSError:
            time.sleep(0.3)
    raise SystemExit(f"The server did not answer at {url}")


def _photograph(review_pk: int) -> None:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=["--no-sandbox"]
        )
        for login, password, shots in [
            ("journalist", "journalist-demo", [("/admin/", "desk-journalist.png")]),
            (
                "editor",
                "editor-demo",
                [
                    ("/admin/", "desk-editor.png"),
                    (f"/admin/articles/article/{review_pk}/change/", "panel.png"),
                ],
            ),
        ]:
            page = browser.new_page(viewport={"width": 1280, "height": 900})
            page.goto(BASE + "/admin/login/")
            page.fill("input[name=username]", login)
            page.fill("input[name=password]", password)
            page.click("input[type=submit]")
            page.wait_for_url(BASE + "/admin/")
            for path, name in shots:
                page.goto(BASE + path)
                if name == "panel.png":
                    page.locator(".workflow-panel").screenshot(path=str(OUT / name))
                else:
                    page.screenshot(path=str(OUT / name), full_page=True)
                sys.stdout.write(f"docs/img/{name}\n")
            page.close()
        browser.close()


if __name__ == "__main__":
    main()
