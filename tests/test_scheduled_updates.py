"""Scheduled updates to a live story (workflow/updates.py): readers see the current text until
the update's second and the new one from it, on every surface, cached pages included, with no
worker; cancelled updates and updates of stories that are not live never show."""

from __future__ import annotations

import uuid
from datetime import timedelta

import pytest
import time_machine
from django.utils import timezone

from articles.models import Article
from core.dates import isotime
from tests.factories import ArticleFactory, SectionFactory, WriterFactory
from tests.redis_server import redis_cache_settings
from workflow import transitions, updates
from workflow.models import Event, ScheduledUpdate

pytestmark = pytest.mark.django_db

OLD, NEW = "Storm nears the coast", "Storm makes landfall in Khanh Hoa"
NEW_LEAD = "Winds of 130 km/h tore roofs off in Nha Trang at dawn."


@pytest.fixture(params=["locmem", "redis"])
def page_cache(request, settings):
    """Both caches, with whole-page caching on, as in tests/test_page_cache.py."""
    settings.NEWSROOM_PAGE_CACHE = True
    if request.param == "locmem":
        settings.CACHES = {
            "default": {
                "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
                "LOCATION": f"updates-{uuid.uuid4()}",
            }
        }
        yield request.param
        return
    with redis_cache_settings() as redis_cache:
        settings.CACHES = {"default": redis_cache}
        yield request.param


@pytest.fixture
def weather():
    return SectionFactory(name="Weather", slug="weather")


@pytest.fixture
def story(weather):
    return ArticleFactory(
        headline=OLD,
        lead="The storm is 200 km offshore.",
        body="<p>Fishermen were called back to port.</p>",
        live=True,
        section=weather,
        writers=[WriterFactory(name="Thanh Hà")],
        tags=["Storms"],
    )


def _schedule(story, by, *, at, **text):
    fields = {**updates.snapshot(story), "headline": NEW, "lead": NEW_LEAD, **text}
    transitions.schedule_update(story, by=by, fields=fields, publish_at=at, version=story.version)
    return ScheduledUpdate.objects.filter(article=story).latest("pk")


def _html(client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode()


SURFACES = [
    "/",
    "/weather/",
    "/tags/storms/",
    "/writers/thanh-ha/",
    "/search/?q=storm",
    "/feeds/rss/",
    "/feeds/sections/weather/atom/",
    "/sitemap-news.xml",
    "/api/ninjs/articles/",
]


def test_readers_see_the_old_text_until_the_second_and_the_new_from_it(
    page_cache, reader, story, editor_user
):
    at = timezone.now().replace(microsecond=0) + timedelta(minutes=2)
    _schedule(story, editor_user, at=at)
    url = story.get_absolute_url()
    for page in [url, *SURFACES]:
        assert OLD in _html(reader, page), page  # cached now
    with time_machine.travel(at - timedelta(seconds=1), tick=False):
        for page in [url, *SURFACES]:
            html = _html(reader, page)
            assert OLD in html and NEW not in html, page
    with time_machine.travel(at, tick=False):
        for page in [url, *SURFACES]:
            html = _html(reader, page)
            assert NEW in html and OLD not in html, page
        assert NEW_LEAD in _html(reader, url)
    story.refresh_from_db()
    assert story.headline == NEW and story.updated_at == at


def test_the_article_page_says_updated_at_the_updates_second(reader, story, editor_user):
    at = timezone.now().replace(microsecond=0) + timedelta(minutes=5)
    _schedule(story, editor_user, at=at)
    assert "Updated" not in _html(reader, story.get_absolute_url())
    with time_machine.travel(at + timedelta(seconds=30), tick=False):
        html = _html(reader, story.get_absolute_url())
    assert f'Updated <time datetime="{isotime(at)}"' in html


def test_search_finds_the_new_text_from_the_second_and_not_before(reader, story, editor_user):
    at = timezone.now() + timedelta(minutes=2)
    _schedule(story, editor_user, at=at)
    with time_machine.travel(at - timedelta(seconds=1), tick=False):
        assert OLD in _html(reader, "/search/?q=storm")
        assert NEW not in _html(reader, "/search/?q=landfall")
    with time_machine.travel(at, tick=False):
        assert NEW in _html(reader, "/search/?q=landfall")
        assert NEW not in _html(reader, "/search/?q=nears")


def test_structured_data_and_the_sitemap_date_the_change(reader, story, editor_user):
    at = timezone.now().replace(microsecond=0) + timedelta(days=1)
    _schedule(story, editor_user, at=at)
    with time_machine.travel(at - timedelta(seconds=1), tick=False):
        html = _html(reader, story.get_absolute_url())
        sitemap = _html(reader, "/sitemap-articles.xml")
    assert f'"dateModified":"{isotime(at)}"' not in html
    assert f"<lastmod>{timezone.localtime(at).date().isoformat()}" not in sitemap
    with time_machine.travel(at, tick=False):
        html = _html(reader, story.get_absolute_url())
        sitemap = _html(reader, "/sitemap-articles.xml")
        api = _html(reader, f"/api/ninjs/articles/{story.pk}/")
    assert f'"dateModified":"{isotime(at)}"' in html
    assert f"<lastmod>{timezone.localtime(at).date().isoformat()}" in sitemap
    assert NEW in api and NEW_LEAD in api


def test_a_cancelled_update_never_shows(page_cache, reader, story, editor_user):
    at = timezone.now() + timedelta(minutes=2)
    update = _schedule(story, editor_user, at=at)
    _html(reader, story.get_absolute_url())
    transitions.cancel_update(story, by=editor_user, update=update)
    with time_machine.travel(at + timedelta(seconds=1), tick=False):
        for page in [story.get_absolute_url(), *SURFACES]:
            assert NEW not in _html(reader, page), page
    story.refresh_from_db()
    assert story.headline == OLD and story.updated_at is None
    assert Event.objects.filter(article=story, kind=Event.Kind.UPDATE_CANCELLED).count() == 1


@pytest.mark.parametrize("move", ["withdraw", "expire"])
def test_an_update_of_a_story_that_is_not_live_at_its_second_never_shows(
    reader, story, editor_user, move
):
    at = timezone.now() + timedelta(minutes=2)
    update = _schedule(story, editor_user, at=at)
    if move == "withdraw":
        transitions.withdraw(story, by=editor_user, note="Legal")
    else:
        Article.objects.filter(pk=story.pk).update(expire_at=at - timedelta(seconds=1))
    with time_machine.travel(at + timedelta(seconds=1), tick=False):
        assert reader.get(story.get_absolute_url()).status_code == 404
        for page in SURFACES[:2]:
            assert NEW not in _html(reader, page)
    update.refresh_from_db()
    story.refresh_from_db()
    assert update.state == ScheduledUpdate.State.LAPSED
    assert story.headline == OLD
    assert Event.objects.filter(article=story, kind=Event.Kind.UPDATE_LAPSED).count() == 1


def test_publication_is_recorded_in_the_history_and_the_revisions(reader, story, editor_user):
    from workflow.revisions import versions_of

    at = timezone.now() + timedelta(minutes=2)
    _schedule(story, editor_user, at=at)
    before = versions_of(story).count()
    with time_machine.travel(at, tick=False):
        _html(reader, "/")
        _html(reader, "/")  # published once
    event = Event.objects.get(article=story, kind=Event.Kind.UPDATE_PUBLISHED)
    assert event.at == at and event.actor is None
    assert versions_of(story).count() == before + 1
    assert versions_of(story).first().revision.user == editor_user
    assert ScheduledUpdate.objects.get(article=story).state == "published"


def test_two_updates_due_at_once_are_published_in_order(reader, story, editor_user):
    first = timezone.now() + timedelta(minutes=2)
    _schedule(story, editor_user, at=first, headline="First figures")
    story.refresh_from_db()
    second = first + timedelta(minutes=1)
    _schedule(story, editor_user, at=second, headline="Second figures")
    with time_machine.travel(second + timedelta(seconds=5), tick=False):
        html = _html(reader, story.get_absolute_url())
    assert "Second figures" in html
    story.refresh_from_db()
    assert story.headline == "Second figures" and story.updated_at == second


# --- Concurrency: no change silently lost -----------------------------------------------------


def test_an_edit_to_another_field_meanwhile_is_kept(reader, story, editor_user):
    at = timezone.now() + timedelta(minutes=2)
    _schedule(story, editor_user, at=at)  # changes the headline and the lead
    story.refresh_from_db()
    story.dateline = "NHA TRANG"
    story.body = "<p>Fishermen were called back to port on Friday.</p>"
    story.save()
    with time_machine.travel(at, tick=False):
        _html(reader, story.get_absolute_url())
    story.refresh_from_db()
    assert story.headline == NEW and story.lead == NEW_LEAD
    assert story.dateline == "NHA TRANG" and "on Friday" in story.body


def test_a_field_changed_on_both_sides_takes_the_update_and_the_history_says_so(
    reader, story, editor_user
):
    at = timezone.now() + timedelta(minutes=2)
    update = _schedule(story, editor_user, at=at)
    story.refresh_from_db()
    story.lead = "The storm is 150 km offshore."
    story.save()
    assert updates.conflicts(update, story) == ["lead"]
    with time_machine.travel(at, tick=False):
        _html(reader, "/")
    story.refresh_from_db()
    assert story.lead == NEW_LEAD
    event = Event.objects.get(article=story, kind=Event.Kind.UPDATE_PUBLISHED)
    assert "lead" in event.note


def test_an_update_written_on_an_older_version_is_refused(story, editor_user):
    version = story.version
    story.lead = "Changed meanwhile."
    story.version += 1
    story.save()
    with pytest.raises(transitions.StaleText):
        transitions.schedule_update(
            story, by=editor_user, fields={**updates.snapshot(story), "headline": NEW},
            publish_at=timezone.now() + timedelta(hours=1), version=version,
        )  # fmt: skip
    assert not ScheduledUpdate.objects.exists()


def test_a_form_opened_before_the_update_was_published_is_refused_on_saving(story, editor_user):
    from workflow.concurrency import check_version

    at = timezone.now() + timedelta(minutes=2)
    opened_on = story.version
    _schedule(story, editor_user, at=at)
    with time_machine.travel(at, tick=False):
        assert updates.publish_due() == 1
        conflict = check_version(story.pk, opened_on)
    assert conflict is not None and conflict.current_version == opened_on + 1


# --- Who may --------------------------------------------------------------------------------


def test_only_editors_schedule_and_cancel(story, editor_user, journalist_user):
    with pytest.raises(transitions.NotPermitted):
        _schedule(story, journalist_user, at=timezone.now() + timedelta(hours=1))
    update = _schedule(story, editor_user, at=timezone.now() + timedelta(hours=1))
    with pytest.raises(transitions.NotPermitted):
        transitions.cancel_update(story, by=journalist_user, update=update)
    assert ScheduledUpdate.objects.get().state == "pending"


@pytest.mark.parametrize("state", ["draft", "scheduled", "expired", "withdrawn"])
def test_only_a_live_story_takes_an_update(weather, editor_user, state):
    other = ArticleFactory(section=weather, **{state: True} if state != "draft" else {})
    with pytest.raises(transitions.NotAllowedFromState):
        _schedule(other, editor_user, at=timezone.now() + timedelta(hours=1))


def test_the_time_must_be_ahead_and_before_the_story_expires(story, editor_user):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        _schedule(story, editor_user, at=timezone.now() - timedelta(seconds=1))
    Article.objects.filter(pk=story.pk).update(expire_at=timezone.now() + timedelta(hours=1))
    story.refresh_from_db()
    with pytest.raises(ValidationError):
        _schedule(story, editor_user, at=timezone.now() + timedelta(hours=2))
    assert not ScheduledUpdate.objects.exists()


# --- The admin ------------------------------------------------------------------------------


def _form_data(story, **changes):
    at = timezone.localtime(timezone.now() + timedelta(hours=2)).replace(microsecond=0)
    data = {**updates.snapshot(story), "publish_at": at.strftime("%Y-%m-%dT%H:%M:%S"),
            "version": story.version, **changes}  # fmt: skip
    return data, at


def test_an_editor_prepares_an_update_from_the_story_page(client, story, editor_user):
    client.force_login(editor_user)
    page = client.get(f"/admin/articles/article/{story.pk}/change/").content.decode()
    add = f"/admin/articles/article/{story.pk}/updates/add/"
    assert "Prepare an update" in page and add in page
    form = client.get(add)
    assert form.status_code == 200 and OLD in form.content.decode()  # the current text
    data, at = _form_data(story, headline=NEW)
    response = client.post(add, data)
    assert response.status_code == 302
    update = ScheduledUpdate.objects.get(article=story)
    assert update.headline == NEW and update.publish_at == at and update.created_by == editor_user
    assert updates.changes(update) == ["headline"]
    page = client.get(f"/admin/articles/article/{story.pk}/change/").content.decode()
    assert "Cancel this update" in page and "Update scheduled" in page
    event = Event.objects.get(article=story, kind=Event.Kind.UPDATE_SCHEDULED)
    assert event.publish_at == at and event.actor == editor_user


def test_bad_input_is_refused_with_the_text_kept(client, story, editor_user):
    client.force_login(editor_user)
    add = f"/admin/articles/article/{story.pk}/updates/add/"
    data, _ = _form_data(story, headline="A new headline kept", lead="",
                         publish_at="2001-01-01T10:00:00")  # fmt: skip
    response = client.post(add, data)
    html = response.content.decode()
    assert response.status_code == 200 and "A new headline kept" in html
    assert not ScheduledUpdate.objects.exists()


def test_a_stale_form_is_refused_with_its_text_kept(client, story, editor_user):
    client.force_login(editor_user)
    add = f"/admin/articles/article/{story.pk}/updates/add/"
    data, _ = _form_data(story, headline="My new headline")
    Article.objects.filter(pk=story.pk).update(version=story.version + 1, dateline="HUE")
    response = client.post(add, data)
    html = response.content.decode()
    assert response.status_code == 200 and "My new headline" in html
    assert "saved after you opened this form" in html
    assert not ScheduledUpdate.objects.exists()
    data["version"] = story.version + 1  # the form now carries the version it showed
    data["dateline"] = "HUE"
    assert client.post(add, data).status_code == 302


def test_the_editor_cancels_from_the_story_page(client, story, editor_user):
    update = _schedule(story, editor_user, at=timezone.now() + timedelta(hours=1))
    client.force_login(editor_user)
    url = f"/admin/articles/article/{story.pk}/updates/{update.pk}/cancel/"
    assert client.get(url).status_code == 405
    assert client.post(url).status_code == 302
    update.refresh_from_db()
    assert update.state == ScheduledUpdate.State.CANCELLED


def test_journalists_may_not_schedule_or_cancel(client, story, editor_user, journalist_user):
    update = _schedule(story, editor_user, at=timezone.now() + timedelta(hours=1))
    client.force_login(journalist_user)
    data, _ = _form_data(story)
    for url in [
        f"/admin/articles/article/{story.pk}/updates/add/",
        f"/admin/articles/article/{story.pk}/updates/{update.pk}/",
        f"/admin/articles/article/{story.pk}/updates/{update.pk}/cancel/",
    ]:
        assert client.post(url, data).status_code == 403, url
    assert ScheduledUpdate.objects.get().state == "pending"


def test_the_preview_shows_the_page_as_it_will_be_at_that_second(client, story, editor_user):
    at = timezone.now().replace(microsecond=0) + timedelta(hours=1)
    update = _schedule(story, editor_user, at=at)
    client.force_login(editor_user)
    response = client.get(f"/preview/{story.pk}/updates/{update.pk}/")
    html = response.content.decode()
    assert response.status_code == 200 and NEW in html and NEW_LEAD in html and OLD not in html
    assert f'Updated <time datetime="{isotime(at)}"' in html
    assert response["Cache-Control"] == "private, no-store"
    story.refresh_from_db()
    assert story.headline == OLD  # nothing written


def test_saving_the_story_warns_when_a_pending_update_will_replace_the_change(
    client, story, editor_user
):
    from tests.admin_forms import form_data

    _schedule(story, editor_user, at=timezone.now() + timedelta(hours=1))
    client.force_login(editor_user)
    change = f"/admin/articles/article/{story.pk}/change/"
    data = form_data(client.get(change)) | {"lead": "A fix to the lead."}
    response = client.post(change, data, follow=True)
    assert "also changes" in response.content.decode()
    story.refresh_from_db()
    assert story.lead == "A fix to the lead."


def test_the_demo_storm_story_has_an_update_a_little_ahead(reader, settings):
    from demo import content
    from demo.seed import seed

    settings.NEWSROOM_PAGE_CACHE = True
    seed(generated=5)
    update = ScheduledUpdate.objects.get()
    assert update.state == "pending" and update.article.headline == content.STORM_UPDATE["headline"]
    assert timezone.now() < update.publish_at < timezone.now() + timedelta(hours=1)
    url = update.article.get_absolute_url()
    assert content.STORM_UPDATE["lead"] not in _html(reader, url)
    with time_machine.travel(update.publish_at, tick=False):
        assert content.STORM_UPDATE["paragraph"] in _html(reader, url)
        assert content.STORM_UPDATE["lead"] in _html(reader, "/")
    seed(generated=5)
    assert ScheduledUpdate.objects.count() == 1  # once, ever


def test_a_failing_publication_serves_the_page_stores_no_copy_and_is_tried_again(
    page_cache, reader, story, editor_user, monkeypatch
):
    from django.db import DatabaseError

    at = timezone.now() + timedelta(minutes=2)
    _schedule(story, editor_user, at=at)
    real = updates._publish

    def locked(update, story):
        raise DatabaseError("database is locked")

    monkeypatch.setattr(updates, "_publish", locked)
    with time_machine.travel(at, tick=False):
        assert OLD in _html(reader, story.get_absolute_url())  # served, never an error
        assert ScheduledUpdate.objects.get().state == "pending"  # rolled back, to retry
        monkeypatch.setattr(updates, "_publish", real)
        assert NEW in _html(reader, story.get_absolute_url())  # no copy of the old text kept


def test_an_update_is_published_once_however_many_ask(story, editor_user):
    at = timezone.now() + timedelta(minutes=2)
    update = _schedule(story, editor_user, at=at)
    with time_machine.travel(at, tick=False):
        assert updates._settle(update.pk, at) == 1
        assert updates._settle(update.pk, at) == 0  # claimed already
        assert updates.publish_due() == 0
    story.refresh_from_db()
    assert story.version == update.base_version + 1
    assert Event.objects.filter(kind=Event.Kind.UPDATE_PUBLISHED).count() == 1
