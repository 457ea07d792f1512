"""Autosave: a person's text of a story kept on the server while they write, per person and
story (`workflow.models.Autosave`), and offered back when they open the story again.

An autosave never writes the story. It remembers the story's version the text was written on;
restoring it puts that version in the form, so saving a text written before someone else's
save is refused by the version check (workflow/concurrency.py) with the text kept, exactly like
a stale form: a crash, a closed tab or a take-over loses nothing, and overwrites nobody.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext

from articles.models import Article
from core.html import sanitize_html
from workflow.models import Autosave
from workflow.revisions import FieldDiff, field_label, text_of
from workflow.roles import User

# The story's text as the form has it; nothing else (status, times, bylines) is autosaved.
FIELDS = ["headline", "kicker", "lead", "body", "dateline", "seo_title", "seo_description"]
MAX_CHARS = 1_000_000  # a story's text, with room; a bigger post is refused


class TooLarge(ValueError):
    pass


@dataclass
class Kept:
    autosave: Autosave
    newer_save: bool  # the story was saved (by anyone) after this text's version


def keep(article: Article, user: User, data: dict[str, str], *, base_version: int) -> Kept:
    """Store `user`'s text of `article` (only the FIELDS present in `data`)."""
    if not user.is_authenticated:
        raise PermissionDenied
    text = {name: str(data[name]) for name in FIELDS if name in data}
    if sum(len(value) for value in text.values()) > MAX_CHARS:
        raise TooLarge(gettext("The text is too long to autosave."))
    now = timezone.now()
    try:
        with transaction.atomic():
            autosave, _ = Autosave.objects.update_or_create(
                article=article,
                user=user,
                defaults={"data": text, "base_version": base_version, "saved_at": now},
            )
    except IntegrityError:  # the same person's other tab created it at the same moment
        autosave = Autosave.objects.get(article=article, user=user)
        Autosave.objects.filter(pk=autosave.pk).update(
            data=text, base_version=base_version, saved_at=now
        )
    current = Article.objects.filter(pk=article.pk).values_list("version", flat=True).first()
    return Kept(autosave, newer_save=current is not None and current > base_version)


def pending(article: Article, user: User) -> Autosave | None:
    """`user`'s autosave of `article` if it holds text the story does not; an autosave that
    says nothing new is dropped."""
    if not user.is_authenticated:
        return None
    autosave = Autosave.objects.filter(article=article, user=user).first()
    if autosave is None:
        return None
    if not differences(autosave, article):
        autosave.delete()
        return None
    return autosave


def differences(autosave: Autosave, article: Article) -> list[FieldDiff]:
    """What the autosaved text changes in the story as it is now, field by field."""
    changes = []
    for name in FIELDS:
        if name not in autosave.data:
            continue
        current, kept = getattr(article, name) or "", autosave.data[name] or ""
        if name == "body":
            kept = sanitize_html(kept)  # as it would be stored, so only real changes count
        if current.strip() == kept.strip():
            continue
        lines = [
            (line[:1], line[2:])
            for line in difflib.ndiff(
                text_of(name, current).splitlines(), text_of(name, kept).splitlines()
            )
            if line[:1] in "+- "
        ]
        if not any(mark in "+-" for mark, _ in lines):
            lines = [(" ", gettext("(formatting only)"))]
        changes.append(FieldDiff(field_label(name), lines))
    return changes


def apply(autosave: Autosave, article: Article) -> None:
    """Put the autosaved text into `article` in memory (for the form), with the version it was
    written on, so saving it goes through the version check."""
    for name in FIELDS:
        if name in autosave.data:
            setattr(article, name, autosave.data[name])
    article.saved_version = article.version  # type: ignore[attr-defined]  # for the page
    article.version = min(article.version, autosave.base_version)


def discard(article: Article, user: User) -> None:
    if not user.is_authenticated:
        return
    Autosave.objects.filter(article=article, user=user).delete()
