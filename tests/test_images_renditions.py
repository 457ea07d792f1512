"""Renditions: sizes, formats, crops around the focal point, no upscaling, made once, replaced
when the file or the focal point changes."""

import os

import pytest
from django.core.files.storage import default_storage

from images import renditions
from images.models import Image
from images.services import apply_upload, create_image, ensure_renditions, save_image
from images.uploads import clean_upload
from tests.images import halves_bytes, open_stored, picture_bytes, upload

pytestmark = pytest.mark.django_db


def _image(data: bytes, name: str = "photo.jpg", **fields) -> Image:
    content_type = "image/png" if name.endswith(".png") else "image/jpeg"
    return create_image(upload(name, data, content_type), alt_text="A street", **fields)


def _stored(image: Image) -> set[str]:
    base = renditions.folder(image.pk)
    keys, _ = default_storage.listdir(base)
    return {f"{key}/{f}" for key in keys for f in default_storage.listdir(f"{base}/{key}")[1]}


def _rendition(image: Image, crop: str, width: int, fmt: str) -> str:
    return renditions.Rendition(crop, width, 0, fmt).name(image.pk, image.renditions_key)


def _size_of(image, crop, width, fmt="jpeg"):
    matches = [r for r in renditions.image_plan(image) if (r.crop, r.width, r.fmt) ==
               (crop, width, fmt)]  # fmt: skip
    name = matches[0].name(image.pk, image.renditions_key)
    return open_stored(default_storage, name).size


def test_widths_follow_the_fixed_set_and_keep_the_shape():
    image = _image(picture_bytes((1000, 750)))
    plan = renditions.image_plan(image)
    widths = {crop: sorted({r.width for r in plan if r.crop == crop}) for crop in renditions.CROPS}
    assert widths == {"full": [320, 640, 960], "wide": [320, 640, 960], "square": [320, 640]}
    assert _size_of(image, "full", 640) == (640, 480)
    assert _size_of(image, "wide", 960) == (960, 540)
    assert _size_of(image, "square", 320) == (320, 320)


def test_the_largest_rendition_is_1920_wide_and_squares_stop_at_960():
    plan = renditions.plan(4000, 3000, 0.5, 0.5, transparent=False)
    assert max(r.width for r in plan) == 1920
    assert {r.width for r in plan if r.crop == "full"} == {320, 640, 960, 1280, 1920}
    assert max(r.width for r in plan if r.crop == "square") == 960


def test_a_small_picture_is_never_upscaled():
    image = _image(picture_bytes((200, 100)))
    plan = renditions.image_plan(image)
    assert {(r.crop, r.width, r.height) for r in plan} == {
        ("full", 200, 100),
        ("wide", 178, 100),
        ("square", 100, 100),
    }
    assert _size_of(image, "full", 200) == (200, 100)


def test_a_16_9_picture_shares_its_full_renditions_with_the_card_crop():
    image = _image(picture_bytes((640, 360)))
    assert {r.crop for r in renditions.image_plan(image)} == {"full", "square"}
    assert image.sources("wide") == image.sources("full")


def test_every_size_comes_in_webp_and_jpeg():
    image = _image(picture_bytes((700, 400)))
    stored = _stored(image)
    assert len(stored) == len(renditions.image_plan(image))
    assert open_stored(default_storage, _rendition(image, "full", 640, "webp")).format == "WEBP"
    assert open_stored(default_storage, _rendition(image, "full", 640, "jpeg")).format == "JPEG"
    assert not any(name.endswith(".png") for name in stored)


def test_a_transparent_picture_falls_back_to_png_and_keeps_its_alpha():
    image = _image(picture_bytes((400, 300), "PNG", (0, 120, 0, 128)), name="logo.png")
    assert image.transparent
    fallback = open_stored(default_storage, _rendition(image, "full", 320, "png"))
    assert (fallback.format, fallback.mode) == ("PNG", "RGBA")
    assert fallback.getpixel((10, 10))[3] == 128
    assert image.sources("full").fallback_type == "image/png"


@pytest.mark.parametrize(("focal_x", "kept"), [(0.9, "blue"), (0.1, "red")])
def test_crops_are_centred_on_the_focal_point(focal_x, kept):
    image = _image(halves_bytes((400, 100)), name="halves.png", focal_x=focal_x)
    square = open_stored(default_storage, _rendition(image, "square", 100, "jpeg"))
    red, _, blue = square.convert("RGB").getpixel((50, 50))
    assert (blue > red) == (kept == "blue")


def test_the_crop_box_stays_inside_the_picture():
    assert renditions.crop_box(400, 100, (1, 1), 1.0, 0.5) == (300, 0, 400, 100)
    assert renditions.crop_box(400, 100, (1, 1), 0.0, 0.5) == (0, 0, 100, 100)
    assert renditions.crop_box(1600, 1600, (16, 9), 0.5, 0.0) == (0, 0, 1600, 900)


def test_renditions_are_made_once(django_assert_num_queries):
    image = _image(picture_bytes((700, 400)))
    name = default_storage.path(_rendition(image, "full", 640, "webp"))
    made_at = os.stat(name).st_mtime_ns
    with django_assert_num_queries(0):
        assert ensure_renditions(image) is False
    image.renditions_key = ""  # as if a second worker had not seen the first one's work
    renditions.generate(image, image.rendition_key())
    assert os.stat(name).st_mtime_ns == made_at


def test_a_moved_focal_point_replaces_the_renditions():
    image = _image(halves_bytes((400, 100)), name="halves.png", focal_x=0.1)
    old_key, old_files = image.renditions_key, _stored(image)
    image.focal_x = 0.9
    image.save()
    assert not image.has_renditions  # pages show the original until the new set is complete
    assert ensure_renditions(image) is True
    assert image.renditions_key != old_key
    assert Image.objects.get(pk=image.pk).renditions_key == image.renditions_key
    assert _stored(image).isdisjoint(old_files)
    assert all(name.startswith(image.renditions_key) for name in _stored(image))


def test_a_replaced_file_replaces_the_renditions():
    image = _image(picture_bytes((400, 300), colour=(0, 0, 0)))
    old_key = image.renditions_key
    apply_upload(image, clean_upload(upload("new.jpg", picture_bytes((400, 300)))))
    save_image(image)
    ensure_renditions(image)
    assert image.renditions_key != old_key
    assert all(name.startswith(image.renditions_key) for name in _stored(image))


def test_a_set_made_for_an_outdated_focal_point_is_not_published():
    image = _image(picture_bytes((400, 300)))
    stale = Image.objects.get(pk=image.pk)
    Image.objects.filter(pk=image.pk).update(focal_x=0.2, renditions_key="")
    stale.renditions_key = ""
    ensure_renditions(stale)  # started before the editor moved the point
    assert Image.objects.get(pk=image.pk).renditions_key == ""


def test_racing_writers_leave_one_whole_file_and_no_temporary_ones():
    data = picture_bytes((64, 36))
    renditions.store_atomically(default_storage, "renditions/9/k/full-64.jpg", data)
    renditions.store_atomically(default_storage, "renditions/9/k/full-64.jpg", data)
    assert default_storage.listdir("renditions/9/k") == ([], ["full-64.jpg"])
    assert default_storage.open("renditions/9/k/full-64.jpg").read() == data


def test_rendition_url_picks_the_largest_rendition_that_fits():
    image = _image(picture_bytes((1000, 750)))
    assert image.rendition_url(700).endswith("/full-640.jpg")
    assert image.rendition_url(5000, fmt="webp").endswith("/full-960.webp")
    assert image.rendition_url(100, "square").endswith("/square-320.jpg")


def test_without_renditions_the_original_is_used():
    image = _image(picture_bytes((700, 400)))
    Image.objects.filter(pk=image.pk).update(renditions_key="")
    image.refresh_from_db()
    sources = image.sources("wide")
    assert (sources.src, sources.webp_srcset) == (image.file.url, "")
    assert image.rendition_url(320) == image.file.url


def test_deleting_an_image_deletes_its_files(django_capture_on_commit_callbacks):
    image = _image(picture_bytes((400, 300)))
    original, folder = image.file.name, renditions.folder(image.pk)
    assert default_storage.listdir(folder)[0]
    with django_capture_on_commit_callbacks(execute=True):
        image.delete()
    assert not default_storage.exists(original)
    assert default_storage.listdir(folder) == ([], [])


def test_the_command_makes_missing_renditions_once(capsys):
    from django.core.management import call_command

    image = _image(picture_bytes((400, 300)))
    Image.objects.filter(pk=image.pk).update(renditions_key="")  # as after the migration
    call_command("make_renditions")
    assert Image.objects.get(pk=image.pk).has_renditions
    call_command("make_renditions")
    assert capsys.readouterr().out.splitlines() == [
        f"Image {image.pk}: Renditions made.",
        "Processed 1 image(s); 0 could not be read.",
        "Processed 0 image(s); 0 could not be read.",
    ]


def test_two_workers_racing_for_the_same_set_leave_whole_files():
    import threading

    image = _image(picture_bytes((1000, 750)))
    renditions.delete_stale(default_storage, image.pk)
    key = image.rendition_key()
    barrier = threading.Barrier(2)
    failures = []

    def worker():
        barrier.wait()
        try:
            renditions.generate(image, key)
        except Exception as error:  # a worker that fails would otherwise go unnoticed
            failures.append(error)

    threads = [threading.Thread(target=worker) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert failures == []
    stored = _stored(image)
    assert len(stored) == len(renditions.image_plan(image))
    assert not any(name.endswith(".tmp") for name in stored)
    for name in stored:
        open_stored(default_storage, f"{renditions.folder(image.pk)}/{name}")  # decodes whole
