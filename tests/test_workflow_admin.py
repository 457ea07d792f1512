"""The story admin under the workflow: forms, actions, history, no lost edits, sanitising."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from articles.models import Article
from tests.admin_forms import form_data
from tests.factories import ArticleFactory, SectionFactory, WriterFactory
from workflow import transitions
from workflow.models import EditLock, Event

pytestmark = pytest.mark.django_db


def change_url(story: Article) -> str:
    return f"/admin/articles/article/{story.pk}/change/"


def open_form(client, story: Article) -> dict[str, str]:
    response = client.get(change_url(story))
    assert response.status_code == 200
    return form_data(response)


@pytest.fixture
def as_journalist(client, journalist_user):
    client.force_login(journalist_user)
    return client


@pytest.fixture
def as_editor(client, editor_user):
    client.force_login(editor_user)
    return client


# --- Journalists -------------------------------------------------------------------------------


def test_journalist_edits_own_draft(as_journalist, journalist_user):
    story = ArticleFactory(writers=[journalist_user.writer])
    data = open_form(as_journalist, story) | {"headline": "Rice harvest starts early"}
    assert as_journalist.post(change_url(story), data).status_code == 302
    story.refresh_from_db()
    assert story.headline == "Rice harvest starts early"
    assert story.version == 2


def test_crafted_status_in_the_change_form_is_ignored(as_journalist, journalist_user):
    story = ArticleFactory(writers=[journalist_user.writer])
    data = open_form(as_journalist, story) | {
        "status": "published",
        "publish_at_0": "2020-01-01",
        "publish_at_1": "00:00",
        "publish_at": "2020-01-01 00:00",
    }
    assert as_journalist.post(change_url(story), data).status_code == 302
    story.refresh_from_db()
    assert story.status == Article.Status.DRAFT and story.publish_at is None
    assert not Article.objects.live().filter(pk=story.pk).exists()


@pytest.mark.parametrize("state", ["in_review", "scheduled", "live"])
def test_journalist_cannot_change_own_story_once_submitted(as_journalist, journalist_user, state):
    story = ArticleFactory(writers=[journalist_user.writer], **{state: True})
    data = open_form(as_journalist, story)  # read-only view still opens
    response = as_journalist.post(change_url(story), data | {"headline": "Changed"})
    assert response.status_code == 403
    story.refresh_from_db()
    assert story.headline != "Changed"


def test_journalist_cannot_change_another_writers_draft(as_journalist):
    story = ArticleFactory(writers=[WriterFactory()])
    response = as_journalist.post(change_url(story), {"headline": "Mine now"})
    assert response.status_code == 403
    story.refresh_from_db()
    assert story.headline != "Mine now"


def test_journalist_cannot_use_the_bulk_publish_action(as_journalist, journalist_user):
    story = ArticleFactory(writers=[journalist_user.writer], in_review=True)
    response = as_journalist.post(
        "/admin/articles/article/?mine=1",
        {"action": "publish_selected", "_selected_action": [story.pk]},
    )
    assert response.status_code in (200, 302)
    story.refresh_from_db()
    assert story.status == Article.Status.IN_REVIEW


def test_journalist_cannot_delete(as_journalist, journalist_user):
    story = ArticleFactory(writers=[journalist_user.writer])
    response = as_journalist.post(f"/admin/articles/article/{story.pk}/delete/", {"post": "yes"})
    assert response.status_code == 403
    assert Article.objects.filter(pk=story.pk).exists()


def test_journalist_lands_on_own_stories(as_journalist, journalist_user):
    ArticleFactory(headline="My story", writers=[journalist_user.writer])
    ArticleFactory(headline="Their story", writers=[WriterFactory()])
    response = as_journalist.get("/admin/articles/article/", follow=True)
    assert response.redirect_chain[-1][0].endswith("?mine=1")
    html = response.content.decode()
    assert "My story" in html and "Their story" not in html


def test_journalist_is_the_first_writer_of_a_new_story_by_default(as_journalist, journalist_user):
    response = as_journalist.get("/admin/articles/article/add/")
    data = form_data(response)
    assert data["bylines-0-writer"] == str(journalist_user.writer.pk)


def test_journalist_writes_and_submits_in_one_save(as_journalist, journalist_user):
    section = SectionFactory()
    data = form_data(as_journalist.get("/admin/articles/article/add/")) | {
        "headline": "Flood waters recede in Huế",
        "lead": "Residents return home.",
        "body": "<p>Mud everywhere.</p>",
        "section": str(section.pk),
        "_submit_for_review": "Save and submit for review",
    }
    assert as_journalist.post("/admin/articles/article/add/", data).status_code == 302
    story = Article.objects.get(headline="Flood waters recede in Huế")
    assert story.status == Article.Status.IN_REVIEW
    assert list(story.writers.all()) == [journalist_user.writer]
    kinds = list(Event.objects.filter(article=story).order_by("pk").values_list("kind", flat=True))
    assert kinds == ["created", "submitted"]


# --- Editors -----------------------------------------------------------------------------------


def test_editor_bulk_publish_goes_through_the_workflow(as_editor, editor_user):
    ready = ArticleFactory(in_review=True)
    gone = ArticleFactory(withdrawn=True)
    as_editor.post(
        "/admin/articles/article/",
        {"action": "publish_selected", "_selected_action": [ready.pk, gone.pk]},
    )
    ready.refresh_from_db(), gone.refresh_from_db()
    assert ready.is_live() and gone.status == Article.Status.WITHDRAWN
    assert Event.objects.get(article=ready).kind == "published"
    assert not Event.objects.filter(article=gone).exists()


def test_editor_schedules_from_the_panel(as_editor):
    story = ArticleFactory(in_review=True)
    when = timezone.localtime() + timedelta(hours=3)
    as_editor.post(
        f"/admin/articles/article/{story.pk}/workflow/schedule/",
        {"publish_at": when.strftime("%Y-%m-%dT%H:%M"), "note": "Embargo until 3 pm"},
    )
    story.refresh_from_db()
    assert story.status == Article.Status.PUBLISHED
    assert story.publish_at == when.replace(second=0, microsecond=0)
    assert not story.is_live()


def test_scheduling_in_the_past_is_refused(as_editor):
    story = ArticleFactory(in_review=True)
    response = as_editor.post(
        f"/admin/articles/article/{story.pk}/workflow/schedule/",
        {"publish_at": "2001-01-01T10:00"},
        follow=True,
    )
    assert "Pick a time in the future" in response.content.decode()
    story.refresh_from_db()
    assert story.status == Article.Status.IN_REVIEW


def test_malformed_times_are_refused_without_error(as_editor):
    story = ArticleFactory(in_review=True)
    response = as_editor.post(
        f"/admin/articles/article/{story.pk}/workflow/schedule/",
        {"publish_at": "tomorrow-ish"},
        follow=True,
    )
    assert response.status_code == 200
    story.refresh_from_db()
    assert story.status == Article.Status.IN_REVIEW


def test_publishing_runs_the_story_validation(editor_user, monkeypatch):
    story = ArticleFactory(in_review=True)

    def strict_clean(self):
        raise ValidationError({"hero_alt": "Describe the image for readers who cannot see it."})

    monkeypatch.setattr(Article, "clean", strict_clean)
    with pytest.raises(ValidationError):
        transitions.publish_now(story, by=editor_user)
    story.refresh_from_db()
    assert story.status == Article.Status.IN_REVIEW
    assert not Event.objects.filter(article=story).exists()


def test_return_needs_a_note(editor_user):
    story = ArticleFactory(in_review=True)
    with pytest.raises(ValidationError):
        transitions.return_to_writer(story, by=editor_user, note="  ")
    assert story.status == Article.Status.IN_REVIEW


def test_editor_edit_of_a_live_story_changes_the_update_time_only_when_material(as_editor):
    story = ArticleFactory(live=True, writers=[WriterFactory()])
    data = open_form(as_editor, story) | {"lead": "A fixed typo."}
    as_editor.post(change_url(story), data)
    story.refresh_from_db()
    assert story.lead == "A fixed typo." and story.updated_at is None

    data = open_form(as_editor, story) | {"lead": "Toll rises to 12.", "material_change": "on"}
    as_editor.post(change_url(story), data)
    story.refresh_from_db()
    assert story.updated_at is not None and story.show_updated
    assert Event.objects.filter(article=story, kind="updated").count() == 1


def test_journalist_cannot_mark_a_material_update(client, journalist_user):
    story = ArticleFactory(writers=[journalist_user.writer])
    client.force_login(journalist_user)
    data = open_form(client, story) | {"material_change": "on"}
    assert client.post(change_url(story), data).status_code == 302
    story.refresh_from_db()
    assert story.updated_at is None


def test_correction_is_public_and_recorded(as_editor, reader):
    story = ArticleFactory(live=True)
    as_editor.post(
        f"/admin/articles/article/{story.pk}/workflow/add_correction/",
        {"note": "The bridge is 2 km long, not 20."},
    )
    assert "The bridge is 2 km long" in reader.get(story.get_absolute_url()).content.decode()
    assert Event.objects.get(article=story).kind == "corrected"


def test_withdrawn_story_leaves_the_site_with_its_reason_recorded(as_editor, reader):
    story = ArticleFactory(live=True)
    as_editor.post(
        f"/admin/articles/article/{story.pk}/workflow/withdraw/",
        {"note": "Court order.", "confirm": "on"},
    )
    assert reader.get(story.get_absolute_url()).status_code == 404
    event = Event.objects.get(article=story)
    assert (event.from_state, event.to_state, event.note) == ("live", "withdrawn", "Court order.")


# --- History -----------------------------------------------------------------------------------


def test_every_move_is_recorded_with_who_when_from_to_and_note(journalist_user, editor_user):
    story = ArticleFactory(writers=[journalist_user.writer])
    transitions.submit(story, by=journalist_user)
    transitions.return_to_writer(story, by=editor_user, note="Add the mayor's reply.")
    transitions.submit(story, by=journalist_user)
    transitions.publish_now(story, by=editor_user)
    rows = list(
        Event.objects.filter(article=story)
        .order_by("pk")
        .values_list("kind", "actor__username", "from_state", "to_state", "note")
    )
    assert rows == [
        ("submitted", "ha", "draft", "in_review", ""),
        ("returned", "minh", "in_review", "draft", "Add the mayor's reply."),
        ("submitted", "ha", "draft", "in_review", ""),
        ("published", "minh", "in_review", "live", ""),
    ]
    assert all(e.at for e in Event.objects.filter(article=story))


def test_history_and_comments_show_on_the_change_page(client, journalist_user, editor_user):
    story = ArticleFactory(writers=[journalist_user.writer])
    transitions.submit(story, by=journalist_user)
    transitions.comment(story, by=editor_user, note="Who took the photo?")
    client.force_login(journalist_user)
    html = client.get(change_url(story)).content.decode()
    assert "Submitted for review" in html and "Who took the photo?" in html


def test_editorial_comments_never_reach_readers(reader, editor_user):
    story = ArticleFactory(live=True)
    transitions.comment(story, by=editor_user, note="Internal: source is nervous")
    assert "source is nervous" not in reader.get(story.get_absolute_url()).content.decode()


# --- Sanitising -------------------------------------------------------------------------------


def test_hostile_body_html_is_sanitised_through_the_admin(as_editor):
    story = ArticleFactory(writers=[WriterFactory()])
    hostile = (
        '<p onclick="steal()">Hi<script>alert(1)</script></p>'
        '<a href="javascript:alert(1)">x</a><img src=x onerror=alert(1)>'
        '<iframe src="https://evil.example"></iframe><h2 style="color:red">Sub</h2>'
    )
    data = open_form(as_editor, story) | {"body": hostile}
    assert as_editor.post(change_url(story), data).status_code == 302
    story.refresh_from_db()
    for bad in ("script", "onclick", "javascript:", "onerror", "<img", "iframe", "style="):
        assert bad not in story.body
    assert "<h2>Sub</h2>" in story.body and "<p>Hi</p>" in story.body


# --- No lost edits ----------------------------------------------------------------------------


def test_second_save_is_refused_naming_who_saved_and_keeps_the_text(
    client, journalist_user, editor_user
):
    from django.test import Client

    story = ArticleFactory(writers=[journalist_user.writer], headline="Original")
    first, second = Client(), Client()
    first.force_login(editor_user)
    second.force_login(journalist_user)
    first_form, second_form = open_form(first, story), open_form(second, story)

    assert first.post(change_url(story), first_form | {"headline": "Editor's"}).status_code == 302
    response = second.post(change_url(story), second_form | {"body": "<p>My long paragraph.</p>"})

    assert response.status_code == 200
    html = response.content.decode()
    assert "Minh Anh saved this story at" in html
    assert "My long paragraph." in html  # still on the form
    story.refresh_from_db()
    assert story.headline == "Editor's" and "My long paragraph" not in story.body

    # Having taken the other change in, the second save goes through.
    retry = form_data(response) | {"headline": "Editor's"}
    assert second.post(change_url(story), retry).status_code == 302
    story.refresh_from_db()
    assert "My long paragraph" in story.body and story.headline == "Editor's"


def test_a_move_in_between_also_refuses_a_stale_save(as_editor, editor_user):
    story = ArticleFactory(live=True, writers=[WriterFactory()])
    data = open_form(as_editor, story)
    transitions.mark_updated(story, by=editor_user)
    response = as_editor.post(change_url(story), data | {"headline": "Stale"})
    assert response.status_code == 200
    story.refresh_from_db()
    assert story.headline != "Stale"


def test_others_see_who_has_the_story_open(client, journalist_user, editor_user):
    story = ArticleFactory(writers=[journalist_user.writer])
    client.force_login(journalist_user)
    client.get(change_url(story))
    client.force_login(editor_user)
    html = client.get(change_url(story)).content.decode()
    since = timezone.localtime(EditLock.objects.get(article=story).since)
    assert f"Being edited by Thanh Hà since {since:%H:%M}" in html


def test_the_lock_expires_and_is_released_on_save(client, journalist_user, editor_user):
    import time_machine

    story = ArticleFactory(writers=[journalist_user.writer])
    client.force_login(journalist_user)
    client.get(change_url(story))
    client.force_login(editor_user)
    with time_machine.travel(timezone.now() + timedelta(minutes=16)):
        html = client.get(change_url(story)).content.decode()
    assert "Being edited by" not in html
    assert EditLock.objects.get(article=story).user == editor_user

    data = open_form(client, story)
    client.post(change_url(story), data)
    assert not EditLock.objects.filter(article=story).exists()


def test_no_lock_notice_for_the_holder(as_journalist, journalist_user):
    story = ArticleFactory(writers=[journalist_user.writer])
    as_journalist.get(change_url(story))
    assert "Being edited by" not in as_journalist.get(change_url(story)).content.decode()


# --- Calendar and list ------------------------------------------------------------------------


def test_calendar_shows_the_weeks_scheduled_and_published_stories(as_editor):
    at = timezone.localtime() + timedelta(minutes=5)
    soon = ArticleFactory(headline="Due soon", status="published", publish_at=at)
    ArticleFactory(headline="Only a draft")
    response = as_editor.get(f"/admin/articles/article/calendar/?week={at.date().isoformat()}")
    html = response.content.decode()
    assert f"/admin/articles/article/{soon.pk}/change/" in html
    assert f"{at:%H}:00" in html and "Due soon" in html
    assert "Only a draft" not in html


def test_calendar_survives_a_bad_week(as_editor):
    assert as_editor.get("/admin/articles/article/calendar/?week=soon").status_code == 200


@pytest.mark.parametrize(
    ("state", "label"),
    [
        ("in_review", "In review"),
        ("live", "Live"),
        ("expired", "Expired"),
        ("withdrawn", "Withdrawn"),
        ("scheduled", "Scheduled for"),
    ],
)
def test_list_filters_by_state_with_badges(as_editor, state, label):
    from tests.factories import STATES

    ArticleFactory(headline="Wanted", **STATES[state])
    ArticleFactory(headline="Unwanted draft")
    html = as_editor.get(f"/admin/articles/article/?state={state}").content.decode()
    assert "Wanted" in html and "Unwanted draft" not in html
    assert label in html


def test_journalist_who_removes_themselves_stays_on_the_byline(as_journalist, journalist_user):
    story = ArticleFactory(writers=[journalist_user.writer])
    other = WriterFactory(name="Agency")
    data = open_form(as_journalist, story) | {"bylines-0-writer": str(other.pk)}
    assert as_journalist.post(change_url(story), data).status_code == 302
    assert set(story.writers.all()) == {other, journalist_user.writer}
