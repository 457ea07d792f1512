"""The story page's editions box: the story's other versions, "Translate" into an edition that
has none, and, on a translation whose source changed, the mark and the difference since
(workflow/translating.py)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, HttpResponseNotAllowed, HttpResponseRedirect
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext, ngettext

from articles.models import Article
from core.dates import staff_time
from editions import config as editions
from editions.names import admin_name
from workflow import translating


def _change_url(article: Article) -> str:
    return reverse("admin:articles_article_change", args=[article.pk])


def context(request: HttpRequest, article: Article) -> dict:
    versions = translating.versions_of(article)
    original = translating.original_of(article)
    change = translating.source_change(article)
    return {
        "translation_edition": admin_name(article.edition),
        "translation_original": original if original.pk != article.pk else None,
        "translation_versions": [
            {
                "story": version,
                "edition": admin_name(version.edition),
                "url": _change_url(version),
                "is_original": version.pk == original.pk,
            }
            for version in versions
        ],
        "translation_targets": [
            {"code": edition.code, "name": admin_name(edition.code)}
            for edition in translating.target_editions(article, request.user, versions)
        ],
        "translation_url": reverse("admin:articles_article_translate", args=[article.pk]),
        "source_change": change,
        "source_change_since": staff_time(change.since, year=True)
        if change and change.since
        else "",
        "source_change_updated": staff_time(change.updated_at, year=True)
        if change and change.updated_at
        else "",
        "source_change_url": _change_url(change.original) if change else "",
    }


def translate(request: HttpRequest, article: Article) -> HttpResponse:
    """POST only: a draft of the story in the edition asked for, then its change page; refused
    with a message (and a link to the version there is, if any)."""
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    back = HttpResponseRedirect(_change_url(article))
    code = request.POST.get("edition") or ""
    if not code:
        targets = [e for e in editions.all_editions() if e.code != article.edition]
        code = targets[0].code if len(targets) == 1 else ""
    try:
        story = translating.translate(article, by=request.user, edition=code)
    except translating.TranslationRefused as refused:
        if refused.existing is not None:
            messages.error(
                request,
                format_html(
                    '{} <a href="{}">{}</a>',
                    str(refused),
                    _change_url(refused.existing),
                    gettext("Open it"),
                ),
            )
        else:
            messages.error(request, str(refused))
        return back
    except PermissionDenied as denied:
        messages.error(request, str(denied))
        return back
    messages.success(
        request,
        gettext(
            "A draft in %(edition)s, linked to the original, with you as its translator. "
            "Translate the text, then submit it as any draft."
        )
        % {"edition": admin_name(story.edition)},
    )
    missing = article.related_links.count() - story.related_links.count()
    if missing > 0:
        messages.info(
            request,
            ngettext(
                "%(count)d of the original’s related stories has no version in this edition "
                "yet: it is left out of related news.",
                "%(count)d of the original’s related stories have no version in this edition "
                "yet: they are left out of related news.",
                missing,
            )
            % {"count": missing},
        )
    return HttpResponseRedirect(_change_url(story))
