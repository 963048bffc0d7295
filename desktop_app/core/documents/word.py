"""Word (.docx) documents via python-docx: paragraphs, headings, list items, tables.

A .docx is a zip: the directory is checked before parsing so a small file that
inflates to gigabytes (a zip bomb) is refused instead of exhausting memory.
python-docx reads every part into memory, so the whole archive is budgeted, and
an archive that inflates over 100× past 100 MB is refused too: real documents
that large are mostly pictures, which do not compress. A directory that lies
about sizes is caught by zipfile itself (it stops at the stated size, then the
CRC check fails).
python-docx parses with entity resolution off, so XML cannot pull in files.
"""

from __future__ import annotations

import io
import re
import zipfile
from typing import Any

import docx
from docx.table import Table
from docx.text.paragraph import Paragraph

from desktop_app.core.documents.blockwriter import BlockWriter
from desktop_app.core.documents.source import MB, SourceFile
from desktop_app.core.errors import DocumentError
from desktop_app.core.model import BlockKind, Document, DocumentFormat

MAX_DOCUMENT_XML = 200 * MB
MAX_TOTAL_UNCOMPRESSED = 1024 * MB
BOMB_RATIO = 100  # inflated size / file size above which a large archive is a bomb
BOMB_MIN_SIZE = 100 * MB
_HEADING_STYLE = re.compile(r"heading\s*(\d)", re.I)


def check_zip(data: bytes, name: str, required: str, what: str) -> dict[str, int]:
    """Refuse a damaged zip, one without ``required``, or one that inflates too far.

    Returns each member's stated uncompressed size, for per-member budgets.
    """
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            infos = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError) as exc:
        raise DocumentError(f"Cannot open {name}: it is damaged or not a {what}.") from exc
    sizes = {info.filename: info.file_size for info in infos}
    if required not in sizes:
        raise DocumentError(f"Cannot open {name}: it is not a {what} (no {required}).")
    total = sum(sizes.values())
    if (
        sizes[required] > MAX_DOCUMENT_XML
        or total > MAX_TOTAL_UNCOMPRESSED
        or (total > BOMB_MIN_SIZE and total > BOMB_RATIO * len(data))
    ):
        raise zip_bomb_error(name, total)
    return sizes


def zip_bomb_error(name: str, size: int) -> DocumentError:
    """The one message for an archive that would inflate far beyond its file."""
    return DocumentError(
        f"Cannot open {name}: it would unpack to {size // MB} MB, which looks like a zip bomb."
    )


def load_docx(source: SourceFile) -> Document:
    """A .docx file: one block per non-empty paragraph or table cell."""
    check_zip(source.data, source.name, "word/document.xml", "Word (.docx) document")
    try:
        document = docx.Document(io.BytesIO(source.data))
    except Exception as exc:  # python-docx raises assorted errors on bad packages
        raise DocumentError(
            f"Cannot open {source.name}: it is damaged or not a Word (.docx) document."
        ) from exc
    writer = BlockWriter()
    for item in document.iter_inner_content():
        if isinstance(item, Paragraph):
            _add_paragraph(writer, item)
        else:
            _add_table(writer, item)
    if not writer.blocks:
        raise DocumentError(f"Cannot open {source.name}: the document has no text.")
    mapped, blocks = writer.build()
    return Document(
        text=mapped.text,
        blocks=blocks,
        format=DocumentFormat.DOCX,
        sha256=source.sha256,
        path=source.path,
        title=(document.core_properties.title or "").strip(),
    )


def _add_paragraph(writer: BlockWriter, paragraph: Paragraph) -> None:
    kind, level = _classify(paragraph)
    writer.add(paragraph.text, None, kind, level=level)


def _classify(paragraph: Paragraph) -> tuple[BlockKind, int]:
    style = paragraph.style.name if paragraph.style is not None else ""
    style = style or ""
    if style == "Title":
        return BlockKind.HEADING, 1
    heading = _HEADING_STYLE.fullmatch(style.strip())
    if heading:
        return BlockKind.HEADING, min(6, max(1, int(heading.group(1))))
    ppr = paragraph._p.pPr
    numbering: Any = ppr.numPr if ppr is not None else None
    if numbering is not None or style.lower().startswith("list"):
        depth = 1
        if numbering is not None and numbering.ilvl is not None:
            depth = int(numbering.ilvl.val) + 1
        return BlockKind.LIST_ITEM, depth
    if style.lower() in ("quote", "intense quote"):
        return BlockKind.QUOTE, 0
    return BlockKind.PARAGRAPH, 0


def _add_table(writer: BlockWriter, table: Table) -> None:
    seen: set[object] = set()  # lxml elements hash by identity
    for row in table.rows:
        for cell in row.cells:
            if cell._tc in seen:  # a merged cell appears once per grid column
                continue
            seen.add(cell._tc)
            for item in cell.iter_inner_content():
                if isinstance(item, Paragraph):
                    writer.add(item.text, None, BlockKind.TABLE)
                else:
                    _add_table(writer, item)
