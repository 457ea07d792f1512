"""The user admin with each person's editions (StaffSettings.editions): whoever manages users
limits a staff member to some editions here (none ticked: every edition). The rest of a
person's settings are their own ("My settings")."""

from __future__ import annotations

from django import forms
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import UserAdmin
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from editions import config as editions
from editions.names import admin_choices, admin_name
from staff.models import StaffSettings

User = get_user_model()


class EditionsForm(forms.ModelForm):
    editions = forms.MultipleChoiceField(
        label=_("editions"),
        choices=admin_choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=StaffSettings._meta.get_field("editions").help_text,
    )

    class Meta:
        model = StaffSettings
        fields = ["editions"]


class EditionsInline(admin.StackedInline):
    model = StaffSettings
    form = EditionsForm
    fields = ["editions"]
    can_delete = False
    max_num = 1
    verbose_name = _("editions")
    verbose_name_plural = _("Editions this person works in")


class StaffUserAdmin(UserAdmin):
    inlines = [EditionsInline]  # the auth admin has none of its own
    list_display = [
        "username", "email", "first_name", "last_name", "is_staff", "editions_worked_in",
    ]  # fmt: skip
    list_select_related = ["staff_settings"]

    @admin.display(description=_("Editions"))
    def editions_worked_in(self, user) -> str:
        settings = getattr(user, "staff_settings", None)
        known = {edition.code for edition in editions.all_editions()}
        codes = [code for code in (settings.editions if settings else []) if code in known]
        return ", ".join(admin_name(code) for code in codes) or gettext("All")


if admin.site.is_registered(User):
    admin.site.unregister(User)
admin.site.register(User, StaffUserAdmin)
