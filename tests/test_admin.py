"""Every admin screen opens for the newsroom's roles."""

import pytest
from django.contrib.auth.models import Group

from tags.models import Tag
from tests.factories import ArticleFactory, SectionFactory, UserFactory, WriterFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor(client):
    user = UserFactory(username="editor", is_staff=True)
    user.groups.add(Group.objects.get(name="Editors"))
    client.force_login(user)
    return client


@pytest.fixture
def journalist(client):
    user = UserFactory(username="journalist", is_staff=True)
    user.groups.add(Group.objects.get(name="Journalists"))
    WriterFactory(user=user)
    client.force_login(user)
    return client


def test_roles_exist_after_migrating():
    assert set(Group.objects.values_list("name", flat=True)) >= {"Journalists", "Editors"}


@pytest.mark.parametrize(
    "url",
    [
        "/admin/",
        "/admin/articles/article/",
        "/admin/articles/article/add/",
        "/admin/articles/article/?status__exact=published",
        "/admin/sections/section/",
        "/admin/sections/section/add/",
        "/admin/writers/writer/",
        "/admin/writers/writer/add/",
        "/admin/tags/tag/",
    ],
)
def test_editor_screens_open(editor, url):
    ArticleFactory(live=True, writers=[WriterFactory()], tags=["Huế"])
    assert editor.get(url).status_code == 200


def test_story_change_form_opens_with_its_inlines(editor):
    story = ArticleFactory(scheduled=True, writers=[WriterFactory(name="Thanh Hà")])
    html = editor.get(f"/admin/articles/article/{story.pk}/change/").content.decode()
    assert "Byline (in order)" in html and "Related news picked by the editor" in html


def test_story_list_shows_states(editor):
    ArticleFactory(headline="Due later", scheduled=True)
    ArticleFactory(headline="Out now", live=True)
    ArticleFactory(headline="Gone", expired=True)
    html = editor.get("/admin/articles/article/").content.decode()
    assert "Scheduled for" in html and "Live" in html and "Expired" in html


def test_editor_can_create_a_story_in_the_admin(editor):
    section, writer = SectionFactory(name="World"), WriterFactory(name="Thanh Hà")
    form = {
        "headline": "Typhoon nears Đà Nẵng",
        "lead": "Authorities moved fishing boats to shelter.",
        "body": "<p>Boats were <b>moved</b>.</p><script>x</script>",
        "section": section.pk,
        "taggedarticle_set-TOTAL_FORMS": "2",
        "taggedarticle_set-INITIAL_FORMS": "0",
        "taggedarticle_set-0-tag": Tag.objects.create(name="Đà Nẵng").pk,
        "taggedarticle_set-1-tag": Tag.objects.create(name="Weather").pk,
        "priority": "normal",
        "bylines-TOTAL_FORMS": "1",
        "bylines-INITIAL_FORMS": "0",
        "bylines-0-writer": writer.pk,
        "bylines-0-role": "reporter",
        "bylines-0-position": "0",
        "related_links-TOTAL_FORMS": "0",
        "related_links-INITIAL_FORMS": "0",
        "corrections-TOTAL_FORMS": "0",
        "corrections-INITIAL_FORMS": "0",
    }
    response = editor.post("/admin/articles/article/add/", form)
    assert response.status_code == 302, response.context["adminform"].form.errors
    from articles.models import Article

    story = Article.objects.get(slug="typhoon-nears-da-nang")
    assert story.body == "<p>Boats were <b>moved</b>.</p>"
    assert sorted(t.slug for t in story.tags.all()) == ["da-nang", "weather"]


def test_journalist_can_open_the_story_form(journalist):
    assert journalist.get("/admin/articles/article/add/").status_code == 200
