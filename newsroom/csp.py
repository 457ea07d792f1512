"""Content-Security-Policy (django-csp): one policy for readers' pages, one for the admin.

Readers' pages load nothing inline: the stylesheet and images come from this site (images also
from the media origin), scripts only from this site, and the JSON-LD blocks are data, which no
script-src governs. Those pages are cached whole and replayed to every reader (pagecache/), so
they never carry a nonce; the header is added by the middleware on every answer, cached or not.

The admin (Django's, django-prose-editor's and ours) needs a little more, and only it gets it:
images as `data:` URLs (the QR code of two-factor enrolment) and the one stylesheet the rich-text
editor (Tiptap) writes into the page, allowed by its hash. Its scripts and the rest of its styles
are files, as in the public site. `NONCE` is offered for a template of ours that ever needs an
inline element (`{{ request.csp_nonce }}`); a page that does not use it gets no nonce.

A reader's page that embeds posts or videos (core/embeds.py) names their providers in the
`X-Embed-Providers` header its view sets (kept with the page's cached copy, removed before the
answer leaves): the policy of that page, and of no other, adds exactly those providers' frame
and script sources (`embeds.csp_sources`).
"""

from __future__ import annotations

from urllib.parse import urlsplit

from csp.constants import NONCE, NONE, SELF
from csp.middleware import CSPMiddleware, PolicyParts
from django.conf import settings
from django.http import HttpRequest, HttpResponseBase
from django.template.response import TemplateResponse
from js_asset import Media

from core.embeds import EMBEDS_HEADER, csp_sources

# The <style data-tiptap-style> element Tiptap's Editor adds (injectCSS, on by default and not
# configurable through django-prose-editor 0.28's createTextareaEditor). The hash is of its text
# in that version; tests/test_csp_browser.py fails if an upgrade changes it.
TIPTAP_STYLE_HASH = "'sha256-PlumsSlvJ7vvWzjqibGAYKq92O3y/4JTxWWsWJvyUYA='"


def media_origins(storage: dict, media_url: str) -> list[str]:
    """Where uploaded pictures are served from, besides this site: the origin of an absolute
    MEDIA_URL, and with S3 the custom domain (a CDN), or else the bucket's own host."""
    origins = []
    if urlsplit(media_url).netloc:
        origins.append(_origin(media_url))
    options = storage.get("OPTIONS", {}) if storage["BACKEND"].startswith("storages.") else None
    if options is None:
        return origins
    bucket = options["bucket_name"]
    if options.get("custom_domain"):
        origins.append(f"https://{options['custom_domain']}")
    elif options.get("endpoint_url"):
        # Path-style (endpoint/bucket/key) and virtual-hosted (bucket.endpoint/key) addresses.
        endpoint = urlsplit(options["endpoint_url"])
        origins += [
            _origin(options["endpoint_url"]),
            f"{endpoint.scheme}://{bucket}.{endpoint.netloc}",
        ]
    else:
        origins.append(f"https://{bucket}.s3.amazonaws.com")
        if options.get("region_name"):
            origins.append(f"https://{bucket}.s3.{options['region_name']}.amazonaws.com")
    return origins


def _origin(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"


def public_directives(*, img_src: list[str], report_uri: str) -> dict:
    directives = {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, *img_src],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "frame-ancestors": [NONE],
        "form-action": [SELF],
    }
    if report_uri:
        directives["report-uri"] = [report_uri]
    return directives


def admin_directives(public: dict) -> dict:
    return {
        **public,
        "script-src": [SELF, NONCE],
        "style-src": [SELF, NONCE, TIPTAP_STYLE_HASH],
        "img-src": [*public["img-src"], "data:"],
    }


class PolicyByPathMiddleware(CSPMiddleware):
    """django-csp's middleware, giving addresses under NEWSROOM_CSP_ADMIN_PREFIX the admin's
    policy (a view's own @csp decorator still wins).

    The rich-text editor's modules are found through an inline import map (django-js-asset's
    Media, rendered by the admin as `{{ media }}`); an admin page's media is given the request's
    nonce, so the import map runs and nothing else inline does.
    """

    def process_template_response(
        self, request: HttpRequest, response: TemplateResponse
    ) -> TemplateResponse:
        context = response.context_data
        if (
            isinstance(context, dict)
            and isinstance(context.get("media"), Media)
            and request.path_info.startswith(settings.NEWSROOM_CSP_ADMIN_PREFIX)
        ):
            context["media"] = context["media"].with_nonce(request.csp_nonce)  # type: ignore[attr-defined]
        return response

    def process_response(
        self, request: HttpRequest, response: HttpResponseBase
    ) -> HttpResponseBase:
        response = super().process_response(request, response)
        if EMBEDS_HEADER in response:
            del response[EMBEDS_HEADER]
        return response

    def get_policy_parts(
        self, request: HttpRequest, response: HttpResponseBase, report_only: bool = False
    ) -> PolicyParts:
        parts = super().get_policy_parts(request, response, report_only)
        if parts.update is None and EMBEDS_HEADER in response:
            update = csp_sources(response[EMBEDS_HEADER].split())
            parts.update = update or None
        if (
            parts.config is None
            and report_only == settings.NEWSROOM_CSP_REPORT_ONLY
            and request.path_info.startswith(settings.NEWSROOM_CSP_ADMIN_PREFIX)
        ):
            parts.config = settings.NEWSROOM_CSP_ADMIN_DIRECTIVES
        return parts
