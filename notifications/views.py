"""The notifications page in the admin: the newest first, unread marked. Reading is a GET that
writes nothing; "Open" (one notification, then its story) and "Mark all as read" are POSTs."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse, HttpResponseNotAllowed, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext

from notifications import services
from notifications.models import Notification

SHOWN = 100


def inbox(site, request: HttpRequest) -> HttpResponse:
    if request.method == "POST":
        services.mark_read(request.user)
        return HttpResponseRedirect(request.path)
    shown = list(
        Notification.objects.for_user(request.user).select_related("actor", "article")[:SHOWN]
    )
    context = {
        **site.each_context(request),
        "title": gettext("Notifications"),
        "notifications": [{"item": n, "sentence": services.sentence(n)} for n in shown],
        "unread": sum(1 for n in shown if not n.is_read),
        "email_on": services.wants_email(request.user),
    }
    return render(request, "notifications/inbox.html", context)


def open_one(site, request: HttpRequest, pk: int) -> HttpResponse:
    """Mark one notification read and go to its story."""
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    notification = get_object_or_404(Notification.objects.for_user(request.user), pk=pk)
    services.mark_read(request.user, [notification.pk])
    return HttpResponseRedirect(
        reverse("admin:articles_article_change", args=[notification.article_id])
    )
