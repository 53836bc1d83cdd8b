"""A file download response with a UTF-8 file name (Chinese names survive every browser)."""

from __future__ import annotations

from urllib.parse import quote

from django.http import HttpResponse


def download(content: bytes, content_type: str, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(filename)}"
    response["X-Content-Type-Options"] = "nosniff"
    return response
