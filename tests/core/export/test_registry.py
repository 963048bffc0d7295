"""The one entry point: every registered format writes a file; unknown ones are refused."""

from __future__ import annotations

from pathlib import Path

import docx
import pytest

from desktop_app.core.export import FORMATS, ExportError, export, parse_w3c_json
from tests.helpers.excerpts import sample_excerpts


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


@pytest.mark.parametrize("fmt", ["md", "html", "csv", "json", "docx"])
def test_an_empty_selection_still_writes_a_valid_file(tmp_path: Path, fmt: str) -> None:
    out = tmp_path / f"empty.{fmt}"
    export([], fmt, out)
    data = out.read_bytes()
    if fmt == "md":
        assert b"0 excerpts" in data
    elif fmt == "csv":
        assert data.count(b"\r\n") == 1  # the header row only
    elif fmt == "json":
        assert parse_w3c_json(data.decode("utf-8")) == []
    elif fmt == "html":
        assert data.rstrip().endswith(b"</html>")
    else:
        assert docx.Document(str(out)).paragraphs[0].text == "Verso excerpts"
