"""An upload through the background queue: the request checks the file and keeps it, unseen;
the worker removes its metadata and makes the renditions; pages show no uncleaned file, the
previous picture or the original meanwhile; failures are retried, then shown to staff."""

import pytest
from django.contrib.auth.models import Group
from django.core.files.storage import storages
from django.core.management import call_command
from django.test import Client
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from images import renditions
from images.models import Image
from tests.factories import ArticleFactory, ImageFactory, UserFactory, WriterFactory
from tests.images import picture_bytes, upload
from tests.tasks import run_worker
from tests.test_images_uploads import _phone_photo, _png_with_unreadable_pixels

ADD = "/admin/images/image/add/"


def _files(root) -> list[str]:
    return sorted(str(p.relative_to(root)) for p in root.rglob("*") if p.is_file())


def _form(file=None, **fields):
    data = {"alt_text": "Boats in the harbour", "caption": "", "credit": "", "focal_x": "0.5",
            "focal_y": "0.5", **fields}  # fmt: skip
    return {"file": file, **data} if file is not None else data


@pytest.fixture
def editor(client):
    """Editors may change any picture, a live story's too (workflow/pictures.py)."""
    user = UserFactory(username="desk", is_staff=True)
    user.groups.add(Group.objects.get(name="Editors"))
    client.force_login(user)
    return client


@pytest.fixture
def journalist(client):
    user = UserFactory(username="journalist", is_staff=True)
    user.groups.add(Group.objects.get(name="Journalists"))
    WriterFactory(name="Thanh Hà", user=user)
    client.force_login(user)
    return client


class TestWithTheDatabaseQueue:
    """As in production: the upload request enqueues a task in the database; the worker
    (`manage.py db_worker`, run here in-process) does the work afterwards."""

    pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

    @pytest.fixture
    def uploaded(self, database_tasks, journalist):
        response = journalist.post(ADD, _form(upload("phone.jpg", _phone_photo())))
        assert response.status_code == 302
        return Image.objects.get()

    def test_the_upload_request_makes_no_renditions_and_queues_a_task(self, uploaded, settings):
        assert _files(settings.MEDIA_ROOT) == []  # no rendition, and no uncleaned file
        assert not uploaded.has_file and not uploaded.has_renditions
        assert (uploaded.width, uploaded.height) == (20, 40)  # from the header, turned upright
        task = DBTaskResult.objects.get()
        assert (task.task_path, task.status) == ("images.tasks.process_image", "READY")
        assert task.args_kwargs == {"args": [uploaded.pk], "kwargs": {}}

    def test_the_upload_waits_as_received_where_nothing_serves_it(self, uploaded, settings):
        incoming = storages["incoming"]
        assert incoming.exists(uploaded.pending_upload)
        assert uploaded.pending_upload.endswith("/phone.jpg")
        assert not str(incoming.path(uploaded.pending_upload)).startswith(str(settings.MEDIA_ROOT))

    def test_the_worker_cleans_the_upload_and_makes_the_renditions(self, uploaded, settings):
        run_worker()
        image = Image.objects.get()
        assert image.has_file and image.has_renditions and not image.pending_upload
        assert storages["default"].exists(image.rendition_url(640).removeprefix("/media/"))
        assert _files(settings.STORAGES["incoming"]["OPTIONS"]["location"]) == []
        assert DBTaskResult.objects.get().status == TaskResultStatus.SUCCESSFUL

    def test_the_page_shows_the_picture_once_the_worker_has_made_it(self, uploaded, reader):
        story = ArticleFactory(live=True, hero_image=uploaded)
        before = reader.get(story.get_absolute_url()).content.decode()
        assert "<picture>" not in before and "story__hero" not in before
        run_worker()
        after = reader.get(story.get_absolute_url()).content.decode()  # the cached copy is gone
        assert '<source type="image/webp" srcset="/media/renditions/' in after

    def test_editing_the_texts_meanwhile_loses_neither_the_edit_nor_the_worker_s_work(
        self, uploaded, journalist
    ):
        url = f"/admin/images/image/{uploaded.pk}/change/"
        assert "waiting for the background worker" in journalist.get(url).content.decode()
        run_worker()  # finishes while the change form is open
        response = journalist.post(url, _form(alt_text="Boats at dawn"))  # no new file
        assert response.status_code == 302
        image = Image.objects.get()
        assert image.alt_text == "Boats at dawn"
        assert image.has_file and image.has_renditions

    def test_a_replaced_picture_stays_on_pages_until_the_new_one_is_cleaned(
        self, database_tasks, editor, settings
    ):
        image = ImageFactory(file__width=400, file__height=300)
        old_file, old_key = image.file.name, image.renditions_key
        story = ArticleFactory(live=True, hero_image=image)
        new = upload("new.jpg", picture_bytes((800, 600), colour=(0, 90, 200)))
        editor.post(f"/admin/images/image/{image.pk}/change/", _form(new))
        reader = Client()
        page = reader.get(story.get_absolute_url()).content.decode()
        assert f"/media/renditions/{image.pk}/{old_key}/" in page
        run_worker()
        image.refresh_from_db()
        assert image.file.name != old_file and image.width == 800
        page = reader.get(story.get_absolute_url()).content.decode()
        assert f"/{image.renditions_key}/" in page and old_key not in page
        assert old_file not in _files(settings.MEDIA_ROOT)
        assert not any(old_key in name for name in _files(settings.MEDIA_ROOT))

    def test_while_the_worker_is_down_pages_keep_the_original(self, database_tasks, editor):
        image = ImageFactory(file__width=400, file__height=300)
        story = ArticleFactory(live=True, hero_image=image)
        url = f"/admin/images/image/{image.pk}/change/"
        assert editor.post(url, _form(focal_x="0.2")).status_code == 302
        reader = Client()
        page = reader.get(story.get_absolute_url()).content.decode()
        assert f'src="/media/{image.file.name}"' in page and "srcset" not in page
        run_worker()  # the worker is back
        assert "srcset" in reader.get(story.get_absolute_url()).content.decode()


pytestmark = pytest.mark.django_db


def test_a_task_that_fails_every_time_is_tried_four_times_then_shown_to_staff(
    journalist, reader, monkeypatch, django_capture_on_commit_callbacks
):
    calls = []

    def broken(image, key):
        calls.append(key)
        raise OSError("The object store did not answer")

    monkeypatch.setattr(renditions, "generate", broken)
    with django_capture_on_commit_callbacks(execute=True):  # the immediate backend: at once
        journalist.post(ADD, _form(upload("harbour.jpg", picture_bytes((400, 300)))))
    image = Image.objects.get()
    assert len(calls) == 4
    assert image.processing_error == "OSError: The object store did not answer"
    page = journalist.get(f"/admin/images/image/{image.pk}/change/").content.decode()
    assert "Failed:" in page and "The object store did not answer" in page
    story = ArticleFactory(live=True, hero_image=image)
    html = reader.get(story.get_absolute_url()).content.decode()
    assert f'src="/media/{image.file.name}"' in html  # the cleaned original


def test_a_file_whose_pixels_cannot_be_read_is_refused_by_the_worker(
    journalist, settings, django_capture_on_commit_callbacks
):
    bad = upload("map.png", _png_with_unreadable_pixels(), "image/png")
    with django_capture_on_commit_callbacks(execute=True):
        assert journalist.post(ADD, _form(bad)).status_code == 302
    image = Image.objects.get()
    assert image.processing_error.startswith("The file could not be used: This file is not")
    assert not image.has_file and not image.pending_upload
    assert _files(settings.MEDIA_ROOT) == []
    assert _files(settings.STORAGES["incoming"]["OPTIONS"]["location"]) == []


def test_an_upload_is_kept_when_the_queue_cannot_be_reached(
    journalist, monkeypatch, django_capture_on_commit_callbacks
):
    from django_tasks.backends.immediate import ImmediateBackend

    def unreachable(*args, **kwargs):
        raise ConnectionError("Redis is down")

    monkeypatch.setattr(ImmediateBackend, "enqueue", unreachable)
    with django_capture_on_commit_callbacks(execute=True):
        response = journalist.post(ADD, _form(upload("harbour.jpg", picture_bytes((400, 300)))))
    assert response.status_code == 302
    image = Image.objects.get()
    assert image.pending_upload and not image.has_file
    monkeypatch.undo()
    call_command("make_renditions")  # picks up what waited
    image.refresh_from_db()
    assert image.has_file and image.has_renditions


def test_the_library_and_the_chooser_say_a_new_upload_is_being_processed(journalist):
    image = ImageFactory(renditions=False)
    Image.objects.filter(pk=image.pk).update(file="", pending_upload="abc/photo.jpg")
    listing = journalist.get("/admin/images/image/").content.decode()
    assert "Being processed…" in listing
    preview = journalist.get(f"/admin/images/image/{image.pk}/preview.json").json()
    assert preview["url"] == ""
