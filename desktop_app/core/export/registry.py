"""The export formats by name and the one entry point the CLI and the GUI call."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from desktop_app.core.export.atomic import write_atomic
from desktop_app.core.export.csv_export import render_csv
from desktop_app.core.export.errors import ExportError
from desktop_app.core.export.excerpts import AnyExcerpt, ExportOptions
from desktop_app.core.export.html import render_html
from desktop_app.core.export.markdown import render_markdown
from desktop_app.core.export.w3c_json import render_w3c_json


@dataclass(frozen=True, slots=True)
class Rendered:
    """A rendered export: the file's bytes and anything the user should know."""

    data: bytes
    warnings: tuple[str, ...] = ()


Renderer = Callable[[Sequence[AnyExcerpt], ExportOptions], Rendered]


@dataclass(frozen=True, slots=True)
class Exporter:
    """One format: its file extension, a label for file dialogs and its renderer."""

    name: str
    extension: str
    label: str
    render: Renderer


def _text(render: Callable[[Sequence[AnyExcerpt], ExportOptions], str], encoding: str) -> Renderer:
    def rendered(excerpts: Sequence[AnyExcerpt], options: ExportOptions) -> Rendered:
        return Rendered(render(excerpts, options).encode(encoding))

    return rendered


# python-docx and pymupdf are imported when their format is first written, not by
# everything that names the formats (the window's menus, the command line's parser).


def _docx(excerpts: Sequence[AnyExcerpt], options: ExportOptions) -> Rendered:
    from desktop_app.core.export.docx_export import render_docx

    return Rendered(render_docx(excerpts, options))


def _pdf(excerpts: Sequence[AnyExcerpt], options: ExportOptions) -> Rendered:
    from desktop_app.core.export.pdf import annotate_pdf

    result = annotate_pdf(excerpts, options)
    return Rendered(result.data, result.warnings)


FORMATS: dict[str, Exporter] = {
    exporter.name: exporter
    for exporter in (
        Exporter("md", ".md", "Markdown report", _text(render_markdown, "utf-8")),
        Exporter("html", ".html", "HTML page", _text(render_html, "utf-8")),
        # The BOM tells spreadsheets the file is UTF-8.
        Exporter("csv", ".csv", "CSV table", _text(render_csv, "utf-8-sig")),
        Exporter("json", ".json", "W3C Web Annotations (JSON-LD)", _text(render_w3c_json, "utf-8")),
        Exporter("pdf", ".pdf", "Annotated PDF", _pdf),
        Exporter("docx", ".docx", "Word document", _docx),
    )
}


def export(
    excerpts: Sequence[AnyExcerpt],
    format: str,
    path: Path,
    options: ExportOptions | None = None,
) -> Rendered:
    """Render ``excerpts`` in ``format`` and write them atomically to ``path``.

    Returns what was written, with warnings (e.g. quotes not found in a PDF).
    Raises ``ExportError`` for an unknown format or a file that cannot be written.
    """
    exporter = FORMATS.get(format.lower().lstrip("."))
    if exporter is None:
        known = ", ".join(FORMATS)
        raise ExportError(f"Unknown export format {format!r}; choose one of {known}.")
    rendered = exporter.render(excerpts, options or ExportOptions())
    write_atomic(Path(path), rendered.data)
    return rendered
