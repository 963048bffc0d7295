"""The real window on a real X server: what the first README command does on a fresh machine.

Every other GUI test runs on Qt's offscreen platform, which needs none of the X11 libraries
the xcb plugin links against, so a machine missing them passed every test while `verso`
aborted at start. Here Xvfb is the screen, Verso starts as a user starts it (a process, the
xcb platform, the demo pair) and another process takes a screenshot of the screen.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from desktop_app.display_libraries import missing_for_window

GRAB = """
import sys
from PySide6.QtGui import QGuiApplication
app = QGuiApplication(sys.argv[:1])
image = app.primaryScreen().grabWindow(0).toImage()
image.save(sys.argv[1])
step = 8
colours = {image.pixel(x, y) for x in range(0, image.width(), step)
           for y in range(0, image.height(), step)}
print(len(colours))
"""


@pytest.fixture
def x_display(tmp_path: Path) -> Iterator[str]:
    """A fresh Xvfb server; its display name (``:N``, chosen by the server)."""
    xvfb = shutil.which("Xvfb")
    assert xvfb is not None, "Xvfb is missing: scripts/setup.sh installs it (package xvfb)"
    read_fd, write_fd = os.pipe()
    with (tmp_path / "xvfb.log").open("w") as server_log:
        server = subprocess.Popen(
            [xvfb, "-displayfd", str(write_fd), "-screen", "0", "1280x800x24", "-nolisten", "tcp"],
            pass_fds=(write_fd,),
            stdout=subprocess.DEVNULL,
            stderr=server_log,
        )
    os.close(write_fd)
    with os.fdopen(read_fd) as pipe:
        number = pipe.readline().strip()
    assert number, (tmp_path / "xvfb.log").read_text()
    try:
        yield f":{number}"
    finally:
        server.terminate()
        server.wait(timeout=10)


def _xcb_env(display: str, home: Path) -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        QT_QPA_PLATFORM="xcb",
        DISPLAY=display,
        HOME=str(home),
        XDG_CONFIG_HOME=str(home / "config"),
        XDG_DATA_HOME=str(home / "data"),
        XDG_CACHE_HOME=str(home / "cache"),
    )
    env.pop("WAYLAND_DISPLAY", None)
    return env


def test_the_window_opens_on_x11_with_the_demo_pair(x_display: str, tmp_path: Path) -> None:
    assert missing_for_window() == [], "scripts/setup.sh leaves X11 libraries missing"
    env = _xcb_env(x_display, tmp_path)
    log = tmp_path / "verso.log"
    with log.open("w") as log_file:
        verso = subprocess.Popen(
            [sys.executable, "-m", "desktop_app", "--db", str(tmp_path / "notes.db")],
            env=env,
            stdout=log_file,
            stderr=subprocess.STDOUT,
        )
    screenshot = tmp_path / "verso-xcb.png"
    colours = 0
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and verso.poll() is None:
            time.sleep(1.0)
            grab = subprocess.run(
                [sys.executable, "-c", GRAB, str(screenshot)],
                env=env,
                capture_output=True,
                text=True,
                timeout=60,
                check=True,
            )
            colours = int(grab.stdout.split()[-1])
            # An empty X screen is one colour; the reading room with its text, ribbons and
            # toolbar is hundreds.
            if colours > 100:
                break
        assert verso.poll() is None, f"Verso exited: {log.read_text(errors='replace')}"
        assert colours > 100, f"the screen stayed blank ({colours} colours)"
    finally:
        verso.terminate()
        code = verso.wait(timeout=30)
    keep = os.environ.get("VERSO_SCREENSHOT_DIR")
    if keep:
        shutil.copy(screenshot, Path(keep) / screenshot.name)
    output = log.read_text(errors="replace")
    assert "could not load the Qt platform plugin" not in output.lower()
    assert code in (0, -15), output
