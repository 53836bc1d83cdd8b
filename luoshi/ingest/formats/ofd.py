"""OFD (GB/T 33190-2016), China's format for official electronic documents: the text layer.

An OFD file is a zip of XML: ``OFD.xml`` names each document's ``Document.xml``, which
lists the pages; each page's ``Content.xml`` holds ``TextObject`` elements with their
position (``Boundary="x y w h"``) and ``TextCode`` strings. Text objects are read in page
order and grouped into lines by their vertical position. No well-kept Python library
reads OFD (``easyofd`` renders pages through PyMuPDF), so this reads only the text.
"""

from __future__ import annotations

import io
import posixpath
import zipfile
from typing import Any

from luoshi.ingest.errors import IngestError
from luoshi.ingest.formats import corrupt

MAX_MEMBER = 50 * 1024 * 1024


def _local(tag: Any) -> str:
    return str(tag).rsplit("}", 1)[-1]


def _children(element: Any, name: str) -> list[Any]:
    return [e for e in element.iter() if _local(e.tag) == name]


def _resolve(base: str, loc: str) -> str:
    loc = loc.lstrip("/") if loc.startswith("/") else posixpath.join(posixpath.dirname(base), loc)
    return posixpath.normpath(loc)


def ofd_text(data: bytes) -> str:
    from lxml import etree

    parser = etree.XMLParser(resolve_entities=False, no_network=True)
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        names = {n.lower(): n for n in archive.namelist()}

        def read(path: str) -> Any:
            name = names.get(path.lower())
            if name is None:
                raise KeyError(path)
            if archive.getinfo(name).file_size > MAX_MEMBER:
                raise ValueError(f"{path} is too large")
            return etree.fromstring(archive.read(name), parser)

        root = read("OFD.xml")
        lines: list[str] = []
        for doc_root in _children(root, "DocRoot"):
            doc_path = _resolve("OFD.xml", (doc_root.text or "").strip())
            document = read(doc_path)
            for page in _children(document, "Page"):
                content = _resolve(doc_path, page.get("BaseLoc", ""))
                if not content.lower().endswith(".xml"):
                    content = posixpath.join(content, "Content.xml")
                lines.extend(_page_lines(read(content)))
    except Exception as error:  # noqa: BLE001 - zipfile, zlib and lxml raise many kinds on damaged files
        raise corrupt("OFD", error) from error
    text = "\n".join(lines)
    if not text.strip():
        raise IngestError(
            "此 OFD 文件没有文字层（可能是扫描件），本系统不做文字识别（OCR）。",
            "This OFD file has no text layer (it looks scanned); OCR is not done here.",
            code="no_text",
        )
    return text


def _page_lines(content: Any) -> list[str]:
    pieces: list[tuple[float, float, str]] = []
    for obj in _children(content, "TextObject"):
        try:
            x, y = (float(v) for v in obj.get("Boundary", "0 0 0 0").split()[:2])
        except ValueError:
            x = y = 0.0
        for code in _children(obj, "TextCode"):
            try:
                dx, dy = float(code.get("X", "0") or 0), float(code.get("Y", "0") or 0)
            except ValueError:
                dx = dy = 0.0
            pieces.append((y + dy, x + dx, code.text or ""))
    pieces.sort()
    lines: list[str] = []
    last_y: float | None = None
    for y, _x, text in pieces:
        if last_y is not None and abs(y - last_y) < 1.0 and lines:
            lines[-1] += text
        else:
            lines.append(text)
        last_y = y
    return lines
