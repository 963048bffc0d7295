"""The PostgreSQL test fixture: a machine without the server skips, a CI machine fails."""

from __future__ import annotations

from pathlib import Path

import pytest

from desktop_app.core.storage.recovery import Choice, Refused, open_or_recover
from tests.helpers import postgres


def test_missing_binaries_skip_with_the_reason(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(postgres, "postgres_bin", lambda: None)
    monkeypatch.delenv("CI", raising=False)
    with pytest.raises(pytest.skip.Exception, match="apt-get install postgresql"):
        postgres.start_cluster()


def test_missing_binaries_fail_under_ci(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(postgres, "postgres_bin", lambda: None)
    monkeypatch.setenv("CI", "true")
    with pytest.raises(pytest.fail.Exception, match="CI needs a PostgreSQL server"):
        postgres.start_cluster()


def test_the_cluster_serves_one_fresh_database_per_test(postgres_url: str) -> None:
    from sqlalchemy import create_engine, inspect

    engine = create_engine(postgres_url)
    with engine.connect() as conn:
        assert inspect(conn).get_table_names() == []
    engine.dispose()


def test_the_window_offers_only_no_notes_when_the_server_is_away(tmp_path: Path) -> None:
    asked: list[Refused] = []

    def choose(refused: Refused) -> Choice:
        asked.append(refused)
        return Choice.FRESH  # not possible for a server: nothing is made instead

    url = "postgresql+psycopg://verso@127.0.0.1:1/verso"
    assert open_or_recover(url, choose) is None
    assert len(asked) == 1 and not asked[0].local and asked[0].backup is None
    assert "Could not connect" in asked[0].message


def test_a_cluster_left_by_a_killed_session_is_stopped_by_the_next(tmp_path: Path) -> None:
    """A session killed by a timeout leaves its server running; the next one stops it."""
    import signal
    import subprocess
    import sys

    child = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "from tests.helpers.postgres import start_cluster; import time;"
            " c = start_cluster(); print(c.folder, flush=True); time.sleep(600)",
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    assert child.stdout is not None
    folder = Path(child.stdout.readline().strip())
    assert (folder / "data" / "postmaster.pid").exists()
    child.send_signal(signal.SIGKILL)
    child.wait()
    child.stdout.close()
    binaries = postgres.postgres_bin()
    assert binaries is not None
    postgres.stop_abandoned_clusters(binaries)
    assert not folder.exists()
