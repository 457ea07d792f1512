"""The image library in the admin: uploading, refusals with clear messages and nothing left
behind, thumbnails, search and filters, choosing a picture for a story, and the alt-text rule
at publication."""

import pytest
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.db import IntegrityError

from articles.models import Article
from images.models import Image
from tests.admin_forms import form_data
from tests.factories import ArticleFactory, ImageFactory, UserFactory, WriterFactory
from tests.images import picture_bytes, upload

pytestmark = pytest.mark.django_db


@pytest.fixture
def journalist(client):
    """A journalist with a byline of their own (the workflow lets only such a login write)."""
    user = UserFactory(username="journalist", is_staff=True)
    user.groups.add(Group.objects.get(name="Journalists"))
    client.writer = WriterFactory(name="Thanh Hà", user=user)
    client.force_login(user)
    client.user = user
    return client


def _stored_files(settings) -> list[str]:
    root = settings.MEDIA_ROOT
    return (
        [str(p.relative_to(root)) for p in root.rglob("*") if p.is_file()] if root.exists() else []
    )


def _upload_form(file, **fields):
    return {"file": file, "alt_text": "", "caption": "", "credit": "", "focal_x": "0.5",
            "focal_y": "0.5", **fields}  # fmt: skip


def test_a_journalist_uploads_a_phone_photo(journalist, django_capture_on_commit_callbacks):
    photo = upload("IMG_0001.jpg", picture_bytes((1000, 750)))
    with django_capture_on_commit_callbacks(execute=True):
        response = journalist.post(
            "/admin/images/image/add/", _upload_form(photo, alt_text="Boats in the harbour")
        )
    assert response.status_code == 302
    image = Image.objects.get()
    assert (image.width, image.height, image.uploaded_by) == (1000, 750, journalist.user)
    assert image.has_renditions
    assert default_storage.exists(image.rendition_url(640).removeprefix("/media/"))


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("notes.jpg", b"not a picture", "not a picture Newsroom can use"),
        ("photo.png", picture_bytes((64, 36)), "named .png but it is a JPEG image"),
    ],
)
def test_a_bad_file_gets_a_clear_error_and_nothing_is_stored(
    journalist, settings, name, data, message
):
    response = journalist.post("/admin/images/image/add/", _upload_form(upload(name, data)))
    assert response.status_code == 200
    assert message in str(response.context["adminform"].form.errors["file"])
    assert message in response.content.decode()
    assert not Image.objects.exists()
    assert _stored_files(settings) == []


def test_an_oversized_file_gets_a_clear_error(journalist, settings):
    settings.NEWSROOM_IMAGE_MAX_BYTES = 500
    photo = upload("big.jpg", picture_bytes((200, 200), quality=95))
    response = journalist.post("/admin/images/image/add/", _upload_form(photo))
    assert "the limit is 500" in response.content.decode()
    assert not Image.objects.exists()


def test_a_failed_save_removes_the_file_it_stored(settings):
    from images import services

    image = Image(focal_x=2.0)  # outside the picture: the database refuses the row
    services.apply_upload(image, services.clean_upload(upload("a.jpg", picture_bytes())))
    with pytest.raises(IntegrityError):
        services.save_image(image)
    assert _stored_files(settings) == []


def test_editing_the_focal_point_keeps_the_file(journalist, django_capture_on_commit_callbacks):
    image = ImageFactory()
    Image.objects.filter(pk=image.pk).update(uploaded_by=journalist.user)  # theirs, unused
    old_key = image.renditions_key
    url = f"/admin/images/image/{image.pk}/change/"
    assert "focal-preview" in journalist.get(url).content.decode()
    form = {"alt_text": image.alt_text, "caption": "", "credit": "", "focal_x": "0.2",
            "focal_y": "0.7"}  # fmt: skip
    with django_capture_on_commit_callbacks(execute=True):
        assert journalist.post(url, form).status_code == 302
    image.refresh_from_db()
    assert (image.focal_x, image.focal_y) == (0.2, 0.7)
    assert image.has_renditions and image.renditions_key != old_key


def test_the_library_lists_thumbnails_and_filters_missing_alt_text(journalist):
    ImageFactory(alt_text="Boats in the harbour")
    ImageFactory(alt_text="", caption="Untitled market scene")
    html = journalist.get("/admin/images/image/").content.decode()
    assert html.count('<img src="/media/renditions/') == 2
    missing = journalist.get("/admin/images/image/", {"alt": "missing"}).content.decode()
    assert "Untitled market scene" in missing and "Boats in the harbour" not in missing
    found = journalist.get("/admin/images/image/", {"q": "harbour"}).content.decode()
    assert "Boats in the harbour" in found and "Untitled market scene" not in found


def test_the_used_filter(journalist):
    ArticleFactory(hero_image=ImageFactory(alt_text="On a story"))
    WriterFactory(photo=ImageFactory(alt_text="On a writer"))
    ImageFactory(alt_text="On nothing")
    for value, expected in [
        ("hero", "On a story"),
        ("writer", "On a writer"),
        ("no", "On nothing"),
    ]:
        html = journalist.get("/admin/images/image/", {"used": value}).content.decode()
        assert expected in html
        assert sum(label in html for label in ["On a story", "On a writer", "On nothing"]) == 1


def test_the_story_form_previews_the_chosen_picture(journalist):
    story = ArticleFactory(
        hero_image=ImageFactory(alt_text="Boats in the harbour"), writers=[journalist.writer]
    )
    html = journalist.get(f"/admin/articles/article/{story.pk}/change/").content.decode()
    assert 'class="image-chooser__preview"' in html
    assert "Alt text: Boats in the harbour" in html
    # The chooser replaces the pop-up id box: a hidden id, a button, the library's addresses.
    assert f'<input type="hidden" name="hero_image" value="{story.hero_image_id}"' in html
    assert 'id="lookup_id_hero_image"' not in html
    assert "Change picture…" in html
    assert 'data-chooser-url="/admin/images/image/choose.json"' in html
    assert 'data-upload-url="/admin/images/image/choose/upload/"' in html


def test_the_chooser_preview_follows_the_choice(journalist):
    image = ImageFactory(alt_text="Boats in the harbour")
    html = journalist.get("/admin/articles/article/add/").content.decode()
    assert 'data-preview-url="/admin/images/image/__id__/preview.json"' in html
    assert "images/image-chooser.js" in html
    data = journalist.get(f"/admin/images/image/{image.pk}/preview.json").json()
    assert data == {"url": image.rendition_url(320, "wide"), "alt_text": "Boats in the harbour"}
    assert journalist.get("/admin/images/image/999999/preview.json").status_code == 404


def test_the_chooser_preview_is_for_staff_only(client):
    image = ImageFactory()
    response = client.get(f"/admin/images/image/{image.pk}/preview.json")
    assert response.status_code == 302 and "/admin/login/" in response["Location"]


@pytest.fixture
def editor(client):
    user = UserFactory(username="editor", is_staff=True, is_superuser=True)
    client.force_login(user)
    return client


def _publish_now(editor, story):
    """The workflow's "Publish now" button on the story's admin page."""
    return editor.post(f"/admin/articles/article/{story.pk}/workflow/publish_now/", follow=True)


def test_a_story_cannot_be_published_with_a_picture_without_alt_text(editor):
    story = ArticleFactory(in_review=True, hero_image=ImageFactory(alt_text=" "))
    response = _publish_now(editor, story)
    shown = [str(message) for message in response.context["messages"]]
    assert any("The hero image has no alt text" in message for message in shown), shown
    story.refresh_from_db()
    assert story.status == Article.Status.IN_REVIEW


def test_the_same_story_publishes_once_the_picture_has_alt_text(editor):
    story = ArticleFactory(in_review=True, hero_image=ImageFactory(alt_text=""))
    Image.objects.filter(pk=story.hero_image_id).update(alt_text="Boats in the harbour")
    _publish_now(editor, story)
    story.refresh_from_db()
    assert story.is_live()


def test_a_draft_may_use_a_picture_without_alt_text(editor):
    story = ArticleFactory(hero_image=ImageFactory(alt_text=""), writers=[WriterFactory()])
    url = f"/admin/articles/article/{story.pk}/change/"
    data = {**form_data(editor.get(url)), "headline": "A draft with a picture"}
    assert editor.post(url, data).status_code == 302
    story.refresh_from_db()
    assert story.headline == "A draft with a picture" and story.hero_image.alt_text == ""


class TestAltTextRule:
    """Article.clean(), which the publishing workflow runs through full_clean()."""

    def test_published_story_with_a_picture_without_alt_text_is_refused(self):
        story = ArticleFactory(live=True, hero_image=ImageFactory(alt_text=""))
        with pytest.raises(ValidationError) as error:
            story.full_clean()
        assert "hero_image" in error.value.message_dict

    @pytest.mark.parametrize("state", [{}, {"in_review": True}])
    def test_unpublished_story_may_wait_for_alt_text(self, state):
        ArticleFactory(hero_image=ImageFactory(alt_text=""), **state).full_clean()

    def test_published_story_without_a_picture_needs_no_alt_text(self):
        ArticleFactory(live=True).full_clean()


def test_an_uploaded_phone_photo_is_stored_upright_without_gps(
    journalist, django_capture_on_commit_callbacks
):
    from PIL import ExifTags

    from tests.images import open_stored
    from tests.test_images_uploads import _phone_photo

    with django_capture_on_commit_callbacks(execute=True):  # the worker's part, at once
        journalist.post(
            "/admin/images/image/add/", _upload_form(upload("phone.jpg", _phone_photo()))
        )
    image = Image.objects.get()
    stored = open_stored(default_storage, image.file.name)
    assert stored.size == (20, 40)
    assert not stored.getexif().get_ifd(ExifTags.IFD.GPSInfo)
    assert not stored.getexif()
