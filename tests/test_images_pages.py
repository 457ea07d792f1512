"""Pictures on the public pages: <picture> with WebP and JPEG srcsets, sizes, width and height,
eager loading for the one lead picture and lazy loading for every other."""

import pytest

from tests.factories import ArticleFactory, ImageFactory, SectionFactory, WriterFactory
from tests.html import Page

pytestmark = pytest.mark.django_db


@pytest.fixture
def photo():
    return ImageFactory(file__width=1000, file__height=600, alt_text="Boats in the harbour",
                        credit="Photo: Reuters")  # fmt: skip


def _pictures(html: str) -> list[tuple[list[dict], dict]]:
    """Each <picture> as (its <source> elements, its <img>)."""
    page, pictures, current = Page(html), [], None
    for tag, attrs in page.elements:
        if tag == "picture":
            current = []
        elif tag == "source" and current is not None:
            current.append(attrs)
        elif tag == "img" and current is not None:
            pictures.append((current, attrs))
            current = None
    return pictures


def test_the_article_page_shows_the_hero_picture_first_and_eagerly(reader, photo):
    story = ArticleFactory(live=True, hero_image=photo)
    html = reader.get(story.get_absolute_url()).content.decode()
    (sources, img), *_ = _pictures(html)
    assert sources[0]["type"] == "image/webp"
    assert sources[0]["srcset"].count("w, ") == 2 and sources[0]["srcset"].endswith(" 960w")
    assert ".webp 320w" in sources[0]["srcset"]
    assert ".jpg 320w" in img["srcset"] and img["srcset"].endswith(".jpg 960w")
    assert img["sizes"] == sources[0]["sizes"] == "(min-width: 42rem) 40rem, 100vw"
    assert (img["width"], img["height"]) == ("960", "576")
    assert img["alt"] == "Boats in the harbour"
    assert (img["loading"], img["fetchpriority"]) == ("eager", "high")
    assert "Photo: Reuters" in html and "Water rose a metre overnight." in html


def test_cards_use_the_16_9_crop_lazily_and_the_lead_card_eagerly(reader, photo):
    section = SectionFactory(name="World")
    ArticleFactory(live=True, priority="lead", section=section, hero_image=photo)
    ArticleFactory(live=True, priority="top", section=section, hero_image=photo)
    pictures = _pictures(reader.get("/").content.decode())
    lead, others = pictures[0][1], [img for _, img in pictures[1:]]
    assert (lead["loading"], lead["fetchpriority"]) == ("eager", "high")
    assert (lead["width"], lead["height"]) == ("960", "540")
    assert "/wide-640.jpg 640w" in lead["srcset"]
    assert lead["alt"] == ""  # the headline beside it says what the card is
    assert others and all(img["loading"] == "lazy" and "fetchpriority" not in img for img in others)


@pytest.mark.parametrize("url", ["/world/", "/tags/hue/", "/writers/thanh-ha/"])
def test_lists_show_lazy_card_pictures(reader, photo, url):
    writer = WriterFactory(name="Thanh Hà")
    section = SectionFactory(name="World")
    ArticleFactory(live=True, section=section, writers=[writer], tags=["Huế"], hero_image=photo)
    pictures = _pictures(reader.get(url).content.decode())
    sources, img = pictures[-1]
    assert img["loading"] == "lazy" and img["class"] == "card__image"
    assert img["sizes"] == "(min-width: 48rem) 14rem, 100vw"
    assert sources[0]["type"] == "image/webp" and "wide-320.webp 320w" in sources[0]["srcset"]


def test_the_writer_page_shows_a_square_portrait(reader):
    portrait = ImageFactory(file__width=500, file__height=700, alt_text="Portrait of Thanh Hà")
    WriterFactory(name="Thanh Hà", photo=portrait)
    (sources, img), *_ = _pictures(reader.get("/writers/thanh-ha/").content.decode())
    assert img["class"] == "profile__photo" and img["alt"] == "Portrait of Thanh Hà"
    assert (img["width"], img["height"]) == ("320", "320")
    assert "square-320.webp" in sources[0]["srcset"]


def test_a_picture_without_renditions_yet_shows_the_original(reader):
    photo = ImageFactory(renditions=False, alt_text="Boats")
    story = ArticleFactory(live=True, hero_image=photo)
    (sources, img), *_ = _pictures(reader.get(story.get_absolute_url()).content.decode())
    assert sources == [] and "srcset" not in img
    assert img["src"] == photo.file.url and (img["width"], img["height"]) == ("64", "36")


def test_a_story_without_a_picture_has_no_picture_element(reader):
    story = ArticleFactory(live=True)
    assert "<picture" not in reader.get(story.get_absolute_url()).content.decode()


def test_a_picture_row_takes_its_columns_in_the_order_cards_read_them(photo):
    """A card's row hands ImageRow the Image columns of ImageRow.FIELDS by position."""
    from images.models import Image, ImageRow

    values = Image.objects.filter(pk=photo.pk).values_list(*ImageRow.FIELDS).get()
    row = ImageRow(*values)
    assert [getattr(row, name) for name in ImageRow.__slots__] == list(values)
    assert (row.pk, row.file_name, row.renditions_key) == (
        photo.pk,
        photo.file.name,
        photo.renditions_key,
    )


def test_a_card_picture_read_as_a_row_has_the_sources_of_its_image(photo):
    """Story cards read their pictures as rows (images.models.ImageRow): the same sources as
    the Image, with and without renditions made."""
    from images.models import ImageRow

    def row(image):
        return ImageRow(*(getattr(image, f) for f in ("pk", "file_name", "width", "height",
                          "transparent", "sha256", "alt_text", "focal_x", "focal_y",
                          "renditions_key")))  # fmt: skip

    for crop in ("full", "wide", "square"):
        assert row(photo).sources(crop) == photo.sources(crop)
    photo.renditions_key = ""
    assert not row(photo).has_renditions
    assert row(photo).sources("wide") == photo.sources("wide")
    assert row(photo).sources("wide").src.endswith(photo.file.name)
