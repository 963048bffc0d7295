"""Dispatch on suffix (checked against the file's magic bytes) to one format loader.

Every failure a user can cause (missing file, wrong format, damage) surfaces as a
``DocumentError`` naming the file; a parser's own exception never escapes.
"""

from __future__ import annotations

import dataclasses
import logging
from collections.abc import Callable
from pathlib import Path

from desktop_app.core.cancel import Progress
from desktop_app.core.documents.encoding import decode_text, encoding_notice
from desktop_app.core.documents.sniff import sniff_format
from desktop_app.core.documents.source import (
    MAX_BINARY_BYTES,
    MAX_TEXT_BYTES,
    SourceFile,
    read_source,
)
from desktop_app.core.errors import DocumentError, VersoError
from desktop_app.core.model import Document, DocumentFormat

log = logging.getLogger(__name__)

PreviewCallback = Callable[[Document], None]
Loader = Callable[[SourceFile, str | None, str | None, Progress, PreviewCallback | None], Document]

_SUFFIXES: dict[str, DocumentFormat] = {
    ".txt": DocumentFormat.TEXT,
    ".text": DocumentFormat.TEXT,
    ".md": DocumentFormat.MARKDOWN,
    ".markdown": DocumentFormat.MARKDOWN,
    ".html": DocumentFormat.HTML,
    ".htm": DocumentFormat.HTML,
    ".xhtml": DocumentFormat.HTML,
    ".pdf": DocumentFormat.PDF,
    ".docx": DocumentFormat.DOCX,
    ".epub": DocumentFormat.EPUB,
}
SUPPORTED_SUFFIXES: frozenset[str] = frozenset(_SUFFIXES)

_TEXT_FORMATS = frozenset({DocumentFormat.TEXT, DocumentFormat.MARKDOWN, DocumentFormat.HTML})
_FORMAT_NAMES = {
    DocumentFormat.TEXT: "text file",
    DocumentFormat.MARKDOWN: "Markdown file",
    DocumentFormat.HTML: "HTML file",
    DocumentFormat.PDF: "PDF file",
    DocumentFormat.DOCX: "Word (.docx) document",
    DocumentFormat.EPUB: "EPUB book",
}


def load(
    path: Path | str,
    *,
    encoding: str | None = None,
    password: str | None = None,
    progress: Progress | None = None,
    preview: PreviewCallback | None = None,
) -> Document:
    """Load the document at ``path``; ``DocumentError`` (or ``PasswordRequired``) if it can't.

    ``encoding`` forces the codec of text formats; ``password`` opens encrypted
    PDFs; ``progress`` gets per-page reports and carries the cancel token.
    ``preview`` (PDFs) is called at most once, on the calling thread, with a
    Document of the first pages as soon as they are read, so a reader can show
    them while the rest loads; the full Document is still what is returned.
    """
    path = Path(path)
    progress = progress or Progress()
    suffix = path.suffix.lower()
    declared = _SUFFIXES.get(suffix)
    if declared is None:
        supported = ", ".join(sorted(SUPPORTED_SUFFIXES))
        what = f"'{suffix}' files" if suffix else "files without a suffix"
        raise DocumentError(f"Cannot open {path.name}: {what} are not supported ({supported}).")
    limit = MAX_TEXT_BYTES if declared in _TEXT_FORMATS else MAX_BINARY_BYTES
    source = read_source(path, max_bytes=limit)
    progress.report(0.0, f"Reading {path.name}")
    fmt, warning = _actual_format(source, declared)
    try:
        document = _LOADERS[fmt](source, encoding, password, progress, preview)
    except VersoError:
        raise
    except Exception as exc:  # a parser choking on bad input is the file's fault
        log.warning("loading %s failed", path, exc_info=True)
        raise DocumentError(
            f"Cannot open {path.name}: it is damaged or not a valid {_FORMAT_NAMES[fmt]} "
            f"({type(exc).__name__})."
        ) from exc
    progress.report(1.0, f"Read {path.name}")
    notice = encoding_notice(path.name, document.encoding, document.encoding_confidence)
    warnings = tuple(w for w in (warning, notice) if w)
    if warnings:
        document = dataclasses.replace(document, warnings=(*warnings, *document.warnings))
    return document


def _actual_format(source: SourceFile, declared: DocumentFormat) -> tuple[DocumentFormat, str]:
    """The format to parse with, and a warning if it differs from the suffix."""
    sniffed = sniff_format(source.data)
    if sniffed is None or sniffed is declared:
        if declared in _TEXT_FORMATS or sniffed is declared:
            return declared, ""
        try:  # a .pdf/.docx/.epub that is really plain text: still readable
            decode_text(source.data[:65536], source.name)
        except DocumentError:
            raise DocumentError(
                f"Cannot open {source.name}: it is not a valid {_FORMAT_NAMES[declared]}."
            ) from None
        sniffed = DocumentFormat.TEXT
    if declared is DocumentFormat.TEXT and sniffed is DocumentFormat.HTML:
        return declared, ""
    return sniffed, (
        f"{source.name} is named like a {_FORMAT_NAMES[declared]} "
        f"but is a {_FORMAT_NAMES[sniffed]}; it was read as one."
    )


# Each format's module is imported when a file of that format is first read: a PDF
# parser (pymupdf), python-docx and the EPUB reader cost a quarter of a second to
# import, which a command aligning two text files should not pay.


def _load_text(
    src: SourceFile, enc: str | None, pw: str | None, pr: Progress, pv: PreviewCallback | None
) -> Document:
    from desktop_app.core.documents import plaintext

    return plaintext.load_plain_text(src, enc)


def _load_markdown(
    src: SourceFile, enc: str | None, pw: str | None, pr: Progress, pv: PreviewCallback | None
) -> Document:
    from desktop_app.core.documents import markdown

    return markdown.load_markdown(src, enc)


def _load_html(
    src: SourceFile, enc: str | None, pw: str | None, pr: Progress, pv: PreviewCallback | None
) -> Document:
    from desktop_app.core.documents import htmltext

    return htmltext.load_html(src, enc)


def _load_pdf(
    src: SourceFile, enc: str | None, pw: str | None, pr: Progress, pv: PreviewCallback | None
) -> Document:
    from desktop_app.core.documents import pdf_worker

    pdf_worker.prestart(len(src.data))  # workers start while the arrangement is imported
    from desktop_app.core.documents import pdf

    return pdf.load_pdf(src, password=pw, progress=pr, preview=pv)


def _load_docx(
    src: SourceFile, enc: str | None, pw: str | None, pr: Progress, pv: PreviewCallback | None
) -> Document:
    from desktop_app.core.documents import word

    return word.load_docx(src)


def _load_epub(
    src: SourceFile, enc: str | None, pw: str | None, pr: Progress, pv: PreviewCallback | None
) -> Document:
    from desktop_app.core.documents import epub

    return epub.load_epub(src, progress=pr)


_LOADERS: dict[DocumentFormat, Loader] = {
    DocumentFormat.TEXT: _load_text,
    DocumentFormat.MARKDOWN: _load_markdown,
    DocumentFormat.HTML: _load_html,
    DocumentFormat.PDF: _load_pdf,
    DocumentFormat.DOCX: _load_docx,
    DocumentFormat.EPUB: _load_epub,
}
