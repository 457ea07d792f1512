"""Reversing URLs for the public pages, memoised.

A page links every card's story, section and writer: forty `reverse()` calls on an article page,
a hundred on the home page, each resolving the URL patterns again. The result depends only on
the URL configuration, the script prefix and the arguments, so it is remembered per process for
those (bounded; cleared when tests change ROOT_URLCONF). The newsroom sets no per-request
URLconf (`request.urlconf`) and its URL patterns are not translated (no i18n_patterns), so
neither enters the key.
"""

from __future__ import annotations

from functools import lru_cache

from django.core.signals import setting_changed
from django.dispatch import receiver
from django.urls import get_script_prefix
from django.urls import reverse as django_reverse


def reverse(viewname: str, *args, **kwargs) -> str:
    return _reverse(get_script_prefix(), viewname, args, tuple(kwargs.items()))


@lru_cache(maxsize=16_384)
def _reverse(prefix: str, viewname: str, args: tuple, kwargs: tuple) -> str:
    # `prefix` is in the key because django_reverse reads the same thread's script prefix.
    return django_reverse(viewname, args=args or None, kwargs=dict(kwargs) or None)


@receiver(setting_changed)
def _urls_changed(*, setting: str, **_) -> None:
    if setting == "ROOT_URLCONF":
        _reverse.cache_clear()
