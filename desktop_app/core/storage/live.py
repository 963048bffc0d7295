"""Changes made by others (another window, a colleague), noticed within a poll.

The window polls ``ExternalChanges.poll()`` about twice a second from a timer on its GUI
thread; it costs microseconds when nothing changed and never waits for a server:

- SQLite: ``PRAGMA data_version`` on a connection of its own changes whenever another
  connection committed; only then are the ``change_log`` rows after the last sequence
  seen read (``storage.change_log``), which say what changed (entity, kind, ids, who).
  Rows of our own writes are skipped (the change hub announced them already); if the
  log was trimmed past what we saw, one change per kind is reported and the views
  reload everything.
- PostgreSQL: every write transaction sends ``NOTIFY verso_changes`` with the change's
  descriptor (entity, kind, ids, who) and this database's own token; a connection of
  its own ``LISTEN``s on a thread of its own (``ServerListener``), which queues what
  arrives, so a server that stops answering never freezes the window. Notifications
  arrive only for committed transactions; our own are skipped. After the connection was
  lost, what others committed meanwhile is unknown: the first poll after it is back
  reports every kind changed, and the views reload.

Our own SQLite writes move ``data_version`` too; the poll after one reads the log and
finds only our rows, unless a colleague committed in between, whose rows it reports.
"""

from __future__ import annotations

import contextlib
import json
import logging
import queue
import sqlite3
import threading
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import Any

from desktop_app.core.storage import change_log
from desktop_app.core.storage.changes import Change, ChangeKind, Entity

log = logging.getLogger(__name__)

CHANNEL = "verso_changes"
LISTEN_WAKE_S = 0.5  # how often the listening thread looks up to see if it should stop
LISTEN_RETRY_S = 2.0  # wait between attempts to reach a server that went away
LISTEN_START_S = 1.0  # ``start`` waits this long for the first LISTEN, never longer
SERVER_CONNECT_TIMEOUT_S = 5
# libpq's settings for every connection to a server (the store's pool and the listener): a
# server that does not answer fails in seconds instead of hanging, and a path that silently
# drops packets (a laptop's VPN gone) is noticed in seconds, not after the kernel's ~15 min.
SERVER_CONNECTION: dict[str, Any] = {
    "connect_timeout": SERVER_CONNECT_TIMEOUT_S,
    "keepalives": 1,
    "keepalives_idle": 10,
    "keepalives_interval": 5,
    "keepalives_count": 2,
    "tcp_user_timeout": 10_000,
}
_EVERYTHING = (
    Change(Entity.ANNOTATION, ChangeKind.UPDATED, ()),
    Change(Entity.PAIR_ANNOTATION, ChangeKind.UPDATED, ()),
    Change(Entity.COMPARISON, ChangeKind.UPDATED, ()),
)


def payload(token: str, change: Change, who: str) -> str:
    """The NOTIFY text for ``change`` (PostgreSQL limits it to 8000 bytes: long id
    lists are left out, and the reader then reloads the whole kind)."""
    text = json.dumps(
        {
            "from": token,
            "entity": change.entity.value,
            "kind": change.kind.value,
            "ids": list(change.ids),
            "who": who,
        }
    )
    if len(text.encode("utf-8")) > 7900:
        text = json.dumps(
            {
                "from": token,
                "entity": change.entity.value,
                "kind": change.kind.value,
                "ids": [],
                "who": who,
            }
        )
    return text


class ExternalChanges:
    """What other connections committed since the last ``poll``."""

    def __init__(self, *, path: Path | None = None, url: str | None = None) -> None:
        self.token = uuid.uuid4().hex  # our own notifications carry it
        self._path = path
        self._url = url
        self._sqlite: sqlite3.Connection | None = None
        self._listener: ServerListener | None = None
        self._version: int | None = None  # SQLite's data_version when last polled
        self._seq: int | None = None  # the last change_log row read (SQLite)
        self._closed = False

    def _sqlite_version(self) -> int | None:
        if self._path is None:
            return None
        if self._sqlite is None:
            uri = self._path.resolve().as_uri() + "?mode=ro"
            self._sqlite = sqlite3.connect(uri, uri=True, check_same_thread=False)
        return int(self._sqlite.execute("PRAGMA data_version").fetchone()[0])

    def start(self) -> None:
        """Take the current state as seen (call once the window has loaded its notes)."""
        try:
            self._version = self._sqlite_version()
            if self._sqlite is not None:
                self._seq = change_log.latest(self._sqlite)
            if self._url is not None and self._listener is None:
                self._listener = ServerListener(self._url, self._decode)
                self._listener.started(LISTEN_START_S)
        except Exception as exc:  # a watch that cannot start must not stop the window
            log.warning("not watching the database for others' changes: %s", exc)

    def server_answers(self) -> bool:
        """Whether the server is there, from the listening thread (never waits): False
        while it cannot reach the server. A file, or a watch not started: True."""
        return self._listener is None or self._listener.listening

    def poll(self) -> list[Change]:
        """Changes committed by others since the last call ([] if none)."""
        if self._closed:
            return []
        try:
            if self._path is not None:
                return self._poll_file()
            return self._listener.take() if self._listener is not None else []
        except sqlite3.Error as exc:  # the file went away: the next poll tries again
            log.warning("could not read others' changes: %s", exc)
            return []

    def _poll_file(self) -> list[Change]:
        version = self._sqlite_version()
        if self._sqlite is None or version == self._version:
            return []
        if self._version is None or self._seq is None:  # never started: from now on
            self._version, self._seq = version, change_log.latest(self._sqlite)
            return []
        self._version = version
        logged = change_log.read_since(self._sqlite, self._seq, self.token)
        self._seq = logged.last
        return list(logged.changes) if logged.complete else list(_EVERYTHING)

    def _decode(self, text: str) -> Change | None:
        try:
            data = json.loads(text)
            if data.get("from") == self.token:
                return None
            return Change(
                Entity(data["entity"]),
                ChangeKind(data["kind"]),
                tuple(data["ids"]),
                str(data.get("who", "")),
            )
        except (ValueError, KeyError, TypeError):
            return None

    def close(self) -> None:
        self._closed = True
        if self._listener is not None:
            self._listener.close()
            self._listener = None
        if self._sqlite is not None:
            self._sqlite.close()
            self._sqlite = None


class ServerListener:
    """``LISTEN`` on a connection and thread of their own; ``take`` never blocks.

    The thread connects (retrying every ``LISTEN_RETRY_S`` while the server is away),
    listens, and queues the decoded notifications. Once a connection has been lost, the
    first one after it queues ``_EVERYTHING``: what was committed meanwhile was not heard.
    """

    def __init__(self, url: str, decode: Callable[[str], Change | None]) -> None:
        from sqlalchemy.engine import make_url

        parsed = make_url(url)
        self._params: dict[str, Any] = parsed.translate_connect_args(
            username="user", database="dbname"
        )
        self._params.update({k: v for k, v in parsed.query.items() if isinstance(v, str)})
        self._decode = decode
        self._queue: queue.SimpleQueue[Change] = queue.SimpleQueue()
        self._closing = threading.Event()
        self._listening = threading.Event()  # set while a connection listens
        self._late = threading.Event()  # the first LISTEN came after the notes were read
        self._lock = threading.Lock()  # between ``started`` and the first LISTEN
        self._thread = threading.Thread(target=self._run, name="verso-listen", daemon=True)
        self._thread.start()

    def started(self, seconds: float) -> bool:
        """Wait up to ``seconds`` for the first LISTEN. If it comes later, what was committed
        before it was not heard, so it then reports every kind changed."""
        self._listening.wait(seconds)
        with self._lock:
            if self._listening.is_set():
                return True
            self._late.set()
            return False

    @property
    def listening(self) -> bool:
        return self._listening.is_set()

    def take(self) -> list[Change]:
        """What arrived since the last call."""
        changes: list[Change] = []
        with contextlib.suppress(queue.Empty):
            while True:
                changes.append(self._queue.get_nowait())
        return changes

    def close(self) -> None:
        """Stop listening; the thread ends within ``LISTEN_WAKE_S`` (or a pending connect's
        timeout: it is a daemon, so quitting never waits for it)."""
        self._closing.set()
        self._thread.join(timeout=2 * LISTEN_WAKE_S)

    def _run(self) -> None:
        lost = False
        while not self._closing.is_set():
            try:
                self._listen(missed=lost)
            except Exception as exc:  # the server went away, or never answered
                if not lost:
                    log.warning("not hearing others' changes until the server is back: %s", exc)
                lost = True
            self._listening.clear()
            self._closing.wait(LISTEN_RETRY_S)

    def _listen(self, *, missed: bool) -> None:
        import psycopg

        with psycopg.connect(
            autocommit=True,
            application_name="verso-listen",
            **SERVER_CONNECTION,
            **self._params,
        ) as connection:
            connection.execute(f"LISTEN {CHANNEL}")
            with self._lock:
                self._listening.set()
                if missed or self._late.is_set():
                    self._late.clear()
                    for everything in _EVERYTHING:
                        self._queue.put(everything)
            while not self._closing.is_set():
                for notice in connection.notifies(timeout=LISTEN_WAKE_S):
                    change = self._decode(notice.payload)
                    if change is not None:
                        self._queue.put(change)
