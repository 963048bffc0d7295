"""Word document of the excerpts, for analysts whose memo lives in Word.

A heading per section, each quote in Word's "Quote" style with a left border in
the annotation colour, its source under it, then the note and tags. An excerpt's
paragraphs are kept together on one page (keep with next, keep lines together);
every run is tagged with its language by script (``languages.py``), so Word checks
a Russian quote as Russian; the properties name the analyst and the export time,
not the template's 2013 "python-docx"; every page's footer gives the title and the
page number (a PAGE field), for the printed memo.

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
from datetime import UTC, datetime
from typing import Any

import docx
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Pt, RGBColor
from docx.text.paragraph import Paragraph

from desktop_app.core.analyst import analyst_name
from desktop_app.core.export.colours import css_colour
from desktop_app.core.export.excerpts import AnyExcerpt, Excerpt, ExportOptions, Quote
from desktop_app.core.export.grouping import group_excerpts
from desktop_app.core.export.labels import count_label, file_label, pair_label
from desktop_app.core.export.languages import language_runs
from desktop_app.core.export.urls import file_url

# Characters XML 1.0 cannot hold; python-docx refuses them, so they are dropped.
_XML_INVALID = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_GREY = RGBColor(0x55, 0x55, 0x55)
_LINK = RGBColor(0x05, 0x63, 0xC1)


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
        self._runs: dict[tuple[bool, bool, str], Any] = {}  # rPr by (bold, italic, look+lang)
        self.made: list[Paragraph] = []  # every paragraph, in order
        self._links: dict[str, str] = {}  # relationship id by hyperlink target

    def paragraph(self, text: str = "", properties: Any = None) -> Paragraph:
        p = OxmlElement("w:p")
        if properties is not None:
            p.append(deepcopy(properties))
        self._sect_pr.addprevious(p)
        paragraph = Paragraph(p, self._parent)
        self.made.append(paragraph)
        if text:
            self.run(paragraph, text, colour=None, small=False)
        return paragraph

    def run(
        self, paragraph: Paragraph, text: str, *, bold: bool = False, italic: bool = False,
        colour: RGBColor | None = _GREY, small: bool = True, underline: bool = False,
    ) -> None:  # fmt: skip
        """Append ``text`` as runs in one format, one run per language it is written in."""
        for piece, language in language_runs(text):
            run = paragraph.add_run(piece)
            key = (bold, italic, f"{colour}{small}{underline}{language}")
            template = self._runs.get(key)
            if template is None:
                model = self._template_paragraph().add_run()
                model.bold = bold or None
                model.italic = italic or None
                if colour is not None:
                    model.font.color.rgb = colour
                if small:
                    model.font.size = Pt(9)
                model.underline = underline or None
                template = self._runs[key] = model._r.get_or_add_rPr()
                lang = OxmlElement("w:lang")
                lang.set(qn("w:val"), language)
                template.insert_element_before(lang, "w:eastAsianLayout", "w:specVanish", "w:oMath")
            run._r.insert(0, deepcopy(template))

    def link(self, paragraph: Paragraph, text: str, url: str) -> None:
        """Append ``text`` as a hyperlink to ``url`` (no python-docx API: a w:hyperlink
        element around the runs, its target an external relationship of the part)."""
        first = len(paragraph._p.r_lst)
        self.run(paragraph, text, italic=True, colour=_LINK, underline=True)
        runs = paragraph._p.r_lst[first:]
        if not runs:
            return
        rel = self._links.get(url)
        if rel is None:  # relate_to scans the part's relationships: once per file, not quote
            rel = self._links[url] = self._document.part.relate_to(
                url, RT.HYPERLINK, is_external=True
            )
        link = OxmlElement("w:hyperlink")
        link.set(qn("r:id"), rel)
        runs[0].addprevious(link)
        for run in runs:
            link.append(run)

    def keep_together(self, paragraphs: Sequence[Paragraph]) -> None:
        """Each paragraph's lines on one page, and all of them with the next: one excerpt
        is never split by a page break (unless it is longer than a page)."""
        for index, paragraph in enumerate(paragraphs):
            properties = paragraph._p.get_or_add_pPr()
            properties.keepLines_val = True
            if index + 1 < len(paragraphs):
                properties.keepNext_val = True

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
    """The quote (bold inside its context, when known), then where it is."""
    exact = _clean(" ".join(quote.exact.split()))
    if quote.before or quote.after:
        paragraph = body.paragraph("", body.quote_properties(colour))
        if quote.before:
            body.run(paragraph, _clean(quote.before), small=False)
        body.run(paragraph, exact, bold=True, colour=None, small=False)
        if quote.after:
            body.run(paragraph, _clean(quote.after), small=False)
    else:
        body.paragraph(exact, body.quote_properties(colour))
    source = body.paragraph()
    body.run(source, "— ", italic=True)
    url = file_url(quote.source.path)
    file_name = file_label(quote)
    name = _clean(quote.source.display_name)
    if url and not file_name:  # the title is the file's name: it links to the file
        body.link(source, name, url)
    else:
        body.run(source, name, italic=True)
    if quote.place_label:
        body.run(source, ", " + quote.place_label, italic=True)
    if file_name:
        body.run(source, " · ", italic=True)
        if url:
            body.link(source, _clean(file_name), url)
        else:
            body.run(source, _clean(file_name), italic=True)


def _note_and_tags(body: _Body, excerpt: AnyExcerpt) -> None:
    for block in re.split(r"\n\s*\n", excerpt.note.strip()):
        if block.strip():
            body.paragraph(_clean(block.strip()))
    meta = ["Tags: " + ", ".join(excerpt.tags)] if excerpt.tags else []
    if excerpt.author:
        meta.append("By: " + excerpt.author)
    if meta:  # one small line, as in the HTML and Markdown reports
        body.run(body.paragraph(), _clean(" · ".join(meta)))


def _excerpt(body: _Body, excerpt: AnyExcerpt) -> None:
    first = len(body.made)
    _excerpt_paragraphs(body, excerpt)
    body.keep_together(body.made[first:])


def _excerpt_paragraphs(body: _Body, excerpt: AnyExcerpt) -> None:
    if isinstance(excerpt, Excerpt):
        _quote(body, excerpt.quote, excerpt.colour)
    else:
        label = body.paragraph()  # grey, as in HTML: yellow or orange text is unreadable
        body.run(label, _clean(pair_label(excerpt)), bold=True, colour=_GREY, small=False)
        _quote(body, excerpt.left, excerpt.colour)
        _quote(body, excerpt.right, excerpt.colour)
    _note_and_tags(body, excerpt)


def _properties(document: Any, options: ExportOptions) -> None:
    """Title, the analyst as author, the export's time: not the template's 2013 defaults."""
    properties = document.core_properties
    author = _clean(options.author or analyst_name())
    moment = options.generated or datetime.now(UTC)
    if moment.tzinfo is not None:  # the properties are written as UTC without a zone
        moment = moment.astimezone(UTC).replace(tzinfo=None)
    properties.title = _clean(options.title)
    properties.author = author
    properties.last_modified_by = author
    properties.created = moment
    properties.modified = moment
    properties.comments = "Exported from Verso"
    properties.revision = 1


def _field(paragraph: Paragraph, instruction: str, shown: str) -> None:
    """A field (``PAGE``…) Word and LibreOffice compute; ``shown`` until they do."""
    parts: list[tuple[str, str]] = [
        ("w:fldChar", "begin"), ("w:instrText", instruction), ("w:fldChar", "separate"),
        ("w:t", shown), ("w:fldChar", "end"),
    ]  # fmt: skip
    for tag, value in parts:
        run = paragraph.add_run()
        run.font.size = Pt(9)
        run.font.color.rgb = _GREY
        element = OxmlElement(tag)
        if tag == "w:fldChar":
            element.set(qn("w:fldCharType"), value)
        else:
            element.set(qn("xml:space"), "preserve")
            element.text = value
        run._r.append(element)


def _footer(document: Any, body: _Body, title: str) -> None:
    """The title and the page number at the foot of every page, for the printed memo."""
    footer = document.sections[0].footer
    footer.is_linked_to_previous = False
    paragraph = footer.paragraphs[0]
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    body.run(paragraph, f"{title} · ")
    _field(paragraph, " PAGE ", "1")


def render_docx(excerpts: Sequence[AnyExcerpt], options: ExportOptions) -> bytes:
    """The Word document's bytes (.docx)."""
    document = docx.Document()
    _properties(document, options)
    body = _Body(document)
    _footer(document, body, _clean(options.title))
    body.paragraph(_clean(options.title), body.styled("Title"))
    summary = count_label(excerpts)
    if options.generated is not None:
        summary += f" · exported {options.generated.isoformat(timespec='minutes')}"
    body.run(body.paragraph(), summary, italic=True, colour=None, small=False)
    heading = body.styled("Heading 1")
    for label, members in group_excerpts(excerpts, options.group_by):
        if label:
            body.paragraph(_clean(label), heading)
        for excerpt in members:
            _excerpt(body, excerpt)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
