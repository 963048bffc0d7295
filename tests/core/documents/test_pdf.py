"""PDF: reading order, dehyphenation, ligatures, furniture, geometry, encryption, damage."""

from __future__ import annotations

import html
from pathlib import Path
from typing import Any

import pymupdf
import pytest
from rapidfuzz.distance import Indel

from benchmarks.inputs import (
    TWO_COLUMN_HEADER,
    book_pair,
    make_two_column_pdf,
    make_typeset_book,
)
from desktop_app.core.documents import load
from desktop_app.core.documents.pdf_geometry import PdfGeometry
from desktop_app.core.errors import DocumentError, PasswordRequired
from desktop_app.core.model import BlockKind, Document, DocumentFormat, Span
from tests.helpers.factories import PdfText, make_pdf

LEFT = PdfText(
    50, 150, "Left column starts here and the\nargument is recog-\nnised by all readers."
)
LEFT_2 = PdfText(50, 330, "A second left paragraph with a well-\nknown phrase in it.")
RIGHT = PdfText(
    320, 150, "Right column text comes after\nthe left column in reading\norder always."
)
LEFT_TEXT = "Left column starts here and the argument is recognised by all readers."
RIGHT_TEXT = "Right column text comes after the left column in reading order always."
LIGATURES = PdfText(320, 330, "The ﬁrst ﬂoor was ﬁne.", unicode_font=True)
PLAN = Path(__file__).resolve().parents[3] / "data" / "congress-victory-plan-2024.txt"
COLUMN_LEFT = [
    "The first line of the left column runs on here",
    "and the second line of the left column follows",
    "it down until the left paragraph is finished.",
]
COLUMN_RIGHT = [
    "Right column prose begins on this baseline too",
    "and goes on with a second line of its own text",
    "that ends the paragraph of the right column.",
]


def _journal(tmp_path: Path) -> Document:
    pages = []
    for number in range(3):
        items = [
            PdfText(50, 40, "Journal of Tests - Volume 3", size=9),
            PdfText(290, 810, str(number + 1), size=9),
            PdfText(50, 120, f"Part {number + 1}", size=18),
        ]
        if number == 0:
            items += [LEFT, LEFT_2, RIGHT, LIGATURES]
        else:
            items.append(PdfText(50, 200, f"Page {number + 1} repeats a well-known phrase."))
        pages.append(items)
    return load(make_pdf(tmp_path / "journal.pdf", pages, title="Test Journal"))


def test_reading_order_hyphenation_and_ligatures(tmp_path: Path) -> None:
    doc = _journal(tmp_path)
    assert doc.format is DocumentFormat.PDF
    assert doc.title == "Test Journal"
    assert doc.page_count == 3
    first_page = [(b.kind, b.span.of(doc.text)) for b in doc.blocks if b.page == 0]
    assert first_page == [
        (BlockKind.HEADING, "Part 1"),
        (BlockKind.PARAGRAPH, LEFT_TEXT),
        (BlockKind.PARAGRAPH, "A second left paragraph with a well-known phrase in it."),
        (BlockKind.PARAGRAPH, RIGHT_TEXT),
        (BlockKind.PARAGRAPH, "The first floor was fine."),
    ]  # fmt: skip
    assert [b.page for b in doc.blocks] == sorted(b.page or 0 for b in doc.blocks)


def test_running_header_and_page_numbers_are_left_out_of_the_text(tmp_path: Path) -> None:
    doc = _journal(tmp_path)
    assert "Journal" not in doc.text
    assert not any(b.span.of(doc.text).isdigit() for b in doc.blocks)
    assert isinstance(doc.geometry, PdfGeometry)
    header = "Journal of Tests - Volume 3"
    drawn = [(rect.page, text) for rect, text in doc.geometry.furniture]
    assert drawn == [(0, header), (0, "1"), (1, header), (1, "2"), (2, header), (2, "3")]
    footer = doc.geometry.furniture[1][0]
    assert footer.y0 < 810 < footer.y1  # where the page number was drawn


def test_a_typeset_book_reads_without_its_furniture_and_paragraphs_run_on(
    tmp_path: Path,
) -> None:
    """300 pages, a running header (near-same: moved, in capitals) and a page number on each."""
    text = book_pair(fraction=0.3).left.text
    book = make_typeset_book(tmp_path / "book.pdf", text, pages=300)
    doc = load(tmp_path / "book.pdf")
    assert doc.page_count == 300
    assert doc.text.lower().count("testament") == book.text.lower().count("testament")
    assert doc.text.split() == book.text.split()  # no page number inside a sentence either
    assert isinstance(doc.geometry, PdfGeometry)
    assert len(doc.geometry.furniture) == 600
    assert {rect.page for rect, _ in doc.geometry.furniture} == set(range(300))
    truth = book.text.strip().split("\n\n")
    blocks = [b.span.of(doc.text) for b in doc.blocks]
    assert book.carried > 100  # paragraphs a page break cut mid-sentence: each one block
    # A break after a full stop before a capital is a new paragraph as far as anyone can tell.
    assert len(blocks) == len(truth) + book.restarted
    assert sum(block not in truth for block in blocks) == 2 * book.restarted


def test_a_paragraph_over_a_page_break_is_one_block_with_geometry_on_both_pages(
    tmp_path: Path,
) -> None:
    first = "The committee gathered all"
    second = "the chief priests and scribes of the people together."
    pages = [
        [PdfText(50, 40, "The New Testament", size=9), PdfText(50, 740, f"Intro.\n\n{first}"),
         PdfText(290, 815, "1", size=9)],
        [PdfText(50, 40, "The New Testament", size=9), PdfText(50, 80, second),
         PdfText(290, 815, "2", size=9)],
        [PdfText(50, 40, "The New Testament", size=9), PdfText(50, 80, "Last page."),
         PdfText(290, 815, "3", size=9)],
    ]  # fmt: skip
    doc = load(make_pdf(tmp_path / "run-on.pdf", pages))
    joined = f"{first} {second}"
    assert [b.span.of(doc.text) for b in doc.blocks] == ["Intro.", joined, "Last page."]
    block = doc.blocks[1]
    assert block.page == 0
    assert doc.geometry is not None
    start = doc.text.index("all the chief")
    rects = doc.geometry.rects(Span(start, start + len("all the chief")))
    assert [r.page for r in rects] == [0, 1]
    assert all(r.y1 < 800 for r in rects)  # no page number highlighted
    assert doc.geometry.page_of(start + len("all the")) == 1


def test_geometry_of_a_word_is_where_it_was_drawn(tmp_path: Path) -> None:
    doc = _journal(tmp_path)
    assert doc.geometry is not None
    start = doc.text.index("column text")
    rects = doc.geometry.rects(Span(start, start + len("column")))
    assert len(rects) == 1
    rect = rects[0]
    assert rect.page == 0
    assert 320 < rect.x0 < rect.x1 < 420  # right column, after "Right "
    assert rect.y0 < 150 < rect.y1  # the first line's baseline is y=150
    assert doc.geometry.page_of(start) == 0
    later = doc.text.index("Page 3 repeats")
    assert doc.geometry.page_of(later) == 2


def test_geometry_of_a_hyphenated_word_spans_two_lines(tmp_path: Path) -> None:
    doc = _journal(tmp_path)
    assert doc.geometry is not None
    start = doc.text.index("recognised")
    first, second = doc.geometry.rects(Span(start, start + len("recognised")))
    assert first.x0 > 50 and second.x0 == pytest.approx(50, abs=1)
    assert first.y1 <= second.y1 and second.y0 > first.y0  # next line down


def test_geometry_of_a_ligature(tmp_path: Path) -> None:
    doc = _journal(tmp_path)
    assert doc.geometry is not None
    start = doc.text.index("first")
    (only_f,) = doc.geometry.rects(Span(start, start + 1))
    (ligature,) = doc.geometry.rects(Span(start, start + 2))
    assert only_f == ligature  # "f" and "i" share the ﬁ glyph's box
    (word,) = doc.geometry.rects(Span(start, start + 5))
    assert word.x0 == ligature.x0 and word.x1 > ligature.x1


def test_separators_have_no_geometry(tmp_path: Path) -> None:
    doc = _journal(tmp_path)
    assert doc.geometry is not None
    block = doc.blocks[1]  # the left column's first paragraph, after the heading
    assert doc.geometry.rects(Span(block.span.end, block.span.end + 2)) == []
    whole = doc.geometry.rects(block.span)
    assert len(whole) == 3  # three lines
    assert [r.page for r in whole] == [0, 0, 0]


def test_user_password(tmp_path: Path) -> None:
    path = make_pdf(
        tmp_path / "secret.pdf", [[PdfText(72, 300, "Classified.")]], user_password="pw"
    )
    with pytest.raises(PasswordRequired, match=r"secret\.pdf is encrypted: a password is needed"):
        load(path)
    with pytest.raises(PasswordRequired, match=r"secret\.pdf: the password is wrong"):
        load(path, password="nope")
    assert load(path, password="pw").text == "Classified."


def test_owner_password_only_opens(tmp_path: Path) -> None:
    path = make_pdf(tmp_path / "owner.pdf", [[PdfText(72, 300, "Readable.")]], owner_password="o")
    assert load(path).text == "Readable."


def test_truncated_pdf(tmp_path: Path) -> None:
    pages = [[PdfText(72, 100, f"Page {i} text goes here. " * 4)] for i in range(5)]
    data = make_pdf(tmp_path / "full.pdf", pages).read_bytes()
    cut = tmp_path / "cut.pdf"
    cut.write_bytes(data[: len(data) // 2])
    with pytest.raises(DocumentError, match=r"cut\.pdf: it is damaged"):
        load(cut)


def test_garbage_after_pdf_magic(tmp_path: Path) -> None:
    path = tmp_path / "junk.pdf"
    path.write_bytes(b"%PDF-1.7\n" + bytes(range(256)) * 16)
    with pytest.raises(DocumentError, match=r"junk\.pdf: it is damaged"):
        load(path)


def test_image_only_page_is_a_warning(tmp_path: Path) -> None:
    pages = [[PdfText(72, 300, "Some text.")], [], [PdfText(72, 300, "More text.")]]
    doc = load(make_pdf(tmp_path / "mixed.pdf", pages, image_pages=[1]))
    assert doc.warnings == ("1 page has no text layer (scanned?): 2.",)
    assert [b.page for b in doc.blocks] == [0, 2]


def test_scanned_pdf_is_refused(tmp_path: Path) -> None:
    path = make_pdf(tmp_path / "scan.pdf", [[], []], image_pages=[0, 1])
    with pytest.raises(
        DocumentError, match=r"scan\.pdf: it has no text layer \(it looks scanned\)"
    ):
        load(path)


def test_two_columns_sharing_baselines_read_column_by_column(tmp_path: Path) -> None:
    """The Congress plan over 9 pages, drawn left line, right line...: reads in column order."""
    path = tmp_path / "two-column.pdf"
    source = make_two_column_pdf(path, PLAN.read_text(encoding="utf-8"), pages=9)
    doc = load(path)
    assert doc.page_count == 9
    content = " ".join(b.span.of(doc.text) for b in doc.content_blocks)
    assert len(source.split()) > 5000
    assert Indel.normalized_similarity(source.split(), content.split()) >= 0.97
    assert isinstance(doc.geometry, PdfGeometry)
    furniture = [text for _, text in doc.geometry.furniture]
    assert furniture == [text for n in range(1, 10) for text in (TWO_COLUMN_HEADER, str(n))]
    assert TWO_COLUMN_HEADER not in doc.text
    # Blank rows of a column end its paragraphs (so does a column's end, in ``source``),
    # but a paragraph that runs on over a page break is one block.
    paragraphs = [paragraph.split() for paragraph in source.split("\n\n")]
    joined = 0
    for block in doc.content_blocks:
        words = block.span.of(doc.text).split()
        if words == paragraphs[0]:
            paragraphs.pop(0)
            continue
        assert words == paragraphs[0] + paragraphs[1]
        assert doc.geometry.page_of(block.span.end - 1) == (block.page or 0) + 1
        del paragraphs[:2]
        joined += 1
    assert paragraphs == []
    assert 0 < joined < 9


def _interleaved_page(path: Path, rows: list[tuple[str, str]]) -> Path:
    """One page whose rows are drawn left line then right line at one baseline (x=50, 308)."""
    pdf = pymupdf.open()
    page = pdf.new_page(width=595, height=842)
    for number, (left, right) in enumerate(rows):
        y = 100 + 13 * number
        page.insert_text((50, y), left, fontsize=10)
        if right:
            page.insert_text((308, y), right, fontsize=10)
    pdf.save(path)
    pdf.close()
    return path


def test_left_column_lines_follow_each_other(tmp_path: Path) -> None:
    rows = list(zip(COLUMN_LEFT, COLUMN_RIGHT, strict=True))
    doc = load(_interleaved_page(tmp_path / "columns.pdf", rows))
    left, right = " ".join(COLUMN_LEFT), " ".join(COLUMN_RIGHT)
    assert f"{COLUMN_LEFT[0]} {COLUMN_LEFT[1]}" in doc.text
    assert [b.span.of(doc.text) for b in doc.blocks] == [left, right]
    assert doc.geometry is not None
    start = doc.text.index("Right column")
    (rect,) = doc.geometry.rects(Span(start, start + len("Right column")))
    assert rect.x0 == pytest.approx(308, abs=1) and rect.y0 < 100 < rect.y1


def test_full_width_line_between_interleaved_columns(tmp_path: Path) -> None:
    wide = "A full-width line that crosses the gutter between the two columns of the page"
    rows = [*zip(COLUMN_LEFT, COLUMN_RIGHT, strict=True), (wide, "")]
    rows += list(zip(COLUMN_RIGHT, COLUMN_LEFT, strict=True))
    doc = load(_interleaved_page(tmp_path / "wide.pdf", rows))
    left, right = " ".join(COLUMN_LEFT), " ".join(COLUMN_RIGHT)
    assert [b.span.of(doc.text) for b in doc.blocks] == [left, right, wide, right, left]


def test_columns_padded_with_spaces_in_one_line(tmp_path: Path) -> None:
    """A plain-text conversion: each row one line, the columns apart by a run of spaces."""
    rows = [(f"{a:<75}{b}", "") for a, b in zip(COLUMN_LEFT, COLUMN_RIGHT, strict=True)]
    doc = load(_interleaved_page(tmp_path / "padded.pdf", rows))
    texts = [b.span.of(doc.text) for b in doc.blocks]
    assert texts == [" ".join(COLUMN_LEFT), " ".join(COLUMN_RIGHT)]
    assert doc.geometry is not None
    start = doc.text.index("Right column")
    (rect,) = doc.geometry.rects(Span(start, start + len("Right")))
    assert rect.x0 > 300


def test_table_rows_keep_their_order(tmp_path: Path) -> None:
    """Short cells side by side are a table, not prose columns: read row by row."""
    rows = [("Name", "Value"), ("Alpha", "12"), ("Beta", "7")]
    doc = load(_interleaved_page(tmp_path / "table.pdf", rows))
    assert doc.text.split() == ["Name", "Value", "Alpha", "12", "Beta", "7"]


def test_a_two_page_letters_running_head_is_furniture_but_a_single_pages_top_line_is_text(
    tmp_path: Path,
) -> None:
    head = PdfText(50, 40, "Ministry of Tests - Letter 12", size=9)
    body = [PdfText(50, 200, "Dear reader, this is the letter."), PdfText(50, 300, "More.")]
    two = load(make_pdf(tmp_path / "two.pdf", [[head, *body], [head, *body]]))
    assert "Ministry" not in two.text
    one = load(make_pdf(tmp_path / "one.pdf", [[head, *body]]))
    assert one.text.startswith("Ministry of Tests - Letter 12")  # nothing says it repeats


def test_a_footnote_does_not_stop_a_paragraph_running_on_and_follows_it(tmp_path: Path) -> None:
    first = "The committee gathered all"
    second = "the chief priests and scribes of the people together."
    note = "1 Some manuscripts add the elders."
    pages = [
        [PdfText(50, 40, "The New Testament", size=9), PdfText(50, 700, f"Intro.\n\n{first}"),
         PdfText(50, 775, note, size=8), PdfText(290, 815, "1", size=9)],
        [PdfText(50, 40, "The New Testament", size=9), PdfText(50, 80, second),
         PdfText(50, 110, "A new paragraph."), PdfText(290, 815, "2", size=9)],
        [PdfText(50, 40, "The New Testament", size=9), PdfText(50, 80, "Last page."),
         PdfText(290, 815, "3", size=9)],
    ]  # fmt: skip
    doc = load(make_pdf(tmp_path / "footnote.pdf", pages))
    assert [(b.page, b.span.of(doc.text)) for b in doc.blocks] == [
        (0, "Intro."),
        (0, f"{first} {second}"),
        (0, note),
        (1, "A new paragraph."),
        (2, "Last page."),
    ]
    assert doc.geometry is not None
    start = doc.text.index("A new")
    assert doc.geometry.page_of(start) == 1
    assert doc.geometry.page_of(doc.text.index("Some manuscripts")) == 0


def test_a_short_last_line_ends_its_paragraph_a_full_one_runs_on(tmp_path: Path) -> None:
    """An unpunctuated heading in body type at a page's foot is not joined to the next
    page's paragraph; a full line cut before a capitalised name is."""
    full = "The elders and the scribes came together and they went out to meet"
    pages = [
        [PdfText(50, 60, "Running head", size=9), PdfText(50, 700, full),
         PdfText(290, 815, "1", size=9)],
        [PdfText(50, 60, "Running head", size=9), PdfText(50, 80, "Jerusalem at dawn."),
         PdfText(50, 700, "Step 5. The next step"), PdfText(290, 815, "2", size=9)],
        [PdfText(50, 60, "Running head", size=9), PdfText(50, 80, "We come to the next part."),
         PdfText(290, 815, "3", size=9)],
    ]  # fmt: skip
    doc = load(make_pdf(tmp_path / "short.pdf", pages))
    assert [b.span.of(doc.text) for b in doc.blocks] == [
        f"{full} Jerusalem at dawn.",
        "Step 5. The next step",
        "We come to the next part.",
    ]


def test_an_essay_typeset_by_mupdf_reads_paragraph_for_paragraph(tmp_path: Path) -> None:
    """The Congress plan laid out by MuPDF's Story (justified, indented, A5) with a running
    head and page numbers added: one block per paragraph, no furniture in the text."""
    paragraphs = [" ".join(p.split()) for p in PLAN.read_text("utf-8").split("\n\n") if p.strip()]
    body = "".join(f"<p>{html.escape(p)}</p>" for p in paragraphs)
    css = "p {font-size: 10pt; text-align: justify; margin-bottom: 4pt; text-indent: 12pt;}"
    story: Any = pymupdf.Story(html=body, user_css=css)
    laid = tmp_path / "laid.pdf"
    writer: Any = pymupdf.DocumentWriter(str(laid))
    page_box: Any = pymupdf.paper_rect("a5")
    more = True
    while more:
        device = writer.begin_page(page_box)
        more, _ = story.place(pymupdf.Rect(40, 60, page_box.x1 - 40, page_box.y1 - 60))
        story.draw(device)
        writer.end_page()
    writer.close()
    pdf: Any = pymupdf.open(laid)
    for number, page in enumerate(pdf):
        page.insert_text((40, 35), "Congress" if number % 2 else "The Victory Plan", fontsize=8)
        page.insert_text(
            (page_box.width / 2 - 5, page_box.height - 30), str(number + 1), fontsize=8
        )
    pdf.save(tmp_path / "essay.pdf")
    pages = pdf.page_count
    pdf.close()
    doc = load(tmp_path / "essay.pdf")
    assert pages > 10
    assert "Victory Plan" not in doc.text and "Congress\n" not in doc.text
    blocks = [b.span.of(doc.text) for b in doc.blocks]
    assert len(blocks) == len(paragraphs)
    # Words hyphenated at a line end by the layout may come back joined: compare the starts.
    assert [b[:40] for b in blocks] == [p[:40] for p in paragraphs]
    same = sum(b == p for b, p in zip(blocks, paragraphs, strict=True))
    assert same >= len(paragraphs) - 8
