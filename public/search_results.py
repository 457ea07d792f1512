"""The results of one search: which stories, in which order, and whether there were more."""

from __future__ import annotations

from collections.abc import Sequence
from typing import overload

from articles.querysets import ArticleQuerySet
from public.cards import Card, attach_credits, rows


class Results(Sequence[Card]):
    """Story ids in the order shown, at most NEWSROOM_SEARCH_MAX_RESULTS of them; `capped` when
    more stories matched than that. Django's Paginator pages it like a list: `len()` is the
    count, and a slice (one page) reads just its stories, by id, from `stories` (the live,
    filtered queryset), as story cards (public.cards) with their writers."""

    def __init__(self, ids: list[int], *, capped: bool, stories: ArticleQuerySet) -> None:
        self.ids = ids
        self.capped = capped
        self._stories = stories

    def __len__(self) -> int:
        return len(self.ids)

    @overload
    def __getitem__(self, index: int) -> Card: ...
    @overload
    def __getitem__(self, index: slice) -> list[Card]: ...
    def __getitem__(self, index: int | slice) -> list[Card] | Card:
        if isinstance(index, int):
            return self[index : index + 1 or None][0]
        ids = self.ids[index]
        if not ids:
            return []
        cards = Card.from_rows(rows(self._stories.filter(pk__in=ids).order_by()))
        attach_credits(cards)
        found = {card.pk: card for card in cards}
        # A story that stopped being live since the ids were read is left out, never shown.
        return [found[pk] for pk in ids if pk in found]
