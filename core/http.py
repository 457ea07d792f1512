"""What a request says about its client, for the parts of the site that must tell clients apart
without knowing who they are (login lockout, the most-read count)."""

from __future__ import annotations

import ipaddress

from django.conf import settings
from django.http import HttpRequest


def client_ip(request: HttpRequest) -> str:
    """The client's address: REMOTE_ADDR, or behind NEWSROOM_TRUSTED_PROXY_COUNT proxies that
    each append to X-Forwarded-For, the entry the outermost of them added (what a client
    writes into the header itself is further left, and ignored)."""
    remote = request.META.get("REMOTE_ADDR", "")
    count = settings.NEWSROOM_TRUSTED_PROXY_COUNT
    if count <= 0:
        return remote
    hops = [hop.strip() for hop in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
    hops = [hop for hop in hops if hop]
    if len(hops) < count:
        return remote
    try:
        return str(ipaddress.ip_address(hops[-count]))
    except ValueError:
        return remote
