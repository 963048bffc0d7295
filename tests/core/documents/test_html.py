"""HTML: visible text in blocks, hidden parts dropped, charset honoured, offsets exact."""

from __future__ import annotations

from pathlib import Path

import pytest

from desktop_app.core.documents import load
from desktop_app.core.errors import DocumentError
from desktop_app.core.model import BlockKind, DocumentFormat
from tests.helpers.factories import make_html

BODY = """<!-- hidden comment --><h1>Main &amp; Title</h1>
<script>document.write("<p>not shown</p>")</script><style>p { color: red }</style>
<p>First   paragraph with <b>bold</b>
and a line&nbsp;break<br>here &eacute;t&#233;.</p>
<ul><li>one</li><li>two<ul><li>nested</li></ul></li></ul>
<blockquote><p>quoted text</p></blockquote>
<pre>code
  kept</pre>
<table><tr><td>cell one</td><td>cell two</td></tr></table>
<noscript>enable js</noscript><template><p>template</p></template>
<div>div text<section>section text</section></div>
<img src="http://example.org/tracker.png">"""


def test_visible_text_in_blocks(tmp_path: Path) -> None:
    path = make_html(tmp_path / "page.html", BODY, title="The  Page")
    doc = load(path)
    assert doc.format is DocumentFormat.HTML
    assert doc.title == "The Page"
    got = [(b.kind, b.level, b.span.of(doc.text)) for b in doc.blocks]
    assert got == [
        (BlockKind.HEADING, 1, "Main & Title"),
        (BlockKind.PARAGRAPH, 0, "First paragraph with bold and a line break\nhere été."),
        (BlockKind.LIST_ITEM, 1, "one"),
        (BlockKind.LIST_ITEM, 1, "two"),
        (BlockKind.LIST_ITEM, 2, "nested"),
        (BlockKind.QUOTE, 0, "quoted text"),
        (BlockKind.CODE, 0, "code\n  kept"),
        (BlockKind.TABLE, 0, "cell one"),
        (BlockKind.TABLE, 0, "cell two"),
        (BlockKind.PARAGRAPH, 0, "div text"),
        (BlockKind.PARAGRAPH, 0, "section text"),
    ]
    for hidden in ("not shown", "color", "enable js", "template", "hidden comment"):
        assert hidden not in doc.text


def test_source_offsets_point_into_the_file(tmp_path: Path) -> None:
    path = make_html(tmp_path / "page.html", BODY)
    doc = load(path)
    source = path.read_text(encoding="utf-8")
    offsets = doc.source_offsets
    assert offsets is not None and list(offsets) == sorted(offsets)
    for i, ch in enumerate(doc.text):
        if ch.isalnum():
            assert source[offsets[i]] in (ch, "&"), (i, ch)
    e_acute = doc.text.index("été")
    assert source[offsets[e_acute] :].startswith("&eacute;")


def test_declared_charset_is_respected(tmp_path: Path) -> None:
    body = "<p>Поставщик обязуется передать товар.</p>"
    path = make_html(tmp_path / "ru.html", body, charset="windows-1251", encoding="cp1251")
    doc = load(path)
    assert doc.encoding == "cp1251"
    assert doc.blocks[0].span.of(doc.text) == "Поставщик обязуется передать товар."


def test_undeclared_charset_is_detected(tmp_path: Path) -> None:
    body = "<p>Поставщик обязуется передать в собственность Покупателя товар.</p>"
    path = make_html(tmp_path / "ru.htm", body, charset=None, encoding="koi8-r")
    doc = load(path)
    assert doc.encoding == "koi8-r"
    assert "Покупателя" in doc.text


def test_wrong_declared_charset_falls_back_with_a_warning(tmp_path: Path) -> None:
    body = "<p>Поставщик обязуется передать в собственность Покупателя товар.</p>"
    path = make_html(tmp_path / "lie.html", body, charset="utf-8", encoding="cp1251")
    doc = load(path)
    assert "Покупателя" in doc.text
    assert "says it is utf-8" in doc.warnings[0]


def test_page_without_visible_text(tmp_path: Path) -> None:
    path = make_html(tmp_path / "blank.xhtml", "<script>var x = 1;</script>")
    with pytest.raises(DocumentError, match=r"blank\.xhtml: the page has no visible text"):
        load(path)
