"""The copies of pages a process keeps (pagecache/local.py): bounded by the bytes of the bodies,
least recently used out first. Whether a copy may be served is tests/test_page_cache.py's."""

from __future__ import annotations

import pytest

from pagecache import local

KB = 1024


def _entry(kilobytes: int) -> dict:
    return {"id": kilobytes, "body": b"x" * kilobytes * KB}


@pytest.fixture(autouse=True)
def budget(settings):
    settings.NEWSROOM_PAGE_CACHE_LOCAL_MB = 1
    local.clear()
    yield
    local.clear()


def test_a_kept_copy_is_found_by_its_key():
    entry = _entry(10)
    local.keep("a", entry)
    assert local.get("a") is entry
    assert local.get("b") is None


def test_the_least_recently_used_copies_go_first_past_the_budget():
    local.keep("a", _entry(400))
    local.keep("b", _entry(400))
    local.get("a")  # used since "b" was kept
    local.keep("c", _entry(400))
    assert local.get("b") is None
    assert local.get("a") is not None and local.get("c") is not None
    assert local.size() == 800 * KB


def test_a_new_copy_of_a_page_replaces_the_old_one():
    local.keep("a", _entry(100))
    local.keep("a", _entry(200))
    assert local.get("a")["id"] == 200
    assert local.size() == 200 * KB


def test_a_body_larger_than_the_budget_is_not_kept(settings):
    local.keep("a", _entry(100))
    local.keep("a", _entry(2 * KB))
    assert local.get("a") is None
    assert local.size() == 0


def test_a_budget_of_zero_keeps_nothing(settings):
    settings.NEWSROOM_PAGE_CACHE_LOCAL_MB = 0
    local.keep("a", _entry(1))
    assert local.get("a") is None


def test_a_forgotten_copy_is_gone():
    local.keep("a", _entry(10))
    local.forget("a")
    assert local.get("a") is None and local.size() == 0
