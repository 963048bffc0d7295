"""Which Cyrillic single-byte code page a text is in, and how sure that is.

The same bytes read as cp1251, KOI8-R, cp866, ISO 8859-5 or Mac Cyrillic give
five different strings of Cyrillic letters, and a general detector guesses
badly on short texts ("Да", "Ёжик") and on lines in capitals (issue 14). Each
reading is scored as Russian:

- letter pairs: the log-probability of each next letter given the one before,
  word starts and ends included, learnt from a sample of ordinary Russian prose
  (``resources/language/russian-sample.txt``, smoothed so unseen pairs are rare, not
  impossible). KOI8-R read as cp1251 turns "ВНИМАНИЕ" into "чойнбойе": lowercase,
  but made of pairs Russian hardly has;
- case: a word is lowercase, capitals, or capitalised; "дБ" (KOI8-R "Да" read
  as cp1251, whose cases are swapped) is not;
- other characters: a symbol or box-drawing character where a letter could
  have been costs more than any letter, a non-Russian Cyrillic letter almost
  as much, common punctuation (« » — №) a little more than a letter. "ё" counts as "е",
  as it is often written.

The scores are log-likelihoods, so the confidence of the best reading is its
share of the (tempered) likelihoods, scaled down when few letters decided it:
two letters can be read right but never surely.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from dataclasses import dataclass
from functools import cache
from importlib import resources
from itertools import pairwise

CODECS = ("cp1251", "koi8_r", "cp866", "iso8859_5", "mac_cyrillic")  # preferred first
_RUSSIAN = frozenset("абвгдеёжзийклмнопрстуфхцчшщъыьэюя")
_WORD = re.compile(r"[^\W\d_]+")
_BOUNDARY = "^"
_SMOOTHING = 0.1
_BAD_CASE = -6.0  # per word like "дБ" or "пРИВЕТ"
_FOREIGN_LETTER = -6.0  # a Cyrillic letter Russian does not use (і, ў, ђ…)
_SYMBOL = -9.0  # a non-ASCII character that is neither a letter nor common punctuation
_MIXED = -6.0  # a word mixing Latin and Cyrillic letters
_PUNCTUATION = frozenset("«»—–„“”‘’…№°\u00a0§·")
_PUNCTUATION_COST = -5.0  # rarer than any letter: else a reading with no letters wins
_TEMPERATURE = 2.0  # the model is small: its likelihood ratios are overconfident
_EVIDENCE = 4.0  # letters at which the evidence counts half
_SAMPLE_BYTES = 16384  # plenty of evidence; scoring is pure Python


@dataclass(frozen=True, slots=True)
class CyrillicGuess:
    """The chosen code page, how sure (0..1), and how many non-ASCII letters decided it."""

    codec: str
    confidence: float
    letters: int


@cache
def _pairs() -> tuple[dict[str, dict[str, float]], dict[str, float]]:
    """log P(next | previous) over Russian letters and word edges, from the sample."""
    sample = resources.files("desktop_app").joinpath("resources/language/russian-sample.txt")
    counts: dict[str, Counter[str]] = {}
    for word in _WORD.findall(sample.read_text(encoding="utf-8").lower().replace("ё", "е")):
        if not set(word) <= _RUSSIAN:
            continue
        chain = f"{_BOUNDARY}{word}{_BOUNDARY}"
        for a, b in pairwise(chain):
            counts.setdefault(a, Counter())[b] += 1
    size = len(_RUSSIAN) + 1
    table: dict[str, dict[str, float]] = {}
    unseen: dict[str, float] = {}
    for a, following in counts.items():
        total = sum(following.values()) + _SMOOTHING * size
        table[a] = {b: math.log((n + _SMOOTHING) / total) for b, n in following.items()}
        unseen[a] = math.log(_SMOOTHING / total)
    return table, unseen


def russian_score(text: str) -> tuple[float, int]:
    """How Russian ``text`` reads (a log-likelihood), and its count of non-ASCII letters.

    ASCII characters read the same in every candidate and are not scored.
    """
    table, unseen = _pairs()
    floor = min(unseen.values())
    score = 0.0
    letters = 0
    for ch in text:
        if ch >= "\x80" and not ch.isalpha():
            score += _PUNCTUATION_COST if ch in _PUNCTUATION else _SYMBOL
    for word in _WORD.findall(text):
        if word.isascii():
            continue
        cyrillic = [ch for ch in word if "\u0400" <= ch <= "\u04ff"]
        letters += len(cyrillic)
        if len(cyrillic) < len(word) and any(ch.isascii() for ch in word):
            score += _MIXED
        if not (word.islower() or word.isupper() or word.istitle()):
            score += _BAD_CASE
        lower = word.lower().replace("ё", "е")  # often written е: one letter to the model
        previous = _BOUNDARY
        for ch in f"{lower}{_BOUNDARY}":
            if ch != _BOUNDARY and ch not in _RUSSIAN:
                if not ch.isascii():
                    score += _FOREIGN_LETTER
                previous = _BOUNDARY
                continue
            row = table.get(previous)
            score += row.get(ch, unseen[previous]) if row is not None else floor
            previous = ch
    return score, letters


def guess_cyrillic(data: bytes) -> CyrillicGuess | None:
    """The code page among ``CODECS`` that reads ``data`` best as Russian, or None.

    None if no reading looks Russian: most non-ASCII characters of the best one
    are not letters of all-Cyrillic words (Western European text, say).
    """
    sample = data[:_SAMPLE_BYTES]
    readings: dict[str, str] = {}
    for codec in CODECS:
        try:
            text = sample.decode(codec)
        except UnicodeDecodeError:
            continue
        if text not in readings.values():  # identical readings are one candidate
            readings[codec] = text
    if not readings:
        return None
    scored = {codec: russian_score(text) for codec, text in readings.items()}
    best = max(scored, key=lambda codec: scored[codec][0])
    if not _looks_russian(readings[best]):
        return None
    top = scored[best][0]
    weights = {c: math.exp((s - top) / _TEMPERATURE) for c, (s, _) in scored.items()}
    share = weights[best] / sum(weights.values())
    letters = scored[best][1]
    confidence = share * letters / (letters + _EVIDENCE)
    return CyrillicGuess(best, round(confidence, 3), letters)


def _looks_russian(text: str) -> bool:
    """Most non-ASCII characters are Russian letters in words without Latin letters."""
    non_ascii = sum(1 for ch in text if ch >= "\x80")
    russian = sum(
        len(word)
        for word in _WORD.findall(text)
        if not any(ch.isascii() for ch in word) and sum(ch in _RUSSIAN for ch in word.lower())
    )
    return non_ascii > 0 and russian >= 0.6 * non_ascii
