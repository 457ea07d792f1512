from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError
from django.utils import timezone

from articles.models import Article, Byline
from sections.models import Section
from tests.factories import ArticleFactory, ImageFactory, SectionFactory, WriterFactory
from writers.models import Writer

pytestmark = pytest.mark.django_db


class TestSlugs:
    def test_article_slug_comes_from_the_headline(self):
        story = ArticleFactory(headline="Bão số 15 đổ bộ Đà Nẵng")
        assert story.slug == "bao-so-15-do-bo-da-nang"

    def test_article_slugs_stay_unique(self):
        first = ArticleFactory(headline="Flood in Huế")
        second = ArticleFactory(headline="Flood in Huế")
        assert (first.slug, second.slug) == ("flood-in-hue", "flood-in-hue-2")

    def test_article_slug_is_kept_when_the_headline_changes(self):
        story = ArticleFactory(headline="First headline")
        story.headline = "Second headline"
        story.save()
        assert story.slug == "first-headline"

    def test_writer_slug_transliterates(self):
        assert WriterFactory(name="Thanh Hà").slug == "thanh-ha"

    def test_writer_sort_name_folds_diacritics(self):
        assert WriterFactory(name="Đỗ Minh Quân").sort_name == "do minh quan"

    def test_writers_sort_as_vietnamese_readers_expect(self):
        for name in ["Hoàng Lan", "Đỗ Minh Quân", "Anh Thư", "Dung Lê"]:
            WriterFactory(name=name)
        assert [w.name for w in Writer.objects.all()] == [
            "Anh Thư",
            "Đỗ Minh Quân",
            "Dung Lê",
            "Hoàng Lan",
        ]

    def test_section_slug_is_generated_and_unique(self):
        assert Section.objects.create(name="Đời sống").slug == "doi-song"
        assert Section.objects.create(name="Đời sống").slug == "doi-song-2"

    def test_generated_section_slug_avoids_reserved_paths(self):
        assert Section.objects.create(name="Admin").slug == "admin-2"

    def test_section_slug_may_not_take_a_reserved_path(self):
        section = Section(name="Tags", slug="tags")
        with pytest.raises(ValidationError) as error:
            section.full_clean()
        assert "slug" in error.value.message_dict

    def test_duplicate_article_slug_is_refused_by_the_database(self):
        ArticleFactory(slug="same")
        with pytest.raises(IntegrityError):
            ArticleFactory(slug="same")


class TestBody:
    def test_hostile_html_is_removed_on_save(self):
        story = ArticleFactory(
            body='<p onclick="steal()">Hi<script>alert(1)</script></p>'
            '<a href="javascript:alert(1)">x</a><iframe src="https://evil"></iframe>'
            '<img src=x onerror="alert(1)"><style>body{}</style>'
        )
        story.refresh_from_db()
        assert story.body == '<p>Hi</p><a rel="noopener noreferrer">x</a>'

    def test_allowed_markup_is_kept(self):
        html = (
            "<h2>Sub</h2><p><strong>Bold</strong> <em>it</em> "
            '<a href="https://example.com" rel="noopener noreferrer">link</a></p>'
            "<ul><li>one</li></ul><blockquote><p>quote</p></blockquote>"
        )
        story = ArticleFactory(body=html)
        story.refresh_from_db()
        assert story.body == html

    def test_bulk_created_stories_are_sanitised_too(self):
        section = SectionFactory()
        Article.objects.bulk_create(
            [Article(headline="Bulk", slug="bulk", lead="L", section=section,
                     body="<p>ok</p><script>x()</script>")]
        )  # fmt: skip
        assert Article.objects.get(slug="bulk").body == "<p>ok</p>"


class TestPublicationRules:
    def test_published_story_needs_a_publication_time(self):
        with pytest.raises(IntegrityError):
            ArticleFactory(status=Article.Status.PUBLISHED, publish_at=None)

    def test_expiry_must_follow_publication(self):
        now = timezone.now()
        with pytest.raises(IntegrityError):
            ArticleFactory(live=True, publish_at=now, expire_at=now - timedelta(minutes=1))

    def test_clean_explains_the_rules_in_editors_words(self):
        now = timezone.now()
        story = ArticleFactory.build(
            status=Article.Status.PUBLISHED,
            publish_at=None,
            section=SectionFactory(),
            hero_image=ImageFactory.build(alt_text=""),
        )
        with pytest.raises(ValidationError) as error:
            story.clean()
        assert set(error.value.message_dict) == {"publish_at", "hero_image"}
        story.publish_at, story.expire_at = now, now
        story.hero_image.alt_text = "A flooded street"
        with pytest.raises(ValidationError) as error:
            story.clean()
        assert set(error.value.message_dict) == {"expire_at"}

    def test_first_published_time_is_recorded_once(self):
        story = ArticleFactory(live=True)
        first = story.first_published_at
        assert first == story.publish_at
        story.publish_at = timezone.now()
        story.save()
        assert story.first_published_at == first

    def test_draft_has_no_first_published_time(self):
        assert ArticleFactory().first_published_at is None


class TestDisplayHelpers:
    def test_updated_is_shown_only_for_a_real_update(self):
        story = ArticleFactory(live=True)
        assert story.show_updated is False
        story.updated_at = story.publish_at + timedelta(seconds=30)
        assert story.show_updated is False
        story.updated_at = story.publish_at + timedelta(hours=2)
        assert story.show_updated is True

    def test_credits_group_writers_by_role_in_byline_order(self):
        story = ArticleFactory()
        reporter_b, reporter_a = WriterFactory(name="B"), WriterFactory(name="A")
        translator = WriterFactory(name="T")
        Byline.objects.create(article=story, writer=reporter_b, position=0)
        Byline.objects.create(article=story, writer=translator, position=1, role="translator")
        Byline.objects.create(article=story, writer=reporter_a, position=2)
        credits = story.credits()
        assert credits["reporter"] == [reporter_b, reporter_a]
        assert credits["translator"] == [translator]
        assert credits["photographer"] == []

    def test_same_writer_cannot_hold_the_same_role_twice(self):
        story, writer = ArticleFactory(), WriterFactory()
        Byline.objects.create(article=story, writer=writer)
        with pytest.raises(IntegrityError):
            Byline.objects.create(article=story, writer=writer)

    def test_url_carries_section_slug_and_id(self):
        story = ArticleFactory(
            headline="Storm hits Nha Trang", section=SectionFactory(name="Society")
        )
        assert story.get_absolute_url() == f"/society/storm-hits-nha-trang-{story.pk}/"
