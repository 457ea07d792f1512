"""Where uploads and renditions are stored: local disk by default, an S3-compatible object
store when NEWSROOM_STORAGE=s3. Nothing here reaches the network."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from newsroom.env import Env, media_storage_config

ROOT = Path(__file__).resolve().parent.parent
S3 = {
    "NEWSROOM_STORAGE": "s3",
    "NEWSROOM_S3_BUCKET": "newsroom-media",
    "NEWSROOM_S3_ENDPOINT_URL": "https://s3.example.net",
    "NEWSROOM_S3_REGION": "ap-southeast-1",
    "NEWSROOM_S3_CUSTOM_DOMAIN": "media.news.example",
}


def test_local_disk_by_default():
    assert media_storage_config(Env({})) == {
        "BACKEND": "django.core.files.storage.FileSystemStorage"
    }


def test_s3_is_chosen_by_environment_variables():
    config = media_storage_config(Env(S3))
    assert config["BACKEND"] == "storages.backends.s3.S3Storage"
    options = config["OPTIONS"]
    assert options["bucket_name"] == "newsroom-media"
    assert options["endpoint_url"] == "https://s3.example.net"
    assert options["custom_domain"] == "media.news.example"
    assert options["querystring_auth"] is False
    assert "access_key" not in options  # unset: boto3 finds credentials itself (role, profile)


def test_s3_needs_a_bucket_and_a_known_backend_name():
    with pytest.raises(ImproperlyConfigured, match="NEWSROOM_S3_BUCKET"):
        media_storage_config(Env({"NEWSROOM_STORAGE": "s3"}))
    with pytest.raises(ImproperlyConfigured, match="filesystem or s3"):
        media_storage_config(Env({"NEWSROOM_STORAGE": "ftp"}))


def test_the_s3_backend_builds_public_urls_without_a_request():
    from storages.backends.s3 import S3Storage

    storage = S3Storage(**media_storage_config(Env(S3))["OPTIONS"])
    url = storage.url("renditions/1/abc/full-640.webp")
    assert url == "https://media.news.example/renditions/1/abc/full-640.webp"


def test_the_settings_module_uses_s3_when_asked():
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "NEWSROOM_"))}
    env.update(S3, DJANGO_SECRET_KEY="s" * 50, DJANGO_SETTINGS_MODULE="newsroom.settings")
    code = (
        "from django.conf import settings; from django.core.files.storage import default_storage;"
        "default_storage._setup();"
        "print(settings.STORAGES['default']['BACKEND'], type(default_storage._wrapped).__name__)"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["storages.backends.s3.S3Storage", "S3Storage"]
