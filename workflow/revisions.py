"""Revisions of a story (django-reversion): readable diffs, and restoring without bypassing the
workflow.

A restore copies the *content* fields of an old revision onto the story and saves it as a new
revision through the "restore" move. Status and times (publish_at, expire_at, updated_at) are
never restored: a restore cannot publish, schedule or withdraw a story.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from typing import Any

from django.utils.html import strip_tags
from django.utils.translation import gettext
from reversion.models import Version

from articles.models import Article
from sections.models import Section
from workflow import transitions
from workflow.models import Event
from workflow.roles import User

CONTENT_FIELDS = [
    "headline", "kicker", "lead", "body", "dateline", "section_id", "priority",
    "seo_title", "seo_description",
]  # fmt: skip
# Shown in diffs but never restored.
STATE_FIELDS = ["status", "publish_at", "expire_at", "updated_at"]


@dataclass
class FieldDiff:
    field: str
    lines: list[tuple[str, str]]  # ("+" | "-" | " ", text)


def versions_of(article: Article):
    return (
        Version.objects.get_for_object(article)
        .select_related("revision__user")
        .order_by("-revision__date_created", "-pk")
    )


def latest_version(article: Article) -> Version | None:
    return versions_of(article).first()


def diff(old: Version | None, new: Version) -> list[FieldDiff]:
    """What changed from `old` to `new`, field by field, as readable text lines."""
    before = old.field_dict if old else {}
    after = new.field_dict
    changes = []
    for field in CONTENT_FIELDS + STATE_FIELDS:
        if before.get(field) == after.get(field):
            continue
        a, b = text_of(field, before.get(field)), text_of(field, after.get(field))
        if a == b:
            continue
        lines = []
        for line in difflib.ndiff(a.splitlines(), b.splitlines()):
            if line[:1] in "+- ":
                lines.append((line[:1], line[2:]))
        changes.append(FieldDiff(field_label(field), lines))
    return changes


def field_label(field: str) -> str:
    """The field's name as the story form shows it, in the reader's language."""
    name = field.removesuffix("_id")
    return str(getattr(Article._meta.get_field(name), "verbose_name", name))


def history(article: Article) -> list[tuple[Version, list[FieldDiff]]]:
    versions = list(versions_of(article))
    return [
        (version, diff(versions[i + 1] if i + 1 < len(versions) else None, version))
        for i, version in enumerate(versions)
    ]


def restore_revision(article: Article, version_id: int, *, by: User) -> Event:
    version = versions_of(article).get(pk=version_id)  # DoesNotExist for another story's
    data = version.field_dict
    fields = {name: data[name] for name in CONTENT_FIELDS if name in data}
    when = version.revision.date_created
    who = version.revision.user or gettext("the system")
    return transitions.restore(
        article,
        by=by,
        fields=fields,
        note=gettext("Restored the revision of %(when)s by %(who)s")
        % {"when": f"{when:%Y-%m-%d %H:%M}", "who": who},
    )


def text_of(field: str, value: Any) -> str:
    if value is None:
        return ""
    if field == "section_id":
        name = Section.objects.filter(pk=value).values_list("name", flat=True).first()
        return name or gettext("(deleted section %(id)s)") % {"id": value}
    text = str(value)
    if field == "body":
        # One line per block, tags removed: a diff an editor can read.
        text = re.sub(r"</(p|h[2-6]|li|blockquote|figcaption|tr)>", "\n", text)
        text = strip_tags(text)
    return text.strip()
