"""What a page says about itself to search engines and social networks: canonical address,
description, Open Graph and Twitter card tags, and schema.org JSON-LD, built as Python data.

Builders read only what the page's view already loaded (the article's prefetched bylines and
tags, the page of stories), so describing a page adds no query.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any
from urllib.parse import urlencode

from django.conf import settings
from django.http import HttpRequest
from django.templatetags.static import static
from django.utils.translation import gettext, to_locale

from articles.models import Article
from articles.sharing import hero_image
from core import rendering
from core.dates import isotime
from core.urls import reverse
from editions import config as editions
from public.live import LiveCoverage
from sections.models import Section
from writers.models import Writer

LOGO_PATH, LOGO_WIDTH, LOGO_HEIGHT = "img/logo.png", 600, 60
SCHEMA_ORG = "https://schema.org"


@dataclass
class PageMetadata:
    title: str
    description: str
    canonical: str
    og_type: str
    image: str | None = None
    image_alt: str = ""
    image_width: int | None = None
    image_height: int | None = None
    properties: list[tuple[str, str]] = field(default_factory=list)
    structured_data: list[dict] = field(default_factory=list)
    # The page's language (its edition's code), for og:locale.
    language: str = field(default_factory=lambda: rendering.edition().code)
    # The page in every language it is published in, itself included: (language, absolute
    # address), for <link rel="alternate" hreflang> (an article's live other versions).
    alternates: list[tuple[str, str]] = field(default_factory=list)

    @property
    def og_locale(self) -> str:
        return og_locale(self.language)

    @property
    def og_locale_alternates(self) -> list[str]:
        return [og_locale(code) for code, _ in self.alternates if code != self.language]

    @property
    def twitter_card(self) -> str:
        return "summary_large_image" if self.image else "summary"


# Open Graph names a locale as language_TERRITORY; an edition's code is its language.
OG_LOCALES = {"en": "en_US", "vi": "vi_VN"}


def og_locale(language: str) -> str:
    return OG_LOCALES.get(language) or to_locale(language)


def _iso_or_none(value: datetime | None) -> str | None:
    """The time as `<time datetime>` writes it: whole seconds, the newsroom's offset."""
    return isotime(value) or None


def _absolute(request: HttpRequest, path: str) -> str:
    """The absolute address of `path`. A list's structured data names twenty stories, and
    build_absolute_uri() checks the host each time: the site's origin is worked out once per
    request, and a path from reverse() or static() (already quoted) is added to it."""
    if not path.startswith("/") or path.startswith("//"):
        return request.build_absolute_uri(path)
    origin = getattr(request, "_newsroom_origin", None)
    if origin is None:
        origin = request.build_absolute_uri("/")[:-1]
        request._newsroom_origin = origin  # type: ignore[attr-defined]  # once per request
    return origin + path


def absolute_in(request: HttpRequest, edition: str, path: str) -> str:
    """The absolute address of `path` in the edition whose code is `edition`: at the edition's
    own host if it has one, else on this request's site (where the editions without a host
    of their own are served, under their prefixes; from an edition's own host, at the first
    of NEWSROOM_SITE_HOSTS if set)."""
    target = editions.find(edition)
    if target is not None and target.host:
        return f"{request.scheme}://{target.host}{path}"
    if editions.current().host and settings.NEWSROOM_SITE_HOSTS:
        return f"{request.scheme}://{settings.NEWSROOM_SITE_HOSTS[0]}{path}"
    return _absolute(request, path)


def publisher(request: HttpRequest) -> dict:
    return {
        "@type": "NewsMediaOrganization",
        "name": settings.NEWSROOM_SITE_NAME,
        "url": _absolute(request, reverse("articles:home")),
        "logo": {
            "@type": "ImageObject",
            "url": _absolute(request, static(LOGO_PATH)),
            "width": LOGO_WIDTH,
            "height": LOGO_HEIGHT,
        },
    }


def breadcrumbs(request: HttpRequest, trail: Iterable[tuple[str, str]]) -> dict:
    return {
        "@context": SCHEMA_ORG,
        "@type": "BreadcrumbList",
        "itemListElement": [
            {"@type": "ListItem", "position": i, "name": name, "item": _absolute(request, path)}
            for i, (name, path) in enumerate(trail, start=1)
        ],
    }


def person(request: HttpRequest, writer: Writer) -> dict:
    data = {
        "@type": "Person",
        "name": writer.name,
        "url": _absolute(request, writer.get_absolute_url()),
    }
    if writer.job_title:
        data["jobTitle"] = writer.job_title
    return data


def date_modified(article: Article) -> datetime:
    """The last change readers could notice: never before publication."""
    return max(d for d in (article.publish_at, article.updated_at, article.modified_at) if d)


def article(
    request: HttpRequest, article: Article, live: LiveCoverage | None = None
) -> PageMetadata:
    canonical = _absolute(request, article.get_absolute_url())
    description = article.seo_description or article.lead
    reporters = article.reporters
    tags = [tag.name for tag in article.tag_list]
    meta = PageMetadata(
        title=article.seo_title or article.headline,
        description=description,
        canonical=canonical,
        og_type="article",
    )
    news_article: dict[str, Any] = {
        "@context": SCHEMA_ORG,
        "@type": "NewsArticle",
        "headline": article.headline[:110],
        "description": description,
        "url": canonical,
        "mainEntityOfPage": {"@type": "WebPage", "@id": canonical},
        "datePublished": _iso_or_none(article.publish_at),
        "dateModified": _iso_or_none(date_modified(article)),
        "author": [person(request, writer) for writer in reporters],
        "publisher": publisher(request),
        "articleSection": article.section.local_name,
        "keywords": tags,
        "inLanguage": article.edition,
        "isAccessibleForFree": True,
    }
    versions = getattr(article, "version_list", [])
    meta.language = article.edition
    if versions:
        meta.alternates = [(article.edition, canonical)] + [
            (version.language, absolute_in(request, version.edition, version.url))
            for version in versions
        ]
        news_article |= translations(request, article, versions)
    if article.dateline:
        news_article["dateline"] = article.dateline
    if live is not None:
        news_article |= live_blog(request, canonical, live)
    image = hero_image(article)
    if image:
        meta.image = _absolute(request, image.url)
        meta.image_alt = image.alt
        meta.image_width, meta.image_height = image.width, image.height
        picture: dict[str, str | int] = {"@type": "ImageObject", "url": meta.image}
        if image.width and image.height:
            picture |= {"width": image.width, "height": image.height}
        if image.caption:
            picture["caption"] = image.caption
        news_article["image"] = [picture]
    meta.properties = [
        ("article:published_time", news_article["datePublished"]),
        ("article:modified_time", news_article["dateModified"]),
        ("article:section", article.section.local_name),
        *(("article:tag", tag) for tag in tags),
    ]
    meta.structured_data = [
        news_article,
        breadcrumbs(
            request,
            [
                (settings.NEWSROOM_SITE_NAME, reverse("articles:home")),
                (article.section.local_name, article.section.get_absolute_url()),
                (article.headline, article.get_absolute_url()),
            ],
        ),
    ]
    return meta


def translations(request: HttpRequest, article: Article, versions: list) -> dict[str, Any]:
    """schema.org's links between a work and its translations, for the live other versions
    (articles.versions.Version): `translationOfWork` on a translation whose original is live,
    `workTranslation` on an original with live translations."""
    data: dict[str, Any] = {}
    for version in versions:
        work = {
            "@type": "NewsArticle",
            "@id": absolute_in(request, version.edition, version.url),
            "url": absolute_in(request, version.edition, version.url),
            "headline": version.headline[:110],
            "inLanguage": version.language,
        }
        if article.translation_of_id == version.pk:
            data["translationOfWork"] = work
        elif version.translates(article):
            data.setdefault("workTranslation", []).append(work)
    return data


def live_blog(request: HttpRequest, canonical: str, live: LiveCoverage) -> dict[str, Any]:
    """A live coverage story as schema.org's LiveBlogPosting: its coverage times and each entry
    the page shows as a `liveBlogUpdate` (a BlogPosting at the entry's anchor)."""
    coverage = live.coverage
    data: dict[str, Any] = {
        "@type": "LiveBlogPosting",
        "coverageStartTime": _iso_or_none(coverage.started_at),
        "liveBlogUpdate": [
            {
                "@type": "BlogPosting",
                "headline": item.title[:110],
                "url": f"{canonical}#{item.anchor}",
                "datePublished": _iso_or_none(item.publish_at),
                **({"dateModified": _iso_or_none(item.corrected_at)} if item.corrected_at else {}),
                "author": [person(request, item.writer)],
                "articleBody": item.title_text,
            }
            for item in live.shown
        ],
    }
    if live.ended:
        data["coverageEndTime"] = _iso_or_none(coverage.ended_at)
    return data


def _listing_url(request: HttpRequest, path: str) -> str:
    """The address of this page of a list: the list's own for its newest stories, with the
    keyset cursor (core.pagination) for older ones."""
    for key in ("before", "after"):
        if key in request.GET:
            return f"{path}?{urlencode({key: request.GET[key]})}"
    return path


def _item_list(request: HttpRequest, stories: Iterable[Article], start: int = 1) -> dict:
    return {
        "@type": "ItemList",
        "itemListElement": [
            {
                "@type": "ListItem",
                "position": start + i,
                "url": _absolute(request, story.get_absolute_url()),
                "name": story.headline,
            }
            for i, story in enumerate(stories)
        ],
    }


def section(request: HttpRequest, section: Section, page) -> PageMetadata:
    path = section.get_absolute_url()
    canonical = _absolute(request, _listing_url(request, path))
    description = section.local_description or gettext("The latest %(section)s stories.") % {
        "section": section.local_name
    }
    collection = {
        "@context": SCHEMA_ORG,
        "@type": "CollectionPage",
        "name": section.local_name,
        "description": description,
        "url": canonical,
        "isPartOf": {
            "@type": "WebSite",
            "name": settings.NEWSROOM_SITE_NAME,
            "url": _absolute(request, reverse("articles:home")),
        },
        "publisher": publisher(request),
        "mainEntity": _item_list(request, page.object_list),
    }
    meta = PageMetadata(section.local_name, description, canonical, "website")
    meta.structured_data = [
        collection,
        breadcrumbs(
            request,
            [(settings.NEWSROOM_SITE_NAME, reverse("articles:home")), (section.local_name, path)],
        ),
    ]
    return meta


def writer(request: HttpRequest, writer: Writer, page) -> PageMetadata:
    path = writer.get_absolute_url()
    canonical = _absolute(request, _listing_url(request, path))
    description = writer.bio or gettext("Stories by %(writer)s.") % {"writer": writer.name}
    subject = person(request, writer)
    if writer.bio:
        subject["description"] = writer.bio
    meta = PageMetadata(writer.name, description, canonical, "profile")
    photo = writer.photo
    portrait = photo.pick(640, crop="square") if photo else None
    if photo and portrait:
        meta.image = _absolute(request, portrait.url)
        meta.image_alt = photo.alt_text or gettext("Portrait of %(writer)s") % {
            "writer": writer.name
        }
        meta.image_width, meta.image_height = portrait.width, portrait.height
        subject["image"] = meta.image
    profile = {
        "@context": SCHEMA_ORG,
        "@type": "ProfilePage",
        "name": writer.name,
        "url": canonical,
        "mainEntity": subject,
        "hasPart": _item_list(request, page.object_list),
    }
    meta.structured_data = [
        profile,
        breadcrumbs(
            request, [(settings.NEWSROOM_SITE_NAME, reverse("articles:home")), (writer.name, path)]
        ),
    ]
    return meta
