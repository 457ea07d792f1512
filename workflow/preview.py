"""Signed preview links for people without an account (django.core.signing)."""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.core import signing
from django.utils import timezone

SALT = "workflow.preview"


def make_token(article_pk: int, *, hours: int | None = None) -> str:
    hours = hours or settings.NEWSROOM_PREVIEW_LINK_HOURS
    expires = timezone.now() + timedelta(hours=hours)
    return signing.dumps({"a": article_pk, "e": int(expires.timestamp())}, salt=SALT)


def read_token(token: str) -> int | None:
    """The story's id if the token is genuine and not expired, else None."""
    try:
        data = signing.loads(token, salt=SALT)
        pk, expires = int(data["a"]), int(data["e"])
    except (signing.BadSignature, KeyError, TypeError, ValueError):
        return None
    if timezone.now().timestamp() >= expires:
        return None
    return pk


def default_hours() -> int:
    return settings.NEWSROOM_PREVIEW_LINK_HOURS
