"""Who is working: the name written as a note's author and as who last changed it, and the
name exports sign with (PDF comments, Word properties, W3C ``creator``).

``VERSO_ANALYST`` if set (a name chosen once, e.g. in the shell profile, or a shared
account's real owner), else the login account's name; "Verso" only when neither can be
had. On a shared server this is what colleagues see in the notes list.
"""

from __future__ import annotations

import getpass
import os

ANALYST_ENV = "VERSO_ANALYST"
ENVIRONMENT_VARIABLE = ANALYST_ENV
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
