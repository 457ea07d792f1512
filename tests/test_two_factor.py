"""Two-factor sign-in for staff (accounts/two_factor.py): enrolment with a QR code and a code,
login with password and code, one use per code, backup codes, the requirement for editors when
NEWSROOM_REQUIRE_2FA_FOR_EDITORS is on, and resetting a lost device."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
import time_machine
from django.core.management import call_command
from django.utils import timezone
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts import two_factor
from tests.factories import UserFactory
from tests.otp import code_for

pytestmark = pytest.mark.django_db

STORIES = "/admin/articles/article/"


def enrolled(user) -> TOTPDevice:
    device = two_factor.start(user)
    assert two_factor.confirm(device, code_for(device))
    device.refresh_from_db()
    return device


def log_in(client, user, code: str = ""):
    form = {"username": user.username, "password": "password", "otp_token": code}
    return client.post(f"/admin/login/?next={STORIES}", form)


def signed_in(client) -> bool:
    return "_auth_user_id" in client.session


@pytest.fixture
def require_2fa(settings):
    settings.NEWSROOM_REQUIRE_2FA_FOR_EDITORS = True


# --- Enrolment --------------------------------------------------------------------------------


def test_a_staff_member_enrols_with_a_qr_code_and_a_code(client, journalist_user):
    client.force_login(journalist_user)
    page = client.get("/admin/two-factor/").content.decode()
    assert "Two-factor sign-in is off" in page
    assert client.post("/admin/two-factor/", {"action": "start"}).status_code == 302
    page = client.get("/admin/two-factor/").content.decode()
    assert 'src="data:image/svg+xml' in page  # the otpauth:// QR code
    pending = two_factor.authenticator(journalist_user, confirmed=False)
    assert two_factor.manual_key(pending) in page

    response = client.post("/admin/two-factor/", {"action": "confirm", "code": code_for(pending)})
    codes = re.findall(r"<li><code>(\w+)</code></li>", response.content.decode())
    assert len(codes) == two_factor.BACKUP_CODE_COUNT
    assert two_factor.authenticator(journalist_user) == pending
    assert client.session["otp_device_id"] == pending.persistent_id  # this session passed


def test_a_wrong_code_does_not_confirm_the_device(client, journalist_user):
    client.force_login(journalist_user)
    client.post("/admin/two-factor/", {"action": "start"})
    response = client.post("/admin/two-factor/", {"action": "confirm", "code": "000000"})
    assert "That code is not right" in response.content.decode()
    assert two_factor.authenticator(journalist_user) is None


def test_showing_the_page_changes_nothing(client, journalist_user):
    client.force_login(journalist_user)
    client.get("/admin/two-factor/")
    assert not TOTPDevice.objects.exists()


# --- Logging in with a device -----------------------------------------------------------------


def test_with_a_device_the_password_alone_is_refused(client, journalist_user):
    enrolled(journalist_user)
    response = log_in(client, journalist_user)
    assert response.status_code == 200
    assert "Enter the 6-digit code" in response.content.decode()
    assert not signed_in(client)


def test_with_a_device_password_and_code_log_in(client, journalist_user):
    device = enrolled(journalist_user)
    with time_machine.travel(timezone.now() + timedelta(seconds=30)):
        assert log_in(client, journalist_user, code_for(device)).status_code == 302
        assert signed_in(client)
        assert client.session["otp_device_id"] == device.persistent_id


def test_a_used_code_cannot_be_used_again(client, journalist_user):
    device = enrolled(journalist_user)
    with time_machine.travel(timezone.now() + timedelta(seconds=30), tick=False):
        code = code_for(device)
        assert log_in(client, journalist_user, code).status_code == 302
        client.logout()
        assert log_in(client, journalist_user, code).status_code == 200
        assert not signed_in(client)


def test_a_backup_code_works_once(client, journalist_user):
    enrolled(journalist_user)
    backup = StaticToken.objects.filter(device__user=journalist_user).first().token
    assert log_in(client, journalist_user, backup).status_code == 302
    client.logout()
    assert log_in(client, journalist_user, backup).status_code == 200
    assert two_factor.backup_codes_left(journalist_user) == two_factor.BACKUP_CODE_COUNT - 1


def test_wrong_codes_count_towards_the_lockout(client, journalist_user):
    device = enrolled(journalist_user)
    for _ in range(5):
        log_in(client, journalist_user, "123456")
    with time_machine.travel(timezone.now() + timedelta(seconds=60)):
        assert log_in(client, journalist_user, code_for(device)).status_code == 429
    assert not signed_in(client)


def test_without_a_device_the_password_is_enough_by_default(client, editor_user):
    assert log_in(client, editor_user).status_code == 302
    assert client.get(STORIES).status_code == 200


# --- Required for editors ---------------------------------------------------------------------


def test_an_editor_without_a_device_is_sent_to_enrolment(client, editor_user, require_2fa):
    log_in(client, editor_user)
    response = client.get(STORIES)
    assert response.status_code == 302
    assert response["Location"] == "/admin/two-factor/?next=%2Fadmin%2Farticles%2Farticle%2F"
    for address in ["/admin/", "/admin/articles/article/add/", "/admin/articles/article/calendar/"]:
        assert client.get(address)["Location"].startswith("/admin/two-factor/")
    assert "Your role needs two-factor sign-in" in client.get(response["Location"]).content.decode()


def test_a_superuser_is_an_editor_here(client, require_2fa):
    root = UserFactory(username="root", is_staff=True, is_superuser=True)
    client.force_login(root)
    assert client.get(STORIES)["Location"].startswith("/admin/two-factor/")


def test_journalists_are_not_asked(client, journalist_user, require_2fa):
    log_in(client, journalist_user)
    response = client.get(STORIES, follow=True)
    assert response.status_code == 200
    assert response.redirect_chain == [(f"{STORIES}?mine=1", 302)]  # their own stories


def test_once_enrolled_the_editor_reaches_the_stories(client, editor_user, require_2fa):
    log_in(client, editor_user)
    client.post("/admin/two-factor/", {"action": "start"})
    pending = two_factor.authenticator(editor_user, confirmed=False)
    client.post("/admin/two-factor/", {"action": "confirm", "code": code_for(pending)})
    assert client.get(STORIES).status_code == 200


def test_an_editor_signed_in_before_enrolling_elsewhere_passes_with_a_code(
    client, editor_user, require_2fa
):
    client.force_login(editor_user)
    device = enrolled(editor_user)
    assert client.get(STORIES)["Location"].startswith("/admin/two-factor/")
    # The session may not replace the device or see backup codes before passing.
    client.post("/admin/two-factor/", {"action": "start"})
    assert two_factor.authenticator(editor_user, confirmed=False) is None
    with time_machine.travel(timezone.now() + timedelta(seconds=30)):
        form = {"action": "verify", "code": code_for(device), "next": STORIES}
        response = client.post("/admin/two-factor/", form)
    assert response["Location"] == STORIES
    assert client.get(STORIES).status_code == 200


def test_with_the_requirement_off_editors_are_not_asked(client, editor_user):
    client.force_login(editor_user)
    assert client.get(STORIES).status_code == 200


# --- A lost phone -----------------------------------------------------------------------------


def test_the_reset_command_removes_the_devices(client, editor_user, capsys):
    enrolled(editor_user)
    call_command("reset_two_factor", editor_user.username)
    assert "Removed 2 two-factor device(s)" in capsys.readouterr().out
    assert not two_factor.has_device(editor_user)
    assert log_in(client, editor_user).status_code == 302


def test_an_editor_removes_a_colleagues_device_in_the_admin(client, editor_user, journalist_user):
    device = enrolled(journalist_user)
    client.force_login(editor_user)
    change = client.get(f"/admin/otp_totp/totpdevice/{device.pk}/change/").content.decode()
    assert device.key not in change  # the secret is never shown
    client.post(f"/admin/otp_totp/totpdevice/{device.pk}/delete/", {"post": "yes"})
    assert two_factor.authenticator(journalist_user) is None
    assert log_in(client, journalist_user).status_code == 302


def test_journalists_cannot_remove_devices(client, journalist_user):
    device = enrolled(UserFactory(username="other", is_staff=True))
    client.force_login(journalist_user)
    response = client.post(f"/admin/otp_totp/totpdevice/{device.pk}/delete/", {"post": "yes"})
    assert response.status_code == 403
    assert TOTPDevice.objects.filter(pk=device.pk).exists()
