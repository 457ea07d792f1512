import pytest

from core.text import fold, slugify_vi, sort_key, unique_slug


@pytest.mark.parametrize(
    ("text", "slug"),
    [
        ("Đà Nẵng", "da-nang"),
        ("Thanh Hà", "thanh-ha"),
        ("Hồ Chí Minh City", "ho-chi-minh-city"),
        ("Khánh Hòa: bão số 15 đổ bộ", "khanh-hoa-bao-so-15-do-bo"),
        ("Người dân Đắk Lắk", "nguoi-dan-dak-lak"),
        ("US allows Ukraine to attack Russia", "us-allows-ukraine-to-attack-russia"),
        ("Ukraine’s “second city”", "ukraines-second-city"),
    ],
)
def test_slugs_transliterate_vietnamese(text, slug):
    assert slugify_vi(text) == slug


def test_fold_keeps_case_and_spacing():
    assert fold("Thanh Hà, Đà Nẵng") == "Thanh Ha, Da Nang"


def test_sort_key_puts_d_with_stroke_among_the_ds():
    names = ["Hoàng Lan", "Đỗ Minh Quân", "Anh Thư", "Ếch", "Dung Nguyễn", "Zoe"]
    assert sorted(names, key=sort_key) == [
        "Anh Thư",
        "Đỗ Minh Quân",
        "Dung Nguyễn",
        "Ếch",
        "Hoàng Lan",
        "Zoe",
    ]


def test_unique_slug_adds_a_counter_when_taken():
    taken = {"da-nang", "da-nang-2"}
    assert unique_slug("Đà Nẵng", taken=taken.__contains__) == "da-nang-3"


def test_unique_slug_falls_back_when_nothing_is_left():
    assert unique_slug("！？", taken=lambda s: False, fallback="story") == "story"


def test_unique_slug_respects_max_length_with_counter():
    slug = unique_slug("a" * 50, taken={"a" * 10}.__contains__, max_length=10)
    assert slug == "a" * 8 + "-2"
