"""Markdown report: sections, each excerpt a blockquote with its source and note.

User text is escaped so it cannot change the report's structure: a note starting
with ``#`` stays a paragraph, a ``>`` inside a quote stays text, and raw HTML such
as ``<script>`` is shown, not passed through by a Markdown renderer. With the
reader context ``write_export`` finds (``export.context``), a quote is shown in
bold inside its sentences, on one line.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from desktop_app.core.export.excerpts import AnyExcerpt, Excerpt, ExportOptions, Quote
from desktop_app.core.export.grouping import group_excerpts
from desktop_app.core.export.labels import count_label, file_label, pair_label
from desktop_app.core.export.urls import file_url, safe_http_url

# Inline characters with Markdown meaning anywhere in a line (CommonMark + GFM).
_INLINE = re.compile(r"([\\`*_\[\]<>&|~!#])")
# Line starts that open a block: list markers, setext underlines, ordered lists.
_LIST_START = re.compile(r"^([-+=])")
_ORDERED_START = re.compile(r"^(\d{1,9})([.)])")


def escape_line(line: str) -> str:
    """One line of user text, escaped so it renders as the same literal text."""
    text = line.strip()
    text = _INLINE.sub(r"\\\1", text)
    text = _LIST_START.sub(r"\\\1", text)
    return _ORDERED_START.sub(r"\1\\\2", text)


def escape_inline(text: str) -> str:
    """User text for a single-line place (headings, labels): newlines become spaces."""
    return escape_line(" ".join(text.split()))


def _paragraphs(text: str) -> list[list[str]]:
    """Non-empty lines of ``text`` grouped into paragraphs at blank lines."""
    paragraphs: list[list[str]] = [[]]
    for line in text.splitlines():
        if line.strip():
            paragraphs[-1].append(escape_line(line))
        elif paragraphs[-1]:
            paragraphs.append([])
    return [p for p in paragraphs if p]


def _note(text: str) -> list[str]:
    """A note keeps its line breaks (hard breaks) and paragraphs."""
    out: list[str] = []
    for paragraph in _paragraphs(text):
        out.append("\\\n".join(paragraph))
        out.append("")
    return out


def _link_target(url: str) -> str:
    return url.replace("<", "%3C").replace(">", "%3E")


def _source(quote: Quote) -> str:
    """ "— *Title*, p. 3 · [file.pdf](<file:///…>)": where the passage is, and the file."""
    name = escape_inline(quote.source.display_name)
    url = safe_http_url(quote.source.url)
    local = file_url(quote.source.path)
    file_name = file_label(quote)
    if url:
        name = f"[{name}](<{_link_target(url)}>)"
    elif local and not file_name:  # the title is the file name: it links to the file
        name = f"[{name}](<{_link_target(local)}>)"
    elif quote.source.url:
        name += f" ({escape_inline(quote.source.url)})"
    line = f"— *{name}*, {quote.place_label}" if quote.place_label else f"— *{name}*"
    if file_name:
        shown = escape_inline(file_name)
        line += f" · [{shown}](<{_link_target(local)}>)" if local else f" · {shown}"
    return line


def _blockquote(quote: Quote) -> list[str]:
    """The quote in bold inside its context on one line, or its own lines without context."""
    lines: list[str] = []
    if quote.before or quote.after:
        exact = escape_inline(quote.exact)
        before = escape_inline(quote.before) + (" " if quote.before.endswith(" ") else "")
        after = (" " if quote.after.startswith(" ") else "") + escape_inline(quote.after)
        lines += [f"> {before}**{exact}**{after}".rstrip(), ">"]
    else:
        for paragraph in _paragraphs(quote.exact):
            if lines:
                lines.append(">")
            lines.extend(f"> {line}" for line in paragraph)
        if lines:
            lines.append(">")
    lines.append(f"> {_source(quote)}")
    lines.append("")
    return lines


def _details(excerpt: AnyExcerpt) -> list[str]:
    parts: list[str] = []
    if excerpt.tags:
        parts.append("*Tags:* " + ", ".join(escape_inline(t) for t in excerpt.tags))
    if excerpt.colour:
        parts.append("*Colour:* " + escape_inline(excerpt.colour))
    if excerpt.author:
        parts.append("*By:* " + escape_inline(excerpt.author))
    return [" · ".join(parts), ""] if parts else []


def _excerpt(excerpt: AnyExcerpt) -> list[str]:
    if isinstance(excerpt, Excerpt):
        return [*_blockquote(excerpt.quote), *_note(excerpt.note), *_details(excerpt)]
    return [
        f"**{escape_inline(pair_label(excerpt))}**",
        "",
        *_blockquote(excerpt.left),
        *_blockquote(excerpt.right),
        *_note(excerpt.note),
        *_details(excerpt),
    ]


def render_markdown(excerpts: Sequence[AnyExcerpt], options: ExportOptions) -> str:
    """The whole report as Markdown text (``\\n`` line ends, final newline)."""
    lines = [f"# {escape_inline(options.title)}", ""]
    summary = count_label(excerpts)
    if options.generated is not None:
        summary += f" · exported {options.generated.isoformat(timespec='minutes')}"
    lines += [f"*{escape_inline(summary)}*", ""]
    for label, members in group_excerpts(excerpts, options.group_by):
        if label:
            lines += [f"## {escape_inline(label)}", ""]
        for index, excerpt in enumerate(members):
            if index:
                lines += ["* * *", ""]
            lines += _excerpt(excerpt)
    return "\n".join(lines).rstrip("\n") + "\n"
