"""Translations on the desk: "Translate" (a linked draft in another edition) and the "source
changed" mark (docs/editions.md, docs/workflow.md).

- `translate(source, by=..., edition=...)` makes a draft in `edition` filled with the source's
  fields, linked to the original (`translation_of`; translating a translation links to its
  original), credited to the source's reporters and to the translator, with the original as it
  was then (`source_snapshot`, `source_synced_at`). It is created as any new draft is: a
  revision, the "created" event (transitions.record_created) and what that notifies.
- A translation is **out of date** when its original had a material update or a correction
  after `source_synced_at`: `Article.objects.source_changed()` (SQL, for lists and counts) and
  `source_change()` (for one translation: the difference since, as word diffs).
- `bring_up_to_date()` clears the mark: the sync time becomes now and the snapshot is taken
  again (the story form's "I have brought this translation up to date" box, on a saved form).
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field
from datetime import datetime

import reversion
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext

from articles.models import Article, Byline, Correction, RelatedArticle
from editions import config as editions
from editions.names import admin_name
from workflow import transitions
from workflow.revisions import field_label, text_of
from workflow.roles import User, may_write_in, writer_of

# The original's fields a translation is compared against (besides its corrections).
COMPARED = ("headline", "lead", "body", "dateline")
# The fields a translation starts from.
COPIED = ("headline", "kicker", "lead", "body", "dateline", "section_id", "hero_image_id",
          "hero_caption")  # fmt: skip


class TranslationRefused(transitions.TransitionError):
    """A translation that may not be made; `existing` is the version already there, if any."""

    def __init__(self, message: str, existing: Article | None = None):
        super().__init__(message)
        self.existing = existing


def original_of(story: Article) -> Article:
    """The original a story translates, or the story itself."""
    return story.translation_of if story.translation_of_id else story  # type: ignore[return-value]


def version_in(story: Article, code: str) -> Article | None:
    """The story's version in edition `code`: itself, its original or one of the original's
    translations."""
    if story.edition == code:
        return story
    original = original_of(story)
    if original.edition == code:
        return original
    return original.translations.filter(edition=code).first()


def versions_of(story: Article) -> list[Article]:
    """Every other version of the story (the original and its translations), by edition."""
    original = original_of(story)
    group = Article.objects.filter(Q(pk=original.pk) | Q(translation_of=original.pk))
    order = [edition.code for edition in editions.all_editions()]
    found = list(group.exclude(pk=story.pk))
    return sorted(found, key=lambda v: order.index(v.edition) if v.edition in order else 99)


def target_editions(
    story: Article, user: User, versions: list[Article] | None = None
) -> list[editions.Edition]:
    """The editions `user` may translate the story into now: other editions, where they may
    write, without a version of the story yet (`versions`: versions_of(story), if read)."""
    if versions is None:
        versions = versions_of(story)
    taken = {story.edition} | {version.edition for version in versions}
    return [
        edition
        for edition in editions.all_editions()
        if edition.code not in taken and may_write_in(user, edition.code)
    ]


def snapshot(original: Article) -> dict:
    """What the original says now: its compared fields, corrections (text and time) and public
    update time, as JSON."""
    corrections = Correction.objects.filter(article=original).order_by("published_at", "pk")
    return {
        **{name: getattr(original, name) or "" for name in COMPARED},
        "corrections": [
            {"text": c.text, "published_at": c.published_at.isoformat()} for c in corrections
        ],
        "updated_at": original.updated_at.isoformat() if original.updated_at else None,
    }


def translate(source: Article, *, by: User, edition: str) -> Article:
    """A draft of `source` in `edition`, linked to the original, `by` on its byline as
    translator (when they have a byline). Refused (`TranslationRefused`, or `NotPermitted`
    when `by` may not write in that edition) when the story already has a version there."""
    if editions.find(edition) is None or edition == source.edition:
        raise TranslationRefused(gettext("Choose another edition to translate the story into."))
    if not may_write_in(by, edition):
        raise transitions.NotPermitted(
            gettext("You may not write in the edition “%(edition)s”.")
            % {"edition": admin_name(edition)}
        )
    original = original_of(source)
    try:
        with transaction.atomic():
            # One translation per edition: two translators clicking at once make one.
            Article.objects.select_for_update().filter(pk=original.pk).first()
            existing = version_in(source, edition)
            if existing is not None:
                raise _exists(existing)
            story = _draft(source, original, edition, by)
            transitions.record_created(story, by=by)
    except IntegrityError:
        existing = version_in(source, edition)
        if existing is None:
            raise
        raise _exists(existing) from None
    return story


def _exists(existing: Article) -> TranslationRefused:
    return TranslationRefused(
        gettext("The story already has a version in %(edition)s: “%(headline)s”.")
        % {"edition": admin_name(existing.edition), "headline": existing.headline},
        existing,
    )


def _draft(source: Article, original: Article, edition: str, by: User) -> Article:
    now = timezone.now()
    story = Article(
        edition=edition,
        translation_of=original,
        status=Article.Status.DRAFT,
        source_synced_at=now,
        source_snapshot=snapshot(original),
        **{name: getattr(source, name) for name in COPIED},
    )
    with reversion.create_revision():
        story.save()
        position = 0
        for byline in source.bylines.filter(role=Byline.Role.REPORTER).order_by("position", "pk"):
            story.bylines.create(writer_id=byline.writer_id, role=Byline.Role.REPORTER,
                                 position=position)  # fmt: skip
            position += 1
        translator = writer_of(by)
        if translator is not None:
            story.bylines.create(writer=translator, role=Byline.Role.TRANSLATOR, position=position)
        story.tags.add(*source.tags.all())
        for pick, position in _related_in(source, edition):
            RelatedArticle.objects.create(article=story, related=pick, position=position)
        if by.is_authenticated:
            reversion.set_user(by)
        reversion.set_comment(
            gettext("Translated from “%(headline)s” (%(edition)s)")
            % {"headline": source.headline, "edition": admin_name(source.edition)}
        )
    return story


def _related_in(source: Article, edition: str) -> list[tuple[Article, int]]:
    """The source's related picks that have a version in `edition` (that version), in order;
    picks without one are left out."""
    found = []
    for link in source.related_links.select_related("related").order_by("position", "pk"):
        version = version_in(link.related, edition)
        if version is not None:
            found.append((version, link.position))
    return found


# --- "Source changed" -------------------------------------------------------------------------


def is_marked(story: Article) -> bool:
    """Whether the story is a translation whose source changed (the queryset's own rule)."""
    if not story.translation_of_id or story.pk is None:
        return False
    return Article.objects.source_changed().filter(pk=story.pk).exists()


@dataclass
class FieldChange:
    label: str
    # Paragraphs, each a list of (kind, text): kind "same", "del" or "ins".
    paragraphs: list[list[tuple[str, str]]]


@dataclass
class SourceChange:
    original: Article
    since: datetime | None
    updated_at: datetime | None  # the original's public update time, when it moved since
    fields: list[FieldChange] = field(default_factory=list)
    corrections: list[Correction] = field(default_factory=list)


def source_change(story: Article) -> SourceChange | None:
    """What changed in the original since the translation was made or brought up to date, or
    None when it is not marked."""
    if not is_marked(story):
        return None
    original = Article.objects.get(pk=story.translation_of_id or 0)
    since = story.source_synced_at
    kept = story.source_snapshot or {}
    change = SourceChange(
        original=original,
        since=since,
        updated_at=original.updated_at
        if original.updated_at and since and original.updated_at > since
        else None,
    )
    for name in COMPARED:
        before, after = text_of(name, kept.get(name, "")), text_of(name, getattr(original, name))
        if before != after:
            change.fields.append(FieldChange(field_label(name), paragraph_diff(before, after)))
    known = {(c.get("text"), _moment(c.get("published_at"))) for c in kept.get("corrections", [])}
    change.corrections = [
        correction
        for correction in original.corrections.order_by("published_at", "pk")
        if (correction.text, correction.published_at) not in known
        and (since is None or correction.published_at > since)
    ]
    return change


def _moment(value: str | None) -> datetime | None:
    return parse_datetime(value) if value else None


def paragraph_diff(before: str, after: str) -> list[list[tuple[str, str]]]:
    """`before` to `after`, paragraph by paragraph (lines), a changed paragraph word by word."""
    old, new = before.splitlines(), after.splitlines()
    paragraphs: list[list[tuple[str, str]]] = []
    matcher = difflib.SequenceMatcher(None, old, new, autojunk=False)
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            paragraphs.extend([("same", line)] for line in old[i1:i2])
            continue
        pairs = min(i2 - i1, j2 - j1) if op == "replace" else 0
        for k in range(pairs):
            paragraphs.append(word_diff(old[i1 + k], new[j1 + k]))
        paragraphs.extend([("del", line)] for line in old[i1 + pairs : i2])
        paragraphs.extend([("ins", line)] for line in new[j1 + pairs : j2])
    return [p for p in paragraphs if any(text.strip() for _, text in p)]


WORD = re.compile(r"\S+\s*|\s+")


def word_diff(before: str, after: str) -> list[tuple[str, str]]:
    old, new = WORD.findall(before), WORD.findall(after)
    out: list[tuple[str, str]] = []
    matcher = difflib.SequenceMatcher(None, old, new, autojunk=False)
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            out.append(("same", "".join(old[i1:i2])))
            continue
        if i2 > i1:
            out.append(("del", "".join(old[i1:i2])))
        if j2 > j1:
            out.append(("ins", "".join(new[j1:j2])))
    return out


def bring_up_to_date(story: Article) -> None:
    """Set (not save) the translation's sync time to now and its snapshot to the original as it
    is: the mark clears. The caller saves the story (the admin's save, after the version check
    that refuses a stale form)."""
    if not story.translation_of_id:
        return
    original = Article.objects.get(pk=story.translation_of_id)
    story.source_synced_at = timezone.now()
    story.source_snapshot = snapshot(original)
