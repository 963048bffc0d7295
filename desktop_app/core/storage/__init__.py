"""The annotation database (SQLite through SQLAlchemy): open it, then use its stores.

db = open_database(default_database_path())
db.annotations.add(annotation)

Names are imported on first use (PEP 562): SQLAlchemy costs a third of a second, and
the window shows before it opens the database, so ``from desktop_app.core.storage
import Entity`` (or a submodule without SQLAlchemy) must not bring it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from desktop_app.core.lazy import exports

if TYPE_CHECKING:
    from desktop_app.core.storage.annotation_store import AnnotationStore
    from desktop_app.core.storage.changes import Change, ChangeHub, ChangeKind, Entity
    from desktop_app.core.storage.comparison_store import ComparisonStore
    from desktop_app.core.storage.database import (
        Database,
        inspect_database,
        open_database,
        open_fresh_database_beside,
    )
    from desktop_app.core.storage.documents import DocumentRegistry
    from desktop_app.core.storage.importing import ImportBatch, ImportResult
    from desktop_app.core.storage.migrations import CURRENT_VERSION
    from desktop_app.core.storage.pair_store import PairAnnotationStore
    from desktop_app.core.storage.paths import default_database_path
    from desktop_app.core.storage.query import AnnotationQuery

_HOMES = {
    "CURRENT_VERSION": "migrations",
    "AnnotationQuery": "query",
    "AnnotationStore": "annotation_store",
    "Change": "changes",
    "ChangeHub": "changes",
    "ChangeKind": "changes",
    "ComparisonStore": "comparison_store",
    "Database": "database",
    "DocumentRegistry": "documents",
    "Entity": "changes",
    "ImportBatch": "importing",
    "ImportResult": "importing",
    "PairAnnotationStore": "pair_store",
    "default_database_path": "paths",
    "inspect_database": "database",
    "open_database": "database",
    "open_fresh_database_beside": "database",
}

__all__ = [
    "CURRENT_VERSION",
    "AnnotationQuery",
    "AnnotationStore",
    "Change",
    "ChangeHub",
    "ChangeKind",
    "ComparisonStore",
    "Database",
    "DocumentRegistry",
    "Entity",
    "ImportBatch",
    "ImportResult",
    "PairAnnotationStore",
    "default_database_path",
    "inspect_database",
    "open_database",
    "open_fresh_database_beside",
]

__getattr__ = exports(__name__, _HOMES)
