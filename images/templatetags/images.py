from __future__ import annotations

from django import template

from images.models import Image

register = template.Library()


@register.inclusion_tag("images/_picture.html")
def picture(
    image: Image | None,
    crop: str = "full",
    sizes: str = "100vw",
    alt: str | None = None,
    lead: bool = False,
    css_class: str = "",
) -> dict:
    """A <picture> with WebP and JPEG/PNG srcsets for one crop of a library image.

    `alt=None` uses the image's alt text; pass "" for a decorative copy (a card whose headline
    says it all). `lead=True` for the one picture at the top of a page: loaded at once with high
    priority; every other picture is loaded lazily.
    """
    if image is None:
        return {"sources": None}
    return {
        "sources": image.sources(crop),
        "sizes": sizes,
        "alt": image.alt_text if alt is None else alt,
        "lead": lead,
        "css_class": css_class,
    }
