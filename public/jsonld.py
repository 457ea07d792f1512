"""Structured data as a JSON-LD script element."""

from __future__ import annotations

import json

from markupsafe import Markup


def jsonld(data: dict) -> Markup:
    """`data` as a JSON-LD script element. As django.utils.html.json_script: nothing in the
    data can close the <script> element (str.replace: str.translate with a mapping looked each
    character up in Python, a tenth of a list page's time)."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    text = text.replace("<", "\\u003C").replace(">", "\\u003E").replace("&", "\\u0026")
    return Markup(f'<script type="application/ld+json">{text}</script>')
