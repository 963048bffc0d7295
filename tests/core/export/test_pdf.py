"""Annotated PDF: real highlight annotations on a copy; the original is untouched."""

from __future__ import annotations

import getpass
import hashlib
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pymupdf
import pytest

from desktop_app.core.analyst import analyst_name
from desktop_app.core.export import (
    Excerpt,
    ExportError,
    ExportOptions,
    PairExcerpt,
    Quote,
    SourceRef,
    export,
)
from desktop_app.core.export.colours import rgb_floats
from desktop_app.core.model import DocumentFormat, LinkKind, PageRect, Span

PAGE_1 = "Opening page. The winds of history are shifting toward the east."
PAGE_2 = (
    "Second page text. The days of the regime are numbered, say the authors,\n"
    "and the days of the regime are numbered again in a later line."
)
QUOTE = "The days of the regime are numbered"


def _make_pdf(path: Path) -> str:
    doc = pymupdf.open()
    for text in (PAGE_1, PAGE_2):
        page = doc.new_page()
        page.insert_textbox(pymupdf.Rect(72, 72, 520, 400), text, fontsize=11)
    doc.save(path)
    doc.close()
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _source(path: Path, sha: str) -> SourceRef:
    return SourceRef(sha256=sha, title="Test PDF", path=str(path), format=DocumentFormat.PDF)


def _highlights(path: Path) -> dict[int, list[tuple[pymupdf.Rect, Any, str]]]:
    """Per page: each highlight's quad bounds, stroke colour and popup text."""
    found: dict[int, list[tuple[pymupdf.Rect, Any, str]]] = {}
    with pymupdf.open(path) as doc:
        for page in doc:
            for annot in page.annots():
                if annot.type[1] == "Highlight":
                    xs = [x for x, _ in annot.vertices]
                    ys = [y for _, y in annot.vertices]
                    quads = pymupdf.Rect(min(xs), min(ys), max(xs), max(ys))
                    found.setdefault(page.number, []).append(
                        (quads, annot.colors["stroke"], annot.info["content"])
                    )
    return found


def _close(a: pymupdf.Rect, b: pymupdf.Rect, tol: float = 1.5) -> bool:
    corners = zip((a.x0, a.y0, a.x1, a.y1), (b.x0, b.y0, b.x1, b.y1), strict=True)
    return all(abs(x - y) <= tol for x, y in corners)


def test_highlight_on_the_quote_page_and_original_unchanged(tmp_path: Path) -> None:
    src = tmp_path / "source.pdf"
    sha = _make_pdf(src)
    before = src.read_bytes()
    excerpt = Excerpt(
        "1",
        Quote(_source(src, sha), "The winds of history are shifting", page=0),
        note="Opening <b>claim</b>",
        tags=("claim",),
        colour="#64b5f6",
    )
    out = tmp_path / "annotated.pdf"
    rendered = export([excerpt], "pdf", out)
    assert src.read_bytes() == before
    assert rendered.warnings == ()
    found = _highlights(out)
    assert list(found) == [0]
    [(rect, stroke, content)] = found[0]
    with pymupdf.open(src) as doc:
        [expected] = doc[0].search_for("The winds of history are shifting")
    assert _close(rect, expected)
    assert stroke == pytest.approx(rgb_floats("#64b5f6"), abs=0.01)
    assert "Opening <b>claim</b>" in content
    assert "Tags: claim" in content


@dataclass
class _FixedGeometry:
    """Geometry as a loader reports it: the second occurrence's rectangle on page 2."""

    rect: PageRect

    def rects(self, span: Span) -> list[PageRect]:
        return [self.rect] if span == Span(100, 135) else []

    def page_of(self, offset: int) -> int | None:
        return self.rect.page


def test_geometry_places_the_highlight_exactly(tmp_path: Path) -> None:
    src = tmp_path / "source.pdf"
    sha = _make_pdf(src)
    with pymupdf.open(src) as doc:
        hits = doc[1].search_for(QUOTE, flags=pymupdf.TEXT_PRESERVE_WHITESPACE)
    second = max(hits, key=lambda r: r.y0)  # the later line's occurrence
    geometry = _FixedGeometry(PageRect(1, second.x0, second.y0, second.x1, second.y1))
    excerpt = Excerpt("1", Quote(_source(src, sha), QUOTE, span=Span(100, 135), page=1))
    out = tmp_path / "annotated.pdf"
    export([excerpt], "pdf", out, ExportOptions(geometries={sha: geometry}))
    [(rect, _, _)] = _highlights(out)[1]
    assert _close(rect, second)


def test_search_fallback_warns_about_repeated_quotes(tmp_path: Path) -> None:
    src = tmp_path / "source.pdf"
    sha = _make_pdf(src)
    excerpt = Excerpt("1", Quote(_source(src, sha), QUOTE.lower().capitalize(), page=1))
    rendered = export([excerpt], "pdf", tmp_path / "out.pdf")
    assert any("occurs 2 times on page 2" in w for w in rendered.warnings)


def test_pair_highlights_its_pdf_side_and_names_the_other(tmp_path: Path) -> None:
    src = tmp_path / "source.pdf"
    sha = _make_pdf(src)
    other = SourceRef(sha256="f" * 64, title="Essay", format=DocumentFormat.TEXT)
    pair = PairExcerpt(
        "p",
        left=Quote(other, "history turns"),
        right=Quote(_source(src, sha), "Opening page", page=0),
        note="The rebuttal answers: no.",
        link_kind=LinkKind.RELATED,
    )
    out = tmp_path / "out.pdf"
    export([pair], "pdf", out)
    [(_, _, content)] = _highlights(out)[0]
    assert "The rebuttal answers: no." in content
    assert "Linked passage (Essay): “history turns”" in content


def test_missing_quote_is_a_warning_not_a_failure(tmp_path: Path) -> None:
    src = tmp_path / "source.pdf"
    sha = _make_pdf(src)
    excerpt = Excerpt("1", Quote(_source(src, sha), "words that are not there"))
    rendered = export([excerpt], "pdf", tmp_path / "out.pdf")
    assert any("not found" in w for w in rendered.warnings)
    assert _highlights(tmp_path / "out.pdf") == {}


def test_no_pdf_source_is_a_clear_error(tmp_path: Path) -> None:
    text_source = SourceRef(sha256="0" * 64, path=str(tmp_path / "a.txt"))
    with pytest.raises(ExportError, match="quotes a PDF"):
        export([Excerpt("1", Quote(text_source, "x"))], "pdf", tmp_path / "out.pdf")
    assert not (tmp_path / "out.pdf").exists()


def test_corrupt_pdf_is_a_clear_error(tmp_path: Path) -> None:
    src = tmp_path / "broken.pdf"
    src.write_bytes(b"%PDF-1.7\nnot really a pdf")
    sha = hashlib.sha256(src.read_bytes()).hexdigest()
    with pytest.raises(ExportError, match="damaged or not a PDF"):
        export([Excerpt("1", Quote(_source(src, sha), "x"))], "pdf", tmp_path / "out.pdf")


def test_highlights_at_the_loaders_geometry(tmp_path: Path) -> None:
    """End to end with the real PDF loader: the second occurrence, wherever its lines are."""
    from desktop_app.core.documents.loader import load

    src = tmp_path / "source.pdf"
    _make_pdf(src)
    document = load(src)
    assert document.geometry is not None
    start = document.text.lower().rindex(QUOTE.lower())
    span = Span(start, start + len(QUOTE))
    page = document.geometry.page_of(start)
    source = SourceRef(document.sha256, "Test PDF", str(src), format=DocumentFormat.PDF)
    quote = Quote(source, span.of(document.text), span=span, page=page)
    out = tmp_path / "annotated.pdf"
    rendered = export(
        [Excerpt("1", quote, note="second")],
        "pdf",
        out,
        ExportOptions(geometries={document.sha256: document.geometry}),
    )
    assert rendered.warnings == ()
    expected = document.geometry.rects(span)
    assert {r.page for r in expected} == {1}
    [(rect, _, content)] = _highlights(out)[1]
    union = pymupdf.Rect(
        min(r.x0 for r in expected),
        min(r.y0 for r in expected),
        max(r.x1 for r in expected),
        max(r.y1 for r in expected),
    )
    assert _close(rect, union)
    assert content == "second"


def _annot_info(path: Path) -> list[dict[str, str]]:
    opened: Any = pymupdf.open  # untyped in pymupdf
    with opened(path) as doc:
        return [dict(annot.info) for page in doc for annot in page.annots()]


def test_comments_are_signed_dated_and_named_by_their_verso_id(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Author from VERSO_ANALYST, the note's own dates, /NM = the annotation id: a second
    export of the same notes can be matched to the first comment by comment."""
    src = tmp_path / "source.pdf"
    sha = _make_pdf(src)
    created = datetime(2024, 3, 1, 9, 30, 5, tzinfo=UTC)
    modified = datetime(2024, 3, 2, 14, 0, 0, tzinfo=timezone(timedelta(hours=3)))
    excerpts = [
        Excerpt("0b6f0c1e-note-one", Quote(_source(src, sha), "The winds of history", page=0),
                note="first", created=created, modified=modified),
        Excerpt("7d1e2f3a-note-two", Quote(_source(src, sha), "Second page text", page=1),
                note="second", created=created, modified=created),
    ]  # fmt: skip
    monkeypatch.setenv("VERSO_ANALYST", "Maria Ivanova")
    first = tmp_path / "first.pdf"
    export(excerpts, "pdf", first)
    infos = _annot_info(first)
    assert [i["id"] for i in infos] == ["0b6f0c1e-note-one", "7d1e2f3a-note-two"]
    assert {i["title"] for i in infos} == {"Maria Ivanova"}
    assert infos[0]["creationDate"] == "D:20240301093005Z"
    assert infos[0]["modDate"] == "D:20240302110000Z"  # 14:00 at UTC+3, in UTC
    second = tmp_path / "second.pdf"
    export(excerpts[::-1], "pdf", second)
    again = {i["id"]: i for i in _annot_info(second)}
    assert {i["id"]: i for i in infos} == again  # the same comments, whatever the order


def test_the_analyst_is_the_login_name_unless_named(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("VERSO_ANALYST", raising=False)
    assert analyst_name() == getpass.getuser()
    monkeypatch.setenv("VERSO_ANALYST", "  Олег Петров ")
    assert analyst_name() == "Олег Петров"
    monkeypatch.setenv("VERSO_ANALYST", "")
    assert analyst_name() == getpass.getuser()


def test_the_comment_author_is_the_notes_author(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("VERSO_ANALYST", "Boris")
    src = tmp_path / "source.pdf"
    sha = _make_pdf(src)
    quote = Quote(_source(src, sha), "The winds of history are shifting", page=0)
    out = tmp_path / "annotated.pdf"
    export([Excerpt("1", quote, note="n", author="Anna"), Excerpt("2", quote)], "pdf", out)
    with pymupdf.open(out) as doc:
        titles = sorted(annot.info["title"] for annot in doc[0].annots())
    assert titles == ["Anna", "Boris"]  # a note of unknown author: signed by who exports it
