"""A real annotation database for export tests: demo texts, two real PDFs, notes and pairs.

Everything goes through the store API on documents loaded by the real loader,
so exports are tested on what the window and the command line would read.
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from pathlib import Path

from desktop_app.core.anchoring import make_target
from desktop_app.core.annotations import (
    Annotation,
    Colour,
    Comparison,
    ComparisonDocument,
    PairAnnotation,
    TextTarget,
)
from desktop_app.core.documents import load
from desktop_app.core.model import Document, Span
from desktop_app.core.storage import Database, open_database
from tests.helpers.factories import PdfText, make_pdf

REPO = Path(__file__).resolve().parents[2]
PLAN_FILE = REPO / "data" / "congress-victory-plan-2024.txt"
REBUTTAL_FILE = REPO / "data" / "spectator-plot-to-kill-putin-rebuttal-2024.txt"

DEMO_WORKSPACE = "Victory plan vs rebuttal"
PDF_WORKSPACE = "Memo PDFs"

PLAN_NOTE = "The plan calls violence a duty <b>not</b> an option & more."
REBUTTAL_NOTE = "Spectator's framing: émigrés plotting assassinations."
PAIR_NOTE = "Quoted without the comma: check the original."
MEMO_NOTE = "Memo: the budget line is a promise, not a plan."
ANNEX_NOTE = "Annex restates the council's promise."
DELETED_NOTE = "This note was deleted and must not be exported."

MEMO_SENTENCE = "The council promised a new bridge across the river before winter."
ANNEX_SENTENCE = "The annex repeats that the bridge will open before the winter market."


@dataclass(frozen=True)
class World:
    """The database and the documents its annotations sit on."""

    db_path: Path
    plan: Document
    rebuttal: Document
    memo: Document  # a PDF
    annex: Document  # another PDF
    demo: Comparison
    pdfs: Comparison

    def open(self) -> Database:
        return open_database(self.db_path)


def target_of(document: Document, needle: str) -> TextTarget:
    """The selectors of the first occurrence of ``needle`` (with its page for a PDF)."""
    start = document.text.index(needle)
    span = Span(start, start + len(needle))
    page = document.geometry.page_of(start) if document.geometry is not None else None
    return make_target(document.text, span, page)


def _pdf(path: Path, sentence: str, filler: str) -> Path:
    page_one = [PdfText(72, 90, filler), PdfText(72, 140, "A short heading line")]
    page_two = [PdfText(72, 90, "Second page opening words."), PdfText(72, 130, sentence)]
    return make_pdf(path, [page_one, page_two])


def build_world(folder: Path) -> World:
    """Documents copied into ``folder`` (so paths are the test's own) and a filled database."""
    docs = folder / "docs"
    docs.mkdir()
    plan_path = Path(shutil.copy(PLAN_FILE, docs / PLAN_FILE.name))
    rebuttal_path = Path(shutil.copy(REBUTTAL_FILE, docs / REBUTTAL_FILE.name))
    memo_path = _pdf(docs / "memo.pdf", MEMO_SENTENCE, "Budget memo for the council.")
    annex_path = _pdf(docs / "annex.pdf", ANNEX_SENTENCE, "Annex to the budget memo.")
    plan, rebuttal, memo, annex = (
        load(p) for p in (plan_path, rebuttal_path, memo_path, annex_path)
    )
    db_path = folder / "verso.db"
    with open_database(db_path) as db:
        for document in (plan, rebuttal, memo, annex):
            assert document.path is not None
            db.documents.register(document.sha256, document.path, size=len(document.text))
        demo = Comparison.new(
            DEMO_WORKSPACE,
            (
                ComparisonDocument(plan.sha256, plan.path, "Congress victory plan"),
                ComparisonDocument(rebuttal.sha256, rebuttal.path, "Spectator rebuttal"),
            ),
        )
        pdfs = Comparison.new(
            PDF_WORKSPACE,
            (
                ComparisonDocument(memo.sha256, memo.path, "Budget memo"),
                ComparisonDocument(annex.sha256, annex.path, "Budget annex"),
            ),
        )
        db.comparisons.save_comparison(demo)
        db.comparisons.save_comparison(pdfs)
        duty = "no longer an option, but simply a duty"
        db.annotations.add(
            Annotation.new(
                plan.sha256,
                target_of(plan, duty),
                colour=Colour.GREEN,
                note=PLAN_NOTE,
                tags=("claim", "violence"),
            )
        )
        db.annotations.add(
            Annotation.new(
                rebuttal.sha256,
                target_of(rebuttal, "these émigrés"),
                colour=Colour.PINK,
                note=REBUTTAL_NOTE,
                tags=("framing",),
            )
        )
        deleted = db.annotations.add(
            Annotation.new(plan.sha256, target_of(plan, "Putin"), note=DELETED_NOTE)
        )
        db.annotations.delete(deleted.id)
        db.pairs.add(
            PairAnnotation.new(
                plan.sha256,
                target_of(plan, duty),
                rebuttal.sha256,
                target_of(rebuttal, "no longer an option but simply a duty"),
                relation="misquotes",
                note=PAIR_NOTE,
                tags=("claim",),
                colour=Colour.ORANGE,
            )
        )
        db.annotations.add(
            Annotation.new(
                memo.sha256,
                target_of(memo, MEMO_SENTENCE),
                colour=Colour.BLUE,
                note=MEMO_NOTE,
                tags=("budget",),
            )
        )
        db.annotations.add(
            Annotation.new(
                annex.sha256,
                target_of(annex, ANNEX_SENTENCE),
                colour=Colour.YELLOW,
                note=ANNEX_NOTE,
                tags=("budget",),
            )
        )
    return World(db_path, plan, rebuttal, memo, annex, demo, pdfs)
