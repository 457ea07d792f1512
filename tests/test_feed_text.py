"""Plain text in feeds reaches a feed reader as the same plain text.

A story's lead, a section's description and a writer's bio are plain text. RSS `<description>`
and Atom `<summary type="html">` are HTML, so a feed must say the text in HTML: a lead of
`<script>…</script>` is shown to subscribers as those characters, never run as a script.

Each feed is read back with feedparser, and each field is taken as a reader shows it: a text
field as it is, an HTML field as the text its markup displays (and it must have no markup).
"""

from html.parser import HTMLParser

import feedparser
import pytest

from tests.factories import ArticleFactory, SectionFactory, WriterFactory

pytestmark = pytest.mark.django_db

KINDS = ["rss", "atom"]
PAYLOADS = [
    "<script>alert(1)</script>",
    "&lt;b&gt;",
    "a & b",
    "<img src=x onerror=alert(1)>",
    "He said \"no\" and 'yes' <b>bold</b>",
    "Bão số 3 đổ bộ Đà Nẵng: “siêu bão” & mưa lớn",
]
FEEDS = ["site", "section", "tag", "writer"]


class _Text(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.text: list[str] = []
        self.markup: list[str] = []

    def handle_data(self, data: str) -> None:
        self.text.append(data)

    def handle_starttag(self, tag, attrs) -> None:
        self.markup.append(self.get_starttag_text())

    def handle_endtag(self, tag) -> None:
        self.markup.append(f"</{tag}>")


def shown(detail) -> str:
    """What a feed reader shows for a parsed field (feedparser's `*_detail`)."""
    if detail.type == "text/plain":
        return detail.value
    assert detail.type in {"text/html", "application/xhtml+xml"}, detail.type
    parser = _Text()
    parser.feed(detail.value)
    parser.close()
    assert not parser.markup, f"plain text became markup: {parser.markup} in {detail.value!r}"
    return "".join(parser.text)


def _read(client, url: str):
    response = client.get(url)
    assert response.status_code == 200, url
    parsed = feedparser.parse(response.content)
    assert not parsed.bozo, (url, parsed.get("bozo_exception"))
    return parsed


def _url(feed: str, kind: str) -> str:
    if feed == "site":
        return f"/feeds/{kind}/"
    return {
        "section": f"/feeds/sections/world/{kind}/",
        "tag": f"/feeds/tags/ukraine/{kind}/",
        "writer": f"/feeds/writers/thanh-ha/{kind}/",
    }[feed]


def _story(**fields):
    section = fields.pop("section", None) or SectionFactory(name="World", slug="world")
    writer = fields.pop("writer", None) or WriterFactory(name="Thanh Hà", slug="thanh-ha")
    tags = fields.pop("tags", ["Ukraine"])
    return ArticleFactory(live=True, section=section, writers=[writer], tags=tags, **fields)


@pytest.mark.parametrize("payload", PAYLOADS)
@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("feed", FEEDS)
def test_a_lead_reaches_the_reader_as_written(reader, feed, kind, payload):
    _story(lead=payload)
    [entry] = _read(reader, _url(feed, kind)).entries
    assert shown(entry.summary_detail) == payload


@pytest.mark.parametrize("payload", PAYLOADS)
@pytest.mark.parametrize("kind", KINDS)
def test_a_section_description_is_the_feed_description_as_written(reader, kind, payload):
    _story(section=SectionFactory(name="World", slug="world", description=payload))
    parsed = _read(reader, _url("section", kind))
    assert shown(parsed.feed.subtitle_detail) == payload


@pytest.mark.parametrize("payload", PAYLOADS)
@pytest.mark.parametrize("kind", KINDS)
def test_a_writer_bio_is_the_writer_feed_description_as_written(reader, kind, payload):
    _story(writer=WriterFactory(name="Thanh Hà", slug="thanh-ha", bio=payload))
    parsed = _read(reader, _url("writer", kind))
    assert shown(parsed.feed.subtitle_detail) == payload


@pytest.mark.parametrize("kind", KINDS)
def test_a_writer_without_a_bio_has_a_plain_feed_description(reader, kind):
    _story()
    parsed = _read(reader, _url("writer", kind))
    assert shown(parsed.feed.subtitle_detail) == "Stories by Thanh Hà."


@pytest.mark.parametrize("payload", PAYLOADS)
@pytest.mark.parametrize("kind", KINDS)
def test_names_in_feed_descriptions_are_written_as_text(reader, kind, payload):
    """The tag feed says "Stories tagged <name>.", a writer's without a bio "Stories by <name>.",
    a section's without a description "The latest <name> stories."."""
    tag = f"Ukraine {payload}"
    story = _story(
        section=SectionFactory(name=payload, slug="world"),
        writer=WriterFactory(name=payload, slug="thanh-ha"),
        tags=[tag],
    )
    slug = story.tags.get().slug
    described = {
        f"/feeds/tags/{slug}/{kind}/": f"Stories tagged {tag}.",
        _url("writer", kind): f"Stories by {payload}.",
        _url("section", kind): f"The latest {payload} stories.",
    }
    for url, description in described.items():
        assert shown(_read(reader, url).feed.subtitle_detail) == description, url


@pytest.mark.parametrize("payload", PAYLOADS)
@pytest.mark.parametrize("kind", KINDS)
def test_headlines_names_and_categories_stay_text(reader, kind, payload):
    """Titles, authors and categories are text elements in both formats: written once, read
    back as written (a guard beside the descriptions). RSS 2.0 defines an item's title as
    text; feedparser, like some readers, still guesses HTML when it looks like HTML, an
    ambiguity of RSS no feed can remove, so the title is compared as written."""
    story = _story(
        headline=f"Headline {payload}",
        section=SectionFactory(name=f"Section {payload}", slug="world"),
        writer=WriterFactory(name=f"Writer {payload}", slug="thanh-ha"),
        tags=[f"Tag {payload}"],
    )
    parsed = _read(reader, _url("section", kind))
    assert parsed.feed.title == f"Section {payload} | Newsroom Daily"
    [entry] = parsed.entries
    assert entry.title == story.headline
    assert entry.author == f"Writer {payload}"
    assert [t.term for t in entry.tags] == [f"Section {payload}", f"Tag {payload}"]
