"""The story page while someone writes: autosave, the edit lock's heartbeat, release on leaving
and take-over (the admin's `<id>/editing/<action>/` endpoints, static/workflow/editing.js).

- `autosave` (POST, JSON): keeps the form's text for this person (workflow/autosave.py); never
  writes the story.
- `heartbeat` (POST, JSON): renews the lock; answers who holds it and whether it was taken over
  from this page (then the page says so and stops saving over the new editor).
- `release` (POST, from navigator.sendBeacon on leaving): lets the lock go.
- `take` (POST, a button): takes the lock in one click; the person who had it is told on their
  next heartbeat (and by a notification where the desk's notifications exist).
- `discard` (POST, a button): drops this person's autosave.
"""

from __future__ import annotations

from datetime import datetime

from django.conf import settings
from django.contrib import messages
from django.http import (
    HttpRequest,
    HttpResponse,
    HttpResponseNotAllowed,
    HttpResponseRedirect,
    JsonResponse,
)
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext

from articles.models import Article
from workflow import autosave, concurrency
from workflow import states as s
from workflow.models import EditLock, Event


def _url(article: Article, action: str) -> str:
    return reverse("admin:articles_article_editing", args=[article.pk, action])


def context(request: HttpRequest, article: Article, *, holder: EditLock | None) -> dict:
    """What the change form shows about editing: the autosave offer, the take-over button and
    the endpoints its script calls."""
    restored = getattr(article, "restored_autosave", None)
    offer = None if restored is not None else autosave.pending(article, request.user)
    return {
        "editing": {
            "autosave_url": _url(article, "autosave"),
            "heartbeat_url": _url(article, "heartbeat"),
            "release_url": _url(article, "release"),
            "take_url": _url(article, "take"),
            "discard_url": _url(article, "discard"),
            "lock_seconds": settings.NEWSROOM_EDIT_LOCK_SECONDS,
            "holder": holder,
            "restored": restored,
            "restored_is_behind": restored is not None
            and restored.base_version < getattr(article, "saved_version", article.version),
            "offer": offer,
            "offer_diffs": autosave.differences(offer, article) if offer else [],
            "offer_is_behind": offer is not None and offer.base_version < article.version,
            "restore_url": "?autosave=restore",
        }
    }


def dispatch(request: HttpRequest, article: Article, action: str) -> HttpResponse:
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    handler = ACTIONS.get(action)
    if handler is None:
        return HttpResponse(status=404)
    return handler(request, article)


def _opened_at(request: HttpRequest) -> datetime | None:
    try:
        return datetime.fromisoformat(request.POST.get("opened_at", ""))
    except ValueError:
        return None


def _autosave(request: HttpRequest, article: Article) -> HttpResponse:
    try:
        base_version = int(request.POST.get("base_version", ""))
    except ValueError:
        return JsonResponse({"error": "base_version is required"}, status=400)
    try:
        kept = autosave.keep(article, request.user, request.POST, base_version=base_version)
    except autosave.TooLarge as error:
        return JsonResponse({"error": str(error)}, status=413)
    answer = {
        "saved_at": timezone.localtime(kept.autosave.saved_at).strftime("%H:%M:%S"),
        "newer_save": kept.newer_save,
    }
    if kept.newer_save:
        answer["message"] = gettext(
            "Someone saved this story after you opened it. Your text is kept in your "
            "autosave; saving will ask you to bring their changes in first."
        )
    taker = concurrency.taken_over_since(article.pk, request.user, _opened_at(request))
    if taker is not None:
        answer["taken_over"] = concurrency.taken_over_message(taker)
    return JsonResponse(answer)


def _heartbeat(request: HttpRequest, article: Article) -> HttpResponse:
    state = concurrency.heartbeat(article, request.user, opened_at=_opened_at(request))
    return JsonResponse(state.as_dict())


def _release(request: HttpRequest, article: Article) -> HttpResponse:
    concurrency.release(article, request.user, opened_at=_opened_at(request))
    return HttpResponse(status=204)


def _take(request: HttpRequest, article: Article) -> HttpResponse:
    previous = concurrency.take_over(article, request.user)
    if previous is not None:
        _notify_taken_over(article, previous, by=request.user)
        name = previous.user.get_full_name() or previous.user.get_username()
        messages.success(
            request,
            gettext(
                "You are editing this story now. %(name)s's page has been told, and stops saving."
            )
            % {"name": name},
        )
    return HttpResponseRedirect(reverse("admin:articles_article_change", args=[article.pk]))


def _discard(request: HttpRequest, article: Article) -> HttpResponse:
    autosave.discard(article, request.user)
    messages.info(request, gettext("Your autosaved text was discarded."))
    return HttpResponseRedirect(reverse("admin:articles_article_change", args=[article.pk]))


def _notify_taken_over(article: Article, previous: EditLock, *, by) -> None:
    """Record the take-over in the story's history (the desk's notifications read events), as
    well as telling the person on their page's next heartbeat."""
    name = previous.user.get_full_name() or previous.user.get_username()
    state = s.state_of(article)
    Event.objects.create(
        article=article,
        kind=Event.Kind.TAKEN_OVER,
        actor=by,
        from_state=state,
        to_state=state,
        note=gettext("Took over from %(name)s.") % {"name": name},
    )


ACTIONS = {
    "autosave": _autosave,
    "heartbeat": _heartbeat,
    "release": _release,
    "take": _take,
    "discard": _discard,
}
