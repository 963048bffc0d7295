"""Markdown: rendered reading text, markup dropped, source_offsets exact."""

from __future__ import annotations

from pathlib import Path

from desktop_app.core.documents import load
from desktop_app.core.model import BlockKind, Document, DocumentFormat
from tests.helpers.factories import make_text

DEMO = Path(__file__).resolve().parents[3] / "data" / "khodorkovsky-economist-2023.md"


def _assert_offsets_exact(doc: Document, source: str) -> None:
    """Every non-space text char maps to the same char in the source; the map is monotone."""
    offsets = doc.source_offsets
    assert offsets is not None and len(offsets) == len(doc.text) + 1
    assert list(offsets) == sorted(offsets)
    for i, ch in enumerate(doc.text):
        if not ch.isspace():
            assert source[offsets[i]] == ch, (i, ch)


def test_demo_article() -> None:
    doc = load(DEMO)
    source = DEMO.read_text(encoding="utf-8")
    assert doc.format is DocumentFormat.MARKDOWN
    assert doc.title.startswith("Mikhail Khodorkovsky on the stark lessons")
    kinds = [(b.kind, b.level, b.span.of(doc.text)[:20]) for b in doc.blocks[:5]]
    assert kinds == [
        (BlockKind.HEADING, 6, "Russia"),
        (BlockKind.HEADING, 1, "Mikhail Khodorkovsky"),
        (BlockKind.HEADING, 5, "It will take armed i"),
        (BlockKind.QUOTE, 0, "Jun 26th 2023"),
        (BlockKind.PARAGRAPH, 0, "YEVGENY PRIGOZHIN’S a"[:20]),
    ]
    assert "![" not in doc.text and "images/" not in doc.text and "###" not in doc.text
    _assert_offsets_exact(doc, source)
    # One paragraph per source line: the last article line is its own block.
    assert any(b.span.of(doc.text).startswith("Regime change is coming.") for b in doc.blocks)


def test_markup_is_dropped(tmp_path: Path) -> None:
    source = (
        "# The Title\n\n"
        "Some *emphasis*, **strong** and [link text](https://example.org/x) "
        "![alt text](pic.png) &amp; \\*escaped\\*.\n"
        "<!-- a comment -->\n\n"
        "- item one\n- item `two`\n  - nested\n\n"
        "> quoted\n> more\n\n"
        "```python\ncode line\n  indented\n```\n"
    )
    path = make_text(tmp_path / "doc.md", source)
    doc = load(path)
    got = [(b.kind, b.level, b.span.of(doc.text)) for b in doc.blocks]
    assert got == [
        (BlockKind.HEADING, 1, "The Title"),
        (BlockKind.PARAGRAPH, 0, "Some emphasis, strong and link text & *escaped*."),
        (BlockKind.LIST_ITEM, 1, "item one"),
        (BlockKind.LIST_ITEM, 1, "item two"),
        (BlockKind.LIST_ITEM, 2, "nested"),
        (BlockKind.QUOTE, 0, "quoted more"),
        (BlockKind.CODE, 0, "code line\n  indented"),
    ]
    assert doc.title == "The Title"
    assert "example.org" not in doc.text and "alt text" not in doc.text
    assert "comment" not in doc.text
    _assert_offsets_exact(doc, source)
    link = doc.text.index("link text")
    assert source[doc.source_offsets[link] :].startswith("link text](")  # type: ignore[index]


def test_cp1251_markdown(tmp_path: Path) -> None:
    source = "# Заголовок статьи\n\nПервый абзац текста о поставках товара и о цене.\n"
    doc = load(make_text(tmp_path / "ru.md", source, "cp1251"))
    assert doc.encoding == "cp1251"
    assert doc.blocks[1].span.of(doc.text) == "Первый абзац текста о поставках товара и о цене."
    _assert_offsets_exact(doc, source)
