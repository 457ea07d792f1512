from __future__ import annotations

from django.db.models import SlugField
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from articles.selectors import section_stories
from core.prepared import Param, PreparedQuery, one_or_404
from pagecache.views import depend, reader_cache
from sections.models import Section

SECTION_BY_SLUG = PreparedQuery(lambda: Section.objects.filter(slug=Param("slug", SlugField())))


@reader_cache
def section_detail(request: HttpRequest, slug: str) -> HttpResponse:
    section = one_or_404(SECTION_BY_SLUG, slug=slug)
    depend(request, f"section:{section.pk}")
    page = section_stories(request, section)
    return render(
        request,
        "sections/section_detail.html",
        {"section": section, "current_section": section, "page": page},
    )
