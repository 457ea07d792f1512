"""Signed preview links for people without an account (django.core.signing).

A token holds the story's id, the story's preview key (workflow.models.PreviewKey) and an expiry.
It cannot be forged or extended, and it is honoured only while the story still holds that key:
`revoke()` (run by the "withdraw" and "revoke_preview_links" moves) ends every link of a story.
"""

from __future__ import annotations

import secrets
from datetime import timedelta

from django.conf import settings
from django.core import signing
from django.utils import timezone

from workflow.models import PreviewKey

SALT = "workflow.preview"


def make_token(article_pk: int, *, hours: int | None = None) -> str:
    hours = hours or settings.NEWSROOM_PREVIEW_LINK_HOURS
    expires = timezone.now() + timedelta(hours=hours)
    payload = {"a": article_pk, "k": _key_for(article_pk), "e": int(expires.timestamp())}
    return signing.dumps(payload, salt=SALT)


def read_token(token: str) -> tuple[int, str] | None:
    """The story's id and preview key if the token is genuine and not expired, else None. The
    caller checks that the story still holds the key."""
    try:
        data = signing.loads(token, salt=SALT)
        pk, key, expires = int(data["a"]), str(data["k"]), int(data["e"])
    except (signing.BadSignature, KeyError, TypeError, ValueError):
        return None
    if timezone.now().timestamp() >= expires:
        return None
    return pk, key


def revoke(article_pk: int) -> int:
    """End every preview link of a story; returns how many keys were deleted (0 or 1)."""
    deleted, _ = PreviewKey.objects.filter(article_id=article_pk).delete()
    return deleted


def has_links(article_pk: int) -> bool:
    """Whether links made for the story may still be honoured (some may have expired)."""
    return PreviewKey.objects.filter(article_id=article_pk).exists()


def _key_for(article_pk: int) -> str:
    preview_key, _ = PreviewKey.objects.get_or_create(
        article_id=article_pk, defaults={"key": secrets.token_urlsafe(16)}
    )
    return preview_key.key


def default_hours() -> int:
    return settings.NEWSROOM_PREVIEW_LINK_HOURS
