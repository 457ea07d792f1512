"""The admin's login form, with the authentication code of two-factor sign-in."""

from __future__ import annotations

from django import forms
from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth.signals import user_login_failed
from django.utils.translation import gettext_lazy as _

from accounts import two_factor

CODE_HELP = _(
    "Only if you have set up two-factor sign-in: the 6-digit code from your app, or a backup code."
)
WRONG_CODE = _(
    "Enter the 6-digit code your authenticator app shows now, or one of your backup codes. "
    "Each code works once."
)


class CodeField(forms.CharField):
    def __init__(self, **kwargs):
        attrs = {"autocomplete": "one-time-code", "autocapitalize": "none", "spellcheck": "false"}
        super().__init__(max_length=32, widget=forms.TextInput(attrs=attrs), **kwargs)


class StaffLoginForm(AdminAuthenticationForm):
    """Username and password, then, for a user with a two-factor device, a code from it.

    A wrong or missing code is a failed login for the lockout (accounts/lockout.py), so codes
    cannot be tried at leisure once the password is known.
    """

    otp_token = CodeField(label=_("Authentication code"), required=False, help_text=CODE_HELP)

    def clean(self):
        cleaned_data = super().clean()
        user = self.get_user()
        if user is not None and two_factor.has_device(user):
            device = two_factor.check_code(user, cleaned_data.get("otp_token", ""))
            if device is None:
                user_login_failed.send(
                    sender=type(self),
                    credentials={"username": user.get_username()},
                    request=self.request,
                )
                raise forms.ValidationError(WRONG_CODE, code="invalid_code")
            # django-otp's user_logged_in receiver records it in the session (verified).
            user.otp_device = device  # type: ignore[attr-defined]
        return cleaned_data


class CodeForm(forms.Form):
    code = CodeField(label=_("Code"))
