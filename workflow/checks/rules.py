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
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from articles.models import Article
from core.text import fold
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


@rule(_("Headline"))
def headline(story: Article):
    text = (story.headline or "").strip()
    if not text:
        yield blocker(gettext("The story has no headline."), field="headline")
    elif len(text) > HEADLINE_MAX:
        yield warning(
            gettext(
                "The headline is %(length)d characters long; keep it to %(max)d so it fits on "
                "the home page and in search results."
            )
            % {"length": len(text), "max": HEADLINE_MAX},
            field="headline",
        )


@rule(_("Lead"))
def lead(story: Article):
    text = (story.lead or "").strip()
    if not text:
        yield blocker(
            gettext("The story has no lead: write one or two sentences under the headline."),
            field="lead",
        )
    elif len(text) > LEAD_MAX:
        yield warning(
            gettext(
                "The lead is %(length)d characters long; keep it to %(max)d (one or two "
                "sentences) so story lists show all of it."
            )
            % {"length": len(text), "max": LEAD_MAX},
            field="lead",
        )


@rule(_("Dateline"))
def dateline(story: Article):
    if not (story.dateline or "").strip():
        yield warning(
            gettext("There is no dateline: say where the story was reported (e.g. Hanoi)."),
            field="dateline",
        )


@rule(_("Hero picture alt text"))
def hero_alt_text(story: Article):
    image = story.hero_image if story.hero_image_id else None
    if image is not None and not image.has_alt_text:
        yield blocker(
            gettext(
                "The hero image has no alt text: describe what it shows in the image library, "
                "for readers who cannot see it."
            ),
            field="hero_image",
        )


@rule(_("Alt text on every picture in the body"))
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
            ngettext(
                "%(count)d picture in the body has no alt text: describe what it shows in the "
                "image library.",
                "%(count)d pictures in the body have no alt text: describe what each shows in "
                "the image library.",
                missing,
            )
            % {"count": missing},
            field="body",
        )


@rule(_("Links to the site lead to live stories"))
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
            yield warning(
                gettext("The link to %(href)s leads to a page the site does not have.")
                % {"href": href},
                field="body",
            )
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
                gettext(
                    "The link to %(href)s leads to a story readers cannot see (not published, "
                    "withdrawn or expired): they would get a “not found” page."
                )
                % {"href": href},
                field="body",
            )


@rule(_("No empty paragraphs or pasted styles"))
def tidy_body(story: Article):
    body = _body(story)
    if body.empty_paragraphs:
        count = body.empty_paragraphs
        yield warning(
            ngettext(
                "The body has %(count)d empty paragraph: remove it (space between paragraphs "
                "comes by itself).",
                "The body has %(count)d empty paragraphs: remove them (space between paragraphs "
                "comes by itself).",
                count,
            )
            % {"count": count},
            field="body",
        )
    if body.pasted_attributes:
        names = ", ".join(sorted(body.pasted_attributes))
        yield warning(
            gettext(
                "The body carries formatting pasted from elsewhere (%(names)s); it will be "
                "removed on saving, check the text still reads well."
            )
            % {"names": names},
            field="body",
        )
    if "\xa0\xa0" in body.text or any(p.count("\xa0") > 2 for p in body.paragraphs):
        yield warning(
            gettext(
                "The body has runs of non-breaking spaces, usually pasted from a word "
                "processor: replace them with ordinary spaces."
            ),
            field="body",
        )


@rule(_("Names written the same way throughout"))
def consistent_diacritics(story: Article):
    """A Vietnamese name written with its diacritics in one place and without in another
    ("Đà Nẵng" and "Da Nang"): readers, and search, take them for two names."""
    text = " ".join([story.headline or "", story.lead or "", _body(story).text])
    names = set()
    for match in re.finditer(r"[A-ZÀ-ỸĐ][^\W\d_]*(?:\s+[A-ZÀ-ỸĐ][^\W\d_]*)*", text):
        words = match.group(0).split()
        # Every run of up to five words, so "Ông Nguyễn Văn An" also yields "Nguyễn Văn An";
        # a single word only from four letters ("Nẵng"), not "Bà", "Ông" or "Huế".
        for start in range(len(words)):
            for end in range(start + 1, min(len(words), start + 5) + 1):
                name = " ".join(words[start:end])
                if not name.isascii() and (end - start > 1 or len(name) >= 4):
                    names.add(name)
    seen: set[str] = set()
    for name in sorted(names, key=lambda n: (-len(n), n)):  # the longest form first
        plain = fold(name)
        if plain == name or any(plain in other for other in seen):
            continue
        if re.search(rf"(?<!\w){re.escape(plain)}(?!\w)", text):
            seen.add(plain)
            yield warning(
                gettext("“%(name)s” is also written “%(plain)s”: write it the same way throughout.")
                % {"name": name, "plain": plain},
                field="body",
            )


@rule(_("Wire credit on agency copy"))
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
    if provider:
        message = gettext(
            "This is agency copy: credit %(agency)s in the byline or the text "
            "(e.g. “— %(agency)s”)."
        ) % {"agency": provider}
    else:
        message = gettext(
            "This is agency copy: credit the agency in the byline or the text (e.g. “— AFP”)."
        )
    yield blocker(
        message,
        field="body",
    )


def _names(name: str, text: str) -> bool:
    flags = 0 if len(name) <= 3 else re.IGNORECASE
    return re.search(rf"(?<!\w){re.escape(name)}(?!\w)", text, flags) is not None


def _own_hosts() -> set[str]:
    hosts = set(getattr(settings, "NEWSROOM_SITE_HOSTS", ()) or ())
    hosts |= {h.lstrip(".") for h in settings.ALLOWED_HOSTS if h not in ("*", "")}
    return {h.lower().strip("[]") for h in hosts}
