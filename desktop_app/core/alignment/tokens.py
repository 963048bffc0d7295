"""Words of a document's content, normalised for matching, with exact spans.

Both quote and related alignment compare words, not characters: casefolded,
accents and ligatures folded, punctuation dropped, quote and dash variants
unified, and words split by PDF hyphenation ("recog-\\nnised") joined again.
Each token keeps the character span it came from, so whatever is found maps
back to exact offsets in ``Document.text``.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from desktop_app.core.cancel import Progress
from desktop_app.core.model import Document

IntArray = npt.NDArray[np.int64]

# A word: letters/digits, possibly joined by apostrophes or hyphens; a hyphen may be
# followed by a line break (PDF hyphenation), which joins the two halves.
_WORD = re.compile(r"[^\W_]+(?:(?:['’ʼ]|[-‐‑­](?:[ \t]*\r?\n[ \t]*)?)[^\W_]+)*")
_WORD_SPLIT = re.compile(f"({_WORD.pattern})")
_NOT_WORD = re.compile(r"[\W_]+")


@dataclass(frozen=True, slots=True)
class Tokens:
    """A document's content words as parallel arrays (index = token position)."""

    starts: IntArray  # character offset where each token starts
    ends: IntArray  # character offset where each token ends (exclusive)
    blocks: IntArray  # index into Document.blocks of the token's block
    words: tuple[str, ...]  # normalised form of each token

    def __len__(self) -> int:
        return len(self.words)


def normalise_word(raw: str) -> str:
    """The matching form of one word: NFKD-folded, casefolded, marks and punctuation gone."""
    folded = unicodedata.normalize("NFKD", raw.casefold())
    return _NOT_WORD.sub("", "".join(c for c in folded if not unicodedata.combining(c)))


def tokenize(document: Document, progress: Progress | None = None) -> Tokens:
    """Tokens of the document's content blocks (furniture is skipped)."""
    text = document.text
    content = [(i, b.span) for i, b in enumerate(document.blocks) if b.is_content]
    if progress is not None:
        progress.report(0.0, "Reading words")
    if not content:
        empty = np.zeros(0, dtype=np.int64)
        return Tokens(empty, empty, empty, ())
    # One C-level split instead of a match object per word: the pieces alternate
    # separator, word, separator..., so cumulative lengths give every word's offsets.
    pieces = _WORD_SPLIT.split(text)
    lengths = np.fromiter(map(len, pieces), dtype=np.int64, count=len(pieces))
    offsets = np.cumsum(lengths) - lengths
    raw = pieces[1::2]
    starts = offsets[1::2][: len(raw)]
    ends = starts + lengths[1::2][: len(raw)]
    if progress is not None:
        progress.report(0.5, "Reading words")
    cache = {word: normalise_word(word) for word in set(raw)}
    normal = list(map(cache.__getitem__, raw))
    block_starts = np.asarray([span.start for _, span in content], dtype=np.int64)
    block_ends = np.asarray([span.end for _, span in content], dtype=np.int64)
    which = np.searchsorted(block_starts, starts, side="right") - 1
    keep = which >= 0
    keep[keep] &= ends[keep] <= block_ends[which[keep]]
    keep &= np.fromiter(map(bool, normal), dtype=bool, count=len(normal))
    kept = np.flatnonzero(keep)
    block_index = np.asarray([i for i, _ in content], dtype=np.int64)
    return Tokens(
        starts[kept],
        ends[kept],
        block_index[which[kept]],
        tuple(map(normal.__getitem__, kept.tolist())),
    )


def encode(left: Tokens, right: Tokens) -> tuple[list[str], IntArray, IntArray]:
    """Integer word ids from one vocabulary shared by both sides, and that vocabulary."""
    words = list(dict.fromkeys(left.words + right.words))  # first-seen order
    index = {word: number for number, word in enumerate(words)}
    return (
        words,
        np.fromiter(map(index.__getitem__, left.words), dtype=np.int64, count=len(left)),
        np.fromiter(map(index.__getitem__, right.words), dtype=np.int64, count=len(right)),
    )
