"""Who the analyst is, for exports that sign their notes (PDF comments, Word properties).

``VERSO_ANALYST`` names them (a shared account, or a name other than the login);
else the login name; "Verso" only when neither can be had.
"""

from __future__ import annotations

import getpass
import os

ANALYST_ENV = "VERSO_ANALYST"
FALLBACK = "Verso"


def analyst_name() -> str:
    """The analyst's name: ``$VERSO_ANALYST``, else the login name, else "Verso"."""
    named = os.environ.get(ANALYST_ENV, "").strip()
    if named:
        return named
    try:
        return getpass.getuser().strip() or FALLBACK
    except (OSError, KeyError, ImportError):  # no login name: no passwd entry, no $USER
        return FALLBACK
