from __future__ import annotations

import json

from django import template
from django.utils.safestring import SafeString, mark_safe

from seo import metadata

register = template.Library()

# As django.utils.html.json_script: nothing in the data can close the <script> element.
JSON_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}


@register.filter
def jsonld(data: dict) -> SafeString:
    """`data` as a JSON-LD script element."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":")).translate(JSON_ESCAPES)
    return mark_safe(f'<script type="application/ld+json">{text}</script>')


def _render(meta: metadata.PageMetadata) -> dict:
    return {"meta": meta}


@register.inclusion_tag("seo/_meta.html", takes_context=True)
def article_metadata(context, article) -> dict:
    return _render(metadata.article_metadata(context["request"], article))


@register.inclusion_tag("seo/_meta.html", takes_context=True)
def section_metadata(context, section, page) -> dict:
    return _render(metadata.section_metadata(context["request"], section, page))


@register.inclusion_tag("seo/_meta.html", takes_context=True)
def writer_metadata(context, writer, page) -> dict:
    return _render(metadata.writer_metadata(context["request"], writer, page))
