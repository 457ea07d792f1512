from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from articles.models import Article
from core.pagination import paginate
from pagecache.views import depend, reader_cache
from sections.models import Section


@reader_cache
def section_detail(request: HttpRequest, slug: str) -> HttpResponse:
    section = get_object_or_404(Section, slug=slug)
    depend(request, f"section:{section.pk}")
    stories = Article.objects.live().filter(section=section).for_cards().newest_first()
    page = paginate(request, stories, settings.NEWSROOM_PAGE_SIZE)
    return render(
        request,
        "sections/section_detail.html",
        {"section": section, "current_section": section, "page": page},
    )
