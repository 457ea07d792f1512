"""Notifications (notifications/): who is told about which move, on the desk and by email."""

from datetime import timedelta
from unittest import mock

import pytest
from django.core import mail
from django.utils import timezone

from notifications.models import Notification
from notifications.tasks import deliver
from staff.models import StaffSettings
from tests.factories import ArticleFactory, UserFactory, WriterFactory
from workflow import transitions

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _addresses(journalist_user, other_journalist_user, editor_user):
    for user in (journalist_user, other_journalist_user, editor_user):
        user.email = f"{user.username}@newsroom.example"
        user.save(update_fields=["email"])


@pytest.fixture
def story(journalist_user):
    return ArticleFactory(headline="Floods in Huế", writers=[journalist_user.writer])


def told(verb: str) -> set[str]:
    return {n.recipient.username for n in Notification.objects.filter(verb=verb)}


def test_editors_are_told_when_a_story_is_submitted(
    story, journalist_user, editor_user, django_capture_on_commit_callbacks
):
    second_editor = UserFactory(username="thu", is_staff=True, email="thu@newsroom.example")
    second_editor.groups.add(editor_user.groups.get())
    with django_capture_on_commit_callbacks(execute=True):
        transitions.submit(story, by=journalist_user)
    assert told("submitted") == {"minh", "thu"}  # not the journalist, not other journalists
    assert sorted(m.to[0] for m in mail.outbox) == ["minh@newsroom.example", "thu@newsroom.example"]
    message = mail.outbox[0]
    assert message.subject == "[Newsroom Daily] For review: Floods in Huế"
    assert "Thanh Hà submitted “Floods in Huế” for review." in message.body
    assert f"/admin/articles/article/{story.pk}/change/" in message.body


def test_superusers_count_as_editors_but_inactive_editors_do_not(
    story, journalist_user, editor_user
):
    UserFactory(username="root", is_staff=True, is_superuser=True)
    editor_user.is_active = False
    editor_user.save()
    transitions.submit(story, by=journalist_user)
    assert told("submitted") == {"root"}


@pytest.mark.parametrize(
    ("move", "verb"),
    [
        (
            lambda a, by: transitions.return_to_writer(a, by=by, note="Check the figures."),
            "returned",
        ),
        (
            lambda a, by: transitions.schedule(
                a, by=by, publish_at=timezone.now() + timedelta(hours=2)
            ),
            "scheduled",
        ),
        (lambda a, by: transitions.publish_now(a, by=by), "published"),
    ],
)
def test_the_writers_are_told_when_their_story_moves(
    story, journalist_user, editor_user, move, verb, django_capture_on_commit_callbacks
):
    co_writer = WriterFactory(name="Ngọc Lan 2", user=UserFactory(username="co", is_staff=True))
    story.bylines.create(writer=co_writer, position=1)
    WriterFactory(name="No login")  # a byline without a login is told nothing (and breaks nothing)
    transitions.submit(story, by=journalist_user)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        move(story, editor_user)
    assert told(verb) == {"ha", "co"}
    assert [m.to for m in mail.outbox] == [["ha@newsroom.example"]]  # "co" has no address


def test_the_returned_note_reaches_the_writer(
    story, journalist_user, editor_user, django_capture_on_commit_callbacks
):
    transitions.submit(story, by=journalist_user)
    with django_capture_on_commit_callbacks(execute=True):
        transitions.return_to_writer(story, by=editor_user, note="Name the source of the toll.")
    notification = Notification.objects.get(verb="returned")
    assert notification.note == "Name the source of the toll."
    (message,) = [m for m in mail.outbox if m.to == ["ha@newsroom.example"]]
    assert message.subject == "[Newsroom Daily] Returned to you: Floods in Huế"
    assert "Minh Anh returned “Floods in Huế” to you." in message.body
    assert "Name the source of the toll." in message.body


def test_scheduled_says_when_in_the_newsrooms_time(story, editor_user):
    moment = timezone.now().replace(microsecond=0) + timedelta(days=1)
    transitions.schedule(story, by=editor_user, publish_at=moment)
    notification = Notification.objects.get(verb="scheduled")
    from notifications.services import sentence

    local = timezone.localtime(moment)
    assert sentence(notification) == (
        f"Minh Anh scheduled “Floods in Huế” for {local:%H:%M} GMT+7, {local.day} {local:%B}."
    )


def test_a_correction_tells_the_writers(story, journalist_user, editor_user):
    transitions.publish_now(story, by=editor_user)
    transitions.add_correction(story, by=editor_user, note="The toll was 12, not 21.")
    notification = Notification.objects.get(verb="corrected")
    assert notification.recipient == journalist_user
    assert notification.note == "The toll was 12, not 21."


def test_nobody_is_told_of_their_own_move(journalist_user, editor_user):
    """An editor who writes and publishes their own story gets no notification for it."""
    editor_writer = WriterFactory(name="Minh Anh", user=editor_user)
    story = ArticleFactory(writers=[editor_writer])
    transitions.publish_now(story, by=editor_user)
    assert not Notification.objects.exists()


def test_comments_and_other_moves_tell_nobody(story, journalist_user, editor_user):
    transitions.comment(story, by=editor_user, note="Nice lead.")
    transitions.record_created(story, by=journalist_user)
    assert not Notification.objects.exists()


def test_email_off_means_no_email_but_the_desk_still_tells(
    story, journalist_user, editor_user, django_capture_on_commit_callbacks
):
    StaffSettings.objects.create(user=journalist_user, email_notifications=False)
    transitions.submit(story, by=journalist_user)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        transitions.return_to_writer(story, by=editor_user, note="Shorter, please.")
    assert mail.outbox == []
    assert Notification.objects.filter(recipient=journalist_user, verb="returned").exists()


def test_a_refused_move_tells_nobody(story, journalist_user, other_journalist_user):
    with pytest.raises(transitions.NotPermitted):
        transitions.submit(story, by=other_journalist_user)
    assert not Notification.objects.exists()


def test_a_failing_mail_server_never_breaks_the_move(
    story, journalist_user, django_capture_on_commit_callbacks, caplog
):
    with (
        mock.patch("notifications.tasks.send_mail", side_effect=OSError("Connection refused")),
        django_capture_on_commit_callbacks(execute=True),
    ):
        transitions.submit(story, by=journalist_user)
    story.refresh_from_db()
    assert story.status == "in_review"
    notification = Notification.objects.get(verb="submitted")
    assert notification.emailed_at is None  # left for the next attempt
    assert mail.outbox == []


def test_a_retry_sends_only_what_was_not_sent(story, journalist_user, editor_user):
    second_editor = UserFactory(username="thu", is_staff=True, email="thu@newsroom.example")
    second_editor.groups.add(editor_user.groups.get())
    with mock.patch("notifications.tasks.send_emails"):  # the queue is not run here
        transitions.submit(story, by=journalist_user)
    ids = list(Notification.objects.values_list("pk", flat=True))
    real_send = __import__("django.core.mail", fromlist=["send_mail"]).send_mail

    def refuse_thu(**kwargs):
        if kwargs["recipient_list"] == ["thu@newsroom.example"]:
            raise OSError("Mailbox busy")
        return real_send(**kwargs)

    with (
        mock.patch("notifications.tasks.send_mail", side_effect=refuse_thu),
        pytest.raises(Exception, match="1 not sent"),
    ):
        deliver(ids)
    assert [m.to for m in mail.outbox] == [["minh@newsroom.example"]]
    deliver(ids)  # the retry
    deliver(ids)  # and a second run: nothing twice
    assert sorted(m.to[0] for m in mail.outbox) == ["minh@newsroom.example", "thu@newsroom.example"]


def test_the_inbox_lists_only_my_notifications_and_reading_writes_nothing(
    client, story, journalist_user, editor_user, other_journalist_user
):
    transitions.submit(story, by=journalist_user)
    transitions.return_to_writer(story, by=editor_user, note="Check the figures.")
    client.force_login(journalist_user)
    page = client.get("/admin/notifications/").content.decode()
    assert "Minh Anh returned “Floods in Huế” to you." in page
    assert "Check the figures." in page
    assert "submitted “Floods in Huế” for review" not in page  # the editors'
    assert Notification.objects.filter(recipient=journalist_user, read_at=None).count() == 1
    client.force_login(other_journalist_user)
    assert "Floods in Huế" not in client.get("/admin/notifications/").content.decode()


def test_opening_one_marks_it_read_and_goes_to_the_story(
    client, story, journalist_user, editor_user
):
    transitions.publish_now(story, by=editor_user)
    notification = Notification.objects.get(recipient=journalist_user)
    client.force_login(journalist_user)
    assert client.get(f"/admin/notifications/{notification.pk}/open/").status_code == 405
    response = client.post(f"/admin/notifications/{notification.pk}/open/")
    assert response["Location"] == f"/admin/articles/article/{story.pk}/change/"
    notification.refresh_from_db()
    assert notification.is_read


def test_nobody_opens_someone_elses_notification(client, story, journalist_user, editor_user):
    transitions.publish_now(story, by=editor_user)
    notification = Notification.objects.get(recipient=journalist_user)
    client.force_login(editor_user)
    assert client.post(f"/admin/notifications/{notification.pk}/open/").status_code == 404
    notification.refresh_from_db()
    assert not notification.is_read


def test_mark_all_as_read(client, story, journalist_user, editor_user):
    transitions.publish_now(story, by=editor_user)
    transitions.add_correction(story, by=editor_user, note="A name was misspelt.")
    client.force_login(journalist_user)
    client.post("/admin/notifications/")
    assert not Notification.objects.filter(recipient=journalist_user, read_at=None).exists()


@pytest.mark.parametrize("stories", [1, 15])
def test_the_inbox_reads_in_a_fixed_number_of_queries(
    client, journalist_user, editor_user, django_assert_num_queries, stories
):
    for n in range(stories):
        story = ArticleFactory(headline=f"Story {n}", writers=[journalist_user.writer])
        transitions.publish_now(story, by=editor_user)
    client.force_login(journalist_user)
    client.get("/admin/notifications/")  # warm the session
    # session, user, their settings (language, email on or off: read once per request), the
    # notifications with actors and stories, two of permissions (the template's perms), the
    # user's byline
    with django_assert_num_queries(7):
        assert client.get("/admin/notifications/").status_code == 200
