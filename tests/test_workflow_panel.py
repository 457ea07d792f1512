"""The workflow panel on a story's page: the next move first, confirmation for withdrawing and
deleting, the newsroom's time zone on time fields, history and messages in words."""

import re
from datetime import timedelta

import pytest
from django.contrib.admin.models import DELETION, LogEntry
from django.utils import timezone

from articles.models import Article
from tests.factories import ArticleFactory
from workflow import transitions
from workflow.models import Event

pytestmark = pytest.mark.django_db


def panel(client, user, story):
    client.force_login(user)
    response = client.get(f"/admin/articles/article/{story.pk}/change/")
    assert response.status_code == 200
    return response.content.decode()


def moves_in_order(html):
    return re.findall(r'data-move="(\w+)"', html)


def primary(html):
    found = re.findall(r'workflow-move--primary">\s*<form[^>]*data-move="(\w+)"', html)
    return found[0] if found else None


def test_a_writers_draft_offers_submit_first(client, journalist_user):
    story = ArticleFactory(writers=[journalist_user.writer])
    html = panel(client, journalist_user, story)
    assert primary(html) == "submit"
    assert moves_in_order(html)[0] == "submit"


def test_a_story_in_review_offers_scheduling_first_and_return_second(client, editor_user):
    story = ArticleFactory(in_review=True)
    html = panel(client, editor_user, story)
    assert primary(html) == "schedule"
    assert moves_in_order(html)[:2] == ["schedule", "return_to_writer"]
    # the others are folded away, each behind its name
    assert "<summary>Return to the writer</summary>" in html


def test_a_live_story_has_no_primary_and_withdraw_comes_last(client, editor_user):
    story = ArticleFactory(live=True)
    html = panel(client, editor_user, story)
    assert primary(html) is None
    assert moves_in_order(html)[-1] == "withdraw"
    assert "Yes: readers will no longer see this story." in html


def test_a_withdrawn_story_offers_reopening(client, editor_user):
    html = panel(client, editor_user, ArticleFactory(withdrawn=True))
    assert primary(html) == "reopen"


def test_withdrawing_without_confirming_changes_nothing(client, editor_user):
    story = ArticleFactory(live=True)
    client.force_login(editor_user)
    response = client.post(
        f"/admin/articles/article/{story.pk}/workflow/withdraw/", {"note": "Legal."}, follow=True
    )
    assert "tick the box to confirm" in response.content.decode()
    story.refresh_from_db()
    assert story.status == Article.Status.PUBLISHED
    assert not Event.objects.filter(article=story, kind="withdrawn").exists()


def test_withdrawing_needs_a_reason_even_when_confirmed(client, editor_user):
    story = ArticleFactory(live=True)
    client.force_login(editor_user)
    client.post(f"/admin/articles/article/{story.pk}/workflow/withdraw/", {"confirm": "on"})
    story.refresh_from_db()
    assert story.status == Article.Status.PUBLISHED


def test_time_fields_name_the_newsrooms_zone(client, editor_user):
    html = panel(client, editor_user, ArticleFactory(in_review=True))
    assert "Publish at (GMT+7, Asia/Ho_Chi_Minh)" in html
    assert "Times in the newsroom’s time zone: GMT+7, Asia/Ho_Chi_Minh." in html


def test_the_story_list_names_the_zone(client, editor_user):
    client.force_login(editor_user)
    html = client.get("/admin/articles/article/").content.decode()
    assert "GMT+7, Asia/Ho_Chi_Minh" in html


def test_history_says_what_happened_in_words(client, editor_user, journalist_user):
    story = ArticleFactory(writers=[journalist_user.writer])
    transitions.submit(story, by=journalist_user)
    moment = (timezone.now() + timedelta(days=1)).replace(hour=11, minute=0, second=0)
    transitions.schedule(story, by=editor_user, publish_at=moment)
    html = panel(client, editor_user, story)
    local = timezone.localtime(moment)
    assert f"Scheduled for {local:%H:%M} GMT+7, {local.day} {local:%B}" in html
    assert "(In review → Scheduled)" in html
    assert "(Draft → In review)" in html
    assert "in_review" not in re.sub(
        r'data-[a-z-]+="[^"]*"|class="[^"]*"', "", html.split('class="workflow-history"')[1]
    )


def test_the_message_after_a_move_says_what_happened(client, editor_user):
    story = ArticleFactory(in_review=True)
    client.force_login(editor_user)
    later = timezone.localtime() + timedelta(days=2)
    response = client.post(
        f"/admin/articles/article/{story.pk}/workflow/schedule/",
        {"publish_at": later.strftime("%Y-%m-%dT%H:%M")},
        follow=True,
    )
    html = response.content.decode()
    assert f"Scheduled for {later:%H:%M} GMT+7, {later.day} {later:%B}." in html
    assert ": done." not in html


def test_deleting_asks_for_a_reason_and_logs_it(client, editor_user):
    story = ArticleFactory(headline="A mistake", live=True)
    client.force_login(editor_user)
    url = f"/admin/articles/article/{story.pk}/delete/"
    page = client.get(url).content.decode()
    assert 'name="reason"' in page and "withdraw it instead" in page
    response = client.post(url, {"post": "yes"}, follow=True)
    assert "Give a reason" in response.content.decode()
    assert Article.objects.filter(pk=story.pk).exists()
    client.post(url, {"post": "yes", "reason": "A duplicate of story 12."})
    assert not Article.objects.filter(pk=story.pk).exists()
    entry = LogEntry.objects.get(action_flag=DELETION)
    assert entry.change_message == "Deleted. Reason: A duplicate of story 12."
    assert entry.object_repr == "A mistake" and entry.user == editor_user


def test_there_is_no_bulk_delete_of_stories(client, editor_user):
    client.force_login(editor_user)
    html = client.get("/admin/articles/article/").content.decode()
    assert 'value="delete_selected"' not in html


def test_the_admin_says_story_not_article(client, editor_user):
    client.force_login(editor_user)
    for url in ["/admin/", "/admin/articles/article/", "/admin/articles/article/add/"]:
        html = client.get(url).content.decode()
        text = re.sub(r"<[^>]+>", " ", html)
        assert not re.search(r"\b[Aa]rticles?\b", text), (
            url,
            re.findall(r".{30}\b[Aa]rticles?\b.{30}", text),
        )
