from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from articles.models import Article
from core.pagination import paginate
from sections.models import Section


def section_detail(request: HttpRequest, slug: str) -> HttpResponse:
    section = get_object_or_404(Section, slug=slug)
    stories = Article.objects.live().filter(section=section).for_cards().newest_first()
    page = paginate(request, stories, settings.NEWSROOM_PAGE_SIZE)
    return render(
        request,
        "sections/section_detail.html",
        {"section": section, "current_section": section, "page": page},
    )
