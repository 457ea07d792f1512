"""A translation that is not live leaks nowhere (issue 15, "done when"): not a draft, nor one in
review, nor one scheduled and not yet due, nor a withdrawn or an expired one. Every reader
address of both editions is fetched (home, section, tag, writer, the articles, search for its
headline and for its lead, every feed, the sitemap index and every sitemap it lists, the news
sitemap, robots.txt, the ninjs list and items) and none may show its headline, lead, slug or
address; its own address and its ninjs item are 404. With the page cache off, and on with every
page stored while the translation was live (then withdrawn or expired) or before it was saved
or came due, so a stale copy would show it. As tests/test_visibility.py does for one edition.

The translation is made to be shown wherever it could be: it translates a live story, shares
its section, tag and writer with live stories of both editions, is picked in their related
news, is marked breaking, and is the most read.
"""

from __future__ import annotations

import re
import time
from datetime import timedelta
from urllib.parse import parse_qs, urlsplit

import pytest
import time_machine
from django.utils import timezone

from articles.models import Article, Byline
from core.urls import reverse_in
from frontpage.models import Breaking
from mostread import counting
from tests.factories import (
    HIDDEN_STATES,
    STATES,
    ArticleFactory,
    SectionFactory,
    WriterFactory,
    relate,
)
from tests.html import card_headlines

pytestmark = pytest.mark.django_db

HEADLINE = "Bản dịch chưa đăng về cơn bão Kalmaegi"
LEAD = "Lời dẫn riêng của bản dịch chưa được phép đăng"
SLUG = "ban-dich-chua-dang-kalmaegi"
LOC = re.compile(r"<loc>([^<]+)</loc>")


@pytest.fixture(params=["cache off", "cache on"])
def page_cache(request, settings):
    settings.NEWSROOM_PAGE_CACHE = request.param == "cache on"
    # Long-lived copies: only the translation's own keys and moments may end them.
    settings.NEWSROOM_PAGE_CACHE_SECONDS = 3600
    settings.NEWSROOM_PAGE_CACHE_RELATED_SECONDS = 3600
    return settings.NEWSROOM_PAGE_CACHE


@pytest.fixture
def clock():
    with time_machine.travel(timezone.now().replace(microsecond=0), tick=False) as traveller:
        yield traveller


@pytest.fixture
def newsroom(clock):
    """The English original, live, and a live Vietnamese story, in one section, by one writer,
    with one tag."""
    world, writer = SectionFactory(name="World", slug="world"), WriterFactory(name="Thanh Hà")
    day_ago = timezone.now() - timedelta(days=1)
    original = ArticleFactory(headline="Storm Kalmaegi nears the coast", section=world,
                              writers=[writer], tags=["Storms"], live=True,
                              publish_at=day_ago)  # fmt: skip
    vietnamese = ArticleFactory(headline="Mưa lớn ở Huế", section=world, writers=[writer],
                                tags=["Storms"], live=True, edition="vi",
                                publish_at=day_ago)  # fmt: skip
    return {"original": original, "vietnamese": vietnamese, "writer": writer}


def _translate(newsroom, **state) -> Article:
    """The original's Vietnamese translation, everywhere it could be shown."""
    original, writer = newsroom["original"], newsroom["writer"]
    translation = ArticleFactory(headline=HEADLINE, lead=LEAD, slug=SLUG, edition="vi",
                                 translation_of=original, section=original.section,
                                 tags=["Storms"], **state)  # fmt: skip
    Byline.objects.create(article=translation, writer=writer, role=Byline.Role.TRANSLATOR)
    relate(original, translation)
    relate(newsroom["vietnamese"], translation)
    Breaking.objects.create(article=translation)
    counting.add_reads(translation.pk, 1000, counting.hour_of(time.time()))
    return translation


def _addresses(client, newsroom) -> list[str]:
    """Every reader address of both editions, and the ninjs API."""
    stories = [newsroom["original"], newsroom["vietnamese"]]
    urls = [story.get_absolute_url() for story in stories]
    for code in ("en", "vi"):
        urls += [
            reverse_in(code, "articles:home"),
            reverse_in(code, "sections:detail", slug="world"),
            reverse_in(code, "tags:detail", slug="storms"),
            reverse_in(code, "writers:detail", slug=newsroom["writer"].slug),
            reverse_in(code, "search:search") + "?" + f"q={HEADLINE}",
            reverse_in(code, "search:search") + "?" + f"q={LEAD.split()[-1]}",
            reverse_in(code, "search:search") + "?q=Kalmaegi&sort=newest",
            reverse_in(code, "feeds:site-rss"),
            reverse_in(code, "feeds:site-atom"),
            *(
                reverse_in(code, f"feeds:{kind}-{form}", slug=slug)
                for kind, slug in [
                    ("section", "world"),
                    ("tag", "storms"),
                    ("writer", newsroom["writer"].slug),
                ]
                for form in ("rss", "atom")
            ),  # fmt: skip
            reverse_in(code, "feeds:news-sitemap"),
            reverse_in(code, "feeds:robots"),
        ]
        index = reverse_in(code, "feeds:sitemap")
        urls.append(index)
        for loc in LOC.findall(_get(client, index)):
            urls.append(re.sub(r"^https?://[^/]+", "", loc))
    urls += ["/api/ninjs/articles/", "/api/ninjs/articles/?language=vi"]
    urls += [f"/api/ninjs/articles/{story.pk}/" for story in stories]
    return list(dict.fromkeys(urls))


def _get(client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode()


def _traces(translation: Article) -> list[str]:
    return [HEADLINE, LEAD, SLUG, f"-{translation.pk}/", f"/articles/{translation.pk}/"]


def _fetch_all(client, urls: list[str], translation: Article, *, twice: bool) -> None:
    for url in urls:
        # A search page repeats what was asked (its title, its box): that is no leak, a card
        # with the headline would be.
        asked = parse_qs(urlsplit(url).query).get("q", [""])[0]
        traces = [trace for trace in _traces(translation) if not asked or trace not in asked]
        for _ in range(2 if twice else 1):  # rendered, then from the stored copy
            html = _get(client, url)
            for trace in traces:
                assert trace not in html, f"{trace!r} leaked on {url}"
            assert HEADLINE not in card_headlines(html), url
    # Its own addresses answer as if it did not exist.
    for url in [
        translation.get_absolute_url(),
        f"/world/{SLUG}-{translation.pk}/",
        f"/api/ninjs/articles/{translation.pk}/",
    ]:
        assert client.get(url).status_code == 404, url


def _assert_shown(client, newsroom, translation: Article) -> None:
    """The control: while it is live, the original's page does link it (so the traces looked
    for are the right ones)."""
    html = _get(client, newsroom["original"].get_absolute_url())
    assert translation.get_absolute_url() in html and 'hreflang="vi"' in html


@pytest.mark.parametrize("state", ["draft", "in_review"])
def test_an_unpublished_translation_leaks_nowhere(reader, newsroom, page_cache, state):
    urls = _addresses(reader, newsroom)
    if page_cache:
        for url in urls:
            _get(reader, url)  # stored before it was saved
    traits = {"in_review": {"status": Article.Status.IN_REVIEW}}.get(state, {})
    translation = _translate(newsroom, **traits)
    translation.save()  # and edited
    _fetch_all(reader, urls, translation, twice=page_cache)


def test_a_scheduled_translation_leaks_nowhere_before_its_second(
    reader, newsroom, page_cache, clock
):
    due = timezone.now() + timedelta(minutes=5)
    translation = _translate(newsroom, status=Article.Status.PUBLISHED, publish_at=due)
    urls = _addresses(reader, newsroom)
    if page_cache:
        for url in urls:
            _get(reader, url)  # stored while it was scheduled
    clock.move_to(due - timedelta(seconds=1))
    _fetch_all(reader, urls, translation, twice=page_cache)
    clock.move_to(due)
    _assert_shown(reader, newsroom, translation)


@pytest.mark.parametrize("how", ["withdrawn", "expired"])
def test_a_translation_that_left_leaks_nowhere(reader, newsroom, page_cache, clock, how):
    ends = timezone.now() + timedelta(minutes=5)
    translation = _translate(
        newsroom,
        status=Article.Status.PUBLISHED,
        publish_at=timezone.now() - timedelta(hours=1),
        expire_at=ends if how == "expired" else None,
    )
    urls = _addresses(reader, newsroom)
    _assert_shown(reader, newsroom, translation)
    if page_cache:
        for url in urls:
            _get(reader, url)  # stored while it was live
    if how == "withdrawn":
        translation.status = Article.Status.WITHDRAWN
        translation.save()
    else:
        clock.move_to(ends)
    _fetch_all(reader, urls, translation, twice=page_cache)


def test_every_surface_is_fetched(reader, newsroom):
    """The list covers both editions' every kind of address (a guard against a shrinking list)."""
    urls = _addresses(reader, newsroom)
    for part in ["/vi/", "/vi/world/", "/vi/tags/storms/", "/vi/search/", "/vi/feeds/rss/",
                 "/feeds/tags/storms/atom/", "sitemap-articles", "/vi/sitemap-news.xml",
                 "/api/ninjs/articles/"]:  # fmt: skip
        assert any(part in url for url in urls), part
    assert len(urls) >= 45


@pytest.mark.parametrize("state", HIDDEN_STATES)
def test_the_sources_ninjs_names_no_hidden_translation(reader, newsroom, state):
    translation = _translate(newsroom, **STATES[state])
    item = _get(reader, f"/api/ninjs/articles/{newsroom['original'].pk}/")
    for trace in _traces(translation):
        assert trace not in item
