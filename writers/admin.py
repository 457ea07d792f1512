from django.contrib import admin

from writers.models import Writer


@admin.register(Writer)
class WriterAdmin(admin.ModelAdmin):
    list_display = ["name", "job_title", "user"]
    list_select_related = ["user"]
    search_fields = ["name", "sort_name", "job_title"]
    autocomplete_fields = ["user"]
    ordering = ["sort_name"]
