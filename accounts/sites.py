"""The newsroom's admin site (`admin.site`, installed by accounts.apps.AdminConfig): Django's,
with an authentication code on the login form and a two-factor page, and, when
NEWSROOM_REQUIRE_2FA_FOR_EDITORS is on, editors sent to that page until they pass two-factor."""

from __future__ import annotations

import functools
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import admin
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.functional import lazy
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from accounts import two_factor, views
from accounts.forms import StaffLoginForm


class NewsroomAdminSite(admin.AdminSite):
    login_form = StaffLoginForm
    login_template = "accounts/login.html"
    # The header names the paper once ("Newsroom Daily"), the tab "… | Newsroom Daily admin".
    site_header = settings.NEWSROOM_SITE_NAME
    site_title = lazy(
        lambda: gettext("%(site)s admin") % {"site": settings.NEWSROOM_SITE_NAME}, str
    )()
    index_title = _("Desk")

    # The front page is the desk (desk/): each person's queues, then the admin's sections.
    index_template = "desk/index.html"

    def index(self, request: HttpRequest, extra_context=None) -> TemplateResponse:
        from desk.views import desk_context

        return super().index(request, {**desk_context(request), **(extra_context or {})})

    def get_urls(self):
        page = self.admin_view(self.two_factor_view)
        return [
            path("two-factor/", page, name="two_factor"),
            path("my-settings/", self.admin_view(self.my_settings_view), name="my_settings"),
            path("notifications/", self.admin_view(self.notifications_view), name="notifications"),
            path(
                "notifications/<int:pk>/open/",
                self.admin_view(self.notification_open_view),
                name="notification_open",
            ),
            *super().get_urls(),
        ]

    def two_factor_view(self, request: HttpRequest) -> HttpResponse:
        return views.two_factor_page(self, request)

    def my_settings_view(self, request: HttpRequest) -> HttpResponse:
        from staff.views import my_settings

        return my_settings(self, request)

    def notifications_view(self, request: HttpRequest) -> HttpResponse:
        from notifications.views import inbox

        return inbox(self, request)

    def notification_open_view(self, request: HttpRequest, pk: int) -> HttpResponse:
        from notifications.views import open_one

        return open_one(self, request, pk)

    def admin_view(self, view, cacheable=False):
        inner = super().admin_view(view, cacheable)
        if view in (self.two_factor_view, self.logout, self.i18n_javascript):
            return inner

        @functools.wraps(view)
        def guarded(request: HttpRequest, *args, **kwargs) -> HttpResponse:
            if two_factor.must_verify(request.user):
                query = urlencode({"next": request.get_full_path()})
                return HttpResponseRedirect(f"{reverse('admin:two_factor')}?{query}")
            return inner(request, *args, **kwargs)

        return guarded
