"""The one excerpt model every export format renders.

Renderers see only these frozen values, never storage rows or loaded documents,
so the store can change its schema and the GUI can export a selection it built
itself without either touching a renderer.
"""

from __future__ import annotations

import dataclasses
import enum
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path, PurePath

from desktop_app.core.model import DocumentFormat, LinkKind, PageGeometry, Span


@dataclass(frozen=True, slots=True)
class SourceRef:
    """The document a quote comes from, identified by the hash of its bytes."""

    sha256: str
    title: str = ""
    path: str | None = None  # where the file was last seen; may have moved since
    url: str | None = None  # where the document was published, if known
    format: DocumentFormat | None = None

    @property
    def display_name(self) -> str:
        if self.title:
            return self.title
        if self.path:
            return PurePath(self.path).name
        return f"document {self.sha256[:12]}"


@dataclass(frozen=True, slots=True)
class Quote:
    """One passage of a source: the exact text, its context and where it sits."""

    source: SourceRef
    exact: str
    prefix: str = ""  # text just before the quote (context, and W3C prefix)
    suffix: str = ""  # text just after it
    span: Span | None = None  # offsets into the loaded document's text
    page: int | None = None  # 0-based page index for paginated sources
    last_page: int | None = None  # the page it ends on, when known and not ``page``
    # What a reader sees around it (``export.context``): whole words on one line, "" if unknown.
    before: str = ""
    after: str = ""
    paragraph: int | None = None  # 1-based paragraph of an unpaginated source, when known

    @property
    def place_label(self) -> str:
        """Where the passage is: "pp. 3–4", "para. 12", or "" when unknown."""
        if self.page is not None:
            return self.page_label
        return "" if self.paragraph is None else f"para. {self.paragraph}"

    @property
    def page_label(self) -> str:
        """The pages as readers count them ("p. 3", "pp. 3–4"), or "" when unpaginated."""
        if self.page is None:
            return ""
        if self.last_page is not None and self.last_page > self.page:
            return f"pp. {self.page + 1}–{self.last_page + 1}"
        return f"p. {self.page + 1}"


@dataclass(frozen=True, slots=True)
class Excerpt:
    """A single annotated passage."""

    id: str
    quote: Quote
    note: str = ""
    tags: tuple[str, ...] = ()
    colour: str | None = None  # "#rrggbb" or a palette name; renderers validate
    comparison: str = ""  # title of the comparison it belongs to, "" if none
    created: datetime | None = None
    modified: datetime | None = None
    author: str = ""  # who made the note ("" unknown)


@dataclass(frozen=True, slots=True)
class PairExcerpt:
    """Two linked passages (left and right document) with a note on the relation."""

    id: str
    left: Quote
    right: Quote
    note: str = ""
    tags: tuple[str, ...] = ()
    colour: str | None = None
    comparison: str = ""
    created: datetime | None = None
    modified: datetime | None = None
    relation: str = ""  # the analyst's word for the pair: "rebuts", "misquotes"...
    link_kind: LinkKind | None = None  # set when the pair came from an alignment link
    score: float | None = None  # the link's score, 0..100
    author: str = ""  # who made the note ("" unknown)

    @property
    def quotes(self) -> tuple[Quote, Quote]:
        return (self.left, self.right)


AnyExcerpt = Excerpt | PairExcerpt


def quotes_of(excerpt: AnyExcerpt) -> tuple[Quote, ...]:
    """Every quote an excerpt shows, left first."""
    if isinstance(excerpt, PairExcerpt):
        return excerpt.quotes
    return (excerpt.quote,)


def with_quotes(excerpt: AnyExcerpt, change: Callable[[Quote], Quote]) -> AnyExcerpt:
    """The excerpt with ``change`` applied to each of its quotes."""
    if isinstance(excerpt, PairExcerpt):
        return dataclasses.replace(excerpt, left=change(excerpt.left), right=change(excerpt.right))
    return dataclasses.replace(excerpt, quote=change(excerpt.quote))


class GroupBy(enum.Enum):
    """How a report is sectioned."""

    COMPARISON = "comparison"
    TAG = "tag"
    NONE = "none"


@dataclass(frozen=True, slots=True)
class ExportOptions:
    """Choices that shape an export; every format ignores what it has no use for."""

    title: str = "Verso excerpts"
    group_by: GroupBy = GroupBy.COMPARISON
    # Shown in report headers when set; left out by default so output is reproducible.
    generated: datetime | None = None
    # Annotated PDF: which source to annotate (its sha256; may be omitted when the
    # excerpts quote only one PDF) and where the file is if it moved.
    pdf_document: str | None = None
    pdf_source_path: Path | None = None
    # Sentences of context either side of a quote in reports (HTML, Markdown, Word).
    context_sentences: int = 1
    # Who signs PDF comments and is the Word document's author; None: ``analyst_name()``.
    author: str | None = None
    # Page geometry of loaded documents by sha256: exact highlight rectangles.
    geometries: Mapping[str, PageGeometry] = field(default_factory=dict)
