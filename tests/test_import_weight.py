"""What a process imports before it can answer: counted in modules, never in seconds.

A user waits for every import. Two text files must not pull in the PDF parser,
python-docx, SQLAlchemy or Qt; a repeated ``verso align`` (answered from the cache)
not even numpy; the window's modules not the alignment pipeline (it is imported on
the worker thread, after the window shows), nor SQLAlchemy or numpy: the window is
drawn first, then it opens the database. Each check runs in a fresh interpreter.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

PARSERS = ("pymupdf", "fitz", "docx")
HEAVY = (*PARSERS, "sqlalchemy", "PySide6", "onnxruntime", "tokenizers", "huggingface_hub")
NUMERICS = ("numpy", "scipy", "rapidfuzz")
PIPELINE = "desktop_app.core.alignment.pipeline"
# The core's entry modules themselves (``import`` only) stay this small: about what
# the standard library's json, sqlite3 and argparse bring. Raise it only for a reason.
CORE_MODULE_LIMIT = 200
# What the window needs before it shows: Qt and its own modules. The database (SQLAlchemy),
# numpy and the parsers load after it is drawn. Was 697 when all of them came first.
WINDOW_MODULE_LIMIT = 420


def _modules_after(code: str, env: dict[str, str] | None = None) -> set[str]:
    """The top-level and package modules loaded after running ``code`` in a fresh process."""
    probe = f"{code}\nimport json, sys\nprint(json.dumps(sorted(sys.modules)))"
    result = subprocess.run(
        [sys.executable, "-c", probe],
        capture_output=True,
        text=True,
        check=True,
        env={**os.environ, **(env or {})},
    )
    return set(json.loads(result.stdout.strip().splitlines()[-1]))


def _loaded(modules: set[str], names: tuple[str, ...]) -> list[str]:
    return [name for name in names if name in modules]


def test_the_core_entry_modules_import_nothing_heavy() -> None:
    modules = _modules_after(
        "import desktop_app.cli, desktop_app.core.alignment, desktop_app.core.documents, "
        "desktop_app.core.alignment.cached, desktop_app.core.cache"
    )
    assert _loaded(modules, HEAVY + NUMERICS) == []
    assert PIPELINE not in modules
    assert len(modules) < CORE_MODULE_LIMIT, f"{len(modules)} modules"


def _align_code(left: Path, right: Path, *flags: str) -> str:
    """Code running ``verso align --json LEFT RIGHT FLAGS`` in-process, output dropped."""
    arguments = ["align", str(left), str(right), "--json", *flags]
    return (
        "from desktop_app import cli\n"
        "import contextlib, io\n"
        "with contextlib.redirect_stdout(io.StringIO()):\n"
        f"    assert cli.main({arguments!r}) == 0"
    )


@pytest.fixture
def text_pair(tmp_path: Path) -> tuple[Path, Path]:
    left, right = tmp_path / "a.txt", tmp_path / "b.txt"
    left.write_text("The quick brown fox jumps over the lazy dog near the river bank.\n")
    right.write_text("A quick brown fox jumps over the lazy dog near the river bank.\n")
    return left, right


def test_aligning_two_text_files_loads_no_parser_and_a_repeat_no_numerics(
    text_pair: tuple[Path, Path], tmp_path: Path
) -> None:
    left, right = text_pair
    run = _align_code(left, right, "--fast")
    env = {"XDG_CACHE_HOME": str(tmp_path / "cache")}
    first = _modules_after(run, env)
    assert PIPELINE in first  # it really aligned
    assert _loaded(first, HEAVY) == []
    again = _modules_after(run, env)  # the same pair: answered from the cache
    assert PIPELINE not in again
    assert _loaded(again, HEAVY + NUMERICS) == []


# What `verso align` on two English texts has no use for: the notes' and workspaces'
# model, the database, the Russian sentence splitter, csgraph (scipy.linalg with it).
# (The guesser of legacy encodings, charset_normalizer, comes with scipy.sparse: its copy of
# numpy imports numpy.f2py, which imports it; loading a UTF-8 file alone does not.)
NOT_FOR_ALIGN = (
    "desktop_app.core.annotations",
    "desktop_app.core.workspaces",
    "desktop_app.core.workspace_documents",
    "desktop_app.core.storage",
    "razdel",
    "scipy.sparse.csgraph",
    "scipy.linalg",
)


def test_the_command_line_imports_nothing_of_the_notes_or_the_database() -> None:
    modules = _modules_after("import desktop_app.cli")
    assert _loaded(modules, (*NOT_FOR_ALIGN, "sqlite3")) == []


def test_reading_a_utf8_text_leaves_the_encoding_guesser_unloaded(
    text_pair: tuple[Path, Path],
) -> None:
    left, _ = text_pair
    code = (
        "from pathlib import Path\n"
        "from desktop_app.core.documents import load\n"
        f"load(Path({str(left)!r}))"
    )
    assert _loaded(_modules_after(code), ("charset_normalizer",)) == []


def test_a_cold_align_imports_the_benchmarked_floor_and_nothing_the_texts_do_not_need(
    text_pair: tuple[Path, Path], tmp_path: Path
) -> None:
    from benchmarks.endtoend import ALIGN_STACK

    left, right = text_pair
    run = _align_code(left, right)
    modules = _modules_after(run, {"XDG_CACHE_HOME": str(tmp_path / "cache")})
    assert PIPELINE in modules
    # The import floor benchmarks.run prints beside cli.short_texts_cold is this stack.
    assert _loaded(modules, ALIGN_STACK) == list(ALIGN_STACK)
    assert _loaded(modules, (*PARSERS, "sqlalchemy", "PySide6", "tokenizers")) == []
    assert _loaded(modules, NOT_FOR_ALIGN) == []


def test_the_window_modules_leave_parsers_and_the_pipeline_to_the_workers() -> None:
    modules = _modules_after("import desktop_app.app")
    assert _loaded(modules, (*PARSERS, "scipy", "onnxruntime", "tokenizers")) == []
    assert PIPELINE not in modules
    assert "desktop_app.core.export.docx_export" not in modules


def test_loading_a_pdf_leaves_pymupdf_to_the_worker_processes(tmp_path: Path) -> None:
    import pymupdf

    path = tmp_path / "one.pdf"
    pdf = pymupdf.open()
    page = pdf.new_page()
    page.insert_text((72, 72), "A page read in a worker process.")
    pdf.save(str(path))
    pdf.close()
    modules = _modules_after(
        "from pathlib import Path\n"
        "from desktop_app.core.documents import load\n"
        f"assert 'worker process' in load(Path({str(path)!r})).text"
    )
    assert _loaded(modules, PARSERS) == []


def test_the_window_shows_before_the_database_and_numerics_load() -> None:
    modules = _modules_after("import desktop_app.app")
    assert _loaded(modules, ("sqlalchemy", "numpy", "scipy", "onnxruntime")) == []
    assert "desktop_app.core.anchoring" not in modules
    assert len(modules) < WINDOW_MODULE_LIMIT, f"{len(modules)} modules"


def test_the_window_warms_the_pipeline_up_only_for_a_pair_the_cache_lacks(
    text_pair: tuple[Path, Path], tmp_path: Path
) -> None:
    left, right = text_pair
    warm = (
        "from pathlib import Path\n"
        "from desktop_app.core.alignment.cached import CachedAligner\n"
        "from desktop_app.core.cache import Cache\n"
        "with Cache() as cache:\n"
        "    aligner = CachedAligner(cache, meaning=True)\n"
        f"    aligner.warm_up_soon([Path({str(left)!r}), Path({str(right)!r})])\n"
        "    aligner.join()\n"
    )
    env = {"XDG_CACHE_HOME": str(tmp_path / "cache")}
    assert PIPELINE in _modules_after(warm, env)  # nothing cached: the alignment will need it
    align = _align_code(right, left)
    _modules_after(align, env)  # aligned once (the other way round), cached
    reopened = _modules_after(warm, env)
    assert PIPELINE not in reopened
    assert _loaded(reopened, NUMERICS) == []
