"""The most-read count in headless Chromium: the story page's script sends its beacon once, the
read is counted once however often the reader comes back, and a headless browser that says so
in its User-Agent is not counted (docs/mostread.md). Chromium at /usr/bin/chromium (the
`browser` fixture, tests/conftest.py).
"""

from __future__ import annotations

import time

import pytest

from mostread import ranking
from tests.factories import ArticleFactory, SectionFactory

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

# What a reader's Chromium says; headless Chromium's own agent names itself HeadlessChrome.
READER = (
    "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/131.0.0.0 Safari/537.36"
)


@pytest.fixture
def story(db):
    return ArticleFactory(live=True, headline="Storm No. 15 nears the coast",
                          section=SectionFactory(name="World", slug="world"))  # fmt: skip


def _read(page, url: str) -> int:
    """Open a story page and wait for its beacon; the beacon's status."""
    with page.expect_response(lambda response: "/most-read/read/" in response.url) as beacon:
        page.goto(url)
    return beacon.value.status


def test_a_reader_is_counted_once_however_often_they_come_back(browser, live_server, story):
    page = browser.new_context(user_agent=READER).new_page()
    url = live_server.url + story.get_absolute_url()
    assert _read(page, url) == 204
    assert _read(page, url) == 204
    page.goto(live_server.url + "/")
    assert _read(page, url) == 204
    assert dict(ranking.count(time.time())) == {story.pk: 1}


def test_a_headless_browser_that_says_so_is_not_counted(browser, live_server, story):
    page = browser.new_context().new_page()
    assert "HeadlessChrome" in page.evaluate("navigator.userAgent")
    assert _read(page, live_server.url + story.get_absolute_url()) == 204
    assert ranking.count(time.time()) == []
