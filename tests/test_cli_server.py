"""`--db` and `VERSO_DB` naming a PostgreSQL server: a real one, one that is not there,
and a URL holding a password (refused, never printed)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from desktop_app.core.storage import open_database
from tests.helpers.annotations import note

NOBODY_THERE = "postgresql+psycopg://verso@127.0.0.1:1/verso"  # port 1: nothing listens


def run_verso(
    cwd: Path, *args: str, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "desktop_app", *args],
        capture_output=True,
        text=True,
        cwd=cwd,
        env={**os.environ, "PYTHONPATH": str(Path.cwd()), **(env or {})},
        timeout=120,
        check=False,
    )


def test_an_unreachable_server_is_one_line_and_no_folder_is_made(tmp_path: Path) -> None:
    result = run_verso(tmp_path, "--db", NOBODY_THERE, "export", "--all", "-o", "out.md")
    assert result.returncode == 1
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("verso: Could not connect to the annotation database")
    assert "127.0.0.1" in lines[0] and "Traceback" not in result.stderr
    # The old behaviour: the URL was taken as a path and a folder "postgresql+psycopg:" made.
    assert list(tmp_path.iterdir()) == []


def test_a_password_in_the_url_is_refused_and_never_printed(tmp_path: Path) -> None:
    url = "postgresql+psycopg://ann:s3cret-pw@127.0.0.1:1/verso"
    for args, env in (
        (("--db", url, "export", "--all", "-o", "out.md"), None),
        (("export", "--all", "-o", "out.md"), {"VERSO_DB": url}),
    ):
        result = run_verso(tmp_path, *args, env=env)
        assert result.returncode == 1
        assert "s3cret-pw" not in result.stderr + result.stdout
        assert "ann:***@127.0.0.1" in result.stderr and ".pgpass" in result.stderr
    assert list(tmp_path.iterdir()) == []


def test_notes_on_a_server_are_exported_through_db_and_verso_db(
    tmp_path: Path, postgres_url: str
) -> None:
    with open_database(postgres_url) as db:
        db.annotations.add(note("decadent", text="a note kept on the server"))
    by_option = run_verso(tmp_path, "--db", postgres_url, "export", "--all", "-o", "a.md")
    assert by_option.returncode == 0, by_option.stderr
    by_env = run_verso(tmp_path, "export", "--all", "-o", "b.md", env={"VERSO_DB": postgres_url})
    assert by_env.returncode == 0, by_env.stderr
    for name in ("a.md", "b.md"):
        assert "a note kept on the server" in (tmp_path / name).read_text(encoding="utf-8")


def test_db_check_explains_it_looks_after_files_only(tmp_path: Path, postgres_url: str) -> None:
    result = run_verso(tmp_path, "--db", postgres_url, "db", "check")
    assert result.returncode == 1
    assert "PostgreSQL server" in result.stderr and "Traceback" not in result.stderr
