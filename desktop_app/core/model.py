"""The core's value types: documents, spans, passages and links.

Everything here is immutable so results can cross threads (a worker builds them,
the GUI reads them) without locks, and so the UI can never mutate core state.
"""

from __future__ import annotations

import enum
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol


@dataclass(frozen=True, slots=True, order=True)
class Span:
    """A half-open range [start, end) of character offsets into a text."""

    start: int
    end: int

    def __post_init__(self) -> None:
        if self.start < 0 or self.end < self.start:
            raise ValueError(f"invalid span [{self.start}, {self.end})")

    def __len__(self) -> int:
        return self.end - self.start

    def contains(self, other: Span) -> bool:
        return self.start <= other.start and other.end <= self.end

    def overlaps(self, other: Span) -> bool:
        return self.start < other.end and other.start < self.end

    def overlap(self, other: Span) -> int:
        """Number of characters the two spans share."""
        return max(0, min(self.end, other.end) - max(self.start, other.start))

    def union(self, other: Span) -> Span:
        return Span(min(self.start, other.start), max(self.end, other.end))

    def shifted(self, delta: int) -> Span:
        return Span(self.start + delta, self.end + delta)

    def of(self, text: str) -> str:
        """The characters this span covers in ``text``."""
        return text[self.start : self.end]


class BlockKind(enum.Enum):
    """What a block of text is, as a reader would see it."""

    HEADING = "heading"
    PARAGRAPH = "paragraph"
    LIST_ITEM = "list_item"
    QUOTE = "quote"
    CODE = "code"
    TABLE = "table"
    # Running headers, footers and page numbers of paginated formats: never aligned
    # or exported as content. The PDF loader leaves them out of the text altogether
    # (PdfGeometry.furniture keeps where they were drawn), so no quote spans them.
    FURNITURE = "furniture"


@dataclass(frozen=True, slots=True)
class Block:
    """A structural unit of a document's text (paragraph, heading, list item...)."""

    kind: BlockKind
    span: Span
    page: int | None = None  # 0-based page index for paginated formats
    level: int = 0  # heading level (1..6) or list nesting depth

    @property
    def is_content(self) -> bool:
        return self.kind is not BlockKind.FURNITURE


@dataclass(frozen=True, slots=True)
class PageRect:
    """A rectangle on a page, in PDF points with the origin at the top left."""

    page: int
    x0: float
    y0: float
    x1: float
    y1: float


@dataclass(frozen=True, slots=True)
class HiddenText:
    """A run of text in the file that a reader cannot see, left out of the Document's text.

    Hidden text (PDF render mode 3, white on a white page, under 1 pt) is a way to
    plant words that alignment and quotes would pick up unseen; it is kept here,
    flagged, so a reader can still ask to see it.
    """

    page: int  # 0-based
    text: str
    reason: str  # "drawn invisible", "the colour of the background", "smaller than 1 pt"
    bbox: tuple[float, float, float, float]  # PDF points, origin top left


class PageGeometry(Protocol):
    """Maps spans of a paginated document's clean text back to page rectangles."""

    def rects(self, span: Span) -> list[PageRect]:
        """Rectangles covering ``span``, one per line fragment, in reading order."""
        ...

    def page_of(self, offset: int) -> int | None:
        """The page a text offset falls on."""
        ...


class DocumentFormat(enum.Enum):
    TEXT = "txt"
    MARKDOWN = "md"
    HTML = "html"
    PDF = "pdf"
    DOCX = "docx"
    EPUB = "epub"


@dataclass(frozen=True, slots=True, eq=False)
class Document:
    """A loaded document: the text Verso reads, its structure and where it came from.

    ``text`` is what every span indexes into. ``source_offsets`` (if the format
    rewrites the file, as Markdown rendering does) maps each text offset to the
    offset in the decoded source, so tools can point back into the file.
    Documents compare by identity: two loads of one file are two documents.
    """

    text: str
    blocks: tuple[Block, ...]
    format: DocumentFormat
    sha256: str  # hash of the file's bytes: the document's identity for storage
    path: Path | None = None
    title: str = ""
    encoding: str | None = None  # the decoding used, for text formats
    # How sure the detected ``encoding`` is, 0..1 (1.0: certain, or chosen by the user)
    encoding_confidence: float | None = None
    page_count: int | None = None
    source_offsets: Sequence[int] | None = None
    geometry: PageGeometry | None = None
    warnings: tuple[str, ...] = ()
    # 0-based pages whose text Verso read by OCR (scans): worth checking against the image
    ocr_pages: frozenset[int] = frozenset()
    # Text in the file a reader cannot see: not in ``text``, never aligned or quoted
    hidden_text: tuple[HiddenText, ...] = ()

    @property
    def content_blocks(self) -> tuple[Block, ...]:
        return tuple(b for b in self.blocks if b.is_content)

    @property
    def display_name(self) -> str:
        if self.title:
            return self.title
        return self.path.name if self.path else "(untitled)"


class PassageLevel(enum.Enum):
    PARAGRAPH = "paragraph"
    SENTENCE = "sentence"


@dataclass(frozen=True, slots=True)
class Passage:
    """A unit that alignment compares: a paragraph or a sentence, with its exact span."""

    index: int
    level: PassageLevel
    span: Span
    block_index: int  # the block the passage belongs to


class LinkKind(enum.Enum):
    """Why two spans are linked."""

    QUOTE = "quote"  # near-verbatim reuse, spans cover the reused text exactly
    RELATED = "related"  # same claim or answer in other words, passage level


class RelationKind(enum.Enum):
    """What the right passage does with the left one, where alignment can tell."""

    QUOTES = "quotes"  # repeats its words
    RESTATES = "restates"  # says the same in other words
    ANSWERS = "answers"  # takes up its claim to dispute or qualify it


@dataclass(frozen=True, slots=True)
class Link:
    """One aligned pair: a span in the left document and a span in the right one."""

    kind: LinkKind
    left: Span
    right: Span
    score: float  # 0..100, higher is stronger
    relation: RelationKind | None = None  # what the right passage does; None: not told
    # The quote links inside a related passage (exact spans, their own score): a rebuttal's
    # sentence that answers the plan quoting five of its words is one link, not two.
    quoted: tuple[Link, ...] = ()
    # PARAGRAPH: two whole paragraphs the meaning-level step joined by their mean vectors
    # (essays); SENTENCE: built from sentence pairs and quotes. Scores of the two are
    # calibrated apart (``scores.group_of``).
    level: PassageLevel = PassageLevel.SENTENCE

    def swapped(self) -> Link:
        return Link(
            self.kind,
            self.right,
            self.left,
            self.score,
            self.relation,
            tuple(inner.swapped() for inner in self.quoted),
            self.level,
        )


@dataclass(frozen=True, slots=True)
class AlignOptions:
    """What to look for and how strict to be."""

    kinds: frozenset[LinkKind] = frozenset({LinkKind.QUOTE, LinkKind.RELATED})
    min_score: float = 0.0  # links below are dropped from the result
    # Documents that follow each other (draft/revision, translations) are aligned
    # monotonically (True), documents that do not are not (False); None: decide from
    # the texts (most of the best evidence in one order).
    ordered: bool | None = None


MAX_OTHER_DOCUMENTS = 8
"""How many documents one focal document is compared with at once: past this, tabs stop
being readable and each is another alignment to run."""


@dataclass(frozen=True, slots=True)
class Alignment:
    """The result of aligning two documents; links sorted by left span."""

    links: tuple[Link, ...]
    options: AlignOptions = field(default_factory=AlignOptions)
    # How the documents were aligned: in order (they run in parallel) or not; None where
    # unknown (an alignment made before the choice was recorded). Follows
    # ``options.ordered`` when that is set, else what the texts showed.
    ordered: bool | None = None

    def of_kind(self, kind: LinkKind) -> tuple[Link, ...]:
        return tuple(link for link in self.links if link.kind is kind)


ProgressCallback = Callable[[float, str], None]
"""Called with a fraction in [0, 1] and a short description of the current step."""
