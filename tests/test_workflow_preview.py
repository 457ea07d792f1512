"""Previews: who may see an unpublished story, signed links, and never caching or indexing."""

from datetime import timedelta

import pytest
import time_machine
from django.utils import timezone

from tests.factories import ArticleFactory, UserFactory, WriterFactory
from workflow import preview, transitions
from workflow.models import Event

pytestmark = pytest.mark.django_db

BANNER = "Preview — not published"


@pytest.fixture
def draft(journalist_user):
    return ArticleFactory(headline="Embargoed budget story", writers=[journalist_user.writer])


def preview_url(story) -> str:
    return f"/preview/{story.pk}/"


def assert_private_preview(response) -> None:
    assert response.status_code == 200
    html = response.content.decode()
    assert BANNER in html and "Embargoed budget story" in html
    assert response["Cache-Control"] == "private, no-store"
    assert "noindex" in response["X-Robots-Tag"]
    assert '<meta name="robots" content="noindex, nofollow">' in html


def test_writer_previews_own_draft(client, journalist_user, draft):
    client.force_login(journalist_user)
    assert_private_preview(client.get(preview_url(draft)))


def test_editor_previews_any_draft(client, editor_user, draft):
    client.force_login(editor_user)
    assert_private_preview(client.get(preview_url(draft)))


def test_another_journalist_may_not_preview(client, other_journalist_user, draft):
    client.force_login(other_journalist_user)
    response = client.get(preview_url(draft))
    assert response.status_code == 403
    assert "Embargoed budget story" not in response.content.decode()


def test_anonymous_preview_asks_to_log_in(client, draft):
    response = client.get(preview_url(draft))
    assert response.status_code == 302 and "login" in response["Location"]


def test_non_staff_login_may_not_preview(client, draft):
    client.force_login(UserFactory(username="subscriber"))
    assert client.get(preview_url(draft)).status_code == 403


def test_the_public_page_of_a_draft_stays_404(reader, draft):
    url = f"/{draft.section.slug}/{draft.slug}-{draft.pk}/"
    assert reader.get(url).status_code == 404


def test_public_pages_have_no_banner_and_no_noindex(reader):
    story = ArticleFactory(live=True, writers=[WriterFactory()])
    response = reader.get(story.get_absolute_url())
    html = response.content.decode()
    assert BANNER not in html and "noindex" not in html
    assert "X-Robots-Tag" not in response


def test_signed_link_works_without_an_account(reader, draft):
    token = preview.make_token(draft.pk)
    assert_private_preview(reader.get(f"/preview/link/{token}/"))


def test_tampered_link_is_refused(reader, draft):
    token = preview.make_token(draft.pk)
    forged = token.replace(token[5], "x" if token[5] != "x" else "y", 1)
    assert reader.get(f"/preview/link/{forged}/").status_code == 404
    assert reader.get("/preview/link/garbage/").status_code == 404


def test_a_self_made_token_for_another_story_is_refused(reader, draft):
    from django.core import signing

    secret = ArticleFactory(headline="Other secret")
    expires = int((timezone.now() + timedelta(hours=1)).timestamp())
    payload = {"a": secret.pk, "e": expires}
    for token in (
        signing.dumps(payload, salt="another-purpose"),
        signing.dumps(payload, key="not-our-secret", salt=preview.SALT),
    ):
        response = reader.get(f"/preview/link/{token}/")
        assert response.status_code == 404
        assert "Other secret" not in response.content.decode()


def test_link_expires_after_48_hours_by_default(reader, draft):
    token = preview.make_token(draft.pk)
    with time_machine.travel(timezone.now() + timedelta(hours=47, minutes=59)):
        assert reader.get(f"/preview/link/{token}/").status_code == 200
    with time_machine.travel(timezone.now() + timedelta(hours=48, seconds=1)):
        assert reader.get(f"/preview/link/{token}/").status_code == 404


def test_editor_makes_a_link_from_the_admin(client, editor_user, draft):
    client.force_login(editor_user)
    response = client.post(
        f"/admin/articles/article/{draft.pk}/workflow/preview_link/", {"hours": "2"}, follow=True
    )
    html = response.content.decode()
    assert "valid for 2 hours" in html
    link = html.split("no login needed): ", 1)[1].split("<", 1)[0].strip()
    client.logout()
    assert client.get(link).status_code == 200
    with time_machine.travel(timezone.now() + timedelta(hours=2, minutes=1)):
        assert client.get(link).status_code == 404


def test_journalist_cannot_make_a_link(client, journalist_user, draft):
    client.force_login(journalist_user)
    response = client.post(f"/admin/articles/article/{draft.pk}/workflow/preview_link/")
    assert response.status_code == 403


# --- Ending links ------------------------------------------------------------------------------


def _make_link(client, editor_user, story, hours: int = 48) -> str:
    """The editor's "Make a preview link" button; the link as the message shows it."""
    client.force_login(editor_user)
    response = client.post(
        f"/admin/articles/article/{story.pk}/workflow/preview_link/", {"hours": hours}, follow=True
    )
    html = response.content.decode()
    client.logout()
    return html.split("no login needed): ", 1)[1].split("<", 1)[0].strip()


def _revoke(client, user, story, note: str = ""):
    client.force_login(user)
    response = client.post(
        f"/admin/articles/article/{story.pk}/workflow/revoke_preview_links/", {"note": note}
    )
    client.logout()
    return response


def test_withdrawing_a_story_ends_its_links(client, editor_user):
    story = ArticleFactory(live=True, headline="Embargoed budget story")
    link = _make_link(client, editor_user, story)
    assert client.get(link).status_code == 200
    transitions.withdraw(story, by=editor_user, note="Legal asked us to.")
    response = client.get(link)
    assert response.status_code == 404
    assert "Embargoed budget story" not in response.content.decode()


def test_an_editor_revokes_every_link_of_a_story_in_one_action(client, editor_user, draft):
    first, second = _make_link(client, editor_user, draft), _make_link(client, editor_user, draft)
    assert response_codes(client, first, second) == [200, 200]
    assert _revoke(client, editor_user, draft, note="Sent to the wrong address.").status_code == 302
    assert response_codes(client, first, second) == [404, 404]
    event = Event.objects.filter(article=draft, kind=Event.Kind.PREVIEW_LINKS_REVOKED).get()
    assert (event.actor, event.note) == (editor_user, "Sent to the wrong address.")


def test_a_link_made_after_revoking_works(client, editor_user, draft):
    old = _make_link(client, editor_user, draft)
    _revoke(client, editor_user, draft)
    new = _make_link(client, editor_user, draft)
    assert response_codes(client, old, new) == [404, 200]
    assert_private_preview(client.get(new))


def test_revoking_leaves_other_stories_links_alone(client, editor_user, draft):
    other = ArticleFactory(headline="Embargoed budget story, part two")
    kept = _make_link(client, editor_user, other)
    _make_link(client, editor_user, draft)
    _revoke(client, editor_user, draft)
    assert client.get(kept).status_code == 200


def test_revoking_changes_nothing_else_in_the_story(client, editor_user, draft):
    before = (draft.status, draft.version, draft.headline)
    _revoke(client, editor_user, draft)
    draft.refresh_from_db()
    assert (draft.status, draft.version, draft.headline) == before


def test_a_journalist_cannot_revoke_links(client, editor_user, journalist_user, draft):
    link = _make_link(client, editor_user, draft)
    assert _revoke(client, journalist_user, draft).status_code == 403
    assert client.get(link).status_code == 200
    assert not Event.objects.filter(article=draft, kind=Event.Kind.PREVIEW_LINKS_REVOKED)


def test_the_revoke_button_is_on_the_editors_panel_once_a_link_exists(client, editor_user, draft):
    client.force_login(editor_user)
    url = f"/admin/articles/article/{draft.pk}/change/"
    assert 'data-move="revoke_preview_links"' not in client.get(url).content.decode()
    _make_link(client, editor_user, draft)
    client.force_login(editor_user)
    html = client.get(url).content.decode()
    assert 'data-move="revoke_preview_links"' in html and "Revoke preview links" in html
    assert "Preview links revoked" not in html
    _revoke(client, editor_user, draft)
    client.force_login(editor_user)
    html = client.get(url).content.decode()
    assert "Preview links revoked" in html  # in the history
    assert 'data-move="revoke_preview_links"' not in html  # nothing left to revoke


def test_a_link_to_a_deleted_story_is_404(client, editor_user, draft):
    link = _make_link(client, editor_user, draft)
    draft.delete()
    assert client.get(link).status_code == 404


def test_a_link_survives_returning_the_story_to_its_writer(client, editor_user, journalist_user):
    """Returning is part of editing (the outside reader may be checking the fixes): the link
    keeps working; withdrawing or revoking ends it."""
    story = ArticleFactory(in_review=True, writers=[journalist_user.writer])
    link = _make_link(client, editor_user, story)
    transitions.return_to_writer(story, by=editor_user, note="Needs a second source.")
    assert client.get(link).status_code == 200


def test_reopening_a_withdrawn_story_does_not_bring_its_links_back(client, editor_user):
    story = ArticleFactory(live=True)
    link = _make_link(client, editor_user, story)
    transitions.withdraw(story, by=editor_user, note="Legal asked us to.")
    transitions.reopen(story, by=editor_user)
    assert client.get(link).status_code == 404


def response_codes(client, *links) -> list[int]:
    return [client.get(link).status_code for link in links]
