"""The permission matrix: role × move × state, through crafted POSTs to the admin.

Written out by hand (not derived from workflow.transitions.TRANSITIONS) so the table and this
spec check each other. A refused move answers 403 (wrong role) or names the state (wrong
state), and the story does not change.
"""

from datetime import timedelta

import pytest
from django.contrib.auth.models import User
from django.utils import timezone

from articles.models import Article
from tests.factories import STATES, ArticleFactory, UserFactory
from workflow.models import Event

pytestmark = pytest.mark.django_db

ALL = set(STATES)
# move -> role -> states it is allowed from
MATRIX = {
    "submit": {"writer": {"draft"}, "editor": {"draft"}},
    "return_to_writer": {"editor": {"in_review", "scheduled"}},
    "schedule": {"editor": {"draft", "in_review", "scheduled"}},
    "publish_now": {"editor": {"draft", "in_review", "scheduled"}},
    "withdraw": {"editor": {"scheduled", "live", "expired"}},
    "reopen": {"editor": {"withdrawn"}},
    "add_correction": {"editor": {"live", "expired"}},
    "comment": {"writer": ALL, "editor": ALL},
    "revoke_preview_links": {"editor": ALL},
}
ROLES = ["writer", "journalist", "editor", "superuser"]
POSTS = {
    "return_to_writer": {"note": "Needs a second source."},
    "withdraw": {"note": "Legal asked us to.", "confirm": "on"},
    "add_correction": {"note": "The vote was 31 to 4."},
    "comment": {"note": "Check the figures."},
}


def allowed(move: str, role: str, state: str) -> bool:
    effective = "editor" if role == "superuser" else role
    return state in MATRIX[move].get(effective, set())


@pytest.fixture
def people(journalist_user, other_journalist_user, editor_user):
    return {
        "writer": journalist_user,
        "journalist": other_journalist_user,
        "editor": editor_user,
        "superuser": UserFactory(username="root", is_staff=True, is_superuser=True),
    }


def snapshot(article: Article) -> tuple:
    article.refresh_from_db()
    return (article.status, article.publish_at, article.expire_at, article.version)


def post_data(move: str) -> dict[str, str]:
    if move == "schedule":
        later = timezone.localtime() + timedelta(days=2)
        return {"publish_at": later.strftime("%Y-%m-%dT%H:%M")}
    return POSTS.get(move, {})


@pytest.mark.parametrize("state", list(STATES))
@pytest.mark.parametrize("move", list(MATRIX))
@pytest.mark.parametrize("role", ROLES)
def test_permission_matrix(client, people, role, move, state):
    story = ArticleFactory(writers=[people["writer"].writer], **STATES[state])
    before = snapshot(story)
    client.force_login(people[role])

    response = client.post(f"/admin/articles/article/{story.pk}/workflow/{move}/", post_data(move))

    events = Event.objects.filter(article=story).exclude(kind="created")
    if allowed(move, role, state):
        assert response.status_code == 302
        assert events.count() == 1
        assert events.get().actor == people[role]
    else:
        # The wrong role is forbidden outright; the right role in the wrong state is told why.
        role_may = ("editor" if role == "superuser" else role) in MATRIX[move]
        assert response.status_code == (302 if role_may else 403)
        assert not events.exists()
        assert snapshot(story) == before


def test_anonymous_post_is_sent_to_log_in(client):
    story = ArticleFactory(in_review=True)
    response = client.post(f"/admin/articles/article/{story.pk}/workflow/publish_now/")
    assert response.status_code == 302 and "/login/" in response["Location"]
    assert snapshot(story)[0] == Article.Status.IN_REVIEW


def test_staff_without_a_role_cannot_publish(client):
    story = ArticleFactory(in_review=True)
    client.force_login(UserFactory(username="intern", is_staff=True))
    response = client.post(f"/admin/articles/article/{story.pk}/workflow/publish_now/")
    assert response.status_code == 403
    assert snapshot(story)[0] == Article.Status.IN_REVIEW


def test_moves_only_answer_post(client, editor_user):
    story = ArticleFactory(in_review=True)
    client.force_login(editor_user)
    response = client.get(f"/admin/articles/article/{story.pk}/workflow/publish_now/")
    assert response.status_code == 405
    assert snapshot(story)[0] == Article.Status.IN_REVIEW


def test_unknown_move_is_refused(client, editor_user):
    story = ArticleFactory(in_review=True)
    client.force_login(editor_user)
    response = client.post(f"/admin/articles/article/{story.pk}/workflow/restore_everything/")
    assert response.status_code == 403


def test_journalist_without_byline_link_cannot_add_stories(client):
    from django.contrib.auth.models import Group

    user = UserFactory(username="freelance", is_staff=True)
    user.groups.add(Group.objects.get(name="Journalists"))
    client.force_login(user)
    assert client.get("/admin/articles/article/add/").status_code == 403


def test_editors_hold_the_publish_permission_and_journalists_do_not(people):
    assert people["editor"].has_perm("articles.publish_article")
    assert not User.objects.get(pk=people["writer"].pk).has_perm("articles.publish_article")
