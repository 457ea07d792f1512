from __future__ import annotations

import re

from django.conf import settings
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from articles.models import Article
from pagecache.views import reader_cache_for
from search.filters import ArticleSearch

# Results are ranked, so they are paged by number; there are at most
# NEWSROOM_SEARCH_MAX_RESULTS of them, so the deepest page is cheap too.
PAGE_NUMBER = re.compile(r"\d{1,9}")


@reader_cache_for("lists")
def search_page(request: HttpRequest) -> HttpResponse:
    """Search live stories. Bad input is a form error or an empty page, never an error page."""
    filterset = ArticleSearch(request.GET or None, queryset=Article.objects.live())
    context = {"filterset": filterset, "form": filterset.form, "page": None, "searched": False}
    if filterset.is_bound and filterset.is_valid() and _has_criteria(filterset):
        results = filterset.results()
        paginator = Paginator(results, settings.NEWSROOM_PAGE_SIZE)
        raw_page = request.GET.get("page", "1")
        number = int(raw_page) if PAGE_NUMBER.fullmatch(raw_page) else 0
        context["searched"] = True
        context["count"] = paginator.count  # at most NEWSROOM_SEARCH_MAX_RESULTS
        context["count_capped"] = results.capped  # more stories matched than `count`
        if 1 <= number <= max(paginator.num_pages, 1):
            context["page"] = paginator.page(number)
        else:
            context["bad_page"] = True
    return render(request, "search/search.html", context)


def _has_criteria(filterset: ArticleSearch) -> bool:
    data = filterset.form.cleaned_data
    return any(data.get(name) for name in ("q", "section", "writer", "tag", "date_from", "date_to"))
