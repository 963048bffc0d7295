"""Golden-file tests: each text format rendered from the fixed samples, compared exactly.

To regenerate after an intended change, run
``UPDATE_GOLDEN=1 .venv/bin/python -m pytest tests/core/export/test_golden.py``
and review the diff of ``tests/core/export/golden/`` before committing it.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from desktop_app.core.export import ExportOptions, GroupBy, export
from desktop_app.core.export.context import with_context
from tests.helpers.excerpts import sample_excerpts

GOLDEN = Path(__file__).parent / "golden"
UPDATE = os.environ.get("UPDATE_GOLDEN") == "1"

CASES = [
    ("md", "excerpts.md", GroupBy.COMPARISON),
    ("md", "excerpts-by-tag.md", GroupBy.TAG),
    ("html", "excerpts.html", GroupBy.COMPARISON),
    ("csv", "excerpts.csv", GroupBy.COMPARISON),
    ("json", "excerpts.json", GroupBy.COMPARISON),
]


@pytest.mark.parametrize(("fmt", "golden", "group_by"), CASES)
def test_export_matches_golden_file(
    tmp_path: Path, fmt: str, golden: str, group_by: GroupBy
) -> None:
    out = tmp_path / golden
    export(
        with_context(sample_excerpts(), {}),  # as write_export gives them, files unread
        fmt,
        out,
        ExportOptions(title="Putin’s regime: sources", group_by=group_by, author="Анна Аналитик"),
    )
    produced = out.read_bytes()
    expected_path = GOLDEN / golden
    if UPDATE:
        expected_path.write_bytes(produced)
    assert expected_path.exists(), f"missing golden file {expected_path}; run with UPDATE_GOLDEN=1"
    assert produced == expected_path.read_bytes()
