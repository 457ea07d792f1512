from django.contrib import admin
from django.db.models import Count
from django.utils.translation import gettext_lazy as _

from tags.models import Tag


@admin.register(Tag)
class TagAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "story_count"]
    search_fields = ["name", "slug"]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(story_count=Count("tagged_articles"))

    @admin.display(description=_("Stories"), ordering="story_count")
    def story_count(self, tag: Tag) -> int:
        return tag.story_count
