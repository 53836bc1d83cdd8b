"""Which uploaded files a page may show inline (photos and PDFs), and the headers that let it.

Only a file whose name's suffix and stored content type agree on an image or PDF type is ever served
inline; anything else (HTML, SVG, Office files, a mislabelled upload) stays a download, so no upload
can run script in the site's origin."""

from __future__ import annotations

from pathlib import Path

from django.http import HttpResponseBase

IMAGE_TYPES = {
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".png": "image/png",
    ".gif": "image/gif",
    ".webp": "image/webp",
}
PDF_TYPES = {".pdf": "application/pdf"}
# The file itself may only be framed by the site's own pages, and may load nothing.
INLINE_CSP = (
    "default-src 'none'; img-src 'self'; style-src 'unsafe-inline'; object-src 'self'; frame-ancestors 'self'"
)


def preview_kind(name: str, content_type: str) -> str:
    """ "image", "pdf" or "" (not shown inline)."""
    suffix = Path(name).suffix.lower()
    content_type = content_type.split(";")[0].strip().lower()
    if IMAGE_TYPES.get(suffix) == content_type:
        return "image"
    if PDF_TYPES.get(suffix) == content_type:
        return "pdf"
    return ""


def allow_inline(response: HttpResponseBase) -> HttpResponseBase:
    """Headers for a file shown in the site's own page (an <img> or a same-origin <iframe>)."""
    response["Content-Security-Policy"] = INLINE_CSP
    response["X-Frame-Options"] = "SAMEORIGIN"
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, max-age=300"
    return response
