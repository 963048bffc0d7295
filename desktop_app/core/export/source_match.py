"""Standard W3C annotations from other tools: find their documents by what they quote.

Verso's own exports name a document by the hash of its bytes; other tools name
it by a URL or a file path that means nothing on this machine. Such a quote
(``SourceRef.sha256 == ""``) is matched to one of the documents at hand (open
in the window, or known to the database and still on disk) by its
TextQuoteSelector: exact text, prefix and suffix, through the same anchoring
that re-finds Verso's own notes in an edited file (``core.anchoring``). The
document whose file name the source ends with is preferred when several
contain the quote; the best-scoring match wins otherwise.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from pathlib import PurePath, PurePosixPath
from urllib.parse import unquote, urlsplit

from desktop_app.core.anchoring import Anchorer
from desktop_app.core.annotations import TextPositionSelector, TextQuoteSelector, TextTarget
from desktop_app.core.export.excerpts import AnyExcerpt, Excerpt, Quote, SourceRef, quotes_of
from desktop_app.core.model import Document


@dataclass(frozen=True, slots=True)
class Matched:
    """Excerpts with every quote matched to a document, and one sentence per one left out."""

    excerpts: tuple[AnyExcerpt, ...]
    unmatched: tuple[str, ...]


def needs_matching(excerpts: Sequence[AnyExcerpt]) -> bool:
    """Whether any quote names its document by URL or path rather than by hash."""
    return any(not q.source.sha256 for e in excerpts for q in quotes_of(e))


def match_sources(
    excerpts: Sequence[AnyExcerpt],
    documents: Sequence[Document],
    more: Callable[[], Sequence[Document]] = tuple,
) -> Matched:
    """``excerpts`` with their foreign quotes placed in ``documents`` or, failing those,
    in ``more``; ``more`` is called only when a quote is in none of ``documents``
    (loading files is dear). An excerpt with a quote found nowhere is left out, named.
    """
    if not needs_matching(excerpts):
        return Matched(tuple(excerpts), ())
    finder = _Finder(documents, more)
    kept: list[AnyExcerpt] = []
    unmatched: list[str] = []
    for excerpt in excerpts:
        quotes = quotes_of(excerpt)
        placed = [q if q.source.sha256 else finder.place(q) for q in quotes]
        found = [p for p in placed if p is not None]
        if len(found) < len(quotes):
            lost = next(q for q, p in zip(quotes, placed, strict=True) if p is None)
            where = lost.source.url or lost.source.path or "its source"
            unmatched.append(
                f"Excerpt {excerpt.id}: “{_short(lost.exact)}” from {where}"
                " is in none of the open or known documents; it was not imported."
            )
            continue
        if isinstance(excerpt, Excerpt):
            kept.append(replace(excerpt, quote=found[0]))
        else:
            kept.append(replace(excerpt, left=found[0], right=found[1]))
    return Matched(tuple(kept), tuple(unmatched))


class _Finder:
    """Places quotes in the documents, one ``Anchorer`` (and its indexes) per document."""

    def __init__(
        self, documents: Sequence[Document], more: Callable[[], Sequence[Document]]
    ) -> None:
        self.documents = list(documents)
        self._more: Callable[[], Sequence[Document]] | None = more
        self._anchorers: dict[int, Anchorer] = {}

    def place(self, quote: Quote) -> Quote | None:
        """The quote in the first documents that hold it, else in the further ones."""
        placed = self._place_in(quote, range(len(self.documents)))
        if placed is not None or self._more is None:
            return placed
        seen = {document.sha256 for document in self.documents}
        self.documents.extend(d for d in self._more() if d.sha256 not in seen)
        self._more = None
        return self._place_in(quote, range(len(self.documents)))

    def _anchorer(self, index: int) -> Anchorer:
        if index not in self._anchorers:
            self._anchorers[index] = Anchorer(self.documents[index].text)
        return self._anchorers[index]

    def _place_in(self, quote: Quote, indexes: range) -> Quote | None:
        if not quote.exact.strip():
            return None
        old = quote.span or _start_of(quote)
        target = TextTarget(
            TextQuoteSelector(quote.exact, quote.prefix, quote.suffix),
            TextPositionSelector(old.start, old.end),
        )
        name = _file_name(quote.source)
        best: tuple[tuple[bool, float], int, Quote] | None = None
        for index in indexes:
            document = self.documents[index]
            found = self._anchorer(index).resolve(target)
            if found.span is None:
                continue
            rank = (document.path is not None and document.path.name == name, found.score)
            if best is None or rank > best[0]:
                page = _page(document, found.span.start)
                last = _page(document, max(found.span.start, found.span.end - 1))
                placed = replace(
                    quote,
                    source=SourceRef(
                        sha256=document.sha256,
                        title=document.title or quote.source.title,
                        path=str(document.path) if document.path else quote.source.path,
                        url=quote.source.url,
                        format=document.format,
                    ),
                    span=found.span,
                    page=page,
                    last_page=last
                    if last is not None and page is not None and last > page
                    else None,
                )
                best = (rank, index, placed)
        return None if best is None else best[2]


def _start_of(quote: Quote) -> TextPositionSelector:
    """A position for a quote that has none: the start (anchoring then goes by the text)."""
    return TextPositionSelector(0, len(quote.exact))


def _file_name(source: SourceRef) -> str | None:
    """The file name a foreign source ends with ("report.pdf" of a URL or path), if any."""
    if source.path:
        return PurePath(source.path).name or None
    if source.url:
        name = PurePosixPath(unquote(urlsplit(source.url).path)).name
        return name or None
    return None


def _page(document: Document, offset: int) -> int | None:
    if document.geometry is not None:
        return document.geometry.page_of(offset)
    for block in document.blocks:
        if block.span.start <= offset < block.span.end:
            return block.page
    return None


def _short(text: str, limit: int = 40) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"
