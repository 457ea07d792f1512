from __future__ import annotations

from datetime import datetime

from django import template
from django.utils import timezone
from django.utils.dateformat import format as date_format

register = template.Library()


@register.filter
def newsroom_time(value: datetime | None) -> str:
    """'18 November 2024, 09:30 GMT+7' in the newsroom's time zone."""
    if value is None:
        return ""
    local = timezone.localtime(value)
    offset = local.utcoffset()
    minutes = int(offset.total_seconds() // 60) if offset is not None else 0
    sign = "+" if minutes >= 0 else "-"
    hours, rest = divmod(abs(minutes), 60)
    label = f"GMT{sign}{hours}" + (f":{rest:02d}" if rest else "")
    return f"{date_format(local, 'j F Y, H:i')} {label}"
