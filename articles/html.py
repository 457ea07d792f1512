"""The story card, for the public templates (`card()` in jinja2/).

The one unit every list repeats: twenty times on a list page, some forty on the home page. As a
template macro it cost more than everything else on a list page together (each call, each
method and filter call inside it goes through Jinja2's call protocol: docs/performance.md,
"Templates"), so it is written here, in the way images/html.py writes the <picture>.

It reads a story card (public.cards.Card) or an Article: both have `headline`, `lead`,
`dateline`, `publish_at`, `section`, `hero_image`, `reporters` and `get_absolute_url()`.
"""

from __future__ import annotations

from markupsafe import Markup, escape

from core.dates import time_tag
from images.html import picture

# The width a card's picture is shown at, for the browser to choose a rendition ("sizes").
CARD_SIZES = "(min-width: 48rem) 24rem, 100vw"
LEAD_SIZES = "(min-width: 76rem) 44rem, (min-width: 48rem) 58vw, 100vw"
RELATED_SIZES = "(min-width: 64rem) 22rem, 100vw"


def card(
    article, level: int = 2, size: str = "", show_section: bool = False, sizes: str = CARD_SIZES
) -> Markup:
    """A story card. `size`: "" (default), "lead", "related" or "compact" (no picture, no
    lead); `level`: the headline's heading level (2 or 3); `show_section`: the section's name
    above the headline."""
    heading = "h3" if level == 3 else "h2"
    parts = [f'<article class="card card--{size}">' if size else '<article class="card">']
    image = article.hero_image if size != "compact" else None
    if image is not None:
        if size == "lead":
            parts.append(picture(image, "wide", LEAD_SIZES, "", True, "card__image"))
        else:
            shown_at = RELATED_SIZES if size == "related" else sizes
            parts.append(picture(image, "wide", shown_at, "", False, "card__image"))
    parts.append('<div class="card__text">')
    if show_section:
        section = article.section
        parts.append(
            f'<p class="card__section"><a href="{section.get_absolute_url()}">'
            f"{escape(section.name)}</a></p>"
        )
    parts.append(
        f'<{heading} class="card__headline"><a href="{article.get_absolute_url()}">'
        f"{escape(article.headline)}</a></{heading}>"
        '<p class="card__meta">'
    )
    for writer in article.reporters:
        parts.append(f'<span class="card__writer">{escape(writer.name)}</span> | ')
    parts.append(f"{time_tag(article.publish_at)}</p>")
    if size != "compact":
        dateline = article.dateline
        parts.append('<p class="card__lead">')
        if dateline:
            parts.append(f'<span class="dateline">{escape(dateline)}</span> – ')
        parts.append(f"{escape(article.lead)}</p>")
    parts.append("</div></article>")
    return Markup("".join(parts))
