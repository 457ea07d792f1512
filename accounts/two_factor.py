"""Two-factor sign-in for staff (django-otp): codes from an authenticator app (TOTP) and
one-time backup codes for a lost phone. Who must use it, enrolment, checking a code, reset.

Each code works once: an authenticator code is refused at or before the last time step that
was accepted (TOTPDevice.last_t), a backup code is deleted when used. Wrong codes slow the
device down (django-otp's throttling) and count as failed logins (accounts/lockout.py).
"""

from __future__ import annotations

from base64 import b32encode

import segno
from django.conf import settings
from django.db import transaction
from django_otp.models import Device
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from workflow.roles import is_editor

BACKUP_CODE_COUNT = 10
AUTHENTICATOR_NAME = "Authenticator app"
BACKUP_NAME = "Backup codes"


def is_required(user) -> bool:
    """Editors (holders of the publish permission) and superusers, when
    NEWSROOM_REQUIRE_2FA_FOR_EDITORS is on."""
    return settings.NEWSROOM_REQUIRE_2FA_FOR_EDITORS and is_editor(user)


def must_verify(user) -> bool:
    """Whether this signed-in user must pass two-factor before using the admin."""
    return user.is_authenticated and is_required(user) and not user.is_verified()


def has_device(user) -> bool:
    """Two-factor is on for a user with a confirmed authenticator. Backup codes go with it:
    with the authenticator removed (a reset in the admin), they are no longer asked for."""
    return authenticator(user) is not None


def authenticator(user, *, confirmed: bool = True) -> TOTPDevice | None:
    return TOTPDevice.objects.devices_for_user(user, confirmed=confirmed).first()


def start(user) -> TOTPDevice:
    """A new authenticator for user, unconfirmed until a code from it is given back."""
    with transaction.atomic():
        TOTPDevice.objects.filter(user=user, confirmed=False).delete()
        return TOTPDevice.objects.create(user=user, name=AUTHENTICATOR_NAME, confirmed=False)


def confirm(device: TOTPDevice, code: str) -> list[str] | None:
    """Confirm a new authenticator with a code from it: it replaces any earlier one, and the
    user gets fresh backup codes (returned, to be shown once). None if the code is wrong."""
    with transaction.atomic():
        device = TOTPDevice.objects.select_for_update().get(pk=device.pk)
        if not device.verify_token(_digits(code)):
            return None
        TOTPDevice.objects.filter(user=device.user_id).exclude(pk=device.pk).delete()
        device.confirmed = True
        device.save(update_fields=["confirmed"])
        return new_backup_codes(device.user)


def new_backup_codes(user) -> list[str]:
    """Replace the user's backup codes with BACKUP_CODE_COUNT new ones, each good once."""
    with transaction.atomic():
        device, _ = StaticDevice.objects.get_or_create(
            user=user, name=BACKUP_NAME, defaults={"confirmed": True}
        )
        device.token_set.all().delete()
        codes = [StaticToken.random_token() for _ in range(BACKUP_CODE_COUNT)]
        StaticToken.objects.bulk_create(StaticToken(device=device, token=code) for code in codes)
    return codes


def backup_codes_left(user) -> int:
    return StaticToken.objects.filter(device__user=user, device__confirmed=True).count()


def check_code(user, code: str) -> Device | None:
    """The device that accepts code: the authenticator for six digits, the backup codes
    otherwise (so a backup code never counts as a wrong authenticator code)."""
    code = _digits(code)
    if not code:
        return None
    model = TOTPDevice if code.isdigit() and len(code) == 6 else StaticDevice
    with transaction.atomic():
        for device in model.objects.devices_for_user(user, confirmed=True).select_for_update():
            if device.verify_token(code):
                return device
    return None


def reset(user) -> int:
    """Remove every device of the user (a lost phone): they sign in with their password alone,
    and enrol again (required again at once when their role needs it). Returns how many."""
    devices = [TOTPDevice.objects.filter(user=user), StaticDevice.objects.filter(user=user)]
    with transaction.atomic():
        removed = sum(queryset.count() for queryset in devices)
        for queryset in devices:
            queryset.delete()
    return removed


def qr_code(device: TOTPDevice) -> str:
    """The otpauth:// address as a QR code, an SVG data: URL for an <img>."""
    return segno.make(device.config_url, error="m").svg_data_uri(scale=5, border=2)


def manual_key(device: TOTPDevice) -> str:
    """The secret as the apps ask for it when typed in: base32, in groups of four."""
    key = b32encode(device.bin_key).decode().rstrip("=")
    return " ".join(key[i : i + 4] for i in range(0, len(key), 4))


def _digits(code: str) -> str:
    return "".join((code or "").split()).lower()
