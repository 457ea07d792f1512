"""The transition functions themselves: states, saving through the ORM, no double moves."""

import pytest
from django.db.models.signals import post_save

from articles.models import Article
from tests.factories import STATES, ArticleFactory
from workflow import transitions
from workflow.states import state_of

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("state", list(STATES))
def test_state_agrees_with_the_visibility_rule(state):
    story = ArticleFactory(**STATES[state])
    assert state_of(story) == state
    assert (state == "live") == Article.objects.live().filter(pk=story.pk).exists()


def test_moves_save_through_the_orm_so_signals_fire(editor_user):
    """Page caches are invalidated by model signals: a move must never use queryset.update()."""
    story = ArticleFactory(in_review=True)
    saved = []

    def receiver(sender, instance, **kwargs):
        saved.append((instance.pk, instance.status))

    post_save.connect(receiver, sender=Article)
    try:
        transitions.publish_now(story, by=editor_user)
        transitions.withdraw(story, by=editor_user, reason="Pulled")
    finally:
        post_save.disconnect(receiver, sender=Article)
    assert saved == [(story.pk, "published"), (story.pk, "withdrawn")]


def test_a_move_cannot_be_made_twice_from_a_stale_copy(journalist_user, editor_user):
    story = ArticleFactory(writers=[journalist_user.writer])
    stale = Article.objects.get(pk=story.pk)
    transitions.submit(story, by=journalist_user)
    with pytest.raises(transitions.NotAllowedFromState):
        transitions.submit(stale, by=journalist_user)
    assert story.events.filter(kind="submitted").count() == 1


def test_every_move_bumps_the_version_and_refreshes_the_callers_copy(editor_user):
    story = ArticleFactory(in_review=True)
    transitions.publish_now(story, by=editor_user)
    assert story.version == 2 and story.status == Article.Status.PUBLISHED


def test_comments_do_not_touch_the_story(editor_user):
    story = ArticleFactory(live=True)
    modified = story.modified_at
    transitions.comment(story, by=editor_user, text="Nice")
    story.refresh_from_db()
    assert story.version == 1 and story.modified_at == modified
