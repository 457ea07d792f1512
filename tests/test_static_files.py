"""Production static files: content-hashed names and pre-compressed copies for WhiteNoise."""

import re

import pytest
from django.contrib.staticfiles.storage import staticfiles_storage
from django.core.management import call_command

from newsroom import settings as production


@pytest.fixture
def production_static(settings, tmp_path):
    """The production storage, writing to a throwaway STATIC_ROOT (Django rebuilds the storage
    when these settings change)."""
    settings.STATIC_ROOT = tmp_path
    settings.STORAGES = {**settings.STORAGES, "staticfiles": production.STORAGES["staticfiles"]}
    return tmp_path


def test_collectstatic_writes_hashed_and_compressed_files(production_static):
    call_command("collectstatic", interactive=False, verbosity=0)
    css = [p.name for p in (production_static / "css").iterdir()]
    hashed = [name for name in css if re.fullmatch(r"site\.[0-9a-f]{12}\.css", name)]
    assert len(hashed) == 1
    assert f"{hashed[0]}.gz" in css and f"{hashed[0]}.br" in css
    assert staticfiles_storage.url("css/site.css") == f"/static/css/{hashed[0]}"
