"""Words of a document's content, normalised for matching, with exact spans.

Both quote and related alignment compare words, not characters: casefolded,
accents and ligatures folded, punctuation dropped, quote and dash variants
unified, and words split by PDF hyphenation ("recog-\\nnised") joined again.
Each token keeps the character span it came from, so whatever is found maps
back to exact offsets in ``Document.text``.

A book has ~200k words but only ~15k distinct ones, so the per-character work
(which characters form words) is done with numpy over the code points, the
per-word work is one C-level ``str.split``, and only distinct words are
normalised in Python.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt

from desktop_app.core.cancel import Progress
from desktop_app.core.model import Document

IntArray = npt.NDArray[np.int64]
#: character offsets: 32-bit when the text allows (half the memory of a book's two
#: offset arrays), 64-bit past 2**31 characters
OffsetArray = npt.NDArray[np.signedinteger[Any]]
BlockArray = npt.NDArray[np.int32]  # block indices: a document has far fewer than 2**31
_CodeUnits = npt.NDArray[np.uint8] | npt.NDArray[np.uint32]  # one per code point

# The definition of a word: letters/digits, possibly joined by apostrophes or hyphens;
# a hyphen may be followed by a line break (PDF hyphenation), which joins the two
# halves. ``tokenize`` finds exactly these matches, vectorised.
WORD = re.compile(r"[^\W_]+(?:(?:['’ʼ]|[-‐‑­](?:[ \t]*\r?\n[ \t]*)?)[^\W_]+)*")
_NOT_WORD = re.compile(r"[\W_]+")
_APOSTROPHES = "'’ʼ"
_HYPHENS = "-‐‑\xad"
_BREAK_TAIL = re.compile(r"[ \t]*\r?\n[ \t]*")  # what may follow a hyphen at a line end
# Character classes of the word scan.
_OTHER, _LETTER, _JOINER, _HYPHEN = 0, 1, 2, 3  # ordered: joiners last
_BREAK_START = frozenset(map(ord, " \t\r\n"))


def _char_class(code: int) -> int:
    char = chr(code)
    if char.isalnum():  # what the regex engine's [^\W_] accepts
        return _LETTER
    if char in _HYPHENS:
        return _HYPHEN
    return _JOINER if char in _APOSTROPHES else _OTHER


_ASCII_CLASS = np.asarray([_char_class(code) for code in range(128)], dtype=np.uint8)
_CLASS_BYTES = _ASCII_CLASS.tobytes() + bytes(128)  # bytes.translate table (ASCII text only)


@dataclass(frozen=True, slots=True)
class Tokens:
    """A document's content words as parallel arrays (index = token position).

    Words are stored once: ``ids`` index ``vocabulary`` (this document's distinct
    normalised words, in first-seen order).
    """

    starts: OffsetArray  # character offset where each token starts
    ends: OffsetArray  # character offset where each token ends (exclusive)
    blocks: BlockArray  # index into Document.blocks of the token's block
    ids: IntArray  # index into ``vocabulary`` of each token's normalised word
    vocabulary: tuple[str, ...]

    def __len__(self) -> int:
        return len(self.ids)

    @property
    def words(self) -> tuple[str, ...]:
        """Normalised form of each token (built on demand)."""
        return tuple(map(self.vocabulary.__getitem__, self.ids.tolist()))


def normalise_word(raw: str) -> str:
    """The matching form of one word: NFKD-folded, casefolded, marks and punctuation gone."""
    if raw.isascii():  # NFKD and casefold are lower() here
        return raw.lower() if raw.isalnum() else _NOT_WORD.sub("", raw.lower())
    folded = unicodedata.normalize("NFKD", raw.casefold())
    return _NOT_WORD.sub("", "".join(c for c in folded if not unicodedata.combining(c)))


def tokenize(document: Document, progress: Progress | None = None) -> Tokens:
    """Tokens of the document's content blocks (furniture is skipped)."""
    text = document.text
    content = [(i, b.span) for i, b in enumerate(document.blocks) if b.is_content]
    if progress is not None:
        progress.report(0.0, "Reading words")
    empty = np.zeros(0, dtype=np.int64)
    if not content or not text:
        return Tokens(empty, empty, np.zeros(0, dtype=np.int32), empty, ())
    codes = _code_units(text)
    inside, masked = _word_characters(text, codes)
    # Words start and end where ``inside`` changes, alternately: one scan finds both.
    changes = np.flatnonzero(np.diff(inside.view(np.int8), prepend=np.int8(0), append=np.int8(0)))
    offset = np.dtype(np.int32 if len(text) < 2**31 else np.int64)
    starts: OffsetArray = changes[0::2].astype(offset)
    ends: OffsetArray = changes[1::2].astype(offset)
    # Every character outside a word becomes a space, so one C-level split yields
    # the words in order (word characters are never whitespace).
    raw = _decoded(masked).split()
    if progress is not None:
        progress.report(0.5, "Reading words")
    local, vocabulary = _word_ids(raw)
    block_starts = np.asarray([span.start for _, span in content], dtype=np.int64)
    block_ends = np.asarray([span.end for _, span in content], dtype=np.int64)
    which = _block_of(starts, block_starts)
    keep = (which >= 0) & (local >= 0) & (ends <= block_ends[np.maximum(which, 0)])
    if len(content) == len(document.blocks):  # no furniture: content index = block index
        block_index = np.arange(len(content), dtype=np.int32)
    else:
        block_index = np.asarray([i for i, _ in content], dtype=np.int32)
    if keep.all():  # every word is kept (plain text): no gathers
        return Tokens(starts, ends, block_index[which], local, tuple(vocabulary))
    kept = np.flatnonzero(keep)
    if len(kept) == np.count_nonzero(local >= 0):  # only words with no letters left dropped
        ids, words = local[kept], tuple(vocabulary)
    else:  # words outside content blocks dropped: some words may be gone, order may change
        ids, words = _renumbered(local[kept], vocabulary)
    return Tokens(starts[kept], ends[kept], block_index[which[kept]], ids, words)


def _code_units(text: str) -> _CodeUnits:
    """The text's code points: one byte each if it is ASCII (O(1) to tell), else four."""
    if text.isascii():
        return np.frombuffer(text.encode("ascii"), dtype=np.uint8)
    return np.frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)


def _decoded(codes: _CodeUnits) -> str:
    encoding = "ascii" if codes.dtype == np.uint8 else "utf-32-le"
    return codes.tobytes().decode(encoding, "surrogatepass")


def _block_of(starts: OffsetArray, block_starts: IntArray) -> IntArray:
    """Index of the last block starting at or before each token (-1: none); both sorted.

    Counts, per token, the blocks whose first token it reaches: a search per
    block (thousands) instead of one per token (hundreds of thousands).
    """
    first_token = np.searchsorted(starts, block_starts.astype(starts.dtype), side="left")
    reached = np.bincount(first_token, minlength=len(starts) + 1)[: len(starts)]
    return np.cumsum(reached) - 1


def _word_characters(text: str, codes: _CodeUnits) -> tuple[npt.NDArray[np.bool_], _CodeUnits]:
    """Which characters belong to a ``WORD`` match, and the code points with the rest blanked.

    In the blanked copy the white space of a hyphenated line break is replaced
    by hyphens, so a joined word stays one piece for ``str.split``.
    """
    if codes.dtype == np.uint8:  # ASCII: one C-level bytes.translate
        classes = np.frombuffer(codes.tobytes().translate(_CLASS_BYTES), dtype=np.uint8)
    else:
        classes = np.take(_ASCII_CLASS, codes, mode="clip")  # 127 (DEL) and above: "other"
        high = np.flatnonzero(codes >= 128)
        if len(high):
            distinct, inverse = np.unique(codes[high], return_inverse=True)
            table = np.asarray([_char_class(c) for c in distinct.tolist()], dtype=np.uint8)
            classes[high] = table[inverse]
    letter = classes == _LETTER
    inside = letter.copy()
    # Apostrophes and hyphens are few: their neighbours are checked at their positions only.
    joiners = np.flatnonzero(classes[1:-1] >= _JOINER) + 1
    before, after = letter[joiners - 1], letter[joiners + 1]
    inside[joiners[before & after]] = True
    masked = np.where(inside, codes, codes.dtype.type(32))
    # Hyphen after a letter, then blanks and a line break: rare, checked one by one.
    hyphens = joiners[(classes[joiners] == _HYPHEN) & before & ~after]
    for hyphen in hyphens.tolist():
        if int(codes[hyphen + 1]) not in _BREAK_START:
            continue
        tail = _BREAK_TAIL.match(text, hyphen + 1)
        if tail is not None and tail.end() < len(text) and letter[tail.end()]:
            inside[hyphen : tail.end()] = True
            masked[hyphen : tail.end()] = ord("-")
    return inside, masked


class _WordIds(dict[str, int]):
    """Raw word -> index of its normalised form; a miss normalises the word once.

    ``map(ids.__getitem__, raw)`` then runs in C except for each distinct raw word.
    """

    def __init__(self) -> None:
        super().__init__()
        self.vocabulary: list[str] = []
        self._number: dict[str, int] = {}

    def __missing__(self, raw: str) -> int:
        normal = normalise_word(raw)
        number = self._number.setdefault(normal, len(self.vocabulary)) if normal else -1
        if number == len(self.vocabulary):
            self.vocabulary.append(normal)
        self[raw] = number
        return number


def _word_ids(raw: list[str]) -> tuple[IntArray, list[str]]:
    """Each raw word's index into the distinct normalised words (-1: nothing left of it)."""
    table = _WordIds()
    ids = np.fromiter(map(table.__getitem__, raw), dtype=np.int64, count=len(raw))
    return ids, table.vocabulary


def _renumbered(ids: IntArray, vocabulary: list[str]) -> tuple[IntArray, tuple[str, ...]]:
    """Ids and vocabulary restricted to the words kept, in first-seen order."""
    if len(ids) == 0:
        return ids, ()
    distinct, first = np.unique(ids, return_index=True)
    order = distinct[np.argsort(first, kind="stable")]
    new_id = np.full(len(vocabulary), -1, dtype=np.int64)
    new_id[order] = np.arange(len(order), dtype=np.int64)
    return new_id[ids], tuple(vocabulary[i] for i in order.tolist())


def encode(left: Tokens, right: Tokens) -> tuple[list[str], IntArray, IntArray]:
    """Integer word ids from one vocabulary shared by both sides, and that vocabulary.

    The vocabulary lists words in first-seen order over the left then the right tokens.
    """
    words = list(left.vocabulary)
    index = {word: number for number, word in enumerate(words)}
    remap = np.empty(len(right.vocabulary), dtype=np.int64)
    for number, word in enumerate(right.vocabulary):
        if word not in index:
            index[word] = len(words)
            words.append(word)
        remap[number] = index[word]
    return words, left.ids, remap[right.ids]  # the left ids already are these (no copy)
