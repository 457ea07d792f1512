"""The benchmark's URLconf (bench/urls.py): the framework floor beside every page of the site, in
every edition."""

import pytest

pytestmark = pytest.mark.django_db


def test_the_floor_and_both_editions_pages_are_served(client, settings):
    settings.ROOT_URLCONF = "bench.urls"
    floor = client.get("/__bench__/floor/5/")
    assert floor.status_code == 200 and floor.content == b"xxxxx"
    assert client.get("/").status_code == 200
    assert client.get("/vi/").status_code == 200
    assert client.get("/vi/search/", {"q": "bao"}).status_code == 200
