"""Move a comparison onto the new version of one of its documents.

When a file changes, its notes move to the new hash (``reanchor``); the saved
comparisons showing it must follow, or they would go on naming a document that
is gone. Their document list is re-keyed, and so are their links:

* a hand-made link is the analyst's work: each side on the old version is found
  again in the new text (``span_finder``) and moved; a link whose passage is
  gone stays on the old hash, kept (never deleted) and reported, like an orphan note;
* a rejected link is only a hint ("don't show me this automatic link again"):
  it follows its text when that text is found, and is dropped otherwise (or when
  it was recorded before rejections kept their text), because re-alignment
  makes new links there anyway and a stale rejection could hide a good one;
* a confirmed link is a judgement on an automatic link, like a rejection: it follows its
  text when both sides are found and is dropped when a side is gone (the link it judged
  cannot come back there either).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import TypeVar

from desktop_app.core.anchoring import DEFAULT_MIN_SCORE, make_target
from desktop_app.core.annotations import (
    Comparison,
    ComparisonDocument,
    ConfirmedLink,
    ManualLink,
    RejectedLink,
    TextQuoteSelector,
    utc_now,
)
from desktop_app.core.model import Document, Span
from desktop_app.core.storage.comparison_store import ComparisonStore
from desktop_app.core.storage.span_finder import SpanFinder, follow_sides, sides_on


@dataclass(frozen=True, slots=True)
class Relinked:
    """What moving one comparison onto a new document version did."""

    comparison: Comparison  # as saved now
    moved_links: int = 0  # hand-made links re-anchored onto the new version
    lost_links: tuple[ManualLink, ...] = ()  # kept on the old hash: passage not found
    kept_rejections: int = 0
    dropped_rejections: int = 0
    kept_confirmations: int = 0
    dropped_confirmations: int = 0


def _side(
    document: str, span: Span, quote: TextQuoteSelector | None, old: str, finder: SpanFinder
) -> tuple[Span, TextQuoteSelector | None] | None:
    if document != old:
        return span, quote
    if quote is None:
        return None  # recorded before rejections kept their text: nothing to look for
    found = finder.span(quote, span)
    if found is None:
        return None
    return found, make_target(finder.document.text, found).quote


Judgement = TypeVar("Judgement", RejectedLink, ConfirmedLink)


def _followed(link: Judgement, old: str, new: str, finder: SpanFinder) -> Judgement | None:
    """A rejection or confirmation moved onto the new text (None: a side is gone)."""
    left = _side(link.left_document, link.left, link.left_quote, old, finder)
    right = _side(link.right_document, link.right, link.right_quote, old, finder)
    if left is None or right is None:
        return None
    # A side's quote is None only if it had none (an old rejection): keep the link's own.
    return replace(
        link,
        left_document=new if link.left_document == old else link.left_document,
        left=left[0],
        left_quote=link.left_quote if left[1] is None else left[1],
        right_document=new if link.right_document == old else link.right_document,
        right=right[0],
        right_quote=link.right_quote if right[1] is None else right[1],
    )


def _follow_all(
    links: Sequence[Judgement], old: str, new: str, finder: SpanFinder
) -> tuple[dict[tuple[object, ...], Judgement], int]:
    """``links`` after the change, one per passage (two may land on one), and how many
    were dropped because their passage is gone."""
    kept: dict[tuple[object, ...], Judgement] = {}
    dropped = 0
    for link in links:
        if old in (link.left_document, link.right_document):
            followed = _followed(link, old, new, finder)
            if followed is None:
                dropped += 1
                continue
            link = followed
        kept.setdefault(link.key, link)
    return kept, dropped


def relink_comparison(
    store: ComparisonStore,
    comparison: Comparison,
    old_sha256: str,
    document: Document,
    *,
    min_score: float = DEFAULT_MIN_SCORE,
) -> Relinked:
    """Save ``comparison`` with ``old_sha256`` replaced by ``document`` (see the module notes)."""
    new = document.sha256
    finder = SpanFinder(document, min_score)
    documents = tuple(
        ComparisonDocument(new, document.path or d.path, d.display_name, d.scroll)
        if d.sha256 == old_sha256
        else d
        for d in comparison.documents
    )
    finder.prepare(sides_on(comparison.manual_links, old_sha256))
    manual: list[ManualLink] = []
    lost: list[ManualLink] = []
    moved = 0
    for link in comparison.manual_links:
        if old_sha256 not in (link.left_document, link.right_document):
            manual.append(link)
            continue
        relinked = follow_sides(link, old_sha256, finder)
        if relinked is None:
            lost.append(link)
            manual.append(link)  # kept as it was, on the old version
        else:
            manual.append(relinked)
            moved += 1
    rejected, dropped = _follow_all(comparison.rejected_links, old_sha256, new, finder)
    confirmed, unconfirmed = _follow_all(comparison.confirmed_links, old_sha256, new, finder)
    # One state per link: where a rejection and a confirmation land on one passage (two
    # passages of the old text became one), the later judgement is kept.
    for key, confirmation in list(confirmed.items()):
        clash = rejected.get(key)
        if clash is not None:
            if clash.created > confirmation.created:
                del confirmed[key]
                unconfirmed += 1
            else:
                del rejected[key]
                dropped += 1
    saved = store.save_comparison(
        replace(
            comparison,
            documents=documents,
            manual_links=tuple(manual),
            rejected_links=tuple(rejected.values()),
            confirmed_links=tuple(confirmed.values()),
            modified=utc_now(),
        )
    )
    return Relinked(saved, moved, tuple(lost), len(rejected), dropped, len(confirmed), unconfirmed)
