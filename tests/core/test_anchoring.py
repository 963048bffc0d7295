"""Re-anchoring annotations in changed texts: exact, moved, fuzzy, orphan."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from desktop_app.core.anchoring import (
    Anchorer,
    ResolutionKind,
    make_target,
    normalise_layout,
    resolve,
    resolve_all,
)
from desktop_app.core.annotations import TextTarget
from desktop_app.core.model import Span

AUSTEN = (
    "It is a truth universally acknowledged, that a single man in possession of a good "
    "fortune, must be in want of a wife. However little known the feelings or views of "
    "such a man may be on his first entering a neighbourhood, this truth is so well fixed "
    "in the minds of the surrounding families, that he is considered the rightful property "
    "of some one or other of their daughters. My dear Mr. Bennet, said his lady to him one "
    "day, have you heard that Netherfield Park is let at last? Mr. Bennet replied that he "
    "had not. But it is, returned she; for Mrs. Long has just been here, and she told me "
    "all about it."
)


def target_of(text: str, quote: str, occurrence: int = 0) -> tuple[Span, TextTarget]:
    start = -1
    for _ in range(occurrence + 1):
        start = text.index(quote, start + 1)
    span = Span(start, start + len(quote))
    return span, make_target(text, span)


def test_make_target_keeps_quote_context_and_position() -> None:
    span = Span(AUSTEN.index("single man"), AUSTEN.index("single man") + len("single man"))
    target = make_target(AUSTEN, span, page=3)
    assert target.quote.exact == "single man"
    assert target.quote.prefix == AUSTEN[span.start - 32 : span.start]
    assert target.quote.suffix == AUSTEN[span.end : span.end + 32]
    assert (target.position.start, target.position.end, target.page) == (span.start, span.end, 3)


def test_make_target_at_text_edges_has_short_context() -> None:
    target = make_target("short text", Span(0, 5))
    assert (target.quote.prefix, target.quote.suffix) == ("", " text")
    with pytest.raises(ValueError):
        make_target("short text", Span(3, 3))
    with pytest.raises(ValueError):
        make_target("short text", Span(3, 30))


def test_unchanged_text_resolves_exactly() -> None:
    span, target = target_of(AUSTEN, "Netherfield Park is let at last")
    result = resolve(target, AUSTEN)
    assert result.kind is ResolutionKind.EXACT
    assert result.span == span
    assert result.score == 100.0


def test_text_inserted_before_moves_the_span() -> None:
    span, target = target_of(AUSTEN, "the rightful property of some one")
    preface = "PREFACE\n\nThis edition restores the text of 1813.\n\n"
    result = resolve(target, preface + AUSTEN)
    assert result.kind is ResolutionKind.MOVED
    assert result.span == span.shifted(len(preface))


def test_edited_quote_is_found_fuzzily_with_its_new_extent() -> None:
    _, target = target_of(AUSTEN, "this truth is so well fixed in the minds")
    edited = AUSTEN.replace("so well fixed", "so very firmly fixed")
    result = resolve(target, edited)
    assert result.kind is ResolutionKind.FUZZY
    assert result.span is not None
    assert result.span.of(edited) == "this truth is so very firmly fixed in the minds"
    assert 75 <= result.score < 100


def test_quote_repeated_three_times_picks_the_one_by_its_context() -> None:
    text = (
        "In the first chapter the author writes: the evidence is overwhelming. "
        "Critics disagree. In the second chapter, after the survey data, she insists: "
        "the evidence is overwhelming. Later, in the conclusion, she repeats it once "
        "more: the evidence is overwhelming."
    )
    _, target = target_of(text, "the evidence is overwhelming", occurrence=1)
    changed = "Foreword by the editor.\n\n" + text.replace("Critics disagree.", "Critics differ.")
    result = resolve(target, changed)
    assert result.kind is ResolutionKind.MOVED
    second = changed.index("the evidence is overwhelming", changed.index("survey data"))
    assert result.span == Span(second, second + len("the evidence is overwhelming"))


def test_identical_contexts_fall_back_to_the_nearest_occurrence() -> None:
    unit = "Refrain: we shall overcome someday, we shall. "
    text = unit * 3
    span, target = target_of(text, "we shall overcome", occurrence=2)
    changed = "Verse. " + text
    result = resolve(target, changed)
    assert result.kind is ResolutionKind.MOVED
    assert result.span == span.shifted(len("Verse. "))


def test_pdf_reextraction_with_line_breaks_and_hyphenation_is_found() -> None:
    quote = "fixed in the minds of the surrounding families, that he is considered"
    _, target = target_of(AUSTEN, quote)
    reflowed = AUSTEN.replace("surrounding", "surround-\ning").replace(
        "in the minds of", "in the\nminds  of"
    )
    result = resolve(target, reflowed)
    assert result.kind is ResolutionKind.FUZZY
    assert result.span is not None
    assert result.span.of(reflowed) == (
        "fixed in the\nminds  of the surround-\ning families, that he is considered"
    )


def test_hyphen_then_space_reextraction_is_found() -> None:
    text = "The committee recognised the problem early and acted within the week."
    _, target = target_of(text, "recognised the problem early")
    changed = "The committee recog- nised the problem early and acted within the week."
    result = resolve(target, changed)
    assert result.span is not None
    assert result.span.of(changed) == "recog- nised the problem early"


def test_ligatures_and_curly_quotes_from_a_pdf_are_found() -> None:
    text = "He said 'the first office' was final."
    _, target = target_of(text, "'the first office' was final")
    changed = "He said \u2018the \ufb01rst o\ufb03ce\u2019 was final."
    result = resolve(target, changed)
    assert result.span is not None
    assert result.span.of(changed) == "\u2018the \ufb01rst o\ufb03ce\u2019 was final"


def test_removed_text_makes_an_orphan() -> None:
    quote = "this truth is so well fixed in the minds of the surrounding families"
    _, target = target_of(AUSTEN, quote)
    cut = AUSTEN.replace(quote, "")
    result = resolve(target, cut)
    assert result.kind is ResolutionKind.ORPHAN
    assert result.span is None
    assert not result.found


def test_short_quote_elsewhere_with_wrong_context_is_an_orphan() -> None:
    text = "Chapter one. Mr. Bennet said no. Chapter two. Everyone else said yes."
    _, target = target_of(text, "said no")
    changed = "Chapter one was rewritten entirely. Chapter two. Everyone else said no."
    assert resolve(target, changed).kind is ResolutionKind.ORPHAN


def test_fuzzy_match_far_away_in_a_long_text_is_found_by_the_word_index() -> None:
    filler = " ".join(f"Sentence number {i} says little of note." for i in range(3000))
    quote = "Netherfield Park is let at last? Mr. Bennet replied that he had not"
    _, target = target_of(AUSTEN, quote)
    changed = filler + " " + AUSTEN.replace("let at last", "let, at long last")
    result = resolve(target, changed)
    assert result.kind is ResolutionKind.FUZZY
    assert result.span is not None
    assert result.span.of(changed) == (
        "Netherfield Park is let, at long last? Mr. Bennet replied that he had not"
    )


def test_resolve_all_shares_one_index_and_keeps_order() -> None:
    quotes = ["single man", "Netherfield Park", "Mrs. Long has just been here"]
    targets = [target_of(AUSTEN, q)[1] for q in quotes]
    changed = "Intro. " + AUSTEN
    results = resolve_all(targets, changed)
    assert [r.span.of(changed) for r in results if r.span] == quotes
    anchorer = Anchorer(changed)
    assert [anchorer.resolve(t) for t in targets] == results


words = st.text(alphabet="abcdefgh ,.\n", min_size=1, max_size=300)


@settings(max_examples=150, deadline=None)
@given(text=words, data=st.data())
def test_unchanged_document_gives_the_same_span(text: str, data: st.DataObject) -> None:
    start = data.draw(st.integers(0, len(text) - 1))
    end = data.draw(st.integers(start + 1, len(text)))
    span = Span(start, end)
    result = resolve(make_target(text, span), text)
    assert result.kind is ResolutionKind.EXACT
    assert result.span == span


@settings(max_examples=150, deadline=None)
@given(text=words, insert=st.text(alphabet="xyz \n", max_size=50), data=st.data())
def test_text_inserted_before_keeps_the_quote(text: str, insert: str, data: st.DataObject) -> None:
    start = data.draw(st.integers(0, len(text) - 1))
    end = data.draw(st.integers(start + 1, len(text)))
    at = data.draw(st.integers(0, start))
    target = make_target(text, Span(start, end))
    changed = text[:at] + insert + text[at:]
    result = resolve(target, changed)
    exact = target.quote.exact
    occurrences = sum(changed.startswith(exact, i) for i in range(len(changed)))
    if result.span is None:
        # Only a short quote whose context the insertion broke may be refused.
        assert len(exact) < 32
    else:
        # The literal quote, or the quote with only its whitespace laid out differently.
        assert normalise_layout(result.span.of(changed)) == normalise_layout(exact)
    if occurrences == 1 and len(exact) >= 32:
        assert result.kind in (ResolutionKind.EXACT, ResolutionKind.MOVED)
    if occurrences == 1 and result.kind in (ResolutionKind.EXACT, ResolutionKind.MOVED):
        assert result.span == Span(start, end).shifted(len(insert))
