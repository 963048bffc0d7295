"""What the analyst adds to documents: anchored notes, pair notes, hand-made links.

Values only (frozen dataclasses), so the UI, exporters and storage share them
without locks. Targets follow the W3C Web Annotation selectors (quote with
context + position + page) so a note can find its passage again after the
document changes. Annotations belong to a document (its sha256), never to a
comparison, so one document keeps its notes in every comparison it appears in.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from pathlib import Path

from desktop_app.core.colours import Colour as Colour  # the notes model names it too
from desktop_app.core.model import AlignOptions, Link, LinkKind, Span

CONTEXT_CHARS = 32
"""Length of the prefix/suffix kept around a quote (the W3C recommendation)."""


def utc_now() -> datetime:
    """The current time, timezone-aware in UTC: the only clock the annotation model uses."""
    return datetime.now(UTC)


def new_id() -> str:
    """A fresh random identifier (uuid4), unique across machines so merges never collide."""
    return str(uuid.uuid4())


@dataclass(frozen=True, slots=True)
class TextQuoteSelector:
    """The quoted text with the characters around it, to find it again by content."""

    exact: str
    prefix: str = ""
    suffix: str = ""


@dataclass(frozen=True, slots=True)
class TextPositionSelector:
    """Character offsets [start, end) into the document text the target was made on."""

    start: int
    end: int

    def __post_init__(self) -> None:
        if self.start < 0 or self.end < self.start:
            raise ValueError(f"invalid position [{self.start}, {self.end})")

    @property
    def span(self) -> Span:
        return Span(self.start, self.end)


@dataclass(frozen=True, slots=True)
class TextTarget:
    """Where an annotation points: quote + position (+ page for paginated documents)."""

    quote: TextQuoteSelector
    position: TextPositionSelector
    page: int | None = None  # 0-based, as Block.page

    @property
    def span(self) -> Span:
        return self.position.span

    @property
    def exact(self) -> str:
        return self.quote.exact


Anchor = TextTarget
"""The W3C name for the same idea; both names are used in the issue."""


def _clean_tags(tags: tuple[str, ...]) -> tuple[str, ...]:
    """Tags trimmed, empty ones dropped, duplicates removed, order kept (the user's order).

    Built-ins only, no Python loop: every annotation read back from storage passes here.
    """
    return tuple(dict.fromkeys(filter(None, map(str.strip, tags))))


@dataclass(frozen=True, slots=True)
class Annotation:
    """A note on one passage of one document."""

    id: str
    document: str  # sha256 of the document's bytes
    target: TextTarget
    colour: Colour = Colour.YELLOW
    note: str = ""
    tags: tuple[str, ...] = ()
    created: datetime = field(default_factory=utc_now)
    modified: datetime = field(default_factory=utc_now)
    deleted: datetime | None = None  # tombstone: when it was deleted, kept so undo works
    # The stored row's version this value was read at (0: never read from a store). Not
    # part of equality: two reads of the same note are the same note.
    version: int = field(default=0, compare=False)
    # Who made it and who changed it last (``core.analyst``), as the store recorded them.
    author: str = field(default="", compare=False)
    changed_by: str = field(default="", compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "tags", _clean_tags(self.tags))

    @classmethod
    def new(
        cls,
        document: str,
        target: TextTarget,
        *,
        colour: Colour = Colour.YELLOW,
        note: str = "",
        tags: tuple[str, ...] = (),
    ) -> Annotation:
        now = utc_now()
        return cls(new_id(), document, target, colour, note, tags, now, now)

    @property
    def is_deleted(self) -> bool:
        return self.deleted is not None

    def edited(
        self,
        *,
        note: str | None = None,
        tags: tuple[str, ...] | None = None,
        colour: Colour | None = None,
        target: TextTarget | None = None,
    ) -> Annotation:
        """A copy with the given fields changed and ``modified`` set to now."""
        return replace(
            self,
            note=self.note if note is None else note,
            tags=self.tags if tags is None else tags,
            colour=self.colour if colour is None else colour,
            target=self.target if target is None else target,
            modified=utc_now(),
        )


@dataclass(frozen=True, slots=True)
class PairAnnotation:
    """A note on a linked pair: a passage in one document against one in another."""

    id: str
    left_document: str
    left: TextTarget
    right_document: str
    right: TextTarget
    relation: str = ""  # the analyst's word for the pair: "rebuts", "misquotes", "agrees"...
    note: str = ""
    tags: tuple[str, ...] = ()
    colour: Colour = Colour.YELLOW
    created: datetime = field(default_factory=utc_now)
    modified: datetime = field(default_factory=utc_now)
    deleted: datetime | None = None
    # The alignment link the pair was made on (None: drawn from a hand selection or
    # imported without one); kept so an export names it even when the alignment is gone.
    link_kind: LinkKind | None = None
    score: float | None = None  # that link's score, 0..100
    version: int = field(default=0, compare=False)  # as Annotation.version
    author: str = field(default="", compare=False)  # as Annotation.author
    changed_by: str = field(default="", compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "tags", _clean_tags(self.tags))

    @classmethod
    def new(
        cls,
        left_document: str,
        left: TextTarget,
        right_document: str,
        right: TextTarget,
        *,
        relation: str = "",
        note: str = "",
        tags: tuple[str, ...] = (),
        colour: Colour = Colour.YELLOW,
        link: Link | None = None,
    ) -> PairAnnotation:
        """A new pair note; ``link`` (the alignment link it was made on) gives kind and score."""
        now = utc_now()
        return cls(
            new_id(),
            left_document,
            left,
            right_document,
            right,
            relation,
            note,
            tags,
            colour,
            now,
            now,
            link_kind=link.kind if link is not None else None,
            score=link.score if link is not None else None,
        )

    @property
    def is_deleted(self) -> bool:
        return self.deleted is not None

    @property
    def documents(self) -> tuple[str, str]:
        return (self.left_document, self.right_document)

    def edited(
        self,
        *,
        relation: str | None = None,
        note: str | None = None,
        tags: tuple[str, ...] | None = None,
        colour: Colour | None = None,
    ) -> PairAnnotation:
        """A copy with the given fields changed and ``modified`` set to now."""
        return replace(
            self,
            relation=self.relation if relation is None else relation,
            note=self.note if note is None else note,
            tags=self.tags if tags is None else tags,
            colour=self.colour if colour is None else colour,
            modified=utc_now(),
        )


@dataclass(frozen=True, slots=True)
class ManualLink:
    """A link the analyst drew by hand between two documents of a comparison."""

    id: str
    kind: LinkKind
    left_document: str
    left: TextTarget
    right_document: str
    right: TextTarget
    created: datetime = field(default_factory=utc_now)
    manual: bool = field(default=True, init=False)  # always: automatic links are not stored

    @classmethod
    def new(
        cls,
        kind: LinkKind,
        left_document: str,
        left: TextTarget,
        right_document: str,
        right: TextTarget,
    ) -> ManualLink:
        return cls(new_id(), kind, left_document, left, right_document, right)

    def to_link(self) -> Link:
        """The link as the alignment views show it; hand-made links score full marks."""
        return Link(self.kind, self.left.span, self.right.span, 100.0)


@dataclass(frozen=True, slots=True)
class RejectedLink:
    """An automatic link the analyst dismissed; remembered so re-alignment keeps it hidden."""

    kind: LinkKind
    left_document: str
    left: Span
    right_document: str
    right: Span
    created: datetime = field(default_factory=utc_now)
    # The text each span covered (schema v3), so a rejection can follow its passage
    # into a new version of a document; None for rejections made before v3.
    left_quote: TextQuoteSelector | None = None
    right_quote: TextQuoteSelector | None = None

    def matches(self, link: Link, min_overlap: float = 0.8) -> bool:
        """Whether ``link`` is (nearly) the rejected one: same kind, both spans mostly shared.

        Re-alignment with other settings can move a span's ends by a few
        characters; demanding identical spans would resurrect rejected links.
        """
        return same_link(self.kind, self.left, self.right, link, min_overlap)

    @property
    def key(self) -> tuple[LinkKind, str, Span, str, Span]:
        """What identifies the judged link (the table's key, less the comparison)."""
        return (self.kind, self.left_document, self.left, self.right_document, self.right)


@dataclass(frozen=True, slots=True)
class ConfirmedLink:
    """An automatic link the analyst confirmed (schema v7): kept with the text of both
    sides, so it follows an edited file, and the score it had when confirmed."""

    kind: LinkKind
    left_document: str
    left: Span
    right_document: str
    right: Span
    score: float
    left_quote: TextQuoteSelector
    right_quote: TextQuoteSelector
    created: datetime = field(default_factory=utc_now)
    created_by: str = ""  # the analyst (``core.analyst``), stamped by the store

    def matches(self, link: Link, min_overlap: float = 0.8) -> bool:
        """Whether ``link`` is (nearly) the confirmed one (the rule rejections use)."""
        return same_link(self.kind, self.left, self.right, link, min_overlap)

    @property
    def key(self) -> tuple[LinkKind, str, Span, str, Span]:
        """What identifies the judged link (the table's key, less the comparison)."""
        return (self.kind, self.left_document, self.left, self.right_document, self.right)


def same_link(
    kind: LinkKind, left: Span, right: Span, link: Link, min_overlap: float = 0.8
) -> bool:
    """Whether ``link`` is (nearly) the link of ``kind`` between ``left`` and ``right``:
    the rule every judgement of a link (rejected, confirmed) is matched by."""
    if link.kind is not kind:
        return False
    return (
        _overlap_ratio(left, link.left) >= min_overlap
        and _overlap_ratio(right, link.right) >= min_overlap
    )


def _overlap_ratio(a: Span, b: Span) -> float:
    union = max(a.end, b.end) - min(a.start, b.start)
    if union == 0:
        return 1.0 if a == b else 0.0
    return a.overlap(b) / union


def without_rejected(
    links: tuple[Link, ...], rejected: tuple[RejectedLink, ...]
) -> tuple[Link, ...]:
    """The automatic links the analyst has not rejected (for one left/right pair of documents)."""
    if not rejected:
        return links
    return tuple(link for link in links if not any(r.matches(link) for r in rejected))


@dataclass(frozen=True, slots=True)
class DocumentRecord:
    """What the registry knows of a document: identity is the hash, the path is a hint."""

    sha256: str
    path: Path | None = None  # last known location; a moved file is found again by hash
    title: str = ""
    size: int | None = None  # bytes
    first_seen: datetime = field(default_factory=utc_now)
    last_seen: datetime = field(default_factory=utc_now)
    # The text encoding its notes were made on (text formats), used again when reopened
    encoding: str | None = None


@dataclass(frozen=True, slots=True)
class ComparisonDocument:
    """One pane of a comparison: which document, where it was, where the reader was."""

    sha256: str
    path: Path | None = None
    display_name: str = ""
    scroll: float = 0.0  # fraction 0..1 of the pane scrolled, restored on reopen


@dataclass(frozen=True, slots=True)
class Comparison:
    """A saved workspace: documents side by side, alignment settings and the analyst's edits."""

    id: str
    name: str
    documents: tuple[ComparisonDocument, ...]
    options: AlignOptions = field(default_factory=AlignOptions)
    manual_links: tuple[ManualLink, ...] = ()
    rejected_links: tuple[RejectedLink, ...] = ()
    created: datetime = field(default_factory=utc_now)
    modified: datetime = field(default_factory=utc_now)
    opened: datetime = field(default_factory=utc_now)
    # schema v7: the automatic links the analyst confirmed (never also rejected)
    confirmed_links: tuple[ConfirmedLink, ...] = ()
    # schema v9: the stored version this copy was read at (0: never stored), so a save
    # made on an older copy is merged or refused (``storage.conflicts``)
    version: int = 0

    @classmethod
    def new(
        cls,
        name: str,
        documents: tuple[ComparisonDocument, ...],
        options: AlignOptions | None = None,
    ) -> Comparison:
        now = utc_now()
        return cls(
            new_id(),
            name,
            documents,
            options or AlignOptions(),
            created=now,
            modified=now,
            opened=now,
        )

    @property
    def document_hashes(self) -> tuple[str, ...]:
        return tuple(d.sha256 for d in self.documents)
