"""The live desk (workflow/live_desk.py, workflow/live.py): who may start, post, correct,
withdraw and end; edits based on an old version are refused with the text kept; scheduled
entries."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from live.models import Coverage, Entry
from tests.factories import ArticleFactory, WriterFactory
from tests.live import cover, entry
from workflow import live as services

pytestmark = pytest.mark.django_db


@pytest.fixture
def story(journalist_user):
    """A live story with the journalist (Thanh Hà) on its byline."""
    return ArticleFactory(live=True, writers=[journalist_user.writer])


@pytest.fixture
def coverage(story):
    return cover(story)


def _desk(coverage) -> str:
    return reverse("admin:live_coverage_change", args=[coverage.pk])


def test_an_editor_starts_coverage_from_the_admin(client, editor_user, story):
    client.force_login(editor_user)
    response = client.post(reverse("admin:live_coverage_add"), {"article": story.pk})
    coverage = Coverage.objects.get(pk=story.pk)
    assert response.status_code == 302 and response["Location"] == _desk(coverage)
    assert coverage.started_by == editor_user


def test_a_journalist_cannot_start_coverage(journalist_user, story):
    with pytest.raises(PermissionDenied):
        services.start(story, journalist_user)


def test_a_journalist_on_the_byline_posts_an_entry_with_their_byline_preselected(
    client, journalist_user, coverage
):
    client.force_login(journalist_user)
    page = client.get(_desk(coverage))
    assert page.status_code == 200
    assert page.context["entry_form"].initial["writer"] == journalist_user.writer.pk
    response = client.post(
        _desk(coverage),
        {"action": "post", "body": "<p>Waves of 5 m.</p>", "writer": journalist_user.writer.pk,
         "when": "now"},
    )  # fmt: skip
    assert response.status_code == 302
    posted = Entry.objects.get()
    assert posted.writer == journalist_user.writer and posted.created_by == journalist_user
    assert posted.publish_at <= timezone.now()


def test_a_writer_not_on_the_byline_cannot_post(client, other_journalist_user, coverage):
    client.force_login(other_journalist_user)
    assert client.get(_desk(coverage)).status_code == 403
    response = client.post(
        _desk(coverage),
        {"action": "post", "body": "<p>Hijack.</p>", "writer": other_journalist_user.writer.pk,
         "when": "now"},
    )  # fmt: skip
    assert response.status_code == 403
    assert not Entry.objects.exists()
    with pytest.raises(PermissionDenied):
        services.post(
            coverage, other_journalist_user, writer=other_journalist_user.writer, body="<p>x</p>"
        )


def test_a_journalist_cannot_sign_an_entry_with_a_writer_not_on_the_story(
    journalist_user, coverage
):
    with pytest.raises(ValidationError):
        services.post(coverage, journalist_user, writer=WriterFactory(), body="<p>x</p>")
    assert not Entry.objects.exists()


def test_an_editor_posts_under_any_writer(editor_user, coverage):
    agency = WriterFactory(name="VNA")
    posted = services.post(coverage, editor_user, writer=agency, body="<p>From the agency.</p>")
    assert posted.writer == agency


def test_an_entry_can_be_scheduled_to_the_second(client, journalist_user, coverage):
    client.force_login(journalist_user)
    at = timezone.localtime(timezone.now() + timedelta(hours=1)).replace(microsecond=0)
    response = client.post(
        _desk(coverage),
        {"action": "post", "body": "<p>The 18:00 figures.</p>",
         "writer": journalist_user.writer.pk, "when": "at",
         "publish_at": at.strftime("%Y-%m-%dT%H:%M:%S")},
    )  # fmt: skip
    assert response.status_code == 302
    assert Entry.objects.get().publish_at == at
    assert "Scheduled" in client.get(_desk(coverage)).content.decode()


def test_an_empty_entry_is_refused_and_nothing_is_lost(client, journalist_user, coverage):
    client.force_login(journalist_user)
    response = client.post(
        _desk(coverage),
        {"action": "post", "body": "", "writer": journalist_user.writer.pk, "when": "at"},
    )
    assert response.status_code == 200
    form = response.context["entry_form"]
    assert form.errors
    assert not Entry.objects.exists()


def test_a_change_based_on_an_old_version_is_refused_with_the_text_kept(
    client, journalist_user, editor_user, coverage
):
    posted = entry(coverage, "12 rescued.", writer=journalist_user.writer)
    url = reverse("admin:live_entry_change", args=[coverage.pk, posted.pk])
    client.force_login(journalist_user)
    opened = client.get(url).context["form"]["expected_version"].value()
    # Meanwhile the editor corrects it.
    services.change(
        posted, editor_user, version=posted.version, writer=posted.writer,
        body="<p>21 rescued.</p>", publish_at=posted.publish_at, is_key=False,
        correction="An earlier version said 12.",
    )  # fmt: skip
    response = client.post(
        url,
        {"expected_version": opened, "body": "<p>13 rescued.</p>",
         "writer": journalist_user.writer.pk,
         "publish_at": timezone.localtime(posted.publish_at).strftime("%Y-%m-%dT%H:%M:%S"),
         "correction": ""},
    )  # fmt: skip
    assert response.status_code == 200
    assert "13 rescued." in response.content.decode()  # theirs, in the form
    assert "21 rescued." in response.content.decode()  # the saved text, beside it
    posted.refresh_from_db()
    assert posted.body == "<p>21 rescued.</p>"
    assert posted.corrected_at is not None


def test_a_writer_withdraws_their_entry_but_not_a_colleagues(
    client, journalist_user, other_journalist_user, story, coverage
):
    story.bylines.create(writer=other_journalist_user.writer, position=1)
    theirs = entry(coverage, "Mine.", writer=journalist_user.writer)
    colleague = entry(coverage, "Hers.", writer=other_journalist_user.writer)
    client.force_login(journalist_user)
    action = "admin:live_entry_action"
    client.post(reverse(action, args=[coverage.pk, theirs.pk, "withdraw"]))
    refused = client.post(reverse(action, args=[coverage.pk, colleague.pk, "withdraw"]))
    assert refused.status_code == 403
    theirs.refresh_from_db()
    colleague.refresh_from_db()
    assert theirs.withdrawn_at is not None
    assert colleague.withdrawn_at is None


def test_an_editor_ends_the_coverage_with_a_closing_summary(client, editor_user, coverage):
    client.force_login(editor_user)
    refused = client.post(
        _desk(coverage), {"action": "end", "closing_summary": " ", "expected_version": 1}
    )
    assert refused.status_code == 200
    assert Coverage.objects.get().ended_at is None
    client.post(
        _desk(coverage),
        {"action": "end", "closing_summary": "The storm passed.", "expected_version": 1},
    )
    ended = Coverage.objects.get()
    assert ended.ended_at is not None and ended.ended_by == editor_user
    assert ended.closing_summary == "The storm passed."


def test_ending_from_a_stale_screen_is_refused(editor_user, coverage):
    services.end(coverage, editor_user, "First summary.", version=1)
    with pytest.raises(services.Conflict):
        services.end(coverage, editor_user, "Second summary.", version=1)
    assert Coverage.objects.get().closing_summary == "First summary."


def test_a_journalist_cannot_end_coverage_or_post_after_the_end(
    journalist_user, editor_user, coverage
):
    with pytest.raises(PermissionDenied):
        services.end(coverage, journalist_user, "Done.", version=1)
    services.end(coverage, editor_user, "Done.", version=1)
    coverage.refresh_from_db()
    with pytest.raises(ValidationError):
        services.post(coverage, journalist_user, writer=journalist_user.writer, body="<p>x</p>")


def test_the_desk_lists_only_the_journalists_stories(client, journalist_user, coverage):
    other = cover(ArticleFactory(live=True, headline="Someone else's story"))
    client.force_login(journalist_user)
    page = client.get(reverse("admin:live_coverage_changelist")).content.decode()
    assert coverage.article.headline in page
    assert other.article.headline not in page


def test_an_entry_body_is_sanitised_as_a_story_body(editor_user, coverage):
    posted = services.post(
        coverage, editor_user, writer=WriterFactory(),
        body='<p onclick="x()">Hi<script>alert(1)</script></p>',
    )  # fmt: skip
    posted.refresh_from_db()
    assert "script" not in posted.body and "onclick" not in posted.body


def test_a_picture_in_a_live_entry_is_the_editors_to_change(journalist_user, editor_user, coverage):
    from images.models import Image
    from tests.factories import ImageFactory
    from workflow.pictures import may_change

    picture = ImageFactory(renditions=False)
    Image.objects.filter(pk=picture.pk).update(uploaded_by=journalist_user)
    picture.refresh_from_db()
    assert may_change(journalist_user, picture)  # their unused upload
    entry(coverage, "Flooded street.", writer=journalist_user.writer)
    coverage.entries.update(body=f'<p>Street.</p><figure data-image="{picture.pk}"></figure>')
    assert not may_change(journalist_user, picture)  # readers see it in a live entry
    assert may_change(editor_user, picture)
