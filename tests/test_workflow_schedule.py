"""Scheduling: visibility follows the clock alone; the command only writes the history."""

import io
from datetime import timedelta

import pytest
import time_machine
from django.core.management import call_command
from django.utils import timezone

from articles.models import Article
from tests.factories import ArticleFactory, WriterFactory
from workflow import transitions
from workflow.models import Event
from workflow.schedule import record_schedule_events

pytestmark = pytest.mark.django_db


@pytest.fixture
def scheduled(editor_user):
    story = ArticleFactory(in_review=True, writers=[WriterFactory()])
    publish_at = (timezone.now() + timedelta(hours=2)).replace(microsecond=0)
    transitions.schedule(
        story, by=editor_user, publish_at=publish_at, expire_at=publish_at + timedelta(days=1)
    )
    return story


def visible(reader, story) -> bool:
    listed = story.headline in reader.get("/").content.decode()
    page = reader.get(story.get_absolute_url()).status_code == 200
    assert listed == page  # the home page and the story page agree
    return page


def test_scheduled_story_appears_exactly_at_its_time_and_leaves_at_expiry(reader, scheduled):
    with time_machine.travel(scheduled.publish_at - timedelta(seconds=1), tick=False):
        assert not visible(reader, scheduled)
    with time_machine.travel(scheduled.publish_at, tick=False):
        assert visible(reader, scheduled)
    with time_machine.travel(scheduled.expire_at - timedelta(seconds=1), tick=False):
        assert visible(reader, scheduled)
    with time_machine.travel(scheduled.expire_at, tick=False):
        assert not visible(reader, scheduled)


def test_visibility_does_not_wait_for_the_command(reader, scheduled):
    with time_machine.travel(scheduled.publish_at + timedelta(seconds=1), tick=False):
        assert not Event.objects.filter(kind="went_live").exists()
        assert visible(reader, scheduled)


def test_command_records_went_live_and_expired_once(scheduled):
    with time_machine.travel(scheduled.publish_at - timedelta(seconds=1), tick=False):
        assert record_schedule_events() == {"went_live": 0, "expired": 0}
    with time_machine.travel(scheduled.publish_at + timedelta(minutes=1), tick=False):
        assert record_schedule_events() == {"went_live": 1, "expired": 0}
        assert record_schedule_events() == {"went_live": 0, "expired": 0}
    out = io.StringIO()
    with time_machine.travel(scheduled.expire_at + timedelta(minutes=1), tick=False):
        call_command("record_schedule_events", stdout=out)
        call_command("record_schedule_events", stdout=out)
    assert out.getvalue().splitlines() == [
        "Recorded 0 went-live and 1 expired events.",
        "Recorded 0 went-live and 0 expired events.",
    ]
    went_live = Event.objects.get(article=scheduled, kind="went_live")
    expired = Event.objects.get(article=scheduled, kind="expired")
    assert went_live.at == scheduled.publish_at and expired.at == scheduled.expire_at
    assert (went_live.from_state, went_live.to_state) == ("scheduled", "live")
    assert went_live.actor is None


def test_overlapping_runs_cannot_duplicate_a_milestone(scheduled):
    """Two runs that both saw the story as missing its event: the constraint keeps one."""
    Event.objects.bulk_create(
        [Event(article=scheduled, kind="went_live", at=scheduled.publish_at)] * 2,
        ignore_conflicts=True,
    )
    assert Event.objects.filter(article=scheduled, kind="went_live").count() == 1


def test_rescheduled_story_records_its_new_time(editor_user, scheduled):
    with time_machine.travel(scheduled.publish_at + timedelta(minutes=1), tick=False):
        record_schedule_events()
    later = scheduled.publish_at + timedelta(days=3)
    transitions.withdraw(scheduled, by=editor_user, note="Hold it")
    transitions.reopen(scheduled, by=editor_user)
    transitions.schedule(scheduled, by=editor_user, publish_at=later)
    with time_machine.travel(later + timedelta(minutes=1), tick=False):
        record_schedule_events()
    assert Event.objects.filter(article=scheduled, kind="went_live").count() == 2


def test_withdrawn_and_draft_stories_record_nothing():
    ArticleFactory(withdrawn=True)
    ArticleFactory()
    assert record_schedule_events() == {"went_live": 0, "expired": 0}


def test_scheduled_badge_and_state(editor_user, scheduled):
    from workflow.states import state_label, state_of

    assert state_of(scheduled) == "scheduled"
    local = timezone.localtime(scheduled.publish_at)
    assert state_label(scheduled) == f"Scheduled for {local:%d %b %H:%M}"
    assert scheduled.status == Article.Status.PUBLISHED
