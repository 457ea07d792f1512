from __future__ import annotations

import re

from django.core.paginator import EmptyPage, Page, Paginator
from django.db.models import QuerySet
from django.http import Http404, HttpRequest

PAGE_NUMBER = re.compile(r"\d{1,9}")


def paginate(request: HttpRequest, queryset: QuerySet, per_page: int) -> Page:
    """The page named by ?page=, or 404 for anything that is not an existing page number.

    A 404 (not a silent fallback to page 1) keeps crawlers from indexing endless duplicates of
    the first page, and nothing a reader types into the query string can raise a 500.
    """
    raw = request.GET.get("page", "1")
    if not PAGE_NUMBER.fullmatch(raw) or int(raw) < 1:
        raise Http404("No such page.")
    paginator = Paginator(queryset, per_page, allow_empty_first_page=True)
    try:
        return paginator.page(int(raw))
    except EmptyPage:
        raise Http404("No such page.") from None
