"""Rows to values and back: the only place that knows both shapes."""

from __future__ import annotations

from pathlib import Path

from desktop_app.core.annotations import (
    Annotation,
    Colour,
    Comparison,
    ComparisonDocument,
    ConfirmedLink,
    DocumentRecord,
    ManualLink,
    PairAnnotation,
    RejectedLink,
    TextPositionSelector,
    TextQuoteSelector,
    TextTarget,
)
from desktop_app.core.model import AlignOptions, LinkKind, Span
from desktop_app.core.storage.tables import (
    AnnotationRow,
    AnnotationTagRow,
    ComparisonDocumentRow,
    ComparisonRow,
    ConfirmedLinkRow,
    DocumentRow,
    ManualLinkRow,
    PairAnnotationRow,
    PairAnnotationTagRow,
    RejectedLinkRow,
)


def target(
    exact: str, prefix: str, suffix: str, start: int, end: int, page: int | None
) -> TextTarget:
    return TextTarget(
        TextQuoteSelector(exact, prefix, suffix), TextPositionSelector(start, end), page
    )


_COLOURS = {c.value: c for c in Colour}


def colour(name: str) -> Colour:
    """The stored colour; one written by a newer palette shows as yellow, never fails.

    A dict lookup, not ``Colour(name)``: the enum call is the slowest step of
    listing 10,000 notes.
    """
    return _COLOURS.get(name, Colour.YELLOW)


def annotation_from_row(row: AnnotationRow, tags: tuple[str, ...] | None = None) -> Annotation:
    return Annotation(
        id=row.id,
        document=row.document_sha256,
        target=target(
            row.quote_exact,
            row.quote_prefix,
            row.quote_suffix,
            row.pos_start,
            row.pos_end,
            row.page,
        ),
        colour=colour(row.colour),
        note=row.note,
        tags=tuple(t.tag for t in row.tags) if tags is None else tags,
        created=row.created,
        modified=row.modified,
        deleted=row.deleted_at,
        version=row.version,
        author=row.created_by,
        changed_by=row.changed_by,
    )


def fill_annotation_row(row: AnnotationRow, annotation: Annotation) -> None:
    t = annotation.target
    row.document_sha256 = annotation.document
    row.quote_exact = t.quote.exact
    row.quote_prefix = t.quote.prefix
    row.quote_suffix = t.quote.suffix
    row.pos_start = t.position.start
    row.pos_end = t.position.end
    row.page = t.page
    row.colour = annotation.colour.value
    row.note = annotation.note
    row.created = annotation.created
    row.modified = annotation.modified
    row.deleted_at = annotation.deleted
    row.version = (row.version or 0) + 1  # every write makes copies read before stale
    if annotation.author:  # else the session's analyst (``engine.stamp_authors``)
        row.created_by = annotation.author
    row.tags = [
        AnnotationTagRow(annotation_id=annotation.id, tag=tag, position=i)
        for i, tag in enumerate(annotation.tags)
    ]


def pair_from_row(row: PairAnnotationRow) -> PairAnnotation:
    return PairAnnotation(
        id=row.id,
        left_document=row.left_sha256,
        left=_side(row, "left"),
        right_document=row.right_sha256,
        right=_side(row, "right"),
        relation=row.relation,
        note=row.note,
        tags=tuple(t.tag for t in row.tags),
        colour=colour(row.colour),
        created=row.created,
        modified=row.modified,
        deleted=row.deleted_at,
        link_kind=link_kind(row.link_kind),
        score=row.score,
        version=row.version,
        author=row.created_by,
        changed_by=row.changed_by,
    )


def link_kind(value: str | None) -> LinkKind | None:
    """The stored link kind; an unknown one (a newer release's) reads as none, never fails."""
    if value is None:
        return None
    try:
        return LinkKind(value)
    except ValueError:
        return None


def fill_pair_row(row: PairAnnotationRow, pair: PairAnnotation) -> None:
    row.left_sha256 = pair.left_document
    _fill_side(row, "left", pair.left)
    row.right_sha256 = pair.right_document
    _fill_side(row, "right", pair.right)
    row.relation = pair.relation
    row.note = pair.note
    row.colour = pair.colour.value
    row.created = pair.created
    row.modified = pair.modified
    row.deleted_at = pair.deleted
    row.link_kind = pair.link_kind.value if pair.link_kind is not None else None
    row.score = pair.score
    row.version = (row.version or 0) + 1  # every write makes copies read before stale
    if pair.author:
        row.created_by = pair.author
    row.tags = [
        PairAnnotationTagRow(pair_id=pair.id, tag=tag, position=i)
        for i, tag in enumerate(pair.tags)
    ]


def _side(row: PairAnnotationRow | ManualLinkRow, side: str) -> TextTarget:
    """The target in ``row``'s ``left_*`` or ``right_*`` columns: ``_fill_side`` read back."""
    return target(
        getattr(row, f"{side}_exact"),
        getattr(row, f"{side}_prefix"),
        getattr(row, f"{side}_suffix"),
        getattr(row, f"{side}_start"),
        getattr(row, f"{side}_end"),
        getattr(row, f"{side}_page"),
    )


def _fill_side(row: PairAnnotationRow | ManualLinkRow, side: str, t: TextTarget) -> None:
    setattr(row, f"{side}_exact", t.quote.exact)
    setattr(row, f"{side}_prefix", t.quote.prefix)
    setattr(row, f"{side}_suffix", t.quote.suffix)
    setattr(row, f"{side}_start", t.position.start)
    setattr(row, f"{side}_end", t.position.end)
    setattr(row, f"{side}_page", t.page)


def manual_link_row(comparison_id: str, link: ManualLink) -> ManualLinkRow:
    row = ManualLinkRow(
        id=link.id,
        comparison_id=comparison_id,
        kind=link.kind.value,
        left_sha256=link.left_document,
        right_sha256=link.right_document,
        created=link.created,
    )
    _fill_side(row, "left", link.left)
    _fill_side(row, "right", link.right)
    return row


def manual_link_from_row(row: ManualLinkRow) -> ManualLink:
    return ManualLink(
        id=row.id,
        kind=LinkKind(row.kind),
        left_document=row.left_sha256,
        left=_side(row, "left"),
        right_document=row.right_sha256,
        right=_side(row, "right"),
        created=row.created,
    )


def _judged_columns(comparison_id: str, link: RejectedLink | ConfirmedLink) -> dict[str, object]:
    """The columns a rejection and a confirmation share: where the link runs, and the text
    of both sides (None for a rejection recorded before rejections kept it)."""
    columns: dict[str, object] = {
        "comparison_id": comparison_id,
        "kind": link.kind.value,
        "left_sha256": link.left_document,
        "left_start": link.left.start,
        "left_end": link.left.end,
        "right_sha256": link.right_document,
        "right_start": link.right.start,
        "right_end": link.right.end,
        "created": link.created,
    }
    for side, quote in (("left", link.left_quote), ("right", link.right_quote)):
        columns[f"{side}_exact"] = quote.exact if quote else None
        columns[f"{side}_prefix"] = quote.prefix if quote else None
        columns[f"{side}_suffix"] = quote.suffix if quote else None
    return columns


def rejected_link_row(comparison_id: str, link: RejectedLink) -> RejectedLinkRow:
    return RejectedLinkRow(**_judged_columns(comparison_id, link))


def _quote(exact: str | None, prefix: str | None, suffix: str | None) -> TextQuoteSelector | None:
    return None if exact is None else TextQuoteSelector(exact, prefix or "", suffix or "")


def rejected_link_from_row(row: RejectedLinkRow) -> RejectedLink:
    return RejectedLink(
        kind=LinkKind(row.kind),
        left_document=row.left_sha256,
        left=Span(row.left_start, row.left_end),
        right_document=row.right_sha256,
        right=Span(row.right_start, row.right_end),
        created=row.created,
        left_quote=_quote(row.left_exact, row.left_prefix, row.left_suffix),
        right_quote=_quote(row.right_exact, row.right_prefix, row.right_suffix),
    )


def confirmed_link_row(comparison_id: str, link: ConfirmedLink) -> ConfirmedLinkRow:
    return ConfirmedLinkRow(
        **_judged_columns(comparison_id, link), score=link.score, created_by=link.created_by
    )


def confirmed_link_from_row(row: ConfirmedLinkRow) -> ConfirmedLink:
    return ConfirmedLink(
        kind=LinkKind(row.kind),
        left_document=row.left_sha256,
        left=Span(row.left_start, row.left_end),
        right_document=row.right_sha256,
        right=Span(row.right_start, row.right_end),
        score=row.score,
        left_quote=TextQuoteSelector(row.left_exact, row.left_prefix, row.left_suffix),
        right_quote=TextQuoteSelector(row.right_exact, row.right_prefix, row.right_suffix),
        created=row.created,
        created_by=row.created_by,
    )


def comparison_document_rows(comparison: Comparison) -> list[ComparisonDocumentRow]:
    return [
        ComparisonDocumentRow(
            comparison_id=comparison.id,
            position=i,
            document_sha256=d.sha256,
            path=str(d.path) if d.path else None,
            display_name=d.display_name,
            scroll=d.scroll,
        )
        for i, d in enumerate(comparison.documents)
    ]


def fill_comparison_row(row: ComparisonRow, comparison: Comparison) -> None:
    """Settings, dates and documents; manual, rejected and confirmed links are the caller's
    business."""
    row.name = comparison.name
    row.kinds = options_text(comparison.options)
    row.min_score = comparison.options.min_score
    row.ordered = order_code(comparison.options.ordered)
    row.modified = comparison.modified
    row.opened = comparison.opened
    row.documents = comparison_document_rows(comparison)


def comparison_document_from_row(row: ComparisonDocumentRow) -> ComparisonDocument:
    return ComparisonDocument(
        sha256=row.document_sha256,
        path=Path(row.path) if row.path else None,
        display_name=row.display_name,
        scroll=row.scroll,
    )


def options_text(options: AlignOptions) -> str:
    return " ".join(sorted(kind.value for kind in options.kinds))


_ORDER_CODES: dict[bool | None, int] = {None: 0, True: 1, False: 2}


def order_code(ordered: bool | None) -> int:
    """``AlignOptions.ordered`` as stored: 0 decided from the texts, 1 in order, 2 not.

    0 is what the column held for every comparison saved before the choice existed: those
    users never chose "out of order", it was the only mode.
    """
    return _ORDER_CODES[ordered]


def options_from(kinds: str, min_score: float, ordered: int) -> AlignOptions:
    return AlignOptions(
        kinds=frozenset(LinkKind(k) for k in kinds.split()),
        min_score=min_score,
        ordered={1: True, 2: False}.get(int(ordered)),
    )


def document_from_row(row: DocumentRow) -> DocumentRecord:
    return DocumentRecord(
        sha256=row.sha256,
        path=Path(row.path) if row.path else None,
        title=row.title,
        size=row.size,
        first_seen=row.first_seen,
        last_seen=row.last_seen,
        encoding=row.encoding,
    )
