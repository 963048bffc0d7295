"""Excerpts from the annotation model, and annotation records back from excerpts.

The store hands out ``Annotation``/``PairAnnotation`` values; this module picks
the ones in scope (a comparison, tags, colours, documents), names their sources
and orders them, so renderers never see storage types. ``records_from_excerpts``
is the way back, for importing a W3C JSON file into the store.
"""

from __future__ import annotations

import enum
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from desktop_app.core.annotations import (
    Annotation,
    Colour,
    Comparison,
    DocumentRecord,
    PairAnnotation,
    TextPositionSelector,
    TextQuoteSelector,
    TextTarget,
    utc_now,
)
from desktop_app.core.export.colours import PALETTE, rgb_bytes
from desktop_app.core.export.excerpts import (
    AnyExcerpt,
    Excerpt,
    PairExcerpt,
    Quote,
    SourceRef,
    quotes_of,
)
from desktop_app.core.model import Alignment, DocumentFormat, Link, Span

_FORMATS = {f".{fmt.value}": fmt for fmt in DocumentFormat} | {".htm": DocumentFormat.HTML}


class Order(enum.Enum):
    """The order excerpts are listed in (within each section of a report)."""

    POSITION = "position"  # by document, then where the passage starts
    TAG = "tag"  # by first tag (alphabetical), then position
    CREATED = "created"  # oldest first


@dataclass(frozen=True, slots=True)
class Scope:
    """Which annotations to export; empty sets mean "no restriction"."""

    comparison: Comparison | None = None  # only its documents' annotations
    tags: frozenset[str] = frozenset()  # any of these tags
    colours: frozenset[Colour] = frozenset()
    documents: frozenset[str] = frozenset()  # sha256s


@dataclass(frozen=True, slots=True)
class Sources:
    """What is known about documents, to name the sources of quotes."""

    documents: Mapping[str, DocumentRecord] = field(default_factory=dict)
    comparisons: Sequence[Comparison] = ()
    # Alignment results by (left sha256, right sha256): a pair made on a link
    # gets the link's kind and score.
    alignments: Mapping[tuple[str, str], Alignment] = field(default_factory=dict)


def build_excerpts(
    annotations: Iterable[Annotation],
    pairs: Iterable[PairAnnotation],
    sources: Sources,
    scope: Scope = Scope(),
    order: Order = Order.POSITION,
) -> list[AnyExcerpt]:
    """The excerpts in ``scope``, in ``order``; deleted annotations are left out."""
    allowed = _allowed_documents(scope)
    excerpts: list[AnyExcerpt] = []
    for annotation in annotations:
        if _in_scope(annotation, (annotation.document,), allowed, scope):
            excerpts.append(_excerpt(annotation, sources, scope))
    for pair in pairs:
        if _in_scope(pair, pair.documents, allowed, scope):
            excerpts.append(_pair(pair, sources, scope))
    return sorted(excerpts, key=_sort_key(order, _document_rank(sources, scope)))


def _allowed_documents(scope: Scope) -> frozenset[str] | None:
    allowed: frozenset[str] | None = None
    if scope.comparison is not None:
        allowed = frozenset(scope.comparison.document_hashes)
    if scope.documents:
        allowed = scope.documents if allowed is None else allowed & scope.documents
    return allowed


def _in_scope(
    item: Annotation | PairAnnotation,
    documents: tuple[str, ...],
    allowed: frozenset[str] | None,
    scope: Scope,
) -> bool:
    if item.is_deleted:
        return False
    if allowed is not None and not all(d in allowed for d in documents):
        return False
    if scope.tags and not scope.tags.intersection(item.tags):
        return False
    return not scope.colours or item.colour in scope.colours


def _comparison_name(documents: tuple[str, ...], sources: Sources, scope: Scope) -> str:
    """The scoped comparison, else the first one holding every document of the item."""
    if scope.comparison is not None:
        return scope.comparison.name
    for comparison in sources.comparisons:
        if all(d in comparison.document_hashes for d in documents):
            return comparison.name
    return ""


def _source(sha256: str, sources: Sources) -> SourceRef:
    record = sources.documents.get(sha256)
    title = record.title if record else ""
    path: Path | None = record.path if record else None
    for comparison in sources.comparisons:
        for doc in comparison.documents:
            if doc.sha256 == sha256:
                title = title or doc.display_name
                path = path or doc.path
    fmt = _FORMATS.get(path.suffix.lower()) if path else None
    return SourceRef(sha256=sha256, title=title, path=str(path) if path else None, format=fmt)


def _quote(sha256: str, target: TextTarget, sources: Sources) -> Quote:
    return Quote(
        source=_source(sha256, sources),
        exact=target.quote.exact,
        prefix=target.quote.prefix,
        suffix=target.quote.suffix,
        span=target.span,
        page=target.page,
    )


def _excerpt(annotation: Annotation, sources: Sources, scope: Scope) -> Excerpt:
    return Excerpt(
        id=annotation.id,
        quote=_quote(annotation.document, annotation.target, sources),
        note=annotation.note,
        tags=annotation.tags,
        colour=annotation.colour.value,
        comparison=_comparison_name((annotation.document,), sources, scope),
        created=annotation.created,
        modified=annotation.modified,
        author=annotation.author,
    )


def _pair(pair: PairAnnotation, sources: Sources, scope: Scope) -> PairExcerpt:
    # The link the pair was made on, as stored with it; else the one on screen now.
    kind, score = pair.link_kind, pair.score
    if kind is None:
        link = _matching_link(pair, sources)
        if link is not None:
            kind, score = link.kind, link.score
    return PairExcerpt(
        id=pair.id,
        left=_quote(pair.left_document, pair.left, sources),
        right=_quote(pair.right_document, pair.right, sources),
        note=pair.note,
        tags=pair.tags,
        colour=pair.colour.value,
        comparison=_comparison_name(pair.documents, sources, scope),
        created=pair.created,
        modified=pair.modified,
        relation=pair.relation,
        link_kind=kind,
        score=score,
        author=pair.author,
    )


def _matching_link(pair: PairAnnotation, sources: Sources) -> Link | None:
    """The alignment link the pair was made on: the one sharing most of both spans."""
    alignment = sources.alignments.get(pair.documents)
    swapped = False
    if alignment is None:
        alignment = sources.alignments.get((pair.right_document, pair.left_document))
        swapped = True
    if alignment is None:
        return None
    best: Link | None = None
    best_share = 0.5  # at least half of each span, or it is another passage
    for candidate in alignment.links:
        link = candidate.swapped() if swapped else candidate
        share = min(_share(link.left, pair.left), _share(link.right, pair.right))
        if share > best_share:
            best, best_share = link, share
    return best


def _share(span: Span, target: TextTarget) -> float:
    union = max(span.end, target.span.end) - min(span.start, target.span.start)
    return span.overlap(target.span) / union if union else 1.0


def _document_rank(sources: Sources, scope: Scope) -> dict[str, int]:
    """Documents in comparison order (left pane first), then by name."""
    order: list[str] = []
    comparisons = [scope.comparison] if scope.comparison else list(sources.comparisons)
    for comparison in comparisons:
        order.extend(d for d in comparison.document_hashes if d not in order)
    return {sha: rank for rank, sha in enumerate(order)}


def _sort_key(order: Order, rank: Mapping[str, int]) -> Callable[[AnyExcerpt], tuple[Any, ...]]:
    def position(excerpt: AnyExcerpt) -> tuple[int, str, str, int]:
        quote = excerpt.left if isinstance(excerpt, PairExcerpt) else excerpt.quote
        start = quote.span.start if quote.span else 0
        name = quote.source.display_name.casefold()
        return (rank.get(quote.source.sha256, len(rank)), name, quote.source.sha256, start)

    def key(excerpt: AnyExcerpt) -> tuple[Any, ...]:
        if order is Order.CREATED:
            created = excerpt.created.timestamp() if excerpt.created else 0.0
            return (created, *position(excerpt))
        if order is Order.TAG:
            first = min((t.casefold() for t in excerpt.tags), default="\uffff")
            return (first, *position(excerpt))
        return position(excerpt)

    return key


# ---------------------------------------------------------------- import


@dataclass(frozen=True, slots=True)
class ImportedRecords:
    """Annotation values ready for the store, and what could not become one."""

    annotations: tuple[Annotation, ...]
    pairs: tuple[PairAnnotation, ...]
    documents: tuple[DocumentRecord, ...]
    skipped: tuple[str, ...]  # one sentence per excerpt left out, for the user


def nearest_colour(colour: str | None) -> Colour:
    """The palette colour for a stored name, or the closest one to a foreign hex colour."""
    if colour is None:
        return Colour.YELLOW
    try:
        return Colour(colour.strip().lower())
    except ValueError:
        pass
    r, g, b = rgb_bytes(colour)

    def distance(option: Colour) -> int:
        pr, pg, pb = rgb_bytes(PALETTE[option.value])
        return int((pr - r) ** 2 + (pg - g) ** 2 + (pb - b) ** 2)

    return min(Colour, key=distance)


def _target(quote: Quote) -> TextTarget:
    assert quote.span is not None
    return TextTarget(
        TextQuoteSelector(quote.exact, quote.prefix, quote.suffix),
        TextPositionSelector(quote.span.start, quote.span.end),
        quote.page,
    )


def records_from_excerpts(excerpts: Iterable[AnyExcerpt]) -> ImportedRecords:
    """Annotation values for excerpts read from a file (``parse_w3c_json``).

    Ids and dates are kept so importing the same file twice updates rather than
    duplicates. A quote without a position cannot be anchored yet and is skipped.
    """
    annotations: list[Annotation] = []
    pairs: list[PairAnnotation] = []
    documents: dict[str, DocumentRecord] = {}
    skipped: list[str] = []
    for excerpt in excerpts:
        quotes = quotes_of(excerpt)
        if any(q.span is None for q in quotes):
            skipped.append(f"Excerpt {excerpt.id} has no text position; it was not imported.")
            continue
        for quote in quotes:
            source = quote.source
            documents.setdefault(
                source.sha256,
                DocumentRecord(
                    source.sha256, Path(source.path) if source.path else None, source.title
                ),
            )
        created = excerpt.created or utc_now()
        modified = excerpt.modified or created
        if isinstance(excerpt, PairExcerpt):
            pairs.append(
                PairAnnotation(
                    id=excerpt.id,
                    left_document=excerpt.left.source.sha256,
                    left=_target(excerpt.left),
                    right_document=excerpt.right.source.sha256,
                    right=_target(excerpt.right),
                    relation=excerpt.relation,
                    note=excerpt.note,
                    tags=excerpt.tags,
                    colour=nearest_colour(excerpt.colour),
                    created=created,
                    modified=modified,
                    link_kind=excerpt.link_kind,
                    score=excerpt.score,
                    author=excerpt.author,
                )
            )
        else:
            annotations.append(
                Annotation(
                    id=excerpt.id,
                    document=excerpt.quote.source.sha256,
                    target=_target(excerpt.quote),
                    colour=nearest_colour(excerpt.colour),
                    note=excerpt.note,
                    tags=excerpt.tags,
                    created=created,
                    modified=modified,
                    author=excerpt.author,
                )
            )
    return ImportedRecords(
        tuple(annotations), tuple(pairs), tuple(documents.values()), tuple(skipped)
    )
