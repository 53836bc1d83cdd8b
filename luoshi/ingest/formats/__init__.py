"""Office files to plain text: Word (.docx), PDF with a text layer, OFD (GB/T 33190).

:func:`read_document` looks at the bytes, not the file name, and returns the text with
the name of the format it came from; plain text comes back as bytes for the decoder.
Each reader raises :class:`~luoshi.ingest.errors.IngestError` with a message in Chinese and
English for files it cannot use (corrupt, encrypted, scanned, legacy .doc).
"""

from __future__ import annotations

from luoshi.ingest.errors import IngestError

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def sniff(data: bytes) -> str:
    """``"pdf"``, ``"docx"``, ``"ofd"``, ``"doc"`` (legacy Word), ``"zip"`` (other archive) or ``"text"``."""
    head = data[:1024]
    if head.lstrip()[:5] == b"%PDF-":
        return "pdf"
    if head.startswith(OLE_MAGIC):
        return "doc"
    if head.startswith(b"PK\x03\x04"):
        import io
        import zipfile  # only for archives: a text upload should not pay for the import

        try:
            names = set(zipfile.ZipFile(io.BytesIO(data)).namelist())
        except Exception:  # noqa: BLE001 - BadZipFile, NotImplementedError (zip version), OSError …
            return "docx-corrupt"
        if "word/document.xml" in names:
            return "docx"
        if "OFD.xml" in names or any(n.lower() == "ofd.xml" for n in names):
            return "ofd"
        return "zip"
    return "text"


def read_document(data: bytes) -> tuple[str | bytes, str]:
    """``(text, format)``; for plain text files the bytes themselves and ``"text"``."""
    kind = sniff(data)
    if kind == "pdf":
        from luoshi.ingest.formats.pdf import pdf_text

        return pdf_text(data), "pdf"
    if kind == "docx":
        from luoshi.ingest.formats.docx import docx_text

        return docx_text(data), "docx"
    if kind == "ofd":
        from luoshi.ingest.formats.ofd import ofd_text

        return ofd_text(data), "ofd"
    if kind == "doc":
        raise IngestError(
            "这是旧版 Word 文件（.doc），请在 Word 或 WPS 中另存为 .docx 后再上传。",
            "This is a legacy Word file (.doc); save it as .docx in Word or WPS and upload that.",
            code="unsupported",
        )
    if kind == "docx-corrupt":
        raise IngestError(
            "文件已损坏，无法作为 Word（.docx）文件打开。",
            "The file is damaged and cannot be opened as a Word (.docx) file.",
            code="corrupt",
        )
    if kind == "zip":
        raise IngestError(
            "这是一个压缩包，不是 Word、PDF 或 OFD 文件。",
            "This is an archive, not a Word, PDF or OFD file.",
            code="unsupported",
        )
    return data, "text"


def corrupt(what: str, error: Exception) -> IngestError:
    return IngestError(
        f"文件已损坏，无法作为 {what} 文件读取。",
        f"The file is damaged and cannot be read as a {what} file ({type(error).__name__}).",
        code="corrupt",
    )
