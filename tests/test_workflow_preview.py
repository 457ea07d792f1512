"""Previews: who may see an unpublished story, signed links, and never caching or indexing."""

from datetime import timedelta

import pytest
import time_machine
from django.utils import timezone

from tests.factories import ArticleFactory, UserFactory, WriterFactory
from workflow import preview

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
