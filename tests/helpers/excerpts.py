"""A fixed set of excerpts that exercises every escaping rule the exporters have.

Golden files are rendered from exactly these values: change them only together
with ``UPDATE_GOLDEN=1`` (see test_golden.py).
"""

from __future__ import annotations

from datetime import UTC, datetime

from desktop_app.core.export import Excerpt, PairExcerpt, Quote, SourceRef
from desktop_app.core.model import DocumentFormat, LinkKind, Span

SHA_KASPAROV = "a" * 64
SHA_ECONOMIST = "b" * 64
SHA_RUSSIAN = "c" * 64

KASPAROV = SourceRef(
    sha256=SHA_KASPAROV,
    title="Kasparov & Khodorkovsky, Foreign Affairs (2023)",
    path="/data/kasparov-khodorkovsky-foreign-affairs-2023.pdf",
    url="https://www.foreignaffairs.com/russia/putin-regime-numbered?ref=a&b=1",
    format=DocumentFormat.PDF,
)
ECONOMIST = SourceRef(
    sha256=SHA_ECONOMIST,
    title="Khodorkovsky, The Economist",
    path="/data/khodorkovsky-economist-2023.md",
    url="javascript:alert(document.cookie)",
    format=DocumentFormat.MARKDOWN,
)
RUSSIAN = SourceRef(sha256=SHA_RUSSIAN, path="/data/договор-2023.txt")

COMPARISON = "Foreign Affairs vs The Economist"


def sample_excerpts() -> list[Excerpt | PairExcerpt]:
    """Five excerpts: scripts, formulas, Cyrillic, emoji, a javascript: URL, > lines."""
    return [
        Excerpt(
            id="ann-1",
            quote=Quote(
                source=KASPAROV,
                exact="The days of Russian President Vladimir Putin’s regime are numbered.",
                prefix="",
                suffix=" The winds of history are shifting",
                span=Span(0, 68),
                page=0,
            ),
            note="Strong opening claim.\n<script>alert(1)</script>\nSee https://example.org/a?x=1&y=2.",
            tags=("claim", "regime"),
            colour="yellow",
            comparison=COMPARISON,
            created=datetime(2024, 3, 1, 9, 30, tzinfo=UTC),
            modified=datetime(2024, 3, 2, 10, 0, tzinfo=UTC),
            author="Anna <a&b>",  # the note's author, escaped like any text
        ),
        Excerpt(
            id="ann-2",
            quote=Quote(
                source=ECONOMIST,
                exact="> Jun 26th 2023\n> quoted line\nYEVGENY PRIGOZHIN’S attempted coup",
                prefix="by democrats—to transform the country ",
                suffix=" was, despite its failure",
                span=Span(410, 472),
            ),
            note="=SUM(A1)",
            tags=("-formula", "@mention"),
            colour="#81C784",
            comparison=COMPARISON,
            created=datetime(2024, 3, 1, 9, 45, tzinfo=UTC),
        ),
        PairExcerpt(
            id="pair-1",
            left=Quote(
                source=KASPAROV,
                exact="Putin’s aggression indicate that 2023 will be decisive",
                prefix="in the face of ",
                suffix=", write Harry Kasparov",
                span=Span(300, 354),
                page=1,
            ),
            right=Quote(
                source=ECONOMIST,
                exact="a seismic moment for Russia, laying bare President Vladmir Putin’s "
                "vulnerability",
                prefix="despite its failure, ",
                suffix=". As the mutiny unfolded",
                span=Span(500, 579),
            ),
            note="The rebuttal answers: the regime is weak 🎉\n# not a heading\n1. not a list",
            tags=("rebuttal",),
            colour="#64b5f6",
            comparison=COMPARISON,
            created=datetime(2024, 3, 3, 8, 0, tzinfo=UTC),
            relation="rebuts",
            link_kind=LinkKind.QUOTE,
            score=92.5,
        ),
        PairExcerpt(
            id="pair/2 ü",
            left=Quote(
                source=RUSSIAN, exact="Стороны договорились о сроках поставки 👍", span=Span(10, 50)
            ),
            right=Quote(source=KASPAROV, exact="The parties agreed | *on* delivery_dates", page=2),
            note="Перевод близок; tab\there",
            colour="red;background:url(https://evil.example/x.png)",
            link_kind=LinkKind.RELATED,
            author="=Борис",  # a formula start: the CSV cell must stay text
        ),
        Excerpt(
            id="ann-3",
            quote=Quote(source=RUSSIAN, exact="+7 (495) 123-45-67 — телефон"),
        ),
    ]
