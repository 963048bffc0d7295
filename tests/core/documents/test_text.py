"""Plain text files: exact decoded content, encodings detected or forced, bad input refused."""

from __future__ import annotations

from pathlib import Path

import pytest

from benchmarks.inputs import PARALLEL
from desktop_app.core.documents import load
from desktop_app.core.errors import DocumentError
from desktop_app.core.model import BlockKind, DocumentFormat
from tests.helpers.factories import make_text

RUSSIAN = (
    "Договор поставки номер 17.\n"
    "Поставщик обязуется передать в собственность Покупателя товар, а Покупатель "
    "обязуется принять и оплатить его в порядке и сроки, установленные договором.\n\n"
    "Цена товара указывается в спецификации, которая является частью договора.\n"
)


def _assert_exact(path: Path, encoding: str) -> None:
    doc = load(path)
    assert doc.encoding == encoding
    assert path.read_bytes().decode(doc.encoding) == doc.text
    assert doc.format is DocumentFormat.TEXT


@pytest.mark.parametrize("codec", ["cp1251", "koi8-r", "cp866"])
def test_russian_single_byte_encodings_are_detected(tmp_path: Path, codec: str) -> None:
    path = make_text(tmp_path / f"contract-{codec}.txt", RUSSIAN, codec)
    _assert_exact(path, codec)
    assert load(path).text == RUSSIAN


@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be"])
def test_utf16_with_bom(tmp_path: Path, codec: str) -> None:
    path = make_text(tmp_path / "u16.txt", RUSSIAN, codec, bom=True)
    doc = load(path)
    assert doc.encoding == "utf-16"
    assert doc.text == RUSSIAN  # BOM stripped
    assert path.read_bytes().decode(doc.encoding) == doc.text


def test_utf8_bom_is_stripped(tmp_path: Path) -> None:
    path = make_text(tmp_path / "bom.txt", "Hello\nworld\n", "utf-8", bom=True)
    _assert_exact(path, "utf-8-sig")
    assert load(path).text == "Hello\nworld\n"


def test_cp1252_curly_quotes(tmp_path: Path) -> None:
    text = "He said “hello” — it’s a café, naïve and déjà vu.\nThe report was “final”.\n" * 3
    path = make_text(tmp_path / "quotes.txt", text, "cp1252")
    _assert_exact(path, "cp1252")
    assert load(path).text == text


def test_mixed_newlines_are_kept_and_offsets_exact(tmp_path: Path) -> None:
    text = "Title line\r\n\r\nFirst paragraph\rcontinues.\n\nSecond  paragraph\r\nends here.\n"
    path = make_text(tmp_path / "mixed.txt", text)
    doc = load(path)
    assert doc.text == text
    contents = [b.span.of(doc.text) for b in doc.blocks]
    assert contents == [
        "Title line",
        "First paragraph\rcontinues.",
        "Second  paragraph\r\nends here.",
    ]
    assert doc.blocks[0].kind is BlockKind.HEADING


def test_forced_encoding(tmp_path: Path) -> None:
    path = make_text(tmp_path / "ru.txt", RUSSIAN, "cp1251")
    doc = load(path, encoding="koi8_r")  # wrong but decodable: the user asked for it
    assert doc.encoding == "koi8-r"
    assert doc.text == RUSSIAN.encode("cp1251").decode("koi8-r")


def test_forced_encoding_errors(tmp_path: Path) -> None:
    path = make_text(tmp_path / "ru.txt", RUSSIAN, "cp1251")
    with pytest.raises(DocumentError, match="Unknown text encoding 'no-such-codec'"):
        load(path, encoding="no-such-codec")
    with pytest.raises(DocumentError, match=r"ru\.txt as utf-8"):
        load(path, encoding="utf-8")


def test_binary_garbage_with_text_suffix(tmp_path: Path) -> None:
    path = tmp_path / "garbage.txt"
    path.write_bytes(bytes(range(256)) * 40)
    with pytest.raises(DocumentError, match=r"garbage\.txt.*does not look like text"):
        load(path)


def test_control_characters_are_not_text(tmp_path: Path) -> None:
    path = tmp_path / "controls.txt"
    path.write_bytes(b"abc\x01\x02\x03\x04\x05\x06" * 100)
    with pytest.raises(DocumentError, match="does not look like text"):
        load(path)


def test_shared_book_text_loads_with_exact_verse_offsets() -> None:
    nt = PARALLEL / "mark.kjv.txt"
    if not nt.exists():
        pytest.skip("shared parallel corpus not present")
    import json

    doc = load(nt)
    verses = json.loads(nt.with_name("mark.kjv.verses.json").read_text(encoding="utf-8"))
    start, end = verses["Mark 1:1"]
    assert doc.text[start:end].startswith("The beginning of the gospel")
    assert doc.blocks[0].span.of(doc.text) == "Mark"
