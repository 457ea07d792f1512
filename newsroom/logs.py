"""Logging filters for what an app server on the open internet sees all day.

- `OneLineDisallowedHost`: a request for a host not in DJANGO_ALLOWED_HOSTS (scanners probing by
  IP address, mistyped or hostile Host headers) is answered 400 by Django, which logs it at ERROR
  with a full traceback. This makes it one WARNING line naming the host: worth seeing, not an
  error of ours.
- `SkipHealthChecks`: `/healthz` answering 503 while the database is down (newsroom/health.py)
  would otherwise log an ERROR for every probe of every load balancer.

Filters may change the record they pass (Python's logging documentation, "Filter Objects").
"""

from __future__ import annotations

import logging

from newsroom.health import PATH as HEALTH_PATH


class OneLineDisallowedHost(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        record.levelno, record.levelname = logging.WARNING, "WARNING"
        record.exc_info, record.exc_text = None, None
        return True


class SkipHealthChecks(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        request = getattr(record, "request", None)
        return getattr(request, "path_info", None) != HEALTH_PATH
