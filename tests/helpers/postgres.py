"""A throwaway PostgreSQL cluster for the tests, from Debian's ``postgresql`` binaries.

One cluster per test session (``initdb`` takes a few seconds), one fresh database per
test (``CREATE DATABASE`` takes milliseconds). The server listens only on a Unix socket
in a temporary folder, trusts local connections and runs with ``fsync=off``: it holds
test data and dies with the session. ``initdb`` refuses to run as root, so as root the
cluster is made and run by the ``postgres`` system user.

Without the binaries the PostgreSQL half of the tests is skipped with the reason; with
``CI=true`` it fails instead, so a CI machine that lost its server cannot pass quietly.
"""

from __future__ import annotations

import os
import pwd
import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from itertools import count
from pathlib import Path

import pytest

SUPERUSER = "postgres"
_names = count(1)


def postgres_bin() -> Path | None:
    """The newest installed ``/usr/lib/postgresql/<version>/bin`` holding initdb and pg_ctl."""
    found = [
        folder
        for folder in Path("/usr/lib/postgresql").glob("*/bin")
        if (folder / "initdb").is_file() and (folder / "pg_ctl").is_file()
    ]
    if not found:
        return None
    return max(found, key=lambda p: int(p.parent.name) if p.parent.name.isdigit() else 0)


def _as_server_user() -> list[str]:
    """The prefix that runs a command as the cluster's owner (``postgres`` when we are root)."""
    if os.geteuid() != 0:
        return []
    return ["runuser", "-u", "postgres", "--"]


class Cluster:
    """A running cluster in ``folder``; ``url(name)`` is an SQLAlchemy URL for database ``name``."""

    def __init__(self, binaries: Path, folder: Path) -> None:
        self.binaries = binaries
        self.folder = folder
        self.data = folder / "data"
        self.socket_dir = folder  # short path: a Unix socket path is limited to 107 bytes
        self._run(
            "initdb",
            "-D",
            str(self.data),
            "-U",
            SUPERUSER,
            "--auth=trust",
            "-E",
            "UTF8",
            "--locale=C.UTF-8",
            "--no-sync",
        )
        self.resume()

    def resume(self) -> None:
        """Start the server (again, after ``pause``)."""
        options = f"-k {self.socket_dir} -c listen_addresses='' -F -c max_connections=200"
        self._run(
            "pg_ctl",
            "-D",
            str(self.data),
            "-o",
            options,
            "-l",
            str(self.folder / "server.log"),
            "-w",
            "start",
        )

    def pause(self) -> None:
        """Stop the server, keeping its data: a server that went away."""
        self._run("pg_ctl", "-D", str(self.data), "-m", "immediate", "-w", "stop")

    def _run(self, tool: str, *args: str) -> None:
        command = [*_as_server_user(), str(self.binaries / tool), *args]
        done = subprocess.run(command, capture_output=True, text=True, timeout=120)
        if done.returncode != 0:
            raise RuntimeError(f"{tool} failed: {done.stderr.strip() or done.stdout.strip()}")

    def url(self, database: str) -> str:
        return f"postgresql+psycopg://{SUPERUSER}@/{database}?host={self.socket_dir}"

    def create_database(self) -> str:
        """A new empty database; its SQLAlchemy URL."""
        import psycopg

        name = f"verso_test_{os.getpid()}_{next(_names)}"
        with psycopg.connect(
            host=str(self.socket_dir), user=SUPERUSER, dbname="postgres", autocommit=True
        ) as conn:
            conn.execute(f'CREATE DATABASE "{name}"')
        return self.url(name)

    def drop_database(self, url: str) -> None:
        import psycopg

        name = url.rsplit("/", 1)[1].split("?", 1)[0]
        with psycopg.connect(
            host=str(self.socket_dir), user=SUPERUSER, dbname="postgres", autocommit=True
        ) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

    def stop(self) -> None:
        try:
            self._run("pg_ctl", "-D", str(self.data), "-m", "immediate", "-w", "stop")
        finally:
            shutil.rmtree(self.folder, ignore_errors=True)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def stop_abandoned_clusters(binaries: Path) -> None:
    """Stop the clusters of earlier test sessions that were killed before their teardown
    (a timeout's SIGKILL): each folder names the pytest process that owns it."""
    for folder in Path(tempfile.gettempdir()).glob("verso-pg-*"):
        owner = folder / "owner.pid"
        try:
            pid = int(owner.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            continue
        if _alive(pid):
            continue
        if (folder / "data" / "postmaster.pid").exists():
            command = [*_as_server_user(), str(binaries / "pg_ctl"), "-D", str(folder / "data")]
            subprocess.run(
                [*command, "-m", "immediate", "-w", "stop"],
                capture_output=True,
                timeout=60,
                check=False,
            )
        shutil.rmtree(folder, ignore_errors=True)


def start_cluster() -> Cluster:
    """A new cluster, or a skip (a failure under ``CI=true``) naming what is missing."""
    binaries = postgres_bin()
    missing = None
    if binaries is None:
        missing = "PostgreSQL server binaries not found (apt-get install postgresql)"
    else:
        try:
            import psycopg  # noqa: F401
        except ImportError:
            missing = "the psycopg driver is not installed (pip install 'psycopg[binary]')"
    if missing is not None or binaries is None:
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(f"CI needs a PostgreSQL server for the tests: {missing}", pytrace=False)
        pytest.skip(missing or "no PostgreSQL")
    stop_abandoned_clusters(binaries)
    folder = Path(tempfile.mkdtemp(prefix="verso-pg-"))
    (folder / "owner.pid").write_text(str(os.getpid()), encoding="utf-8")
    if os.geteuid() == 0:
        owner = pwd.getpwnam("postgres")
        os.chown(folder, owner.pw_uid, owner.pw_gid)
    try:
        return Cluster(binaries, folder)
    except BaseException:
        shutil.rmtree(folder, ignore_errors=True)
        raise


@pytest.fixture(scope="session")
def postgres_cluster() -> Iterator[Cluster]:
    cluster = start_cluster()
    yield cluster
    cluster.stop()


@pytest.fixture
def postgres_url(postgres_cluster: Cluster) -> Iterator[str]:
    """The URL of a fresh, empty database on the session's cluster, dropped afterwards."""
    url = postgres_cluster.create_database()
    yield url
    postgres_cluster.drop_database(url)
