from django.contrib import admin

from ninjs.models import ImportedItem


@admin.register(ImportedItem)
class ImportedItemAdmin(admin.ModelAdmin):
    list_display = ["uri", "article", "provider", "version", "imported_at"]
    list_select_related = ["article"]
    search_fields = ["uri", "article__headline"]
    readonly_fields = ["uri", "article", "provider", "version", "versioncreated", "imported_at"]
