"""Live coverage on the reader's side: entries newest first with their anchors, key entries at
the top, the closing summary, and the visibility rule (live/querysets.py) on every surface: the
page, cached or not, the entries endpoint, the feed and the JSON-LD."""

from __future__ import annotations

import json
import re
from datetime import timedelta

import pytest
import time_machine
from django.utils import timezone

from live.models import Entry
from tests.factories import STATES, ArticleFactory, WriterFactory
from tests.live import cover, entry, live_story

pytestmark = pytest.mark.django_db


def _entries_url(story) -> str:
    return story.get_absolute_url() + "entries/"


def _anchors(html: str) -> list[str]:
    return re.findall(r'<article class="live-entry[^"]*" id="(entry-\d+)"', html)


def test_a_live_coverage_page_shows_entries_newest_first_with_their_anchors(reader):
    story, coverage = live_story()
    old = entry(coverage, "The first bands of rain.", ago=timedelta(hours=2))
    new = entry(coverage, "Winds reach 120 km/h.", ago=timedelta(minutes=5))
    html = reader.get(story.get_absolute_url()).content.decode()
    assert _anchors(html) == [f"entry-{new.pk}", f"entry-{old.pk}"]
    assert f'href="#entry-{new.pk}"' in html
    assert '<span class="live-label">Live</span>' in html
    assert "Winds reach 120 km/h." in html


def test_a_story_that_is_not_live_coverage_has_no_live_part(reader):
    story = ArticleFactory(live=True)
    html = reader.get(story.get_absolute_url()).content.decode()
    assert "live-label" not in html
    assert "live.js" not in html
    assert reader.get(_entries_url(story)).status_code == 404


def test_key_entries_are_summarised_at_the_top(reader):
    story, coverage = live_story()
    key = entry(coverage, "Landfall near Nha Trang.", is_key=True, ago=timedelta(hours=1))
    entry(coverage, "Power is out in two wards.")
    html = reader.get(story.get_absolute_url()).content.decode()
    summary = html.split('id="live-summary-heading"')[1].split("</section>")[0]
    assert f'href="#entry-{key.pk}"' in summary
    assert "Landfall near Nha Trang." in summary
    assert "Power is out" not in summary


def test_a_scheduled_entry_appears_at_its_second_on_a_cached_page(reader, settings):
    settings.NEWSROOM_PAGE_CACHE = True
    story, coverage = live_story()
    entry(coverage, "Now.")
    later = entry(coverage, "The 18:00 figures.", ahead=timedelta(minutes=10))
    url = story.get_absolute_url()
    assert "The 18:00 figures." not in reader.get(url).content.decode()
    assert "The 18:00 figures." not in reader.get(_entries_url(story)).content.decode()
    with time_machine.travel(later.publish_at - timedelta(seconds=1), tick=False):
        assert "The 18:00 figures." not in reader.get(url).content.decode()
        assert "The 18:00 figures." not in reader.get(_entries_url(story)).content.decode()
    with time_machine.travel(later.publish_at, tick=False):
        assert "The 18:00 figures." in reader.get(url).content.decode()
        assert "The 18:00 figures." in reader.get(_entries_url(story)).content.decode()


def test_a_withdrawn_entry_disappears_at_once_from_a_cached_page(reader, settings):
    settings.NEWSROOM_PAGE_CACHE = True
    story, coverage = live_story()
    wrong = entry(coverage, "A wrong figure.")
    url = story.get_absolute_url()
    assert "A wrong figure." in reader.get(url).content.decode()
    assert "A wrong figure." in reader.get(_entries_url(story)).content.decode()
    wrong.withdrawn_at = timezone.now()
    wrong.save()
    assert "A wrong figure." not in reader.get(url).content.decode()
    assert "A wrong figure." not in reader.get(_entries_url(story)).content.decode()


def test_a_corrected_entry_shows_its_note_and_time(reader):
    story, coverage = live_story()
    fixed = entry(coverage, "12 people were rescued.")
    fixed.correction = "An earlier version said 21."
    fixed.corrected_at = timezone.now()
    fixed.save()
    html = reader.get(story.get_absolute_url()).content.decode()
    assert "An earlier version said 21." in html
    assert 'class="live-entry__correction"' in html


@pytest.mark.parametrize("state", [s for s in STATES if s != "live"])
def test_entries_of_a_story_that_is_not_live_leak_nowhere(reader, state):
    story = ArticleFactory(**STATES[state], writers=[WriterFactory()])
    coverage = cover(story)
    entry(coverage, "Secret entry.")
    assert not Entry.objects.visible().exists()
    for url in (
        story.get_absolute_url(),
        _entries_url(story),
        f"/feeds/live/{story.pk}/atom/",
        f"/feeds/live/{story.pk}/rss/",
    ):
        response = reader.get(url)
        assert response.status_code == 404, url
        assert b"Secret entry." not in response.content


def test_ended_coverage_shows_the_closing_summary_and_stops_polling(reader):
    story, coverage = live_story()
    entry(coverage, "Last update.")
    coverage.ended_at = timezone.now()
    coverage.closing_summary = "The storm weakened.\n\nFour people died."
    coverage.save()
    html = reader.get(story.get_absolute_url()).content.decode()
    assert "Live coverage ended" in html
    assert "<p>The storm weakened.</p>" in html and "<p>Four people died.</p>" in html
    assert "live.js" not in html
    assert "Last update." in html


def test_older_entries_are_reachable_without_javascript(reader, settings):
    settings.NEWSROOM_LIVE_PAGE_SIZE = 3
    story, coverage = live_story()
    made = [entry(coverage, f"Update {i}.", ago=timedelta(minutes=60 - i)) for i in range(7)]
    newest_first = [f"entry-{e.pk}" for e in reversed(made)]
    html = reader.get(story.get_absolute_url()).content.decode()
    assert _anchors(html) == newest_first[:3]
    older = re.search(r'rel="next" href="(\?before=[^"]+)"', html)[1]
    page2 = reader.get(story.get_absolute_url() + older).content.decode()
    assert _anchors(page2) == newest_first[3:6]
    assert "live.js" not in page2  # only the newest page follows the coverage
    newer = re.search(r'rel="prev" href="(\?after=[^"]+)"', page2)[1]
    assert (
        _anchors(reader.get(story.get_absolute_url() + newer).content.decode())
        == (newest_first[:3])
    )
    older = re.search(r'rel="next" href="(\?before=[^"]+)"', page2)[1]
    page3 = reader.get(story.get_absolute_url() + older).content.decode()
    assert _anchors(page3) == newest_first[6:]
    assert 'rel="next"' not in page3


def test_a_bad_entries_cursor_is_a_404(reader):
    story, coverage = live_story()
    entry(coverage)
    assert reader.get(story.get_absolute_url() + "?before=nonsense").status_code == 404
    assert reader.get(story.get_absolute_url() + "?before=1-1&after=1-1").status_code == 404


def test_the_page_says_live_blog_posting_in_json_ld(reader):
    story, coverage = live_story()
    first = entry(coverage, "The first entry.", ago=timedelta(minutes=30))
    entry(coverage, "Hidden: scheduled.", ahead=timedelta(minutes=30))
    html = reader.get(story.get_absolute_url()).content.decode()
    blocks = [
        json.loads(b)
        for b in re.findall(r'<script type="application/ld\+json">(.*?)</script>', html)
    ]
    posting = next(b for b in blocks if b["@type"] == "LiveBlogPosting")
    assert posting["coverageStartTime"]
    assert "coverageEndTime" not in posting
    [update] = posting["liveBlogUpdate"]
    assert update["@type"] == "BlogPosting"
    assert update["url"].endswith(f"{story.get_absolute_url()}#entry-{first.pk}")
    assert update["author"][0]["name"] == "Lê Văn Bão"
    assert update["datePublished"]


def test_the_entries_feed_lists_visible_entries_and_the_page_links_it(reader):
    story, coverage = live_story()
    shown = entry(coverage, "Flooding in <b>Nha Trang</b>.")
    entry(coverage, "Scheduled.", ahead=timedelta(minutes=5))
    gone = entry(coverage, "Withdrawn.")
    gone.withdrawn_at = timezone.now()
    gone.save()
    html = reader.get(story.get_absolute_url()).content.decode()
    assert f'href="/feeds/live/{story.pk}/atom/"' in html
    feed = reader.get(f"/feeds/live/{story.pk}/atom/").content.decode()
    assert f"#entry-{shown.pk}" in feed
    assert "Flooding in Nha Trang." in feed
    assert "Scheduled." not in feed and "Withdrawn." not in feed
    rss = reader.get(f"/feeds/live/{story.pk}/rss/")
    assert rss.status_code == 200 and b"Flooding in" in rss.content


def test_the_endpoint_is_served_from_the_page_cache_and_revalidated(reader, settings):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    settings.NEWSROOM_PAGE_CACHE = True
    story, coverage = live_story()
    entry(coverage, "First.")
    url = _entries_url(story)
    first = reader.get(url)
    assert first.status_code == 200 and b'<template id="live-update"' in first.content
    with CaptureQueriesContext(connection) as queries:
        again = reader.get(url, headers={"If-None-Match": first["ETag"]})
    assert again.status_code == 304
    assert len(queries) == 0
    entry(coverage, "Second.")
    fresh = reader.get(url, headers={"If-None-Match": first["ETag"]})
    assert fresh.status_code == 200 and b"Second." in fresh.content


def test_an_open_coverage_page_allows_every_embed_provider_and_loads_its_script(reader):
    story, coverage = live_story()
    entry(coverage, "Text only.")
    response = reader.get(story.get_absolute_url())
    policy = response["Content-Security-Policy"]
    assert "https://www.youtube-nocookie.com" in policy
    assert "script-src 'self'" in policy
    html = response.content.decode()
    assert '<script src="/static/js/live.js' in html or "js/live." in html
    assert re.search(r"<script(?![^>]*\bsrc=)(?![^>]*application/ld\+json)", html) is None


def test_a_story_that_is_not_live_coverage_keeps_its_strict_policy(reader):
    story = ArticleFactory(live=True)
    assert "youtube" not in reader.get(story.get_absolute_url())["Content-Security-Policy"]
