"""A small HTML reader for tests: tags with their attributes, and text by element."""

from __future__ import annotations

import re
from html import unescape
from html.parser import HTMLParser


class Page(HTMLParser):
    def __init__(self, html: str) -> None:
        super().__init__(convert_charrefs=True)
        self.elements: list[tuple[str, dict[str, str | None]]] = []
        self._open: list[tuple[str, list[str]]] = []
        self.texts: dict[str, list[str]] = {}
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        self.elements.append((tag, dict(attrs)))
        if tag in {"h1", "h2", "h3", "figcaption", "title", "time"}:
            self._open.append((tag, []))

    def handle_endtag(self, tag):
        if self._open and self._open[-1][0] == tag:
            name, parts = self._open.pop()
            self.texts.setdefault(name, []).append(" ".join("".join(parts).split()))

    def handle_data(self, data):
        for _, parts in self._open:
            parts.append(data)

    def find_all(self, tag: str, **attrs: str) -> list[dict[str, str | None]]:
        return [
            a for t, a in self.elements if t == tag and all(a.get(k) == v for k, v in attrs.items())
        ]


CARD_HEADLINE = re.compile(r'class="card__headline"><a href="[^"]+">([^<]*)</a>')


def card_headlines(html: str) -> list[str]:
    """The headlines of the story cards on a page, in order (not the JSON-LD item lists)."""
    return [unescape(text) for text in CARD_HEADLINE.findall(html)]
