from __future__ import annotations

from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.db import models, transaction
from django.http import HttpRequest, JsonResponse
from django.shortcuts import get_object_or_404
from django.urls import NoReverseMatch, path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from images.forms import ImageForm
from images.models import Image
from images.services import save_details, store_upload
from images.tasks import process_after_commit
from images.widgets import choice, preview

# The chooser's page: a row of thumbnails a journalist takes in at a glance.
CHOOSER_PAGE = 12

THUMBNAIL_WIDTH = 320


def _may(request: HttpRequest, perm: str, image: Image) -> bool:
    """The object permission, asked once per request (the admin asks a form several times)."""
    answers = request.__dict__.setdefault("_image_permissions", {})
    key = (perm, image.pk)
    if key not in answers:
        answers[key] = request.user.has_perm(perm, image)
    return answers[key]


class AltTextFilter(admin.SimpleListFilter):
    title = _("alt text")
    parameter_name = "alt"

    def lookups(self, request, model_admin):
        return [("missing", _("Missing")), ("present", _("Present"))]

    def queryset(self, request, queryset):
        if self.value() == "missing":
            return queryset.filter(alt_text__regex=r"^\s*$")
        if self.value() == "present":
            return queryset.exclude(alt_text__regex=r"^\s*$")
        return queryset


class UseFilter(admin.SimpleListFilter):
    title = _("used as")
    parameter_name = "used"

    def lookups(self, request, model_admin):
        return [
            ("hero", _("A story's hero image")),
            ("writer", _("A writer's photo")),
            ("no", _("Unused")),
        ]

    def queryset(self, request, queryset):
        heroes = models.Exists(
            Image.hero_of.rel.related_model._default_manager.filter(
                hero_image=models.OuterRef("pk")
            )
        )
        photos = models.Exists(
            Image.writer_photo_of.rel.related_model._default_manager.filter(
                photo=models.OuterRef("pk")
            )
        )
        if self.value() == "hero":
            return queryset.filter(heroes)
        if self.value() == "writer":
            return queryset.filter(photos)
        if self.value() == "no":
            return queryset.filter(~heroes, ~photos)
        return queryset


@admin.register(Image)
class ImageAdmin(admin.ModelAdmin):
    form = ImageForm
    list_display = ["thumbnail", "alt_text_or_warning", "caption", "credit", "size",
                    "uploaded_at", "uploaded_by"]  # fmt: skip
    list_display_links = ["thumbnail", "alt_text_or_warning"]
    list_filter = [AltTextFilter, UseFilter, "uploaded_at", "uploaded_by"]
    list_select_related = ["uploaded_by"]
    search_fields = ["alt_text", "caption", "credit", "file"]
    date_hierarchy = "uploaded_at"
    list_per_page = 40
    readonly_fields = ["focal_preview", "size", "uploaded_at", "uploaded_by", "processing"]
    fieldsets = [
        (None, {"fields": ["file", "alt_text", "caption", "credit"]}),
        (
            _("Focal point"),
            {
                "fields": ["focal_preview", ("focal_x", "focal_y")],
                "description": _(
                    "Click the picture on the spot that must stay in view when it "
                    "is cropped to a card (16:9) or a square."
                ),
            },
        ),
        (_("About the file"), {"fields": ["processing", "size", "uploaded_at", "uploaded_by"]}),
    ]

    class Media:
        css = {"all": ["images/admin.css"]}
        js = ["images/focal-point.js"]

    def get_urls(self):
        preview_view = self.admin_site.admin_view(self.preview_view)
        wrap = self.admin_site.admin_view
        return [
            path("<int:pk>/preview.json", preview_view, name="images_image_preview"),
            path("choose.json", wrap(self.choose_view), name="images_image_choose"),
            path(
                "choose/upload/", wrap(self.choose_upload_view), name="images_image_choose_upload"
            ),
            *super().get_urls(),
        ]

    # --- Who may change a picture ---------------------------------------------------------
    # The model permission lets someone upload and open the library; changing or deleting one
    # picture also needs the object permission, which the editorial side grants by its rule
    # (settings.AUTHENTICATION_BACKENDS; docs/images.md). Without it the form is read-only:
    # the picture can still be viewed and chosen.

    def has_change_permission(self, request: HttpRequest, obj: Image | None = None) -> bool:
        allowed = super().has_change_permission(request, obj)
        return allowed and (obj is None or _may(request, "images.change_image", obj))

    def has_delete_permission(self, request: HttpRequest, obj: Image | None = None) -> bool:
        allowed = super().has_delete_permission(request, obj)
        return allowed and (obj is None or _may(request, "images.delete_image", obj))

    def changelist_view(self, request: HttpRequest, extra_context=None):
        # An action the user is not offered is refused outright, not passed over in silence.
        action = request.POST.get("action") if request.method == "POST" else None
        if action and action not in self.get_actions(request):
            raise PermissionDenied
        return super().changelist_view(request, extra_context)

    def preview_view(self, request: HttpRequest, pk: int) -> JsonResponse:
        """The chooser's preview: thumbnail URL and alt text of one image."""
        if not self.has_view_permission(request):
            raise PermissionDenied
        return JsonResponse(preview(get_object_or_404(Image, pk=pk)))

    def choose_view(self, request: HttpRequest) -> JsonResponse:
        """The chooser's list: pictures newest first, searched by alt text, caption or credit
        (every word must match one of them), a page at a time (one query: a page and one more
        row, to know whether there is a next page; no count)."""
        if not self.has_view_permission(request):
            raise PermissionDenied
        try:
            page = max(1, min(int(request.GET.get("page", 1)), 10_000))
        except ValueError:
            page = 1
        words = request.GET.get("q", "").split()[:8]
        images = Image.objects.all()
        for word in words:
            images = images.filter(
                models.Q(alt_text__icontains=word)
                | models.Q(caption__icontains=word)
                | models.Q(credit__icontains=word)
            )
        start = (page - 1) * CHOOSER_PAGE
        found = list(images.order_by("-uploaded_at", "-pk")[start : start + CHOOSER_PAGE + 1])
        return JsonResponse(
            {
                "results": [choice(image) for image in found[:CHOOSER_PAGE]],
                "page": page,
                "has_previous": page > 1,
                "has_next": len(found) > CHOOSER_PAGE,
                "can_upload": self.has_add_permission(request),
            }
        )

    def choose_upload_view(self, request: HttpRequest) -> JsonResponse:
        """Upload from the chooser: the library's own form and checks (images/forms.py), kept
        for the worker as an upload from the library's page is (store_upload, then the task
        once the transaction commits). Answers the new picture, or the form's errors."""
        if request.method != "POST":
            return JsonResponse({"error": "POST a picture."}, status=405)
        if not self.has_add_permission(request):
            raise PermissionDenied
        form = ImageForm(request.POST, request.FILES)
        if not form.is_valid():
            return JsonResponse({"errors": form.errors.get_json_data()}, status=400)
        upload = form.checked_upload
        if upload is None:  # the form asks a new picture for its file; this is a new picture
            message = {"message": "Choose a picture to upload.", "code": "required"}
            return JsonResponse({"errors": {"file": [message]}}, status=400)
        with transaction.atomic():
            image = form.instance
            store_upload(image, upload, uploaded_by=request.user)
            process_after_commit(image)
            # In the admin's history, as an upload from the library's page is.
            self.log_addition(request, image, [{"added": {}}])
        return JsonResponse({"image": choice(image)}, status=201)

    def save_model(self, request: HttpRequest, obj: Image, form, change: bool) -> None:
        """A new file is kept for the worker, which cleans it and makes the renditions after
        the request has answered (images/tasks.py); other changes save only the form's fields."""
        if form.checked_upload is not None:
            store_upload(obj, form.checked_upload, uploaded_by=request.user)
        else:
            save_details(obj)
        process_after_commit(obj)

    @admin.display(description=_("Picture"))
    def thumbnail(self, image: Image) -> str:
        if not image.has_file:
            return gettext("Failed") if image.processing_error else gettext("Being processed…")
        return format_html(
            '<img src="{}" alt="" width="{}" class="image-thumbnail" loading="lazy">',
            image.rendition_url(THUMBNAIL_WIDTH, "wide"),
            THUMBNAIL_WIDTH // 2,
        )

    @admin.display(description=_("Alt text"), ordering="alt_text")
    def alt_text_or_warning(self, image: Image) -> str:
        if image.has_alt_text:
            return image.alt_text
        return format_html("<strong>{}</strong>", gettext("Missing: needed before publishing"))

    @admin.display(description=_("Size"))
    def size(self, image: Image) -> str:
        return f"{image.width} × {image.height}"

    @admin.display(description=_("Processing"))
    def processing(self, image: Image) -> str:
        """Where the picture is between upload and pages (the background worker's part)."""
        if not image.pk:
            return "-"
        shown = (
            gettext("Pages show the previous picture until then.")
            if image.has_file
            else gettext("Pages show no picture until then.")
        )
        if image.processing_error:
            return format_html(
                "<strong>{}</strong> {} {} {}",
                gettext("Failed:"),
                image.processing_error,
                shown,
                format_html(
                    gettext("Upload the file again, or run the task again from the {}."),
                    _failed_tasks_link(),
                ),
            )
        if image.pending_upload:
            return " ".join(
                [
                    gettext(
                        "The upload is waiting for the background worker, which removes its "
                        "metadata and makes its sizes (usually seconds)."
                    ),
                    shown,
                ]
            )
        if not image.has_renditions:
            return gettext("Sizes not made yet: pages show the original file.")
        return gettext("Done: pages use its sizes.")

    @admin.display(description=_("Preview"))
    def focal_preview(self, image: Image) -> str:
        if not image.pk:
            return gettext("Save the picture first, then set its focal point here.")
        if not image.has_file:
            return gettext("The preview appears here once the upload is processed.")
        return format_html(
            '<div class="focal-preview" data-focal-x="{}" data-focal-y="{}"><img src="{}" alt="{}">'
            '<span class="focal-preview__marker" aria-hidden="true"></span></div>',
            # The script places the marker from these when the form is read-only (no fields).
            image.focal_x,
            image.focal_y,
            image.rendition_url(960, "full"),
            image.alt_text,
        )


def _failed_tasks_link() -> str:
    try:
        url = reverse("admin:django_tasks_database_dbtaskresult_changelist")
    except NoReverseMatch:
        return gettext("list of background tasks")
    return format_html('<a href="{}?outcome=failed">{}</a>', url, gettext("list of failed tasks"))
