"""``Cache-Control: private, no-store`` on everything a signed-in user gets: pages, API responses
and exports (Excel, PDF, evidence), so neither a shared proxy nor the browser's disk keeps a copy.
Every ``/api/`` response is included (a 401 or a public catalog read costs nothing to refetch);
public pages for anonymous visitors keep their own caching."""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.utils.cache import patch_cache_control


class PrivateCacheMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if (
            request.path.startswith("/api/")
            or "HTTP_AUTHORIZATION" in request.META
            or (user is not None and user.is_authenticated)
        ):
            if "public" in response.get("Cache-Control", ""):
                del response["Cache-Control"]
            patch_cache_control(response, private=True, no_store=True)
        return response
