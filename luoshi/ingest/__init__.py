"""Ingest: a Chinese policy text becomes a reviewable draft plan.

Pure Python (no Django).  The main entry point is :func:`ingest_text`::

    from luoshi.ingest import ingest_text
    draft = ingest_text(open("plan.txt", "rb").read())
    draft.items            # the top level of the main framework
    draft.to_dict()        # the documented JSON form (docs/ingest.md)
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from luoshi.ingest.errors import IngestError
from luoshi.ingest.model import (
    Assignment,
    Deadline,
    Draft,
    Framework,
    Item,
    Mismatch,
    Project,
    Repair,
    Span,
    Target,
)

if TYPE_CHECKING:
    from luoshi.ingest.clean import Normalised, normalise
    from luoshi.ingest.pipeline import ingest_text

# The pipeline (its extraction and structure patterns) and the clean-up (its patterns over the CJK
# ranges) load on first use, not when a server starts: the web app imports this package for its models.
# The clean-up's module is not named ``normalise``: importing a submodule sets the package's attribute
# of that name, which would hide the function.
_LAZY = {
    "ingest_text": "luoshi.ingest.pipeline",
    "normalise": "luoshi.ingest.clean",
    "Normalised": "luoshi.ingest.clean",
}


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        import importlib

        value = getattr(importlib.import_module(_LAZY[name]), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def ingest_document(data: bytes) -> Draft:
    """Ingest a file's bytes: plain text in any supported encoding, ``.docx``, PDF or OFD.

    The format is told from the bytes, not from a file name; ``draft.encoding`` names
    the format for office files (``"docx"``, ``"pdf"``, ``"ofd"``).
    """
    from luoshi.ingest.decode import MAX_BYTES
    from luoshi.ingest.formats import read_document
    from luoshi.ingest.pipeline import ingest_text

    if len(data) > MAX_BYTES:
        size = len(data) // (1024 * 1024)
        raise IngestError(
            f"文件过大（{size} MB），上限为 {MAX_BYTES // (1024 * 1024)} MB。",
            f"The file is too large ({size} MB); the limit is {MAX_BYTES // (1024 * 1024)} MB.",
            code="too_large",
        )
    text, kind = read_document(data)
    draft = ingest_text(text)
    if kind != "text":
        draft.encoding = kind
    return draft


def ingest_file(path: str | Path) -> Draft:
    """Read ``path`` (text in any supported encoding, ``.docx``, PDF or OFD) and ingest it."""
    from luoshi.ingest.decode import MAX_BYTES

    file = Path(path)
    size = file.stat().st_size
    if size > MAX_BYTES:
        raise IngestError(
            f"文件过大（{size // (1024 * 1024)} MB），上限为 {MAX_BYTES // (1024 * 1024)} MB。",
            f"The file is too large ({size // (1024 * 1024)} MB); the limit is {MAX_BYTES // (1024 * 1024)} MB.",
            code="too_large",
        )
    return ingest_document(file.read_bytes())


__all__ = [
    "Assignment",
    "Deadline",
    "Draft",
    "Framework",
    "IngestError",
    "Item",
    "Mismatch",
    "Normalised",
    "Project",
    "Repair",
    "Span",
    "Target",
    "ingest_document",
    "ingest_file",
    "ingest_text",
    "normalise",
]
