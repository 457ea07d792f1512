from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    """The newsroom's sign-in: the admin site with an authentication code, lockout after failed
    logins (django-axes) and two-factor enrolment (django-otp)."""

    default = True
    name = "accounts"
    verbose_name = _("Sign-in")


class AdminConfig(admin_apps.AdminConfig):
    """Django's admin, with the newsroom's site as `admin.site` (INSTALLED_APPS names it in
    place of django.contrib.admin), so every app's `@admin.register` lands there."""

    default = False
    default_site = "accounts.sites.NewsroomAdminSite"
