"""Uploads are checked before anything is stored, and stored without their metadata."""

import io
import struct
import zlib

import pytest
from django.core.exceptions import ValidationError
from PIL import ExifTags
from PIL import Image as PILImage

from images.uploads import check_upload, clean_upload
from tests.images import picture_bytes, upload


def _refusal(file, **limits) -> ValidationError:
    with pytest.raises(ValidationError) as error:
        clean_upload(file, **limits)
    return error.value


def _png_claiming(width: int, height: int) -> bytes:
    """A tiny PNG whose header claims width × height pixels: a decompression bomb's shape."""
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    chunk = b"IHDR" + header
    ihdr = struct.pack(">I", len(header)) + chunk + struct.pack(">I", zlib.crc32(chunk))
    data = zlib.compress(b"\x00" * 64)
    idat = (
        struct.pack(">I", len(data))
        + b"IDAT"
        + data
        + struct.pack(">I", zlib.crc32(b"IDAT" + data))
    )
    iend = struct.pack(">I", 0) + b"IEND" + struct.pack(">I", zlib.crc32(b"IEND"))
    return b"\x89PNG\r\n\x1a\n" + ihdr + idat + iend


def _png_with_unreadable_pixels(width: int = 64, height: int = 36) -> bytes:
    """A PNG whose header and checksums are sound but whose pixel data is not zlib: it passes
    the request's checks (which decode nothing) and fails when decoded."""
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)

    def chunk(kind: bytes, body: bytes) -> bytes:
        return (
            struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))
        )

    noise = bytes(range(256)) * 4
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", noise) + chunk(b"IEND", b"")
    )


def _phone_photo() -> bytes:
    """A JPEG as a phone makes it: GPS position, camera make, and turned on its side."""
    exif = PILImage.Exif()
    exif[ExifTags.Base.Make] = "PhoneCo"
    exif[ExifTags.Base.Orientation] = 6  # rotate 90° clockwise to display
    exif[ExifTags.IFD.GPSInfo] = {
        ExifTags.GPS.GPSLatitudeRef: "N",
        ExifTags.GPS.GPSLatitude: (10.0, 46.0, 30.0),
        ExifTags.GPS.GPSLongitudeRef: "E",
        ExifTags.GPS.GPSLongitude: (106.0, 41.0, 0.0),
    }
    return picture_bytes((40, 20), exif=exif)


def test_a_jpeg_is_accepted():
    clean = clean_upload(upload("Đà Nẵng beach.JPG", picture_bytes((64, 36))))
    assert (clean.width, clean.height, clean.transparent) == (64, 36, False)
    assert clean.content.name == "da-nang-beach.jpg"
    assert len(clean.sha256) == 64


def test_a_file_that_is_not_an_image_is_refused():
    error = _refusal(upload("notes.jpg", b"Meeting notes, not a picture."))
    assert error.code == "not_an_image"
    assert "not a picture" in error.message


def test_a_truncated_image_is_refused():
    error = _refusal(upload("cut.png", picture_bytes((64, 36), "PNG")[:60], "image/png"))
    assert error.code == "not_an_image"


def test_a_format_outside_the_list_is_refused():
    bmp = picture_bytes((8, 8), "BMP")
    assert _refusal(upload("photo.bmp", bmp, "image/bmp")).code == "not_an_image"


def test_an_extension_that_does_not_match_the_real_format_is_refused():
    error = _refusal(upload("photo.jpg", picture_bytes((64, 36), "PNG")))
    assert error.code == "wrong_extension"
    assert "named .jpg but it is a PNG image" in error.message


def test_an_oversized_file_is_refused(settings):
    settings.NEWSROOM_IMAGE_MAX_BYTES = 500
    error = _refusal(upload("big.jpg", picture_bytes((200, 200), quality=95)))
    assert error.code == "too_large"
    assert "the limit is 500" in error.message


def test_a_decompression_bomb_is_refused_from_its_header():
    error = _refusal(upload("bomb.png", _png_claiming(30_000, 30_000), "image/png"))
    assert error.code == "too_many_pixels"
    assert "the limit is 50 megapixels" in error.message


def test_the_pixel_limit_is_a_setting(settings):
    settings.NEWSROOM_IMAGE_MAX_PIXELS = 1000
    error = _refusal(upload("wide.jpg", picture_bytes((50, 50))))
    assert error.code == "too_many_pixels"
    assert "is 50×50 pixels" in error.message
    assert clean_upload(upload("small.jpg", picture_bytes((30, 30)))).width == 30


def test_gps_and_camera_metadata_are_gone_from_the_stored_file():
    original = PILImage.open(io.BytesIO(_phone_photo()))
    assert original.getexif().get_ifd(ExifTags.IFD.GPSInfo)  # the test photo has them
    clean = clean_upload(upload("phone.jpg", _phone_photo()))
    stored = PILImage.open(io.BytesIO(clean.content.read()))
    assert not stored.getexif()
    assert "exif" not in stored.info
    assert b"PhoneCo" not in clean.content.read()


def test_the_orientation_is_applied_to_the_pixels():
    clean = clean_upload(upload("phone.jpg", _phone_photo()))
    assert (clean.width, clean.height) == (20, 40)


def test_a_gif_is_stored_as_a_png_still():
    clean = clean_upload(upload("chart.gif", picture_bytes((30, 20), "GIF"), "image/gif"))
    assert clean.content.name == "chart.png"
    assert PILImage.open(io.BytesIO(clean.content.read())).format == "PNG"


def test_a_cmyk_jpeg_is_stored_as_rgb():
    buffer = io.BytesIO()
    PILImage.new("CMYK", (30, 20), (0, 200, 200, 0)).save(buffer, "JPEG")
    clean = clean_upload(upload("print.jpg", buffer.getvalue()))
    assert PILImage.open(io.BytesIO(clean.content.read())).mode == "RGB"


def test_the_request_s_check_reads_the_header_only():
    checked = check_upload(upload("Ảnh bến cảng.JPG", _phone_photo()))
    assert (checked.width, checked.height) == (20, 40)  # its EXIF orientation turns it upright
    assert checked.file_name == "anh-ben-cang.jpg"


def test_the_request_s_check_refuses_what_the_full_check_refuses():
    for data, name in [(b"Meeting notes", "notes.jpg"), (_png_claiming(30000, 30000), "x.png")]:
        with pytest.raises(ValidationError):
            check_upload(upload(name, data))


def test_pixels_that_cannot_be_decoded_pass_the_request_and_fail_the_cleaning():
    data = _png_with_unreadable_pixels()
    assert check_upload(upload("map.png", data, "image/png")).width == 64
    assert _refusal(upload("map.png", data, "image/png")).code == "not_an_image"
