"""Who may change a library picture: editors any; a journalist only a picture shown by nothing
but drafts of their own, or shown by nothing and uploaded by them (workflow/pictures.py).

The rule is written out as a matrix here, then enforced on every door of the image admin: the
change form (read-only when refused), a crafted POST to it, the delete page, the bulk action.
"""

from unittest import mock

import pytest
from django.contrib.auth.models import Group

from images.models import Image
from tests.factories import ArticleFactory, ImageFactory, UserFactory, WriterFactory
from tests.images import picture_bytes, upload
from workflow import pictures, transitions
from workflow.pictures import may_change

pytestmark = pytest.mark.django_db


def _returned_draft(writer, editor, image):
    story = ArticleFactory(in_review=True, writers=[writer], hero_image=image)
    transitions.return_to_writer(story, by=editor, note="Needs a second source.")
    return story


# How the picture is used -> (journalist may change it, editor may change it).
MATRIX = {
    "own draft": (True, True),
    "own returned draft": (True, True),
    "own in review": (False, True),
    "own scheduled": (False, True),
    "own live": (False, True),
    "own withdrawn": (False, True),
    "other's draft": (False, True),
    "own draft and other's live": (False, True),
    "unused own upload": (True, True),
    "unused other's upload": (False, True),
    "unused, uploader unknown": (False, True),
    "own writer photo": (False, True),
    "other writer's photo": (False, True),
    "own draft and own writer photo": (False, True),
}


def _picture(use: str, journalist, other, editor) -> Image:
    mine, theirs = journalist.writer, other.writer
    image = ImageFactory(renditions=False)
    image.uploaded_by = journalist if use != "unused other's upload" else other
    image.save()
    if use == "unused, uploader unknown":
        Image.objects.filter(pk=image.pk).update(uploaded_by=None)
        image.refresh_from_db()
    states = {"draft": {}, "in review": {"in_review": True}, "scheduled": {"scheduled": True},
              "live": {"live": True}, "withdrawn": {"withdrawn": True}}  # fmt: skip
    for part in use.split(" and "):
        if part == "own returned draft":
            _returned_draft(mine, editor, image)
        elif part.startswith("own ") and part.removeprefix("own ") in states:
            ArticleFactory(writers=[mine], hero_image=image, **states[part.removeprefix("own ")])
        elif part == "other's draft":
            ArticleFactory(writers=[theirs], hero_image=image)
        elif part == "other's live":
            ArticleFactory(writers=[theirs], hero_image=image, live=True)
        elif part == "own writer photo":
            mine.photo = image
            mine.save()
        elif part == "other writer's photo":
            WriterFactory(photo=image)
    return image


@pytest.fixture
def people(journalist_user, other_journalist_user, editor_user):
    return journalist_user, other_journalist_user, editor_user


@pytest.mark.parametrize("use", list(MATRIX))
def test_the_rule(people, use):
    journalist, other, editor = people
    image = _picture(use, journalist, other, editor)
    root = UserFactory(username="root", is_staff=True, is_superuser=True)
    journalist_may, editor_may = MATRIX[use]
    assert may_change(journalist, image) is journalist_may
    assert may_change(editor, image) is editor_may
    assert may_change(root, image) is True


def test_staff_without_the_model_permission_may_change_not_even_their_upload(people):
    journalist, other, editor = people
    intern = UserFactory(username="intern", is_staff=True)
    image = _picture("unused own upload", journalist, other, editor)
    Image.objects.filter(pk=image.pk).update(uploaded_by=intern)
    image.refresh_from_db()
    assert may_change(intern, image)  # the rule: the uploader's own unused picture
    assert not intern.has_perm("images.change_image", image)  # but not without the model's


@pytest.mark.parametrize("use", list(MATRIX))
def test_the_object_permission_follows_the_rule(people, use):
    journalist, other, editor = people
    image = _picture(use, journalist, other, editor)
    journalist_may, _ = MATRIX[use]
    assert journalist.has_perm("images.change_image", image) is journalist_may
    assert not journalist.has_perm("images.delete_image", image)  # journalists never delete
    assert editor.has_perm("images.change_image", image)
    assert editor.has_perm("images.delete_image", image)


def test_without_the_editorial_backend_only_superusers_change_pictures(people, settings):
    journalist, other, editor = people
    settings.AUTHENTICATION_BACKENDS = ["django.contrib.auth.backends.ModelBackend"]
    image = _picture("unused own upload", journalist, other, editor)
    root = UserFactory(username="root", is_staff=True, is_superuser=True)
    assert not journalist.has_perm("images.change_image", image)
    assert not editor.has_perm("images.change_image", image)
    assert root.has_perm("images.change_image", image)


# --- The admin's doors -------------------------------------------------------------------------


def _form(image: Image, **changes) -> dict[str, str]:
    return {"alt_text": image.alt_text, "caption": image.caption, "credit": image.credit,
            "focal_x": str(image.focal_x), "focal_y": str(image.focal_y), **changes}  # fmt: skip


def _unchanged(image: Image) -> tuple:
    row = Image.objects.get(pk=image.pk)
    return (row.alt_text, row.caption, row.credit, row.focal_x, row.focal_y, row.file.name)


@pytest.fixture
def live_picture(people):
    """The hero image of another writer's live story."""
    journalist, other, editor = people
    return _picture("other's live", journalist, other, editor)


def test_a_journalist_cannot_change_the_picture_of_another_writers_live_story(
    client, people, live_picture
):
    journalist = people[0]
    before = _unchanged(live_picture)
    client.force_login(journalist)
    url = f"/admin/images/image/{live_picture.pk}/change/"
    hostile = _form(live_picture, alt_text="Defaced", caption="Defaced", focal_x="0.1")
    assert client.post(url, hostile).status_code == 403
    assert _unchanged(live_picture) == before


def test_the_journalist_sees_the_picture_read_only(client, people, live_picture):
    client.force_login(people[0])
    response = client.get(f"/admin/images/image/{live_picture.pk}/change/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "A flooded street in Huế" in html  # shown
    assert 'name="alt_text"' not in html and 'name="focal_x"' not in html  # not editable
    assert 'name="_save"' not in html
    assert not response.context["has_change_permission"]
    assert "left:50.0%;top:50.0%" in html  # the focal point, shown without its fields


def test_the_change_form_asks_the_rule_once(client, people):
    journalist, other, editor = people
    image = _picture("own draft", journalist, other, editor)
    client.force_login(journalist)
    with mock.patch.object(pictures, "may_change", wraps=pictures.may_change) as rule:
        assert client.get(f"/admin/images/image/{image.pk}/change/").status_code == 200
    assert rule.call_count == 1


def test_the_journalist_may_still_choose_it(client, people, live_picture):
    client.force_login(people[0])
    popup = client.get("/admin/images/image/", {"_to_field": "id", "_popup": "1"})
    assert popup.status_code == 200 and "A flooded street in Huế" in popup.content.decode()
    preview = client.get(f"/admin/images/image/{live_picture.pk}/preview.json")
    assert preview.json()["alt_text"] == "A flooded street in Huế"


def test_a_journalist_cannot_delete_it(client, people):
    journalist, other, editor = people
    image = _picture("unused own upload", journalist, other, editor)
    client.force_login(journalist)
    url = f"/admin/images/image/{image.pk}/delete/"
    assert client.get(url).status_code == 403
    assert client.post(url, {"post": "yes"}).status_code == 403
    bulk = {"action": "delete_selected", "_selected_action": [image.pk], "post": "yes"}
    assert client.post("/admin/images/image/", bulk).status_code == 403
    assert Image.objects.filter(pk=image.pk).exists()


def test_an_editor_without_the_object_permission_cannot_bulk_delete(client, people, settings):
    journalist, other, editor = people
    settings.AUTHENTICATION_BACKENDS = ["django.contrib.auth.backends.ModelBackend"]
    image = _picture("unused own upload", journalist, other, editor)
    client.force_login(editor)
    bulk = {"action": "delete_selected", "_selected_action": [image.pk], "post": "yes"}
    assert client.post("/admin/images/image/", bulk).status_code == 403
    assert Image.objects.filter(pk=image.pk).exists()


def test_an_editor_changes_the_picture_of_a_live_story(
    client, people, live_picture, django_capture_on_commit_callbacks
):
    client.force_login(people[2])
    url = f"/admin/images/image/{live_picture.pk}/change/"
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, _form(live_picture, alt_text="Boats in the harbour"))
    assert response.status_code == 302
    assert Image.objects.get(pk=live_picture.pk).alt_text == "Boats in the harbour"


def test_an_editor_deletes_an_unused_picture(client, people):
    journalist, other, editor = people
    image = _picture("unused other's upload", journalist, other, editor)
    client.force_login(editor)
    bulk = {"action": "delete_selected", "_selected_action": [image.pk], "post": "yes"}
    assert client.post("/admin/images/image/", bulk).status_code == 302
    assert not Image.objects.filter(pk=image.pk).exists()


@pytest.mark.parametrize("use", ["own draft", "own returned draft", "unused own upload"])
def test_a_journalist_changes_a_picture_of_their_own_draft(
    client, people, use, django_capture_on_commit_callbacks
):
    journalist, other, editor = people
    image = _picture(use, journalist, other, editor)
    client.force_login(journalist)
    url = f"/admin/images/image/{image.pk}/change/"
    assert 'name="alt_text"' in client.get(url).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, _form(image, alt_text="Boats", focal_x="0.25"))
    assert response.status_code == 302
    row = Image.objects.get(pk=image.pk)
    assert (row.alt_text, row.focal_x) == ("Boats", 0.25)


def test_once_submitted_the_picture_is_the_editors(client, people):
    journalist, other, editor = people
    image = _picture("own draft", journalist, other, editor)
    story = image.hero_of.get()
    transitions.submit(story, by=journalist)
    client.force_login(journalist)
    before = _unchanged(image)
    url = f"/admin/images/image/{image.pk}/change/"
    assert client.post(url, _form(image, alt_text="Changed after submitting")).status_code == 403
    assert _unchanged(image) == before


def test_a_journalists_upload_answers_with_the_form_they_may_edit(client, journalist_user):
    client.force_login(journalist_user)
    photo = upload("boats.jpg", picture_bytes((80, 60)))
    form = {"file": photo, **_form(Image(alt_text="Boats", caption="", credit=""))}
    response = client.post("/admin/images/image/add/", {**form, "_continue": "1"}, follow=True)
    assert response.status_code == 200
    assert response.context["has_change_permission"]
    assert Image.objects.get().uploaded_by == journalist_user


def test_journalists_hold_the_model_permissions_they_need():
    permissions = Group.objects.get(name="Journalists").permissions
    codenames = set(permissions.filter(content_type__app_label="images").values_list(
        "codename", flat=True))  # fmt: skip
    assert codenames == {"add_image", "change_image", "view_image"}
