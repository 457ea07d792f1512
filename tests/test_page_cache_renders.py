"""One render per missing page (pagecache/renders.py): concurrent requests for a page nobody holds
a copy of wait for one render, never for a copy they may not be served, and render themselves
when the wait times out, the renderer stored nothing, or the cache cannot tell.

Threads, each with its own test client, in local memory and in Redis (127.0.0.1:6379, a key
prefix of its own), with committed data (transactional tests, which restore the database as
the others in the suite do) so every thread reads it.
"""

from __future__ import annotations

import threading
import time
import uuid

import pytest
from django.db import connection

from pagecache import renders, shared, views
from tests.factories import ArticleFactory, SectionFactory
from tests.redis_server import redis_cache_settings

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.fixture(autouse=True, params=["locmem", "redis"])
def page_cache(request, settings):
    settings.NEWSROOM_PAGE_CACHE_WAIT_MS = 5000
    if request.param == "locmem":
        settings.CACHES = {
            "default": {
                "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
                "LOCATION": f"renders-{uuid.uuid4()}",
            }
        }
        yield request.param
        return
    with redis_cache_settings() as config:
        settings.CACHES = {"default": config}
        yield request.param


@pytest.fixture
def story():
    return ArticleFactory(headline="Talks resume in Geneva", live=True,
                          section=SectionFactory(name="World"))  # fmt: skip


class Renders:
    """The renders of cacheable pages (pagecache.views._render_and_store), each made to take
    `slow` seconds longer so that the other requests arrive while it runs."""

    def __init__(self) -> None:
        self.paths: list[str] = []
        self.slow = 0.3

    def wrap(self, render):
        def counted(request, *args, **kwargs):
            self.paths.append(request.path)
            time.sleep(self.slow)
            return render(request, *args, **kwargs)

        return counted


@pytest.fixture
def rendered(monkeypatch) -> Renders:
    renders_seen = Renders()
    monkeypatch.setattr(views, "_render_and_store", renders_seen.wrap(views._render_and_store))
    return renders_seen


def _burst(url: str, count: int) -> list:
    """`count` anonymous readers asking for `url` at the same moment: their answers."""
    from django.test import Client

    answers: list = [None] * count
    start = threading.Barrier(count)

    def read(index: int) -> None:
        try:
            start.wait()
            answers[index] = Client().get(url)
        finally:
            connection.close()

    threads = [threading.Thread(target=read, args=(i,)) for i in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return answers


def test_concurrent_misses_wait_for_one_render(story, rendered):
    answers = _burst(story.get_absolute_url(), 8)
    assert [answer.status_code for answer in answers] == [200] * 8
    assert len({answer.content for answer in answers}) == 1
    assert b"Talks resume in Geneva" in answers[0].content
    assert rendered.paths == [story.get_absolute_url()]


def test_without_waiting_every_concurrent_miss_renders(story, rendered, settings):
    settings.NEWSROOM_PAGE_CACHE_WAIT_MS = 0  # what it was before
    answers = _burst(story.get_absolute_url(), 4)
    assert [answer.status_code for answer in answers] == [200] * 4
    assert len(rendered.paths) == 4


def test_after_a_publication_the_burst_renders_once_and_shows_it(story, rendered):
    from django.test import Client

    Client().get("/world/")
    ArticleFactory(headline="Ceasefire agreed", live=True, section=story.section)
    rendered.paths.clear()
    answers = _burst("/world/", 6)
    assert all(b"Ceasefire agreed" in answer.content for answer in answers)
    assert rendered.paths == ["/world/"]


def test_a_waiter_never_gets_a_copy_rendered_before_a_write(story, rendered, monkeypatch):
    """The renderer reads the old rows, an editor saves, the renderer finishes: its copy is not
    stored, so the waiters render the page again, with the edit."""
    import public.selectors

    real = public.selectors.front_page
    edits = []

    def read_then_someone_saves(**kwargs):
        page = real(**kwargs)
        if not edits:
            edits.append(1)
            story.headline = "Talks collapse in Geneva"
            story.save()
        return page

    monkeypatch.setattr(public.selectors, "front_page", read_then_someone_saves)
    answers = _burst("/", 4)
    # The request that rendered from the old rows (it came before the edit) gets its page...
    assert sum(b"Talks resume" in answer.content for answer in answers) == 1
    # ...and the waiters, not served that copy, each render the page with the edit.
    assert sum(b"Talks collapse" in answer.content for answer in answers) == 3
    assert len(rendered.paths) == 4


def test_a_waiter_renders_itself_when_the_wait_times_out(story, rendered, settings):
    from django.test import Client

    settings.NEWSROOM_PAGE_CACHE_WAIT_MS = 200
    rendered.slow = 0
    # A renderer that is still at it after the wait (a stuck one: its lock lasts 10 s).
    location = f"testserver{story.get_absolute_url()}?"
    assert shared.lock(renders.lock_key(location), 1, 10_000)
    response = Client().get(story.get_absolute_url())
    assert response.status_code == 200 and b"Talks resume" in response.content
    assert rendered.paths == [story.get_absolute_url()]


def test_a_page_that_is_not_stored_is_rendered_by_each_waiter(rendered):
    answers = _burst("/no-such-section/", 3)
    assert [answer.status_code for answer in answers] == [404] * 3
    assert len(rendered.paths) == 3  # the lock was released, no copy: each renders
