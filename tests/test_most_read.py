"""Most read, first party: reads counted by the site from a beacon, without cookies or personal
data, robots and repeats left out; the list of the most-read live stories spliced into cached
pages, fresh within a minute, with no page invalidated for it (docs/mostread.md).

Every test runs against local memory and against the real Redis on 127.0.0.1:6379 (a key
prefix of its own), as tests/test_page_cache.py does.
"""

from __future__ import annotations

import pickle
import uuid
from datetime import timedelta

import pytest
import time_machine
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from articles.models import Article
from mostread import clients, counting, ranking
from public import most_read
from tests.factories import HIDDEN_STATES, STATES, ArticleFactory, SectionFactory
from tests.redis_server import redis_cache_settings

pytestmark = pytest.mark.django_db

BROWSER = (
    "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/131.0.0.0 Safari/537.36"
)
GOOGLEBOT = "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)"
BEACON = "/most-read/read/"


@pytest.fixture(autouse=True, params=["locmem", "redis"])
def shared_cache(request, settings):
    if request.param == "locmem":
        settings.CACHES = {
            "default": {
                "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
                "LOCATION": f"most-read-{uuid.uuid4()}",
                "OPTIONS": {"MAX_ENTRIES": 100_000},  # as newsroom.env.cache_config
            }
        }
        yield request.param
        return
    with redis_cache_settings() as redis_cache:
        settings.CACHES = {"default": redis_cache}
        yield request.param


@pytest.fixture
def world():
    return SectionFactory(name="World")


@pytest.fixture
def story(world):
    return ArticleFactory(headline="Storm No. 15 nears the coast", live=True, section=world)


def _beacon(client, story_id, *, token=None, ip="203.0.113.7", agent=BROWSER, **headers):
    headers.setdefault("HTTP_SEC_FETCH_SITE", "same-origin")
    data = {"story": str(story_id), "token": clients.story_token(int(story_id))}
    if token is not None:
        data["token"] = token
    return client.post(BEACON, data, REMOTE_ADDR=ip, HTTP_USER_AGENT=agent, **headers)


def _reads() -> dict[int, int]:
    return dict(ranking.count(timezone.now().timestamp()))


def _read(story: Article, reads: int, *, hours_ago: int = 0) -> None:
    now = timezone.now().timestamp()
    counting.add_reads(story.pk, reads, counting.hour_of(now) - hours_ago)


def _most_read(html: str) -> list[str]:
    """The headlines of the most-read list in a page, in order."""
    if 'class="most-read__list"' not in html:
        return []
    block = html.split('class="most-read__list"', 1)[1].split("</ol>", 1)[0]
    return [item.split("</a>", 1)[0].rsplit(">", 1)[1] for item in block.split("<li>")[1:]]


def _get(client, url: str, **headers):
    response = client.get(url, **headers)
    assert response.status_code == 200, url
    return response


# --- Counting -----------------------------------------------------------------------------------


def test_a_beacon_counts_a_read_without_a_query(client, story):
    with CaptureQueriesContext(connection) as queries:
        response = _beacon(client, story.pk)
    assert response.status_code == 204
    assert "no-store" in response["Cache-Control"]
    assert not response.cookies
    assert len(queries) == 0
    assert _reads() == {story.pk: 1}


def test_the_story_page_carries_the_beacon(client, story):
    html = _get(client, story.get_absolute_url()).content.decode()
    assert 'src="/static/js/most-read.js"' in html
    assert f'data-story="{story.pk}"' in html
    assert f'data-token="{clients.story_token(story.pk)}"' in html


def test_a_robot_is_not_counted(client, story):
    assert _beacon(client, story.pk, agent=GOOGLEBOT).status_code == 204
    assert (
        _beacon(client, story.pk, agent="HeadlessChrome/120.0", ip="198.51.100.1").status_code
        == 204
    )
    assert _reads() == {}


@pytest.mark.parametrize(
    "headers",
    [
        {"HTTP_SEC_FETCH_SITE": "cross-site"},  # another site's page
        {"HTTP_SEC_FETCH_SITE": "none"},  # typed into the address bar
        {"HTTP_USER_AGENT": ""},
    ],
)
def test_a_request_without_a_browsers_signals_is_not_counted(client, story, headers):
    headers = dict(headers)  # the parameter is shared by the locmem and redis runs
    agent = headers.pop("HTTP_USER_AGENT", BROWSER)
    assert _beacon(client, story.pk, agent=agent, **headers).status_code == 204
    assert _reads() == {}


def test_without_fetch_metadata_only_an_origin_on_this_site_is_counted(client, story):
    plain = {"HTTP_SEC_FETCH_SITE": None}
    client.post(BEACON, {"story": story.pk, "token": clients.story_token(story.pk)},
                REMOTE_ADDR="203.0.113.1", HTTP_USER_AGENT=BROWSER)  # fmt: skip
    _beacon(client, story.pk, ip="203.0.113.2", HTTP_ORIGIN="https://elsewhere.example", **plain)
    assert _reads() == {}
    _beacon(client, story.pk, ip="203.0.113.3", HTTP_ORIGIN="http://testserver", **plain)
    assert _reads() == {story.pk: 1}


def test_repeated_beacons_from_one_client_count_once(client, story):
    for _ in range(5):
        assert _beacon(client, story.pk).status_code == 204
    assert _reads() == {story.pk: 1}
    _beacon(client, story.pk, ip="203.0.113.99")  # another reader
    _beacon(client, story.pk, agent=BROWSER.replace("131", "130"))  # another browser there
    assert _reads() == {story.pk: 3}


def test_the_next_day_a_client_is_counted_again(client, story):
    morning = timezone.now().replace(hour=10, minute=0)
    with time_machine.travel(morning, tick=False):
        _beacon(client, story.pk)
        _beacon(client, story.pk)
        assert _reads() == {story.pk: 1}
    with time_machine.travel(morning + timedelta(hours=23), tick=False):  # 09:00 the next day
        _beacon(client, story.pk)
        assert _reads() == {story.pk: 2}


def test_a_flood_answers_204_quickly_and_counts_nothing_extra(client, story, world, settings):
    settings.NEWSROOM_MOST_READ_CLIENT_LIMIT = 5  # beacons a client may send in an hour
    others = [ArticleFactory(live=True, section=world) for _ in range(8)]
    with CaptureQueriesContext(connection) as queries:
        statuses = {_beacon(client, other.pk).status_code for other in others[:3]}
        statuses |= {_beacon(client, story.pk).status_code for _ in range(300)}
        statuses |= {_beacon(client, other.pk).status_code for other in others[3:]}
    assert statuses == {204}
    assert len(queries) == 0
    # Three stories, then the fourth once; past five beacons nothing of this client counts.
    assert _reads() == {**{other.pk: 1 for other in others[:3]}, story.pk: 1}


def test_a_client_past_its_limit_does_not_hold_back_others(client, story, world, settings):
    settings.NEWSROOM_MOST_READ_CLIENT_LIMIT = 1
    other = ArticleFactory(live=True, section=world)
    _beacon(client, story.pk)
    _beacon(client, other.pk)
    _beacon(client, other.pk, ip="203.0.113.50")
    assert _reads() == {story.pk: 1, other.pk: 1}


@pytest.mark.parametrize(
    "data",
    [
        {"story": "abc"},
        {"story": "12abc"},
        {"story": "-1"},
        {"story": "١٢"},  # digits, but not ASCII ones
        {"story": str(2**64)},
        {},
        {"story": "1", "token": "0" * 20},  # a token this site did not give
    ],
)
def test_bad_input_gets_400_and_counts_nothing(client, story, data):
    data = {"token": clients.story_token(story.pk), **data}
    response = client.post(BEACON, data, HTTP_USER_AGENT=BROWSER, HTTP_SEC_FETCH_SITE="same-origin")
    assert response.status_code == 400
    assert "no-store" in response["Cache-Control"]
    assert _reads() == {}


def test_a_body_larger_than_a_beacon_is_refused(client, story):
    data = {"story": str(story.pk), "token": clients.story_token(story.pk), "x": "y" * 500}
    response = client.post(BEACON, data, HTTP_USER_AGENT=BROWSER, HTTP_SEC_FETCH_SITE="same-origin")
    assert response.status_code == 400
    assert _reads() == {}


def test_only_post_is_accepted(client, story):
    assert client.get(BEACON, {"story": story.pk}).status_code == 405


def test_a_story_the_site_never_showed_counts_nothing(client, world):
    draft = ArticleFactory(section=world)  # its id is easy to guess; its token is not
    assert _beacon(client, draft.pk, token="").status_code == 400
    assert _beacon(client, draft.pk + 1000, token=clients.story_token(1)).status_code == 400
    assert _reads() == {}


def test_nothing_personal_is_stored(client, story, shared_cache):
    ip, agent = "203.0.113.77", BROWSER + " Vivaldi/7.0"
    _beacon(client, story.pk, ip=ip, agent=agent)
    assert _reads() == {story.pk: 1}
    stored = _everything_stored(shared_cache)
    assert stored
    for secret in (ip, agent, "Vivaldi", "203.0.113"):
        assert secret.encode() not in stored


def _everything_stored(kind: str) -> bytes:
    """Every key and value in the cache, as bytes."""
    if kind == "locmem":
        backend = cache._cache  # type: ignore[attr-defined]
        return b"".join(key.encode() + value for key, value in backend.items())
    client = cache._cache.get_client()  # type: ignore[attr-defined]
    keys = client.keys(f"{cache.key_prefix}*")
    return b"".join(key + (client.get(key) or b"") for key in keys) + pickle.dumps(keys)


# --- The list -----------------------------------------------------------------------------------


def test_the_list_shows_the_most_read_live_stories_in_order(client, story, world):
    second = ArticleFactory(headline="Talks resume in Geneva", live=True, section=world)
    third = ArticleFactory(headline="Rice prices rise", live=True, section=world)
    _read(story, 5)
    _read(second, 9, hours_ago=3)
    _read(third, 2)
    _read(third, 2, hours_ago=23)
    _read(story, 50, hours_ago=24)  # more than a day ago
    for url in ["/", story.get_absolute_url()]:
        html = _get(client, url).content.decode()
        assert _most_read(html) == [second.headline, story.headline, third.headline], url


def test_the_list_shows_at_most_the_configured_number(client, world, settings):
    settings.NEWSROOM_MOST_READ_COUNT = 3
    for reads in range(1, 6):
        _read(ArticleFactory(live=True, section=world, headline=f"Story {reads}"), reads)
    assert _most_read(_get(client, "/").content.decode()) == ["Story 5", "Story 4", "Story 3"]


def test_without_reads_there_is_no_list(client, story):
    html = _get(client, "/").content.decode()
    assert "most-read" not in html.replace("most-read.js", "")
    assert "<!--part:" not in html


@pytest.mark.parametrize("state", HIDDEN_STATES)
def test_a_story_that_is_not_live_never_shows_in_the_list(client, story, world, state):
    hidden = ArticleFactory(headline="Not for readers", section=world, **STATES[state])
    _read(hidden, 100)
    _read(story, 1)
    for url in ["/", story.get_absolute_url()]:
        assert _most_read(_get(client, url).content.decode()) == [story.headline], url


def test_a_story_withdrawn_a_second_ago_leaves_the_list_of_a_cached_page(client, story, world):
    other = ArticleFactory(headline="Rice prices rise", live=True, section=world)
    _read(story, 5)
    _read(other, 3)
    page = other.get_absolute_url()
    assert _most_read(_get(client, page).content.decode()) == [story.headline, other.headline]
    story.status = Article.Status.WITHDRAWN
    story.save()
    with CaptureQueriesContext(connection) as queries:
        html = _get(client, page).content.decode()
    assert _most_read(html) == [other.headline]
    assert len(queries) == 1  # the list made again; the page itself came from the cache


def test_a_story_leaves_the_list_at_its_expiry(client, story, world):
    expiring = ArticleFactory(headline="Ends at noon", live=True, section=world,
                              expire_at=timezone.now() + timedelta(seconds=30))  # fmt: skip
    _read(expiring, 9)
    _read(story, 1)
    page = story.get_absolute_url()
    assert _most_read(_get(client, page).content.decode()) == [expiring.headline, story.headline]
    with time_machine.travel(expiring.expire_at, tick=False):
        assert _most_read(_get(client, page).content.decode()) == [story.headline]


def _page_entry(url: str) -> dict:
    from django.test import RequestFactory

    from pagecache import store

    page_key, _ = store.keys_for(store.location(RequestFactory().get(url)))
    return cache.get(page_key)


def test_the_list_changes_within_a_minute_on_a_cached_page_that_stays_cached(
    client, story, world, settings
):
    settings.NEWSROOM_PAGE_CACHE_SECONDS = 3600
    rising = ArticleFactory(headline="Rice prices rise", live=True, section=world)
    _read(story, 5)
    _read(rising, 1)
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        for url in ["/", story.get_absolute_url()]:
            assert _most_read(_get(client, url).content.decode()) == [
                story.headline,
                rising.headline,
            ]
        stored = {url: _page_entry(url)["id"] for url in ["/", story.get_absolute_url()]}
        _read(rising, 10)
        with time_machine.travel(start + timedelta(seconds=30), tick=False):
            # Within the minute the list may be the one before.
            assert _most_read(_get(client, "/").content.decode())[0] == story.headline
    with time_machine.travel(
        start + timedelta(seconds=settings.NEWSROOM_MOST_READ_REFRESH_SECONDS)
    ):
        with CaptureQueriesContext(connection) as queries:
            pages = {url: _get(client, url).content.decode() for url in stored}
        assert len(queries) == 1  # the list, made once for both pages; no page rendered
        for url, html in pages.items():
            assert _most_read(html) == [rising.headline, story.headline], url
            assert _page_entry(url)["id"] == stored[url], url  # the same stored copy


def test_a_hit_with_a_fresh_list_asks_nothing_more_of_the_database_or_the_cache(
    client, story, monkeypatch
):
    _read(story, 5)
    _get(client, "/")
    _get(client, "/world/")  # no list on section pages
    calls = _count_cache_calls(monkeypatch)
    with CaptureQueriesContext(connection) as queries:
        _get(client, "/")
        with_list = len(calls)
        _get(client, "/world/")
    assert len(queries) == 0
    assert with_list == len(calls) - with_list  # the same round trips as a page without it


def _count_cache_calls(monkeypatch) -> list[str]:
    calls: list[str] = []
    backend = cache._connections[cache._alias]  # type: ignore[attr-defined]
    for name in ["get", "get_many", "set", "set_many", "add", "incr", "delete", "delete_many"]:
        real = getattr(backend, name)
        monkeypatch.setattr(backend, name, _counted(real, name, calls))
    return calls


def _counted(real, name, calls):
    def call(*args, **kwargs):
        calls.append(name)
        return real(*args, **kwargs)

    return call


def test_a_browser_holding_the_page_gets_the_new_list_not_a_304(client, story, world, settings):
    rising = ArticleFactory(headline="Rice prices rise", live=True, section=world)
    _read(story, 5)
    first = _get(client, "/")
    unchanged = client.get("/", HTTP_IF_NONE_MATCH=first["ETag"])
    assert unchanged.status_code == 304
    _read(rising, 10)
    later = timezone.now() + timedelta(seconds=settings.NEWSROOM_MOST_READ_REFRESH_SECONDS)
    with time_machine.travel(later):
        again = client.get("/", HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 200
    assert again["ETag"] != first["ETag"]
    assert _most_read(again.content.decode())[0] == rising.headline


def test_the_list_is_the_same_for_logged_in_readers_and_without_the_page_cache(
    client, story, editor_user, settings
):
    _read(story, 5)
    settings.NEWSROOM_PAGE_CACHE = False
    assert _most_read(_get(client, "/").content.decode()) == [story.headline]
    settings.NEWSROOM_PAGE_CACHE = True
    client.force_login(editor_user)
    assert _most_read(_get(client, "/").content.decode()) == [story.headline]


def test_the_tally_is_added_up_once_per_refresh(client, story, monkeypatch):
    _read(story, 5)
    adds = []
    real = ranking.count
    monkeypatch.setattr(ranking, "count", lambda now: adds.append(now) or real(now))
    for _ in range(3):
        _get(client, "/")
        _get(client, story.get_absolute_url())
    assert len(adds) == 1


# --- The demo -----------------------------------------------------------------------------------


def test_the_demo_has_a_most_read_list_led_by_the_storm_story(client):
    from demo.seed import DEMO_PINS, seed

    seed(generated=20)
    listed = _most_read(_get(client, "/").content.decode())
    assert len(listed) == 5
    assert listed[0] == DEMO_PINS[0][2], listed


def test_make_runs_server_gives_the_demo_reads_at_its_first_request(client):
    from django.core.signals import request_started

    from demo.apps import _seed_reads_once
    from demo.seed import seed

    seed(generated=20)
    cache.clear()  # `seed_demo` ran in another process: its cache in local memory is not here
    request_started.connect(_seed_reads_once, dispatch_uid="demo-reads")
    assert _most_read(_get(client, "/").content.decode())
    cache.clear()
    most_read.forget()
    assert _most_read(_get(client, "/").content.decode()) == []  # only at the first request
