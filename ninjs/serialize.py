"""One live story as an IPTC ninjs 2.1 object.

Expects the article from `ninjs.selectors.api_articles()` (section, bylines with writers and tags
prefetched, `changed_at` annotated), so serialising a page of stories runs no further queries.

An item is in its story's edition: `language` is the edition's code, and the addresses of its
section, tags and writers are that edition's pages (the API itself belongs to no edition).
"""

from __future__ import annotations

import re
from datetime import datetime

from django.conf import settings
from django.http import HttpRequest
from django.urls import reverse
from django.utils import translation
from django.utils.html import strip_tags

from articles.models import Article
from articles.sharing import hero_image
from articles.versions import versions_from

NINJS_STANDARD = {
    "name": "ninjs",
    "version": "2.1",
    "schema": "http://www.iptc.org/std/ninjs/ninjs-schema_2.1.json",
}


def _time(value: datetime | None) -> str | None:
    return value.isoformat() if value else None


def _words(html: str) -> int:
    return len(re.findall(r"\w+", strip_tags(html)))


def article_uri(request: HttpRequest, article: Article) -> str:
    """The story's ninjs identifier: its address in this API, stable and resolvable."""
    return request.build_absolute_uri(reverse("ninjs:article", kwargs={"pk": article.pk}))


def article_to_ninjs(article: Article, request: HttpRequest) -> dict:
    with translation.override(article.edition):  # its edition's addresses and names
        return _item(article, request)


def _item(article: Article, request: HttpRequest) -> dict:
    absolute = request.build_absolute_uri
    bylines = article.byline_list
    reporters = [b.writer.name for b in bylines if b.role == b.Role.REPORTER]
    changed_at = getattr(article, "changed_at", None) or article.modified_at
    item: dict = {
        "uri": article_uri(request, article),
        "standard": NINJS_STANDARD,
        "type": "text",
        "representationtype": "full",
        "firstcreated": _time(article.first_published_at or article.publish_at),
        "versioncreated": _time(changed_at),
        "contentcreated": _time(article.created_at),
        "pubstatus": "usable",
        "copyrightholder": settings.NEWSROOM_SITE_NAME,
        "copyrightnotice": f"© {article.publish_at:%Y} {settings.NEWSROOM_SITE_NAME}",
        "language": article.edition,
        "headlines": [{"role": "main", "contenttype": "text/plain", "value": article.headline}],
        "descriptions": [{"role": "summary", "contenttype": "text/plain", "value": article.lead}],
        "bodies": [
            {
                "role": "main",
                "contenttype": "text/html",
                "charcount": len(strip_tags(article.body)),
                "wordcount": _words(article.body),
                "value": article.body,
            }
        ],
        "slugline": article.slug,
        "subjects": _subjects(article, request),
        "renditions": [
            {
                "name": "web",
                "title": "The story on the website (canonical URL)",
                "href": absolute(article.get_absolute_url()),
                "contenttype": "text/html",
            }
        ],
    }
    if article.kicker:
        item["headlines"].append(
            {"role": "kicker", "contenttype": "text/plain", "value": article.kicker}
        )
    if reporters:
        item["by"] = ", ".join(reporters)
    if bylines:
        item["people"] = [
            {
                "name": b.writer.name,
                "rel": b.role,
                "uri": absolute(b.writer.get_absolute_url()),
                "literal": b.writer.slug,
            }
            for b in bylines
        ]
    if article.dateline:
        item["located"] = article.dateline
        item["places"] = [{"name": article.dateline, "rel": "located"}]
    if article.expire_at:
        item["expires"] = _time(article.expire_at)
    associations = [_picture(article, request), *_versions(article, request)]
    if any(associations):
        item["associations"] = [association for association in associations if association]
    return item


def _versions(article: Article, request: HttpRequest) -> list[dict]:
    """The story's other versions live now (articles.versions), each an association named
    "original" (the story it translates) or "translation", with its language, headline, ninjs
    identifier and web address. None when the story was read without them."""
    text = getattr(article, "versions_json", None)
    return [
        {
            "name": "original" if article.translation_of_id == version.pk else "translation",
            "uri": request.build_absolute_uri(reverse("ninjs:article", kwargs={"pk": version.pk})),
            "type": "text",
            "language": version.language,
            "headlines": [{"role": "main", "contenttype": "text/plain", "value": version.headline}],
            "renditions": [
                {
                    "name": "web",
                    "href": request.build_absolute_uri(version.url),
                    "contenttype": "text/html",
                }
            ],
        }
        for version in (versions_from(text) if text else [])
    ]


def _subjects(article: Article, request: HttpRequest) -> list[dict]:
    section = article.section
    subjects = [
        {
            "name": section.name_in(article.edition),
            "rel": "section",
            "uri": request.build_absolute_uri(section.get_absolute_url()),
            "literal": section.slug,
        }
    ]
    subjects += [
        {
            "name": tag.name,
            "rel": "tag",
            "uri": request.build_absolute_uri(tag.get_absolute_url()),
            "literal": tag.slug,
        }
        for tag in article.tags.all()
    ]
    return subjects


def _picture(article: Article, request: HttpRequest) -> dict | None:
    image = hero_image(article)
    if image is None:
        return None
    href = request.build_absolute_uri(image.url)
    rendition: dict[str, str | int] = {
        "name": "original",
        "href": href,
        "contenttype": image.content_type,
    }
    if image.width and image.height:
        rendition |= {"width": image.width, "height": image.height}
    picture: dict = {
        "name": "featureimage",
        "uri": href,
        "type": "picture",
        "renditions": [rendition],
    }
    if image.alt:
        picture["descriptions"] = [{"role": "alt", "contenttype": "text/plain", "value": image.alt}]
    if image.caption:
        picture["headlines"] = [
            {"role": "caption", "contenttype": "text/plain", "value": image.caption}
        ]
    if image.credit:
        picture["by"] = image.credit
    return picture
