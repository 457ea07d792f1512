from __future__ import annotations

from datetime import datetime, timedelta

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from taggit.managers import TaggableManager
from taggit.models import TaggedItemBase

from articles.querysets import PREFETCHED_BYLINES, ArticleQuerySet
from core.fields import SanitizedHTMLField
from core.text import unique_slug
from core.urls import Addresses, reverse_in
from editions import config as editions
from sections.models import Section
from tags.models import Tag
from writers.models import Writer

# An "updated" line is shown only when the update is more than a slip of the clock.
UPDATED_THRESHOLD = timedelta(minutes=1)


def article_url(
    section_slug: str,
    slug: str,
    pk: int,
    edition: str | None = None,
    *,
    urls: Addresses | None = None,
) -> str:
    """A story's address: /<section>/<headline slug>-<id>/ (the id decides; see views), under
    its edition's prefix (`edition`: its code; the current edition's by default, or that of
    `urls`, a page's core.urls.Addresses, when given)."""
    if urls is not None and edition is None:
        return urls.reverse("articles:detail", section=section_slug, slug=slug, pk=pk)
    return reverse_in(
        edition or editions.current().code,
        "articles:detail",
        section=section_slug,
        slug=slug,
        pk=pk,
    )


class Article(models.Model):  # type: ignore[django-manager-missing]  # taggit is untyped
    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        IN_REVIEW = "in_review", _("In review")
        # Published with a future publish_at means scheduled; it goes live at that time.
        PUBLISHED = "published", _("Published")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    class Priority(models.TextChoices):
        LEAD = "lead", _("Lead story")
        TOP = "top", _("Top story")
        NORMAL = "normal", _("Normal")

    # The edition (language) the story is published in (editions/, docs/editions.md).
    edition = models.CharField(
        _("edition"),
        max_length=12,
        choices=editions.choices,
        default=editions.default_code,
        help_text=_("The edition the story is published in, and the language it is written in."),
    )
    # A translation's original, in another edition. Its translations are `translations`.
    # Indexed by `article_one_translation_per_edition`, over translations only (Meta).
    translation_of = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        db_index=False,
        on_delete=models.SET_NULL,
        related_name="translations",
        verbose_name=_("translation of"),
        help_text=_("The original story this one translates."),
    )
    # When the translation last matched its original, and what the original said then (its
    # headline, lead, body and corrections), so the desk can show what changed since.
    source_synced_at = models.DateTimeField(
        _("source checked at"), null=True, blank=True, editable=False
    )
    source_snapshot = models.JSONField(
        _("source as translated"), default=dict, blank=True, editable=False
    )
    headline = models.CharField(_("headline"), max_length=250)
    slug = models.SlugField(
        _("slug"),
        max_length=200,
        unique=True,
        blank=True,
        help_text=_(
            "Part of the story's address. Leave blank to generate it from the headline; "
            "old addresses keep working if it changes."
        ),
    )
    kicker = models.CharField(
        _("kicker"), max_length=80, blank=True, help_text=_("Optional label above the headline.")
    )
    lead = models.TextField(
        _("lead"),
        help_text=_("The standfirst: one or two sentences under the headline and in story lists."),
    )
    body = SanitizedHTMLField(
        _("body"),
        blank=True,
        help_text=_(
            "Paragraphs, subheadings, links, lists and quotes. Anything else (scripts, "
            "styles, embeds) is removed when the story is saved."
        ),
    )
    dateline = models.CharField(
        _("dateline"),
        max_length=80,
        blank=True,
        help_text=_("Where the story was reported, e.g. HCMC, Gia Lai."),
    )
    section = models.ForeignKey(
        Section, on_delete=models.PROTECT, related_name="articles", verbose_name=_("section")
    )
    writers = models.ManyToManyField(
        Writer, through="Byline", related_name="articles", verbose_name=_("writers")
    )
    tags = TaggableManager(_("tags"), through="TaggedArticle", blank=True)
    related = models.ManyToManyField(
        "self",
        through="RelatedArticle",
        through_fields=("article", "related"),
        symmetrical=False,
        blank=True,
        related_name="+",
    )

    hero_image = models.ForeignKey(
        "images.Image",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="hero_of",
        verbose_name=_("hero image"),
        help_text=_("From the image library. Its alt text is required before publishing."),
    )
    hero_caption = models.CharField(
        _("caption for this story"),
        max_length=300,
        blank=True,
        help_text=_("Optional: replaces the image's own caption on this story only."),
    )

    status = models.CharField(
        _("status"), max_length=20, choices=Status, default=Status.DRAFT, db_index=True
    )
    publish_at = models.DateTimeField(
        _("publish at"),
        null=True,
        blank=True,
        help_text=_(
            "When the story goes live. A future time schedules it; it appears on its own "
            "at that minute."
        ),
    )
    expire_at = models.DateTimeField(
        _("expire at"),
        null=True,
        blank=True,
        help_text=_("Optional: when the story leaves the site."),
    )
    first_published_at = models.DateTimeField(
        _("first published at"), null=True, blank=True, editable=False
    )
    updated_at = models.DateTimeField(
        _("public update time"),
        null=True,
        blank=True,
        help_text=_("Shown to readers as “Updated”. Set it only for a material change."),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    modified_at = models.DateTimeField(_("modified at"), auto_now=True)
    # Optimistic concurrency: every save through the admin or the workflow bumps it, and a save
    # based on an older version is refused (workflow/concurrency.py).
    version = models.PositiveIntegerField(_("version"), default=1, editable=False)

    priority = models.CharField(
        _("home-page priority"), max_length=10, choices=Priority, default=Priority.NORMAL
    )
    seo_title = models.CharField(
        _("SEO title"),
        max_length=70,
        blank=True,
        help_text=_("For search results; defaults to the headline."),
    )
    seo_description = models.CharField(
        _("SEO description"),
        max_length=160,
        blank=True,
        help_text=_("For search results; defaults to the lead."),
    )

    objects = ArticleQuerySet.as_manager()

    class Meta:
        ordering = ["-publish_at", "-pk"]
        get_latest_by = "publish_at"
        verbose_name = _("story")
        verbose_name_plural = _("stories")
        permissions = [
            ("publish_article", "Can review, schedule, publish and withdraw any story (editor)"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~Q(status="published") | Q(publish_at__isnull=False),
                name="article_published_has_publish_at",
                violation_error_message=_("A published story needs a publication time."),
            ),
            models.CheckConstraint(
                condition=Q(expire_at__isnull=True)
                | Q(publish_at__isnull=True)
                | Q(expire_at__gt=models.F("publish_at")),
                name="article_expires_after_publication",
                violation_error_message=_("The expiry time must come after the publication time."),
            ),
            # Also the index that finds a story's translations and its original's others
            # (articles.versions, on every article page). Over translations only: most
            # stories are originals, and in an index of every story SQLite's statistics
            # count all their NULLs as one value shared by the whole table, so it walked
            # every live story for an article page's versions instead (30-50 ms at 10,000
            # stories; under 1 ms with this one; tests/test_edition_links.py holds the plan).
            models.UniqueConstraint(
                fields=["translation_of", "edition"],
                condition=Q(translation_of__isnull=False),
                name="article_one_translation_per_edition",
                violation_error_message=_("That story already has a translation in this edition."),
            ),
        ]
        indexes = [
            # The visibility rule across editions (the next scheduled story, for the page cache;
            # lists of the whole site).
            models.Index(fields=["status", "-publish_at"], name="article_live_idx"),
            # An edition's newest-first lists (its home page's latest stories, a busy tag's or
            # writer's page): every reader list filters its edition (public/selectors.py).
            models.Index(
                fields=["edition", "status", "-publish_at"], name="article_edition_live_idx"
            ),
            # A section's page and home block, in an edition.
            models.Index(
                fields=["section", "edition", "status", "-publish_at"],
                name="article_section_edition_idx",
            ),
            # The next expiry, which bounds how long a cached page may be kept (pagecache).
            models.Index(fields=["status", "expire_at"], name="article_expiry_idx"),
            # The home page's lead and top stories, in an edition.
            models.Index(
                fields=["edition", "priority", "status", "-publish_at"],
                name="article_edition_priority_idx",
            ),
        ]

    def __str__(self) -> str:
        return self.headline

    def save(self, *args, **kwargs) -> None:
        if not self.slug:
            self.slug = self._generate_slug()
        if self.status == self.Status.PUBLISHED and self.first_published_at is None:
            self.first_published_at = self.publish_at
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return article_url(self.section.slug, self.slug, self.pk, self.edition)

    def clean(self) -> None:
        errors = {}
        # A picture may wait for its alt text while the story is a draft, not once it is out.
        image = self.hero_image
        if self.status == self.Status.PUBLISHED and image and not image.has_alt_text:
            errors["hero_image"] = _(
                "The hero image has no alt text. Describe what it shows in the image library "
                "before publishing."
            )
        if self.status == self.Status.PUBLISHED and self.publish_at is None:
            errors["publish_at"] = _("A published story needs a publication time.")
        if self.expire_at and self.publish_at and self.expire_at <= self.publish_at:
            errors["expire_at"] = _("The expiry time must come after the publication time.")
        if errors:
            raise ValidationError(errors)

    @property
    def hero_caption_text(self) -> str:
        """The story's own caption, or the image's."""
        if self.hero_caption:
            return self.hero_caption
        return self.hero_image.caption if self.hero_image else ""

    def is_live(self, *, at: datetime | None = None) -> bool:
        """The instance form of ArticleQuerySet.live(); the two must agree."""
        moment = at or timezone.now()
        return (
            self.status == self.Status.PUBLISHED
            and self.publish_at is not None
            and self.publish_at <= moment
            and (self.expire_at is None or self.expire_at > moment)
        )

    @property
    def show_updated(self) -> bool:
        return bool(
            self.updated_at
            and self.publish_at
            and self.updated_at - self.publish_at > UPDATED_THRESHOLD
        )

    @property
    def byline_list(self) -> list[Byline]:
        """The bylines in byline order, with their writers: the list prefetched with
        articles.querysets.card_bylines() or set by public.cards.attach_credits, or one
        query."""
        prefetched = getattr(self, PREFETCHED_BYLINES, None)
        if prefetched is not None:
            return prefetched
        return list(self.bylines.select_related("writer").order_by("position", "pk"))

    @byline_list.setter
    def byline_list(self, bylines: list) -> None:
        setattr(self, PREFETCHED_BYLINES, bylines)

    @cached_property
    def tag_list(self) -> list[Tag]:
        """The story's tags by name (the article page sets it from its own query)."""
        return list(self.tags.all())

    @cached_property
    def correction_list(self) -> list[Correction]:
        """The story's corrections, oldest first (the article page sets it from its own query)."""
        return list(self.corrections.all())

    @cached_property
    def reporters(self) -> list[Writer]:
        return [b.writer for b in self.byline_list if b.role == Byline.Role.REPORTER]

    def credits(self) -> dict[str, list[Writer]]:
        """Writers by byline role, in byline order (uses the prefetched bylines)."""
        grouped: dict[str, list[Writer]] = {role: [] for role in Byline.Role.values}
        for byline in self.byline_list:
            grouped[byline.role].append(byline.writer)
        return grouped

    def _generate_slug(self) -> str:
        others = Article.objects.exclude(pk=self.pk)
        return unique_slug(
            self.headline, fallback="story", taken=lambda s: others.filter(slug=s).exists()
        )


class Byline(models.Model):
    class Role(models.TextChoices):
        REPORTER = "reporter", _("Reporter")
        TRANSLATOR = "translator", _("Translator")
        PHOTOGRAPHER = "photographer", _("Photographer")

    article = models.ForeignKey(
        Article, on_delete=models.CASCADE, related_name="bylines", verbose_name=_("story")
    )
    writer = models.ForeignKey(
        Writer, on_delete=models.PROTECT, related_name="bylines", verbose_name=_("writer")
    )
    role = models.CharField(_("role"), max_length=20, choices=Role, default=Role.REPORTER)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        ordering = ["position", "pk"]
        verbose_name = _("byline")
        verbose_name_plural = _("bylines")
        # The writer page's list: a writer's stories without touching the byline rows' heap.
        indexes = [models.Index(fields=["writer", "article"], name="byline_writer_article_idx")]
        constraints = [
            models.UniqueConstraint(
                fields=["article", "writer", "role"],
                name="byline_unique_writer_role",
                violation_error_message=_("This writer already has that role on the story."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.writer} ({self.get_role_display()})"


class RelatedArticle(models.Model):
    """An editor's pick for a story's Related news block, in the editor's order."""

    article = models.ForeignKey(
        Article, on_delete=models.CASCADE, related_name="related_links", verbose_name=_("story")
    )
    related = models.ForeignKey(
        Article, on_delete=models.CASCADE, related_name="+", verbose_name=_("related story")
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        ordering = ["position", "pk"]
        verbose_name = _("related story")
        verbose_name_plural = _("related stories")
        constraints = [
            models.UniqueConstraint(
                fields=["article", "related"],
                name="related_article_unique",
                violation_error_message=_("That story is already in the related list."),
            ),
            models.CheckConstraint(
                condition=~Q(article=models.F("related")),
                name="related_article_not_itself",
                violation_error_message=_("A story cannot be related to itself."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.article} → {self.related}"


class Correction(models.Model):
    """A dated public note appended to a story."""

    article = models.ForeignKey(
        Article, on_delete=models.CASCADE, related_name="corrections", verbose_name=_("story")
    )
    text = models.TextField(
        _("text"), help_text=_("What was wrong and what is right, for readers.")
    )
    published_at = models.DateTimeField(_("published at"), default=timezone.now)

    class Meta:
        ordering = ["published_at", "pk"]
        verbose_name = _("correction")
        verbose_name_plural = _("corrections")

    def __str__(self) -> str:
        return gettext("Correction of %(date)s to “%(story)s”") % {
            "date": f"{self.published_at:%Y-%m-%d}",
            "story": self.article,
        }


class TaggedArticle(TaggedItemBase):
    content_object = models.ForeignKey(Article, on_delete=models.CASCADE, verbose_name=_("story"))
    tag = models.ForeignKey(
        Tag, on_delete=models.CASCADE, related_name="tagged_articles", verbose_name=_("tag")
    )

    class Meta:
        verbose_name = _("tag")
        verbose_name_plural = _("tags")
        constraints = [
            models.UniqueConstraint(fields=["content_object", "tag"], name="tagged_article_unique")
        ]
        # The tag page's list: a tag's stories from the index alone.
        indexes = [models.Index(fields=["tag", "content_object"], name="tagged_tag_article_idx")]
