"""Document pairs with known reused passages, for measuring quote detection.

Each pair has a *source* document (a window of a bundled text) and a
*suspicious* one (a window of a text of another family, see ``text_families``)
into which passages of the source were inserted, transformed by one obfuscation:

- ``verbatim``: copied as is;
- ``light``: ~12% of words inserted, dropped or replaced, some punctuation and
  case changed;
- ``reflow``: broken into ~60-character lines, long words hyphenated across
  line ends, as PDF extraction gives them;
- ``reorder``: the passage's clauses shuffled;
- ``crossing``: a passage that runs on across a paragraph break of the source, quoted inline
  (the break becomes a space), lightly edited.

Gold spans are exact character spans in both texts. Generation is seeded.
"""

from __future__ import annotations

import itertools
import json
import random
import re
from dataclasses import dataclass
from pathlib import Path

from benchmarks.inputs import PARALLEL
from desktop_app.core.model import Span

OBFUSCATIONS = ("verbatim", "light", "reflow", "reorder", "crossing")
ROOT = Path(__file__).resolve().parent.parent
_SENTENCE_END = re.compile(r"[.!?][\"'”’)]?\s+(?=[A-Z“\"'])")


@dataclass(frozen=True, slots=True)
class CasePair:
    """One generated pair and its gold cases (source span, suspicious span)."""

    key: str
    obfuscation: str
    source: str
    suspicious: str
    cases: tuple[tuple[Span, Span], ...]


def text_families() -> list[list[str]]:
    """Texts to cut pairs from, in families with nothing in common across them.

    A pair's source and host come from different families, so the inserted passages are
    the only reuse between them and the gold is complete: two essays on the same war (the
    plan and the rebuttal that answers it) hold real paraphrases and answers, which a
    meaning-level aligner rightly links and a gold that knows only the insertions would
    count as false. Essays: the demo documents; Bible: the Gospel of Mark and the Epistle
    to the Romans (KJV), where present.
    """
    essays = [path.read_text(encoding="utf-8") for path in sorted((ROOT / "data").glob("*.txt"))]
    bible = []
    if (PARALLEL / "mark.kjv.txt").exists():
        bible.append((PARALLEL / "mark.kjv.txt").read_text(encoding="utf-8"))
    if (PARALLEL / "nt.kjv.txt").exists():
        bible.append(_book(PARALLEL / "nt.kjv", "Romans "))
    return [essays, bible] if bible else [essays]


def _book(stem: Path, prefix: str) -> str:
    """One book of a verse-indexed text (``<stem>.txt`` and ``<stem>.verses.json``)."""
    text = stem.with_name(stem.name + ".txt").read_text(encoding="utf-8")
    verses = json.loads(stem.with_name(stem.name + ".verses.json").read_text(encoding="utf-8"))
    spans = [span for verse, span in verses.items() if verse.startswith(prefix)]
    return text[min(s for s, _ in spans) : max(e for _, e in spans)] + "\n"


def generate(
    obfuscation: str,
    count: int,
    families: list[list[str]] | None = None,
    seed: int = 0,
    passages: int = 2,
    window: int = 6000,
) -> list[CasePair]:
    """``count`` pairs whose suspicious text holds ``passages`` obfuscated source passages.

    Source and host are windows of texts from two different ``families`` (one family:
    two different texts of it).
    """
    if obfuscation not in OBFUSCATIONS:
        raise ValueError(f"unknown obfuscation {obfuscation!r}")
    families = families if families is not None else text_families()
    rng = random.Random(f"{seed}-{obfuscation}")
    result = []
    for number in range(count):
        if len(families) > 1:
            source_family, host_family = rng.sample(range(len(families)), 2)
            source_text = rng.choice(families[source_family])
            host_text = rng.choice(families[host_family])
        else:
            source_text, host_text = rng.sample(families[0], 2)
        source = _window(source_text, window, rng)
        host = _window(host_text, window, rng)
        chosen = (
            _crossing_passages(source, passages, rng)
            if obfuscation == "crossing"
            else _passages(source, passages, rng)
        )
        vocabulary = host.split()
        pieces = [(span, _obfuscate(span.of(source), obfuscation, vocabulary, rng))
                  for span in chosen]  # fmt: skip
        suspicious, cases = _insert(host, pieces, rng)
        result.append(CasePair(f"{obfuscation}-{number}", obfuscation, source, suspicious, cases))
    return result


def _window(text: str, size: int, rng: random.Random) -> str:
    """A run of whole paragraphs of about ``size`` characters."""
    paragraphs = [p for p in re.split(r"\n\s*\n", text) if p.strip()]
    start = rng.randrange(len(paragraphs))
    chosen: list[str] = []
    while start < len(paragraphs) and sum(map(len, chosen)) < size:
        chosen.append(paragraphs[start].strip())
        start += 1
    if sum(map(len, chosen)) < size // 2:  # too close to the end: take the start instead
        chosen = []
        for paragraph in paragraphs:
            chosen.append(paragraph.strip())
            if sum(map(len, chosen)) >= size:
                break
    return "\n\n".join(chosen) + "\n"


def _passages(text: str, count: int, rng: random.Random) -> list[Span]:
    """Non-overlapping runs of 25-80 words starting at a sentence, inside one paragraph."""
    candidates = []
    for paragraph in re.finditer(r"[^\n](?:.|\n(?!\s*\n))*", text):
        starts = [paragraph.start()] + [
            paragraph.start() + m.end() for m in _SENTENCE_END.finditer(paragraph.group())
        ]
        for start in starts:
            words = list(re.finditer(r"\S+", text[start : paragraph.end()]))
            if len(words) >= 25:
                length = rng.randint(25, min(80, len(words)))
                candidates.append(Span(start, start + words[length - 1].end()))
    return _some_apart(candidates, count, rng)


def _crossing_passages(text: str, count: int, rng: random.Random) -> list[Span]:
    """Non-overlapping runs of 25-80 words from a sentence start over one paragraph break.

    At least 8 words fall on each side of the break, so both halves are worth finding.
    """
    paragraphs = list(re.finditer(r"[^\n](?:.|\n(?!\s*\n))*", text))
    candidates = []
    for here, after in itertools.pairwise(paragraphs):
        starts = [here.start()] + [
            here.start() + m.end() for m in _SENTENCE_END.finditer(here.group())
        ]
        next_words = list(re.finditer(r"\S+", after.group()))
        for start in starts:
            before = len(text[start : here.end()].split())
            if before < 8 or before > 72 or len(next_words) < 8 or before + len(next_words) < 25:
                continue
            length = rng.randint(max(25, before + 8), min(80, before + len(next_words)))
            end = after.start() + next_words[length - before - 1].end()
            candidates.append(Span(start, end))
    return _some_apart(candidates, count, rng)


def _some_apart(candidates: list[Span], count: int, rng: random.Random) -> list[Span]:
    """Up to ``count`` of ``candidates`` at random, none overlapping another, in text order."""
    rng.shuffle(candidates)
    chosen: list[Span] = []
    for span in candidates:
        if len(chosen) < count and not any(span.overlaps(c) for c in chosen):
            chosen.append(span)
    return sorted(chosen)


def _obfuscate(passage: str, kind: str, vocabulary: list[str], rng: random.Random) -> str:
    words = passage.split()
    if kind in ("light", "crossing"):
        return " ".join(_lightly_edited(words, vocabulary, rng))
    if kind == "reflow":
        return _reflowed(words, rng)
    if kind == "reorder":
        return _reordered(words, rng)
    return " ".join(words)


def _lightly_edited(words: list[str], vocabulary: list[str], rng: random.Random) -> list[str]:
    result: list[str] = []
    for word in words:
        roll = rng.random()
        if roll < 0.04:
            continue  # dropped
        if roll < 0.08:
            word = rng.choice(vocabulary).strip('.,;:!?"“”')  # replaced
        elif roll < 0.12:
            result.append(rng.choice(vocabulary).strip('.,;:!?"“”'))  # inserted before
        if rng.random() < 0.05:
            word = word.upper() if rng.random() < 0.3 else word.swapcase()
        if rng.random() < 0.06:
            stripped = word.rstrip(".,;:")
            word = stripped + "," if stripped == word else stripped
        if word:
            result.append(word)
    return result


def _reflowed(words: list[str], rng: random.Random, width: int = 60) -> str:
    lines: list[str] = []
    line = ""
    for word in words:
        if line and len(line) + 1 + len(word) > width:
            if len(word) >= 8 and word.isalpha() and rng.random() < 0.7:
                cut = rng.randint(3, len(word) - 3)
                lines.append(f"{line} {word[:cut]}-")
                line = word[cut:]
                continue
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}" if line else word
    lines.append(line)
    return "\n".join(lines)


def _reordered(words: list[str], rng: random.Random) -> str:
    clauses: list[list[str]] = [[]]
    for word in words:
        clauses[-1].append(word)
        if word[-1] in ",;:" and len(clauses[-1]) >= 3:
            clauses.append([])
    clauses = [c for c in clauses if c]
    if len(clauses) > 1:
        rng.shuffle(clauses)
    else:  # one long clause: swap its halves
        half = len(words) // 2
        clauses = [words[half:], words[:half]]
    return " ".join(" ".join(c) for c in clauses)


def _insert(
    host: str, pieces: list[tuple[Span, str]], rng: random.Random
) -> tuple[str, tuple[tuple[Span, Span], ...]]:
    """Insert each piece after a random sentence end of ``host``; gold spans follow."""
    points = sorted({m.end() for m in _SENTENCE_END.finditer(host)} | {0})
    spots = sorted(rng.sample(points, min(len(pieces), len(points))))
    out: list[str] = []
    cases = []
    cursor = length = 0
    for spot, (source_span, text) in zip(spots, pieces, strict=False):
        out.append(host[cursor:spot])
        length += spot - cursor
        cases.append((source_span, Span(length, length + len(text))))
        out.append(text + " ")
        length += len(text) + 1
        cursor = spot
    out.append(host[cursor:])
    return "".join(out), tuple(cases)
