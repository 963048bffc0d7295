"""tokenize(): the vectorised word scan finds exactly the matches of ``WORD``."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from desktop_app.core.alignment.tokens import WORD, encode, normalise_word, tokenize
from desktop_app.core.documents.plaintext import document_from_text
from desktop_app.core.model import Block, BlockKind, Document, Span

# Letters (ASCII and not), digits, every joiner, line-break pieces and punctuation.
ALPHABET = "ab Zé1_'’ʼ-‐‑\xad \t\r\n.,—ﬁßİ½"


def _reference(document: Document) -> list[tuple[int, int, str]]:
    """What the regex finds in content blocks, normalised, empty words dropped."""
    found = []
    for match in WORD.finditer(document.text):
        inside = any(
            b.is_content and b.span.start <= match.start() and match.end() <= b.span.end
            for b in document.blocks
        )
        word = normalise_word(match.group())
        if inside and word:
            found.append((match.start(), match.end(), word))
    return found


def _found(document: Document) -> list[tuple[int, int, str]]:
    tokens = tokenize(document)
    return list(zip(tokens.starts.tolist(), tokens.ends.tolist(), tokens.words, strict=True))


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=ALPHABET, max_size=80))
def test_tokens_are_the_regex_matches(text: str) -> None:
    document = document_from_text(text)
    assert _found(document) == _reference(document)


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet="ab Z1_'- \t\r\n.,\x7f", max_size=80))
def test_ascii_tokens_are_the_regex_matches(text: str) -> None:
    # ASCII text takes the one-byte path (bytes.translate), the rest four bytes a character.
    document = document_from_text(text)
    assert _found(document) == _reference(document)


def test_hyphenated_line_break_joins_and_other_joins() -> None:
    text = "recog-\nnised  l’été don't co-op a-\n -b x--y end-\n\nStraße"
    assert [w for _, _, w in _found(document_from_text(text))] == [
        "recognised",
        "lete",
        "dont",
        "coop",
        "a",
        "b",
        "x",
        "y",
        "end",
        "strasse",
    ]


def test_furniture_words_are_skipped_and_ids_follow_first_sight() -> None:
    text = "Page 1 header\nalpha beta alpha\nheader gamma"
    blocks = (
        Block(BlockKind.FURNITURE, Span(0, 13)),
        Block(BlockKind.PARAGRAPH, Span(14, 30)),
        Block(BlockKind.PARAGRAPH, Span(31, 43)),
    )
    base = document_from_text(text)
    document = Document(text, blocks, base.format, base.sha256)
    tokens = tokenize(document)
    assert tokens.words == ("alpha", "beta", "alpha", "header", "gamma")
    assert tokens.vocabulary == ("alpha", "beta", "header", "gamma")
    assert tokens.blocks.tolist() == [1, 1, 1, 2, 2]


def test_encode_shares_one_vocabulary_in_first_seen_order() -> None:
    left = tokenize(document_from_text("Gamma alpha gamma"))
    right = tokenize(document_from_text("beta ALPHA delta beta"))
    vocabulary, left_ids, right_ids = encode(left, right)
    assert vocabulary == ["gamma", "alpha", "beta", "delta"]
    assert left_ids.tolist() == [0, 1, 0]
    assert right_ids.tolist() == [2, 1, 3, 2]
