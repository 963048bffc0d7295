"""The freedesktop menu entry and icon, so Verso is found in the menu and in "Open with".

``verso install-desktop`` (run by ``scripts/setup.sh``) writes the entry to the user's
``$XDG_DATA_HOME/applications`` with ``Exec`` naming this installation's own ``verso``, so it
works from a virtual environment that is not on ``PATH``, and the icon to the hicolor theme.
Qt-free: it only writes files.
"""

from __future__ import annotations

import os
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

APP_ID = "org.verso.Verso"
"""The application's id: the desktop file's name, the icon's name, Qt's desktopFileName."""

RESOURCES = Path(__file__).resolve().parent / "resources" / "desktop"
ICON = RESOURCES / f"{APP_ID}.svg"
ENTRY = RESOURCES / f"{APP_ID}.desktop"


def data_home() -> Path:
    """``$XDG_DATA_HOME``, or ``~/.local/share`` as the spec says."""
    configured = os.environ.get("XDG_DATA_HOME")
    return Path(configured) if configured else Path.home() / ".local" / "share"


def verso_command() -> list[str]:
    """How to start this installation's Verso: its ``verso`` script, else the interpreter."""
    script = Path(sys.executable).with_name("verso")
    return [str(script)] if script.is_file() else [sys.executable, "-m", "desktop_app"]


def entry_text(command: list[str]) -> str:
    """The shipped desktop entry with ``Exec`` running ``command open %F``."""
    exec_line = " ".join(shlex.quote(part) for part in command) + " open %F"
    lines = [
        f"Exec={exec_line}" if line.startswith("Exec=") else line
        for line in ENTRY.read_text(encoding="utf-8").splitlines()
    ]
    return "\n".join(lines) + "\n"


def install(home: Path | None = None, command: list[str] | None = None) -> list[Path]:
    """Write the entry and the icon under ``home`` (the data home); the paths written."""
    home = home or data_home()
    entry = home / "applications" / f"{APP_ID}.desktop"
    icon = home / "icons" / "hicolor" / "scalable" / "apps" / f"{APP_ID}.svg"
    for path in (entry, icon):
        path.parent.mkdir(parents=True, exist_ok=True)
    entry.write_text(entry_text(command or verso_command()), encoding="utf-8")
    shutil.copyfile(ICON, icon)
    refresh = shutil.which("update-desktop-database")
    if refresh is not None:  # the MIME cache "Open with" reads; absent on minimal systems
        subprocess.run([refresh, str(entry.parent)], capture_output=True, check=False)
    return [entry, icon]
