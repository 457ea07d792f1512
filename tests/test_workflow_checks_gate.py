"""The rules checker before a move: never past a blocker; past warnings only with the editor's
extra click ("Publish anyway past N warnings", the move's `past_warnings`)."""

from datetime import timedelta

import pytest
from django.utils import timezone

from articles.models import Article
from tests.admin_forms import form_data
from tests.factories import ArticleFactory, ImageFactory
from workflow import transitions

pytestmark = pytest.mark.django_db


def move_url(story, move):
    return f"/admin/articles/article/{story.pk}/workflow/{move}/"


def change_url(story):
    return f"/admin/articles/article/{story.pk}/change/"


def _status(story):
    story.refresh_from_db()
    return story.status


# --- The moves -------------------------------------------------------------------------------


def test_a_blocker_stops_submitting_with_its_message(journalist_user):
    story = ArticleFactory(writers=[journalist_user.writer], lead="")
    with pytest.raises(transitions.ChecksFailed) as refused:
        transitions.submit(story, by=journalist_user)
    assert "no lead" in str(refused.value)
    assert _status(story) == Article.Status.DRAFT and story.version == 1
    assert not story.events.exists()


def test_warnings_go_along_with_a_submission(journalist_user):
    story = ArticleFactory(writers=[journalist_user.writer], dateline="")
    transitions.submit(story, by=journalist_user)
    assert _status(story) == Article.Status.IN_REVIEW


@pytest.mark.parametrize("move", ["publish_now", "schedule"])
def test_never_past_a_blocker_even_acknowledging_warnings(editor_user, move):
    story = ArticleFactory(in_review=True, hero_image=ImageFactory(alt_text="", renditions=False))
    kwargs = {"publish_at": timezone.now() + timedelta(hours=1)} if move == "schedule" else {}
    with pytest.raises(transitions.ChecksFailed) as refused:
        getattr(transitions, move)(story, by=editor_user, past_warnings=99, **kwargs)
    assert "no alt text" in str(refused.value)
    assert [f.rule for f in refused.value.report.blockers] == ["hero_alt_text"]
    assert _status(story) == Article.Status.IN_REVIEW


@pytest.mark.parametrize("move", ["publish_now", "schedule"])
def test_warnings_need_the_editors_extra_click(editor_user, move):
    story = ArticleFactory(in_review=True, dateline="", lead="x" * 300)
    kwargs = {"publish_at": timezone.now() + timedelta(hours=1)} if move == "schedule" else {}
    publish = getattr(transitions, move)
    with pytest.raises(transitions.ChecksFailed) as refused:
        publish(story, by=editor_user, **kwargs)
    assert "2 warnings" in str(refused.value) and "anyway past 2 warnings" in str(refused.value)
    # Acknowledging fewer than there are (a new warning appeared since) is not enough.
    with pytest.raises(transitions.ChecksFailed):
        publish(story, by=editor_user, past_warnings=1, **kwargs)
    assert _status(story) == Article.Status.IN_REVIEW
    publish(story, by=editor_user, past_warnings=2, **kwargs)
    assert _status(story) == Article.Status.PUBLISHED


def test_a_clean_story_publishes_without_a_second_look(editor_user):
    story = ArticleFactory(in_review=True)
    transitions.publish_now(story, by=editor_user)
    assert _status(story) == Article.Status.PUBLISHED


def test_the_check_runs_on_the_story_as_the_move_leaves_it(editor_user):
    """Scheduling reads links at the story's own publication time."""
    later = ArticleFactory(scheduled=True)  # live in an hour
    story = ArticleFactory(
        in_review=True, body=f'<p><a href="{later.get_absolute_url()}">x</a></p>'
    )
    with pytest.raises(transitions.ChecksFailed):
        transitions.publish_now(story, by=editor_user)
    transitions.schedule(story, by=editor_user, publish_at=later.publish_at + timedelta(minutes=5))
    assert _status(story) == Article.Status.PUBLISHED


# --- The admin -------------------------------------------------------------------------------


def test_the_story_form_lists_the_findings(client, editor_user):
    client.force_login(editor_user)
    story = ArticleFactory(in_review=True, dateline="", lead="")
    page = client.get(change_url(story)).content.decode()
    assert "Newsroom checks" in page
    assert "Must fix:</strong> The story has no lead" in page
    assert "Warning:</strong> There is no dateline" in page
    # Publishing buttons are held while there is a blocker.
    assert "Fix the 1 problem the checks list first." in page


def test_the_admin_asks_for_the_extra_click_and_passes_it_to_the_move(client, editor_user):
    client.force_login(editor_user)
    story = ArticleFactory(in_review=True, dateline="")
    page = client.get(change_url(story)).content.decode()
    assert 'name="past_warnings" value="1" required> Publish now anyway past 1 warning' in page

    response = client.post(move_url(story, "publish_now"), follow=True)
    assert "needs a second look" in response.content.decode()
    assert _status(story) == Article.Status.IN_REVIEW

    client.post(move_url(story, "publish_now"), {"past_warnings": "1"})
    assert _status(story) == Article.Status.PUBLISHED


def test_the_admin_refuses_past_a_blocker_whatever_is_posted(client, editor_user):
    client.force_login(editor_user)
    story = ArticleFactory(in_review=True, headline="")
    response = client.post(move_url(story, "publish_now"), {"past_warnings": "50"}, follow=True)
    assert "no headline" in response.content.decode()
    assert _status(story) == Article.Status.IN_REVIEW


def test_save_and_submit_keeps_the_text_and_says_what_to_fix(client, journalist_user):
    client.force_login(journalist_user)
    story = ArticleFactory(writers=[journalist_user.writer])
    data = form_data(client.get(change_url(story))) | {
        "body": '<p>Text.</p><p><a href="/no/such/page/x/">x</a></p>',
        "dateline": "",
        "_submit_for_review": "Save and submit for review",
    }
    response = client.post(change_url(story), data, follow=True)
    story.refresh_from_db()
    assert story.status == Article.Status.IN_REVIEW  # warnings only: submitted
    assert "does not have" in response.content.decode()  # and the checks box says why


def test_bulk_publish_refuses_stories_with_findings_one_by_one(client, editor_user):
    client.force_login(editor_user)
    clean = ArticleFactory(in_review=True)
    warned = ArticleFactory(in_review=True, dateline="")
    response = client.post(
        "/admin/articles/article/",
        {"action": "publish_selected", "_selected_action": [clean.pk, warned.pk]},
        follow=True,
    )
    assert _status(clean) == Article.Status.PUBLISHED
    assert _status(warned) == Article.Status.IN_REVIEW
    assert "needs a second look" in response.content.decode()


def test_the_live_check_reads_the_form_without_saving(client, journalist_user):
    client.force_login(journalist_user)
    story = ArticleFactory(writers=[journalist_user.writer])
    url = f"/admin/articles/article/{story.pk}/checks/"
    report = client.post(url, {"headline": "", "lead": "Fine.", "body": "<p></p>"}).json()
    assert report["blockers"] == 1 and report["warnings"] == 1
    assert {f["rule"] for f in report["findings"]} == {"headline", "tidy_body"}
    story.refresh_from_db()
    assert story.headline.startswith("Council votes") and story.version == 1
    assert client.get(url).status_code == 405


def test_the_live_check_for_a_new_story_and_who_may_use_it(
    client, journalist_user, other_journalist_user
):
    client.force_login(journalist_user)
    report = client.post("/admin/articles/article/checks/", {"headline": "H", "lead": ""}).json()
    assert [f["rule"] for f in report["findings"]] == ["lead", "dateline"]
    client.logout()
    assert client.post("/admin/articles/article/checks/", {}).status_code == 302  # to the login
