"""``align``: the one entry point that turns two documents into links.

It runs the steps (words, quotes, related passages) under one progress bar,
applies the options and makes the result independent of which document is on
which side: the pair is always computed in one canonical order and swapped
back, so swapping the inputs swaps every link and nothing else. Last of all every score
is calibrated (``core.scores``: 70 means about 70 % of such links are right), so the
options' minimum score and the window's slider filter on that.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from operator import attrgetter

from rapidfuzz import fuzz
from rapidfuzz.utils import default_process

from desktop_app.core.alignment.evidence import Evidence
from desktop_app.core.alignment.meaning import Meaning, meaning_pairs
from desktop_app.core.alignment.quotes import QuoteParams, find_quotes
from desktop_app.core.alignment.related import RelatedParams, scored_pairs, units_of
from desktop_app.core.alignment.tokens import encode, tokenize
from desktop_app.core.cancel import Progress
from desktop_app.core.memory import release_freed
from desktop_app.core.model import (
    Alignment,
    AlignOptions,
    BlockKind,
    Document,
    Link,
    LinkKind,
    Passage,
    RelationKind,
)
from desktop_app.core.scores import calibrate_links
from desktop_app.core.segmentation import sentences
from desktop_app.core.semantic.model import preload
from desktop_app.core.semantic.relation import relation_of

DEFAULT_OPTIONS = AlignOptions()
# Result order: left span, right span, kind (a C-level key: thousands of links).
_LINK_ORDER = attrgetter("left.start", "right.start", "kind.value")
#: called with a stage's links (every kind, canonical order) and the order mode if decided
Interim = Callable[[list[Link], bool | None], None]


def align(
    left: Document,
    right: Document,
    options: AlignOptions = DEFAULT_OPTIONS,
    progress: Progress | None = None,
    *,
    meaning: Meaning | None = None,
    calibrate: bool = True,
) -> Alignment:
    """Quote and related links between ``left`` and ``right``, sorted by left then right span.

    With ``meaning`` the meaning-level step runs too (sentence embeddings where words leave
    passages unexplained): what ``verso align`` prints and the window settles on. Without
    it: the word-level links alone (``--fast``).

    A ``progress`` that wants interim results gets each stage's links as an Alignment
    (``Progress.publish``): the quote links first, then (with ``meaning``) the
    word-level links, so the window fills in while the rest is read.
    """
    swap = _canonical_key(right) < _canonical_key(left)

    def settled(links: list[Link], ordered: bool | None) -> Alignment:
        if swap:
            links = [link.swapped() for link in links]
        if calibrate:
            links = calibrate_links(links, ordered)
        links = [
            _with_relation(link, left, right)
            for link in _of_kinds(links, options.kinds)
            if link.score >= options.min_score
        ]
        links.sort(key=_LINK_ORDER)
        return Alignment(tuple(links), options, ordered)

    interim: Interim | None = None
    if progress is not None and progress.wants_interim:
        sink = progress

        def interim(links: list[Link], ordered: bool | None) -> None:
            sink.publish(settled(links, ordered))

    first, second = (right, left) if swap else (left, right)
    links, ordered = _align(first, second, options, progress, meaning, interim)
    alignment = settled(links, ordered)
    if progress is not None:
        progress.report(1.0, "Aligned")
    return alignment


def _of_kinds(links: list[Link], kinds: frozenset[LinkKind]) -> list[Link]:
    """The links of the kinds asked for; asked for quotes but not related passages, the
    quotes inside related passages come out as quote links of their own."""
    chosen = [link for link in links if link.kind in kinds]
    if LinkKind.QUOTE in kinds and LinkKind.RELATED not in kinds:
        chosen += [
            inner for link in links if link.kind is LinkKind.RELATED for inner in link.quoted
        ]
    return chosen


def _with_relation(link: Link, left: Document, right: Document) -> Link:
    """The link with what its right passage does with the left: quotes, restates, answers."""
    if link.kind is LinkKind.QUOTE:
        relation = RelationKind.QUOTES
    else:
        a, b = link.left.of(left.text), link.right.of(right.text)
        fuzzy = fuzz.token_set_ratio(a, b, processor=default_process)
        relation = relation_of(a, b, fuzzy, quoted=bool(link.quoted))
    return replace(link, relation=relation)


def _canonical_key(document: Document) -> tuple[int, str, str]:
    return (len(document.text), document.sha256, document.text)


def _align(
    left: Document,
    right: Document,
    options: AlignOptions,
    progress: Progress | None,
    meaning: Meaning | None,
    interim: Interim | None = None,
) -> tuple[list[Link], bool]:
    """Links of ``left`` x ``right`` (every kind) and whether they were aligned in order."""
    if progress is not None:
        progress.report(0.0, "Reading words")
    words_end = 0.4 if meaning is None else 0.3
    left_tokens = tokenize(left, progress.sub(0.0, 0.05) if progress else None)
    right_tokens = tokenize(right, progress.sub(0.05, 0.1) if progress else None)
    vocabulary, left_ids, right_ids = encode(left_tokens, right_tokens)
    quotes = find_quotes(
        left_tokens,
        right_tokens,
        left_ids,
        right_ids,
        QuoteParams(),
        progress.sub(0.1, words_end) if progress else None,
    )
    release_freed()  # the k-gram tables of the quote search: the next stages' peaks are theirs
    if interim is not None:
        interim(quotes, None)
    if meaning is not None and meaning.embed is None and LinkKind.RELATED in options.kinds:
        preload()  # the packaged model's session builds on a thread while words are weighed
    left_units = units_of(_body_sentences(left), left_tokens)
    right_units = units_of(_body_sentences(right), right_tokens)
    related = RelatedParams()
    scored = scored_pairs(
        left_units,
        right_units,
        left_ids,
        right_ids,
        vocabulary,
        related,
        progress.sub(words_end, 2 * words_end) if progress else None,
    )
    release_freed()  # the TF-IDF and candidate products' temporaries
    evidence = Evidence(
        left_units,
        right_units,
        (left_tokens, right_tokens),
        (left_ids, right_ids),
        quotes,
        scored,
        related,
    )
    ordered = options.ordered
    if ordered is None:
        ordered = evidence.in_parallel()
    links = evidence.links(ordered)
    release_freed()
    if meaning is not None and LinkKind.RELATED in options.kinds:
        if interim is not None:
            interim(links, ordered)
        evidence.add_meaning(
            meaning_pairs(
                (left, right),
                (left_units, right_units),
                (scored.left_tfidf, scored.right_tfidf),
                links,
                ordered,
                meaning,
                progress=progress.sub(2 * words_end, 1.0) if progress else None,
            )
        )
        links = evidence.links(ordered)
    return links, ordered


def _body_sentences(document: Document) -> tuple[Passage, ...]:
    """Sentences outside headings: a title shares its words with the text it heads,
    which says nothing about how two documents relate."""
    blocks = document.blocks
    return tuple(
        p for p in sentences(document) if blocks[p.block_index].kind is not BlockKind.HEADING
    )
