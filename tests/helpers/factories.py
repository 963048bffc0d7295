"""Factories that build real input files (PDF, DOCX, EPUB, HTML, encoded text) in a folder.

Tests exercise loaders on real bytes made by the same libraries that write such
files in the wild, never on mocks.
"""

from __future__ import annotations

import zipfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

import docx
import pymupdf

# A built-in MuPDF font with real glyphs for ligatures (ﬁ ﬂ ﬃ ﬄ) and Cyrillic;
# the base-14 fonts would write them as unextractable glyphs.
UNICODE_FONT = "cjk"
A4 = (595.0, 842.0)


@dataclass(frozen=True)
class PdfText:
    """Text drawn at baseline point (x, y); each "\\n" starts a line ``leading`` lower."""

    x: float
    y: float
    text: str
    size: float = 11.0
    unicode_font: bool = False
    leading: float = 1.4


def make_pdf(
    path: Path,
    pages: Sequence[Sequence[PdfText]],
    *,
    image_pages: Iterable[int] = (),
    title: str = "",
    user_password: str | None = None,
    owner_password: str | None = None,
    page_size: tuple[float, float] = A4,
) -> Path:
    """Write a PDF with one page per entry of ``pages``; ``image_pages`` get only a picture."""
    doc = pymupdf.open()
    images = set(image_pages)
    uses_unicode = any(item.unicode_font for page in pages for item in page)
    for number, items in enumerate(pages):
        page = doc.new_page(width=page_size[0], height=page_size[1])
        if uses_unicode:
            page.insert_font(fontname="uni", fontbuffer=pymupdf.Font(UNICODE_FONT).buffer)
        for item in items:
            page.insert_text(
                (item.x, item.y),
                item.text,
                fontsize=item.size,
                fontname="uni" if item.unicode_font else "helv",
                lineheight=item.leading,
            )
        if number in images:
            _draw_picture(page)
    if title:
        doc.set_metadata({"title": title})
    if uses_unicode:
        doc.subset_fonts()
    options: dict[str, object] = {"garbage": 3, "deflate": True}
    if user_password or owner_password:
        options.update(
            encryption=pymupdf.mupdf.PDF_ENCRYPT_AES_256,
            user_pw=user_password or "",
            owner_pw=owner_password or user_password or "",
            permissions=pymupdf.mupdf.PDF_PERM_PRINT,
        )
    doc.save(path, **options)
    doc.close()
    return path


def _draw_picture(page: pymupdf.Page) -> None:
    """An image covering the page: what a scanned page without OCR looks like."""
    pix = pymupdf.Pixmap(pymupdf.csRGB, pymupdf.IRect(0, 0, 64, 64), False)
    pix.set_rect(pix.irect, (200, 180, 120))
    page.insert_image(page.rect, pixmap=pix)


def paragraph_lines(x: float, y: float, lines: Sequence[str], size: float = 11.0) -> PdfText:
    """One paragraph of already broken lines at (x, y)."""
    return PdfText(x, y, "\n".join(lines), size=size)


def make_long_pdf(path: Path, pages: int, *, lines_per_page: int = 40) -> Path:
    """A book-like PDF: running header, page numbers and dense prose on every page."""
    sentence = (
        "The committee examined the draft and recorded its objections in detail; "
        "every clause was read twice."
    )
    doc = pymupdf.open()
    for number in range(pages):
        page = doc.new_page(width=A4[0], height=A4[1])
        page.insert_text((72, 40), "The Annual Report of the Society", fontsize=9)
        body = "\n".join(f"{sentence[(i * 7) % 40 :]} {number}.{i}" for i in range(lines_per_page))
        page.insert_text((72, 90), body, fontsize=10, lineheight=1.5)
        page.insert_text((290, 810), str(number + 1), fontsize=9)
    doc.save(path, garbage=3, deflate=True)
    doc.close()
    return path


def make_docx(
    path: Path,
    paragraphs: Sequence[tuple[str, str]],
    *,
    title: str = "",
    table: Sequence[Sequence[str]] | None = None,
) -> Path:
    """A .docx of (style name, text) paragraphs, then an optional table of rows of cells."""
    document = docx.Document()
    for style, text in paragraphs:
        document.add_paragraph(text, style=style or None)
    if table:
        grid = document.add_table(rows=len(table), cols=len(table[0]))
        for r, row in enumerate(table):
            for c, value in enumerate(row):
                grid.cell(r, c).text = value
    if title:
        document.core_properties.title = title
    document.save(str(path))
    return path


_CONTAINER = """<?xml version="1.0" encoding="UTF-8"?>
<container version="1.0" xmlns="urn:oasis:names:tc:opendocument:xmlns:container">
  <rootfiles><rootfile full-path="OEBPS/content.opf"
    media-type="application/oebps-package+xml"/></rootfiles>
</container>"""


def make_epub(path: Path, title: str, chapters: Sequence[tuple[str, Sequence[str]]]) -> Path:
    """An EPUB 3 book: one XHTML file per (heading, paragraphs) chapter, in spine order."""
    manifest = []
    spine = []
    files: dict[str, str] = {}
    for i, (heading, paragraphs) in enumerate(chapters):
        body = "".join(f"<p>{p}</p>\n" for p in paragraphs)
        files[f"OEBPS/ch{i}.xhtml"] = (
            '<?xml version="1.0" encoding="UTF-8"?>\n'
            '<html xmlns="http://www.w3.org/1999/xhtml"><head><title>'
            f"{heading}</title></head><body><h1>{heading}</h1>\n{body}</body></html>"
        )
        manifest.append(f'<item id="ch{i}" href="ch{i}.xhtml" media-type="application/xhtml+xml"/>')
        spine.append(f'<itemref idref="ch{i}"/>')
    opf = (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<package xmlns="http://www.idpf.org/2007/opf" version="3.0" unique-identifier="id">'
        '<metadata xmlns:dc="http://purl.org/dc/elements/1.1/">'
        f'<dc:identifier id="id">urn:test:{len(chapters)}</dc:identifier>'
        f"<dc:title>{title}</dc:title><dc:language>en</dc:language></metadata>"
        f"<manifest>{''.join(manifest)}</manifest><spine>{''.join(spine)}</spine></package>"
    )
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("mimetype", "application/epub+zip", compress_type=zipfile.ZIP_STORED)
        archive.writestr("META-INF/container.xml", _CONTAINER, zipfile.ZIP_DEFLATED)
        archive.writestr("OEBPS/content.opf", opf, zipfile.ZIP_DEFLATED)
        for name, content in files.items():
            archive.writestr(name, content, zipfile.ZIP_DEFLATED)
    return path


def make_html(
    path: Path,
    body: str,
    *,
    title: str = "",
    charset: str | None = "utf-8",
    encoding: str = "utf-8",
) -> Path:
    """An HTML page around ``body`` declaring ``charset`` in a meta tag, in ``encoding``."""
    meta = f'<meta charset="{charset}">' if charset else ""
    page = (
        f"<!DOCTYPE html>\n<html><head>{meta}<title>{title}</title></head>\n"
        f"<body>\n{body}\n</body></html>\n"
    )
    path.write_bytes(page.encode(encoding))
    return path


def make_text(path: Path, text: str, encoding: str = "utf-8", *, bom: bool = False) -> Path:
    """A text file with exactly ``text`` (newlines untouched) in ``encoding``, BOM optional."""
    data = text.encode(encoding)
    if bom:
        data = "\ufeff".encode(encoding) + data
    path.write_bytes(data)
    return path
