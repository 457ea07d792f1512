"""Read-only ninjs 2.1 API: a list for incremental sync and one story by id."""

from __future__ import annotations

import base64
import binascii
from datetime import UTC, datetime
from urllib.parse import urlencode

from django.http import HttpRequest, JsonResponse
from django.urls import reverse
from django.utils.dateparse import parse_datetime
from django.views.decorators.http import require_GET

from editions import config as editions
from ninjs.selectors import api_articles, changed_since
from ninjs.serialize import article_to_ninjs

DEFAULT_LIMIT = 20
MAX_LIMIT = 100
JSON_OPTIONS = {"ensure_ascii": False}


class InvalidParameter(ValueError):
    pass


def _json(data: dict, status: int = 200) -> JsonResponse:
    return JsonResponse(data, status=status, json_dumps_params=JSON_OPTIONS)


def _error(message: str, status: int = 400) -> JsonResponse:
    return _json({"error": message}, status=status)


def parse_since(raw: str | None) -> datetime | None:
    """An ISO 8601 time; without an offset it is taken as UTC."""
    if raw is None or raw == "":
        return None
    try:
        moment = parse_datetime(raw.strip())
    except ValueError:
        moment = None
    if moment is None:
        raise InvalidParameter(
            "`since` must be an ISO 8601 date and time, e.g. 2024-11-18T09:30:00+07:00."
        )
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def encode_cursor(moment: datetime, pk: int) -> str:
    return base64.urlsafe_b64encode(f"{moment.isoformat()}|{pk}".encode()).decode().rstrip("=")


def parse_cursor(raw: str | None) -> tuple[datetime, int] | None:
    if not raw:
        return None
    try:
        text = base64.urlsafe_b64decode(raw + "=" * (-len(raw) % 4)).decode()
        moment_text, pk_text = text.split("|")
        moment = parse_datetime(moment_text)
        pk = int(pk_text)
    except (ValueError, binascii.Error, UnicodeDecodeError):
        moment = None
    if moment is None or moment.tzinfo is None:
        raise InvalidParameter("`cursor` is not one this API gave out; start again without it.")
    return moment, pk


def parse_language(raw: str | None) -> str | None:
    """An edition's code (its language), or None for every edition."""
    if raw is None or raw == "":
        return None
    if editions.find(raw) is None:
        codes = ", ".join(edition.code for edition in editions.all_editions())
        raise InvalidParameter(f"`language` must be an edition's language: one of {codes}.")
    return raw


def parse_limit(raw: str | None) -> int:
    if raw is None:
        return DEFAULT_LIMIT
    if not raw.isdigit() or not 1 <= int(raw) <= MAX_LIMIT:
        raise InvalidParameter(f"`limit` must be a whole number from 1 to {MAX_LIMIT}.")
    return int(raw)


@require_GET
def article_list(request: HttpRequest) -> JsonResponse:
    """Live stories, oldest change first. Pass `since` to start from a time and follow `next`
    (a cursor) to the end; keep the last `versioncreated` for the next sync. `language` keeps
    to one edition's stories ("vi"); without it, every edition's."""
    try:
        since = parse_since(request.GET.get("since"))
        after = parse_cursor(request.GET.get("cursor"))
        limit = parse_limit(request.GET.get("limit"))
        language = parse_language(request.GET.get("language"))
    except InvalidParameter as error:
        return _error(str(error))
    articles = api_articles()
    if language is not None:
        articles = articles.filter(edition=language)
    stories = list(changed_since(articles, since=since, after=after)[: limit + 1])
    has_more = len(stories) > limit
    stories = stories[:limit]
    next_url = None
    if has_more:
        last = stories[-1]
        params = {"cursor": encode_cursor(last.changed_at, last.pk), "limit": limit}
        if since is not None:
            params["since"] = since.isoformat()
        if language is not None:
            params["language"] = language
        next_url = request.build_absolute_uri(f"{reverse('ninjs:articles')}?{urlencode(params)}")
    return _json(
        {
            "items": [article_to_ninjs(article, request) for article in stories],
            "next": next_url,
        }
    )


@require_GET
def article_detail(request: HttpRequest, pk: int) -> JsonResponse:
    article = api_articles().filter(pk=pk).first()
    if article is None:
        return _error("No live story with this id.", status=404)
    return _json(article_to_ninjs(article, request))
