"""The site's icon: linked from every page, and answered at /favicon.ico, where browsers and
feed readers look for it without being told."""

import pytest
from django.contrib.staticfiles import finders
from PIL import Image

from tests.factories import ArticleFactory
from tests.html import Page

pytestmark = pytest.mark.django_db


def test_favicon_ico_redirects_to_the_static_icon(reader):
    response = reader.get("/favicon.ico")
    assert response.status_code == 302
    assert response["Location"] == "/static/favicon.ico"
    assert response["Cache-Control"] == "public, max-age=86400"
    assert not response.cookies


def test_favicon_ico_follows_the_static_files_storage(reader, settings):
    # In production the storage names the file by its content (tests/test_static_files.py).
    settings.STATIC_URL = "https://static.example.org/assets/"
    assert reader.get("/favicon.ico")["Location"] == "https://static.example.org/assets/favicon.ico"


def test_the_icon_is_a_real_icon():
    with Image.open(finders.find("favicon.ico")) as icon:
        assert icon.format == "ICO"
        assert {(16, 16), (32, 32)} <= set(icon.info["sizes"])
    with open(finders.find("favicon.svg"), encoding="utf-8") as svg:
        assert svg.read().startswith("<svg")


def test_favicon_ico_answers_only_reads(reader):
    assert reader.post("/favicon.ico").status_code == 405


@pytest.mark.parametrize("path", ["/", "/search/", "/no-such-page/", "article"])
def test_every_page_links_the_icon(reader, path):
    if path == "article":
        path = ArticleFactory(live=True).get_absolute_url()
    page = Page(reader.get(path).content.decode())
    icons = {link["href"] for link in page.find_all("link", rel="icon")}
    assert icons == {"/static/favicon.ico", "/static/favicon.svg"}
