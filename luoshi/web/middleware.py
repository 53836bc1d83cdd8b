"""Refuse oversized requests before Django reads them (a 2 GB upload must not fill the disk)."""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext as _


class RequestSizeLimitMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        limit = settings.LUOSHI_MAX_REQUEST_BYTES
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        if length > limit:
            with translation.override(translation.get_language_from_request(request)):
                return self.refuse(length, limit)
        return self.get_response(request)

    @staticmethod
    def refuse(length: int, limit: int) -> HttpResponse:
        message = _(
            "The upload is too large (%(size)d MB); the limit is %(limit)d MB. Nothing was saved."
        ) % {
            "size": length // (1024 * 1024),
            "limit": limit // (1024 * 1024),
        }
        body = render_to_string("web/error_simple.html", {"message": message}, request=None)
        return HttpResponse(body, status=413)
