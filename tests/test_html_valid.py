"""Every public page type is valid HTML, and the site's stylesheet valid CSS: the Nu HTML
Checker (vnu-jar) finds no error and no warning in any of them (but the few it accepts,
tests/checkers.py)."""

import pytest
from django.contrib.staticfiles import finders
from django.test import Client, RequestFactory
from django.views.defaults import server_error

from tests.checkers import nu_check, report, require_vnu
from tests.public_pages import build_public_site

pytestmark = pytest.mark.django_db


def test_every_public_page_type_passes_the_nu_html_checker(settings, tmp_path):
    require_vnu()
    site = build_public_site(settings)
    reader, editor = Client(), Client()
    editor.force_login(site.editor)
    documents = {}
    for name, path in site.pages().items():
        client = editor if name.startswith("preview") else reader
        response = client.get(path)
        assert response.status_code in {200, 404}, (name, response.status_code)
        documents[name] = response.content.decode()
    documents["error page"] = server_error(RequestFactory().get("/")).content.decode()

    problems = nu_check(documents, tmp_path, stylesheets=[finders.find("css/site.css")])

    failing = {name: found for name, found in problems.items() if found}
    if failing:
        pytest.fail(report(failing), pytrace=False)
