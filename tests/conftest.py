import pytest
from django.core.cache import cache


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path):
    """Uploads from one test never leak into another."""
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def reader(client):
    """An anonymous reader of the public site."""
    return client


@pytest.fixture(autouse=True)
def _empty_cache():
    """Each test starts with no cached pages (the in-memory cache outlives a test's database)."""
    cache.clear()
