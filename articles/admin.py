from __future__ import annotations

from django.contrib import admin
from django.utils import timezone
from django.utils.html import format_html

from articles.models import Article, Byline, Correction, RelatedArticle
from images.widgets import ImageChooserWidget


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


class CorrectionInline(admin.StackedInline):
    model = Correction
    extra = 0
    fields = ["published_at", "text"]


@admin.register(Article)
class ArticleAdmin(admin.ModelAdmin):
    list_display = ["headline", "state_badge", "section", "byline", "publish_at", "priority"]
    list_filter = ["status", "priority", "section"]
    list_select_related = ["section"]
    search_fields = ["headline", "slug", "lead"]
    date_hierarchy = "publish_at"
    autocomplete_fields = ["section"]
    inlines = [BylineInline, RelatedArticleInline, CorrectionInline]
    readonly_fields = ["first_published_at", "created_at", "modified_at"]
    fieldsets = [
        (None, {"fields": ["kicker", "headline", "slug", "lead", "body", "dateline",
                           "section", "tags"]}),
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

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("bylines__writer")

    @admin.display(description="Byline")
    def byline(self, article: Article) -> str:
        return ", ".join(b.writer.name for b in article.bylines.all())

    @admin.display(description="State", ordering="status")
    def state_badge(self, article: Article) -> str:
        now = timezone.now()
        if article.status != Article.Status.PUBLISHED:
            label = article.get_status_display()
        elif article.publish_at > now:
            local = timezone.localtime(article.publish_at)
            label = f"Scheduled for {local:%d %b %H:%M}"
        elif article.is_live(at=now):
            label = "Live"
        else:
            label = "Expired"
        return format_html('<span class="state-badge">{}</span>', label)
