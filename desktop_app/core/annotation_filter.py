"""The annotations dock's filter as a pure predicate over annotation values.

The store filters in SQL (``AnnotationQuery``); the dock already holds the
comparison's annotations and narrows them as the analyst types, so the same
rules are applied here in memory, on the same query type, without Qt.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from itertools import chain

from desktop_app.core.annotations import Annotation, PairAnnotation
from desktop_app.core.storage.query import AnnotationQuery


def _has_tags(tags: tuple[str, ...], wanted: tuple[str, ...]) -> bool:
    return all(tag.strip() in tags for tag in wanted if tag.strip())


def _contains(needle: str, *haystacks: str) -> bool:
    folded = needle.strip().casefold()
    return not folded or any(folded in text.casefold() for text in haystacks)


def annotation_matches(query: AnnotationQuery, annotation: Annotation) -> bool:
    """Whether ``annotation`` passes every filter of ``query`` (``comparison`` is ignored)."""
    if annotation.is_deleted and not query.include_deleted:
        return False
    if query.document is not None and annotation.document != query.document:
        return False
    if query.colour is not None and annotation.colour is not query.colour:
        return False
    if not _has_tags(annotation.tags, query.tags):
        return False
    if query.author and annotation.author != query.author:
        return False
    return _contains(
        query.text, annotation.note, annotation.target.exact, annotation.author, *annotation.tags
    )


def pair_matches(query: AnnotationQuery, pair: PairAnnotation) -> bool:
    """The same for a pair note: its document filter accepts either side."""
    if pair.is_deleted and not query.include_deleted:
        return False
    if query.document is not None and query.document not in pair.documents:
        return False
    if query.colour is not None and pair.colour is not query.colour:
        return False
    if not _has_tags(pair.tags, query.tags):
        return False
    if query.author and pair.author != query.author:
        return False
    return _contains(
        query.text,
        pair.note,
        pair.relation,
        pair.left.exact,
        pair.right.exact,
        pair.author,
        *pair.tags,
    )


def authors_of(items: Iterable[Annotation | PairAnnotation]) -> list[str]:
    """Who made ``items``, each once, in alphabetical order (case ignored): the author
    filter's choices. A filter by author is worth offering once there are two."""
    return sorted({item.author for item in items if item.author}, key=str.casefold)


def tags_of(items: Iterable[Annotation | PairAnnotation]) -> list[str]:
    """The tags on ``items``, most used first (then alphabetically): the tag filter's
    choices. Counted from the notes listed rather than asked of the store, whose tags in
    use are a whole team's on a server (0.35 s over 100,000 notes)."""
    counts = Counter(chain.from_iterable(item.tags for item in items))  # counted in C
    return sorted(counts, key=lambda tag: (-counts[tag], tag))
