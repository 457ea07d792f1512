"""The picture chooser (images/admin.py `choose_view`, `choose_upload_view`;
static/images/image-chooser.js): the library searched by alt text, caption or credit, newest
first, a page at a time with thumbnails, in one query; uploading on the spot through the
library's checks and the worker; who may do what."""

import pytest
from django.contrib.admin.models import LogEntry
from django.contrib.auth.models import Permission
from django.db import connection
from django.test.utils import CaptureQueriesContext

from images.admin import CHOOSER_PAGE
from images.models import Image
from tests.factories import ImageFactory, UserFactory
from tests.images import picture_bytes, upload

pytestmark = pytest.mark.django_db

CHOOSE = "/admin/images/image/choose.json"
UPLOAD = "/admin/images/image/choose/upload/"


@pytest.fixture
def as_journalist(client, journalist_user):
    client.force_login(journalist_user)
    return client


def test_search_matches_alt_text_caption_or_credit_every_word(as_journalist):
    boats = ImageFactory(alt_text="Fishing boats in Đà Nẵng", caption="", credit="")
    storm = ImageFactory(alt_text="Trees down", caption="After the storm", credit="")
    reuters = ImageFactory(alt_text="Crowd", caption="", credit="Photo: Reuters")
    ImageFactory(alt_text="Unrelated", caption="", credit="")

    def ids(q):
        return [r["id"] for r in as_journalist.get(CHOOSE, {"q": q}).json()["results"]]

    assert ids("boats") == [boats.pk]
    assert ids("STORM") == [storm.pk]
    assert ids("reuters") == [reuters.pk]
    assert ids("fishing nẵng") == [boats.pk]
    assert ids("fishing storm") == []
    assert len(ids("")) == 4


def test_results_carry_thumbnails_and_what_the_journalist_needs(as_journalist):
    image = ImageFactory(alt_text="", caption="Flooded street", credit="VNA")
    waiting = ImageFactory(renditions=False)
    Image.objects.filter(pk=waiting.pk).update(file="", pending_upload="x/y.jpg")
    results = {r["id"]: r for r in as_journalist.get(CHOOSE).json()["results"]}
    assert results[image.pk] == {
        "id": image.pk, "thumbnail": image.rendition_url(320, "wide"), "alt_text": "",
        "caption": "Flooded street", "credit": "VNA", "width": 64, "height": 36,
        "processing": False,
    }  # fmt: skip
    assert results[waiting.pk]["thumbnail"] == "" and results[waiting.pk]["processing"]


def test_pages_without_a_count_in_one_query(as_journalist):
    images = [ImageFactory() for _ in range(CHOOSER_PAGE + 2)]
    newest_first = [i.pk for i in reversed(images)]
    with CaptureQueriesContext(connection) as queries:
        first = as_journalist.get(CHOOSE).json()
    library_queries = [q for q in queries.captured_queries if "images_image" in q["sql"]]
    assert len(library_queries) == 1 and "COUNT" not in library_queries[0]["sql"].upper()
    assert [r["id"] for r in first["results"]] == newest_first[:CHOOSER_PAGE]
    assert first["has_next"] and not first["has_previous"] and first["page"] == 1
    second = as_journalist.get(CHOOSE, {"page": 2}).json()
    assert [r["id"] for r in second["results"]] == newest_first[CHOOSER_PAGE:]
    assert second["has_previous"] and not second["has_next"]
    assert as_journalist.get(CHOOSE, {"page": "x"}).json()["page"] == 1


def test_a_journalist_uploads_on_the_spot(as_journalist, journalist_user,
                                           django_capture_on_commit_callbacks):  # fmt: skip
    assert as_journalist.get(CHOOSE).json()["can_upload"] is True
    photo = upload("IMG_0002.jpg", picture_bytes((800, 600)))
    with django_capture_on_commit_callbacks(execute=True):
        response = as_journalist.post(
            UPLOAD, {"file": photo, "alt_text": "Rice fields", "caption": "Harvest",
                     "credit": "Photo: Staff", "focal_x": "0.5", "focal_y": "0.5"},
        )  # fmt: skip
    assert response.status_code == 201
    image = Image.objects.get()
    assert response.json()["image"]["id"] == image.pk
    assert (image.alt_text, image.caption, image.uploaded_by) == (
        "Rice fields",
        "Harvest",
        journalist_user,
    )
    assert LogEntry.objects.get(object_id=str(image.pk)).user == journalist_user
    # Kept for the worker, which ran once the transaction committed (tasks run at once here).
    assert image.has_file and image.has_renditions and not image.pending_upload


def test_a_bad_upload_answers_the_library_s_message_and_stores_nothing(as_journalist):
    response = as_journalist.post(
        UPLOAD, {"file": upload("notes.jpg", b"not a picture"), "focal_x": "0.5", "focal_y": "0.5"}
    )
    assert response.status_code == 400
    assert "not a picture Newsroom can use" in response.json()["errors"]["file"][0]["message"]
    assert not Image.objects.exists()
    assert as_journalist.get(UPLOAD).status_code == 405


def test_who_may_browse_and_who_may_upload(client):
    ImageFactory()
    assert client.get(CHOOSE).status_code == 302  # not signed in: to the login page
    viewer = UserFactory(username="viewer", is_staff=True)
    viewer.user_permissions.add(Permission.objects.get(codename="view_image"))
    client.force_login(viewer)
    answer = client.get(CHOOSE).json()
    assert len(answer["results"]) == 1 and answer["can_upload"] is False
    photo = upload("a.jpg", picture_bytes())
    response = client.post(UPLOAD, {"file": photo, "focal_x": "0.5", "focal_y": "0.5"})
    assert response.status_code == 403
    assert Image.objects.count() == 1
    nobody = UserFactory(username="nobody", is_staff=True)
    client.force_login(nobody)
    assert client.get(CHOOSE).status_code == 403
