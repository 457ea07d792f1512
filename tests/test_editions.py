"""The editions' configuration and addresses (editions/): which edition a request is for, the
prefix of its addresses, a story's address in its own edition, the checks on a bad setup."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.test import override_settings
from django.urls import resolve
from django.utils import translation

from core.urls import reverse, reverse_in
from editions import config
from editions.checks import check_editions
from sections.models import Section, validate_not_reserved
from tests.factories import ArticleFactory, SectionFactory

pytestmark = pytest.mark.django_db

VI_HOST = {"vi": "vi.testserver"}


def test_the_default_edition_is_first_and_at_the_root():
    assert config.default().code == "en"
    assert config.default().path_prefix == "/"
    assert config.get("vi").path_prefix == "/vi/"
    assert config.choices() == [("en", "English"), ("vi", "Tiếng Việt")]


@pytest.mark.parametrize(
    ("path", "code"),
    [("/", "en"), ("/world/", "en"), ("/vi/", "vi"), ("/vi", "vi"), ("/vi/world/", "vi"),
     ("/video/", "en"), ("/vietnam/", "en")],
)  # fmt: skip
def test_the_path_prefix_decides_the_edition(path, code):
    assert config.for_request("testserver", path).code == code


def test_an_edition_at_a_host_of_its_own_is_served_at_its_root(settings):
    settings.NEWSROOM_EDITION_HOSTS = VI_HOST
    assert config.for_request("vi.testserver", "/world/").code == "vi"
    assert config.get("vi").path_prefix == "/"
    # On the site's own host, /vi/ is no longer the Vietnamese edition.
    assert config.for_request("testserver", "/vi/").code == "en"


def test_reverse_follows_the_current_edition():
    assert reverse("articles:home") == "/"
    with translation.override("vi"):
        assert reverse("articles:home") == "/vi/"
        assert reverse("sections:detail", slug="world") == "/vi/world/"
        assert reverse_in("en", "sections:detail", slug="world") == "/world/"
    assert reverse_in("vi", "tags:detail", slug="bao") == "/vi/tags/bao/"
    assert reverse("tags:detail", slug="bao") == "/tags/bao/"


def test_the_prefixed_address_resolves_to_the_same_view():
    with translation.override("vi"):
        match = resolve("/vi/world/")
    assert match.view_name == "sections:detail"
    assert match.kwargs == {"slug": "world"}


def test_a_story_address_is_in_its_own_edition_whatever_the_page():
    section = SectionFactory(slug="world")
    english = ArticleFactory(live=True, section=section, headline="Storm nears")
    vietnamese = ArticleFactory(live=True, section=section, headline="Bão đến gần", edition="vi")
    assert english.get_absolute_url() == f"/world/storm-nears-{english.pk}/"
    assert vietnamese.get_absolute_url() == f"/vi/world/bao-den-gan-{vietnamese.pk}/"
    with translation.override("vi"):
        assert english.get_absolute_url() == f"/world/storm-nears-{english.pk}/"


def test_each_edition_is_served_in_its_language(client):
    assert client.get("/").headers["Content-Language"] == "en"
    assert client.get("/vi/").headers["Content-Language"] == "vi"


def test_a_story_under_another_editions_prefix_moves_to_its_own_address(client):
    section = SectionFactory(slug="world")
    story = ArticleFactory(live=True, section=section, headline="Storm nears")
    response = client.get(f"/vi/world/storm-nears-{story.pk}/")
    assert response.status_code == 301
    assert response.headers["Location"] == f"/world/storm-nears-{story.pk}/"
    translated = ArticleFactory(live=True, section=section, headline="Bão", edition="vi")
    response = client.get(f"/world/bao-{translated.pk}/")
    assert response.status_code == 301
    assert response.headers["Location"] == f"/vi/world/bao-{translated.pk}/"
    assert client.get(f"/vi/world/bao-{translated.pk}/").status_code == 200


def test_the_admin_keeps_the_staff_members_language(client):
    response = client.get("/admin/login/", headers={"accept-language": "vi"})
    assert response.headers["Content-Language"] == "vi"
    response = client.get("/admin/login/", headers={"accept-language": "en"})
    assert response.headers["Content-Language"] == "en"


def test_no_section_takes_an_editions_prefix():
    with pytest.raises(ValidationError):
        validate_not_reserved("vi")
    section = Section.objects.create(name="VI")
    assert section.slug != "vi"


def test_the_configuration_is_checked(settings):
    assert check_editions(None) == []
    settings.NEWSROOM_EDITIONS = [
        {"code": "en", "name": "English"},
        {"code": "fr", "name": "Français", "prefix": "fr"},
        {"code": "vi", "name": "Tiếng Việt", "time_zone": "Mars/Olympus"},
    ]
    ids = {message.id for message in check_editions(None)}
    assert ids == {"editions.E002", "editions.E005", "editions.E006"}


@override_settings(NEWSROOM_EDITION_HOSTS=VI_HOST, ALLOWED_HOSTS=["testserver", "vi.testserver"])
def test_a_host_edition_answers_at_its_root(client):
    assert client.get("/", headers={"host": "vi.testserver"}).headers["Content-Language"] == "vi"
    assert client.get("/").headers["Content-Language"] == "en"
