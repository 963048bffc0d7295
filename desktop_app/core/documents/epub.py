"""EPUB books: the spine's XHTML chapters in reading order, via the HTML extractor.

An EPUB is a zip of XHTML files; reading them directly keeps paragraphs whole
(a paginating renderer would cut them at page ends) and reuses the HTML rules,
so a chapter reads exactly like the same page saved as .html. The chapters read
are budgeted like a text file (a zip bomb can hide in any of them) and each must
look like text, so a chapter of NULs is refused instead of shown.
"""

from __future__ import annotations

import io
import posixpath
import zipfile
from xml.etree import ElementTree

from desktop_app.core.cancel import Progress
from desktop_app.core.documents.blockwriter import BlockWriter
from desktop_app.core.documents.encoding import check_looks_like_text
from desktop_app.core.documents.htmltext import extract_html
from desktop_app.core.documents.source import MAX_TEXT_BYTES, SourceFile
from desktop_app.core.documents.word import check_zip, zip_bomb_error
from desktop_app.core.errors import DocumentError
from desktop_app.core.model import Document, DocumentFormat

_NS = {
    "c": "urn:oasis:names:tc:opendocument:xmlns:container",
    "opf": "http://www.idpf.org/2007/opf",
    "dc": "http://purl.org/dc/elements/1.1/",
}
_XHTML_TYPES = frozenset({"application/xhtml+xml", "text/html"})


def load_epub(source: SourceFile, progress: Progress | None = None) -> Document:
    """An .epub file: chapters in spine order, paragraphs as blocks, title from metadata."""
    progress = progress or Progress()
    what = "EPUB book"
    sizes = check_zip(source.data, source.name, "META-INF/container.xml", what)
    writer = BlockWriter()
    with zipfile.ZipFile(io.BytesIO(source.data)) as archive:
        try:
            container = ElementTree.fromstring(archive.read("META-INF/container.xml"))
            rootfile = container.find(".//c:rootfile", _NS)
            opf_path = rootfile.get("full-path", "") if rootfile is not None else ""
            if sizes.get(opf_path, 0) > MAX_TEXT_BYTES:
                raise zip_bomb_error(source.name, sizes[opf_path])
            package = ElementTree.fromstring(archive.read(opf_path))
        except (KeyError, ElementTree.ParseError) as exc:
            raise DocumentError(
                f"Cannot open {source.name}: its table of contents is missing or damaged."
            ) from exc
        title = (package.findtext(".//dc:title", default="", namespaces=_NS) or "").strip()
        chapters = _spine(package, posixpath.dirname(opf_path))
        text_size = sum(sizes.get(name, 0) for name in chapters)  # a chapter may repeat
        if text_size > MAX_TEXT_BYTES:
            raise zip_bomb_error(source.name, text_size)
        base = 0
        for index, name in enumerate(chapters):
            progress.report(index / max(1, len(chapters)), f"Reading chapter {index + 1}")
            try:
                raw = archive.read(name).decode("utf-8", "replace")
            except KeyError:
                continue  # a spine entry pointing at a missing file: skip that chapter
            check_looks_like_text(raw, source.name)
            extract_html(raw, writer, base)
            base += len(raw) + 1
    if not writer.blocks:
        raise DocumentError(f"Cannot open {source.name}: the book has no text.")
    mapped, blocks = writer.build(base)
    return Document(
        text=mapped.text,
        blocks=blocks,
        format=DocumentFormat.EPUB,
        sha256=source.sha256,
        path=source.path,
        title=title,
    )


def _spine(package: ElementTree.Element, folder: str) -> list[str]:
    """Zip paths of the spine's XHTML documents, in reading order."""
    items = {item.get("id", ""): item for item in package.iterfind(".//opf:manifest/opf:item", _NS)}
    paths: list[str] = []
    for ref in package.iterfind(".//opf:spine/opf:itemref", _NS):
        item = items.get(ref.get("idref", ""))
        if item is None or item.get("media-type", "") not in _XHTML_TYPES:
            continue
        href = item.get("href", "").split("#", 1)[0]
        paths.append(posixpath.normpath(posixpath.join(folder, href)))
    return paths
