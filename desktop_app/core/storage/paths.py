"""Where the user's annotation database lives: the platform data dir, never the repo."""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime
from pathlib import Path

import platformdirs

DATABASE_NAME = "verso.sqlite3"


def default_database_path() -> Path:
    """``<user data dir>/Verso/verso.sqlite3`` (the folder is created when the DB is opened)."""
    return Path(platformdirs.user_data_dir("Verso", appauthor=False)) / DATABASE_NAME


def server_local_path(url: str) -> Path:
    """Where a server database's local companions live (drafts): in the user data dir, one
    name per server URL (``server-<hash>``), since there is no folder beside it."""
    digest = hashlib.sha256(url.encode("utf-8")).hexdigest()[:16]
    return default_database_path().with_name(f"server-{digest}.sqlite3")


# File systems where SQLite's locking is unreliable, so two writers can corrupt a database
# (SQLite's FAQ): network shares and user-space mounts.
NETWORK_FILESYSTEMS = frozenset(
    {"nfs", "nfs4", "cifs", "smb3", "smbfs", "afs", "9p", "fuse.sshfs", "davfs", "fuse.davfs2"}
)


def filesystem_type(path: Path, mounts: str | None = None) -> str | None:
    """The type of the file system holding ``path`` (from ``/proc/mounts`` on Linux), or
    None where that cannot be told. ``mounts``: that file's text (for tests)."""
    if mounts is None:
        try:
            mounts = Path("/proc/mounts").read_text(encoding="utf-8", errors="replace")
        except OSError:
            return None
    target = path.resolve() if path.exists() else path.parent.resolve() / path.name
    best, kind = -1, None
    for line in mounts.splitlines():
        fields = line.split()
        if len(fields) < 3:
            continue
        point = fields[1].replace("\\040", " ")
        if (target == Path(point) or Path(point) in target.parents) and len(point) > best:
            best, kind = len(point), fields[2]
    return kind


def sibling_path(path: Path, label: str) -> Path:
    """A path beside ``path`` that does not exist yet: ``name.<label>-<UTC time>[-n].sqlite3``.

    Used for migration backups and for the fresh database offered when the old
    one is damaged, so nothing the user had is ever overwritten.
    """
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    stem = path.name.split(".", 1)[0] or "verso"
    candidate = path.with_name(f"{stem}.{label}-{stamp}.sqlite3")
    counter = 1
    while candidate.exists():
        counter += 1
        candidate = path.with_name(f"{stem}.{label}-{stamp}-{counter}.sqlite3")
    return candidate
