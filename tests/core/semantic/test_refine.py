"""refine(): the pipeline with its meaning-level step: quotes kept, related links typed,
spans sound, deterministic."""

from __future__ import annotations

from pathlib import Path

import pytest

from desktop_app.core.alignment import align
from desktop_app.core.alignment.refine import refine
from desktop_app.core.cache import Cache
from desktop_app.core.documents.loader import load
from desktop_app.core.model import Alignment, AlignOptions, Document, LinkKind, RelationKind, Span

DATA = Path(__file__).resolve().parents[3] / "data"


@pytest.fixture(scope="module")
def pair() -> tuple[Document, Document]:
    return (
        load(DATA / "congress-victory-plan-2024.txt"),
        load(DATA / "spectator-plot-to-kill-putin-rebuttal-2024.txt"),
    )


@pytest.fixture(scope="module")
def cache(tmp_path_factory: pytest.TempPathFactory) -> Cache:
    return Cache(tmp_path_factory.mktemp("cache") / "cache.sqlite3")


@pytest.fixture(scope="module")
def lexical(pair: tuple[Document, Document]) -> Alignment:
    return align(*pair)


@pytest.fixture(scope="module")
def refined(pair: tuple[Document, Document], lexical: Alignment, cache: Cache) -> Alignment:
    return refine(lexical, *pair, cache=cache)


def _quotes(alignment: Alignment) -> list[tuple[Span, Span, float]]:
    """Every exact quote: quote links and the quotes inside related passages."""
    found = [(q.left, q.right, q.score) for q in alignment.of_kind(LinkKind.QUOTE)]
    found += [(q.left, q.right, q.score) for link in alignment.links for q in link.quoted]
    return sorted(found)


def test_quote_links_are_kept(lexical: Alignment, refined: Alignment) -> None:
    assert _quotes(lexical)  # the rebuttal quotes the plan
    assert _quotes(refined) == _quotes(lexical)
    assert all(q.relation is RelationKind.QUOTES for q in refined.of_kind(LinkKind.QUOTE))
    assert all(k.relation is RelationKind.QUOTES for k in refined.links if k.quoted)


def test_related_links_are_sound(pair: tuple[Document, Document], refined: Alignment) -> None:
    left, right = pair
    related = refined.of_kind(LinkKind.RELATED)
    assert related
    for link in refined.links:
        assert 0 <= link.left.start < link.left.end <= len(left.text)
        assert 0 <= link.right.start < link.right.end <= len(right.text)
        assert 0.0 <= link.score <= 100.0
        assert link.relation is not None
    assert list(refined.links) == sorted(
        refined.links, key=lambda k: (k.left.start, k.right.start, k.kind.value)
    )
    for link in related:  # a quote in a related pair refines it: it lies inside the pair
        for quote in refined.of_kind(LinkKind.QUOTE):
            if quote.left.overlaps(link.left) and quote.right.overlaps(link.right):
                assert link.left.contains(quote.left) and link.right.contains(quote.right)


def test_finds_the_answer_the_lexical_pass_misses(
    pair: tuple[Document, Document], lexical: Alignment, refined: Alignment
) -> None:
    """The rebuttal doubts the congress's membership in other words than the plan's."""
    left, right = pair
    thesis = left.text.index("One is the recently formed shadow Russian Parliament")
    summary = right.text.index("This “congress” claims to have 102 members")

    def joins(alignment: Alignment) -> bool:
        return any(
            link.left.start <= thesis < link.left.end
            and link.right.start <= summary < link.right.end
            for link in alignment.links
        )

    assert not joins(lexical)
    assert joins(refined)


def test_deterministic_and_cache_independent(
    pair: tuple[Document, Document], lexical: Alignment, refined: Alignment, cache: Cache
) -> None:
    again = refine(lexical, *pair, cache=cache)  # embeddings now from the cache
    uncached = refine(lexical, *pair)
    assert again == refined
    assert [(k.left, k.right, k.relation) for k in uncached.links] == [
        (k.left, k.right, k.relation) for k in refined.links
    ]


def test_options_are_respected(pair: tuple[Document, Document], cache: Cache) -> None:
    quotes_only = AlignOptions(kinds=frozenset({LinkKind.QUOTE}))
    result = refine(align(*pair, quotes_only), *pair, cache=cache)
    assert result.options == quotes_only
    assert not result.of_kind(LinkKind.RELATED)
    strict = AlignOptions(min_score=60.0)
    assert all(k.score >= 60.0 for k in refine(align(*pair, strict), *pair, cache=cache).links)


def test_progress_reaches_the_end(pair: tuple[Document, Document], cache: Cache) -> None:
    from desktop_app.core.cancel import Progress

    seen: list[float] = []
    refine(align(*pair), *pair, cache=cache, progress=Progress(lambda f, _m: seen.append(f)))
    assert seen[-1] == 1.0 and seen == sorted(seen)
