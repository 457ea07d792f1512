import re
from datetime import UTC, datetime, timedelta

import pytest
from django.utils import timezone

from articles.models import Byline
from tests.factories import (
    ArticleFactory,
    ImageFactory,
    SectionFactory,
    WriterFactory,
    correct,
    relate,
)
from tests.html import Page, card_headlines

pytestmark = pytest.mark.django_db


@pytest.fixture
def story():
    section = SectionFactory(name="World")
    reporter, translator = WriterFactory(name="Thanh Hà"), WriterFactory(name="Ngọc Anh")
    article = ArticleFactory(
        headline="US allows Ukraine to attack Russia with long-range missiles",
        kicker="Russia-Ukraine conflict",
        lead="US President Joe Biden has for the first time allowed Ukraine to use missiles.",
        body="<p>The information was revealed by US officials.</p>",
        dateline="Washington",
        section=section,
        status="published",
        publish_at=datetime(2024, 11, 18, 2, 30, tzinfo=UTC),
        writers=[reporter],
        tags=["Ukraine", "Đà Nẵng"],
        hero_image=ImageFactory(
            alt_text="A missile launcher at dusk", caption="A launch.", credit="Photo: Reuters"
        ),
        hero_caption="An ATACMS launch.",
    )
    Byline.objects.create(article=article, writer=translator, role="translator", position=1)
    return article


def test_article_page_shows_the_whole_story(reader, story):
    html = reader.get(story.get_absolute_url()).content.decode()
    page = Page(html)
    assert page.texts["h1"] == [story.headline]
    for expected in [
        ">World</a>",
        "Russia-Ukraine conflict",
        '<span class="dateline">Washington</span> – US President Joe Biden',
        "<p>The information was revealed by US officials.</p>",
        "An ATACMS launch.",
        "Photo: Reuters",
        'href="/writers/thanh-ha/" rel="author">Thanh Hà</a>',
        'Translated by <a href="/writers/ngoc-anh/">Ngọc Anh</a>',
        'href="/tags/da-nang/" rel="tag">Đà Nẵng</a>',
    ]:
        assert expected in html
    image = page.find_all("img", alt="A missile launcher at dusk")[0]
    assert (image["width"], image["height"]) == ("64", "36")
    assert "A launch." not in html  # the story's own caption replaces the image's


def test_published_time_is_shown_in_the_newsroom_time_zone(reader, story):
    html = reader.get(story.get_absolute_url()).content.decode()
    assert "18 November 2024, 09:30 GMT+7" in html
    assert 'datetime="2024-11-18T09:30:00+07:00"' in html
    assert "Updated" not in html


def test_time_zone_is_configurable(reader, story, settings):
    settings.TIME_ZONE = "Europe/London"
    assert "18 November 2024, 02:30 GMT+0" in reader.get(story.get_absolute_url()).content.decode()


def test_updated_time_is_shown_when_it_differs(reader, story):
    story.updated_at = story.publish_at + timedelta(hours=3, minutes=15)
    story.save()
    html = reader.get(story.get_absolute_url()).content.decode()
    assert "Updated" in html and "18 November 2024, 12:45 GMT+7" in html


def test_corrections_are_listed_with_their_dates(reader, story):
    correct(story, "An earlier version misstated the missile's range.",
            published_at=datetime(2024, 11, 19, 1, 0, tzinfo=UTC))  # fmt: skip
    html = reader.get(story.get_absolute_url()).content.decode()
    assert "Corrections" in html
    assert "19 November 2024, 08:00 GMT+7</time>: An earlier version misstated" in html


def test_the_story_shows_its_lists_in_their_order_whatever_order_they_were_written_in(reader):
    """Bylines, tags and corrections come with the story as JSON arrays, whose order the
    databases do not define: the page puts them in byline, name and date order."""
    story = ArticleFactory(live=True, tags=["Zebra", "Mango", "Apple"])
    for position, name in [(2, "Cẩm Vân"), (1, "Bảo Ngọc"), (0, "An Khang")]:
        Byline.objects.create(article=story, writer=WriterFactory(name=name), position=position)
    for day in [21, 19, 20]:
        correct(story, f"Correction of {day} November.",
                published_at=datetime(2024, 11, day, 1, 0, tzinfo=UTC))  # fmt: skip
    html = reader.get(story.get_absolute_url()).content.decode()
    byline = html[html.index('class="byline"') :]
    assert byline.index("An Khang") < byline.index("Bảo Ngọc") < byline.index("Cẩm Vân")
    tags = html[html.index('class="story__tags"') :]
    assert tags.index(">Apple<") < tags.index(">Mango<") < tags.index(">Zebra<")
    corrections = html[html.index('class="corrections"') :]
    assert (
        corrections.index("of 19 Nov")
        < corrections.index("of 20 Nov")
        < corrections.index("of 21 Nov")
    )


def test_related_news_shows_headline_writer_and_lead(reader, story):
    writer = WriterFactory(name="Minh Anh")
    related = ArticleFactory(
        headline="Russia launched 120 missiles and 90 UAVs into Ukraine",
        lead="Ukrainian President Volodymyr Zelensky said Russia has launched a fierce attack.",
        live=True,
        writers=[writer],
    )
    relate(story, related)
    html = reader.get(story.get_absolute_url()).content.decode()
    block = html[html.index("Related news") :]
    assert related.headline in block and "Minh Anh" in block and related.lead in block


def test_more_from_this_writer(reader, story):
    other = ArticleFactory(headline="Another story by Thanh Hà", live=True,
                           writers=[story.writers.get(name="Thanh Hà")])  # fmt: skip
    html = reader.get(story.get_absolute_url()).content.decode()
    assert "More from Thanh Hà" in html and other.headline in html


def test_stale_slug_redirects_permanently_to_the_canonical_url(reader, story):
    response = reader.get(f"/world/an-old-headline-{story.pk}/")
    assert response.status_code == 301
    assert response["Location"] == story.get_absolute_url()


def test_moved_section_redirects_permanently(reader, story):
    response = reader.get(f"/politics/{story.slug}-{story.pk}/")
    assert (response.status_code, response["Location"]) == (301, story.get_absolute_url())


def test_unknown_article_id_is_404(reader, story):
    assert reader.get(f"/world/{story.slug}-{story.pk + 1000}/").status_code == 404


def test_section_page_lists_its_live_stories(reader):
    section = SectionFactory(name="Sports", description="Football and more.")
    ArticleFactory(headline="Derby ends level", live=True, section=section,
                   writers=[WriterFactory(name="Lê Văn Tú")])  # fmt: skip
    ArticleFactory(headline="Elsewhere", live=True)
    html = reader.get("/sports/").content.decode()
    assert Page(html).texts["h1"] == ["Sports"]
    assert "Football and more." in html and "Derby ends level" in html and "Lê Văn Tú" in html
    assert "Elsewhere" not in html


def test_writer_page_shows_the_profile_and_stories(reader):
    writer = WriterFactory(name="Thanh Hà", job_title="International desk", bio="Covers Europe.")
    ArticleFactory(headline="Her story", live=True, writers=[writer])
    html = reader.get("/writers/thanh-ha/").content.decode()
    assert Page(html).texts["h1"] == ["Thanh Hà"]
    assert "International desk" in html and "Covers Europe." in html and "Her story" in html


def test_tag_page_lists_tagged_live_stories(reader):
    ArticleFactory(headline="Storm nears Đà Nẵng", live=True, tags=["Đà Nẵng"])
    ArticleFactory(headline="Untagged", live=True)
    html = reader.get("/tags/da-nang/").content.decode()
    assert Page(html).texts["h1"] == ["Đà Nẵng"]
    assert "Storm nears Đà Nẵng" in html and "Untagged" not in html


def test_home_page_has_lead_top_sections_and_latest(reader):
    world = SectionFactory(name="World")
    lead = ArticleFactory(headline="The lead", live=True, priority="lead", section=world)
    top = ArticleFactory(headline="A top story", live=True, priority="top", section=world)
    latest = ArticleFactory(headline="A normal story", live=True, section=world)
    page = Page(reader.get("/").content.decode())
    assert lead.headline in page.texts["h2"]
    assert "Top stories" in page.texts["h2"] and top.headline in page.texts["h3"]
    assert "World" in page.texts["h2"] and "Latest" in page.texts["h2"]
    assert latest.headline in page.texts["h3"]


def test_newest_story_leads_when_none_is_marked_lead(reader):
    ArticleFactory(headline="Older", live=True, publish_at=timezone.now() - timedelta(hours=5))
    ArticleFactory(headline="Newest", live=True)
    html = reader.get("/").content.decode()
    assert html.index("Newest") < html.index("Older")


def test_empty_site_home_page_still_renders(reader):
    assert "No stories have been published yet." in reader.get("/").content.decode()


@pytest.mark.parametrize(
    "query",
    [
        {"before": v}
        for v in ["abc", "0", "-1", "1.5", "1-", "-1-2", "9" * 5000, "%00", "9" * 18 + "-1"]
    ]
    + [{"after": "x"}, {"before": "1-1", "after": "1-1"}, {"page": "2"}, {"page": "1"}],
)
def test_bad_page_values_are_404_not_500(reader, query):
    section = SectionFactory(name="World")
    ArticleFactory(live=True, section=section, tags=["Ukraine"], writers=[WriterFactory()])
    writer = section.articles.get().writers.get()
    for url in ["/world/", "/tags/ukraine/", writer.get_absolute_url()]:
        assert reader.get(url, query).status_code == 404


def _next_link(html: str) -> str:
    return re.search(r'rel="next" href="([^"]+)"', html)[1].replace("&amp;", "&")


def _previous_link(html: str) -> str:
    return re.search(r'rel="prev" href="([^"]+)"', html)[1].replace("&amp;", "&")


def test_lists_paginate_by_cursor(reader, settings):
    settings.NEWSROOM_PAGE_SIZE = 2
    section = SectionFactory(name="World")
    for hours in range(5):
        ArticleFactory(headline=f"Story {hours}", section=section, status="published",
                       publish_at=timezone.now() - timedelta(hours=hours + 1))  # fmt: skip
    first = reader.get("/world/").content.decode()
    assert "Story 0" in first and "Story 1" in first and "Story 2" not in first
    assert 'rel="prev"' not in first
    second = reader.get("/world/" + _next_link(first)).content.decode()
    assert "Story 2" in second and "Story 3" in second and "Story 1" not in second
    last = reader.get("/world/" + _next_link(second)).content.decode()
    assert "Story 4" in last and 'rel="next"' not in last
    back = reader.get("/world/" + _previous_link(last)).content.decode()
    assert "Story 2" in back and "Story 3" in back and "Story 4" not in back


def test_stories_sharing_a_publication_time_are_each_listed_once(reader, settings):
    settings.NEWSROOM_PAGE_SIZE = 2
    section, moment = SectionFactory(name="World"), timezone.now() - timedelta(hours=1)
    for i in range(5):
        ArticleFactory(headline=f"Tied {i}", section=section, status="published", publish_at=moment)
    seen, html = [], reader.get("/world/").content.decode()
    while True:
        seen += card_headlines(html)
        if 'rel="next"' not in html:
            break
        html = reader.get("/world/" + _next_link(html)).content.decode()
    assert sorted(seen) == [f"Tied {i}" for i in range(5)]


def test_a_cursor_past_the_oldest_story_is_404(reader):
    section = SectionFactory(name="World")
    story = ArticleFactory(live=True, section=section)
    assert reader.get("/world/", {"before": f"{1}-{story.pk}"}).status_code == 404


def test_unknown_pages_get_the_friendly_404(reader):
    response = reader.get("/no-such-section/")
    assert response.status_code == 404
    assert "We can’t find that page" in response.content.decode()


@pytest.mark.parametrize("url", ["/no-such-section/", "/tags/no-such-tag/", "/writers/nobody/"])
def test_a_list_of_an_unknown_slug_is_404(reader, url):
    SectionFactory(name="World")
    ArticleFactory(live=True, tags=["Floods"])
    assert reader.get(url).status_code == 404
    assert reader.get(f"/vi{url}").status_code == 404


def test_server_errors_get_the_friendly_500(reader, monkeypatch):
    import public.selectors

    def broken(*args, **kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr(public.selectors, "front_page", broken)
    reader.raise_request_exception = False
    response = reader.get("/")
    assert response.status_code == 500
    assert "Something went wrong on our side" in response.content.decode()


@pytest.mark.parametrize("busy_from", [1, 1000])
def test_busy_and_quiet_tag_and_writer_lists_show_the_same_stories(reader, monkeypatch, busy_from):
    """A busy list (at least BUSY_LIST stories) is read another way; it must list the same."""
    import articles.querysets

    monkeypatch.setattr(articles.querysets, "BUSY_LIST", busy_from)
    writer = WriterFactory(name="Thanh Hà")
    twice = ArticleFactory(headline="Credited twice", live=True, writers=[writer], tags=["Trade"])
    Byline.objects.create(article=twice, writer=writer, role="translator", position=1)
    ArticleFactory(headline="Also live", live=True, writers=[writer], tags=["Trade"])
    ArticleFactory(headline="Not yet", scheduled=True, writers=[writer], tags=["Trade"])
    for url in ["/writers/thanh-ha/", "/tags/trade/"]:
        html = reader.get(url).content.decode()
        assert card_headlines(html).count("Credited twice") == 1, url
        assert "Also live" in card_headlines(html), url
        assert "Not yet" not in html, url
