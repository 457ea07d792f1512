import pytest


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path):
    """Uploads from one test never leak into another."""
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def reader(client):
    """An anonymous reader of the public site."""
    return client
