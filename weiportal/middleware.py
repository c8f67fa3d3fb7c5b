"""Site-wide request handling that every app relies on."""

import unicodedata

from django.conf import settings
from django.http import Http404

from weiportal.views import page_not_found


def has_control_character(text):
    """Whether the text holds a NUL or any other control character (Unicode category Cc)."""
    return any(unicodedata.category(character) == "Cc" for character in text)


class RejectControlCharactersMiddleware:
    """A path with a control character in it (``/good-practice/feed/%00/``) names no page:
    404 before any view or database sees it. No URL the portal makes holds one, and some
    databases refuse a NUL in a query."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if has_control_character(request.path_info):
            raise Http404("No page has a control character in its address.")
        return self.get_response(request)


class NotFoundPageMiddleware:
    """With DEBUG on (``make run``), Django answers a missing page with its debug page, which
    lists every URL pattern; show the portal's own GOV.UK "Page not found" instead, as in
    production, so development looks and behaves like the real service. Near the end of
    MIDDLEWARE, so the page has the person, their messages and the CSP nonce."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if (
            settings.DEBUG
            and response.status_code == 404
            and not getattr(response, "portal_page", False)
            and response.get("Content-Type", "").startswith("text/html")
        ):
            response = page_not_found(request)
        return response
