"""Crashes, concurrent processes and a full disk must never lose or half-write data."""

from __future__ import annotations

import os
import random
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import event

from desktop_app.core.errors import StorageError
from desktop_app.core.storage import open_database
from tests.helpers.annotations import note
from tests.helpers.databases import annotation_ids, integrity, make_database

REPO = Path(__file__).resolve().parents[3]
WRITER = [sys.executable, "-m", "tests.helpers.db_writer"]


def start_writer(path: Path, count: int, label: str, *extra: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [*WRITER, str(path), str(count), label, *extra],
        cwd=REPO,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def tag_count(path: Path) -> dict[str, int]:
    import sqlite3

    conn = sqlite3.connect(path)
    try:
        rows = conn.execute(
            "SELECT a.id, count(t.tag) FROM annotations a"
            " LEFT JOIN annotation_tags t ON t.annotation_id = a.id GROUP BY a.id"
        )
        return {row[0]: row[1] for row in rows}
    finally:
        conn.close()


KILLS = 1000


@pytest.mark.slow
@pytest.mark.timeout(900)  # ~2 min here under load; a busy CI machine may take longer
def test_a_writer_killed_at_random_points_loses_nothing_it_committed(tmp_path: Path) -> None:
    """A thousand SIGKILLs anywhere: opening, the integrity check, the daily backup, a write.

    The writers are forks of one long-lived server (``db_fork_writer``), so a round
    costs milliseconds instead of an interpreter start.
    """
    # In memory-backed /dev/shm where there is one: a SIGKILL leaves the kernel's page
    # cache intact, so fsync plays no part in what a killed process loses, and without
    # disk waits a round costs ~0.1 s.
    shm = Path("/dev/shm")
    folder = Path(tempfile.mkdtemp(dir=shm)) if shm.is_dir() else tmp_path
    path = make_database(folder / "verso.sqlite3")
    rng = random.Random(20240301)
    committed: set[str] = set()
    errors = (tmp_path / "writers.stderr").open("w")
    server = subprocess.Popen(
        [sys.executable, "-m", "tests.helpers.db_fork_writer", str(path)],
        cwd=REPO,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=errors,  # a file: a pipe nobody reads could fill and stall the writers
        text=True,
    )
    assert server.stdin is not None and server.stdout is not None
    try:
        for round_ in range(KILLS):
            server.stdin.write(f"w{round_}\n")
            server.stdin.flush()
            pid, ready = 0, False
            while not (pid and ready):  # the child may say "ready" before the server names it
                line = server.stdout.readline().strip()
                assert line, (tmp_path / "writers.stderr").read_text()
                if line.startswith("child "):
                    pid = int(line.split()[1])
                elif line == "ready":
                    ready = True
                else:
                    committed.add(line)
            ended = False  # a writer that stopped by itself: the server already reaped it
            for _ in range(rng.randint(0, 3)):
                line = server.stdout.readline().strip()
                if line.endswith(f"reaped {pid}"):
                    ended = True
                    break
                committed.add(line)
            if ended:
                continue
            time.sleep(rng.random() * 0.005)  # land the kill anywhere in the next write
            os.kill(pid, signal.SIGKILL)
            for line in iter(server.stdout.readline, ""):  # what it wrote before dying
                # A writer killed in the middle of printing an id leaves it without its
                # newline, so the server's line follows it: that id was never acknowledged.
                if line.strip().endswith(f"reaped {pid}"):
                    break
                committed.add(line.strip())
    finally:
        server.communicate(timeout=30)  # closes its stdin: the server ends
        errors.close()
    committed.discard("ready")
    assert integrity(path) == "ok"
    present = annotation_ids(path)
    assert committed <= present
    assert len(committed) > KILLS // 2  # the kills really landed among writes
    # Nothing half-written: every annotation that exists has both of its tags.
    assert set(tag_count(path).values()) == {2}
    with open_database(path) as db:
        assert db.integrity_check() == "ok"
        assert len(db.annotations.list()) == len(present)
    if folder != tmp_path:
        shutil.rmtree(folder)


@pytest.mark.slow
def test_two_processes_write_concurrently_without_lock_errors(tmp_path: Path) -> None:
    path = make_database(tmp_path / "verso.sqlite3")
    writers = [start_writer(path, 200, label, "wait") for label in ("left", "right")]
    for writer in writers:
        assert writer.stdout is not None and writer.stdin is not None
        assert writer.stdout.readline().strip() == "ready"
    for writer in writers:
        assert writer.stdin is not None
        writer.stdin.write("go\n")
        writer.stdin.flush()
    outputs = [w.communicate(timeout=240) for w in writers]
    for writer, (_out, err) in zip(writers, outputs, strict=True):
        assert writer.returncode == 0, err
        assert "locked" not in err
    reported = [set(out.split()) for out, _ in outputs]
    assert [len(ids) for ids in reported] == [200, 200]
    assert annotation_ids(path) == reported[0] | reported[1]
    with open_database(path) as db:
        left = db.annotations.list(tags=("left",))
        right = db.annotations.list(tags=("right",))
    assert (len(left), len(right)) == (200, 200)
    # The writes really interleaved (otherwise this test proves nothing).
    assert min(a.created for a in left) < max(a.created for a in right)
    assert min(a.created for a in right) < max(a.created for a in left)


def test_a_full_disk_gives_a_storage_error_and_writes_nothing_half(db_path: Path) -> None:
    with open_database(db_path) as db:
        kept = db.annotations.add(note("bad way", tags=("kept",)))
        engine = db.sessions.engine
        with engine.connect() as conn:
            pages = int(conn.exec_driver_sql("PRAGMA page_count").scalar() or 0)

        def limit(dbapi_connection: Any, record: Any) -> None:
            # SQLite itself reports SQLITE_FULL once the file would outgrow this.
            dbapi_connection.execute(f"PRAGMA max_page_count = {pages + 4}")

        event.listen(engine, "connect", limit)
        engine.dispose()  # new connections come with the limit
        added = [kept]
        with pytest.raises(StorageError, match="disk is full"):
            for _ in range(500):
                added.append(db.annotations.add(note("bad way", text="x" * 3000, tags=("a", "b"))))
        assert len(added) < 500
        assert db.integrity_check() == "ok"
        assert db.annotations.list() == added  # the failed one left no row and no tag
        assert set(tag_count(db_path).values()) <= {1, 2}
        event.remove(engine, "connect", limit)
        engine.dispose()
        after = db.annotations.add(note("conscious action", text="y" * 3000))
        assert db.annotations.get(after.id) == after
    assert integrity(db_path) == "ok"
