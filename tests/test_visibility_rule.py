"""One visibility rule, asked everywhere: every status × every boundary second.

The rule is written out here by hand (`expected_state`), then every place that answers "what
state is this story in, and when does that change" is held against it, at each second around
the story's publish_at and expire_at, with the clock frozen there: `state_of()`, the querysets
`scheduled()` / `live()` / `expired()`, the admin's state filter, the schedule's history and the
page cache's next-change time. If any of them restated the rule and drifted, a case fails.
"""

from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.contrib.admin.sites import site
from django.test import RequestFactory

from articles.models import Article
from pagecache.schedule import next_event
from tests.factories import ArticleFactory
from workflow import states as s
from workflow.admin import StateFilter
from workflow.models import Event
from workflow.schedule import record_schedule_events

pytestmark = pytest.mark.django_db

PUBLISH = datetime(2026, 3, 29, 1, 0, 0, tzinfo=UTC)  # the night Europe's clocks go forward
EXPIRE = PUBLISH + timedelta(hours=6)
SECOND = timedelta(seconds=1)
MOMENTS = {
    "second before publish": PUBLISH - SECOND,
    "publish second": PUBLISH,
    "second after publish": PUBLISH + SECOND,
    "second before expiry": EXPIRE - SECOND,
    "expiry second": EXPIRE,
    "second after expiry": EXPIRE + SECOND,
}
UNPUBLISHED = {
    Article.Status.DRAFT: s.DRAFT,
    Article.Status.IN_REVIEW: s.IN_REVIEW,
    Article.Status.WITHDRAWN: s.WITHDRAWN,
}


def expected_state(status: str, moment: datetime, expire: datetime | None) -> str:
    """The rule, by hand: readers see a published story from its publish_at (that second
    included) until its expire_at (that second excluded)."""
    if status != Article.Status.PUBLISHED:
        return UNPUBLISHED[status]
    if moment < PUBLISH:
        return s.SCHEDULED
    if expire is None or moment < expire:
        return s.LIVE
    return s.EXPIRED


def expected_next_change(status: str, moment: datetime, expire: datetime | None):
    if status != Article.Status.PUBLISHED:
        return None
    return next((edge for edge in (PUBLISH, expire) if edge and edge > moment), None)


CASES = [
    pytest.param(status, moment, expire, id=f"{status}-{label}-{'expires' if expire else 'open'}")
    for status in Article.Status.values
    for label, moment in MOMENTS.items()
    for expire in (EXPIRE, None)
]


@pytest.fixture
def story_at():
    def make(status: str, expire: datetime | None) -> Article:
        return ArticleFactory(status=status, publish_at=PUBLISH, expire_at=expire)

    return make


def in_filter(state: str, story: Article) -> bool:
    request = RequestFactory().get("/admin/articles/article/", {"state": state})
    chosen = StateFilter(request, {"state": [state]}, Article, site._registry[Article])
    return chosen.queryset(request, Article.objects.all()).filter(pk=story.pk).exists()


@pytest.mark.parametrize(("status", "moment", "expire"), CASES)
def test_every_answer_agrees_with_the_rule(story_at, status, moment, expire):
    story = story_at(status, expire)
    want = expected_state(status, moment, expire)
    with time_machine.travel(moment, tick=False):
        # The story's own state, at the default moment (now) and given the moment.
        assert s.state_of(story) == want
        assert s.state_of(story, at=moment) == want
        assert story.is_live() is (want == s.LIVE)
        # The querysets split the published stories: a story is in exactly its state's one.
        assert {
            state
            for state, rows in {
                s.SCHEDULED: Article.objects.scheduled(),
                s.LIVE: Article.objects.live(),
                s.EXPIRED: Article.objects.expired(),
            }.items()
            if rows.filter(pk=story.pk).exists()
        } == ({want} if status == Article.Status.PUBLISHED else set())
        # The admin's state filter lists it under its state and no other.
        assert {state for state in s.ALL_STATES if in_filter(state, story)} == {want}
        # The page cache holds no page past the story's next edge.
        assert next_event(moment, generation=f"test-{moment}") == expected_next_change(
            status, moment, expire
        )


@pytest.mark.parametrize(("status", "moment", "expire"), CASES)
def test_the_schedule_history_agrees_with_the_rule(story_at, status, moment, expire):
    story = story_at(status, expire)
    want = expected_state(status, moment, expire)
    with time_machine.travel(moment, tick=False):
        counts = record_schedule_events()
    kinds = set(Event.objects.filter(article=story).values_list("kind", flat=True))
    assert kinds == {
        kind
        for kind, happened in {
            Event.Kind.WENT_LIVE: want in (s.LIVE, s.EXPIRED),
            Event.Kind.EXPIRED: want == s.EXPIRED,
        }.items()
        if happened
    }
    assert counts == {
        "went_live": int(want in (s.LIVE, s.EXPIRED)),
        "expired": int(want == s.EXPIRED),
    }


def test_every_status_has_a_state():
    for status in Article.Status.values:
        s.state_of(Article(status=status, publish_at=PUBLISH), at=PUBLISH)


def test_an_unknown_status_raises_instead_of_guessing():
    with pytest.raises(ValueError, match="archived"):
        s.state_of(Article(status="archived", publish_at=PUBLISH))
