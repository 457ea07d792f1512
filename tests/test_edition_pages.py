"""The reader's pages per edition (issue 15): every list a page shows holds the stories of the
page's edition only (home, section, tag and writer pages, related news, more from this writer,
the front page's pins and breaking banner, most read), cached or not."""

from __future__ import annotations

import re
import uuid
from datetime import timedelta

import pytest
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from articles.models import Article
from frontpage.admin import BreakingAdmin
from frontpage.models import Breaking, Layout, Pin
from mostread import counting
from tests.factories import ArticleFactory, SectionFactory, WriterFactory

pytestmark = pytest.mark.django_db

ENGLISH = "Storm nears the coast"
VIETNAMESE = "Bão tiến gần bờ biển"
ENGLISH_2 = "Fishermen return to port"
VIETNAMESE_2 = "Ngư dân về bến"


@pytest.fixture(params=["cache on", "cache off"])
def page_cache(request, settings):
    settings.NEWSROOM_PAGE_CACHE = request.param == "cache on"
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": f"editions-{uuid.uuid4()}",
        }
    }
    return request.param


@pytest.fixture
def world():
    return SectionFactory(name="World", slug="world")


@pytest.fixture
def writer():
    return WriterFactory(name="Thanh Hà", slug="thanh-ha")


@pytest.fixture
def stories(world, writer):
    """Two live stories in each edition, same section, writer and tag."""
    made = {}
    for i, (headline, edition) in enumerate(
        [(ENGLISH, "en"), (VIETNAMESE, "vi"), (ENGLISH_2, "en"), (VIETNAMESE_2, "vi")]
    ):
        made[headline] = ArticleFactory(
            live=True,
            headline=headline,
            edition=edition,
            section=world,
            writers=[writer],
            tags=["Storm"],
            publish_at=timezone.now() - timedelta(hours=4 - i),
        )
    return made


def _text(response) -> str:
    assert response.status_code == 200, response
    return response.content.decode()


LISTS = ["", "world/", "tags/storm/", "writers/thanh-ha/"]


@pytest.mark.parametrize("page", LISTS)
def test_a_list_shows_its_editions_stories_only(reader, page_cache, stories, page):
    english, vietnamese = _text(reader.get(f"/{page}")), _text(reader.get(f"/vi/{page}"))
    assert ENGLISH in english and ENGLISH_2 in english
    assert VIETNAMESE not in english and VIETNAMESE_2 not in english
    assert VIETNAMESE in vietnamese and VIETNAMESE_2 in vietnamese
    assert ENGLISH not in vietnamese and ENGLISH_2 not in vietnamese


def test_a_tag_with_no_live_story_in_the_edition_has_no_page_there(reader, page_cache, world):
    ArticleFactory(live=True, section=world, tags=["Typhoon"], headline="Typhoon")
    ArticleFactory(section=world, tags=["Typhoon"], edition="vi")  # a draft
    assert reader.get("/tags/typhoon/").status_code == 200
    assert reader.get("/vi/tags/typhoon/").status_code == 404


@pytest.mark.parametrize("headline", [ENGLISH, VIETNAMESE])
def test_related_news_and_more_from_the_writer_are_of_the_storys_edition(
    reader, page_cache, stories, headline
):
    story = stories[headline]
    html = _text(reader.get(story.get_absolute_url()))
    same, other = (ENGLISH_2, [VIETNAMESE, VIETNAMESE_2])
    if story.edition == "vi":
        same, other = (VIETNAMESE_2, [ENGLISH, ENGLISH_2])
    assert same in html  # shares the tag and the writer
    for headline_elsewhere in other:
        assert headline_elsewhere not in html


# --- The front page ---------------------------------------------------------------------------


def _lead(html: str) -> str:
    """The lead story's block of the home page (the first <article>)."""
    return html.split("<article", 2)[1]


def test_each_edition_has_its_own_front_page_layout(reader, page_cache, stories):
    old = timezone.now() - timedelta(days=1)
    english_layout = Layout.objects.create(edition="en", starts_at=old)
    Pin.objects.create(layout=english_layout, slot="lead", article=stories[ENGLISH])
    vietnamese_layout = Layout.objects.create(edition="vi", starts_at=old)
    Pin.objects.create(layout=vietnamese_layout, slot="lead", article=stories[VIETNAMESE])
    # A newer English layout does not replace the Vietnamese one.
    Layout.objects.create(edition="en", starts_at=old + timedelta(hours=1))
    assert VIETNAMESE in _lead(_text(reader.get("/vi/")))
    assert ENGLISH_2 in _lead(_text(reader.get("/")))  # the newest: the English pin ended
    assert Layout.in_force(edition="vi").get() == vietnamese_layout


def test_a_story_is_pinned_only_in_a_layout_of_its_edition(stories):
    layout = Layout.objects.create(edition="en")
    pin = Pin(layout=layout, slot="top", article=stories[VIETNAMESE])
    with pytest.raises(ValidationError) as error:
        pin.full_clean()
    assert "pin it in a layout of its own edition" in str(error.value)
    Pin(layout=layout, slot="top", article=stories[ENGLISH]).full_clean()


def test_the_breaking_banner_shows_in_its_storys_edition_only(reader, page_cache, stories):
    Breaking.objects.create(article=stories[VIETNAMESE_2])
    for url in ["/", "/world/", stories[ENGLISH].get_absolute_url()]:
        assert 'aria-label="Breaking news"' not in _text(reader.get(url)), url
    for url in ["/vi/", "/vi/world/", stories[VIETNAMESE].get_absolute_url()]:
        html = _text(reader.get(url))
        assert 'aria-label="Tin nóng"' in html and VIETNAMESE_2 in html, url
    assert VIETNAMESE_2 in _lead(_text(reader.get("/vi/")))


def test_the_breaking_admin_says_each_editions_banner_is_showing(stories):
    english = Breaking.objects.create(article=stories[ENGLISH])
    vietnamese = Breaking.objects.create(article=stories[VIETNAMESE])
    older = Breaking.objects.create(
        article=stories[VIETNAMESE_2], starts_at=timezone.now() - timedelta(hours=1)
    )
    breaking_admin = BreakingAdmin(Breaking, admin.site)
    assert breaking_admin.showing(english) and breaking_admin.showing(vietnamese)
    assert not breaking_admin.showing(older)


def test_the_front_page_preview_is_per_edition(client, editor_user, stories):
    client.force_login(editor_user)
    vietnamese = _text(client.get("/vi/preview/front-page/"))
    assert VIETNAMESE_2 in vietnamese and ENGLISH_2 not in vietnamese
    english = _text(client.get("/preview/front-page/"))
    assert ENGLISH_2 in english and VIETNAMESE_2 not in english
    named = _text(client.get("/preview/front-page/?edition=vi"))
    assert VIETNAMESE_2 in named and ENGLISH_2 not in named


# --- Most read --------------------------------------------------------------------------------


def _most_read(html: str) -> str:
    assert 'class="most-read__list"' in html
    return html.split('class="most-read__list"', 1)[1].split("</ol>", 1)[0]


def test_each_edition_lists_its_most_read_stories(reader, page_cache, stories):
    now = timezone.now().timestamp()
    for story in stories.values():
        counting.add_reads(story.pk, 5, counting.hour_of(now))
    english, vietnamese = _most_read(_text(reader.get("/"))), _most_read(_text(reader.get("/vi/")))
    assert ENGLISH in english and ENGLISH_2 in english
    assert VIETNAMESE not in english and VIETNAMESE_2 not in english
    assert VIETNAMESE in vietnamese and VIETNAMESE_2 in vietnamese
    assert ENGLISH not in vietnamese and ENGLISH_2 not in vietnamese
    assert f'href="{stories[VIETNAMESE].get_absolute_url()}"' in vietnamese
    # The article pages too.
    article = _most_read(_text(reader.get(stories[VIETNAMESE_2].get_absolute_url())))
    assert VIETNAMESE in article and ENGLISH not in article


# --- Sections: one name per edition ---------------------------------------------------------


@pytest.fixture
def named(world):
    world.names = {"vi": "Thế giới"}
    world.descriptions = {"vi": "Tin tức quốc tế."}
    world.description = "News from abroad."
    world.save()
    return world


def test_a_section_shows_its_name_in_the_pages_edition(reader, page_cache, stories, named):
    vietnamese_story = stories[VIETNAMESE].get_absolute_url()
    for url in ["/vi/", "/vi/world/", vietnamese_story]:
        html = _text(reader.get(url))
        # navigation, the home page's block and cards, the heading, the breadcrumbs
        assert ">Thế giới</a>" in html, url
        assert ">World</a>" not in html, url
    section = _text(reader.get("/vi/world/"))
    assert "<h1>Thế giới</h1>" in section and "Tin tức quốc tế." in section
    assert "News from abroad." not in section
    for url in ["/", "/world/", stories[ENGLISH].get_absolute_url()]:
        html = _text(reader.get(url))
        assert ">World</a>" in html and "Thế giới" not in html, url


def test_an_edition_without_its_own_name_shows_the_default(reader, stories, world):
    html = _text(reader.get("/vi/world/"))
    assert "<h1>World</h1>" in html


def test_the_section_admin_has_a_name_and_description_per_other_edition(admin_client, world):
    form = _text(admin_client.get(f"/admin/sections/section/{world.pk}/change/"))
    assert 'name="name_vi"' in form and 'name="description_vi"' in form
    assert 'name="name_en"' not in form
    response = admin_client.post(
        f"/admin/sections/section/{world.pk}/change/",
        {
            "name": "World",
            "name_vi": "Thế giới",
            "slug": "world",
            "description": "",
            "description_vi": "Tin tức quốc tế.",
            "position": 0,
            "in_navigation": "on",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    world.refresh_from_db()
    assert world.names == {"vi": "Thế giới"}
    assert world.descriptions == {"vi": "Tin tức quốc tế."}
    assert world.name_in("vi") == "Thế giới" and world.name_in("en") == "World"


# --- The interface in the edition's language ------------------------------------------------


VIETNAMESE_DATE = re.compile(r">\d{2}/\d{2}/\d{4} \d{2}:\d{2} GMT\+7</time>")
ENGLISH_DATE = re.compile(r">\d{1,2} [A-Z][a-z]+ \d{4}, \d{2}:\d{2} GMT\+7</time>")


@pytest.mark.parametrize(
    ("page", "english", "vietnamese"),
    [
        (
            "",
            ["Latest", "Skip to main content", "News from Vietnam, in English"],
            ["Tin mới nhất", "Chuyển đến nội dung chính", "Tin tức Việt Nam và thế giới"],
        ),
        ("world/", ["Search stories", ">Home</a>"], ["Tìm bài viết", ">Trang chủ</a>"]),
        ("tags/storm/", ["Topic"], ["Chủ đề"]),
        ("writers/thanh-ha/", ["Stories by Thanh Hà"], ["Bài viết của Thanh Hà"]),
        (
            "search/?q=storm",
            ["Search: storm", ">World</option>"],
            ["Tìm kiếm: storm", ">Thế giới</option>"],
        ),
    ],
)
def test_the_interface_is_in_the_editions_language(
    reader, page_cache, stories, named, page, english, vietnamese
):
    html = _text(reader.get(f"/vi/{page}"))
    assert '<html lang="vi">' in html
    for label in vietnamese:
        assert label in html, label
    for label in english:
        assert label not in html, label
    html = _text(reader.get(f"/{page}"))
    assert '<html lang="en">' in html
    for label in english:
        assert label in html, label


def test_a_vietnamese_story_page_reads_in_vietnamese(reader, page_cache, stories, writer):
    for edition in ["vi", "en"]:  # by the writer, not tagged: more from the writer
        ArticleFactory(
            live=True, edition=edition, writers=[writer], section=stories[ENGLISH].section
        )
    story = stories[VIETNAMESE]
    Article.objects.filter(pk=story.pk).update(updated_at=timezone.now() + timedelta(hours=2))
    html = _text(reader.get(story.get_absolute_url()))
    assert '<html lang="vi">' in html
    assert "Tin liên quan" in html and "Related news" not in html
    assert "Cùng tác giả Thanh Hà" in html and "More from" not in html
    assert "Cập nhật" in html and ">Updated" not in html
    assert VIETNAMESE_DATE.search(html) and not ENGLISH_DATE.search(html)
    english = _text(reader.get(stories[ENGLISH].get_absolute_url()))
    assert "Related news" in english and "More from Thanh Hà" in english
    assert ENGLISH_DATE.search(english) and not VIETNAMESE_DATE.search(english)


def test_dates_on_vietnamese_lists_are_written_the_vietnamese_way(reader, page_cache, stories):
    for page in LISTS:
        html = _text(reader.get(f"/vi/{page}"))
        assert VIETNAMESE_DATE.search(html) and not ENGLISH_DATE.search(html), page


def test_pagination_is_in_the_editions_language(reader, page_cache, stories, settings):
    settings.NEWSROOM_PAGE_SIZE = 1
    html = _text(reader.get("/vi/world/"))
    assert "Cũ hơn →" in html and "Older stories" not in html
    older = html.split('rel="next" href="', 1)[1].split('"', 1)[0].replace("&amp;", "&")
    assert "← Mới hơn" in _text(reader.get(f"/vi/world/{older}"))


def test_the_not_found_page_is_in_the_editions_language(reader, page_cache):
    vietnamese = reader.get("/vi/tags/nothing-here/")
    assert vietnamese.status_code == 404
    assert "Không tìm thấy trang" in vietnamese.content.decode()
    assert "Page not found" in reader.get("/tags/nothing-here/").content.decode()


# --- The page cache: a publication in one edition leaves the other's lists stored --------------


@pytest.fixture
def cache_on(settings):
    settings.NEWSROOM_PAGE_CACHE = True


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as context:
        assert client.get(url).status_code == 200, url
    return len(context.captured_queries)


LIST_PAGES = ["", "world/", "tags/storm/", "writers/thanh-ha/"]


@pytest.mark.parametrize("page", LIST_PAGES)
def test_a_publication_refreshes_its_editions_lists_only(
    reader, cache_on, stories, world, writer, page
):
    for prefix in ["/", "/vi/"]:
        reader.get(f"{prefix}{page}")
        assert _queries(reader, f"{prefix}{page}") == 0  # stored
    ArticleFactory(
        live=True, edition="vi", headline="Tin mới", section=world, writers=[writer],
        tags=["Storm"],
    )  # fmt: skip
    assert _queries(reader, f"/{page}") == 0  # the English copy is still good
    assert "Tin mới" in _text(reader.get(f"/vi/{page}"))  # rendered again


def test_a_layout_refreshes_its_editions_front_page_only(reader, cache_on, stories):
    for url in ["/", "/vi/", "/world/", "/vi/world/"]:
        reader.get(url)
    layout = Layout.objects.create(edition="vi", starts_at=timezone.now() - timedelta(hours=1))
    Pin.objects.create(layout=layout, slot="lead", article=stories[VIETNAMESE])
    assert _queries(reader, "/") == 0 and _queries(reader, "/world/") == 0
    assert VIETNAMESE in _lead(_text(reader.get("/vi/")))
