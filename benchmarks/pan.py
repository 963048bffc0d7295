"""PAN text-alignment measures (Potthast et al., 2010): precision, recall, granularity, plagdet.

A case (gold) and a detection are each a pair of character spans: one in the
source document, one in the suspicious document, within one document pair.
A detection *detects* a case if it overlaps it in both documents. Precision
and recall are macro-averaged over detections and cases: the share of each
detection's characters (both documents counted) that lie in cases it detects,
and the share of each case's characters covered by detections that detect it.
Granularity is the mean number of detections per detected case; plagdet is
F1 / log2(1 + granularity).

``share_in_cases`` (a detection's characters inside the cases it detects) is the per-detection
term of precision; ``is_right`` turns it into the yes/no that score calibration counts.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Hashable, Iterable, Sequence
from dataclasses import dataclass

from desktop_app.core.model import Span


@dataclass(frozen=True, slots=True)
class Pair:
    """Spans in the source and the suspicious document of one document pair."""

    key: Hashable  # which document pair the spans belong to
    source: Span
    suspicious: Span

    def detects(self, other: Pair) -> bool:
        return (
            self.key == other.key
            and self.source.overlaps(other.source)
            and self.suspicious.overlaps(other.suspicious)
        )

    def __len__(self) -> int:
        return len(self.source) + len(self.suspicious)


@dataclass(frozen=True, slots=True)
class Measures:
    precision: float
    recall: float
    granularity: float
    plagdet: float
    cases: int
    detections: int


def union_length(spans: Iterable[Span]) -> int:
    """Characters covered by the union of ``spans``."""
    total, end = 0, -1
    for span in sorted(spans):
        if span.end <= end:
            continue
        total += span.end - max(span.start, end)
        end = span.end
    return total


def _clip(span: Span, within: Span) -> Span:
    """The part of ``span`` inside ``within`` (empty if they do not meet)."""
    start = max(span.start, within.start)
    return Span(start, max(start, min(span.end, within.end)))


def _covered(target: Pair, others: Iterable[Pair]) -> int:
    """Characters of ``target`` (both documents) inside the ``others`` that overlap it."""
    others = list(others)
    source = union_length(_clip(o.source, target.source) for o in others)
    suspicious = union_length(_clip(o.suspicious, target.suspicious) for o in others)
    return source + suspicious


def share_in_cases(detection: Pair, cases: Iterable[Pair]) -> float:
    """The share of ``detection``'s characters (both documents) inside the ``cases`` it
    detects (overlaps on both sides): its term of PAN precision."""
    if not len(detection):
        return 0.0
    hits = [c for c in cases if c.detects(detection)]
    return _covered(detection, hits) / len(detection)


RIGHT_SHARE = 0.5


def is_right(detection: Pair, cases: Iterable[Pair]) -> bool:
    """A link is right when at least half of its characters (both sides counted) lie in
    true cases it overlaps on both sides: a passage aligned one verse off, or a quote
    that joins a true passage to an unrelated one, is wrong."""
    return share_in_cases(detection, cases) >= RIGHT_SHARE


def measure(cases: Sequence[Pair], detections: Sequence[Pair]) -> Measures:
    """PAN measures of ``detections`` against ``cases`` (both over all document pairs)."""
    by_key: dict[Hashable, list[Pair]] = defaultdict(list)
    for detection in detections:
        by_key[detection.key].append(detection)
    cases_by_key: dict[Hashable, list[Pair]] = defaultdict(list)
    for case in cases:
        cases_by_key[case.key].append(case)

    recall_sum = 0.0
    detected_cases = 0
    detections_per_detected = 0
    for case in cases:
        hits = [d for d in by_key[case.key] if d.detects(case)]
        if hits:
            detected_cases += 1
            detections_per_detected += len(hits)
        recall_sum += _covered(case, hits) / len(case) if len(case) else 0.0
    precision_sum = 0.0
    for detection in detections:
        precision_sum += share_in_cases(detection, cases_by_key[detection.key])

    precision = precision_sum / len(detections) if detections else 0.0
    recall = recall_sum / len(cases) if cases else 0.0
    granularity = detections_per_detected / detected_cases if detected_cases else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    plagdet = f1 / math.log2(1 + granularity)
    return Measures(precision, recall, granularity, plagdet, len(cases), len(detections))
