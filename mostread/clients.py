"""Who may be counted, and the key a client is counted under.

A read is counted only from a browser: the beacon's request must carry a User-Agent that is not
a known robot's (CrawlerDetect's list, about 1,500 patterns kept up to date upstream), and say
it comes from one of this site's pages (`Sec-Fetch-Site: same-origin`, which browsers send and
scripts must fake on purpose; or, from a browser too old to send it, an `Origin` on this host).

A client is known only by a keyed hash of its address and User-Agent, under a key derived from
SECRET_KEY and the day (UTC). The key is never stored: not beside the counts, not anywhere. So
the cache holds no address, and a hash in it cannot be tied back to one without SECRET_KEY; a
new day gives every client a new, unrelated key, and the hashes of the day before expire with it.
"""

from __future__ import annotations

import hashlib
import hmac
from functools import lru_cache
from urllib.parse import urlsplit

from crawlerdetect import CrawlerDetect
from django.conf import settings
from django.http import HttpRequest
from django.utils.crypto import salted_hmac

from core.http import client_ip

# A User-Agent longer than this is not a browser's (theirs are 100 to 300 characters).
MAX_USER_AGENT = 512

_detector = CrawlerDetect()


def is_browser(request: HttpRequest) -> bool:
    """Whether the request looks like a reader's browser on one of this site's pages."""
    agent = request.META.get("HTTP_USER_AGENT", "")
    if not agent or len(agent) > MAX_USER_AGENT:
        return False
    site = request.META.get("HTTP_SEC_FETCH_SITE")
    if site is not None:
        if site != "same-origin":
            return False
    elif not _same_origin(request):
        return False
    return not is_robot(agent)


def is_robot(user_agent: str) -> bool:
    """A known robot's User-Agent: crawlers, link previews, monitors, headless browsers. The
    answers for the last 1,024 distinct agents are kept (CrawlerDetect's regex over an
    agent not seen before costs about 0.4 ms; one already seen, about 2 µs)."""
    return _detector.is_crawler(user_agent)


def _same_origin(request: HttpRequest) -> bool:
    origin = str(request.META.get("HTTP_ORIGIN", ""))
    return bool(origin) and urlsplit(origin).netloc == request.get_host()


def client_key(request: HttpRequest, day: str) -> str:
    """The client's key on `day` (YYYY-MM-DD): a keyed hash of its address and User-Agent."""
    agent = request.META.get("HTTP_USER_AGENT", "")
    return _day_hash(day, f"{client_ip(request)}\n{agent}")


def seen_key(client: str, story_id: int) -> str:
    """The key that says a client's read of a story was counted: a hash of its (already keyed)
    client key and the story."""
    return hashlib.sha256(f"{client}:{story_id}".encode()).hexdigest()[:32]


def _day_hash(day: str, value: str) -> str:
    return hmac.new(_day_secret(day), value.encode(), hashlib.sha256).hexdigest()[:32]


@lru_cache(maxsize=2)
def _day_secret(day: str) -> bytes:
    return salted_hmac("newsroom.mostread.client", day, secret=settings.SECRET_KEY).digest()


def story_token(story_id: int) -> str:
    """What the story's page gives its beacon: proof that this site rendered a page for that
    id, so a beacon for an id it never showed (a guess, a draft) is refused before it is counted
    and makes no key."""
    value = salted_hmac("newsroom.mostread.story", str(story_id), secret=settings.SECRET_KEY)
    return value.hexdigest()[:20]


def valid_token(story_id: int, token: str) -> bool:
    return hmac.compare_digest(story_token(story_id), token)
