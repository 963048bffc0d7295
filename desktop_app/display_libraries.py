"""Which system libraries Qt's X11 (xcb) plugin lacks, and the Debian packages that bring them.

PySide6's wheels ship Qt but not the X11 client libraries its ``libqxcb.so`` plugin links
against. When one is missing Qt aborts with a message naming only the first, so installing
that one alone changes nothing. This module asks the dynamic linker (``ldd``) about the
plugin and every Qt library it loads, so ``scripts/setup.sh`` installs the whole set at once
and the window can say what is missing instead of aborting. Qt-free: it only reads files.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
from collections.abc import Iterable
from importlib.util import find_spec
from pathlib import Path

# Shared-object names the xcb plugin and the Qt libraries it loads link against (read with
# ``ldd`` on PySide6 6.x), and the Debian package that provides each.
DEBIAN_PACKAGE_OF = {
    "libxcb.so.1": "libxcb1",
    "libxcb-cursor.so.0": "libxcb-cursor0",
    "libxcb-glx.so.0": "libxcb-glx0",
    "libxcb-icccm.so.4": "libxcb-icccm4",
    "libxcb-image.so.0": "libxcb-image0",
    "libxcb-keysyms.so.1": "libxcb-keysyms1",
    "libxcb-randr.so.0": "libxcb-randr0",
    "libxcb-render-util.so.0": "libxcb-render-util0",
    "libxcb-render.so.0": "libxcb-render0",
    "libxcb-shape.so.0": "libxcb-shape0",
    "libxcb-shm.so.0": "libxcb-shm0",
    "libxcb-sync.so.1": "libxcb-sync1",
    "libxcb-util.so.1": "libxcb-util1",
    "libxcb-xfixes.so.0": "libxcb-xfixes0",
    "libxcb-xinerama.so.0": "libxcb-xinerama0",
    "libxcb-xinput.so.0": "libxcb-xinput0",
    "libxcb-xkb.so.1": "libxcb-xkb1",
    "libxkbcommon.so.0": "libxkbcommon0",
    "libxkbcommon-x11.so.0": "libxkbcommon-x11-0",
    "libX11.so.6": "libx11-6",
    "libX11-xcb.so.1": "libx11-xcb1",
    "libXau.so.6": "libxau6",
    "libXdmcp.so.6": "libxdmcp6",
    "libSM.so.6": "libsm6",
    "libICE.so.6": "libice6",
    "libEGL.so.1": "libegl1",
    "libGL.so.1": "libgl1",
    "libGLX.so.0": "libglx0",
    "libOpenGL.so.0": "libopengl0",
    "libGLdispatch.so.0": "libglvnd0",
    "libfontconfig.so.1": "libfontconfig1",
    "libfreetype.so.6": "libfreetype6",
    "libdbus-1.so.3": "libdbus-1-3",
    "libglib-2.0.so.0": "libglib2.0-0",
    "libgthread-2.0.so.0": "libglib2.0-0",
}

_NOT_FOUND = re.compile(r"^\s*(\S+)\s+=>\s+not found", re.MULTILINE)


def qt_directory() -> Path | None:
    """PySide6's bundled Qt folder (``…/PySide6/Qt``), found without importing Qt."""
    spec = find_spec("PySide6")
    if spec is None or not spec.submodule_search_locations:
        return None
    folder = Path(next(iter(spec.submodule_search_locations))) / "Qt"
    return folder if folder.is_dir() else None


def xcb_binaries(qt: Path) -> list[Path]:
    """The xcb platform plugin, its GL integrations and Qt's own libraries it loads."""
    candidates = [
        qt / "plugins" / "platforms" / "libqxcb.so",
        *sorted((qt / "plugins" / "xcbglintegrations").glob("*.so")),
        *sorted((qt / "lib").glob("libQt6XcbQpa.so*")),
        *sorted((qt / "lib").glob("libQt6Gui.so*")),
        *sorted((qt / "lib").glob("libQt6DBus.so*")),
    ]
    return [path for path in candidates if path.is_file() and not path.is_symlink()]


def missing_libraries(binaries: Iterable[Path], qt_lib: Path | None = None) -> list[str]:
    """Shared objects ``ldd`` cannot find for ``binaries`` (sorted, each once).

    ``qt_lib`` goes on the search path so Qt's own bundled libraries count as present.
    """
    ldd = shutil.which("ldd")
    if ldd is None:
        return []
    env = dict(os.environ)
    if qt_lib is not None:
        env["LD_LIBRARY_PATH"] = os.pathsep.join(
            part for part in (str(qt_lib), env.get("LD_LIBRARY_PATH", "")) if part
        )
    missing: set[str] = set()
    for binary in binaries:
        result = subprocess.run(
            [ldd, str(binary)], capture_output=True, text=True, env=env, check=False
        )
        missing.update(_NOT_FOUND.findall(result.stdout))
    return sorted(missing)


def debian_packages(sonames: Iterable[str]) -> list[str]:
    """Debian packages for shared-object names; an unknown name by Debian's naming rule.

    The rule: ``libfoo-bar.so.N`` is packaged as ``libfoo-barN`` (``libfoo2-N`` when the
    name ends in a digit).
    """
    packages: set[str] = set()
    for soname in sonames:
        known = DEBIAN_PACKAGE_OF.get(soname)
        if known is not None:
            packages.add(known)
            continue
        stem, _, version = soname.partition(".so.")
        stem = stem.lower()
        version = version.split(".")[0]
        joiner = "-" if stem[-1:].isdigit() else ""
        packages.add(f"{stem}{joiner}{version}")
    return sorted(packages)


def missing_for_window() -> list[str]:
    """Shared objects the X11 window still lacks here (empty off Linux or when all are present)."""
    if not sys.platform.startswith("linux"):
        return []
    qt = qt_directory()
    if qt is None:
        return []
    return missing_libraries(xcb_binaries(qt), qt / "lib")


def window_problem() -> str | None:
    """Why the window cannot open on X11 here, or None: checked before Qt would abort.

    Only when Qt will pick its xcb plugin (asked for, or no Wayland session); one ``ldd``
    call on the plugin (~15 ms) lists its whole dependency closure.
    """
    platform = os.environ.get("QT_QPA_PLATFORM", "")
    wayland = bool(os.environ.get("WAYLAND_DISPLAY"))
    wants_xcb = platform.startswith("xcb") or (not platform and not wayland)
    if not wants_xcb or not sys.platform.startswith("linux"):
        return None
    qt = qt_directory()
    if qt is None:
        return None
    missing = missing_libraries([qt / "plugins" / "platforms" / "libqxcb.so"], qt / "lib")
    return install_hint(missing) if missing else None


def install_hint(sonames: Iterable[str]) -> str:
    """One line a user can act on: what is missing and the command that installs it."""
    names = list(sonames)
    return (
        "Qt's X11 platform plugin cannot load: missing "
        + ", ".join(names)
        + ". Install them with: sudo apt install "
        + " ".join(debian_packages(names))
    )


def main(argv: list[str] | None = None) -> int:
    """``python -m desktop_app.display_libraries [--packages]``: list what the window lacks."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--packages", action="store_true", help="print Debian package names, one a line"
    )
    args = parser.parse_args(argv)
    missing = missing_for_window()
    lines = debian_packages(missing) if args.packages else missing
    for line in lines:
        print(line)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
