"""Every GUI test gets the reading room's fixtures (`tests/helpers/windows.py`: a real window over
real services) and the notes fixtures (`tests/helpers/notes.py`: a window with an annotation
database)."""

from __future__ import annotations

from tests.helpers.notes import database, notes_window
from tests.helpers.windows import aligner, services, window

__all__ = ["aligner", "database", "notes_window", "services", "window"]
