"""Each staff member's own settings (staff/): the "My settings" page in the user menu."""

import pytest

from staff.models import StaffSettings, settings_for

pytestmark = pytest.mark.django_db


def test_defaults_before_anything_is_saved(journalist_user):
    current = settings_for(journalist_user)
    assert current.email_notifications is True
    assert current.language == ""
    assert not StaffSettings.objects.exists()  # reading writes nothing


def test_the_user_menu_links_to_my_settings(client, journalist_user):
    client.force_login(journalist_user)
    page = client.get("/admin/").content.decode()
    assert 'href="/admin/my-settings/"' in page


def test_showing_the_page_writes_nothing(client, journalist_user):
    client.force_login(journalist_user)
    response = client.get("/admin/my-settings/")
    assert response.status_code == 200
    html = response.content.decode()
    assert 'name="email_notifications"' in html and "checked" in html
    assert 'name="language"' in html
    assert not StaffSettings.objects.exists()


def test_turning_email_off_and_picking_vietnamese(client, journalist_user):
    client.force_login(journalist_user)
    response = client.post("/admin/my-settings/", {"language": "vi"})  # box unticked
    assert response.status_code == 302
    saved = settings_for(journalist_user)
    assert saved.email_notifications is False
    assert saved.language == "vi"
    client.post("/admin/my-settings/", {"email_notifications": "on", "language": ""})
    saved = settings_for(journalist_user)
    assert saved.email_notifications is True and saved.language == ""


def test_a_language_not_offered_is_refused(client, journalist_user):
    client.force_login(journalist_user)
    response = client.post("/admin/my-settings/", {"email_notifications": "on", "language": "fr"})
    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()
    assert not StaffSettings.objects.exists()


def test_each_person_changes_only_their_own(client, journalist_user, editor_user):
    client.force_login(journalist_user)
    client.post("/admin/my-settings/", {"language": "en", "user": editor_user.pk})
    assert not StaffSettings.objects.filter(user=editor_user).exists()
    assert settings_for(journalist_user).language == "en"


def test_readers_are_sent_to_the_login(client):
    response = client.get("/admin/my-settings/")
    assert response.status_code == 302 and "/admin/login/" in response["Location"]
