"""Who is working: the name written as a note's author and as who last changed it.

``VERSO_ANALYST`` if set (a name chosen once, e.g. in the shell profile), else the login
account's name. On a shared server this is what colleagues see in the notes list.
"""

from __future__ import annotations

import getpass
import os

ENVIRONMENT_VARIABLE = "VERSO_ANALYST"


def analyst_name() -> str:
    name = os.environ.get(ENVIRONMENT_VARIABLE, "").strip()
    if name:
        return name
    try:
        return getpass.getuser()
    except (OSError, KeyError):  # no login name (a container without a passwd entry)
        return ""
