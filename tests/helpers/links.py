"""A comparison of two made-up documents and three links on them, for link-rule tests."""

from __future__ import annotations

from dataclasses import replace

from desktop_app.core.annotations import Comparison, ComparisonDocument
from desktop_app.core.model import Link, LinkKind, Span

L, R = "l" * 64, "r" * 64
TEXT = "alpha beta gamma delta epsilon zeta eta theta iota kappa lambda mu " * 4


def comparison(**changes: object) -> Comparison:
    base = Comparison.new("c", (ComparisonDocument(L), ComparisonDocument(R)))
    return replace(base, **changes)  # type: ignore[arg-type]


LINKS = (
    Link(LinkKind.QUOTE, Span(0, 10), Span(5, 15), 80.0),
    Link(LinkKind.RELATED, Span(20, 40), Span(30, 50), 40.0),
    Link(LinkKind.QUOTE, Span(60, 70), Span(60, 72), 90.0),
)
