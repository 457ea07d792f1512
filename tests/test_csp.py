"""Content-Security-Policy (newsroom/csp.py): readers' pages allow nothing inline and never carry
a nonce, cached or not; the admin gets its own policy; the media origin is allowed for images.
tests/test_csp_browser.py shows the pages working under these policies in Chromium."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.contrib import admin
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from newsroom.csp import admin_directives, media_origins, public_directives
from tests.factories import ArticleFactory, ImageFactory, SectionFactory, UserFactory, WriterFactory

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parent.parent


def directives(header: str) -> dict[str, list[str]]:
    parsed = {}
    for part in header.split(";"):
        name, *values = part.split()
        parsed[name] = values
    return parsed


@pytest.fixture
def story():
    section = SectionFactory(name="World", slug="world")
    writer = WriterFactory(name="Thanh Hà")
    picture = ImageFactory()
    return ArticleFactory(live=True, section=section, writers=[writer], hero_image=picture)


def public_urls(story) -> list[str]:
    return ["/", story.get_absolute_url(), "/world/", "/writers/thanh-ha/", "/search/?q=vote"]


def test_readers_pages_get_the_strict_policy(reader, story):
    for url in public_urls(story):
        policy = directives(reader.get(url)["Content-Security-Policy"])
        assert policy["default-src"] == ["'self'"]
        assert policy["script-src"] == ["'self'"]
        assert policy["style-src"] == ["'self'"]
        assert policy["img-src"] == ["'self'"]
        assert policy["object-src"] == ["'none'"]
        assert policy["base-uri"] == ["'self'"]
        assert policy["frame-ancestors"] == ["'none'"]
        assert policy["form-action"] == ["'self'"]


def test_readers_pages_have_no_inline_style_script_or_handler(reader, story):
    for url in [*public_urls(story), "/no-such-page/"]:
        html = reader.get(url).content.decode()
        assert not re.search(r"<style|\sstyle=|\son[a-z]+=", html), url
        # JSON-LD (data), and this site's own script files, empty (the most-read beacon).
        scripts = re.findall(r"<script([^>]*)>(.*?)</script>", html, re.DOTALL)
        for attributes, content in scripts:
            if attributes == ' type="application/ld+json"':
                continue
            assert re.match(r' src="/static/[a-z/-]+\.js"', attributes) and not content, url


def test_the_public_templates_have_no_inline_style_script_or_handler():
    for template in (ROOT / "jinja2").rglob("*.html"):
        text = template.read_text()
        # A script of this site's own static files is allowed (the embeds' loader), never
        # an inline one.
        text = re.sub(
            r'<script src="\{\{ static\(\'[a-z/-]+\.js\'\) \}\}"( data-[a-z]+="[^"]*")* defer>'
            r"</script>",
            "",
            text,
        )
        assert not re.search(r"<style|\sstyle=|<script|\son[a-z]+=", text), template


def test_a_cached_page_carries_the_same_policy(reader, story, settings):
    for held_in_process in (32, 0):
        settings.NEWSROOM_PAGE_CACHE_LOCAL_MB = held_in_process
        url = story.get_absolute_url() + f"?held={held_in_process}"
        first = reader.get(url)
        with CaptureQueriesContext(connection) as queries:
            hit = reader.get(url)
        assert len(queries) == 0  # answered from the page cache
        assert hit["Content-Security-Policy"] == first["Content-Security-Policy"]
        assert "nonce" not in hit["Content-Security-Policy"]
        not_modified = reader.get(url, headers={"If-None-Match": hit["ETag"]})
        assert not_modified.status_code == 304
        assert not_modified["Content-Security-Policy"] == first["Content-Security-Policy"]


def test_the_admin_gets_its_own_policy(client):
    policy = directives(client.get("/admin/login/")["Content-Security-Policy"])
    assert policy["script-src"] == ["'self'"]
    assert "'unsafe-inline'" not in policy["style-src"]
    assert policy["img-src"] == ["'self'", "data:"]
    assert policy["frame-ancestors"] == ["'none'"]


def test_the_story_form_gives_the_editors_import_map_a_nonce(client):
    editor = UserFactory(username="minh", is_staff=True, is_superuser=True)
    client.force_login(editor)
    story = ArticleFactory()
    response = client.get(f"/admin/articles/article/{story.pk}/change/")
    policy = directives(response["Content-Security-Policy"])
    nonce = next(value for value in policy["script-src"] if value.startswith("'nonce-"))
    nonce = nonce.removeprefix("'nonce-").removesuffix("'")
    html = response.content.decode()
    assert f'<script type="importmap" nonce="{nonce}">' in html


def admin_pages() -> list[str]:
    """Every registered model's list, add and first change page, and the site's own pages."""
    pages = ["/admin/", "/admin/two-factor/", "/admin/password_change/"]
    pages.append(reverse("admin:articles_article_calendar"))
    for model in admin.site._registry:
        name = f"admin:{model._meta.app_label}_{model._meta.model_name}"
        pages += [reverse(f"{name}_changelist"), reverse(f"{name}_add")]
        if (first := model._default_manager.first()) is not None:
            pages.append(reverse(f"{name}_change", args=[first.pk]))
    return pages


def test_the_admin_has_nothing_inline_but_what_carries_the_nonce(client, story):
    client.force_login(UserFactory(username="root", is_staff=True, is_superuser=True))
    for url in admin_pages():
        response = client.get(url)
        if response.status_code == 403:  # axes' records cannot be added by hand
            continue
        assert response.status_code == 200, url
        html = response.content.decode()
        assert not re.search(r"<style|\sstyle=|\son[a-z]+=", html), url
        inline = [tag for tag in re.findall(r"<script[^>]*>", html) if " src=" not in tag]
        assert all(" nonce=" in tag for tag in inline), url


def test_an_admin_page_without_inline_code_gets_no_nonce(client):
    assert "nonce" not in client.get("/admin/login/")["Content-Security-Policy"]


def test_report_only_mode_and_report_uri(reader, story, settings):
    config = {"DIRECTIVES": public_directives(img_src=[], report_uri="https://csp.example/r")}
    settings.CONTENT_SECURITY_POLICY = None
    settings.CONTENT_SECURITY_POLICY_REPORT_ONLY = config
    settings.NEWSROOM_CSP_REPORT_ONLY = True
    settings.NEWSROOM_CSP_ADMIN_DIRECTIVES = admin_directives(config["DIRECTIVES"])
    for url in ["/", "/admin/login/"]:
        response = reader.get(url)
        assert not response.has_header("Content-Security-Policy")
        policy = directives(response["Content-Security-Policy-Report-Only"])
        assert policy["report-uri"] == ["https://csp.example/r"]
    assert "data:" in reader.get("/admin/login/")["Content-Security-Policy-Report-Only"]


def test_media_served_elsewhere_is_allowed_for_images():
    filesystem = {"BACKEND": "django.core.files.storage.FileSystemStorage"}
    assert media_origins(filesystem, "/media/") == []
    assert media_origins(filesystem, "https://media.example/up/") == ["https://media.example"]

    def s3(**options):
        return {"BACKEND": "storages.backends.s3.S3Storage", "OPTIONS": options}

    cdn = s3(bucket_name="news", custom_domain="media.news.example")
    assert media_origins(cdn, "/media/") == ["https://media.news.example"]
    minio = s3(bucket_name="news", endpoint_url="https://s3.example.net")
    assert media_origins(minio, "/media/") == [
        "https://s3.example.net",
        "https://news.s3.example.net",
    ]
    aws = s3(bucket_name="news", region_name="ap-southeast-1")
    assert media_origins(aws, "/media/") == [
        "https://news.s3.amazonaws.com",
        "https://news.s3.ap-southeast-1.amazonaws.com",
    ]
