"""What a user waits for, from process start: the command line and the window, end to end.

Every figure here launches the real program (``python -m desktop_app``) in a fresh
process and times it from just before the launch, as a user's wait starts when they
press Enter. The window reports its milestones (``desktop_app.timeline``: window
shown, documents shown, first links, links settled) to a file and closes itself
after the last one. A cold run has a cache folder of its own (nothing aligned or
embedded before); a cached run reuses the one a cold run filled. Each figure is
the median of several runs, taken side by side with its baseline (``python -c
pass``, ``verso align`` on the same pair, pymupdf's own ``get_text`` loop), so a
busy machine slows both.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from desktop_app.timeline import QUIT_AFTER_ENV, TIMELINE_ENV, read

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
VERSO = [PYTHON, "-m", "desktop_app"]


@dataclass(frozen=True, slots=True)
class Run:
    """One launch: its wall time, the child's peak memory and its milestones (seconds
    from launch)."""

    seconds: float
    max_rss_mb: float
    milestones: dict[str, float]


def _environment(cache: Path, extra: dict[str, str] | None = None) -> dict[str, str]:
    env = dict(os.environ, XDG_CACHE_HOME=str(cache), QT_QPA_PLATFORM="offscreen")
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT), env.get("PYTHONPATH")]))
    env.update(extra or {})
    return env


def launch(
    command: Sequence[str], cache: Path, *, stdout: Path | None = None, window: bool = False
) -> Run:
    """Run ``command`` to its end (a window: to its settled links) and time it; the peak
    memory is that process's own (``wait4``'s resource usage)."""
    with tempfile.TemporaryDirectory() as scratch:
        timeline = Path(scratch) / "timeline.txt"
        errors = Path(scratch) / "stderr.txt"
        extra = {TIMELINE_ENV: str(timeline), QUIT_AFTER_ENV: "links_settled"} if window else {}
        out_path = stdout if stdout is not None else Path(os.devnull)
        with out_path.open("wb") as out, errors.open("wb") as err:
            started_wall = time.time()
            started = time.perf_counter()
            process = subprocess.Popen(
                list(command), cwd=ROOT, env=_environment(cache, extra), stdout=out, stderr=err
            )
            _, status, usage = os.wait4(process.pid, 0)
            seconds = time.perf_counter() - started
            process.returncode = os.waitstatus_to_exitcode(status)
        if process.returncode != 0:
            tail = errors.read_text(errors="replace")[-2000:]
            raise RuntimeError(f"{' '.join(command)} failed ({process.returncode}):\n{tail}")
        milestones = {}
        if window:
            milestones = {name: at - started_wall for name, at in read(timeline).items()}
        return Run(seconds, usage.ru_maxrss / 1024, milestones)


def median(values: Sequence[float]) -> float:
    return float(statistics.median(values))


def window_command(db: Path, paths: Sequence[Path]) -> list[str]:
    return [*VERSO, "--db", str(db), "open", *(str(p) for p in paths)]


def align_command(left: Path, right: Path) -> list[str]:
    return [*VERSO, "align", str(left), str(right), "--json"]


# The third-party modules a cold ``verso align`` imports (the default alignment: words,
# quotes and meaning). Importing them in a bare interpreter is the floor no change of
# ours can go under; tests/test_import_weight.py checks the list against a real run.
ALIGN_STACK = ("numpy", "scipy.sparse", "rapidfuzz", "onnxruntime")


# The meaning step's own floor: onnxruntime building the packaged model's session (numpy
# and onnxruntime imported first), as the cold run's model thread does; nothing aligned.
MODEL_LOAD = "from desktop_app.core.semantic.model import shared_encoder; shared_encoder()"


def import_command(modules: Sequence[str]) -> list[str]:
    return [PYTHON, "-c", f"import {', '.join(modules)}"]


def cli_short_texts(folder: Path, left: Path, right: Path, runs: int) -> dict[str, float]:
    """``verso align --json`` on two short texts, cold (fresh cache) and repeated (the
    pair cached), interleaved with ``python -c pass`` and with the import floor: a bare
    interpreter importing ``ALIGN_STACK``, with and without scipy.sparse, and one
    loading the embedding model (``MODEL_LOAD``)."""
    without_scipy = [name for name in ALIGN_STACK if not name.startswith("scipy")]
    timed: dict[str, list[float]] = {
        "bare": [],
        "cold": [],
        "repeat": [],
        "floor": [],
        "floor_without_scipy": [],
        "model_load": [],
    }
    for i in range(runs):
        timed["bare"].append(launch([PYTHON, "-c", "pass"], folder / "bare").seconds)
        cache = folder / f"short-cache-{i}"
        timed["cold"].append(launch(align_command(left, right), cache).seconds)
        timed["repeat"].append(launch(align_command(left, right), cache).seconds)
        timed["floor"].append(launch(import_command(ALIGN_STACK), folder / "bare").seconds)
        floor = launch(import_command(without_scipy), folder / "bare").seconds
        timed["floor_without_scipy"].append(floor)
        timed["model_load"].append(launch([PYTHON, "-c", MODEL_LOAD], folder / "bare").seconds)
    return {name: median(seconds) for name, seconds in timed.items()} | {"runs": runs}


def window_pair(
    folder: Path, name: str, left: Path, right: Path, runs: int, *, with_cli: bool
) -> dict[str, float]:
    """The window on one pair: milestones cold and with caches (medians), and the
    command line's cold time on the same pair, run side by side."""
    cold: list[Run] = []
    cached: list[Run] = []
    cli: list[float] = []
    for i in range(runs):
        cache = folder / f"{name}-cache-{i}"
        db = folder / f"{name}-{i}.sqlite3"
        cold.append(launch(window_command(db, [left, right]), cache, window=True))
        cached.append(launch(window_command(db, [left, right]), cache, window=True))
        if with_cli:
            cli.append(launch(align_command(left, right), folder / f"{name}-cli-{i}").seconds)
    result = {"runs": float(runs)}
    for label, measured in (("cold", cold), ("cached", cached)):
        for milestone in ("window_shown", "documents_shown", "first_links", "links_settled"):
            result[f"{label}.{milestone}"] = median([r.milestones[milestone] for r in measured])
        result[f"{label}.alignment"] = median(
            [r.milestones["links_settled"] - r.milestones["documents_shown"] for r in measured]
        )
    if cli:
        result["cli"] = median(cli)
    return result


def pdf_whole_text(folder: Path, pdf: Path, runs: int) -> dict[str, float]:
    """``verso text`` on a long PDF against a fresh process running pymupdf's own
    ``get_text()`` over every page (the same text, no layout analysis of ours)."""
    loop = (
        "import pymupdf, sys\n"
        "document = pymupdf.open(sys.argv[1])\n"
        "sys.stdout.write(''.join(page.get_text() for page in document))\n"
    )
    baseline, verso = [], []
    for i in range(runs):
        baseline.append(launch([PYTHON, "-c", loop, str(pdf)], folder / "bare").seconds)
        out = folder / f"text-{i}.txt"
        verso.append(launch([*VERSO, "text", str(pdf)], folder / f"pdf-{i}", stdout=out).seconds)
    return {"baseline": median(baseline), "verso": median(verso), "runs": float(runs)}


def scaled_alignment(
    folder: Path, pair: tuple[Path, Path], big: tuple[Path, Path]
) -> dict[str, float]:
    """``verso align --json`` cold at 1x and at 8x the length: time and peak memory."""
    small = launch(align_command(*pair), folder / "scale-1x", stdout=folder / "1x.json")
    large = launch(align_command(*big), folder / "scale-8x", stdout=folder / "8x.json")
    return {
        "small_seconds": small.seconds,
        "large_seconds": large.seconds,
        "large_rss_mb": large.max_rss_mb,
    }
