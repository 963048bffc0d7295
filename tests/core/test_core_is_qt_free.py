"""The core must never import Qt: each core module is imported alone in a fresh interpreter."""

import pkgutil
import subprocess
import sys

import desktop_app.core

CORE_MODULES = sorted(
    info.name
    for info in pkgutil.walk_packages(desktop_app.core.__path__, prefix="desktop_app.core.")
)


def test_core_modules_exist() -> None:
    assert "desktop_app.core.model" in CORE_MODULES


def test_no_core_module_imports_pyside6() -> None:
    probe = (
        "import importlib, sys\n"
        "bad = []\n"
        f"for name in {CORE_MODULES!r}:\n"
        "    importlib.import_module(name)\n"
        "    if any(m == 'PySide6' or m.startswith('PySide6.') for m in sys.modules):\n"
        "        bad.append(name)\n"
        "        break\n"
        "print(','.join(bad))\n"
    )
    # One interpreter per module would be slow; instead stop at the first module
    # after which PySide6 is loaded, which names the culprit just as well.
    result = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "", f"imports PySide6: {result.stdout.strip()}"
