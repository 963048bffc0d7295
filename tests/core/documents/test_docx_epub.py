"""DOCX (python-docx) and EPUB (zip of XHTML) documents."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest

from desktop_app.core.documents import load
from desktop_app.core.errors import DocumentError
from desktop_app.core.model import BlockKind, DocumentFormat
from tests.helpers.factories import make_docx, make_epub


def test_docx_structure(tmp_path: Path) -> None:
    path = make_docx(
        tmp_path / "memo.docx",
        [
            ("Title", "Quarterly Memo"),
            ("Heading 1", "Background"),
            ("", "The board met on Monday."),
            ("", ""),  # empty paragraphs vanish
            ("List Bullet", "First point"),
            ("List Number 2", "Second point"),
            ("Heading 2", "Details"),
            ("Quote", "Words of the chair."),
        ],
        title="Memo Q3",
        table=[["Name", "Role"], ["Ann", "Chair"]],
    )
    doc = load(path)
    assert doc.format is DocumentFormat.DOCX
    assert doc.title == "Memo Q3"
    got = [(b.kind, b.level, b.span.of(doc.text)) for b in doc.blocks]
    assert got == [
        (BlockKind.HEADING, 1, "Quarterly Memo"),
        (BlockKind.HEADING, 1, "Background"),
        (BlockKind.PARAGRAPH, 0, "The board met on Monday."),
        (BlockKind.LIST_ITEM, 1, "First point"),
        (BlockKind.LIST_ITEM, 1, "Second point"),
        (BlockKind.HEADING, 2, "Details"),
        (BlockKind.QUOTE, 0, "Words of the chair."),
        (BlockKind.TABLE, 0, "Name"),
        (BlockKind.TABLE, 0, "Role"),
        (BlockKind.TABLE, 0, "Ann"),
        (BlockKind.TABLE, 0, "Chair"),
    ]
    assert doc.text.startswith("Quarterly Memo\n\nBackground\n\n")


def test_docx_that_is_not_a_zip(tmp_path: Path) -> None:
    path = tmp_path / "broken.docx"
    path.write_bytes(b"PK\x03\x04" + bytes(range(256)) * 4)
    with pytest.raises(DocumentError, match=r"broken\.docx: it is not a valid Word"):
        load(path)


def test_zip_that_is_not_a_docx(tmp_path: Path) -> None:
    path = tmp_path / "other.docx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("readme.txt", "hello")
    with pytest.raises(DocumentError, match=r"other\.docx: it is not a valid Word"):
        load(path)


def test_docx_zip_bomb_is_refused_before_parsing(tmp_path: Path) -> None:
    path = tmp_path / "bomb.docx"
    chunk = b"<w:t>" + b"a" * (1024 * 1024) + b"</w:t>"
    with (
        zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive,
        archive.open("word/document.xml", "w") as member,
    ):
        for _ in range(205):  # 205 MB of XML, a few hundred KB compressed
            member.write(chunk)
    assert path.stat().st_size < 2 * 1024 * 1024
    with pytest.raises(DocumentError, match=r"bomb\.docx: .*zip bomb"):
        load(path)


def test_epub_chapters_in_spine_order(tmp_path: Path) -> None:
    path = make_epub(
        tmp_path / "book.epub",
        "A Short Book",
        [
            ("Chapter One", ["It was a dark night.", "The wind &amp; the rain."]),
            ("Chapter Two", ["Morning came."]),
        ],
    )
    doc = load(path)
    assert doc.format is DocumentFormat.EPUB
    assert doc.title == "A Short Book"
    got = [(b.kind, b.span.of(doc.text)) for b in doc.blocks]
    assert got == [
        (BlockKind.HEADING, "Chapter One"),
        (BlockKind.PARAGRAPH, "It was a dark night."),
        (BlockKind.PARAGRAPH, "The wind & the rain."),
        (BlockKind.HEADING, "Chapter Two"),
        (BlockKind.PARAGRAPH, "Morning came."),
    ]


def test_epub_without_package_document(tmp_path: Path) -> None:
    path = tmp_path / "bad.epub"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("mimetype", "application/epub+zip")
        archive.writestr("META-INF/container.xml", "<container><rootfiles/></container>")
    with pytest.raises(DocumentError, match=r"bad\.epub: its table of contents is missing"):
        load(path)
