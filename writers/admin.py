from django.contrib import admin

from images.widgets import ImageChooserWidget
from writers.models import Writer


@admin.register(Writer)
class WriterAdmin(admin.ModelAdmin):
    list_display = ["name", "job_title", "user"]
    list_select_related = ["user"]
    search_fields = ["name", "sort_name", "job_title"]
    autocomplete_fields = ["user"]
    ordering = ["sort_name"]

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "photo":
            kwargs["widget"] = ImageChooserWidget(db_field.remote_field, self.admin_site)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)
