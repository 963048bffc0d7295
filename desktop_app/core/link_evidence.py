"""Why two passages are linked: the words they share, the words they do not, and how much
of them reads the same, in a form a reader can check against the score.

A link's score comes from the pipeline (word similarity for quotes; word and meaning
similarity for related passages). What a reader can judge is the evidence under it, so
this module recomputes that evidence from the two passages alone: shared words, rarest in
the documents first (a shared "Rammstein" says more than a shared "war"), the words only one
side uses, the share of words found on both sides and how much reads the same in order.
Where the words explain little, the link rests on meaning (sentence embeddings), and the
explanation says so.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from rapidfuzz import fuzz
from rapidfuzz.utils import default_process

from desktop_app.core.model import Link, LinkKind

_WORD = re.compile(r"\w+(?:['’]\w+)*")
# A word that makes up this share of the two documents' words (at least 3 times) says
# nothing about a link: "the", "and", and the subject both documents are about.
COMMON_SHARE = 0.01
MEANING_BELOW = 0.35  # with less of the words shared, the link rests on meaning


def words_of(text: str) -> list[str]:
    """Lower-cased words of ``text`` (letters, digits, inner apostrophes)."""
    return [w.lower() for w in _WORD.findall(text)]


@dataclass(frozen=True, slots=True)
class LinkEvidence:
    """What the two passages of a link have in common and where they differ."""

    shared: tuple[str, ...]  # words both use, rarest in the documents first
    left_only: tuple[str, ...]  # words only the left passage uses, rarest first
    right_only: tuple[str, ...]
    word_share: float  # 0..1: of the shorter passage's distinct words, found in the other
    in_order: float  # 0..100: how much of the two reads the same, in the same order
    quoted_words: int  # words inside the exact quotes the link holds (quote links: all)

    @property
    def by_meaning(self) -> bool:
        """Few shared words: the link stands on what the passages mean, not their words."""
        return self.word_share < MEANING_BELOW and self.quoted_words == 0


class Explainer:
    """Explains links between two documents; word counts are taken once per document."""

    def __init__(self, left_text: str, right_text: str, limit: int = 8) -> None:
        self.left_text, self.right_text = left_text, right_text
        self.limit = limit
        self._counts: Counter[str] | None = None
        self._common: frozenset[str] = frozenset()

    def _frequency(self) -> Counter[str]:
        if self._counts is None:
            counts = Counter(words_of(self.left_text))
            counts.update(words_of(self.right_text))
            self._counts = counts
            least = max(3.0, COMMON_SHARE * counts.total())
            self._common = frozenset(w for w, n in counts.items() if n >= least)
        return self._counts

    def explain(self, link: Link) -> LinkEvidence:
        counts = self._frequency()
        left = link.left.of(self.left_text)
        right = link.right.of(self.right_text)
        left_words, right_words = set(words_of(left)), set(words_of(right))
        shorter = min(len(left_words), len(right_words))
        both = left_words & right_words
        share = len(both) / shorter if shorter else 0.0

        def ranked(words: set[str]) -> tuple[str, ...]:
            telling = [w for w in words if w not in self._common and not w.isdigit()]
            telling.sort(key=lambda w: (counts[w], w))
            return tuple(telling[: self.limit])

        if link.kind is LinkKind.QUOTE:
            quoted = len(words_of(left))
        else:
            quoted = sum(len(words_of(q.left.of(self.left_text))) for q in link.quoted)
        return LinkEvidence(
            ranked(both),
            ranked(left_words - right_words),
            ranked(right_words - left_words),
            round(share, 2),
            round(fuzz.ratio(left, right, processor=default_process), 1),
            quoted,
        )


def describe_evidence(link: Link, evidence: LinkEvidence) -> str:
    """The evidence as a few plain lines (tooltips, the link list)."""
    kind = "Quote" if link.kind is LinkKind.QUOTE else "Related passage"
    lines = [f"{kind}, score {link.score:.0f}"]
    if link.relation is not None:
        lines[0] += f": the right passage {link.relation.value} the left one"
    if evidence.quoted_words:
        lines.append(f"Quoted word for word: {evidence.quoted_words} words")
    lines.append(
        f"Words in common: {evidence.word_share:.0%} of the shorter passage's; "
        f"reads the same in order: {evidence.in_order:.0f}%"
    )
    if evidence.shared:
        lines.append("Shared: " + ", ".join(evidence.shared))
    if evidence.left_only:
        lines.append("Only left: " + ", ".join(evidence.left_only))
    if evidence.right_only:
        lines.append("Only right: " + ", ".join(evidence.right_only))
    if evidence.by_meaning:
        lines.append("Few words in common: linked by meaning (sentence embeddings).")
    return "\n".join(lines)
