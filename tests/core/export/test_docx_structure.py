"""The Word export's XML, as the templates and direct inserts build it (speed: benchmarks)."""

from __future__ import annotations

import io

import docx
from docx.oxml.ns import qn
from docx.shared import Pt, RGBColor

from benchmarks.export_speed import excerpts as bench_excerpts
from desktop_app.core.export import ExportOptions, GroupBy, PairExcerpt
from desktop_app.core.export.docx_export import render_docx
from tests.helpers.excerpts import sample_excerpts


def _open(data: bytes) -> docx.document.Document:
    return docx.Document(io.BytesIO(data))


def test_paragraphs_come_in_order_before_the_section_properties() -> None:
    items = bench_excerpts(60)
    document = _open(render_docx(items, ExportOptions(group_by=GroupBy.NONE)))
    body = document.element.body
    assert body[-1].tag == qn("w:sectPr")  # every paragraph went in before it
    texts = [p.text for p in document.paragraphs]
    quotes = [p.text for p in document.paragraphs if p.style and p.style.name == "Quote"]
    expected: list[str] = []
    for item in items:
        if isinstance(item, PairExcerpt):
            expected += [item.left.exact, item.right.exact]
        else:
            expected.append(item.quote.exact)
    assert quotes == expected
    assert texts[0] == "Verso excerpts" and document.paragraphs[0].style.name == "Title"  # type: ignore[union-attr]
    notes = [item.note for item in items if item.note]
    positions = [texts.index(note) for note in notes]
    assert positions == sorted(positions)  # each note after its quote, in excerpt order


def test_runs_and_borders_are_formatted_as_before() -> None:
    document = _open(render_docx(sample_excerpts(), ExportOptions()))
    paragraphs = document.paragraphs
    sources = [p for p in paragraphs if p.text.startswith("— ")]
    assert sources
    for paragraph in sources:
        for run in paragraph.runs:  # one run per language (a Russian title is a run of its own)
            assert run.italic and run.font.size == Pt(9)
            assert run.font.color.rgb == RGBColor(85, 85, 85)
    [label] = [p for p in paragraphs if p.text.startswith("Quote link, score 92.5")]
    assert label.runs[0].bold and label.runs[0].font.size is None
    tags = [p for p in paragraphs if p.text.startswith("Tags: ")]
    assert tags and all(p.runs[0].font.size == Pt(9) for p in tags)
    quotes = [p for p in paragraphs if p.style and p.style.name == "Quote"]
    colours = [p._p.xml.split('w:color="')[1][:6] for p in quotes]
    # every quote has its border, in its own excerpt's colour (templates per colour)
    assert len(colours) == 7 and len(set(colours)) > 1
    headings = [p.text for p in paragraphs if p.style and p.style.name == "Heading 1"]
    assert len(headings) == 2
