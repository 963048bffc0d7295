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
    starts: list[int] = []
    ends: list[int] = []
    blocks: list[int] = []
    words: list[str] = []
    cache: dict[str, str] = {}
    total = max(1, len(text))
    for block_index, block in enumerate(document.blocks):
        if not block.is_content:
            continue
        if progress is not None and block_index % 64 == 0:
            progress.report(block.span.start / total, "Reading words")
        for match in _WORD.finditer(text, block.span.start, block.span.end):
            raw = match.group()
            word = cache.get(raw)
            if word is None:
                word = cache[raw] = normalise_word(raw)
            if not word:
                continue
            starts.append(match.start())
            ends.append(match.end())
            blocks.append(block_index)
            words.append(word)
    return Tokens(
        np.asarray(starts, dtype=np.int64),
        np.asarray(ends, dtype=np.int64),
        np.asarray(blocks, dtype=np.int64),
        tuple(words),
    )


def encode(left: Tokens, right: Tokens) -> tuple[list[str], IntArray, IntArray]:
    """Integer word ids from one vocabulary shared by both sides, and that vocabulary."""
    vocabulary: dict[str, int] = {}
    left_ids = [vocabulary.setdefault(word, len(vocabulary)) for word in left.words]
    right_ids = [vocabulary.setdefault(word, len(vocabulary)) for word in right.words]
    return (
        list(vocabulary),
        np.asarray(left_ids, dtype=np.int64),
        np.asarray(right_ids, dtype=np.int64),
    )
