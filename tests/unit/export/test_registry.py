"""The one entry point: every registered format writes a file; unknown ones are refused."""

from __future__ import annotations

from pathlib import Path

import pytest

from desktop_app.core.export import FORMATS, ExportError, export
from tests.unit.export.samples import sample_excerpts


def test_registry_has_every_format() -> None:
    assert set(FORMATS) == {"md", "html", "csv", "json", "pdf", "docx"}
    for name, exporter in FORMATS.items():
        assert exporter.name == name
        assert exporter.extension == "." + name


@pytest.mark.parametrize("fmt", ["md", "html", "csv", "json", "docx", "DOCX", ".md"])
def test_text_and_docx_formats_write_files(tmp_path: Path, fmt: str) -> None:
    out = tmp_path / f"out{fmt.lower().lstrip('.')}"
    rendered = export(sample_excerpts(), fmt, out)
    assert out.read_bytes() == rendered.data
    assert rendered.data


def test_unknown_format_is_refused_and_writes_nothing(tmp_path: Path) -> None:
    with pytest.raises(ExportError, match="choose one of md, html"):
        export(sample_excerpts(), "rtf", tmp_path / "out.rtf")
    assert list(tmp_path.iterdir()) == []
