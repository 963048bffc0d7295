"""HTML's visible text in block structure, mapped back into the decoded source.

The stdlib ``html.parser`` is enough: we need text, block boundaries and entity
decoding, not a DOM, and it never fetches anything (no network, no external
entities). Tolerant of broken markup, which is most HTML saved from the web.

Python 3.11's ``html.parser`` takes quadratic time on markup cut off by the end
of the file (60 KB of ``<a <a <a`` took over a minute): every ``<`` rescans the
rest for a ``>`` that never comes. Nothing after the last ``>`` can be a tag, so
that tail is handed over as text and the parser never sees it. For the same
reason the open-element stack answers "what kind of block is this?" in constant
time: a page of 10,000 unclosed ``<p>`` must not cost 10,000² steps.
"""

from __future__ import annotations

import codecs
import html
import re
from collections import Counter
from html.parser import HTMLParser

from desktop_app.core.documents.blockwriter import LINE_BREAK, BlockWriter
from desktop_app.core.documents.encoding import Decoded, check_looks_like_text, decode
from desktop_app.core.documents.source import SourceFile
from desktop_app.core.errors import DocumentError
from desktop_app.core.model import BlockKind, Document, DocumentFormat
from desktop_app.core.textnorm import TextBuilder, append_located, line_starts, offset_of

_SKIPPED = frozenset(
    {"script", "style", "template", "noscript", "head", "svg", "math", "iframe", "object"}
)
_HEADINGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})
_LISTS = frozenset({"ul", "ol", "dl", "menu"})
_BLOCKS = frozenset(
    {
        "p", "div", "section", "article", "aside", "main", "header", "footer", "nav",
        "blockquote", "pre", "li", "dt", "dd", "td", "th", "tr", "table", "caption",
        "thead", "tbody", "tfoot", "figure", "figcaption", "address", "hr", "form",
        "fieldset", "legend", "details", "summary", "body", "html", "center",
    }
    | _HEADINGS
    | _LISTS
)  # fmt: skip
# Tags that decide the kind of the text inside them; the innermost one wins.
_KIND_TAGS = _HEADINGS | {"li", "dt", "dd", "pre", "td", "th", "blockquote"}
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.I)
# WHATWG: documents labelled Latin-1 or ASCII are decoded as windows-1252.
_CHARSET_ALIASES = {"iso8859-1": "cp1252", "latin-1": "cp1252", "ascii": "cp1252"}


class _Extractor(HTMLParser):
    def __init__(self, source: str, writer: BlockWriter, base: int) -> None:
        super().__init__(convert_charrefs=True)
        self.source = source
        self.base = base  # where this source starts in the writer's source
        self.flushed = 0
        self.starts = line_starts(source)
        self.writer = writer
        self.skip_depth = 0
        # Open block elements, each with the innermost kind-deciding tag at or above it.
        self.stack: list[tuple[str, str]] = []
        self.open_count: Counter[str] = Counter()
        self.list_depth = 0
        self.chars: list[str] = []
        self.offsets: list[int] = []
        self.in_title = False
        self.title: list[str] = []
        self.text_limit: int | None = None  # set while the markup-free tail is read

    def _position(self) -> int:
        line, column = self.getpos()
        return offset_of(self.starts, line - 1, column)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "title":
            self.in_title = True
        if tag in _SKIPPED:
            self.skip_depth += 1
            return
        if self.skip_depth:
            return
        if tag == "br":
            self.chars.append(LINE_BREAK)
            self.offsets.append(max(self._position(), self._last_offset()))
        elif tag in _BLOCKS:
            self.flush()
            if tag != "hr":
                self._push(tag)

    def parse_marked_section(self, i: int, report: bool = True) -> int:
        """A malformed ``<![...`` is a bogus comment, as browsers read it, not a crash.

        ``_markupbase`` raises AssertionError on an unknown keyword (``<![CDA``),
        which would make the whole page unreadable for one bad construct.
        """
        try:
            return super().parse_marked_section(i, report)
        except AssertionError:
            end = self.rawdata.find(">", i + 3)
            return -1 if end < 0 else end + 1

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _SKIPPED or tag == "title":
            return  # <script/> opens nothing
        self.handle_starttag(tag, attrs)
        if tag in _BLOCKS and tag != "hr":
            self.handle_endtag(tag)

    def handle_endtag(self, tag: str) -> None:
        if tag == "title":
            self.in_title = False
        if tag in _SKIPPED:
            self.skip_depth = max(0, self.skip_depth - 1)
            return
        if self.skip_depth or tag not in _BLOCKS:
            return
        self.flush()
        if self.open_count[tag]:
            while self.stack and self._pop() != tag:
                pass

    def _push(self, tag: str) -> None:
        inherited = self.stack[-1][1] if self.stack else ""
        self.stack.append((tag, tag if tag in _KIND_TAGS else inherited))
        self.open_count[tag] += 1
        self.list_depth += tag in _LISTS

    def _pop(self) -> str:
        tag, _ = self.stack.pop()
        self.open_count[tag] -= 1
        self.list_depth -= tag in _LISTS
        return tag

    def handle_data(self, data: str) -> None:
        if self.in_title:
            self.title.append(data)
            return
        if self.skip_depth or not data:
            return
        start = max(self._position(), self._last_offset())
        limit = self.text_limit
        if limit is None:
            tag_at = self.source.find("<", start)
            limit = tag_at if tag_at > start else len(self.source)
        temp = TextBuilder()
        end = append_located(temp, data, self.source, start, limit)
        mapped = temp.build(max(end, start))
        self.chars.append(mapped.text)
        self.offsets.extend(max(o, start) for o in mapped.offsets.array[:-1].tolist())

    def _last_offset(self) -> int:
        return self.offsets[-1] if self.offsets else self.flushed

    def flush(self) -> None:
        if not self.chars:
            return
        kind, level = self._kind()
        text = "".join(self.chars)
        offsets = [o + self.base for o in self.offsets]
        self.writer.add(text, offsets, kind, level=level, collapse=kind is not BlockKind.CODE)
        self.flushed = self.offsets[-1]
        self.chars, self.offsets = [], []

    def _kind(self) -> tuple[BlockKind, int]:
        tag = self.stack[-1][1] if self.stack else ""
        if tag in _HEADINGS:
            return BlockKind.HEADING, int(tag[1])
        if tag in ("li", "dt", "dd"):
            return BlockKind.LIST_ITEM, self.list_depth
        if tag == "pre":
            return BlockKind.CODE, 0
        if tag in ("td", "th"):
            return BlockKind.TABLE, 0
        if tag == "blockquote":
            return BlockKind.QUOTE, 0
        return BlockKind.PARAGRAPH, 0


def extract_html(
    source: str, writer: BlockWriter | None = None, base: int = 0
) -> tuple[BlockWriter, str]:
    """Add the blocks of ``source`` to ``writer`` (a new one by default); return it and <title>.

    ``base`` is added to every source offset, for sources that are parts of a
    larger whole (an EPUB's chapters).
    """
    writer = writer if writer is not None else BlockWriter()
    parser = _Extractor(source, writer, base)
    markup_end = source.rfind(">") + 1
    if "<" not in source[markup_end:]:
        markup_end = len(source)
    parser.feed(source[:markup_end])
    parser.close()
    if markup_end < len(source):  # no tag can start here: plain text up to the end
        parser.text_limit = len(source)
        parser.handle_data(html.unescape(source[markup_end:]))
    parser.flush()
    title = " ".join("".join(parser.title).split())
    return writer, title


def decode_html(source: SourceFile, encoding: str | None) -> tuple[Decoded, str]:
    """(decoded, warning): a forced encoding, else the declared one, else detection."""
    if encoding is not None:
        return decode(source.data, source.name, encoding), ""
    match = _META_CHARSET.search(source.data[:4096])
    declared = match.group(1).decode("ascii", "replace") if match else ""
    has_bom = source.data.startswith((codecs.BOM_UTF8, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE))
    if declared and not has_bom:
        try:
            codec = codecs.lookup(declared).name
        except LookupError:
            codec = ""
        codec = _CHARSET_ALIASES.get(codec, codec)
        if codec:
            try:
                text = source.data.decode(codec)
            except UnicodeDecodeError:
                warning = (
                    f"{source.name} says it is {declared} but is not; its encoding was detected."
                )
            else:
                check_looks_like_text(text, source.name)
                return Decoded(text, codec), ""
        else:
            warning = f"{source.name} declares an unknown encoding {declared!r}; it was detected."
    else:
        warning = ""
    return decode(source.data, source.name), warning


def load_html(source: SourceFile, encoding: str | None = None) -> Document:
    """An .html file's visible text; ``source_offsets`` index the decoded file."""
    decoded, warning = decode_html(source, encoding)
    raw = decoded.text
    writer, title = extract_html(raw)
    if not writer.blocks:
        raise DocumentError(f"Cannot open {source.name}: the page has no visible text.")
    mapped, blocks = writer.build(len(raw))
    return Document(
        text=mapped.text,
        blocks=blocks,
        format=DocumentFormat.HTML,
        sha256=source.sha256,
        path=source.path,
        title=title,
        encoding=decoded.encoding,
        encoding_confidence=decoded.confidence,
        source_offsets=tuple(mapped.offsets.array.tolist()),
        warnings=(warning,) if warning else (),
    )
