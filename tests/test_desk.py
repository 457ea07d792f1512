"""The desk (desk/): the admin's front page for journalists and editors."""

from datetime import timedelta

import pytest
from django.utils import timezone

from articles.models import Article
from tests.factories import ArticleFactory, UserFactory, WriterFactory, correct
from workflow import transitions
from workflow.models import EditLock

pytestmark = pytest.mark.django_db


def desk(client, user):
    client.force_login(user)
    response = client.get("/admin/")
    assert response.status_code == 200
    return response


def queue(response, key):
    return next(q for q in [*response.context["desk_mine"], *response.context["desk_editor"]]
                if q.key == key)  # fmt: skip


def headlines(response, key):
    return [story.headline for story in queue(response, key).stories]


@pytest.fixture
def newsroom_day(journalist_user, other_journalist_user, editor_user):
    """Stories in every state, some the journalist's, some another's."""
    ha, lan = journalist_user.writer, other_journalist_user.writer
    ArticleFactory(headline="Ha draft", writers=[ha])
    returned = ArticleFactory(headline="Ha returned", writers=[ha])
    transitions.submit(returned, by=journalist_user)
    transitions.return_to_writer(returned, by=editor_user, note="Check the toll with the police.")
    # returned, then resubmitted: no longer "returned to me"
    resubmitted = ArticleFactory(headline="Ha resubmitted", writers=[ha])
    transitions.submit(resubmitted, by=journalist_user)
    transitions.return_to_writer(resubmitted, by=editor_user, note="Shorter.")
    transitions.submit(resubmitted, by=journalist_user)
    ArticleFactory(headline="Lan draft", writers=[lan])
    lan_review = ArticleFactory(headline="Lan in review", writers=[lan])
    transitions.submit(lan_review, by=other_journalist_user)
    soon = ArticleFactory(headline="Going out soon", writers=[lan])
    transitions.schedule(soon, by=editor_user, publish_at=timezone.now() + timedelta(hours=3))
    ArticleFactory(headline="Going out next week", writers=[lan], scheduled=True,
                   publish_at=timezone.now() + timedelta(days=7))  # fmt: skip
    live = ArticleFactory(headline="Live story", writers=[ha], live=True)
    corrected = ArticleFactory(headline="Corrected story", writers=[lan], live=True)
    correct(corrected, "The bridge is 2 km long, not 20.")
    old = ArticleFactory(headline="Corrected long ago", live=True)
    correct(old, "A name.", published_at=timezone.now() - timedelta(days=30))
    ArticleFactory(headline="Expired", expired=True)
    ArticleFactory(headline="Withdrawn", withdrawn=True)
    # A live translation by Ha whose original had a material update since.
    original = ArticleFactory(
        headline="Bão vào", edition="vi", live=True, updated_at=timezone.now()
    )
    ArticleFactory(headline="Storm translated", edition="en", live=True, writers=[ha],
                   translation_of=original,
                   source_synced_at=timezone.now() - timedelta(hours=1))  # fmt: skip
    return {"live": live}


def test_a_journalist_sees_their_own_queues_only(client, journalist_user, newsroom_day):
    response = desk(client, journalist_user)
    assert response.context["desk_editor"] == []
    assert set(headlines(response, "my_drafts")) == {"Ha draft", "Ha returned"}
    assert headlines(response, "returned") == ["Ha returned"]
    assert headlines(response, "submitted") == ["Ha resubmitted"]
    html = response.content.decode()
    assert "Check the toll with the police." in html  # the editor's note
    assert "Lan" not in html  # nobody else's stories
    assert "Being edited now" not in html


def test_an_editor_sees_the_newsroom(client, editor_user, journalist_user, newsroom_day):
    response = desk(client, editor_user)
    assert response.context["desk_mine"] == []  # no byline of their own
    assert headlines(response, "waiting") == ["Ha resubmitted", "Lan in review"]  # oldest first
    assert headlines(response, "going_out") == ["Going out soon"]
    assert set(headlines(response, "live")) >= {"Live story", "Corrected story"}
    assert headlines(response, "corrected") == ["Corrected story"]


def test_waiting_for_review_is_oldest_submission_first(client, editor_user, journalist_user):
    first = ArticleFactory(headline="Submitted first", writers=[journalist_user.writer])
    second = ArticleFactory(headline="Submitted second", writers=[journalist_user.writer])
    transitions.submit(first, by=journalist_user)
    transitions.submit(second, by=journalist_user)
    # the second story was created earlier; the order is by submission
    Article.objects.filter(pk=second.pk).update(created_at=timezone.now() - timedelta(days=3))
    response = desk(client, editor_user)
    assert headlines(response, "waiting") == ["Submitted first", "Submitted second"]


def test_times_are_in_the_newsrooms_time_zone(client, editor_user, journalist_user):
    story = ArticleFactory(headline="At six", writers=[journalist_user.writer])
    moment = (timezone.now() + timedelta(hours=5)).replace(second=0, microsecond=0)
    transitions.schedule(story, by=editor_user, publish_at=moment)
    html = desk(client, editor_user).content.decode()
    local = timezone.localtime(moment)
    assert f"goes out {local:%H:%M} GMT+7, {local.day} {local:%B}" in html
    assert "GMT+7, Asia/Ho_Chi_Minh" in html


@pytest.mark.parametrize("who", ["journalist_user", "editor_user"])
def test_each_count_is_what_its_link_lists(client, request, newsroom_day, who):
    user = request.getfixturevalue(who)
    response = desk(client, user)
    queues = [*response.context["desk_mine"], *response.context["desk_editor"]]
    assert queues
    for q in queues:
        listed = client.get(q.url)
        assert listed.status_code == 200, q.url
        assert listed.context["cl"].result_count == q.count, (q.key, q.url)
        assert q.count > 0 or q.key in {"submitted"}, q.key  # the fixture fills each queue


def test_a_count_beyond_the_list_links_to_all(client, journalist_user):
    for n in range(12):
        ArticleFactory(headline=f"Draft {n}", writers=[journalist_user.writer])
    response = desk(client, journalist_user)
    drafts = queue(response, "my_drafts")
    assert drafts.count == 12 and len(drafts.stories) < 12
    assert "All 12" in response.content.decode()


def test_who_is_editing_what(client, editor_user, journalist_user):
    story = ArticleFactory(headline="Open now", writers=[journalist_user.writer])
    EditLock.objects.create(article=story, user=journalist_user)
    stale = ArticleFactory(headline="Left hours ago")
    EditLock.objects.create(
        article=stale, user=journalist_user, seen_at=timezone.now() - timedelta(hours=2)
    )
    html = desk(client, editor_user).content.decode()
    assert "Open now" in html and "Thanh Hà, since" in html
    assert "Left hours ago" not in html


def test_unread_notifications_are_marked(client, journalist_user, editor_user):
    story = ArticleFactory(headline="Floods", writers=[journalist_user.writer])
    transitions.submit(story, by=journalist_user)
    transitions.return_to_writer(story, by=editor_user, note="More on the dykes.")
    html = desk(client, journalist_user).content.decode()
    assert "1 new" in html
    assert "Minh Anh returned “Floods” to you." in html
    client.post("/admin/notifications/")
    assert "1 new" not in client.get("/admin/").content.decode()


def test_a_user_with_no_role_gets_the_admin_sections(client):
    clerk = UserFactory(username="clerk", is_staff=True)
    response = desk(client, clerk)
    assert response.context["desk_mine"] == [] and response.context["desk_editor"] == []
    assert "neither an editor nor linked to a byline" in response.content.decode()


def test_the_header_names_the_site_once(client, editor_user):
    html = desk(client, editor_user).content.decode()
    assert "Newsroom Daily newsroom" not in html
    assert '<div id="site-name"><a href="/admin/">Newsroom Daily</a></div>' in html


def _fill(n, journalist_user, editor_user):
    writer = journalist_user.writer
    for i in range(n):
        co = WriterFactory()
        ArticleFactory(headline=f"Draft {i}", writers=[writer, co])
        review = ArticleFactory(headline=f"Review {i}", writers=[writer, co])
        transitions.submit(review, by=journalist_user)
        back = ArticleFactory(headline=f"Back {i}", writers=[writer])
        transitions.submit(back, by=journalist_user)
        transitions.return_to_writer(back, by=editor_user, note="Again.")
        ArticleFactory(headline=f"Soon {i}", writers=[co], scheduled=True)
        live = ArticleFactory(headline=f"Live {i}", writers=[co], live=True)
        correct(live, "Fixed.")
        EditLock.objects.create(article=live, user=journalist_user)
        source = ArticleFactory(edition="vi", live=True, updated_at=timezone.now())
        ArticleFactory(headline=f"Translated {i}", writers=[writer], translation_of=source,
                       source_synced_at=timezone.now() - timedelta(hours=1))  # fmt: skip


@pytest.mark.parametrize("stories", [1, 12])
def test_the_desk_reads_in_a_fixed_number_of_queries(
    client, journalist_user, editor_user, django_assert_num_queries, stories
):
    """The same count with 1 story per queue and with more than a queue shows."""
    _fill(stories, journalist_user, editor_user)
    editor_writer = WriterFactory(name="Minh Anh", user=editor_user)
    ArticleFactory(writers=[editor_writer])  # an editor who writes sees both halves
    client.force_login(editor_user)
    client.get("/admin/")
    # session, user, their language (staff settings), permissions (2), their byline, the
    # counts, four of my queues, five of the newsroom's, bylines with writers, edit locks,
    # unread count, latest notifications
    with django_assert_num_queries(20):
        assert client.get("/admin/").status_code == 200
