"""Sanitising rich text: only an allowlist of tags and attributes is ever stored or shown.

Two placeholders may stand in a body, on a `<figure>` (docs/images.md, docs/workflow.md):
`data-image="<id>"`, a picture from the library, and `data-embed="<address>"`, a post or video of
an allowlisted provider (core/embeds.py). Their values are checked here: an id must be a number,
an address must be one core.embeds.parse() accepts (stored in its canonical form); anything else
loses the attribute, so the database never holds an unknown provider's address as an embed, and
never a raw iframe or script (those tags are not in the list).
"""

from __future__ import annotations

import nh3

from core import embeds

ALLOWED_TAGS = {
    "p", "br", "h2", "h3", "h4", "strong", "b", "em", "i", "u", "s", "sub", "sup", "small",
    "a", "ul", "ol", "li", "blockquote", "q", "cite", "figure", "figcaption", "hr",
    "table", "thead", "tbody", "tr", "th", "td", "caption", "code", "pre", "abbr",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title"},
    "abbr": {"title"},
    "th": {"scope", "colspan", "rowspan"},
    "td": {"colspan", "rowspan"},
    "ol": {"start", "reversed"},
    "figure": {"data-image", "data-embed"},
}
ALLOWED_URL_SCHEMES = {"http", "https", "mailto", "tel"}
MAX_IMAGE_ID = 2**63 - 1


def _placeholder(tag: str, attribute: str, value: str) -> str | None:
    if tag != "figure":
        return value
    if attribute == "data-image":
        value = value.strip()
        return value if value.isascii() and value.isdigit() and int(value) <= MAX_IMAGE_ID else None
    if attribute == "data-embed":
        embed = embeds.parse(value)
        return embed.url if embed else None
    return value


def sanitize_html(html: str) -> str:
    """Return html with everything outside the allowlist removed (scripts, styles, handlers)."""
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        attribute_filter=_placeholder,
        url_schemes=ALLOWED_URL_SCHEMES,
        link_rel="noopener noreferrer",
        strip_comments=True,
    )
