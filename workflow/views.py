"""Previews: a story exactly as readers will see it, for its writers, editors and signed links.

Preview responses are never cached (`Cache-Control: private, no-store`) and tell search engines
not to index them (`X-Robots-Tag` and a robots meta tag).
"""

from __future__ import annotations

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext

from articles.body import with_embeds
from articles.models import Article
from core.dates import newsroom_time
from public.selectors import story_page
from workflow import preview, updates
from workflow.models import ScheduledUpdate
from workflow.roles import can_preview


def article_preview(request: HttpRequest, pk: int) -> HttpResponse:
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    article = get_object_or_404(Article.objects.for_article_page(), pk=pk)
    if not can_preview(request.user, article):
        raise PermissionDenied
    return _render_preview(request, article)


def signed_preview(request: HttpRequest, token: str) -> HttpResponse:
    """A 404 for a forged, expired or revoked link, or one whose story is gone."""
    found = preview.read_token(token)
    if found is None:
        raise Http404(gettext("This preview link is not valid or has expired."))
    pk, key = found
    stories = Article.objects.for_article_page().filter(preview_key__key=key)
    return _render_preview(request, get_object_or_404(stories, pk=pk))


def _render_preview(request: HttpRequest, article: Article, *, note: str = "") -> HttpResponse:
    # The public page's context: related news and more from the writer are live stories only.
    context = {**story_page(article).context, "preview": True, "preview_note": note}
    response = render(request, "articles/article_detail.html", context)
    response = with_embeds(response, context["body"])
    return never_cache_noindex(response)


def never_cache_noindex(response: HttpResponse) -> HttpResponse:
    response["Cache-Control"] = "private, no-store"
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response


def update_preview(request: HttpRequest, pk: int, update_id: int) -> HttpResponse:
    """The story's page as readers will see it at a scheduled update's second: the update's
    text over the story's (workflow/updates.py `merged`), with its time as "Updated"."""
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    article = get_object_or_404(Article.objects.for_article_page(), pk=pk)
    if not can_preview(request.user, article):
        raise PermissionDenied
    update = get_object_or_404(ScheduledUpdate, pk=update_id, article=article)
    for name, value in updates.merged(update, article).items():
        setattr(article, name, value)
    article.updated_at = update.publish_at
    note = f"Preview of the update scheduled for {newsroom_time(update.publish_at)}"
    return _render_preview(request, article, note=f"{note} — not published yet")
