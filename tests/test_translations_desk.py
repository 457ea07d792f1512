"""Translations on the desk (workflow/translating.py, workflow/admin_translations.py): "Translate"
makes a linked draft in the other edition with the translator on its byline; a translation is
marked "Source changed" when its original gets a material update or a correction (not a minor
edit), shows the difference, and the translator's update clears the mark; the list filter and the
desk's count list exactly the marked translations."""

from __future__ import annotations

from datetime import timedelta

import pytest
import time_machine
from django.utils import timezone

from articles.models import Article, Byline
from staff.models import StaffSettings
from tests.admin_forms import form_data
from tests.factories import ArticleFactory, ImageFactory, WriterFactory, correct, relate
from workflow import transitions, translating
from workflow.models import Event

pytestmark = pytest.mark.django_db


def change_url(story: Article) -> str:
    return f"/admin/articles/article/{story.pk}/change/"


def translate_url(story: Article) -> str:
    return f"/admin/articles/article/{story.pk}/translate/"


def limit(user, *codes: str) -> None:
    StaffSettings.objects.update_or_create(user=user, defaults={"editions": list(codes)})
    user.__dict__.pop("_newsroom_editions", None)


@pytest.fixture
def original(db):
    reporter = WriterFactory(name="Ngọc Mai")
    story = ArticleFactory(
        edition="vi",
        live=True,
        headline="Bão số 9 đổ bộ Quảng Ngãi",
        kicker="Thời tiết",
        lead="Bão mạnh cấp 12 đổ bộ vào Quảng Ngãi sáng nay.",
        body="<p>Gió giật mạnh.</p><p>Hàng nghìn người sơ tán.</p>",
        dateline="Quảng Ngãi",
        hero_image=ImageFactory(),
        hero_caption="Sóng lớn ở Lý Sơn.",
        writers=[reporter],
        tags=["bão", "Quảng Ngãi"],
    )
    return story


@pytest.fixture
def translator(journalist_user):
    return journalist_user


def translated(original, user) -> Article:
    return translating.translate(original, by=user, edition="en")


# --- Translate ---------------------------------------------------------------------------------


def test_translate_makes_a_linked_draft_with_the_sources_fields(original, translator):
    story = translated(original, translator)

    assert story.edition == "en" and story.status == Article.Status.DRAFT
    assert story.translation_of == original
    for name in ("headline", "kicker", "lead", "body", "dateline", "section_id", "hero_image_id",
                 "hero_caption"):  # fmt: skip
        assert getattr(story, name) == getattr(original, name), name
    assert sorted(story.tags.names()) == sorted(original.tags.names())
    assert story.slug != original.slug


def test_translate_credits_the_reporter_and_the_translator(original, translator):
    story = translated(original, translator)
    bylines = [(b.writer.name, b.role) for b in story.bylines.order_by("position")]
    assert bylines == [("Ngọc Mai", Byline.Role.REPORTER), ("Thanh Hà", Byline.Role.TRANSLATOR)]


def test_translate_keeps_the_original_as_it_was_then(original, translator):
    correct(original, "Sửa tên huyện.")
    before = timezone.now()
    story = translated(original, translator)
    assert story.source_synced_at >= before
    snapshot = story.source_snapshot
    assert snapshot["headline"] == original.headline and snapshot["body"] == original.body
    assert snapshot["lead"] == original.lead and snapshot["dateline"] == "Quảng Ngãi"
    assert [c["text"] for c in snapshot["corrections"]] == ["Sửa tên huyện."]
    assert "updated_at" in snapshot


def test_translate_is_recorded_as_a_new_draft(original, translator):
    story = translated(original, translator)
    event = Event.objects.get(article=story)
    assert event.kind == Event.Kind.CREATED and event.actor == translator
    from workflow.revisions import versions_of

    assert versions_of(story).count() == 1


def test_translating_a_translation_links_to_the_original(settings, original, translator):
    settings.NEWSROOM_EDITIONS = [
        *settings.NEWSROOM_EDITIONS,
        {"code": "fr", "name": "Français", "prefix": "fr"},
    ]
    english = translated(original, translator)
    french = translating.translate(english, by=translator, edition="fr")
    assert french.translation_of == original
    assert french.headline == english.headline


def test_related_picks_keep_their_versions_in_the_target_edition(original, translator):
    with_version = ArticleFactory(edition="vi", live=True)
    its_english = ArticleFactory(edition="en", live=True, translation_of=with_version)
    without = ArticleFactory(edition="vi", live=True)
    relate(original, without, with_version)

    story = translated(original, translator)
    assert list(story.related.all()) == [its_english]


def test_a_second_translation_in_the_same_edition_is_refused(original, translator, editor_user):
    first = translated(original, translator)
    with pytest.raises(translating.TranslationRefused) as refused:
        translating.translate(original, by=editor_user, edition="en")
    assert refused.value.existing == first
    assert Article.objects.filter(translation_of=original).count() == 1


def test_translating_back_into_the_originals_edition_is_refused(original, translator):
    english = translated(original, translator)
    with pytest.raises(translating.TranslationRefused) as refused:
        translating.translate(english, by=translator, edition="vi")
    assert refused.value.existing == original


def test_an_edition_the_user_may_not_write_in_is_refused(original, translator):
    limit(translator, "vi")
    with pytest.raises(transitions.NotPermitted):
        translated(original, translator)
    assert not Article.objects.filter(translation_of=original).exists()


def test_translate_button_opens_the_new_draft(client, original, translator):
    client.force_login(translator)
    page = client.get(change_url(original)).content.decode()
    assert "Translate into English" in page

    response = client.post(translate_url(original), {"edition": "en"})
    story = Article.objects.get(translation_of=original)
    assert response.status_code == 302 and response["Location"] == change_url(story)
    page = client.get(change_url(story)).content.decode()
    assert "Bão số 9 đổ bộ Quảng Ngãi" in page  # the original, linked
    assert "(the original)" in page


def test_translate_button_refuses_a_second_with_a_link_to_the_first(
    client, original, translator, editor_user
):
    first = translated(original, translator)
    client.force_login(editor_user)
    response = client.post(translate_url(original), {"edition": "en"}, follow=True)
    page = response.content.decode()
    assert "already has a version in English" in page
    assert f'href="{change_url(first)}"' in page
    assert Article.objects.filter(translation_of=original).count() == 1


def test_translate_button_refuses_an_edition_the_user_may_not_write_in(
    client, original, translator
):
    limit(translator, "vi")
    client.force_login(translator)
    assert "Translate into" not in client.get(change_url(original)).content.decode()
    response = client.post(translate_url(original), {"edition": "en"}, follow=True)
    assert "You may not write in the edition “English”" in response.content.decode()
    assert not Article.objects.filter(translation_of=original).exists()


def test_translate_only_answers_post(client, original, translator):
    client.force_login(translator)
    assert client.get(translate_url(original)).status_code == 405
    assert not Article.objects.filter(translation_of=original).exists()


# --- "Source changed" --------------------------------------------------------------------------


def marked() -> set[int]:
    return set(Article.objects.source_changed().values_list("pk", flat=True))


def test_a_fresh_translation_is_not_marked(original, translator):
    translated(original, translator)
    assert marked() == set()


def test_a_material_update_marks_the_translation(original, translator, editor_user):
    story = translated(original, translator)
    with time_machine.travel(timezone.now() + timedelta(minutes=5)):
        Article.objects.filter(pk=original.pk).update(lead="Bão mạnh cấp 13 đổ bộ sáng nay.")
        transitions.mark_updated(original, by=editor_user)
    assert marked() == {story.pk}
    assert translating.is_marked(story)


def test_a_correction_marks_the_translation(original, translator, editor_user):
    story = translated(original, translator)
    with time_machine.travel(timezone.now() + timedelta(minutes=5)):
        transitions.add_correction(original, by=editor_user, note="Sửa: cấp 13, không phải 12.")
    assert marked() == {story.pk}
    change = translating.source_change(story)
    assert [c.text for c in change.corrections] == ["Sửa: cấp 13, không phải 12."]
    assert change.fields == []


def test_a_minor_edit_does_not_mark_the_translation(client, original, translator, editor_user):
    story = translated(original, translator)
    client.force_login(editor_user)
    with time_machine.travel(timezone.now() + timedelta(minutes=5)):
        data = form_data(client.get(change_url(original))) | {"headline": "Bão số 9 vào Quảng Ngãi"}
        assert client.post(change_url(original), data).status_code == 302
    original.refresh_from_db()
    assert original.headline == "Bão số 9 vào Quảng Ngãi" and original.updated_at is None
    assert marked() == set()
    assert not translating.is_marked(story)


def test_corrections_before_the_translation_do_not_mark_it(original, translator):
    correct(original, "Cũ.", published_at=timezone.now() - timedelta(hours=1))
    translated(original, translator)
    assert marked() == set()


def test_the_diff_shows_the_words_that_changed(original, translator, editor_user):
    story = translated(original, translator)
    with time_machine.travel(timezone.now() + timedelta(minutes=5)):
        Article.objects.filter(pk=original.pk).update(
            lead="Bão mạnh cấp 13 đổ bộ vào Quảng Ngãi sáng nay.",
            body="<p>Gió giật mạnh.</p><p>Hàng chục nghìn người sơ tán.</p><p>Mất điện.</p>",
        )
        transitions.mark_updated(original, by=editor_user)
    change = translating.source_change(story)
    by_label = {f.label: f.paragraphs for f in change.fields}
    assert set(by_label) == {"lead", "body"}
    assert [p for p in by_label["lead"][0] if p[0] != "same"] == [("del", "12 "), ("ins", "13 ")]
    body = by_label["body"]
    assert body[0] == [("same", "Gió giật mạnh.")]
    assert body[1] == [("same", "Hàng "), ("ins", "chục "), ("same", "nghìn người sơ tán.")]
    assert body[2] == [("ins", "Mất điện.")]


def test_the_translations_page_shows_the_mark_and_an_escaped_diff(
    client, original, translator, editor_user
):
    story = translated(original, translator)
    with time_machine.travel(timezone.now() + timedelta(minutes=5)):
        Article.objects.filter(pk=original.pk).update(lead="<b>Bão</b> mạnh cấp 13.")
        transitions.mark_updated(original, by=editor_user)
        transitions.add_correction(original, by=editor_user, note="Cấp 13.")
    client.force_login(editor_user)
    page = client.get(change_url(story)).content.decode()
    assert "Source changed" in page
    assert "<ins>&lt;b&gt;Bão&lt;/b&gt; " in page
    assert "<del>" in page
    assert "Cấp 13." in page
    assert "I have brought this translation up to date with the source" in page


def _mark_by_correction(original, editor_user) -> None:
    with time_machine.travel(timezone.now() + timedelta(minutes=5)):
        transitions.add_correction(original, by=editor_user, note="Sửa lại.")


def test_the_translators_update_clears_the_mark(client, original, translator, editor_user):
    story = translated(original, translator)
    _mark_by_correction(original, editor_user)
    client.force_login(translator)
    with time_machine.travel(timezone.now() + timedelta(minutes=10)):
        data = form_data(client.get(change_url(story)))
        data |= {"lead": "A category-13 storm.", "source_caught_up": "on"}
        assert client.post(change_url(story), data).status_code == 302
    story.refresh_from_db()
    assert story.lead == "A category-13 storm."
    assert marked() == set()
    assert [c["text"] for c in story.source_snapshot["corrections"]] == ["Sửa lại."]


def test_saving_without_the_box_keeps_the_mark(client, original, translator, editor_user):
    story = translated(original, translator)
    _mark_by_correction(original, editor_user)
    client.force_login(translator)
    data = form_data(client.get(change_url(story))) | {"lead": "Half done."}
    assert client.post(change_url(story), data).status_code == 302
    assert marked() == {story.pk}


def test_a_stale_form_does_not_clear_the_mark(client, original, translator, editor_user):
    story = translated(original, translator)
    _mark_by_correction(original, editor_user)
    client.force_login(translator)
    stale = form_data(client.get(change_url(story)))
    # Someone saves the translation meanwhile.
    client.force_login(editor_user)
    fresh = form_data(client.get(change_url(story))) | {"kicker": "Weather"}
    assert client.post(change_url(story), fresh).status_code == 302

    client.force_login(translator)
    response = client.post(change_url(story), stale | {"source_caught_up": "on"})
    assert response.status_code == 200  # refused, the text kept in the form
    assert marked() == {story.pk}


def test_the_filter_lists_exactly_the_marked_translations(client, original, editor_user):
    marked_one = translated(original, editor_user)
    other_original = ArticleFactory(edition="vi", live=True, headline="Lúa mùa")
    up_to_date = translating.translate(other_original, by=editor_user, edition="en")
    ArticleFactory(edition="en", headline="Not a translation")
    _mark_by_correction(original, editor_user)

    client.force_login(editor_user)
    response = client.get("/admin/articles/article/?source_changed=1")
    listed = {story.pk for story in response.context["cl"].result_list}
    assert listed == {marked_one.pk}
    assert up_to_date.pk not in listed


def test_the_story_list_marks_the_translations_whose_source_changed(client, original, editor_user):
    story = translated(original, editor_user)
    Article.objects.filter(pk=story.pk).update(headline="Storm hits Quảng Ngãi")
    _mark_by_correction(original, editor_user)
    for n in range(5):
        ArticleFactory(edition="en", headline=f"Other {n}", writers=[WriterFactory()])
    client.force_login(editor_user)
    page = client.get("/admin/articles/article/").content.decode()
    assert page.count('class="source-changed__mark"') == 1
    row = page[page.index("Storm hits Quảng Ngãi") :]
    assert "source-changed__mark" in row[: row.index("</tr>")]


def test_the_desk_counts_and_marks_the_translations_whose_source_changed(
    client, original, translator, editor_user
):
    story = translated(original, translator)
    client.force_login(editor_user)
    desk = client.get("/admin/")
    queue = {q.key: q for q in desk.context["desk_editor"]}["source_changed"]
    assert queue.count == 0

    _mark_by_correction(original, editor_user)
    desk = client.get("/admin/")
    queue = {q.key: q for q in desk.context["desk_editor"]}["source_changed"]
    assert queue.count == 1 and queue.url.endswith("?source_changed=1")
    assert [s.headline for s in queue.stories] == [story.headline]
    assert queue.stories[0].source_changed and queue.stories[0].edition == "English"

    client.force_login(translator)
    desk = client.get("/admin/")
    mine = {q.key: q for q in desk.context["desk_mine"]}
    assert mine["my_source_changed"].count == 1
    drafts = mine["my_drafts"].stories
    assert [(s.headline, s.source_changed) for s in drafts] == [(story.headline, True)]
    assert "Source changed" in desk.content.decode()


def test_a_scheduled_update_published_into_the_original_marks_the_translation(
    original, translator, editor_user
):
    from workflow import updates

    story = translated(original, translator)
    at = timezone.now() + timedelta(minutes=5)
    transitions.schedule_update(
        original,
        by=editor_user,
        fields={**updates.snapshot(original), "lead": "Bão cấp 13."},
        publish_at=at,
        version=original.version,
    )
    assert marked() == set()
    with time_machine.travel(at + timedelta(seconds=1)):
        updates.publish_due()
    assert marked() == {story.pk}


def test_the_translations_page_reads_as_many_queries_however_much_changed(
    client, original, translator, editor_user
):
    """The Editions box and the difference cost the same with one new correction or five."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    story = translated(original, translator)
    client.force_login(editor_user)

    def count() -> int:
        client.get(change_url(story))  # locks and autosaves settle
        with CaptureQueriesContext(connection) as queries:
            assert client.get(change_url(story)).status_code == 200
        return len(queries)

    _mark_by_correction(original, editor_user)
    one = count()
    for _n in range(4):
        _mark_by_correction(original, editor_user)
    assert count() == one
