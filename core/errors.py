"""Error pages: API paths answer in the API's error shape, everything else with an HTML page."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.views import defaults


def _is_api(request: HttpRequest) -> bool:
    return request.path.startswith("/api/")


def not_found(request: HttpRequest, exception: Exception) -> HttpResponse:
    if _is_api(request):
        return JsonResponse({"message": "Not found.", "extra": {"code": "not_found"}}, status=404)
    return defaults.page_not_found(request, exception)


def server_error(request: HttpRequest) -> HttpResponse:
    if _is_api(request):
        # A failure such as a lost database connection: say so in the shape clients parse.
        return JsonResponse(
            {
                "message": "The server could not complete the request; try again.",
                "extra": {"code": "server_error"},
            },
            status=500,
        )
    return defaults.server_error(request)
