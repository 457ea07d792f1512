"""The front page and breaking news as readers and editors meet them: the banner on every
public page, cached or not, on time; the admin screen, its preview, its history and who may
use it."""

from __future__ import annotations

import uuid
from datetime import timedelta

import pytest
import time_machine
from django.utils import timezone
from reversion.models import Version

from articles.models import Article
from frontpage.models import Breaking, Layout, Pin
from tests.factories import ArticleFactory, SectionFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(params=["cache on", "cache off"])
def page_cache(request, settings):
    settings.NEWSROOM_PAGE_CACHE = request.param == "cache on"
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": f"frontpage-{uuid.uuid4()}",
        }
    }
    return request.param


@pytest.fixture
def world():
    return SectionFactory(name="World")


@pytest.fixture
def other(world):
    """A story whose page shows the banner of another."""
    return ArticleFactory(live=True, section=world, headline="Council votes on budget")


@pytest.fixture
def storm(world):
    return ArticleFactory(live=True, section=world, headline="Storm No. 15 nears the coast")


def _banner(response) -> bool:
    html = response.content.decode()
    return 'aria-label="Breaking news"' in html and "Storm No. 15 nears the coast" in html


PAGES = ["/", "article", "/world/"]


def _url(name, story):
    return story.get_absolute_url() if name == "article" else name


@pytest.mark.parametrize("page", PAGES)
def test_cached_pages_show_and_drop_the_banner_on_time(client, page_cache, storm, other, page):
    start = timezone.now().replace(microsecond=0) + timedelta(minutes=2)
    end = start + timedelta(minutes=30)
    with time_machine.travel(start - timedelta(minutes=1), tick=False):
        Breaking.objects.create(article=storm, starts_at=start, ends_at=end)
        assert not _banner(client.get(_url(page, other)))  # rendered (and cached) before
    with time_machine.travel(start - timedelta(seconds=1), tick=False):
        assert not _banner(client.get(_url(page, other)))
    with time_machine.travel(start, tick=False):
        assert _banner(client.get(_url(page, other)))
    with time_machine.travel(end - timedelta(seconds=1), tick=False):
        assert _banner(client.get(_url(page, other)))
    with time_machine.travel(end, tick=False):
        assert not _banner(client.get(_url(page, other)))


@pytest.mark.parametrize("page", PAGES)
def test_a_cached_page_drops_the_banner_when_the_story_is_withdrawn(
    client, page_cache, storm, other, page
):
    Breaking.objects.create(article=storm)
    assert _banner(client.get(_url(page, other)))
    storm.status = Article.Status.WITHDRAWN
    storm.save()
    assert not _banner(client.get(_url(page, other)))
    # ...and shows it again when it is published again within the banner's window.
    storm.status = Article.Status.PUBLISHED
    storm.save()
    assert _banner(client.get(_url(page, other)))


def test_marking_and_unmarking_refresh_cached_pages_at_once(client, page_cache, storm, other):
    url = other.get_absolute_url()
    assert not _banner(client.get(url))
    mark = Breaking.objects.create(article=storm)
    assert _banner(client.get(url))
    mark.ends_at = timezone.now()
    mark.save()
    assert not _banner(client.get(url))


# --- The admin ----------------------------------------------------------------------------------


def test_editors_arrange_the_front_page_on_one_screen(client, editor_user, storm, other, world):
    client.force_login(editor_user)
    response = client.post(
        "/admin/frontpage/layout/add/",
        {
            "edition": "en",
            "starts_at_0": "2020-01-01",
            "starts_at_1": "06:00:00",
            "note": "Storm day",
            "pins-TOTAL_FORMS": "2",
            "pins-INITIAL_FORMS": "0",
            "pins-0-slot": "lead",
            "pins-0-position": "0",
            "pins-0-article": storm.pk,
            "pins-1-slot": "top",
            "pins-1-position": "1",
            "pins-1-article": other.pk,
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    layout = Layout.objects.get()
    assert layout.created_by == editor_user
    assert sorted(layout.pins.values_list("slot", flat=True)) == ["lead", "top"]
    # Recorded: who and when, with the pins.
    version = Version.objects.get_for_object(layout).get()
    assert version.revision.user == editor_user
    assert client.get(f"/admin/frontpage/layout/{layout.pk}/change/").status_code == 200


def test_the_same_story_twice_in_a_layout_is_refused_with_a_message(client, editor_user, storm):
    client.force_login(editor_user)
    response = client.post(
        "/admin/frontpage/layout/add/",
        {
            "edition": "en",
            "starts_at_0": "2020-01-01",
            "starts_at_1": "06:00:00",
            "pins-TOTAL_FORMS": "2",
            "pins-INITIAL_FORMS": "0",
            "pins-0-slot": "lead",
            "pins-0-position": "0",
            "pins-0-article": storm.pk,
            "pins-1-slot": "top",
            "pins-1-position": "1",
            "pins-1-article": storm.pk,
        },
    )
    assert response.status_code == 200
    assert not Layout.objects.exists()
    assert "Please correct the duplicate" in response.content.decode()


def test_two_editors_saving_the_same_layout_never_silently_lose_a_change(
    client, editor_user, storm, other
):
    from django.test import Client

    layout = Layout.objects.create(starts_at=timezone.now() - timedelta(hours=1))
    data = {
        "edition": "en",
        "starts_at_0": "2020-01-01",
        "starts_at_1": "06:00:00",
        "seen_version": str(layout.version),
        "pins-TOTAL_FORMS": "1",
        "pins-INITIAL_FORMS": "0",
        "pins-0-slot": "lead",
        "pins-0-position": "0",
    }
    first, second = client, Client()
    first.force_login(editor_user)
    second.force_login(editor_user)
    url = f"/admin/frontpage/layout/{layout.pk}/change/"
    assert first.post(url, {**data, "pins-0-article": storm.pk}).status_code == 302
    response = second.post(url, {**data, "pins-0-article": other.pk})
    assert response.status_code == 200
    assert "after you opened it" in response.content.decode()
    assert list(layout.pins.values_list("article_id", flat=True)) == [storm.pk]


def test_the_preview_shows_the_home_page_at_a_chosen_time(client, editor_user, storm, other):
    six = timezone.localtime().replace(microsecond=0) + timedelta(hours=3)
    layout = Layout.objects.create(starts_at=six)
    Pin.objects.create(layout=layout, slot="lead", article=storm)
    client.force_login(editor_user)
    at = six.strftime("%Y-%m-%dT%H:%M:%S")
    response = client.get("/preview/front-page/", {"at": at})
    assert response.status_code == 200
    assert response.context["page"].lead.pk == storm.pk
    assert "Preview" in response.content.decode()
    before = (six - timedelta(seconds=1)).strftime("%Y-%m-%dT%H:%M:%S")
    response = client.get("/preview/front-page/", {"at": before})
    assert response.context["page"].lead.pk == other.pk


def test_breaking_news_in_one_action(client, editor_user, storm, other):
    client.force_login(editor_user)
    now = timezone.localtime()
    response = client.post(
        "/admin/frontpage/breaking/add/",
        {
            "article": storm.pk,
            "starts_at_0": now.strftime("%Y-%m-%d"),
            "starts_at_1": now.strftime("%H:%M:%S"),
        },
    )
    assert response.status_code == 302
    mark = Breaking.objects.get()
    assert mark.created_by == editor_user
    client.logout()
    assert _banner(client.get(other.get_absolute_url()))
    client.force_login(editor_user)
    client.post(
        "/admin/frontpage/breaking/",
        {"action": "end_now", "_selected_action": [mark.pk]},
    )
    mark.refresh_from_db()
    assert mark.ended_by == editor_user and mark.ends_at is not None
    client.logout()
    assert not _banner(client.get(other.get_absolute_url()))


def test_only_a_live_story_can_be_marked_breaking(client, editor_user, world):
    draft = ArticleFactory(section=world)
    client.force_login(editor_user)
    now = timezone.localtime()
    response = client.post(
        "/admin/frontpage/breaking/add/",
        {
            "article": draft.pk,
            "starts_at_0": now.strftime("%Y-%m-%d"),
            "starts_at_1": now.strftime("%H:%M:%S"),
        },
    )
    assert response.status_code == 200
    assert "Only a live story can be breaking news" in response.content.decode()
    assert not Breaking.objects.exists()


@pytest.mark.parametrize(
    "url",
    [
        "/admin/frontpage/layout/",
        "/admin/frontpage/layout/add/",
        "/preview/front-page/",
        "/admin/frontpage/breaking/",
        "/admin/frontpage/breaking/add/",
    ],
)
def test_only_editors_run_the_front_page(client, journalist_user, editor_user, url):
    assert client.get(url).status_code == 302  # anonymous: to the login page
    client.force_login(journalist_user)
    assert client.get(url).status_code == 403
    client.force_login(editor_user)
    assert client.get(url).status_code == 200


def test_a_pin_change_refreshes_the_cached_home_page(client, page_cache, storm, other):
    assert client.get("/").context["page"].lead.pk == other.pk  # the newest story
    layout = Layout.objects.create(starts_at=timezone.now() - timedelta(minutes=1))
    Pin.objects.create(layout=layout, slot="lead", article=storm)
    assert client.get("/").context["page"].lead.pk == storm.pk


def test_a_scheduled_layout_replaces_the_cached_home_page_at_its_start(
    client, page_cache, storm, other
):
    six = timezone.now().replace(microsecond=0) + timedelta(hours=1)
    layout = Layout.objects.create(starts_at=six)
    Pin.objects.create(layout=layout, slot="lead", article=storm)
    with time_machine.travel(six - timedelta(seconds=1), tick=False):
        assert client.get("/").context["page"].lead.pk == other.pk
    with time_machine.travel(six, tick=False):
        assert client.get("/").context["page"].lead.pk == storm.pk


def test_section_fronts_show_their_pinned_stories_first(client, page_cache, world):
    older = ArticleFactory(
        section=world,
        headline="An older story pinned",
        status=Article.Status.PUBLISHED,
        publish_at=timezone.now() - timedelta(days=3),
    )
    newer = ArticleFactory(live=True, section=world, headline="The newest story")
    assert [s.pk for s in client.get("/world/").context["page"].object_list] == [newer.pk, older.pk]
    layout = Layout.objects.create(starts_at=timezone.now() - timedelta(minutes=1))
    Pin.objects.create(layout=layout, slot="section", section=world, article=older)
    # Cached or not, the pin shows at once, first and once.
    assert [s.pk for s in client.get("/world/").context["page"].object_list] == [older.pk, newer.pk]
    older.status = Article.Status.WITHDRAWN
    older.save()
    assert [s.pk for s in client.get("/world/").context["page"].object_list] == [newer.pk]
