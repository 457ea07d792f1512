"""RSS 2.0 and Atom feeds of live stories: the whole site, a section, a tag, a writer, each in
every edition (/feeds/rss/, /vi/feeds/rss/): an edition's feeds list its own stories only, in
its language (the channel's language is the edition's code, the titles its gettext).

Each feed is a subclass pair (RSS, Atom) of one base. `get_object` returns a `Source` that
carries the request, so absolute addresses (enclosures) are built per request without storing
anything on the shared feed instance.

Leads, section descriptions and bios are plain text, but an RSS `<description>` (the channel's
and each item's) and an Atom `<summary type="html">` are HTML, as Django's syndication framework
documents `description` and `item_description`: they go in as the HTML that shows the text
(`as_html`), so a reader shows a lead of `<script>` as those characters. Titles, names,
categories and the Atom subtitle are text elements and go in as they are.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.core.exceptions import ObjectDoesNotExist
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed, Enclosure, Rss201rev2Feed, SyndicationFeed
from django.utils.html import escape
from django.utils.http import http_date
from django.utils.translation import gettext as _

from articles.models import Article
from articles.querysets import CARD_JOINS, ArticleQuerySet, card_bylines
from articles.sharing import hero_image, hero_image_size
from pagecache.views import depend, reader_cache
from public.live import LiveCoverage, entry_title
from public.selectors import entries_page
from public.views import MAX_ID
from sections.models import Section
from tags.models import Tag
from writers.models import Writer

FEED_SIZE = 30


def as_html(text: str) -> str:
    """Plain text as HTML that shows exactly that text (the feed writer then escapes it for
    XML once more)."""
    return escape(text)


@dataclass
class Source:
    request: HttpRequest
    title: str
    description: str  # plain text
    link: str
    stories: ArticleQuerySet


def _live() -> ArticleQuerySet:
    """The live stories of the edition being served."""
    return Article.objects.live().in_edition()


class StringFeed(Feed):
    feed_type: type[SyndicationFeed] = Rss201rev2Feed
    # None: Django's feed takes the active language, which is the edition's (its middleware).
    language = None

    def __call__(self, request: HttpRequest, *args, **kwargs) -> HttpResponse:
        """Django's Feed.__call__, with the feed written to a string and set once: written
        straight into the response, each of its ~1,500 XML pieces went through
        HttpResponse.write()."""
        try:
            source = self.get_object(request, *args, **kwargs)
        except ObjectDoesNotExist:
            raise Http404("Feed object does not exist.") from None
        feed = self.get_feed(source, request)
        response = HttpResponse(feed.writeString("utf-8"), content_type=feed.content_type)  # type: ignore[attr-defined]
        response.headers["Last-Modified"] = http_date(feed.latest_post_date().timestamp())
        return response


class StoryFeed(StringFeed):
    def source(self, request: HttpRequest, **kwargs: str) -> Source:
        """The stories and titles of the feed; `kwargs` are the URL's (e.g. `slug`)."""
        raise NotImplementedError

    def get_object(self, request: HttpRequest, **kwargs) -> Source:
        return self.source(request, **kwargs)

    def title(self, source: Source) -> str:
        return source.title

    def description(self, source: Source) -> str:
        return as_html(source.description)  # RSS <description>: HTML

    def subtitle(self, source: Source) -> str:
        return source.description  # Atom <subtitle>: text

    def link(self, source: Source) -> str:
        return source.link

    def feed_copyright(self) -> str:
        return f"© {settings.NEWSROOM_SITE_NAME}"

    def items(self, source: Source) -> list[Article]:
        stories = list(
            source.stories.select_related(*CARD_JOINS)
            .defer("body")
            .prefetch_related(card_bylines(), "tags")
            .newest_first()[:FEED_SIZE]
        )
        for story in stories:
            story.feed_request = source.request
        return stories

    def item_title(self, item: Article) -> str:
        return item.headline

    def item_description(self, item: Article) -> str:
        return as_html(item.lead)

    def item_link(self, item: Article) -> str:
        return item.get_absolute_url()

    def item_pubdate(self, item: Article):
        return item.publish_at

    def item_updateddate(self, item: Article):
        return max(item.updated_at or item.publish_at, item.publish_at)  # type: ignore[type-var]

    def item_author_name(self, item: Article) -> str | None:
        names = [writer.name for writer in item.reporters]
        return ", ".join(names) or None

    def item_author_link(self, item: Article) -> str | None:
        reporters = item.reporters
        if not reporters:
            return None
        request = item.feed_request  # type: ignore[attr-defined]  # set by items()
        return request.build_absolute_uri(reporters[0].get_absolute_url())

    def item_categories(self, item: Article) -> list[str]:
        return [item.section.name_in(item.edition), *(tag.name for tag in item.tags.all())]

    def item_enclosures(self, item: Article) -> list[Enclosure]:
        image = hero_image(item)
        if image is None:
            return []
        return [
            Enclosure(
                url=item.feed_request.build_absolute_uri(image.url),  # type: ignore[attr-defined]
                length=str(hero_image_size(item) or 0),
                mime_type=image.content_type,
            )
        ]


class AtomMixin:
    feed_type: type[SyndicationFeed] = Atom1Feed


class SiteFeed(StoryFeed):
    def source(self, request: HttpRequest, **kwargs) -> Source:
        return Source(
            request,
            settings.NEWSROOM_SITE_NAME,
            _("The latest stories from %(site)s.") % {"site": settings.NEWSROOM_SITE_NAME},
            reverse("articles:home"),
            _live(),
        )


class SectionFeed(StoryFeed):
    def source(self, request: HttpRequest, **kwargs: str) -> Source:
        slug = kwargs["slug"]
        section = get_object_or_404(Section, slug=slug)
        return Source(
            request,
            f"{section.local_name} | {settings.NEWSROOM_SITE_NAME}",
            section.local_description
            or _("The latest %(section)s stories.") % {"section": section.local_name},
            section.get_absolute_url(),
            _live().filter(section=section),
        )


class TagFeed(StoryFeed):
    def source(self, request: HttpRequest, **kwargs: str) -> Source:
        slug = kwargs["slug"]
        tag = get_object_or_404(Tag, slug=slug)
        stories = _live().tagged(tag)
        if not stories.exists():
            # As on the tag page: a tag used only on unpublished stories, or only in the other
            # edition, has no feed here.
            raise Http404("No published stories with this tag.")
        return Source(
            request,
            f"{tag.name} | {settings.NEWSROOM_SITE_NAME}",
            _("Stories tagged %(tag)s.") % {"tag": tag.name},
            tag.get_absolute_url(),
            stories,
        )


class WriterFeed(StoryFeed):
    def source(self, request: HttpRequest, **kwargs: str) -> Source:
        slug = kwargs["slug"]
        writer = get_object_or_404(Writer, slug=slug)
        return Source(
            request,
            f"{writer.name} | {settings.NEWSROOM_SITE_NAME}",
            writer.bio or _("Stories by %(writer)s.") % {"writer": writer.name},
            writer.get_absolute_url(),
            _live().by_writer(writer),
        )


class SiteAtomFeed(AtomMixin, SiteFeed):
    pass


class SectionAtomFeed(AtomMixin, SectionFeed):
    pass


class TagAtomFeed(AtomMixin, TagFeed):
    pass


class WriterAtomFeed(AtomMixin, WriterFeed):
    pass


# --- A live coverage story's entries ------------------------------------------------------------


@dataclass
class EntrySource:
    request: HttpRequest
    article: Article
    live: LiveCoverage


class EntryFeed(StringFeed):
    """The newest entries of a live coverage story (its first page: NEWSROOM_LIVE_PAGE_SIZE),
    as readers see them now: the same selector as the page, so an entry of a story that is not
    live, a scheduled one or a withdrawn one is in no feed. Cached under the story's key."""

    description_template = "feeds/live_entry.html"

    @classmethod
    def view(cls):
        return reader_cache(cls())

    def get_object(self, request: HttpRequest, pk: int) -> EntrySource:
        if pk > MAX_ID:
            raise Http404("No such story.")
        selection = entries_page(pk)
        depend(request, *selection.keys)
        return EntrySource(request, selection.context["article"], selection.context["live"])

    def title(self, source: EntrySource) -> str:
        return f"{source.article.headline} (live) | {settings.NEWSROOM_SITE_NAME}"

    def description(self, source: EntrySource) -> str:
        return as_html(source.article.lead)

    def subtitle(self, source: EntrySource) -> str:
        return source.article.lead

    def link(self, source: EntrySource) -> str:
        return source.article.get_absolute_url()

    def feed_copyright(self) -> str:
        return f"© {settings.NEWSROOM_SITE_NAME}"

    def items(self, source: EntrySource) -> list:
        url = source.article.get_absolute_url()
        # What the item methods and the description template read, set on each entry.
        for item in source.live.entries:
            setattr(item, "feed_request", source.request)  # noqa: B010
            setattr(item, "story_url", url)  # noqa: B010
            for picture in item.body.pictures:
                if picture.image is not None:
                    src = source.request.build_absolute_uri(picture.image.sources("full").src)
                    setattr(picture, "feed_src", src)  # noqa: B010
        return source.live.entries

    def item_title(self, item) -> str:
        return entry_title(item)

    def item_link(self, item) -> str:
        return f"{item.story_url}#{item.anchor}"

    def item_guid(self, item) -> str:
        return item.feed_request.build_absolute_uri(self.item_link(item))

    def item_pubdate(self, item):
        return item.publish_at

    def item_updateddate(self, item):
        return max(item.corrected_at or item.publish_at, item.publish_at)

    def item_author_name(self, item) -> str:
        return item.writer.name

    def item_author_link(self, item) -> str:
        return item.feed_request.build_absolute_uri(item.writer.get_absolute_url())

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["request"] = context["obj"].feed_request
        return context


class EntryAtomFeed(AtomMixin, EntryFeed):
    pass
