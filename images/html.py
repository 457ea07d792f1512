"""The <picture> element of a library image, for the public templates (`picture()` in jinja2/).

Written in Python rather than as a template macro: every story card has one, and building it
here costs a fraction of a macro call (docs/performance.md, "Templates").
"""

from __future__ import annotations

from markupsafe import Markup

from images.models import Image


def _attr(value: str) -> str:
    """`value` escaped for a double-quoted attribute (str.replace runs in C; markupsafe's
    _attr() builds a Markup object per call)."""
    return (
        value.replace("&", "&amp;").replace('"', "&quot;").replace("<", "&lt;").replace(">", "&gt;")
    )


def picture(
    image: Image | None,
    crop: str = "full",
    sizes: str = "100vw",
    alt: str | None = None,
    lead: bool = False,
    css_class: str = "",
) -> Markup:
    """A <picture> with WebP and JPEG/PNG srcsets for one crop of a library image.

    `alt=None` uses the image's alt text; pass "" for a decorative copy (a card whose headline
    says it all). `lead=True` for the one picture at the top of a page: loaded at once with high
    priority; every other picture is loaded lazily.
    """
    if image is None or not image.file_name:  # a new upload not cleaned yet: nothing to show
        return Markup("")
    sources = image.sources(crop)
    sizes = _attr(sizes)
    webp = ""
    if sources.webp_srcset:
        webp = f'<source type="image/webp" srcset="{_attr(sources.webp_srcset)}" sizes="{sizes}">'
    css = f' class="{_attr(css_class)}"' if css_class else ""
    srcset = ""
    if sources.fallback_srcset:
        srcset = f' srcset="{_attr(sources.fallback_srcset)}" sizes="{sizes}"'
    loading = 'loading="eager" fetchpriority="high"' if lead else 'loading="lazy"'
    return Markup(
        f'<picture>{webp}<img{css} src="{_attr(sources.src)}"{srcset}'
        f' alt="{_attr(image.alt_text if alt is None else alt)}"'
        f' width="{sources.width}" height="{sources.height}" {loading} decoding="async"></picture>'
    )
