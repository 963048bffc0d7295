"""A text file's encoding is stored with its document, so its notes anchor in the same text."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from desktop_app.core.documents import load
from desktop_app.core.documents.reopen import load_as_before
from desktop_app.core.storage import CURRENT_VERSION, inspect_database, open_database
from desktop_app.core.storage.versions import adopt_document, encodings_at
from tests.helpers.databases import make_database

KOI8_YES = "Да, конечно".encode("koi8_r")


def test_a_reopened_encoding_is_remembered_for_the_same_bytes_only(tmp_path: Path) -> None:
    path = tmp_path / "note.txt"
    path.write_bytes(KOI8_YES)
    db_path = tmp_path / "verso.sqlite3"
    detected = load(path)
    assert detected.encoding == "koi8-r"
    chosen = load(path, encoding="cp1251")  # the user reopens it with another encoding
    with open_database(db_path) as db:
        adopt_document(db, chosen)
        assert db.documents.get(chosen.sha256).encoding == "cp1251"  # type: ignore[union-attr]
    with open_database(db_path) as db:  # a later session
        remembered = encodings_at(db, path)
    assert remembered == {chosen.sha256: "cp1251"}
    again = load_as_before(load, path, remembered)
    assert again.encoding == "cp1251" and again.text == chosen.text
    assert load(path).text != chosen.text  # without the registry it would read otherwise

    unknown = load_as_before(load, path, {chosen.sha256: "no-such-codec"})
    assert unknown.encoding == "koi8-r"  # a name no longer known: detected, not refused

    path.write_bytes("Нет, спасибо".encode("koi8_r"))  # changed bytes: detected afresh
    changed = load_as_before(load, path, remembered)
    assert changed.encoding == "koi8-r" and changed.text == "Нет, спасибо"


def test_an_older_database_gains_the_encoding_column(tmp_path: Path) -> None:
    path = make_database(tmp_path / "verso.sqlite3", version=3)
    conn = sqlite3.connect(path)
    with conn:
        conn.execute(
            "INSERT INTO documents (sha256, path, title, first_seen, last_seen)"
            " VALUES ('a', '/x.txt', 'x', '2024-01-01T00:00:00+00:00', '2024-01-01T00:00:00+00:00')"
        )
    conn.close()
    with open_database(path) as db:
        record = db.documents.get("a")
        assert record is not None and record.encoding is None
        db.documents.register("a", encoding="cp866")
        assert db.documents.get("a").encoding == "cp866"  # type: ignore[union-attr]
        db.documents.register("a", title="kept")  # not given: kept
        assert db.documents.get("a").encoding == "cp866"  # type: ignore[union-attr]
    assert inspect_database(path) == CURRENT_VERSION
