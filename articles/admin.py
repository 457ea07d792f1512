from __future__ import annotations

from django.contrib import admin
from django.template.loader import render_to_string

from articles.models import Article, Byline, Correction, RelatedArticle, TaggedArticle
from images.widgets import ImageChooserWidget
from workflow.admin import MineFilter, StateFilter, WorkflowAdminMixin
from workflow.writing import WORDS_PER_MINUTE, aids_for


class BylineInline(admin.TabularInline):
    model = Byline
    extra = 0
    min_num = 1
    autocomplete_fields = ["writer"]
    fields = ["position", "writer", "role"]
    verbose_name = "byline"
    verbose_name_plural = "Byline (in order)"


class RelatedArticleInline(admin.TabularInline):
    model = RelatedArticle
    fk_name = "article"
    extra = 0
    autocomplete_fields = ["related"]
    fields = ["position", "related"]
    verbose_name_plural = "Related news picked by the editor (shown first, in this order)"


class TagInline(admin.TabularInline):
    model = TaggedArticle
    extra = 0
    autocomplete_fields = ["tag"]
    fields = ["tag"]
    verbose_name_plural = "Tags"


class CorrectionInline(admin.StackedInline):
    """Corrections are added with the workflow's "Add a correction" button (it records who and
    when); here editors can only read or amend them."""

    model = Correction
    extra = 0
    fields = ["published_at", "text"]

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Article)
class ArticleAdmin(WorkflowAdminMixin, admin.ModelAdmin):
    list_display = ["headline", "state_badge", "section", "byline", "publish_at", "priority"]
    list_filter = [
        MineFilter,
        StateFilter,
        "section",
        ("writers", admin.RelatedOnlyFieldListFilter),
        "priority",
    ]
    list_select_related = ["section"]
    search_fields = ["headline", "slug", "lead", "body", "writers__name"]
    date_hierarchy = "publish_at"
    autocomplete_fields = ["section"]
    inlines = [BylineInline, TagInline, RelatedArticleInline, CorrectionInline]
    readonly_fields = ["first_published_at", "created_at", "modified_at", "writing_aids"]
    fieldsets = [
        (None, {"fields": ["kicker", "headline", "slug", "lead", "body", "dateline",
                           "section"]}),
        ("Length and previews", {"fields": ["writing_aids"]}),
        ("Hero image", {"fields": ["hero_image", "hero_caption"]}),
        (
            "Publication",
            {"fields": ["status", "publish_at", "expire_at", "updated_at", "priority",
                        "first_published_at", "created_at", "modified_at"]},
        ),
        ("Search engines", {"fields": ["seo_title", "seo_description"], "classes": ["collapse"]}),
    ]  # fmt: skip

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "hero_image":
            kwargs["widget"] = ImageChooserWidget(db_field.remote_field, self.admin_site)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    @admin.display(description="At a glance")
    def writing_aids(self, article: Article) -> str:
        """Word count, reading time, and the search-result and social-card previews
        (workflow/writing.py), kept up to date while typing by the form's script."""
        return render_to_string(
            "admin/articles/article/writing_aids.html",
            {"aids": aids_for(article), "words_per_minute": WORDS_PER_MINUTE},
        )

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("bylines__writer")

    @admin.display(description="Byline")
    def byline(self, article: Article) -> str:
        return ", ".join(b.writer.name for b in article.bylines.all())
