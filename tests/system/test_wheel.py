"""The wheel a user installs: built from the sources alone, installed in a fresh venv, run.

Tests run against the editable install, which reads every file from the source tree,
so a resource missing from the package data (the tokenizer, the demo texts, the
desktop entry) or a dependency missing from ``pyproject.toml`` would pass them all and
break only for users. Here the sources are copied (nothing stray from the checkout),
built with ``pip wheel`` under the declared ``[build-system]``, installed with their
dependencies (from the package index and pip's cache) into a new venv, and the
installed ``verso`` is run from another directory without ``PYTHONPATH``.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from desktop_app import __version__

REPO = Path(__file__).resolve().parents[2]
SOURCES = ("pyproject.toml", "README.md", "LICENSE", "desktop_app")
PASSAGE = "The council promised a new bridge across the river before winter."

pytestmark = [pytest.mark.slow, pytest.mark.timeout(1200)]


def _run(args: list[str | Path], cwd: Path, timeout: float) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV")}
    env["HOME"] = str(cwd)  # settings, caches and the database stay in the test's folder
    env["XDG_DATA_HOME"] = str(cwd / "data-home")
    return subprocess.run(
        [str(a) for a in args],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )


def _source_files() -> set[str]:
    """Every file of the package in the checkout, as wheel member names."""
    root = REPO / "desktop_app"
    return {
        path.relative_to(REPO).as_posix()
        for path in root.rglob("*")
        if path.is_file() and "__pycache__" not in path.parts and path.suffix != ".pyc"
    }


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    work = tmp_path_factory.mktemp("wheel")
    tree = work / "src"
    tree.mkdir()
    for name in SOURCES:
        source = REPO / name
        if source.is_dir():
            shutil.copytree(source, tree / name, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy2(source, tree / name)
    dist = work / "dist"
    built = _run([sys.executable, "-m", "pip", "wheel", "--no-deps", "-w", dist, tree], work, 600)
    assert built.returncode == 0, built.stdout + built.stderr
    [found] = dist.glob("verso-*.whl")
    return found


def test_the_wheel_holds_every_package_file_and_both_entry_points(wheel: Path) -> None:
    with zipfile.ZipFile(wheel) as archive:
        names = set(archive.namelist())
        entry_points = archive.read(f"verso-{__version__}.dist-info/entry_points.txt").decode()
    missing = _source_files() - names
    assert not missing, f"not in the wheel: {sorted(missing)}"
    for data in (
        "desktop_app/resources/models/all-MiniLM-L6-v2/tokenizer.json",
        "desktop_app/resources/desktop/org.verso.Verso.desktop",
        "desktop_app/resources/language/russian-sample.txt",
        "desktop_app/data/congress-victory-plan-2024.txt",
    ):
        assert data in names
    assert "verso = desktop_app.cli:main" in entry_points
    assert "verso-gui = desktop_app.cli:main_gui" in entry_points
    assert f"verso-{__version__}.dist-info/licenses/LICENSE" in names


def test_verso_runs_from_the_wheel_in_a_fresh_venv(wheel: Path, tmp_path: Path) -> None:
    venv = tmp_path / "venv"
    made = _run([sys.executable, "-m", "venv", venv], tmp_path, 300)
    assert made.returncode == 0, made.stderr
    python, verso = venv / "bin" / "python", venv / "bin" / "verso"
    installed = _run([python, "-m", "pip", "install", "-q", wheel], tmp_path, 1200)
    assert installed.returncode == 0, installed.stdout + installed.stderr
    where = _run([python, "-c", "import desktop_app; print(desktop_app.__file__)"], tmp_path, 60)
    package = Path(where.stdout.strip()).parent
    assert package.is_relative_to(venv), f"imported from {package}, not the wheel"

    version = _run([verso, "--version"], tmp_path, 60)
    assert (version.returncode, version.stdout.strip()) == (0, f"verso {__version__}")

    left, right = tmp_path / "council.txt", tmp_path / "letters.txt"
    left.write_text(f"{PASSAGE}\n\nNothing else happened that year.\n", encoding="utf-8")
    right.write_text(f"Residents recall: {PASSAGE}\n\nThe mayor resigned.\n", encoding="utf-8")
    aligned = _run([verso, "align", "--json", left, right], tmp_path, 300)
    # No "word-level links only: ...": the model and the packaged tokenizer loaded.
    assert (aligned.returncode, aligned.stderr) == (0, "")
    links = json.loads(aligned.stdout)["links"]
    quotes = [link for link in links if link["kind"] == "quote"]
    assert len(quotes) == 1
    start, end = quotes[0]["left"]
    assert left.read_text(encoding="utf-8")[start:end].strip(". ") == PASSAGE.strip(". ")
    table = _run([verso, "align", left, right], tmp_path, 300)
    assert table.returncode == 0 and "1 quote" in table.stdout

    # The Russian sample ships in the package and reads as Russian.
    sample = package / "resources" / "language" / "russian-sample.txt"
    text = _run([verso, "text", sample], tmp_path, 120)
    assert text.returncode == 0, text.stderr
    assert sum("а" <= ch <= "я" for ch in text.stdout.lower()) > 1000
