"""The "My settings" page in the admin (the user menu links to it): GET shows, POST saves."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.utils import translation
from django.utils.translation import gettext

from staff.forms import StaffSettingsForm
from staff.languages import admin_language
from staff.models import settings_for


def my_settings(site, request: HttpRequest) -> HttpResponse:
    current = settings_for(request.user)
    form = StaffSettingsForm(request.POST or None, instance=current)
    if request.method == "POST" and form.is_valid():
        form.save()
        # Said in the language just chosen, as the next page will be.
        with translation.override(admin_language(request)):
            messages.success(request, gettext("Your settings are saved."))
        return HttpResponseRedirect(request.path)
    context = {
        **site.each_context(request),
        "title": gettext("My settings"),
        "form": form,
        "has_email": bool(getattr(request.user, "email", "")),
    }
    return render(request, "staff/my_settings.html", context)
