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
        transitions.withdraw(story, by=editor_user, note="Pulled")
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
    transitions.comment(story, by=editor_user, note="Nice")
    story.refresh_from_db()
    assert story.version == 1 and story.modified_at == modified


# --- The one table: each row names its move's inputs, `make()` dispatches through it ---------


def test_every_row_has_one_function_whose_keywords_are_its_inputs():
    import inspect

    assert transitions.MOVES.keys() == transitions.TRANSITIONS.keys()
    for name, rule in transitions.TRANSITIONS.items():
        parameters = inspect.signature(transitions.MOVES[name]).parameters.values()
        keywords = [p.name for p in parameters if p.kind is p.KEYWORD_ONLY]
        assert keywords == ["by", *rule.inputs], name
        assert set(rule.inputs) <= transitions.INPUTS, name


def test_a_function_that_disagrees_with_its_row_is_refused_at_import():
    def withdraw(article, *, by, reason):  # the row says `note`
        raise AssertionError

    with pytest.raises(TypeError, match="reason"):
        transitions._makes("withdraw")(withdraw)
    assert transitions.MOVES["withdraw"] is transitions.withdraw


def test_make_passes_only_the_rows_inputs(editor_user):
    story = ArticleFactory(live=True)
    # The admin hands over every field of its form; a move takes the ones its row names.
    event = transitions.make(
        "withdraw", story, by=editor_user, note="Legal", publish_at=None, hours=None
    )
    assert (event.kind, event.note, story.status) == ("withdrawn", "Legal", "withdrawn")


def test_make_leaves_missing_inputs_to_the_moves_defaults(editor_user):
    story = ArticleFactory(in_review=True)
    event = transitions.make("publish_now", story, by=editor_user)
    assert event.kind == "published" and story.expire_at is None


def test_make_refuses_an_unknown_move(editor_user):
    with pytest.raises(KeyError):
        transitions.make("publish_everything", ArticleFactory(), by=editor_user)


def test_scheduling_without_a_time_is_refused_by_the_move(editor_user):
    from django.core.exceptions import ValidationError

    story = ArticleFactory(in_review=True)
    with pytest.raises(ValidationError, match="publication time"):
        transitions.make("schedule", story, by=editor_user, publish_at=None, note="")
    assert story.status == Article.Status.IN_REVIEW and not story.events.exists()


def test_the_panel_asks_for_exactly_each_buttons_inputs(client, editor_user):
    """The panel's forms are built from the rows: a button posts the fields its move takes."""
    import re

    story = ArticleFactory(live=True)
    transitions.make_preview_link(story, by=editor_user, hours=1)  # so "revoke" shows
    client.force_login(editor_user)
    html = client.get(f"/admin/articles/article/{story.pk}/change/").content.decode()
    forms = dict(re.findall(r'data-move="(\w+)">(.*?)</form>', html, re.S))
    assert set(forms) == {"withdraw", "add_correction", "preview_link", "revoke_preview_links",
                          "comment"}  # fmt: skip
    for name, form in forms.items():
        fields = set(re.findall(r'name="(\w+)"', form)) - {"csrfmiddlewaretoken"}
        confirm = {"confirm"} if name == "withdraw" else set()  # withdrawing asks to confirm
        assert fields == set(transitions.TRANSITIONS[name].inputs) | confirm, name
    assert "Reason (required)" in forms["withdraw"]
    assert "Correction (public) (required)" in forms["add_correction"]
