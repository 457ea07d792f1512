"""The content side of the story admin: fields, inlines, search and lists.

`ArticleAdmin` is not registered here. The story admin is the editorial desk, so the workflow
app registers it (workflow/admin.py: `StoryAdmin`, this class with the workflow panel, its
filters and read-only status fields), the way an app extends another app's admin. This app
imports only the content apps and core, never the workflow or the page cache.
"""

from __future__ import annotations

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from articles.models import Article, Byline, Correction, RelatedArticle, TaggedArticle
from images.widgets import ImageChooserWidget


class BylineInline(admin.TabularInline):
    model = Byline
    extra = 0
    min_num = 1
    autocomplete_fields = ["writer"]
    fields = ["position", "writer", "role"]
    verbose_name = _("byline")
    verbose_name_plural = _("Byline (in order)")


class RelatedArticleInline(admin.TabularInline):
    model = RelatedArticle
    fk_name = "article"
    extra = 0
    autocomplete_fields = ["related"]
    fields = ["position", "related"]
    verbose_name_plural = _("Related news picked by the editor (shown first, in this order)")


class TagInline(admin.TabularInline):
    model = TaggedArticle
    extra = 0
    autocomplete_fields = ["tag"]
    fields = ["tag"]
    verbose_name_plural = _("Tags")


class CorrectionInline(admin.StackedInline):
    """Corrections are added with the workflow's "Add a correction" button (it records who and
    when); here editors can only read or amend them."""

    model = Correction
    extra = 0
    fields = ["published_at", "text"]

    def has_add_permission(self, request, obj=None):
        return False


class ArticleAdmin(admin.ModelAdmin):
    list_display = ["headline", "section", "byline", "publish_at", "priority"]
    list_filter = [
        "section",
        ("writers", admin.RelatedOnlyFieldListFilter),
        "priority",
    ]
    list_select_related = ["section"]
    search_fields = ["headline", "slug", "lead", "body", "writers__name"]
    date_hierarchy = "publish_at"
    autocomplete_fields = ["section"]
    inlines = [BylineInline, TagInline, RelatedArticleInline, CorrectionInline]
    readonly_fields = ["first_published_at", "created_at", "modified_at"]
    fieldsets = [
        (None, {"fields": ["kicker", "headline", "slug", "lead", "body", "dateline",
                           "section"]}),
        (_("Hero image"), {"fields": ["hero_image", "hero_caption"]}),
        (
            _("Publication"),
            {"fields": ["status", "publish_at", "expire_at", "updated_at", "priority",
                        "first_published_at", "created_at", "modified_at"]},
        ),
        (_("Search engines"), {"fields": ["seo_title", "seo_description"],
                               "classes": ["collapse"]}),
    ]  # fmt: skip

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "hero_image":
            kwargs["widget"] = ImageChooserWidget(db_field.remote_field, self.admin_site)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("bylines__writer")

    @admin.display(description=_("Byline"))
    def byline(self, article: Article) -> str:
        return ", ".join(b.writer.name for b in article.bylines.all())
