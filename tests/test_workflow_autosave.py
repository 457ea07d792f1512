"""Autosave and hand-over (workflow/autosave.py, workflow/concurrency.py, workflow/editing.py):
the text is kept while it is written, offered back after a crash, never written over a newer
save; the edit lock beats, is released on leaving and can be taken over in one click, and the
page it was taken from can no longer save over the new editor. Nothing is lost on the way."""

from datetime import timedelta

import pytest
import time_machine
from django.test import Client
from django.utils import timezone

from articles.models import Article
from tests.admin_forms import form_data
from tests.factories import ArticleFactory
from workflow import autosave, concurrency
from workflow.models import Autosave, EditLock

pytestmark = pytest.mark.django_db


def change_url(story):
    return f"/admin/articles/article/{story.pk}/change/"


def editing_url(story, action):
    return f"/admin/articles/article/{story.pk}/editing/{action}/"


def client_for(user):
    client = Client()
    client.force_login(user)
    return client


def open_form(client, story, query=""):
    response = client.get(change_url(story) + query)
    assert response.status_code == 200
    return response, form_data(response)


@pytest.fixture
def story(journalist_user):
    return ArticleFactory(writers=[journalist_user.writer], headline="Flood waters recede")


# --- Autosave --------------------------------------------------------------------------------


def test_autosave_keeps_the_text_without_touching_the_story(story, journalist_user):
    writer = client_for(journalist_user)
    _, data = open_form(writer, story)
    answer = writer.post(
        editing_url(story, "autosave"),
        {"base_version": data["expected_version"], "opened_at": data["opened_at"],
         "headline": "Flood waters recede in Huế", "body": "<p>Half written</p>"},
    ).json()  # fmt: skip
    assert answer["newer_save"] is False and answer["saved_at"]
    kept = Autosave.objects.get(article=story, user=journalist_user)
    assert kept.data == {"headline": "Flood waters recede in Huế", "body": "<p>Half written</p>"}
    assert kept.base_version == 1
    story.refresh_from_db()
    assert story.headline == "Flood waters recede" and story.version == 1


def test_after_a_crash_the_story_offers_the_autosave_with_what_differs(story, journalist_user):
    writer = client_for(journalist_user)
    _, data = open_form(writer, story)
    writer.post(
        editing_url(story, "autosave"),
        {"base_version": 1, "headline": "Flood waters recede in Huế", "body": story.body},
    )
    # The browser crashed; the journalist opens the story again.
    page = writer.get(change_url(story)).content.decode()
    assert "You have text that was not saved" in page
    assert (
        "<del>Flood waters recede</del>" in page and "<ins>Flood waters recede in Huế</ins>" in page
    )
    assert 'value="Flood waters recede"' in page  # never restored silently

    restored, data = open_form(writer, story, "?autosave=restore")
    assert data["headline"] == "Flood waters recede in Huế"
    assert "autosaved text of" in restored.content.decode()
    assert writer.post(change_url(story), data).status_code == 302
    story.refresh_from_db()
    assert story.headline == "Flood waters recede in Huế" and story.version == 2
    assert not Autosave.objects.filter(article=story).exists()  # saved: nothing to offer


def test_an_autosave_that_says_nothing_new_is_not_offered(story, journalist_user):
    writer = client_for(journalist_user)
    writer.post(editing_url(story, "autosave"), {"base_version": 1, "headline": story.headline})
    assert "not saved" not in writer.get(change_url(story)).content.decode()
    assert not Autosave.objects.exists()


def test_an_autosave_is_discarded_on_request(story, journalist_user):
    writer = client_for(journalist_user)
    writer.post(editing_url(story, "autosave"), {"base_version": 1, "headline": "Other"})
    writer.post(editing_url(story, "discard"))
    assert not Autosave.objects.exists()


def test_an_autosave_never_overwrites_a_newer_save(story, journalist_user, editor_user):
    writer, editor = client_for(journalist_user), client_for(editor_user)
    _, mine = open_form(writer, story)
    _, theirs = open_form(editor, story)
    assert (
        editor.post(change_url(story), theirs | {"lead": "The editor's lead."}).status_code == 302
    )

    answer = writer.post(
        editing_url(story, "autosave"), {"base_version": 1, "headline": "My headline"}
    ).json()
    assert (
        answer["newer_save"] is True and "saved this story after you opened it" in answer["message"]
    )
    story.refresh_from_db()
    assert story.headline == "Flood waters recede" and story.lead == "The editor's lead."

    # Restoring it brings the old version into the form: the save is refused, the text kept.
    response, data = open_form(writer, story, "?autosave=restore")
    assert data["headline"] == "My headline" and data["expected_version"] == "1"
    assert "saved by someone else since" in response.content.decode()
    refused = writer.post(change_url(story), data)
    assert refused.status_code == 200
    assert "Minh Anh saved this story at" in refused.content.decode()
    assert 'value="My headline"' in refused.content.decode()
    story.refresh_from_db()
    assert story.lead == "The editor's lead." and story.headline == "Flood waters recede"
    # Having brought the editor's lead in, the journalist's next save goes through.
    retry = form_data(refused) | {"lead": "The editor's lead."}
    assert writer.post(change_url(story), retry).status_code == 302
    story.refresh_from_db()
    assert (story.headline, story.lead) == ("My headline", "The editor's lead.")


def test_a_refused_save_keeps_its_text_in_the_autosave_too(story, journalist_user, editor_user):
    writer, editor = client_for(journalist_user), client_for(editor_user)
    _, mine = open_form(writer, story)
    _, theirs = open_form(editor, story)
    editor.post(change_url(story), theirs | {"lead": "New lead."})
    writer.post(change_url(story), mine | {"body": "<p>Long paragraph.</p>"})
    kept = Autosave.objects.get(article=story, user=journalist_user)
    assert kept.data["body"] == "<p>Long paragraph.</p>" and kept.base_version == 1


def test_only_people_who_may_edit_the_story_can_autosave(story, other_journalist_user):
    other = client_for(other_journalist_user)
    response = other.post(editing_url(story, "autosave"), {"base_version": 1, "headline": "X"})
    assert response.status_code == 403
    assert other.get(editing_url(story, "autosave")).status_code in (403, 405)
    assert not Autosave.objects.exists()


def test_autosave_wants_its_base_version(story, journalist_user):
    writer = client_for(journalist_user)
    assert writer.post(editing_url(story, "autosave"), {"headline": "X"}).status_code == 400


def test_autosave_refuses_a_huge_text(story, journalist_user):
    writer = client_for(journalist_user)
    body = "x" * (autosave.MAX_CHARS + 1)
    response = writer.post(editing_url(story, "autosave"), {"base_version": 1, "body": body})
    assert response.status_code == 413


# --- The lock: heartbeat, release, expiry ----------------------------------------------------


def test_the_heartbeat_keeps_the_lock_and_it_expires_without_one(
    story, journalist_user, editor_user
):
    writer = client_for(journalist_user)
    open_form(writer, story)
    start = timezone.now()
    with time_machine.travel(start + timedelta(seconds=100)):
        assert writer.post(editing_url(story, "heartbeat")).json()["held"] is True
    # 100 s after the last heartbeat the lock still stands for another person...
    with time_machine.travel(start + timedelta(seconds=200)):
        state = client_for(editor_user).post(editing_url(story, "heartbeat")).json()
        assert state["held"] is False and state["holder"] == "Thanh Hà"
    # ...and expires after 120 s without one: the next person gets it.
    with time_machine.travel(start + timedelta(seconds=230)):
        assert client_for(editor_user).post(editing_url(story, "heartbeat")).json()["held"]
    assert EditLock.objects.get(article=story).user == editor_user


def test_leaving_releases_the_lock(story, journalist_user, editor_user):
    writer = client_for(journalist_user)
    open_form(writer, story)
    assert writer.post(editing_url(story, "release")).status_code == 204
    assert not EditLock.objects.exists()
    page = client_for(editor_user).get(change_url(story)).content.decode()
    assert "Being edited by" not in page and "Take over" not in page


# --- Take-over -------------------------------------------------------------------------------


def test_take_over_in_one_click_and_the_first_person_is_told(story, journalist_user, editor_user):
    writer, editor = client_for(journalist_user), client_for(editor_user)
    _, mine = open_form(writer, story)
    page = editor.get(change_url(story)).content.decode()
    assert "Being edited by Thanh Hà" in page and "Take over from Thanh Hà" in page

    response = editor.post(editing_url(story, "take"), follow=True)
    assert "You are editing this story now" in response.content.decode()
    lock = EditLock.objects.get(article=story)
    assert lock.user == editor_user and lock.taken_from == journalist_user
    taken = story.events.get(kind="taken_over")
    assert taken.actor == editor_user and taken.note == "Took over from Thanh Hà."

    state = writer.post(editing_url(story, "heartbeat"), {"opened_at": mine["opened_at"]}).json()
    assert state["taken_over"] is True and state["held"] is False
    assert "Minh Anh took over this story at" in state["message"]
    # The first person's page does not win the lock back by beating.
    assert EditLock.objects.get(article=story).user == editor_user


def test_a_stale_form_save_after_a_take_over_is_refused_with_the_text_kept(
    story, journalist_user, editor_user
):
    writer, editor = client_for(journalist_user), client_for(editor_user)
    _, mine = open_form(writer, story)
    editor.post(editing_url(story, "take"))

    refused = writer.post(change_url(story), mine | {"body": "<p>My unsaved paragraph.</p>"})
    assert refused.status_code == 200
    html = refused.content.decode()
    assert "Minh Anh took over this story at" in html
    assert "My unsaved paragraph." in html  # still in the form
    story.refresh_from_db()
    assert "My unsaved paragraph" not in story.body and story.version == 1
    assert Autosave.objects.get(user=journalist_user).data["body"] == "<p>My unsaved paragraph.</p>"

    # The new editor saves normally.
    _, theirs = open_form(editor, story)
    assert editor.post(change_url(story), theirs | {"headline": "Editor's"}).status_code == 302

    # Opening the story again, the journalist is offered their text, written before that save.
    page = writer.get(change_url(story)).content.decode()
    assert "You have text that was not saved" in page and "before the story's latest save" in page


def test_a_page_opened_after_the_take_over_is_not_stale(story, journalist_user, editor_user):
    writer, editor = client_for(journalist_user), client_for(editor_user)
    open_form(writer, story)
    editor.post(editing_url(story, "take"))
    editor.post(editing_url(story, "release"))  # the editor leaves without saving
    _, fresh = open_form(writer, story)
    assert writer.post(change_url(story), fresh | {"headline": "Mine again"}).status_code == 302


def test_the_taker_leaving_unblocks_the_first_persons_save_when_nothing_was_saved(
    story, journalist_user, editor_user
):
    writer, editor = client_for(journalist_user), client_for(editor_user)
    _, mine = open_form(writer, story)
    editor.post(editing_url(story, "take"))
    editor.post(editing_url(story, "release"))
    # Nobody saved over the journalist: their save goes through (the version check agrees).
    assert writer.post(change_url(story), mine | {"headline": "Kept"}).status_code == 302
    story.refresh_from_db()
    assert story.headline == "Kept"


def test_taking_over_a_free_story_just_takes_the_lock(story, editor_user):
    assert concurrency.take_over(story, editor_user) is None
    lock = EditLock.objects.get(article=story)
    assert lock.user == editor_user and lock.taken_from is None


def test_only_people_who_may_edit_can_take_over(story, journalist_user, other_journalist_user):
    open_form(client_for(journalist_user), story)
    response = client_for(other_journalist_user).post(editing_url(story, "take"))
    assert response.status_code == 403
    assert EditLock.objects.get(article=story).user == journalist_user


def test_editing_endpoints_answer_only_post(story, journalist_user):
    writer = client_for(journalist_user)
    for action in ("autosave", "heartbeat", "release", "take", "discard"):
        assert writer.get(editing_url(story, action)).status_code == 405
    assert writer.post(editing_url(story, "nonsense")).status_code == 404
    assert Article.objects.get(pk=story.pk).version == 1


def test_a_page_leaving_late_does_not_release_a_lock_taken_since(
    story, journalist_user, editor_user
):
    editor = client_for(editor_user)
    open_form(client_for(journalist_user), story)
    _, old_page = open_form(editor, story)  # sees the journalist's lock
    editor.post(editing_url(story, "take"))  # the lock the next page holds, not this one
    editor.post(editing_url(story, "release"), {"opened_at": old_page["opened_at"]})
    assert EditLock.objects.get(article=story).user == editor_user
    editor.post(editing_url(story, "release"))  # without a page time: let it go
    assert not EditLock.objects.exists()
