"""Changes made by others (another window, a colleague), noticed within a poll.

The window polls ``ExternalChanges.poll()`` about twice a second on its own thread of
control (a timer); it costs microseconds when nothing changed and never blocks:

- SQLite: ``PRAGMA data_version`` on a connection of its own changes whenever another
  connection committed; only then are the ``change_log`` rows after the last sequence
  seen read (``storage.change_log``), which say what changed (entity, kind, ids, who).
  Rows of our own writes are skipped (the change hub announced them already); if the
  log was trimmed past what we saw, one change per kind is reported and the views
  reload everything.
- PostgreSQL: every write transaction sends ``NOTIFY verso_changes`` with the change's
  descriptor (entity, kind, ids, who) and this database's own token; a connection of
  its own ``LISTEN``s. Notifications arrive only for committed transactions; our own
  are skipped.

Our own SQLite writes move ``data_version`` too; the poll after one reads the log and
finds only our rows, unless a colleague committed in between, whose rows it reports.
"""

from __future__ import annotations

import contextlib
import json
import logging
import sqlite3
import uuid
from pathlib import Path
from typing import Any

from desktop_app.core.storage import change_log
from desktop_app.core.storage.changes import Change, ChangeKind, Entity

log = logging.getLogger(__name__)

CHANNEL = "verso_changes"
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
        self._listener: Any = None
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

    def _listen(self) -> Any:
        if self._listener is None and self._url is not None:
            import psycopg
            from sqlalchemy.engine import make_url

            url = make_url(self._url)
            params = url.translate_connect_args(username="user", database="dbname")
            params.update({k: v for k, v in url.query.items() if isinstance(v, str)})
            self._listener = psycopg.connect(autocommit=True, connect_timeout=5, **params)
            self._listener.execute(f"LISTEN {CHANNEL}")
        return self._listener

    def start(self) -> None:
        """Take the current state as seen (call once the window has loaded its notes)."""
        try:
            self._version = self._sqlite_version()
            if self._sqlite is not None:
                self._seq = change_log.latest(self._sqlite)
            if self._url is not None:
                self._listen()
                self.poll()
        except Exception as exc:  # a watch that cannot start must not stop the window
            log.warning("not watching the database for others' changes: %s", exc)

    def poll(self) -> list[Change]:
        """Changes committed by others since the last call ([] if none)."""
        if self._closed:
            return []
        try:
            if self._path is not None:
                return self._poll_file()
            listener = self._listen()
            if listener is None:
                return []
            changes = []
            for notice in listener.notifies(timeout=0):
                change = self._decode(notice.payload)
                if change is not None:
                    changes.append(change)
            return changes
        except Exception as exc:  # the server went away: the next poll tries again
            log.warning("could not read others' changes: %s", exc)
            self._drop_listener()
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

    def _drop_listener(self) -> None:
        if self._listener is not None:
            with contextlib.suppress(Exception):  # closing a broken connection
                self._listener.close()
            self._listener = None

    def close(self) -> None:
        self._closed = True
        self._drop_listener()
        if self._sqlite is not None:
            self._sqlite.close()
            self._sqlite = None
