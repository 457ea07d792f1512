"""A story's body as a public page shows it: the stored (sanitised) HTML, cut where it holds a
library picture or an embed, so the template can put the right markup there.

The stored body keeps placeholders, never the markup readers get (core/html.py):

    <figure data-image="12"><figcaption>Caption for this story</figcaption></figure>
    <figure data-embed="https://www.youtube.com/watch?v=…"><a href="…">…</a></figure>

Every picture of the body is read in one query (`load_pictures`), with the columns its
`<picture>` needs; a picture deleted from the library since, or whose upload is not cleaned
yet, gives nothing (no empty frame, no broken image). Alt text and credit come from the
library, the caption from the body (it may differ per story). An embed is rebuilt from its
address alone (core/embeds.py), with the address as a plain link for readers whose browser
does not load it.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field
from html.parser import HTMLParser

from django.utils.html import strip_tags
from markupsafe import Markup

from core import embeds
from images.models import ImageRow

# The placeholders as core/html.py writes them (nh3 serialises attributes in this form).
_PLACEHOLDER = re.compile(
    r'<figure((?: data-(?:image|embed)="[^"]*")+)>(.*?)</figure>', re.DOTALL | re.IGNORECASE
)
_ATTRIBUTE = re.compile(r' data-(image|embed)="([^"]*)"')
_CAPTION = re.compile(r"<figcaption>(.*?)</figcaption>", re.DOTALL)


@dataclass
class BodyPicture:
    image_id: int
    caption: str
    image: ImageRow | None = None  # set by load_pictures(); None if gone or not ready
    credit: str = ""
    kind: str = "picture"


@dataclass
class BodyEmbed:
    embed: embeds.Embed
    caption: str
    kind: str = "embed"

    @property
    def provider(self) -> str:
        return self.embed.provider.key

    @property
    def provider_name(self) -> str:
        return self.embed.provider.name

    @property
    def url(self) -> str:
        return self.embed.url

    @property
    def frame_url(self) -> str:
        return embeds.frame_url(self.embed)


@dataclass
class BodyHTML:
    html: Markup
    kind: str = "html"


@dataclass
class Body:
    parts: list = field(default_factory=list)

    @property
    def pictures(self) -> list[BodyPicture]:
        return [p for p in self.parts if p.kind == "picture"]

    @property
    def providers(self) -> list[str]:
        """The providers the page embeds, for its Content-Security-Policy."""
        return sorted({p.provider for p in self.parts if p.kind == "embed"})

    @property
    def image_ids(self) -> list[int]:
        return sorted({p.image_id for p in self.pictures})


def _text(fragment: str) -> str:
    """Plain text of a stored fragment (the template escapes it again)."""
    return html.unescape(strip_tags(fragment)).strip()


def split(stored: str) -> Body:
    """The body's parts in order: HTML (already sanitised when stored), pictures and embeds.
    A placeholder whose value no longer passes the checks is dropped, keeping its link."""
    body = Body()
    position = 0
    for match in _PLACEHOLDER.finditer(stored):
        if match.start() > position:
            body.parts.append(BodyHTML(Markup(stored[position : match.start()])))
        position = match.end()
        attributes = dict(_ATTRIBUTE.findall(match.group(1)))
        inner = match.group(2)
        caption_match = _CAPTION.search(inner)
        caption = _text(caption_match.group(1)) if caption_match else ""
        if attributes.get("image", "").isdigit():
            body.parts.append(BodyPicture(int(attributes["image"]), caption))
            continue
        embed = embeds.parse(html.unescape(attributes.get("embed", "")))
        if embed is not None:
            body.parts.append(BodyEmbed(embed, caption))
        else:  # checked when stored; kept only as the text it held
            body.parts.append(BodyHTML(Markup(f"<figure>{inner}</figure>")))
    if position < len(stored):
        body.parts.append(BodyHTML(Markup(stored[position:])))
    return body


def load_pictures(body: Body) -> Body:
    """Give the body's pictures their library rows: one query for all of them, none if the
    body has no picture."""
    ids = body.image_ids
    if not ids:
        return body
    from images.models import Image

    columns = (*ImageRow.FIELDS, "credit")
    rows = {
        row[0]: row
        for row in Image.objects.filter(pk__in=ids).exclude(file="").values_list(*columns)
    }
    for picture in body.pictures:
        row = rows.get(picture.image_id)
        if row is not None:
            picture.image = ImageRow(*row[:-1])
            picture.credit = row[-1]
    return body


def story_body(stored: str) -> Body:
    return load_pictures(split(stored))


def with_embeds(response, body: Body):
    """Name the page's embed providers for its Content-Security-Policy (newsroom/csp.py)."""
    if body.providers:
        response[embeds.EMBEDS_HEADER] = " ".join(body.providers)
    return response


class _Placeholders(HTMLParser):
    """The placeholders' values in an editor's submitted body, read before it is sanitised."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.embeds: list[str] = []
        self.image_ids: list[str] = []

    def handle_starttag(self, tag, attrs) -> None:
        if tag == "figure":
            for name, value in attrs:
                if name == "data-embed":
                    self.embeds.append(value or "")
                elif name == "data-image":
                    self.image_ids.append((value or "").strip())


def check_submitted(html_text: str) -> list[str]:
    """The errors an editor must fix before the body can be saved (the sanitiser would
    otherwise drop these parts without a word): embeds of providers not on the list, pictures
    no longer in the library. Scripts, styles and raw frames are removed by the sanitiser as
    ever; the rich-text editor never sends them."""
    from images.models import Image

    reader = _Placeholders()
    reader.feed(html_text or "")
    reader.close()
    errors = [embeds.refusal(url) for url in reader.embeds if embeds.parse(url) is None]
    ids = {int(i) for i in reader.image_ids if i.isascii() and i.isdigit()}
    if len(ids) < len(set(reader.image_ids)):
        errors.append("A picture in the body does not name a picture of the library.")
    if ids:
        found = set(Image.objects.filter(pk__in=ids).values_list("pk", flat=True))
        if ids - found:
            errors.append(
                "A picture in the body is no longer in the image library (deleted meanwhile): "
                "remove it or choose another."
            )
    return errors
