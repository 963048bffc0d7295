"""Every export as a colleague opens it: LibreOffice for Word and CSV, a browser for HTML,
a PDF viewer for the annotated copy; a PNG of a page of each in docs/exports/.

Builds a throwaway database the way an analyst would fill it: the demo texts and PDFs
of ``tests/helpers/export_world.py``, plus a Russian text, a typeset report whose quote
runs over a page break, a long note, emoji, tags, and two analysts (``VERSO_ANALYST``
changed between the write sessions). Exports each format through ``write_export`` (what
``verso export`` and the dialog call), then:

- DOCX and CSV: ``soffice --headless --convert-to pdf`` (LibreOffice must be installed;
  a local look only, neither setup nor CI installs it);
- HTML: ``chromium --headless --print-to-pdf`` when a Chromium is installed, else LibreOffice;
- the annotated PDF: pages rendered by pymupdf, annotations drawn as a viewer shows them;

and renders page ``--page`` of each result to a PNG at 80 dpi. Run from the repository root:
``python scripts/export_pages.py [--out docs/exports] [--keep FOLDER]``.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import pymupdf

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from typeset import typeset  # noqa: E402

from desktop_app.core.annotations import Annotation, Colour  # noqa: E402
from desktop_app.core.documents import load  # noqa: E402
from desktop_app.core.export import ExportOptions, GroupBy  # noqa: E402
from desktop_app.core.export.collect import collect_excerpts  # noqa: E402
from desktop_app.core.export.output import write_export  # noqa: E402
from desktop_app.core.storage import open_database  # noqa: E402
from tests.helpers.export_world import build_world, target_of  # noqa: E402

FIRST_ANALYST = "Anna Petrova"
SECOND_ANALYST = "Ben Okafor"

RUSSIAN = """Сорвать планы Кремля

Кремль рассчитывает, что Запад устанет раньше Украины. Именно поэтому помощь нужна сейчас, \
а не через год. Любая пауза в поставках оборачивается потерями на фронте.

Эмигранты, по мнению автора статьи, не ведут никакой «заговорщической» деятельности. Они \
спорят, пишут и собирают деньги для беженцев. Это не подготовка покушения, а обычная \
политическая работа.
"""

LONG_NOTE = (
    "This is the passage the whole rebuttal turns on, so it is worth reading slowly. "
    "The plan asks Congress for a commitment that outlasts one budget cycle; the rebuttal "
    "reads it as a call for regime change by force.\n\n"
    "Three things to check before the memo goes out: (1) whether the Russian edition "
    "(«Сорвать планы Кремля») uses the same wording; (2) whether the word 'duty' appears "
    "in the 2023 Economist piece too; (3) who first quoted it without the comma. "
    "Until then treat the misquote as likely but unproven ⚠️."
)


def typeset_report(out: Path) -> Path:
    """The Congress plan set on A4 pages, so a paragraph runs over a page."""
    source = REPO / "data" / "congress-victory-plan-2024.txt"
    return typeset(source, out, "To claim victory in Ukraine", paragraphs=13)


def across_page_break(path: Path) -> str:
    """Words of the report that run from the foot of page 1 to the top of page 2."""
    document = load(path)
    assert document.geometry is not None
    text = document.text
    for start in range(len(text)):
        if document.geometry.page_of(start) == 1:
            break
    begin = text.rfind(" ", 0, start - 40) + 1
    end = text.find(" ", start + 40)
    return text[begin:end]


def fill(folder: Path) -> Path:
    """The database: build_world's notes by the first analyst, more by the second."""
    os.environ["VERSO_ANALYST"] = FIRST_ANALYST
    folder.mkdir(parents=True, exist_ok=True)
    world = build_world(folder)
    docs = folder / "docs"
    russian = docs / "sorvat-plany-kremlya.txt"
    russian.write_text(RUSSIAN, encoding="utf-8")
    report_path = typeset_report(docs / "victory-plan-report.pdf")
    russian_doc, report = load(russian), load(report_path)
    os.environ["VERSO_ANALYST"] = SECOND_ANALYST
    with open_database(world.db_path) as db:
        for document in (russian_doc, report):
            assert document.path is not None
            db.documents.register(document.sha256, document.path, size=len(document.text))
        db.annotations.add(
            Annotation.new(
                russian_doc.sha256,
                target_of(russian_doc, "помощь нужна сейчас"),
                colour=Colour.YELLOW,
                note="Русская версия: «сейчас», not “this year” 🇺🇦 — stronger than the English.",
                tags=("перевод", "timing"),
            )
        )
        db.annotations.add(
            Annotation.new(
                world.plan.sha256,
                target_of(world.plan, "Putin"),
                colour=Colour.BLUE,
                note=LONG_NOTE,
                tags=("claim", "to-check"),
            )
        )
        db.annotations.add(
            Annotation.new(
                report.sha256,
                target_of(report, across_page_break(report_path)),
                colour=Colour.PINK,
                note="Runs over the page break: one comment, not two. 📌",
                tags=("layout",),
            )
        )
    return world.db_path


# What a colleague picks in Calc's Text Import dialog: comma, '"', UTF-8 (76), from row 1,
# quoted fields over several lines. Headless, Calc would otherwise take the system's 8-bit
# code page and show the BOM and every Cyrillic letter as mojibake.
CSV_IMPORT = "CSV:44,34,76,1,,0,false,true,false,false,false,-1"


def convert(soffice: str, source: Path, out: Path, to: str = "pdf") -> Path:
    command = [soffice, "--headless", "--convert-to", to, "--outdir", str(out), str(source)]
    if source.suffix == ".csv":
        command.insert(2, f"--infilter={CSV_IMPORT}")
    subprocess.run(command, check=True, capture_output=True, timeout=180)
    result = out / (source.stem + "." + to.split(":")[0])
    if not result.exists():  # soffice exits 0 when a conversion fails
        raise SystemExit(f"LibreOffice did not convert {source.name} to {to}.")
    return result


def _browser() -> str | None:
    return shutil.which("chromium") or shutil.which("chromium-browser")


def browser_pdf(source: Path, out: Path) -> Path | None:
    """The page as the browser prints it (print CSS, page breaks), or None without one."""
    browser = _browser()
    if browser is None:
        return None
    target = out / (source.stem + "-browser.pdf")
    subprocess.run(
        [browser, "--headless", "--no-sandbox", "--disable-gpu", "--no-pdf-header-footer",
         f"--print-to-pdf={target}", source.as_uri()],
        check=True, capture_output=True, timeout=180,
    )  # fmt: skip
    return target


def sheet_png(soffice: str, csv_file: Path, work: Path, out: Path) -> Path | None:
    """The CSV's cells as Calc reads them (exported by Calc as an HTML table) in the browser:
    a sheet's grid, which Calc's own PDF printing spreads over a page per column."""
    browser = _browser()
    if browser is None:
        return None
    table = convert(soffice, csv_file, work, "html:HTML (StarCalc)")
    subprocess.run(
        [browser, "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars",
         "--window-size=2600,760", f"--screenshot={out}", table.as_uri()],
        check=True, capture_output=True, timeout=180,
    )  # fmt: skip
    with pymupdf.open(out) as image:  # the columns a reader reads first (note … author)
        pixmap = image[0].get_pixmap(clip=pymupdf.Rect(0, 0, 1240, 760))
    pixmap.save(out)
    return out


def png(pdf: Path, page: int, out: Path, dpi: int = 80) -> Path:
    with pymupdf.open(pdf) as document:
        number = min(page, document.page_count - 1)
        pixmap = document[number].get_pixmap(dpi=dpi, annots=True)
        pixmap.save(out)
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--out", type=Path, default=REPO / "docs" / "exports")
    parser.add_argument("--keep", type=Path, help="keep the exports and conversions here")
    parser.add_argument("--context", type=int, default=1)
    args = parser.parse_args()
    soffice = shutil.which("soffice")
    if soffice is None:
        print("LibreOffice (soffice) is not installed.", file=sys.stderr)
        return 1
    work = args.keep or Path(tempfile.mkdtemp(prefix="verso-export-pages-"))
    work.mkdir(parents=True, exist_ok=True)
    db_path = fill(work / "world")
    os.environ["VERSO_ANALYST"] = FIRST_ANALYST
    options = ExportOptions(
        title="Victory plan: notes for the memo", group_by=GroupBy.COMPARISON,
        context_sentences=args.context,
    )  # fmt: skip
    with open_database(db_path) as db:
        excerpts = collect_excerpts(db)
    exports = work / "exports"
    exports.mkdir(exist_ok=True)
    written: dict[str, Path] = {}
    for fmt in ("docx", "html", "csv", "md", "json"):
        target = exports / f"notes.{fmt}"
        write_export(excerpts, fmt, target, options)
        written[fmt] = target
    (report,) = write_export(
        excerpts, "pdf", exports / "report-annotated.pdf", options,
        pdf_document="victory-plan-report.pdf",
    )  # fmt: skip
    args.out.mkdir(parents=True, exist_ok=True)
    shots = [
        png(convert(soffice, written["docx"], work / "docx"), 0, args.out / "docx-p1.png"),
        png(work / "docx" / "notes.pdf", 99, args.out / "docx-last-page.png"),
        png(report.path, 0, args.out / "pdf-annotated-p1.png"),
        png(report.path, 1, args.out / "pdf-annotated-p2.png"),
    ]
    sheet = sheet_png(soffice, written["csv"], work / "csv", args.out / "csv-calc.png")
    if sheet is None:
        sheet = png(convert(soffice, written["csv"], work / "csv"), 0, args.out / "csv-calc.png")
    shots.append(sheet)
    html_pdf = browser_pdf(written["html"], work)
    if html_pdf is None:
        html_pdf = convert(soffice, written["html"], work / "html")
    shots.append(png(html_pdf, 0, args.out / "html-p1.png"))
    for shot in shots:
        print(shot)
    print(f"exports in {exports}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
