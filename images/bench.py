"""How long pictures take: the renditions of one 4000×3000 photo-like JPEG (every width,
format and crop), and the admin's upload request for large files against the worker's time.

    .venv/bin/python -m images.bench            # or: make bench-images
    .venv/bin/python -m images.bench uploads    # the upload request and the worker

Runs in a temporary media folder with an in-memory database: nothing is kept. Prints the time
of each step and the files made, so docs/images.md can quote real figures.
"""

from __future__ import annotations

import os
import sys
import tempfile
import time


def _photo(width: int = 4000, height: int = 3000) -> bytes:
    """Noise plus gradients: compresses like a photograph, unlike a flat colour."""
    import io

    from PIL import Image, ImageFilter

    noise = Image.effect_noise((width // 4, height // 4), 64).resize((width, height))
    gradient = Image.linear_gradient("L").resize((width, height))
    picture = Image.merge("RGB", (noise, gradient, noise.filter(ImageFilter.GaussianBlur(3))))
    buffer = io.BytesIO()
    picture.save(buffer, "JPEG", quality=90)
    return buffer.getvalue()


def _graphic(width: int = 7000, height: int = 7000) -> bytes:
    """A 49-megapixel PNG within the 20 MB upload limit: smooth gradients and soft noise, like a
    large map or poster (a photograph this size would be several times over the limit)."""
    import io

    from PIL import Image

    noise = Image.effect_noise((width // 16, height // 16), 40).resize(
        (width, height), Image.Resampling.BILINEAR
    )
    gradient = Image.linear_gradient("L").resize((width, height))
    picture = Image.merge("RGB", (gradient, noise, gradient.transpose(Image.Transpose.ROTATE_90)))
    buffer = io.BytesIO()
    picture.save(buffer, "PNG")
    return buffer.getvalue()


def _say(*parts: str) -> None:
    sys.stdout.write(" ".join(parts) + "\n")


def _setup() -> None:
    """Django with the test settings on an in-memory database and a throwaway media folder."""
    media = tempfile.mkdtemp(prefix="newsroom-bench-")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tests.settings")
    os.environ["DATABASE_URL"] = "sqlite://:memory:"
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command

    settings.MEDIA_ROOT = media
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
    if "incoming" in settings.STORAGES:  # uploads waiting for the worker, as in production
        from django.test.utils import override_settings

        settings.STORAGES["incoming"]["OPTIONS"] = {"location": f"{media}-incoming"}
        database = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
        override_settings(TASKS=database, NEWSROOM_TASKS_BACKEND="database").enable()
    call_command("migrate", verbosity=0)


def main() -> None:
    if sys.argv[1:] == ["uploads"]:
        uploads()
        return
    _setup()
    from django.core.files.uploadedfile import SimpleUploadedFile

    from images import renditions
    from images.models import Image
    from images.services import apply_upload, ensure_renditions, save_image
    from images.uploads import clean_upload

    data = _photo()
    _say(f"Source: 4000×3000 JPEG, {len(data) / 1e6:.1f} MB")
    started = time.perf_counter()
    clean = clean_upload(SimpleUploadedFile("photo.jpg", data, "image/jpeg"))
    checked = time.perf_counter()
    image = Image(alt_text="Benchmark", focal_x=0.6, focal_y=0.4)
    apply_upload(image, clean)
    save_image(image)
    saved = time.perf_counter()
    ensure_renditions(image)
    done = time.perf_counter()
    plan = renditions.image_plan(image)
    sizes = [os.path.getsize(image.file.storage.path(r.name(image.pk, image.renditions_key)))
             for r in plan]  # fmt: skip
    webp = sum(s for r, s in zip(plan, sizes, strict=True) if r.fmt == "webp")
    jpeg = sum(s for r, s in zip(plan, sizes, strict=True) if r.fmt != "webp")
    _say(f"Check and re-encode the upload: {checked - started:.2f} s")
    _say(f"Store the original:             {saved - checked:.2f} s")
    _say(f"Make {len(plan)} renditions:          {done - saved:.2f} s "
          f"({(done - saved) / len(plan) * 1000:.0f} ms each)")  # fmt: skip
    _say(f"Total:                          {done - started:.2f} s")
    _say(f"Renditions: WebP {webp / 1e3:.0f} kB, JPEG {jpeg / 1e3:.0f} kB in all")
    _profile(image)
    again = time.perf_counter()
    image.renditions_key = ""
    renditions.generate(image, image.rendition_key())
    _say(f"Second run (all exist, skipped): {time.perf_counter() - again:.2f} s")
    _say(f"Python {sys.version.split()[0]}, {os.cpu_count()} CPUs")


def _profile(image) -> None:
    """Where the time goes: decoding, resizing and encoding the 1920 px full rendition."""
    from PIL import Image as PILImage

    from images import renditions

    clock = time.perf_counter()
    source = renditions.open_source(image, renditions.needed_scale(image))
    decoded = time.perf_counter()
    sized = source.resize((1920, 1440), PILImage.Resampling.LANCZOS, reducing_gap=3.0)
    resized = time.perf_counter()
    renditions.encode(sized, "webp")
    webp = time.perf_counter()
    renditions.encode(sized, "jpeg")
    jpeg = time.perf_counter()
    _say(f"  decode at {source.width}×{source.height}: {decoded - clock:.2f} s; "
         f"resize to 1920: {resized - decoded:.2f} s; WebP: {webp - resized:.2f} s; "
         f"JPEG: {jpeg - webp:.2f} s")  # fmt: skip


def uploads() -> None:
    """POST each picture to the admin's add view as an editor would, then run the worker until
    the queue is empty: the request's time, the worker's time, and whether the page can use
    renditions afterwards."""
    _setup()
    from django.contrib.auth import get_user_model
    from django.test import Client

    from images.models import Image

    user = get_user_model().objects.create_superuser("bench", "bench@example.com", "bench")
    client = Client()
    client.force_login(user)
    for label, name, data in [
        ("4000×3000 JPEG", "photo.jpg", _photo()),
        ("7000×7000 PNG", "poster.png", _graphic()),
    ]:
        form = {"file": _upload(name, data), "alt_text": label, "caption": "", "credit": "",
                "focal_x": "0.5", "focal_y": "0.5"}  # fmt: skip
        started = time.perf_counter()
        response = client.post("/admin/images/image/add/", form)
        answered = time.perf_counter()
        assert response.status_code == 302, response.content[:2000]
        worked = _drain_queue()
        image = Image.objects.get(alt_text=label)
        _say(f"{label} ({len(data) / 1e6:.1f} MB): upload request {answered - started:.2f} s; "
             f"worker {worked:.2f} s; renditions made: {image.has_renditions}")  # fmt: skip
    _say(f"Python {sys.version.split()[0]}, {os.cpu_count()} CPUs, load {os.getloadavg()[0]:.1f}")


def _upload(name: str, data: bytes):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, data, "image/png" if name.endswith(".png") else "image/jpeg")


def _drain_queue() -> float:
    """Run the database worker until no task is left; its time (0 when there is no queue)."""
    from django.apps import apps
    from django.core.management import call_command

    if not apps.is_installed("django_tasks_db"):  # before the task queue: all in the request
        return 0.0
    from django_tasks_db.models import DBTaskResult

    started = time.perf_counter()
    while DBTaskResult.objects.ready().exists():
        call_command("run_worker", batch=True, verbosity=0)
    return time.perf_counter() - started


if __name__ == "__main__":
    main()
