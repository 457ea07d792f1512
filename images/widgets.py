from __future__ import annotations

from django import forms
from django.urls import reverse


class ImageChooserWidget(forms.HiddenInput):
    """A library picture for a foreign key (a story's hero image, a writer's photo): the chosen
    picture's thumbnail and alt text, a "Choose a picture" button that opens the chooser (search
    by alt text, caption or credit, thumbnails, pages, upload on the spot; static/images/
    image-chooser.js) and "Remove". The id itself travels in a hidden input."""

    template_name = "admin/images/image_chooser.html"
    # The id is hidden, the field is not: the admin shows its row, label and errors.
    is_hidden = False

    class Media:
        css = {"all": ["images/admin.css"]}
        js = ["images/image-chooser.js"]

    def __init__(self, rel, admin_site, attrs=None) -> None:
        self.rel = rel
        self.admin_site = admin_site
        super().__init__(attrs)

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        context.update(chooser_urls(self.admin_site.name))
        context["thumbnail"] = None
        if value:
            image = self.rel.model._default_manager.filter(pk=value).first()
            if image is not None:
                context["thumbnail"] = preview(image)
        return context


def chooser_urls(site_name: str = "admin") -> dict[str, str]:
    """Where the chooser reads the library from and uploads to."""
    return {
        "chooser_url": reverse("admin:images_image_choose", current_app=site_name),
        "upload_url": reverse("admin:images_image_choose_upload", current_app=site_name),
        "preview_url": reverse(
            "admin:images_image_preview", kwargs={"pk": 0}, current_app=site_name
        ).replace("/0/", "/__id__/"),
    }


def preview(image) -> dict:
    """The chooser's thumbnail URL ("" while a new upload is processed) and alt text."""
    return {"url": image.rendition_url(320, "wide"), "alt_text": image.alt_text.strip()}


def choice(image) -> dict:
    """One picture as the chooser lists it."""
    return {
        "id": image.pk,
        "thumbnail": image.rendition_url(320, "wide") if image.has_file else "",
        "alt_text": image.alt_text.strip(),
        "caption": image.caption,
        "credit": image.credit,
        "width": image.width,
        "height": image.height,
        "processing": not image.has_file,
    }
