"""The newsroom's built-in rules (docs/workflow.md lists them with their levels).

Each rule is one function: it reads the story and yields what a journalist should fix. A
`blocker` stops submitting and publishing; a `warning` lets an editor publish with one extra
click. Rules read the story as it is in the form (it may be unsaved), so those that need the
database (bylines, links) look only at what is saved.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from django.conf import settings
from django.urls import Resolver404, resolve
from django.utils import timezone

from articles.models import Article
from workflow.checks import blocker, rule, warning
from workflow.checks.html_scan import scan

HEADLINE_MAX = 110
LEAD_MAX = 250


def _body(story: Article):
    cached = getattr(story, "_checks_scan", None)
    if cached is None or cached[0] != story.body:
        cached = (story.body, scan(story.body))
        story._checks_scan = cached  # type: ignore[attr-defined]  # read once per story
    return cached[1]


@rule("Headline")
def headline(story: Article):
    text = (story.headline or "").strip()
    if not text:
        yield blocker("The story has no headline.", field="headline")
    elif len(text) > HEADLINE_MAX:
        yield warning(
            f"The headline is {len(text)} characters long; keep it to {HEADLINE_MAX} so it fits "
            "on the home page and in search results.",
            field="headline",
        )


@rule("Lead")
def lead(story: Article):
    text = (story.lead or "").strip()
    if not text:
        yield blocker("The story has no lead: write one or two sentences under the headline.",
                      field="lead")  # fmt: skip
    elif len(text) > LEAD_MAX:
        yield warning(
            f"The lead is {len(text)} characters long; keep it to {LEAD_MAX} (one or two "
            "sentences) so story lists show all of it.",
            field="lead",
        )


@rule("Dateline")
def dateline(story: Article):
    if not (story.dateline or "").strip():
        yield warning("There is no dateline: say where the story was reported (e.g. Hanoi).",
                      field="dateline")  # fmt: skip


@rule("Hero picture alt text")
def hero_alt_text(story: Article):
    image = story.hero_image if story.hero_image_id else None
    if image is not None and not image.has_alt_text:
        yield blocker(
            "The hero image has no alt text: describe what it shows in the image library, "
            "for readers who cannot see it.",
            field="hero_image",
        )


@rule("Alt text on every picture in the body")
def body_alt_text(story: Article):
    """Pictures from the library (`<figure data-image>`, their alt text is the library's) and
    any raw `<img>` the form still holds before the sanitiser removes it."""
    body = _body(story)
    missing = sum(1 for p in body.pictures if not (p.alt or "").strip())
    ids = {int(i) for i in body.library_pictures if i.isascii() and i.isdigit()}
    if ids:
        from images.models import Image

        alts = Image.objects.filter(pk__in=ids).values_list("alt_text", flat=True)
        missing += sum(1 for alt in alts if not alt.strip())
    if missing:
        yield blocker(
            f"{missing} picture{'s' if missing > 1 else ''} in the body "
            f"ha{'ve' if missing > 1 else 's'} no alt text: describe what "
            f"{'each' if missing > 1 else 'it'} shows in the image library.",
            field="body",
        )


@rule("Links to the site lead to live stories")
def links_to_live_stories(story: Article):
    """Links to the site's own story pages must lead to a story readers can see (at the story's
    own publication time when it is scheduled ahead, else now)."""
    hosts = _own_hosts()
    targets: dict[int, str] = {}
    for href in _body(story).links:
        parts = urlsplit(href.strip())
        if parts.scheme not in ("", "http", "https"):
            continue
        if parts.netloc and (parts.hostname or "") not in hosts:
            continue
        if not parts.netloc and not parts.path.startswith("/"):
            continue
        try:
            match = resolve(parts.path or "/")
        except Resolver404:
            yield warning(f"The link to {href} leads to a page the site does not have.",
                          field="body")  # fmt: skip
            continue
        if match.view_name == "articles:detail":
            targets.setdefault(int(match.kwargs["pk"]), href)
    if not targets:
        return
    now = timezone.now()
    moment = story.publish_at if story.publish_at and story.publish_at > now else now
    live = set(Article.objects.live(at=moment).filter(pk__in=targets).values_list("pk", flat=True))
    for pk, href in targets.items():
        if pk not in live:
            yield warning(
                f"The link to {href} leads to a story readers cannot see (not published, "
                "withdrawn or expired): they would get a “not found” page.",
                field="body",
            )


@rule("No empty paragraphs or pasted styles")
def tidy_body(story: Article):
    body = _body(story)
    if body.empty_paragraphs:
        count = body.empty_paragraphs
        yield warning(
            f"The body has {count} empty paragraph{'s' if count > 1 else ''}: remove "
            f"{'them' if count > 1 else 'it'} (space between paragraphs comes by itself).",
            field="body",
        )
    if body.pasted_attributes:
        names = ", ".join(sorted(body.pasted_attributes))
        yield warning(
            f"The body carries formatting pasted from elsewhere ({names}); it will be removed "
            "on saving, check the text still reads well.",
            field="body",
        )
    if "\xa0\xa0" in body.text or any(p.count("\xa0") > 2 for p in body.paragraphs):
        yield warning("The body has runs of non-breaking spaces, usually pasted from a word "
                      "processor: replace them with ordinary spaces.", field="body")  # fmt: skip


@rule("Wire credit on agency copy")
def wire_credit(story: Article):
    """A story from an agency (imported from its ninjs feed, or with an agency writer on the
    byline) must name the agency where readers see it: in the byline or in the text."""
    if story.pk is None:
        return
    from ninjs.models import ImportedItem

    provider = (
        ImportedItem.objects.filter(article_id=story.pk).values_list("provider", flat=True).first()
    )
    bylines = list(story.bylines.select_related("writer"))
    agency_writers = [b.writer for b in bylines if "agency" in b.writer.job_title.casefold()]
    if provider is None and not agency_writers:
        return  # not agency copy
    known = settings.NEWSROOM_WIRE_AGENCIES
    # The agency the feed names (and any known agency inside that name, "dpa" in "dpa GmbH");
    # for an agency byline without a feed, any agency the newsroom knows.
    names = [provider, *(n for n in known if _names(n, provider))] if provider else list(known)
    shown = " ".join([story.lead or "", _body(story).text, *(b.writer.name for b in bylines)])
    if any(_names(name, shown) for name in names if name):
        return
    agency = provider or "the agency"
    yield blocker(
        f"This is agency copy: credit {agency} in the byline or the text (e.g. “— {agency}”).",
        field="body",
    )


def _names(name: str, text: str) -> bool:
    flags = 0 if len(name) <= 3 else re.IGNORECASE
    return re.search(rf"(?<!\w){re.escape(name)}(?!\w)", text, flags) is not None


def _own_hosts() -> set[str]:
    hosts = set(getattr(settings, "NEWSROOM_SITE_HOSTS", ()) or ())
    hosts |= {h.lstrip(".") for h in settings.ALLOWED_HOSTS if h not in ("*", "")}
    return {h.lower().strip("[]") for h in hosts}
