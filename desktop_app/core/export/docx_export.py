"""Word document of the excerpts, for analysts whose memo lives in Word.

A heading per section, each quote in Word's "Quote" style with a left border in
the annotation colour, its source under it, then the note and tags.
"""

from __future__ import annotations

import io
import re
from collections.abc import Sequence
from typing import Any

import docx
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Pt, RGBColor

from desktop_app.core.export.colours import css_colour, rgb_bytes
from desktop_app.core.export.excerpts import AnyExcerpt, Excerpt, ExportOptions, Quote
from desktop_app.core.export.grouping import group_excerpts
from desktop_app.core.export.labels import count_label, pair_label, source_label

# Characters XML 1.0 cannot hold; python-docx refuses them, so they are dropped.
_XML_INVALID = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_GREY = RGBColor(0x55, 0x55, 0x55)


def _clean(text: str) -> str:
    return _XML_INVALID.sub("", text)


def _left_border(paragraph: Any, colour: str | None) -> None:
    """A thick left border in the annotation colour (python-docx has no API for it)."""
    props = paragraph._p.get_or_add_pPr()
    borders = OxmlElement("w:pBdr")
    left = OxmlElement("w:left")
    left.set(qn("w:val"), "single")
    left.set(qn("w:sz"), "36")  # eighths of a point: 4.5 pt
    left.set(qn("w:space"), "8")
    left.set(qn("w:color"), css_colour(colour)[1:].upper())
    borders.append(left)
    props.append(borders)


def _quote(document: Any, quote: Quote, colour: str | None, style_id: str) -> None:
    paragraph = document.add_paragraph(_clean(" ".join(quote.exact.split())))
    # Set by id: python-docx resolves a style name by scanning every style, each call.
    paragraph._p.get_or_add_pPr().style = style_id
    _left_border(paragraph, colour)
    source = document.add_paragraph()
    run = source.add_run("— " + _clean(source_label(quote)))
    run.italic = True
    run.font.size = Pt(9)
    run.font.color.rgb = _GREY


def _note_and_tags(document: Any, excerpt: AnyExcerpt) -> None:
    for block in re.split(r"\n\s*\n", excerpt.note.strip()):
        if block.strip():
            document.add_paragraph(_clean(block.strip()))
    if excerpt.tags:
        paragraph = document.add_paragraph()
        run = paragraph.add_run("Tags: " + _clean(", ".join(excerpt.tags)))
        run.font.size = Pt(9)
        run.font.color.rgb = _GREY


def _excerpt(document: Any, excerpt: AnyExcerpt, style_id: str) -> None:
    if isinstance(excerpt, Excerpt):
        _quote(document, excerpt.quote, excerpt.colour, style_id)
    else:
        label = document.add_paragraph()
        run = label.add_run(_clean(pair_label(excerpt)))
        run.bold = True
        run.font.color.rgb = RGBColor(*rgb_bytes(excerpt.colour))
        _quote(document, excerpt.left, excerpt.colour, style_id)
        _quote(document, excerpt.right, excerpt.colour, style_id)
    _note_and_tags(document, excerpt)


def render_docx(excerpts: Sequence[AnyExcerpt], options: ExportOptions) -> bytes:
    """The Word document's bytes (.docx)."""
    document = docx.Document()
    document.core_properties.title = _clean(options.title)
    document.core_properties.author = "Verso"
    document.add_heading(_clean(options.title), level=0)
    summary = count_label(excerpts)
    if options.generated is not None:
        summary += f" · exported {options.generated.isoformat(timespec='minutes')}"
    document.add_paragraph(summary).runs[0].italic = True
    quote_style = document.styles["Quote"].style_id
    for label, members in group_excerpts(excerpts, options.group_by):
        if label:
            document.add_heading(_clean(label), level=1)
        for excerpt in members:
            _excerpt(document, excerpt, quote_style)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
