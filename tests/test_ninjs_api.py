"""The ninjs 2.1 content API: every object it emits validates against the vendored schema."""

from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from articles.models import Article
from images.models import Image
from ninjs.validation import schema_errors
from tests.discovery import full_story
from tests.factories import HIDDEN_STATES, STATES, ArticleFactory, ImageFactory, WriterFactory

pytestmark = pytest.mark.django_db

BASE = "http://testserver"
LIST = "/api/ninjs/articles/"


def _get(client, url, params=None, status=200) -> dict:
    response = client.get(url, params or {})
    assert response.status_code == status, response.content
    assert response["Content-Type"] == "application/json"
    return response.json()


def _valid(item: dict) -> dict:
    assert schema_errors(item) == []
    return item


def _all_items(client, params=None) -> list[dict]:
    """Follow `next` to the end, as a syncing partner would."""
    page = _get(client, LIST, params)
    items = list(page["items"])
    while page["next"]:
        page = _get(client, page["next"].removeprefix(BASE))
        items += page["items"]
    return items


def test_detail_maps_the_whole_story_and_validates(reader):
    story = full_story(expire_at=timezone.now() + timedelta(days=30))
    item = _valid(_get(reader, f"{LIST}{story.pk}/"))
    assert item["uri"] == f"{BASE}{LIST}{story.pk}/"
    assert item["type"] == "text" and item["language"] == "en"
    assert item["headlines"][0] == {
        "role": "main", "contenttype": "text/plain", "value": story.headline
    }  # fmt: skip
    assert item["descriptions"][0]["value"] == story.lead
    [body] = item["bodies"]
    assert body["contenttype"] == "text/html" and body["value"] == story.body
    assert item["by"] == "Thanh Hà"
    assert [(p["name"], p["rel"]) for p in item["people"]] == [
        ("Thanh Hà", "reporter"), ("Nguyễn Văn Đức", "translator")
    ]  # fmt: skip
    assert [(s["name"], s["rel"]) for s in item["subjects"]] == [
        ("World", "section"), ("Ukraine", "tag"), ("Đà Nẵng", "tag")
    ]  # fmt: skip
    assert item["located"] == "Washington"
    assert item["places"] == [{"name": "Washington", "rel": "located"}]
    assert item["firstcreated"] == "2024-11-18T02:30:00+00:00"
    assert item["copyrightholder"] == "Newsroom Daily"
    [web] = item["renditions"]
    assert web["href"] == f"{BASE}{story.get_absolute_url()}"
    [picture] = item["associations"]
    assert picture["type"] == "picture"
    shared = story.hero_image.pick(1280)
    assert picture["renditions"][0]["href"] == f"{BASE}{shared.url}"
    assert picture["renditions"][0]["width"] == shared.width == 64


HOSTILE = '<script>alert(1)</script> &lt;b&gt; a & b "Đà Nẵng"'


def test_every_text_field_is_labelled_plain_text_and_sent_as_typed(reader):
    """A partner renders text/html as markup: plain text must say text/plain, and carry the
    text exactly as typed (no escaping of its own)."""
    story = full_story(headline=f"Headline {HOSTILE}", kicker="Kicker <b>", lead=f"Lead {HOSTILE}")
    Image.objects.filter(pk=story.hero_image_id).update(
        alt_text=f"Alt {HOSTILE}", caption=f"Caption {HOSTILE}"
    )
    item = _valid(_get(reader, f"{LIST}{story.pk}/"))
    [picture] = item["associations"]
    texts = [*item["headlines"], *item["descriptions"], *picture["headlines"],
             *picture["descriptions"]]  # fmt: skip
    assert [(t["contenttype"], t["value"]) for t in texts] == [
        ("text/plain", f"Headline {HOSTILE}"),
        ("text/plain", "Kicker <b>"),
        ("text/plain", f"Lead {HOSTILE}"),
        ("text/plain", f"Caption {HOSTILE}"),
        ("text/plain", f"Alt {HOSTILE}"),
    ]


def test_a_bare_story_validates_too(reader):
    story = ArticleFactory(live=True, body="", dateline="")
    item = _valid(_get(reader, f"{LIST}{story.pk}/"))
    assert "by" not in item and "associations" not in item and "places" not in item


def test_every_item_of_the_list_validates(reader):
    full_story()
    ArticleFactory.create_batch(3, live=True, writers=[WriterFactory()], tags=["Huế"])
    items = _all_items(reader)
    assert len(items) == 4
    for item in items:
        _valid(item)


@pytest.mark.parametrize("state", HIDDEN_STATES)
def test_stories_that_are_not_live_are_not_served(reader, state):
    hidden = ArticleFactory(**STATES[state])
    live = ArticleFactory(live=True)
    assert _get(reader, f"{LIST}{hidden.pk}/", status=404) == {
        "error": "No live story with this id."
    }
    assert [item["uri"] for item in _all_items(reader)] == [f"{BASE}{LIST}{live.pk}/"]


def test_list_pages_by_cursor_without_gaps_or_repeats(reader):
    # Stories saved in the same instant: the id breaks the tie.
    moment = datetime(2024, 11, 18, 2, 30, tzinfo=UTC)
    with time_machine.travel(moment, tick=False):
        stories = ArticleFactory.create_batch(5, live=True, publish_at=moment)
    items = _all_items(reader, {"limit": "2"})
    assert [item["uri"] for item in items] == [f"{BASE}{LIST}{s.pk}/" for s in stories]


def test_since_returns_only_what_changed(reader):
    with time_machine.travel(datetime(2024, 11, 1, tzinfo=UTC), tick=False):
        ArticleFactory(live=True, headline="Old", publish_at=timezone.now())
    with time_machine.travel(datetime(2024, 11, 10, tzinfo=UTC), tick=False):
        edited = ArticleFactory(live=True, headline="Edited", publish_at=timezone.now())
    items = _all_items(reader, {"since": "2024-11-05T00:00:00+07:00"})
    assert [i["headlines"][0]["value"] for i in items] == ["Edited"]
    assert items[0]["versioncreated"] == edited.modified_at.isoformat()


def test_a_scheduled_story_counts_as_changed_when_it_goes_live(reader):
    saved = datetime(2024, 11, 1, tzinfo=UTC)
    with time_machine.travel(saved, tick=False):
        ArticleFactory(
            headline="Scheduled", status="published", publish_at=saved + timedelta(days=9)
        )
    with time_machine.travel(saved + timedelta(days=10)):
        items = _all_items(reader, {"since": "2024-11-09T00:00:00Z"})
    assert [i["headlines"][0]["value"] for i in items] == ["Scheduled"]


@pytest.mark.parametrize(
    "params",
    [{"since": "yesterday"}, {"since": "2024-13-45T00:00:00"}, {"cursor": "not-a-cursor"},
     {"cursor": "!!!"}, {"limit": "0"}, {"limit": "1000"}, {"limit": "ten"}],
)  # fmt: skip
def test_bad_parameters_are_a_400_with_a_json_error(reader, params):
    body = _get(reader, LIST, params, status=400)
    assert set(body) == {"error"} and body["error"]


def test_the_api_is_read_only(reader):
    story = ArticleFactory(live=True)
    assert reader.post(LIST).status_code == 405
    assert reader.delete(f"{LIST}{story.pk}/").status_code == 405
    assert Article.objects.filter(pk=story.pk).exists()


# List: the stories with sections, their writers, their tags; the scheduled updates due
# (workflow/updates.py).
API_BUDGET = 4


@pytest.mark.parametrize("n", [1, 20])
def test_api_query_budget_does_not_grow_with_stories(reader, n, settings):
    settings.NEWSROOM_PAGE_CACHE = False  # budgets count rendering (cache: test_page_cache)
    for _ in range(n):
        ArticleFactory(
            live=True, writers=[WriterFactory(), WriterFactory()], tags=["A", "B"],
            hero_image=ImageFactory(),
        )  # fmt: skip
    with CaptureQueriesContext(connection) as queries:
        assert len(_get(reader, LIST)["items"]) == n
    assert len(queries.captured_queries) == API_BUDGET
