"""Paragraphs without a counterpart: what a link explains and what it does not."""

from __future__ import annotations

from desktop_app.core.coverage import unmatched
from desktop_app.core.documents.plaintext import document_from_text
from desktop_app.core.model import Span

TEXT = (
    "Title\n\n"
    "The first paragraph has enough words to say something of its own here.\n\n"
    "The second paragraph also has enough words to say something of its own.\n\n"
    "Short one.\n\n"
    "The third paragraph is long enough as well, and nothing links to it at all."
)


def test_paragraphs_no_link_touches_are_listed_headings_and_short_ones_not() -> None:
    document = document_from_text(TEXT)
    first = TEXT.index("The first")
    second = TEXT.index("The second")
    linked = [Span(first, first + 40), Span(second + 10, second + 14)]
    found = [span.of(TEXT) for span in unmatched(document, linked)]
    # the first is explained; the second only grazed (4 of 72 characters): unexplained
    assert found == [
        "The second paragraph also has enough words to say something of its own.",
        "The third paragraph is long enough as well, and nothing links to it at all.",
    ]
    assert unmatched(document, [Span(0, len(TEXT))]) == []
