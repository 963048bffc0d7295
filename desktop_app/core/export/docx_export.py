"""Word document of the excerpts, for analysts whose memo lives in Word.

A heading per section, each quote in Word's "Quote" style with a left border in
the annotation colour, its source under it, then the note and tags.

Linear in the number of excerpts: python-docx's ``Document.add_paragraph``
searches the body for the section properties on every call (quadratic: 5,000
excerpts took 106 s here), and its style and font setters rebuild the same
small XML each time. So paragraphs are inserted right before the kept
``w:sectPr`` element, and paragraph/run properties are built once through the
python-docx API as templates and copied (see benchmarks/export_speed.py).
"""

from __future__ import annotations

import io
import re
from collections.abc import Sequence
from copy import deepcopy
from typing import Any

import docx
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Pt, RGBColor
from docx.text.paragraph import Paragraph

from desktop_app.core.export.colours import css_colour, rgb_bytes
from desktop_app.core.export.excerpts import AnyExcerpt, Excerpt, ExportOptions, Quote
from desktop_app.core.export.grouping import group_excerpts
from desktop_app.core.export.labels import count_label, pair_label, source_label

# Characters XML 1.0 cannot hold; python-docx refuses them, so they are dropped.
_XML_INVALID = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_GREY = RGBColor(0x55, 0x55, 0x55)


def _clean(text: str) -> str:
    return _XML_INVALID.sub("", text)


class _Body:
    """Appends paragraphs to the document body in constant time each, from templates."""

    def __init__(self, document: Any) -> None:
        self._document = document
        self._parent = document._body
        body = document.element.body
        self._sect_pr = body.get_or_add_sectPr()  # paragraphs go right before it
        self._styles: dict[str, Any] = {}  # pPr holding just a style, by style name
        self._quotes: dict[str, Any] = {}  # Quote style + coloured border, by colour
        self._runs: dict[tuple[bool, bool, str], Any] = {}  # rPr by (bold, italic, colour)

    def paragraph(self, text: str = "", properties: Any = None) -> Paragraph:
        p = OxmlElement("w:p")
        if properties is not None:
            p.append(deepcopy(properties))
        self._sect_pr.addprevious(p)
        paragraph = Paragraph(p, self._parent)
        if text:
            paragraph.add_run(text)
        return paragraph

    def run(
        self, paragraph: Paragraph, text: str, *, bold: bool = False, italic: bool = False,
        colour: RGBColor = _GREY, small: bool = True,
    ) -> None:  # fmt: skip
        run = paragraph.add_run(text)
        key = (bold, italic, f"{colour}{small}")
        template = self._runs.get(key)
        if template is None:
            model = self._template_paragraph().add_run()
            model.bold = bold or None
            model.italic = italic or None
            model.font.color.rgb = colour
            if small:
                model.font.size = Pt(9)
            template = self._runs[key] = model._r.get_or_add_rPr()
        run._r.insert(0, deepcopy(template))

    def styled(self, style_name: str) -> Any:
        """A ``w:pPr`` naming the style (looked up by name once: python-docx scans them all)."""
        found = self._styles.get(style_name)
        if found is None:
            found = OxmlElement("w:pPr")
            found.style = self._document.styles[style_name].style_id
            self._styles[style_name] = found
        return found

    def quote_properties(self, colour: str | None) -> Any:
        """Quote style and a thick left border in the annotation colour (no python-docx API)."""
        key = css_colour(colour)
        found = self._quotes.get(key)
        if found is None:
            found = deepcopy(self.styled("Quote"))
            borders = OxmlElement("w:pBdr")
            left = OxmlElement("w:left")
            left.set(qn("w:val"), "single")
            left.set(qn("w:sz"), "36")  # eighths of a point: 4.5 pt
            left.set(qn("w:space"), "8")
            left.set(qn("w:color"), key[1:].upper())
            borders.append(left)
            found.append(borders)
            self._quotes[key] = found
        return found

    def _template_paragraph(self) -> Paragraph:
        return Paragraph(OxmlElement("w:p"), self._parent)  # detached: never saved


def _quote(body: _Body, quote: Quote, colour: str | None) -> None:
    body.paragraph(_clean(" ".join(quote.exact.split())), body.quote_properties(colour))
    source = body.paragraph()
    body.run(source, "— " + _clean(source_label(quote)), italic=True)


def _note_and_tags(body: _Body, excerpt: AnyExcerpt) -> None:
    for block in re.split(r"\n\s*\n", excerpt.note.strip()):
        if block.strip():
            body.paragraph(_clean(block.strip()))
    if excerpt.tags:
        body.run(body.paragraph(), "Tags: " + _clean(", ".join(excerpt.tags)))
    if excerpt.author:
        body.run(body.paragraph(), "By: " + _clean(excerpt.author))


def _excerpt(body: _Body, excerpt: AnyExcerpt) -> None:
    if isinstance(excerpt, Excerpt):
        _quote(body, excerpt.quote, excerpt.colour)
    else:
        label = body.paragraph()
        colour = RGBColor(*rgb_bytes(excerpt.colour))
        body.run(label, _clean(pair_label(excerpt)), bold=True, colour=colour, small=False)
        _quote(body, excerpt.left, excerpt.colour)
        _quote(body, excerpt.right, excerpt.colour)
    _note_and_tags(body, excerpt)


def render_docx(excerpts: Sequence[AnyExcerpt], options: ExportOptions) -> bytes:
    """The Word document's bytes (.docx)."""
    document = docx.Document()
    document.core_properties.title = _clean(options.title)
    document.core_properties.author = "Verso"
    body = _Body(document)
    body.paragraph(_clean(options.title), body.styled("Title"))
    summary = count_label(excerpts)
    if options.generated is not None:
        summary += f" · exported {options.generated.isoformat(timespec='minutes')}"
    document.add_paragraph(summary).runs[0].italic = True
    heading = body.styled("Heading 1")
    for label, members in group_excerpts(excerpts, options.group_by):
        if label:
            body.paragraph(_clean(label), heading)
        for excerpt in members:
            _excerpt(body, excerpt)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
