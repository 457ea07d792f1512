"""The most-read count's endpoint: a story page's script (static/js/most-read.js) posts the
story's id and token here once when the page is shown (docs/mostread.md).

Never cached by anyone (`no-store`), answered without a query: the token is checked by
computation, the rest is three to five cache operations (mostread.counting). Every well-formed
beacon gets 204, counted or not (a robot, a client that already had the story counted, one past
its limit), so a flood learns nothing and costs what a refused read costs. A malformed one (no
number, a token this site did not give, a body larger than a beacon's) gets 400.
"""

from __future__ import annotations

import time

from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest
from django.utils.cache import add_never_cache_headers
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from mostread import clients, counting

# "story=<19 digits>&token=<20 hex>" and some room.
MAX_BODY = 200
MAX_ID = 2**63 - 1


# No CSRF token: the beacon comes from cached pages, which carry none, and changes nothing of
# anyone's; it is not trusted for that (mostread.clients checks where it comes from).
@csrf_exempt
@require_POST
def read(request: HttpRequest) -> HttpResponse:
    response = _answer(request)
    add_never_cache_headers(response)
    return response


def _answer(request: HttpRequest) -> HttpResponse:
    try:
        length = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        length = MAX_BODY + 1
    if length > MAX_BODY:
        return HttpResponseBadRequest("Not a beacon.", content_type="text/plain")
    story_id, token = request.POST.get("story", ""), request.POST.get("token", "")
    if not (story_id.isascii() and story_id.isdigit()) or int(story_id) > MAX_ID:
        return HttpResponseBadRequest("No such story.", content_type="text/plain")
    if not clients.valid_token(int(story_id), token):
        return HttpResponseBadRequest("No such story.", content_type="text/plain")
    if clients.is_browser(request):
        now = time.time()
        client = clients.client_key(request, counting.day_of(now))
        counting.record(client, int(story_id), now)
    return HttpResponse(status=204)
