"""The annotation database (SQLite through SQLAlchemy): open it, then use its stores.

db = open_database(default_database_path())
db.annotations.add(annotation)
"""

from desktop_app.core.storage.annotation_store import AnnotationQuery, AnnotationStore
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
