"""Structured data as a JSON-LD script element."""

from __future__ import annotations

import json

from markupsafe import Markup

# As django.utils.html.json_script: nothing in the data can close the <script> element.
JSON_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}


def jsonld(data: dict) -> Markup:
    """`data` as a JSON-LD script element."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":")).translate(JSON_ESCAPES)
    return Markup(f'<script type="application/ld+json">{text}</script>')
