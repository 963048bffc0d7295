"""Where an export goes: one file, or one annotated copy per PDF into a folder.

The CLI and the export dialog both call ``write_export``, so "several PDFs in
scope" means the same thing in both: with no PDF chosen, the output is a
folder and each PDF gets its own annotated copy (``<name>-annotated.pdf``);
choosing one PDF (``--document``) writes just that one to the given file.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path, PurePath

from desktop_app.core.cancel import Progress
from desktop_app.core.export.collect import (
    DocumentLookup,
    load_document,
    source_documents,
    with_page_ranges,
)
from desktop_app.core.export.context import with_context
from desktop_app.core.export.errors import ExportError
from desktop_app.core.export.excerpts import AnyExcerpt, ExportOptions, SourceRef, quotes_of
from desktop_app.core.export.pdf import is_pdf_quote, pdf_sources
from desktop_app.core.export.registry import FORMATS, Rendered, export
from desktop_app.core.model import Document

PDF_SUFFIX = "-annotated.pdf"
_REPORTS = frozenset({"md", "html", "docx", "csv"})  # formats that show context around quotes
TEXT_FORMATS = frozenset({"md", "html", "csv", "json"})  # these may go to standard output


@dataclass(frozen=True, slots=True)
class Written:
    """One file an export wrote, and what the user should know about it."""

    path: Path
    rendered: Rendered


def shows_context(format: str) -> bool:
    """Whether ``format`` shows sentences around each quote (``context_sentences``)."""
    return format.lower().lstrip(".") in _REPORTS


def pdf_source_refs(excerpts: Sequence[AnyExcerpt]) -> list[SourceRef]:
    """The PDF documents the excerpts quote, in order of first use."""
    refs: dict[str, SourceRef] = {}
    for excerpt in excerpts:
        for quote in quotes_of(excerpt):
            if is_pdf_quote(quote):
                refs.setdefault(quote.source.sha256, quote.source)
    return list(refs.values())


def resolve_pdf(excerpts: Sequence[AnyExcerpt], key: str) -> str:
    """The sha256 of the quoted PDF named by ``key``: its hash (or a prefix), file name or title."""
    refs = pdf_source_refs(excerpts)
    wanted = key.strip().casefold()
    for ref in refs:
        names = {ref.title.casefold(), ref.display_name.casefold()}
        if ref.path:
            names |= {PurePath(ref.path).name.casefold(), PurePath(ref.path).stem.casefold()}
        if ref.sha256 == wanted or (len(wanted) >= 6 and ref.sha256.startswith(wanted)):
            return ref.sha256
        if wanted in names - {""}:
            return ref.sha256
    known = ", ".join(ref.display_name for ref in refs) or "none"
    raise ExportError(f"No quoted PDF is called {key!r}; the PDFs in scope are: {known}.")


def annotated_name(ref: SourceRef) -> str:
    """The file name of a PDF's annotated copy: ``report.pdf`` → ``report-annotated.pdf``."""
    stem = PurePath(ref.path).stem if ref.path else ref.display_name
    return f"{stem or ref.sha256[:12]}{PDF_SUFFIX}"


def write_export(
    excerpts: Sequence[AnyExcerpt],
    format: str,
    output: Path,
    options: ExportOptions | None = None,
    *,
    pdf_document: str | None = None,
    document_for: DocumentLookup = load_document,
    progress: Progress | None = None,
) -> list[Written]:
    """Write the export atomically; a list of the files written.

    ``pdf_document`` (a key for ``resolve_pdf``) picks the PDF to annotate.
    For ``pdf`` with several PDFs in scope and none picked, ``output`` is a
    folder (made if missing) that receives one annotated copy per PDF.
    """
    progress = progress or Progress()
    name = _format_name(format)
    excerpts, options = prepare_export(excerpts, name, options, document_for, progress)
    if name != "pdf":
        progress.report(0.0, f"Writing {output.name}")
        rendered = export(excerpts, name, output, options)
        progress.report(1.0, f"Wrote {output.name}")
        return [Written(output, rendered)]
    return _write_pdfs(excerpts, output, options, pdf_document, progress)


def render_text_export(
    excerpts: Sequence[AnyExcerpt],
    format: str,
    options: ExportOptions | None = None,
    *,
    document_for: DocumentLookup = load_document,
) -> Rendered:
    """A text format's export as bytes, not written anywhere (``verso export -o -``)."""
    name = _format_name(format)
    if name not in TEXT_FORMATS:
        text = ", ".join(sorted(TEXT_FORMATS))
        raise ExportError(f"Only text formats ({text}) can go to standard output, not {name}.")
    excerpts, options = prepare_export(excerpts, name, options, document_for, Progress())
    return FORMATS[name].render(excerpts, options)


def _format_name(format: str) -> str:
    name = format.lower().lstrip(".")
    if name not in FORMATS:
        known = ", ".join(FORMATS)
        raise ExportError(f"Unknown export format {format!r}; choose one of {known}.")
    return name


def prepare_export(
    excerpts: Sequence[AnyExcerpt],
    name: str,
    options: ExportOptions | None,
    document_for: DocumentLookup,
    progress: Progress,
) -> tuple[list[AnyExcerpt], ExportOptions]:
    """The excerpts and options completed from the quoted documents, read again.

    The PDFs' geometry gives exact highlights and the page a quote ends on; the
    reports (``_REPORTS``) show whole sentences around each quote.
    """
    options = options or ExportOptions()
    reports = name in _REPORTS
    pdfs = set(pdf_sources(excerpts))
    wanted = [
        sha
        for sha in dict.fromkeys(q.source.sha256 for e in excerpts for q in quotes_of(e))
        if reports or (sha in pdfs and sha not in options.geometries)
    ]
    documents: dict[str, Document] = {}
    if wanted:
        progress.report(0.0, "Reading the quoted documents")
        documents = source_documents(excerpts, wanted, document_for=document_for)
    found = {sha: d.geometry for sha, d in documents.items() if d.geometry is not None}
    options = dataclasses.replace(options, geometries={**found, **options.geometries})
    completed = with_page_ranges(excerpts, options.geometries)
    if reports:
        completed = with_context(completed, documents, options.context_sentences)
    return completed, options


def _write_pdfs(
    excerpts: Sequence[AnyExcerpt],
    output: Path,
    options: ExportOptions,
    pdf_document: str | None,
    progress: Progress,
) -> list[Written]:
    if pdf_document is not None:
        hashes = [resolve_pdf(excerpts, pdf_document)]
    else:
        hashes = pdf_sources(excerpts)
    if not hashes:
        raise ExportError("None of the selected excerpts quotes a PDF document.")
    refs = {ref.sha256: ref for ref in pdf_source_refs(excerpts)}
    if len(hashes) == 1:
        target = output / annotated_name(refs[hashes[0]]) if output.is_dir() else output
        targets = {hashes[0]: target}
    else:
        targets = _folder_targets(output, [refs[sha] for sha in hashes])
    written: list[Written] = []
    for index, (sha, path) in enumerate(targets.items()):
        step = progress.sub(index / len(targets), (index + 1) / len(targets))
        step.report(0.0, f"Annotating {refs[sha].display_name}")
        chosen = dataclasses.replace(options, pdf_document=sha)
        written.append(Written(path, export(excerpts, "pdf", path, chosen)))
        step.report(1.0, f"Wrote {path.name}")
    return written


def _folder_targets(output: Path, refs: Sequence[SourceRef]) -> dict[str, Path]:
    if output.exists() and not output.is_dir():
        raise ExportError(
            f"The excerpts quote {len(refs)} PDF documents: give a folder to write one "
            f"annotated copy of each, or choose one PDF ({output} is a file)."
        )
    if not output.exists():
        if output.suffix.lower() == ".pdf":
            raise ExportError(
                f"The excerpts quote {len(refs)} PDF documents: give a folder to write one "
                "annotated copy of each, or choose one PDF."
            )
        try:
            output.mkdir(parents=True)
        except OSError as exc:
            raise ExportError(f"Cannot create the folder {output}: {exc.strerror or exc}.") from exc
    targets: dict[str, Path] = {}
    used: set[str] = set()
    for ref in refs:
        name = annotated_name(ref)
        if name.casefold() in used:  # two PDFs with one file name
            name = name.removesuffix(PDF_SUFFIX) + f"-{ref.sha256[:8]}{PDF_SUFFIX}"
        used.add(name.casefold())
        targets[ref.sha256] = output / name
    return targets
