"""Standalone HTML report: one printable page, pairs side by side, colours shown.

The page is self-contained (inline CSS, no scripts, nothing fetched) and says so
in a Content-Security-Policy as a second line of defence behind escaping: every
string from data goes through ``html.escape`` and only http(s) URLs (and a source
file's own absolute path, as a ``file:`` URL) become links. Each quote shows the
context a reader needs (``export.context``): whole words, one line.
"""

from __future__ import annotations

import html
import re
from collections.abc import Sequence

from desktop_app.core.export.colours import css_colour, tint
from desktop_app.core.export.excerpts import AnyExcerpt, Excerpt, ExportOptions, Quote
from desktop_app.core.export.grouping import group_excerpts
from desktop_app.core.export.labels import count_label, file_label, pair_label
from desktop_app.core.export.languages import RUSSIAN, language_runs
from desktop_app.core.export.urls import file_url, safe_http_url

_URL_IN_TEXT = re.compile(r"https?://[^\s<>\"']+[^\s<>\"'.,;:!?)\]]")

_CSS = """
:root { color-scheme: light; }
body { font: 11pt/1.5 Georgia, "Times New Roman", serif; color: #222; background: #fff;
  max-width: 60em; margin: 2em auto; padding: 0 1.5em; }
h1 { font-size: 1.7em; margin: 0 0 .2em; }
h2 { font-size: 1.25em; margin: 1.8em 0 .6em; padding-bottom: .2em; border-bottom: 1px solid #ccc; }
.summary { color: #666; margin: 0 0 1.5em; font-style: italic; }
.excerpt { margin: 0 0 1.2em; padding: .6em .9em; border-left: 6px solid var(--c);
  background: var(--bg); break-inside: avoid; page-break-inside: avoid; }
.pair-label { font: bold .85em/1.4 system-ui, sans-serif; color: #555; margin: 0 0 .4em;
  text-transform: uppercase; letter-spacing: .04em; }
.columns { display: grid; grid-template-columns: 1fr 1fr; gap: 1.2em; }
.side { min-width: 0; }
.side + .side { border-left: 1px solid rgba(0, 0, 0, .15); padding-left: 1.2em; }
blockquote { margin: 0; padding: 0; }
blockquote p { margin: 0 0 .3em; white-space: pre-line; overflow-wrap: anywhere; }
.context { color: #595959; }  /* 4.5:1 or more on every tint, printed too */
mark { background: transparent; color: inherit; font-weight: bold; }
.source { margin: .2em 0 .5em; font-size: .9em; color: #444; }
.source .url { color: #666; overflow-wrap: anywhere; }
.note p { margin: .3em 0; overflow-wrap: anywhere; }
.meta { margin: .4em 0 0; font: .8em/1.4 system-ui, sans-serif; color: #555; }
.tag { display: inline-block; padding: 0 .5em; margin-right: .3em; border: 1px solid #bbb;
  border-radius: .8em; background: #fff; }
a { color: #1a4f9c; }
@media print {
  body { margin: 0; max-width: none; font-size: 10pt; }
  .excerpt { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
  h2 { break-after: avoid; page-break-after: avoid; }
  a { color: inherit; text-decoration: none; }
  a[href]:not(.bare)::after { content: " <" attr(href) ">"; font-size: .8em; color: #666; }
}
@page { margin: 18mm 16mm; }
"""

_CSP = "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'"


def _e(text: str) -> str:
    return html.escape(text, quote=True)


def _t(text: str) -> str:
    """Escaped text, its Russian runs marked ``lang="ru-RU"`` (the page is English), so a
    screen reader reads them with a Russian voice and the browser hyphenates them as Russian."""
    return "".join(
        f'<span lang="{language}">{_e(piece)}</span>' if language == RUSSIAN else _e(piece)
        for piece, language in language_runs(text)
    )


def _link(url: str, text: str) -> str:
    # A link showing its own URL needs no printed copy of it (see the print CSS).
    bare = ' class="bare"' if text == url else ""
    return f'<a href="{_e(url)}"{bare} rel="noopener noreferrer">{_t(text)}</a>'


def _with_links(text: str) -> str:
    """Escaped text in which only http(s) URLs become links."""
    out: list[str] = []
    last = 0
    for match in _URL_IN_TEXT.finditer(text):
        url = safe_http_url(match.group(0))
        if url is None:
            continue
        out.append(_t(text[last : match.start()]))
        out.append(_link(url, url))
        last = match.end()
    out.append(_t(text[last:]))
    return "".join(out)


def _note(text: str) -> str:
    paragraphs = [p.strip() for p in re.split(r"\n\s*\n", text.strip()) if p.strip()]
    if not paragraphs:
        return ""
    body = "".join(
        "<p>" + "<br>".join(_with_links(line) for line in p.splitlines()) + "</p>"
        for p in paragraphs
    )
    return f'<div class="note">{body}</div>'


def _source(quote: Quote) -> str:
    """ "— Title, p. 3 · file.pdf": the title links to the web page, the file name to the file."""
    name = quote.source.display_name
    url = safe_http_url(quote.source.url)
    local = file_url(quote.source.path)
    file_name = file_label(quote)
    if url:
        cite = f"<cite>{_link(url, name)}</cite>"
    elif local and not file_name:  # the title is the file name: it links to the file
        cite = f'<cite><a class="file" href="{_e(local)}">{_t(name)}</a></cite>'
    else:
        cite = f"<cite>{_t(name)}</cite>"
    if quote.place_label:
        cite += f", {_e(quote.place_label)}"
    if quote.source.url and url is None:
        cite += f' <span class="url">({_e(quote.source.url)})</span>'
    if file_name:
        shown = (
            f'<a class="file" href="{_e(local)}">{_t(file_name)}</a>' if local else _t(file_name)
        )
        cite += f" · {shown}"
    return f'<p class="source">— {cite}</p>'


def _quote(quote: Quote) -> str:
    before, after = quote.before, quote.after
    shown_before = f'<span class="context">{_t(before)}</span>' if before else ""
    shown_after = f'<span class="context">{_t(after)}</span>' if after else ""
    exact = _t(" ".join(quote.exact.split()))
    return (
        f"<blockquote><p>{shown_before}<mark>{exact}</mark>{shown_after}</p></blockquote>"
        + _source(quote)
    )


def _meta(excerpt: AnyExcerpt) -> str:
    if not excerpt.tags and not excerpt.author:
        return ""
    tags = "".join(f'<span class="tag">{_t(tag)}</span>' for tag in excerpt.tags)
    author = f'<span class="author">by {_t(excerpt.author)}</span>' if excerpt.author else ""
    return f'<p class="meta">{tags}{author}</p>'


def _excerpt(excerpt: AnyExcerpt) -> str:
    colour = css_colour(excerpt.colour)
    style = f' style="--c: {colour}; --bg: {tint(colour, 0.85)}"'
    if isinstance(excerpt, Excerpt):
        inner = _quote(excerpt.quote)
        cls = "excerpt"
    else:
        inner = (
            f'<p class="pair-label">{_t(pair_label(excerpt))}</p>'
            f'<div class="columns"><div class="side">{_quote(excerpt.left)}</div>'
            f'<div class="side">{_quote(excerpt.right)}</div></div>'
        )
        cls = "excerpt pair"
    return f'<article class="{cls}"{style}>{inner}{_note(excerpt.note)}{_meta(excerpt)}</article>'


def render_html(excerpts: Sequence[AnyExcerpt], options: ExportOptions) -> str:
    """The whole report as one HTML document."""
    summary = count_label(excerpts)
    if options.generated is not None:
        summary += f" · exported {options.generated.isoformat(timespec='minutes')}"
    parts = [
        "<!DOCTYPE html>",
        '<html lang="en">',
        "<head>",
        '<meta charset="utf-8">',
        f'<meta http-equiv="Content-Security-Policy" content="{_CSP}">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{_e(options.title)}</title>",
        f"<style>{_CSS}</style>",
        "</head>",
        "<body>",
        f"<header><h1>{_t(options.title)}</h1>",
        f'<p class="summary">{_e(summary)}</p></header>',
    ]
    for label, members in group_excerpts(excerpts, options.group_by):
        parts.append("<section>")
        if label:
            parts.append(f"<h2>{_t(label)}</h2>")
        parts.extend(_excerpt(excerpt) for excerpt in members)
        parts.append("</section>")
    parts += ["</body>", "</html>", ""]
    return "\n".join(parts)
