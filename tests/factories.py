"""Factories with named states: ArticleFactory(live=True), (scheduled=True), (expired=True)..."""

from __future__ import annotations

from datetime import timedelta

import factory
from django.contrib.auth.models import User
from django.utils import timezone

from articles.models import Article, Byline, Correction, RelatedArticle
from images.models import Image
from images.services import ensure_renditions
from sections.models import Section
from writers.models import Writer


def _ago(**delta):
    return factory.LazyFunction(lambda: timezone.now() - timedelta(**delta))


def _ahead(**delta):
    return factory.LazyFunction(lambda: timezone.now() + timedelta(**delta))


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ["username"]

    username = factory.Sequence(lambda n: f"user{n}")
    password = factory.django.Password("password")


class SectionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Section

    name = factory.Sequence(lambda n: f"Section {n}")
    position = factory.Sequence(lambda n: n)


class WriterFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Writer

    name = factory.Sequence(lambda n: f"Writer {n}")
    job_title = "Reporter"


class ImageFactory(factory.django.DjangoModelFactory):
    """A small library picture with alt text, caption and credit, and its renditions (pass
    renditions=False to skip them). Small, so tests stay fast: pass file__width=... for more."""

    class Meta:
        model = Image
        skip_postgeneration_save = True

    file = factory.django.ImageField(width=64, height=36, format="JPEG", filename="photo.jpg")
    sha256 = factory.Sequence(lambda n: f"{n:064x}")
    alt_text = "A flooded street in Huế"
    caption = "Water rose a metre overnight."
    credit = "Photo: Newsroom Daily"

    @factory.post_generation
    def renditions(self, create, extracted, **kwargs):
        if create and extracted is not False:
            ensure_renditions(self)


class ArticleFactory(factory.django.DjangoModelFactory):
    """A draft by default; pass live=True, scheduled=True, expired=True, in_review=True or
    withdrawn=True for the other states. `writers=[...]` adds reporter bylines in order."""

    class Meta:
        model = Article
        skip_postgeneration_save = True

    headline = factory.Sequence(lambda n: f"Council votes on budget, part {n}")
    lead = "The city council voted on the budget after a long debate."
    body = "<p>The vote came late in the evening.</p>"
    dateline = "Hanoi"  # a story the rules checker (workflow/checks/) has nothing to say about
    section = factory.SubFactory(SectionFactory)

    class Params:
        live = factory.Trait(status=Article.Status.PUBLISHED, publish_at=_ago(hours=1))
        scheduled = factory.Trait(status=Article.Status.PUBLISHED, publish_at=_ahead(hours=1))
        expired = factory.Trait(
            status=Article.Status.PUBLISHED, publish_at=_ago(days=2), expire_at=_ago(hours=1)
        )
        in_review = factory.Trait(status=Article.Status.IN_REVIEW)
        withdrawn = factory.Trait(status=Article.Status.WITHDRAWN, publish_at=_ago(days=1))

    @factory.post_generation
    def writers(self, create, extracted, **kwargs):
        for position, writer in enumerate(extracted or []):
            Byline.objects.create(article=self, writer=writer, position=position)

    @factory.post_generation
    def tags(self, create, extracted, **kwargs):
        if extracted:
            self.tags.add(*extracted)


STATES = {
    "draft": {},
    "in_review": {"in_review": True},
    "scheduled": {"scheduled": True},
    "live": {"live": True},
    "expired": {"expired": True},
    "withdrawn": {"withdrawn": True},
}
HIDDEN_STATES = [state for state in STATES if state != "live"]


def relate(article: Article, *picks: Article) -> None:
    for position, pick in enumerate(picks):
        RelatedArticle.objects.create(article=article, related=pick, position=position)


def correct(article: Article, text: str, **kwargs) -> Correction:
    return Correction.objects.create(article=article, text=text, **kwargs)
