"""Agency copy in IPTC ninjs 2.x comes in as draft stories for editors to finish and publish.

Each file is checked whole first (JSON, schema, body HTML, a headline, a section to file it in)
and then written in one transaction, so a file is imported entirely or not at all. The agency's
`uri` makes the import idempotent: a newer version of an item updates its draft, the same
version is skipped, and a story an editor has already published is never overwritten.

The item's `language` decides its edition ("vi" or "vi-VN": the Vietnamese edition; no language:
the default edition). An item in a language that is no edition's is refused, naming the
editions, unless the import names the edition to put such items in (`edition`: agency copy to
be translated there, with a warning saying so).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.utils.html import escape, strip_tags

from articles.models import Article, Byline
from core.text import fold, sort_key
from editions import config as editions
from ninjs.html_check import check_body_html
from ninjs.models import ImportedItem
from ninjs.validation import schema_errors
from sections.models import Section
from writers.models import Writer

MAX_FILE_BYTES = 5 * 1024 * 1024
EDITABLE_STATUSES = {Article.Status.DRAFT, Article.Status.IN_REVIEW}
BYLINE_PREFIX = re.compile(r"^\s*(by|von|av|par|di|door)\s+", re.IGNORECASE)
HEADLINE_MAX: int = Article._meta.get_field("headline").max_length or 250
DATELINE_MAX = Article._meta.get_field("dateline").max_length


class Refused(Exception):
    """The file cannot be imported; the message says why."""


@dataclass
class FileReport:
    path: Path
    outcome: str  # created | updated | skipped | refused
    message: str
    warnings: list[str] = field(default_factory=list)
    article: Article | None = None

    def __str__(self) -> str:
        lines = [f"{self.path.name}: {self.outcome}: {self.message}"]
        lines += [f"  warning: {warning}" for warning in self.warnings]
        return "\n".join(lines)


@dataclass
class Story:
    """What a ninjs document says, mapped onto our fields, before anything is written."""

    uri: str
    version: str
    versioncreated: str
    provider: str
    headline: str
    lead: str
    body: str
    dateline: str
    byline: str
    section: Section
    tags: list[str]
    warnings: list[str]
    edition: str  # the edition's code


def ninjs_files(path: Path) -> list[Path]:
    if path.is_dir():
        return sorted(p for p in path.rglob("*.json") if p.is_file())
    return [path]


def import_path(
    path: Path, *, default_section: str | None = None, edition: str | None = None
) -> list[FileReport]:
    return [
        import_file(p, default_section=default_section, edition=edition) for p in ninjs_files(path)
    ]


def import_file(
    path: Path, *, default_section: str | None = None, edition: str | None = None
) -> FileReport:
    """`edition`: the code of the edition for items in a language that is no edition's
    (else they are refused)."""
    try:
        document = _load(path)
        section = default_section or settings.NEWSROOM_NINJS_DEFAULT_SECTION
        story = _map(document, section, edition)
        with transaction.atomic():
            return _save(path, story)
    except Refused as error:
        return FileReport(path, "refused", str(error))


def _load(path: Path) -> dict:
    try:
        if path.stat().st_size > MAX_FILE_BYTES:
            raise Refused(f"larger than {MAX_FILE_BYTES // (1024 * 1024)} MB")
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise Refused("no such file") from None
    except UnicodeDecodeError:
        raise Refused("not UTF-8 text") from None
    except OSError as error:
        raise Refused(f"cannot be read ({error.strerror})") from None
    try:
        document = json.loads(text)
    except json.JSONDecodeError as error:
        raise Refused(
            f"invalid JSON at line {error.lineno}, column {error.colno}: {error.msg}"
        ) from None
    errors = schema_errors(document)
    if errors:
        raise Refused("not valid ninjs 2.1: " + "; ".join(errors))
    return document


def _first(items: list[dict] | None, *roles: str) -> str:
    items = items or []
    for role in roles:
        for item in items:
            if item.get("role") == role and item.get("value", "").strip():
                return item["value"]
    return next((i["value"] for i in items if i.get("value", "").strip()), "")


def _body(document: dict) -> str:
    bodies = document.get("bodies") or []
    html = [b for b in bodies if "html" in b.get("contenttype", "") or b.get("role") == "html"]
    if html:
        return html[0]["value"]
    text = _first(bodies)
    paragraphs = [p.strip() for p in re.split(r"\n\s*\n", text) if p.strip()]
    return "".join(f"<p>{escape(p)}</p>" for p in paragraphs)


def _clean_text(value: str) -> str:
    return " ".join(strip_tags(value).split())


def _map(document: dict, default_section: str, foreign_edition: str | None = None) -> Story:
    warnings: list[str] = []
    headline = _clean_text(_first(document.get("headlines"), "main") or document.get("title", ""))
    if not headline:
        raise Refused("no headline (headlines[] or title)")
    if len(headline) > HEADLINE_MAX:
        warnings.append(f"headline shortened to {HEADLINE_MAX} characters")
        headline = headline[: HEADLINE_MAX - 1].rstrip() + "…"

    body = _body(document)
    problems, html_warnings = check_body_html(body)
    if problems:
        raise Refused("unsafe body HTML: " + "; ".join(problems))
    warnings += html_warnings

    lead = _clean_text(_first(document.get("descriptions"), "summary", "text", "abstract"))
    if not lead:
        lead = _clean_text(body)[:300]
        warnings.append("no description: the lead is the start of the body, edit it")
    if not lead:
        raise Refused("no text: neither a description nor a body")

    dateline = document.get("located") or next(
        (p.get("name") for p in document.get("places") or [] if p.get("name")), ""
    )
    edition = _edition_for(document.get("language") or "", foreign_edition, warnings)
    if document.get("associations"):
        warnings.append("associated pictures or items were not imported")

    subject_names = [
        s.get("name") or s.get("literal") or "" for s in document.get("subjects") or []
    ]
    section = _section_for(subject_names, default_section)
    tags = [n[:100] for n in subject_names if n and sort_key(n) not in _section_keys(section)]
    return Story(
        uri=document["uri"],
        version=str(document.get("version", "")),
        versioncreated=str(document.get("versioncreated", "")),
        provider=(document.get("copyrightholder") or "")[:120],
        headline=headline,
        lead=lead,
        body=body,
        dateline=_clean_text(dateline)[:DATELINE_MAX],
        byline=BYLINE_PREFIX.sub("", _clean_text(document.get("by", "")))[:120],
        section=section,
        tags=tags,
        warnings=warnings,
        edition=edition,
    )


def _edition_for(language: str, foreign_edition: str | None, warnings: list[str]) -> str:
    """The code of the edition in the item's language ("vi-VN" is "vi"); without a language,
    the default edition; in another language, `foreign_edition` (with a warning), else refused."""
    if not language:
        return foreign_edition or editions.default().code
    found = editions.find(language.split("-")[0].lower())
    if found is not None:
        return found.code
    if foreign_edition is None:
        names = ", ".join(f"{e.code} ({e.name})" for e in editions.all_editions())
        raise Refused(
            f"written in {language}, which is the language of no edition (editions: {names}); "
            "to import it for translating, name its edition with --edition"
        )
    warnings.append(f"written in {language}: needs translating before publishing")
    return foreign_edition


def _section_keys(section: Section) -> set[str]:
    """What names the section: its slug and its name in every edition ("World", "Thế giới")."""
    names = [section.name, *(section.names or {}).values()]
    return {section.slug, *(sort_key(name) for name in names if name)}


def _section_for(subject_names: list[str], default_slug: str) -> Section:
    """A section named by one of the document's subjects, else the configured default."""
    sections = list(Section.objects.all())
    for name in subject_names:
        key = fold(name).casefold()
        for section in sections:
            if key in _section_keys(section):
                return section
    default = next((s for s in sections if s.slug == default_slug), None)
    if default is None:
        raise Refused(
            f"no section to file it in: create the section “{default_slug}” or set "
            "NEWSROOM_NINJS_DEFAULT_SECTION"
        )
    return default


def _writer_for(byline: str) -> Writer | None:
    """The agency byline as a writer without a login, reused across imports."""
    if not byline:
        return None
    existing = Writer.objects.filter(sort_name=sort_key(byline)).order_by("pk").first()
    return existing or Writer.objects.create(name=byline, job_title="Agency")


def _save(path: Path, story: Story) -> FileReport:
    source = (
        ImportedItem.objects.select_for_update().select_related("article").filter(uri=story.uri)
    ).first()
    if source is None:
        article = Article(status=Article.Status.DRAFT)
        outcome = "created"
    else:
        article = source.article
        if article.status not in EDITABLE_STATUSES:
            return FileReport(
                path,
                "skipped",
                f"story #{article.pk} is {article.get_status_display().lower()} by an editor; "
                "the agency copy was not applied to it",
                story.warnings,
                article,
            )
        if (source.version, source.versioncreated) == (story.version, story.versioncreated):
            return FileReport(
                path,
                "skipped",
                f"unchanged: version {story.version or '?'} is already draft #{article.pk}",
                story.warnings,
                article,
            )
        outcome = "updated"
    article.headline = story.headline
    article.lead = story.lead
    article.body = story.body
    article.dateline = story.dateline
    article.section = story.section
    article.edition = story.edition
    article.save()
    _set_byline(article, _writer_for(story.byline))
    article.tags.set(story.tags)
    ImportedItem.objects.update_or_create(
        uri=story.uri,
        defaults={
            "article": article,
            "version": story.version,
            "versioncreated": story.versioncreated,
            "provider": story.provider,
        },
    )
    verb = "new draft" if outcome == "created" else "draft"
    message = f"{verb} #{article.pk} “{article.headline}” in {story.section.name}"
    message += f" ({editions.get(story.edition).name} edition)"
    if story.byline:
        message += f", by {story.byline}"
    return FileReport(path, outcome, message, story.warnings, article)


def _set_byline(article: Article, writer: Writer | None) -> None:
    if writer is None:
        return
    bylines = article.bylines.filter(role=Byline.Role.REPORTER)
    if [b.writer_id for b in bylines] == [writer.pk]:
        return
    bylines.delete()
    Byline.objects.create(article=article, writer=writer, role=Byline.Role.REPORTER, position=0)
