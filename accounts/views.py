"""The two-factor page in the admin: set up an authenticator app, confirm it with a code, pass
two-factor for this session, make new backup codes. GET only shows; every change is a POST.

Someone whose session has not passed two-factor while they have a device may only pass it here:
setting up another device, or new backup codes, needs a session that has.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django_otp import login as otp_login

from accounts import two_factor
from accounts.forms import CodeForm

WRONG_CODE = _("That code is not right, or was already used. Enter the one your app shows now.")


def two_factor_page(site, request: HttpRequest) -> HttpResponse:
    user: Any = request.user  # django-otp's middleware gives it is_verified()
    may_change = user.is_verified() or not two_factor.has_device(user)
    action = request.POST.get("action") if request.method == "POST" else None
    form, codes = CodeForm(), None
    if action == "start" and may_change:
        two_factor.start(user)
        return HttpResponseRedirect(request.get_full_path())
    if action == "confirm" and may_change:
        form = CodeForm(request.POST)
        codes = _confirm(request, form)
    elif action == "verify":
        form = CodeForm(request.POST)
        if _verify(request, form):
            messages.success(request, gettext("Two-factor sign-in passed."))
            return HttpResponseRedirect(_next(request))
    elif action == "backup_codes" and user.is_verified():
        codes = two_factor.new_backup_codes(user)
    return render(request, "accounts/two_factor.html", _context(site, request, form, codes))


def _confirm(request: HttpRequest, form: CodeForm) -> list[str] | None:
    """The new backup codes once the pending authenticator is confirmed; None otherwise."""
    pending = two_factor.authenticator(request.user, confirmed=False)
    if not form.is_valid() or pending is None:
        return None
    codes = two_factor.confirm(pending, form.cleaned_data["code"])
    if codes is None:
        form.add_error("code", WRONG_CODE)
        return None
    otp_login(request, two_factor.authenticator(request.user))
    return codes


def _verify(request: HttpRequest, form: CodeForm) -> bool:
    if not form.is_valid():
        return False
    device = two_factor.check_code(request.user, form.cleaned_data["code"])
    if device is None:
        form.add_error("code", WRONG_CODE)
        return False
    otp_login(request, device)
    return True


def _context(site, request: HttpRequest, form: CodeForm, codes: list[str] | None) -> dict:
    user: Any = request.user  # django-otp's middleware gives it is_verified()
    pending = two_factor.authenticator(user, confirmed=False)
    return {
        **site.each_context(request),
        "title": gettext("Two-factor sign-in"),
        "form": form,
        "new_codes": codes,
        "device": two_factor.authenticator(user),
        "verified": user.is_verified(),
        "required": two_factor.is_required(user),
        "pending": pending,
        "qr_code": two_factor.qr_code(pending) if pending else "",
        "manual_key": two_factor.manual_key(pending) if pending else "",
        "backup_codes_left": two_factor.backup_codes_left(user),
        "next": _next(request),
    }


def _next(request: HttpRequest) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return reverse("admin:index")
