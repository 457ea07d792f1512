"""Is agency body HTML safe to bring in?

Markup that could run code or pull in content (scripts, styles, frames, forms, event handlers,
javascript: links) is refused with a message: silently dropping it could change what the story
says. Harmless markup outside the site's allowlist (a `<section>` wrapper, a `class`) is unwrapped
by the normal sanitiser and reported as a warning.
"""

from __future__ import annotations

from html.parser import HTMLParser

from core.html import ALLOWED_ATTRIBUTES, ALLOWED_TAGS

DANGEROUS_TAGS = frozenset(
    {"script", "style", "iframe", "frame", "frameset", "object", "embed", "applet", "form",
     "input", "button", "textarea", "select", "link", "meta", "base", "svg", "math",
     "template", "noscript"}
)  # fmt: skip
URL_ATTRIBUTES = frozenset({"href", "src", "action", "formaction", "xlink:href", "srcset"})
DANGEROUS_SCHEMES = ("javascript:", "vbscript:", "data:")


class _Scanner(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.problems: list[str] = []
        self.unwrapped: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in DANGEROUS_TAGS:
            self.problems.append(f"a <{tag}> element")
        elif tag not in ALLOWED_TAGS:
            self.unwrapped.add(f"<{tag}>")
        for name, value in attrs:
            if name.startswith("on"):
                self.problems.append(f"an event handler ({name}) on <{tag}>")
            elif name == "data-image":
                # Agency copy cannot name a picture of this site's library (it could show one
                # that no story has published yet).
                self.problems.append("a picture of this site's library (data-image)")
            elif name in URL_ATTRIBUTES and value:
                compact = "".join(value.split()).lower()
                if compact.startswith(DANGEROUS_SCHEMES):
                    self.problems.append(f"a {compact.split(':')[0]}: address in <{tag} {name}>")
            elif tag in ALLOWED_TAGS and name not in ALLOWED_ATTRIBUTES.get(tag, set()):
                self.unwrapped.add(f"{name}=")

    handle_startendtag = handle_starttag


def check_body_html(html: str) -> tuple[list[str], list[str]]:
    """(problems that refuse the document, warnings about markup that will be dropped)."""
    scanner = _Scanner()
    scanner.feed(html)
    scanner.close()
    warnings = []
    if scanner.unwrapped:
        dropped = ", ".join(sorted(scanner.unwrapped))
        warnings.append(f"markup the site does not use was dropped, text kept: {dropped}")
    return sorted(set(scanner.problems)), warnings
