"""The desk across editions: one workflow and the same roles for both editions; a staff member
limited to some editions (StaffSettings.editions, set on the user admin) makes no move, edit or
deletion outside them; a journalist writes in their editions only; the story form shows and
guards a story's edition; the story list shows and filters editions."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from articles.models import Article
from notifications.models import Notification
from staff.models import StaffSettings
from tests.admin_forms import form_data
from tests.factories import ArticleFactory, UserFactory, WriterFactory
from workflow import transitions, translating, updates
from workflow.models import Event

pytestmark = pytest.mark.django_db


def limit(user, *codes: str) -> None:
    StaffSettings.objects.update_or_create(user=user, defaults={"editions": list(codes)})
    user.__dict__.pop("_newsroom_editions", None)


def change_url(story: Article) -> str:
    return f"/admin/articles/article/{story.pk}/change/"


@pytest.fixture
def english_editor(editor_user):
    limit(editor_user, "en")
    return editor_user


# Each editor's move, from a state it is allowed in, and what it posts.
MOVES = {
    "return_to_writer": ("in_review", {"note": "Another source."}),
    "schedule": ("in_review", "schedule"),
    "publish_now": ("in_review", {}),
    "withdraw": ("live", {"note": "Legal.", "confirm": "on"}),
    "reopen": ("withdrawn", {}),
    "add_correction": ("live", {"note": "The toll was 12."}),
    "comment": ("draft", {"note": "Check the name."}),
    "revoke_preview_links": ("live", {}),
}
STATE = {
    "draft": {},
    "in_review": {"in_review": True},
    "live": {"live": True},
    "withdrawn": {"withdrawn": True},
}


def _post(move: str) -> dict:
    data = MOVES[move][1]
    if data == "schedule":
        later = timezone.localtime() + timezone.timedelta(days=1)
        return {"publish_at": later.strftime("%Y-%m-%dT%H:%M")}
    return data


@pytest.mark.parametrize("edition", ["en", "vi"])
@pytest.mark.parametrize("move", list(MOVES))
def test_an_editor_limited_to_an_edition_moves_only_its_stories(
    client, english_editor, move, edition
):
    story = ArticleFactory(edition=edition, **STATE[MOVES[move][0]])
    before = (story.status, story.version)
    client.force_login(english_editor)

    response = client.post(f"/admin/articles/article/{story.pk}/workflow/{move}/", _post(move))

    events = Event.objects.filter(article=story)
    if edition == "en":
        assert response.status_code == 302
        assert events.count() == 1, move
    else:
        assert response.status_code == 403
        assert not events.exists()
        story.refresh_from_db()
        assert (story.status, story.version) == before


def test_an_editor_limited_to_an_edition_cannot_update_or_schedule_updates_elsewhere(
    english_editor,
):
    story = ArticleFactory(edition="vi", live=True)
    with pytest.raises(transitions.NotPermitted):
        transitions.mark_updated(story, by=english_editor)
    with pytest.raises(transitions.NotPermitted):
        transitions.schedule_update(
            story,
            by=english_editor,
            fields=updates.snapshot(story),
            publish_at=timezone.now() + timezone.timedelta(hours=1),
            version=story.version,
        )
    story.refresh_from_db()
    assert story.updated_at is None


def test_an_editor_limited_to_an_edition_reads_but_cannot_edit_or_delete_elsewhere(
    client, english_editor
):
    writer = WriterFactory()
    vietnamese = ArticleFactory(edition="vi", in_review=True, headline="Tin Việt", writers=[writer])
    english = ArticleFactory(edition="en", in_review=True, writers=[writer])
    client.force_login(english_editor)

    page = client.get(change_url(vietnamese))
    assert page.status_code == 200 and not page.context["has_change_permission"]
    data = form_data(client.get(change_url(english))) | {"headline": "Changed"}
    assert client.post(change_url(english), data).status_code == 302
    crafted = data | {"edition": "vi", "headline": "Đổi"}
    assert client.post(change_url(vietnamese), crafted).status_code == 403
    vietnamese.refresh_from_db()
    assert vietnamese.headline == "Tin Việt"
    assert client.get(f"/admin/articles/article/{vietnamese.pk}/delete/").status_code == 403
    assert client.get(f"/admin/articles/article/{english.pk}/delete/").status_code == 200


def test_an_editor_limited_to_an_edition_cannot_bulk_publish_elsewhere(client, english_editor):
    vietnamese = ArticleFactory(edition="vi", in_review=True)
    english = ArticleFactory(edition="en", in_review=True)
    client.force_login(english_editor)
    client.post(
        "/admin/articles/article/",
        {"action": "publish_selected", "_selected_action": [vietnamese.pk, english.pk]},
    )
    vietnamese.refresh_from_db()
    english.refresh_from_db()
    assert english.status == Article.Status.PUBLISHED
    assert vietnamese.status == Article.Status.IN_REVIEW


def test_the_limited_editors_desk_keeps_to_their_edition(client, english_editor, editor_user):
    ArticleFactory(edition="vi", in_review=True, headline="Chờ duyệt")
    ArticleFactory(edition="en", in_review=True, headline="Waiting")
    client.force_login(english_editor)
    desk = client.get("/admin/")
    waiting = {q.key: q for q in desk.context["desk_editor"]}["waiting"]
    assert [s.headline for s in waiting.stories] == ["Waiting"] and waiting.count == 1
    assert waiting.url.endswith("edition=en")
    listed = client.get(waiting.url).context["cl"].result_list
    assert [s.headline for s in listed] == ["Waiting"]


def test_an_unlimited_editor_moves_stories_of_every_edition(editor_user):
    for edition in ("en", "vi"):
        story = ArticleFactory(edition=edition, in_review=True)
        transitions.publish_now(story, by=editor_user)
        assert story.status == Article.Status.PUBLISHED


def test_submitting_notifies_the_editors_of_the_storys_edition(
    journalist_user, editor_user, other_journalist_user
):
    english_only = UserFactory(username="en-desk", is_staff=True)
    english_only.groups.add(editor_user.groups.get())
    limit(english_only, "en")
    vietnamese_only = UserFactory(username="vi-desk", is_staff=True)
    vietnamese_only.groups.add(editor_user.groups.get())
    limit(vietnamese_only, "vi")
    story = ArticleFactory(edition="vi", writers=[journalist_user.writer])

    transitions.submit(story, by=journalist_user)

    told = set(Notification.objects.filter(article=story).values_list("recipient", flat=True))
    assert told == {editor_user.pk, vietnamese_only.pk}


# --- Journalists -------------------------------------------------------------------------------


@pytest.fixture
def vietnamese_journalist(journalist_user):
    limit(journalist_user, "vi")
    return journalist_user


def test_a_journalists_new_story_is_in_their_edition(client, vietnamese_journalist):
    client.force_login(vietnamese_journalist)
    form = client.get("/admin/articles/article/add/").context["adminform"].form
    assert [code for code, _ in form.fields["edition"].choices] == ["vi"]
    assert form["edition"].value() == "vi"


def test_a_journalist_cannot_create_a_story_outside_their_editions(client, vietnamese_journalist):
    client.force_login(vietnamese_journalist)
    data = form_data(client.get("/admin/articles/article/add/"))
    from tests.factories import SectionFactory

    data |= {"headline": "Lũ ở Huế", "lead": "Nước lên.", "section": SectionFactory().pk}
    response = client.post("/admin/articles/article/add/", data | {"edition": "en"})
    assert response.status_code == 200
    assert "edition" in response.context["adminform"].form.errors
    assert not Article.objects.filter(headline="Lũ ở Huế").exists()

    assert client.post("/admin/articles/article/add/", data).status_code == 302
    assert Article.objects.get(headline="Lũ ở Huế").edition == "vi"


def test_a_journalist_edits_their_stories_in_their_edition_only(client, vietnamese_journalist):
    writer = vietnamese_journalist.writer
    theirs_vi = ArticleFactory(edition="vi", writers=[writer])
    theirs_en = ArticleFactory(edition="en", writers=[writer], headline="Old English")
    client.force_login(vietnamese_journalist)
    assert client.get(change_url(theirs_vi)).context["has_change_permission"]
    assert not client.get(change_url(theirs_en)).context["has_change_permission"]
    with pytest.raises(PermissionDenied):
        transitions.submit(theirs_en, by=vietnamese_journalist)
    transitions.submit(theirs_vi, by=vietnamese_journalist)


def test_a_limited_journalist_may_translate_into_their_edition_only(vietnamese_journalist):
    english = ArticleFactory(edition="en", live=True)
    vietnamese = ArticleFactory(edition="vi", live=True)
    assert [e.code for e in translating.target_editions(english, vietnamese_journalist)] == ["vi"]
    assert translating.target_editions(vietnamese, vietnamese_journalist) == []


# --- The story form's edition ------------------------------------------------------------------


def test_a_drafts_edition_can_change(client, editor_user):
    story = ArticleFactory(edition="en", writers=[WriterFactory()])
    client.force_login(editor_user)
    data = form_data(client.get(change_url(story))) | {"edition": "vi"}
    assert client.post(change_url(story), data).status_code == 302
    story.refresh_from_db()
    assert story.edition == "vi"


@pytest.mark.parametrize("link", ["original", "translation"])
def test_a_linked_storys_edition_cannot_change(client, editor_user, link):
    writer = WriterFactory()
    original = ArticleFactory(edition="vi", writers=[writer])
    translation = ArticleFactory(edition="en", translation_of=original, writers=[writer])
    story = original if link == "original" else translation
    client.force_login(editor_user)
    other = "en" if link == "original" else "vi"
    data = form_data(client.get(change_url(story))) | {"edition": other}
    response = client.post(change_url(story), data)
    assert response.status_code == 200
    assert "would break that link" in str(response.context["adminform"].form.errors["edition"])
    story.refresh_from_db()
    assert story.edition == ("vi" if link == "original" else "en")


def test_a_published_storys_edition_does_not_change(client, editor_user):
    story = ArticleFactory(edition="en", live=True, writers=[WriterFactory()])
    client.force_login(editor_user)
    data = form_data(client.get(change_url(story))) | {"edition": "vi"}
    response = client.post(change_url(story), data)
    assert response.status_code == 200
    assert "keeps its edition" in str(response.context["adminform"].form.errors["edition"])
    story.refresh_from_db()
    assert story.edition == "en"


def test_the_story_list_shows_and_filters_editions(client, editor_user):
    ArticleFactory(edition="vi", headline="Tin Việt")
    ArticleFactory(edition="en", headline="English news")
    client.force_login(editor_user)
    page = client.get("/admin/articles/article/")
    assert "Vietnamese" in page.content.decode()  # named in the admin's language
    listed = client.get("/admin/articles/article/?edition=vi").context["cl"].result_list
    assert [s.headline for s in listed] == ["Tin Việt"]


def test_the_admin_reads_editions_and_the_mark_in_vietnamese(client, editor_user):
    StaffSettings.objects.update_or_create(user=editor_user, defaults={"language": "vi"})
    original = ArticleFactory(edition="vi", live=True)
    story = translating.translate(original, by=editor_user, edition="en")
    transitions.add_correction(original, by=editor_user, note="Sửa.")
    client.force_login(editor_user)
    page = client.get(change_url(story)).content.decode()
    assert "Bài gốc đã thay đổi" in page and "Ấn bản" in page
    assert "Tiếng Anh" in page and "Tiếng Việt" in page  # the editions, named in Vietnamese
    form = client.get(change_url(story)).context["adminform"].form
    assert dict(form.fields["edition"].choices) == {"en": "Tiếng Anh", "vi": "Tiếng Việt"}
    assert "Bản dịch có bài gốc đã thay đổi" in client.get("/admin/").content.decode()


# --- The user admin ----------------------------------------------------------------------------


def test_whoever_manages_users_sets_a_persons_editions(client, journalist_user):
    root = UserFactory(username="root", is_staff=True, is_superuser=True)
    client.force_login(root)
    url = f"/admin/auth/user/{journalist_user.pk}/change/"
    data = {k: v for k, v in form_data(client.get(url)).items() if v != ""}
    data |= {"staff_settings-0-editions": ["vi"], "staff_settings-0-user": journalist_user.pk}
    response = client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    assert StaffSettings.objects.get(user=journalist_user).editions == ["vi"]
    listing = client.get("/admin/auth/user/").content.decode()
    assert "Vietnamese" in listing


def test_a_writer_without_an_edition_limit_works_in_every_edition(journalist_user):
    assert translating.may_write_in(journalist_user, "en")
    assert translating.may_write_in(journalist_user, "vi")
    writerless = UserFactory(username="intern", is_staff=True)
    assert not translating.may_write_in(writerless, "en")
    WriterFactory(user=writerless)
    writerless.refresh_from_db()
    assert translating.may_write_in(writerless, "en")


def test_an_editor_limited_to_an_edition_runs_live_coverage_in_it_only(english_editor):
    from workflow import live

    vietnamese = ArticleFactory(edition="vi", live=True)
    english = ArticleFactory(edition="en", live=True)
    with pytest.raises(PermissionDenied):
        live.start(vietnamese, english_editor)
    assert not live.may_post(english_editor, vietnamese)
    assert live.start(english, english_editor).article == english
    assert live.may_post(english_editor, english)


def test_the_story_list_opens_on_a_limited_persons_edition(client, english_editor, journalist_user):
    ArticleFactory(edition="vi", headline="Tin Việt")
    client.force_login(english_editor)
    response = client.get("/admin/articles/article/")
    assert response.status_code == 302 and response["Location"].endswith("?edition=en")
    limit(journalist_user, "vi")
    client.force_login(journalist_user)
    response = client.get("/admin/articles/article/")
    assert response["Location"].endswith("?mine=1&edition=vi")
    # Cleared filters stay cleared: every edition's stories are listed (read-only elsewhere).
    listed = client.get("/admin/articles/article/?q=").context["cl"].result_list
    assert [s.headline for s in listed] == ["Tin Việt"]
