"""What the checks need to know about a body's HTML, read once with the standard library's
parser: paragraphs and their text, links, pictures, and attributes left over from pasting."""

from __future__ import annotations

from dataclasses import dataclass, field
from html.parser import HTMLParser

# Elements whose emptiness means nothing (a picture or a rule has no text and is fine).
SELF_SUFFICIENT = {"img", "picture", "iframe", "video", "audio", "hr", "br", "embed", "object"}


@dataclass
class Picture:
    src: str
    alt: str | None  # None: no alt attribute at all


@dataclass
class Scan:
    paragraphs: list[str] = field(default_factory=list)  # the text of each <p>, as written
    empty_paragraphs: int = 0
    links: list[str] = field(default_factory=list)
    pictures: list[Picture] = field(default_factory=list)  # raw <img>, before sanitising
    library_pictures: list[str] = field(default_factory=list)  # <figure data-image="id">
    pasted_attributes: set[str] = field(default_factory=set)  # "style", "class", ...
    text: str = ""


PASTED = {"style", "class", "face", "color", "lang", "align"}


class _Parser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=False)
        self.scan = Scan()
        self._paragraph: list[str] | None = None
        self._paragraph_has_content = False
        self._chunks: list[str] = []

    def handle_starttag(self, tag, attrs):
        values = dict(attrs)
        self.scan.pasted_attributes |= {name for name, _ in attrs if name in PASTED}
        if tag == "p":
            self._paragraph, self._paragraph_has_content = [], False
        elif tag in SELF_SUFFICIENT and tag != "br" and self._paragraph is not None:
            self._paragraph_has_content = True
        if tag == "a" and values.get("href"):
            self.scan.links.append(values["href"] or "")
        if tag == "figure" and values.get("data-image"):
            self.scan.library_pictures.append((values["data-image"] or "").strip())
        if tag == "img":
            self.scan.pictures.append(Picture(values.get("src") or "", values.get("alt")))

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)

    def handle_endtag(self, tag):
        if tag == "p" and self._paragraph is not None:
            text = "".join(self._paragraph)
            self.scan.paragraphs.append(text)
            if not self._paragraph_has_content and not _visible(text):
                self.scan.empty_paragraphs += 1
            self._paragraph = None

    def handle_data(self, data):
        self._chunks.append(data)
        if self._paragraph is not None:
            self._paragraph.append(data)

    def handle_entityref(self, name):
        self.handle_data("\xa0" if name == "nbsp" else f"&{name};")

    def handle_charref(self, name):
        is_nbsp = name.lower() in {"160", "xa0"}
        self.handle_data("\xa0" if is_nbsp else f"&#{name};")


def _visible(text: str) -> bool:
    return bool(text.replace("\xa0", " ").strip())


def scan(html: str) -> Scan:
    parser = _Parser()
    parser.feed(html or "")
    parser.close()
    parser.scan.text = "".join(parser._chunks)
    return parser.scan
