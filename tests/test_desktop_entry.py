"""The menu entry `verso install-desktop` writes: valid, runnable, with its icon."""

from __future__ import annotations

import shlex
import shutil
import subprocess
import sys
from pathlib import Path

from desktop_app.desktop_entry import APP_ID, ICON, install


def test_install_writes_a_valid_entry_that_runs_this_verso(tmp_path: Path) -> None:
    entry, icon = install(tmp_path)
    assert entry == tmp_path / "applications" / f"{APP_ID}.desktop"
    assert icon.read_bytes() == ICON.read_bytes()
    text = entry.read_text(encoding="utf-8")
    (exec_line,) = [line for line in text.splitlines() if line.startswith("Exec=")]
    command = shlex.split(exec_line.removeprefix("Exec="))
    assert command[-2:] == ["open", "%F"]
    assert Path(command[0]).is_file()  # this installation's verso, PATH or not
    assert f"Icon={APP_ID}" in text and "application/pdf" in text
    validate = shutil.which("desktop-file-validate")
    assert validate is not None, "scripts/setup.sh installs desktop-file-utils"
    checked = subprocess.run([validate, str(entry)], capture_output=True, text=True)
    assert checked.returncode == 0, checked.stdout + checked.stderr
    # The command the entry names really starts Verso (its version, not the window).
    version = subprocess.run(
        [*command[:-2], "--version"], capture_output=True, text=True, timeout=120
    )
    assert version.returncode == 0 and version.stdout.startswith("verso ")


def test_the_cli_installs_into_the_users_data_folder(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "desktop_app", "install-desktop"],
        capture_output=True,
        text=True,
        env={**_env(), "XDG_DATA_HOME": str(tmp_path)},
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[0] == str(tmp_path / "applications" / f"{APP_ID}.desktop")


def _env() -> dict[str, str]:
    import os

    return dict(os.environ)
