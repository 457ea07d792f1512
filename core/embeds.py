"""Embeds in a story's body: a pasted address of an allowlisted provider, kept as a placeholder.

The body stores `<figure data-embed="https://www.youtube.com/watch?v=…"><a href="…">…</a></figure>`
(the address in a canonical form, and a plain link readers see if nothing else works). A public
page turns the placeholder into the provider's documented embed code, built from the address
alone: no network call while rendering, no oEmbed request, nothing the provider sends us is ever
stored. Only the providers below are known; any other address is refused in the admin and, if it
reaches the database another way (an import, the shell), the sanitiser drops the attribute and
only the link stays (core/html.py).

The Content-Security-Policy of a page with embeds allows exactly the frames and scripts of the
providers it shows (`Provider.frame_src`, `script_src`; newsroom/csp.py).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import parse_qs, quote, urlsplit


@dataclass(frozen=True)
class Provider:
    key: str
    name: str
    # What the provider's embed needs from the page's Content-Security-Policy.
    frame_src: tuple[str, ...] = ()
    script_src: tuple[str, ...] = ()


YOUTUBE = Provider("youtube", "YouTube", frame_src=("https://www.youtube-nocookie.com",))
X = Provider(
    "x", "X (Twitter)", frame_src=("https://platform.twitter.com",),
    script_src=("https://platform.twitter.com",),
)  # fmt: skip
FACEBOOK = Provider("facebook", "Facebook", frame_src=("https://www.facebook.com",))
TIKTOK = Provider("tiktok", "TikTok", frame_src=("https://www.tiktok.com",))
PROVIDERS = {p.key: p for p in (YOUTUBE, X, FACEBOOK, TIKTOK)}

# The response header by which a page names the providers it embeds (newsroom/csp.py).
EMBEDS_HEADER = "X-Embed-Providers"

ALLOWED_NAMES = "YouTube, X (Twitter), Facebook and TikTok"


@dataclass(frozen=True)
class Embed:
    provider: Provider
    url: str  # canonical: what is stored and what the fallback link points at
    ident: str  # the video or post id


_YOUTUBE_ID = re.compile(r"^[A-Za-z0-9_-]{11}$")
_DIGITS = re.compile(r"^\d{1,25}$")
_HANDLE = re.compile(r"^[A-Za-z0-9_]{1,30}$")
_TIKTOK_USER = re.compile(r"^@[A-Za-z0-9_.]{1,40}$")
_FACEBOOK_PATH = re.compile(
    r"^/(?:[A-Za-z0-9.\-]{1,80}/(?:posts|videos)/[A-Za-z0-9]{1,60}|watch|reel/\d{1,25}"
    r"|permalink\.php|story\.php)/?$"
)


def _host(netloc: str) -> str:
    host = netloc.lower().split("@")[-1].split(":")[0]
    return host[4:] if host.startswith("www.") else host


def parse(url: str) -> Embed | None:
    """The embed an address names, or None if it is not a post or video of a known provider.

    Only https (or http, upgraded) addresses on the providers' own hosts, with the shapes their
    share buttons give, are accepted; the canonical address is rebuilt from the parts that were
    checked, so nothing else of what was pasted is kept."""
    url = (url or "").strip()
    if len(url) > 500:
        return None
    parts = urlsplit(url)
    if parts.scheme not in {"http", "https"} or not parts.netloc or "@" in parts.netloc:
        return None
    host = _host(parts.netloc)
    path = parts.path
    query = parse_qs(parts.query)
    segments = [s for s in path.split("/") if s]

    if host in {"youtube.com", "m.youtube.com", "youtu.be", "youtube-nocookie.com"}:
        ident = ""
        if host == "youtu.be" and len(segments) == 1:
            ident = segments[0]
        elif path in {"/watch", "/watch/"}:
            ident = (query.get("v") or [""])[0]
        elif len(segments) == 2 and segments[0] in {"embed", "shorts", "live"}:
            ident = segments[1]
        if _YOUTUBE_ID.match(ident):
            return Embed(YOUTUBE, f"https://www.youtube.com/watch?v={ident}", ident)
        return None

    if host in {"twitter.com", "x.com", "mobile.twitter.com", "mobile.x.com"}:
        if len(segments) == 3 and segments[1] == "status":
            user, ident = segments[0], segments[2]
            if _HANDLE.match(user) and _DIGITS.match(ident):
                return Embed(X, f"https://twitter.com/{user}/status/{ident}", ident)
        return None

    if host in {"facebook.com", "m.facebook.com", "web.facebook.com"}:
        if not _FACEBOOK_PATH.match(path):
            return None
        if path.rstrip("/") == "/watch":
            ident = (query.get("v") or [""])[0]
            if _DIGITS.match(ident):
                return Embed(FACEBOOK, f"https://www.facebook.com/watch/?v={ident}", ident)
            return None
        if path.rstrip("/") in {"/permalink.php", "/story.php"}:
            story = (query.get("story_fbid") or [""])[0]
            owner = (query.get("id") or [""])[0]
            if re.match(r"^[A-Za-z0-9]{1,60}$", story) and _DIGITS.match(owner):
                canonical = f"https://www.facebook.com/permalink.php?story_fbid={story}&id={owner}"
                return Embed(FACEBOOK, canonical, story)
            return None
        canonical = f"https://www.facebook.com{path.rstrip('/')}"
        return Embed(FACEBOOK, canonical, segments[-1])

    if host in {"tiktok.com", "m.tiktok.com"}:
        if len(segments) == 3 and segments[1] == "video":
            user, ident = segments[0], segments[2]
            if _TIKTOK_USER.match(user) and _DIGITS.match(ident):
                return Embed(TIKTOK, f"https://www.tiktok.com/{user}/video/{ident}", ident)
        return None
    return None


def refusal(url: str) -> str:
    """The sentence an editor reads when an address cannot be embedded."""
    return (
        f"“{url[:100]}” cannot be embedded: only posts and videos from {ALLOWED_NAMES} can, "
        "pasted as the address their Share button gives. Link to it instead."
    )


def frame_url(embed: Embed) -> str:
    """The address of the provider's documented player or post frame (empty for X, whose
    documented embed is a quote and a script)."""
    if embed.provider is YOUTUBE:
        return f"https://www.youtube-nocookie.com/embed/{embed.ident}"
    if embed.provider is FACEBOOK:
        plugin = "video" if "/videos/" in embed.url or "/watch" in embed.url else "post"
        width = "&width=500" if plugin == "post" else ""
        return (
            f"https://www.facebook.com/plugins/{plugin}.php?href={quote(embed.url, safe='')}"
            f"&show_text=true{width}"
        )
    if embed.provider is TIKTOK:
        return f"https://www.tiktok.com/player/v1/{embed.ident}"
    return ""


def csp_sources(keys: list[str]) -> dict[str, list[str]]:
    """What the page's policy adds for the providers it embeds (unknown keys are ignored)."""
    frames: list[str] = []
    scripts: list[str] = []
    for key in sorted(set(keys)):
        provider = PROVIDERS.get(key)
        if provider is None:
            continue
        frames += provider.frame_src
        scripts += provider.script_src
    update = {}
    if frames:
        update["frame-src"] = frames
    if scripts:
        update["script-src"] = scripts
    return update
