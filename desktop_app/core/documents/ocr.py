"""Where Tesseract's language data is, which languages it has, and what to tell the reader.

Verso reads scanned pages with the Tesseract engine built into MuPDF
(pymupdf's ``get_textpage_ocr``). That engine needs only Tesseract's trained
language files (a ``tessdata`` folder), not the ``tesseract`` program; the
program is asked only where its data lives. The OCR itself runs in the PDF
worker processes (``pdf_worker``), under their time and memory limits.

Nothing here imports pymupdf: this module decides *whether* and *how* to OCR;
``pdf_extract.ocr_page`` does it.
"""

from __future__ import annotations

import importlib.metadata
import os
import re
import shutil
import subprocess
import sys
import threading
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

DEFAULT_LANGUAGES = ("eng", "rus")
LANGUAGE_NAMES = {"eng": "English", "rus": "Russian"}
INSTALL_HINT = (
    "Install Tesseract OCR to read scanned pages — Debian/Ubuntu: "
    "sudo apt install tesseract-ocr tesseract-ocr-eng tesseract-ocr-rus; "
    "macOS: brew install tesseract tesseract-lang; "
    "Windows: the UB-Mannheim installer (https://github.com/UB-Mannheim/tesseract/wiki) — "
    "then open the file again."
)
_LIST_LANGS = re.compile(r'"([^"]+)"')
_ASK_SECONDS = 10.0


@dataclass(frozen=True, slots=True)
class OcrSettings:
    """Whether to OCR pages without a text layer, and how.

    ``search_path`` replaces the whole lookup (``TESSDATA_PREFIX``, the
    ``tesseract`` program on ``PATH``, the usual install folders) by these
    folders: each is searched for a tessdata folder and for the program.
    """

    enabled: bool = True
    languages: tuple[str, ...] = DEFAULT_LANGUAGES
    dpi: int = 300
    page_seconds: float = 120.0  # OCR of one page; text-layer pages keep PdfLimits'
    search_path: tuple[Path, ...] | None = None
    cache_path: Path | None = None  # None: ocr.sqlite3 in the user cache folder
    use_cache: bool = True


@dataclass(frozen=True, slots=True)
class OcrEngine:
    """A usable Tesseract setup: its data folder and the requested languages it has."""

    tessdata: Path
    languages: tuple[str, ...]  # requested and installed, in the requested order
    missing: tuple[str, ...]  # requested but not installed
    dpi: int
    version: str  # changes when the engine or its language data change

    @property
    def language(self) -> str:
        """Tesseract's language argument, e.g. ``eng+rus``."""
        return "+".join(self.languages)

    @property
    def cache_key(self) -> str:
        """What, besides the page, decides the OCR result."""
        return f"{self.version}|{self.language}|{self.dpi}dpi"


class OcrStats:
    """Counts pages actually sent to Tesseract in this process (a cache hit is not one)."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self.pages = 0

    def add(self, pages: int) -> None:
        with self._lock:
            self.pages += pages


stats = OcrStats()


def find_engine(settings: OcrSettings) -> OcrEngine | None:
    """The Tesseract setup to OCR with, or None if no requested language is installed."""
    tessdata = find_tessdata(settings.search_path)
    if tessdata is None:
        return None
    installed = installed_languages(tessdata)
    languages = tuple(lang for lang in settings.languages if lang in installed)
    if not languages:
        return None
    missing = tuple(lang for lang in settings.languages if lang not in installed)
    return OcrEngine(tessdata, languages, missing, settings.dpi, _version(tessdata, languages))


def find_tessdata(search_path: tuple[Path, ...] | None = None) -> Path | None:
    """The first folder holding ``*.traineddata`` files, searched where Tesseract installs."""
    for folder in _candidates(search_path):
        if _has_data(folder):
            return folder
    return None


def installed_languages(tessdata: Path) -> frozenset[str]:
    """Language codes with a ``.traineddata`` file in ``tessdata``."""
    try:
        return frozenset(p.stem for p in tessdata.glob("*.traineddata") if p.is_file())
    except OSError:
        return frozenset()


def unavailable_message(settings: OcrSettings) -> str:
    """Why OCR cannot run, and how to make it run."""
    tessdata = find_tessdata(settings.search_path)
    if tessdata is None:
        return f"Tesseract OCR is not installed. {INSTALL_HINT}"
    wanted = ", ".join(LANGUAGE_NAMES.get(lang, lang) for lang in settings.languages)
    return f"Tesseract OCR has no {wanted} language data in {tessdata}. {INSTALL_HINT}"


def missing_languages_message(engine: OcrEngine) -> str:
    """A warning that some requested languages could not be used."""
    names = ", ".join(LANGUAGE_NAMES.get(lang, lang) for lang in engine.missing)
    packages = " ".join(f"tesseract-ocr-{lang}" for lang in engine.missing)
    return (
        f"OCR could not read {names}: its language data is not installed "
        f"(sudo apt install {packages}; macOS: brew install tesseract-lang)."
    )


def ocr_notice(pages: Iterable[int]) -> str:
    """The reader's warning about 0-based ``pages`` read by OCR ("" if none)."""
    numbers = sorted({p + 1 for p in pages})
    if not numbers:
        return ""
    if len(numbers) == 1:
        return f"Page {numbers[0]} was read by OCR; check quotes against the page image."
    return f"Pages {page_ranges(numbers)} were read by OCR; check quotes against the page image."


def page_ranges(numbers: Iterable[int]) -> str:
    """``[2, 3, 4, 5, 8]`` -> ``"2–5, 8"``."""
    runs: list[list[int]] = []
    for number in sorted(set(numbers)):
        if runs and number == runs[-1][1] + 1:
            runs[-1][1] = number
        else:
            runs.append([number, number])
    return ", ".join(str(a) if a == b else f"{a}–{b}" for a, b in runs)


# -- lookup ---------------------------------------------------------------------------


def _has_data(folder: Path) -> bool:
    try:
        return folder.is_dir() and any(folder.glob("*.traineddata"))
    except OSError:
        return False


def _candidates(search_path: tuple[Path, ...] | None) -> Iterator[Path]:
    """Folders that may be a tessdata folder, most specific first."""
    if search_path is not None:
        for folder in search_path:
            yield from _under(folder)
        program = shutil.which("tesseract", path=os.pathsep.join(map(str, search_path)))
        if program:
            yield from _asked(program)
        return
    prefix = os.environ.get("TESSDATA_PREFIX")
    if prefix:
        yield Path(prefix)
        yield Path(prefix) / "tessdata"
    program = shutil.which("tesseract")
    if program:
        yield from _asked(program)
    for root in _install_roots():
        yield from _under(root)


def _under(folder: Path) -> Iterator[Path]:
    yield folder
    yield folder / "tessdata"
    yield folder / "share" / "tessdata"
    try:  # Debian: /usr/share/tesseract-ocr/<version>/tessdata, newest version first
        yield from sorted(folder.glob("*/tessdata"), reverse=True)
    except OSError:
        return


def _install_roots() -> list[Path]:
    roots = [
        Path("/usr/share/tesseract-ocr"),
        Path("/usr/share"),
        Path("/usr/local/share"),
        Path("/opt/homebrew/share"),
        Path("/opt/local/share"),
    ]
    if sys.platform == "win32":
        for variable in ("ProgramFiles", "ProgramFiles(x86)", "LOCALAPPDATA"):
            base = os.environ.get(variable)
            if base:
                roots.append(Path(base) / "Tesseract-OCR")
                roots.append(Path(base) / "Programs" / "Tesseract-OCR")
    return roots


def _asked(program: str) -> Iterator[Path]:
    """The data folder ``tesseract --list-langs`` names (its first line quotes it)."""
    try:
        done = subprocess.run(
            [program, "--list-langs"],
            capture_output=True,
            text=True,
            timeout=_ASK_SECONDS,
            check=False,
        )
    except (OSError, subprocess.SubprocessError):
        return
    for line in (done.stdout + done.stderr).splitlines():
        match = _LIST_LANGS.search(line)
        if match:
            yield Path(match.group(1))
            return


def _version(tessdata: Path, languages: tuple[str, ...]) -> str:
    """The engine (pymupdf's build) and each language file's size and time."""
    try:
        engine = importlib.metadata.version("pymupdf")
    except importlib.metadata.PackageNotFoundError:
        engine = "unknown"
    parts = [f"pymupdf {engine}"]
    for lang in languages:
        try:
            stat = (tessdata / f"{lang}.traineddata").stat()
        except OSError:
            continue
        parts.append(f"{lang}:{stat.st_size}:{stat.st_mtime_ns}")
    return ";".join(parts)
