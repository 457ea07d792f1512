"""The front page the benchmark measures (docs/frontpage.md): an editor's layout with every slot
pinned: the lead, the four top stories, and a full block of four in every section.

Made once per benchmark database, on top of the seeded stories (a database seeded before the
front page existed gets it on its next run): the newest live stories, none pinned twice.
"""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from articles.models import Article
from frontpage.models import Layout, Pin
from pagecache.signals import invalidate
from pagecache.versions import per_edition
from sections.models import Section

NOTE = "bench: every slot pinned"
TOP = 4  # public.selectors.front_page's top_count
PER_SECTION = 4  # and per_section


def pin_every_slot() -> Layout:
    """The benchmark's layout in force, every slot of the home page pinned (made if missing)."""
    existing = Layout.objects.filter(note=NOTE).first()
    if existing is not None:
        return existing
    live = Article.objects.live().newest_first()
    layout = Layout.objects.create(note=NOTE, starts_at=timezone.now() - timedelta(days=1))
    used: set[int] = set()

    def newest(stories, count: int) -> list[int]:
        found = list(stories.exclude(pk__in=used).values_list("pk", flat=True)[:count])
        used.update(found)
        return found

    pins = [Pin(layout=layout, slot=Pin.Slot.LEAD, article_id=pk) for pk in newest(live, 1)]
    pins += [
        Pin(layout=layout, slot=Pin.Slot.TOP, position=i, article_id=pk)
        for i, pk in enumerate(newest(live, TOP))
    ]
    for section in Section.objects.order_by("position", "pk"):
        pins += [
            Pin(layout=layout, slot=Pin.Slot.SECTION, section=section, position=i, article_id=pk)
            for i, pk in enumerate(newest(live.filter(section=section), PER_SECTION))
        ]
    Pin.objects.bulk_create(pins)
    invalidate(per_edition("home", "fronts"))  # bulk_create sends no signal
    return layout
