"""Revisions: every save keeps one, diffs read well, restoring never bypasses the workflow."""

import pytest
from reversion.models import Version

from articles.models import Article
from tests.admin_forms import form_data
from tests.factories import ArticleFactory, WriterFactory
from workflow import revisions, transitions

pytestmark = pytest.mark.django_db


def save_in_admin(client, story, **changes):
    url = f"/admin/articles/article/{story.pk}/change/"
    response = client.post(url, form_data(client.get(url)) | changes)
    assert response.status_code == 302
    story.refresh_from_db()


@pytest.fixture
def as_editor(client, editor_user):
    client.force_login(editor_user)
    return client


@pytest.fixture
def story():
    return ArticleFactory(
        headline="Metro line opens", body="<p>First trains run.</p>", writers=[WriterFactory()]
    )


def test_every_admin_save_keeps_a_revision_with_who_and_when(as_editor, editor_user, story):
    save_in_admin(as_editor, story, headline="Metro line 1 opens")
    save_in_admin(as_editor, story, lead="Thousands ride.")
    versions = list(revisions.versions_of(story))
    assert len(versions) == 2
    assert all(v.revision.user == editor_user and v.revision.date_created for v in versions)


def test_workflow_moves_keep_revisions_too(editor_user, story):
    transitions.publish_now(story, by=editor_user)
    version = revisions.latest_version(story)
    assert version.field_dict["status"] == "published"
    assert version.revision.comment == "Publish now"


def test_diff_shows_headline_and_body_changes_readably(as_editor, story):
    save_in_admin(as_editor, story, headline="Original headline")
    save_in_admin(
        as_editor,
        story,
        headline="Better headline",
        body="<p>First trains run.</p><p>Fares are 7,000 dong.</p>",
    )
    (_latest, changes), _ = revisions.history(story)
    by_field = {change.field: change.lines for change in changes}
    assert ("-", "Original headline") in by_field["headline"]
    assert ("+", "Better headline") in by_field["headline"]
    assert ("+", "Fares are 7,000 dong.") in by_field["body"]
    assert "lead" not in by_field


def test_revisions_page_lists_diffs(as_editor, story):
    save_in_admin(as_editor, story, headline="One")
    save_in_admin(as_editor, story, headline="Two")
    html = as_editor.get(f"/admin/articles/article/{story.pk}/revisions/").content.decode()
    assert "- One" in html and "+ Two" in html and "Restore this revision" in html


def test_restore_copies_content_as_a_new_revision(as_editor, editor_user, story):
    save_in_admin(as_editor, story, headline="Good headline")
    good = revisions.latest_version(story)
    save_in_admin(as_editor, story, headline="Bad headline", body="<p>Oops</p>")

    response = as_editor.post(f"/admin/articles/article/{story.pk}/revisions/{good.pk}/restore/")

    assert response.status_code == 302
    story.refresh_from_db()
    assert story.headline == "Good headline" and story.body == "<p>First trains run.</p>"
    assert Version.objects.get_for_object(story).count() == 3
    assert story.events.get(kind="restored").actor == editor_user


def test_restoring_a_draft_revision_keeps_a_live_story_live(as_editor, editor_user, story):
    save_in_admin(as_editor, story, headline="Draft headline")
    draft_version = revisions.latest_version(story)
    transitions.publish_now(story, by=editor_user)
    transitions.withdraw(story, by=editor_user, note="Check")
    transitions.reopen(story, by=editor_user)
    transitions.publish_now(story, by=editor_user)

    revisions.restore_revision(story, draft_version.pk, by=editor_user)

    story.refresh_from_db()
    assert story.headline == "Draft headline"
    assert story.status == Article.Status.PUBLISHED and story.is_live()


def test_restoring_a_published_revision_does_not_publish_a_draft(as_editor, editor_user, story):
    transitions.publish_now(story, by=editor_user)
    published = revisions.latest_version(story)
    transitions.withdraw(story, by=editor_user, note="Legal")
    revisions.restore_revision(story, published.pk, by=editor_user)
    story.refresh_from_db()
    assert story.status == Article.Status.WITHDRAWN


def test_journalist_cannot_restore(client, journalist_user, editor_user):
    story = ArticleFactory(headline="Theirs", writers=[journalist_user.writer])
    transitions.submit(story, by=journalist_user)
    transitions.return_to_writer(story, by=editor_user, note="Shorter")
    first = revisions.latest_version(story)
    client.force_login(journalist_user)
    response = client.post(f"/admin/articles/article/{story.pk}/revisions/{first.pk}/restore/")
    assert response.status_code == 403


def test_a_revision_of_another_story_cannot_be_restored(as_editor, editor_user, story):
    other = ArticleFactory(headline="Other", writers=[WriterFactory()])
    transitions.submit(other, by=editor_user)
    foreign = revisions.latest_version(other)
    as_editor.post(f"/admin/articles/article/{story.pk}/revisions/{foreign.pk}/restore/")
    story.refresh_from_db()
    assert story.headline == "Metro line opens"


def test_diff_names_the_section(as_editor, story):
    from tests.factories import SectionFactory

    save_in_admin(as_editor, story)
    save_in_admin(as_editor, story, section=str(SectionFactory(name="Culture").pk))
    (_latest, changes), _ = revisions.history(story)
    assert ("+", "Culture") in {c.field: c.lines for c in changes}["section"]
