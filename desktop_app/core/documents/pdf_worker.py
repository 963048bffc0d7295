"""PDF parsing in worker processes that a time limit and a memory limit can stop.

Why processes: MuPDF is C; a hostile or broken page can loop for minutes,
allocate gigabytes or segfault, and a thread can be stopped by none of that.
Each worker is a *spawned* process (never forked: the GUI process has Qt
threads) serving one PDF at a time over a pipe:

- ``open`` a file (its hash is checked, so the worker reads the bytes the
  caller hashed), ``extract`` a list of pages, ``render`` one page, ``close``.
- The worker reports every page as it finishes. The parent kills a worker whose
  page takes longer than ``PdfLimits.page_seconds`` (or that dies: segfault,
  out of memory), records that page as not extracted and carries on from the
  next page in a fresh worker.
- ``RLIMIT_AS`` in the worker caps its address space at its start-up size plus
  ``PdfLimits.memory_bytes``, so a page that explodes fails alone.
- Up to ``PdfLimits.workers`` workers share a long document, fed small chunks
  of pages (the first chunk is the first pages, for the preview).
- Cancelling kills the workers at once; healthy workers go back to a small
  idle pool so the next document skips the interpreter start-up.
- ``ocr`` reads pages without a text layer with Tesseract: the same loop, one
  page per request and a longer time limit (``OcrJob.page_seconds``).
"""

from __future__ import annotations

import atexit
import contextlib
import hashlib
import os
import signal
import socket
import subprocess
import sys
import threading
import time
import weakref
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from multiprocessing.connection import Connection, wait
from pathlib import Path
from typing import TYPE_CHECKING, Any

from desktop_app.core.cancel import Progress
from desktop_app.core.collector import collect_rarely
from desktop_app.core.errors import DocumentError, VersoError

# pymupdf is the worker's business: the parent imports ``pdf_extract`` (and with it
# pymupdf) only when a page comes back, so a window that opens text files never does.
if TYPE_CHECKING:
    from desktop_app.core.documents.pdf_annotate import Highlight, Highlighted
    from desktop_app.core.documents.pdf_raw import PdfInfo, RawPage, RenderedPage

GIB = 1024**3
PREVIEW_PAGES = 2  # the first chunk: what the reader sees while the rest loads
_CHUNK = 8  # pages per later request: few round trips, fair sharing between workers
_MIN_PAGES_PER_EXTRA_WORKER = 24
_POLL = 0.05  # seconds between cancel checks while waiting for workers
_IDLE_POOL = 2
_MEMORY_EXIT = 75  # a worker that ran out of memory outside a page exits with this
_PACKAGE_ROOT = str(Path(__file__).resolve().parents[3])  # the folder holding desktop_app/


@dataclass(frozen=True, slots=True)
class PdfLimits:
    """How long a page may take and how much memory parsing may use."""

    page_seconds: float = 10.0  # per page (extraction or rendering)
    open_seconds: float = 60.0  # start-up plus opening the file (repairs can be slow)
    memory_bytes: int | None = 2 * GIB  # above the worker's own start-up size; None: no cap
    workers: int = 2


@dataclass(frozen=True, slots=True)
class PdfSource:
    """Where to read a PDF again (rendering) and the key that opened it."""

    path: Path
    sha256: str
    password: str | None = field(default=None, repr=False)


@dataclass(frozen=True, slots=True)
class OcrJob:
    """What a worker needs to OCR pages, and how long one page may take."""

    tessdata: str
    language: str  # Tesseract's form: "eng+rus"
    dpi: int = 300
    page_seconds: float = 120.0


@dataclass(slots=True)
class Extracted:
    """The outcome of an isolated extraction besides the pages themselves."""

    info: PdfInfo
    failed: dict[int, str]  # page number -> why it was not extracted
    repaired: bool


# -- the worker process ---------------------------------------------------------------


def _address_space() -> int:
    """This process's current virtual size in bytes (Linux), 0 if unknown."""
    try:
        with Path("/proc/self/statm").open(encoding="ascii") as statm:
            return int(statm.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError, IndexError):
        return 0


def _limit_memory(budget: int | None) -> None:
    if budget is None:
        return
    import resource  # POSIX only; imported here so the module loads everywhere

    limit = _address_space() + budget
    with contextlib.suppress(ValueError, OSError):
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    with contextlib.suppress(ValueError, OSError):  # a worker that aborts dumps no core
        resource.setrlimit(resource.RLIMIT_CORE, (0, 0))


def _serve(conn: Connection, memory_bytes: int | None) -> None:
    """The worker's loop: answer requests until the pipe closes."""
    from desktop_app.core.documents.pdf_extract import is_repaired, pdf_info, render_page

    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl+C in a terminal is the parent's
    # A page's dicts and tuples die with it: the collector's frequent passes over them
    # were 3% of a book's extraction.
    collect_rarely()
    _limit_memory(memory_bytes)
    pdf: Any = None
    while True:
        try:
            request = conn.recv()
        except (EOFError, OSError):
            return
        kind = request[0]
        if kind == "open":
            if pdf is not None:
                pdf.close()
                pdf = None
            try:
                pdf = _open_checked(*request[1:])
                conn.send(("opened", pdf_info(pdf)))
            except VersoError as error:
                conn.send(("error", error))
            except MemoryError:
                name = Path(request[1]).name
                conn.send(("error", DocumentError(_memory_message(name, memory_bytes))))
            except Exception as error:  # MuPDF: "cycle in page tree", a broken object...
                conn.send(("error", DocumentError(_damaged_message(request[1], error))))
        elif kind == "annotate":
            conn.send(_annotate(conn, pdf, request[1], request[2]))
        elif kind == "extract":
            for number in request[1]:
                answer = _extract_one(pdf, number)
                if answer[0] == "page_failed" and answer[2] == "memory limit":
                    # MuPDF keeps some of what a failed allocation left behind, and every
                    # later page failed too: the parent skips this page and goes on in a
                    # fresh worker.
                    os._exit(_MEMORY_EXIT)
                conn.send(answer)
            conn.send(("idle", is_repaired(pdf)))
        elif kind == "ocr":
            for number in request[1]:
                conn.send(_ocr_one(pdf, number, request[2]))
            conn.send(("idle", is_repaired(pdf)))
        elif kind == "render":
            try:
                conn.send(("rendered", render_page(pdf, request[1], request[2])))
            except MemoryError:
                conn.send(("render_failed", request[1], "memory limit"))
            except Exception as error:
                conn.send(("render_failed", request[1], f"damaged: {error}"))
        elif kind == "close" and pdf is not None:
            pdf.close()
            pdf = None


def _open_checked(path: str, sha256: str, password: str | None) -> Any:
    from desktop_app.core.documents.pdf_extract import open_pdf

    name = Path(path).name
    try:
        data = Path(path).read_bytes()
    except OSError as exc:
        raise DocumentError(f"Cannot read {name}: {exc.strerror or exc}.") from exc
    if hashlib.sha256(data).hexdigest() != sha256:
        raise DocumentError(f"Cannot open {name}: the file changed on disk while it was read.")
    return open_pdf(data, name, password)


def _extract_one(pdf: Any, number: int) -> tuple[Any, ...]:
    from desktop_app.core.documents.pdf_extract import extract_page

    try:
        return ("page", extract_page(pdf, number))
    except MemoryError:
        return ("page_failed", number, "memory limit")
    except Exception as error:  # MuPDF reports a failed malloc as "code=2: malloc ... failed"
        return ("page_failed", number, "memory limit" if "alloc" in str(error) else "damaged")


def _ocr_one(pdf: Any, number: int, job: OcrJob) -> tuple[Any, ...]:
    from desktop_app.core.documents.pdf_extract import ocr_page

    try:
        page = ocr_page(pdf, number, tessdata=job.tessdata, language=job.language, dpi=job.dpi)
    except MemoryError:
        return ("page_failed", number, "memory limit")
    except Exception as error:
        return ("page_failed", number, "memory limit" if "alloc" in str(error) else "OCR failed")
    return ("page", page)


def _annotate(conn: Connection, pdf: Any, highlights: Any, name: str) -> tuple[Any, ...]:
    def tick(stage: str) -> None:
        conn.send(("tick", stage))

    try:
        from desktop_app.core.documents.pdf_annotate import highlight_quotes

        return ("annotated", highlight_quotes(pdf, highlights, name, tick))
    except MemoryError:
        return ("annotate_failed", "it needs more memory than allowed")
    except Exception as error:
        if "alloc" in str(error):
            return ("annotate_failed", "it needs more memory than allowed")
        return ("annotate_failed", f"it is damaged ({_first_line(error)})")


def _first_line(error: BaseException) -> str:
    text = str(error).splitlines()[0] if str(error) else type(error).__name__
    return text.removeprefix("code=").split(": ", 1)[-1][:120]


def _damaged_message(path: str, error: BaseException) -> str:
    return f"Cannot open {Path(path).name}: it is damaged ({_first_line(error)})."


def _budget(budget: int | None) -> str:
    return f"{budget / GIB:.1f} GB" if budget and budget >= GIB else f"{(budget or 0) >> 20} MB"


def _memory_message(name: str, budget: int | None, verb: str = "open") -> str:
    return (
        f"Cannot {verb} {name}: reading it needs more than the {_budget(budget)} of memory allowed."
    )


# -- the parent side ------------------------------------------------------------------


class Worker:
    """A worker process and the pipe to it (owned by one caller at a time).

    Started with ``subprocess`` (fork + exec at once, safe beside Qt threads)
    rather than ``multiprocessing``'s spawn, which re-runs the caller's main
    script in the child: a script calling ``load()`` without a ``__main__``
    guard would break.
    """

    def __init__(self, memory_bytes: int | None) -> None:
        ours, theirs = socket.socketpair()
        self.memory_bytes = memory_bytes
        code = (
            "from desktop_app.core.documents.pdf_worker import serve_fd; "
            f"serve_fd({theirs.fileno()}, {memory_bytes!r})"
        )
        env = dict(os.environ)
        env.setdefault("OPENBLAS_NUM_THREADS", "1")  # numpy here spreads boxes, no BLAS
        env["PYTHONPATH"] = os.pathsep.join(
            p for p in (_PACKAGE_ROOT, env.get("PYTHONPATH", "")) if p
        )
        try:
            self.process = subprocess.Popen(
                [sys.executable, "-c", code],
                stdin=subprocess.DEVNULL,
                pass_fds=(theirs.fileno(),),
                env=env,
            )
        finally:
            theirs.close()
        self.conn = Connection(ours.detach())
        _started.add(self)

    def is_alive(self) -> bool:
        return self.process.poll() is None

    def send(self, *request: object) -> bool:
        """Send a request; False if the worker is gone."""
        try:
            self.conn.send(request)
        except (OSError, ValueError):
            return False
        return True

    def receive(self) -> tuple[Any, ...] | None:
        """The next message, or None if the worker died."""
        try:
            message: tuple[Any, ...] = self.conn.recv()
        except (EOFError, OSError, ValueError):
            return None
        return message

    def kill(self) -> None:
        """Stop the process now and reap it (no zombie left behind)."""
        if self.process.poll() is None:
            self.process.kill()
        self.process.wait()
        self.conn.close()

    def death(self) -> str:
        """Why the process ended, in words."""
        try:
            code = self.process.wait(1.0)
        except subprocess.TimeoutExpired:
            return "crashed the PDF reader"
        if code == _MEMORY_EXIT:
            return "memory limit"
        return "crashed the PDF reader"


def serve_fd(fd: int, memory_bytes: int | None) -> None:
    """The worker process's entry point: serve requests on socket ``fd``."""
    try:
        _serve(Connection(fd), memory_bytes)
    except MemoryError:
        os._exit(_MEMORY_EXIT)


_started: weakref.WeakSet[Worker] = weakref.WeakSet()


def workers() -> list[Worker]:
    """Every worker this process started that still exists (alive or not): for diagnostics."""
    return list(_started)


_pool: list[Worker] = []
_pool_lock = threading.Lock()


def take_worker(memory_bytes: int | None) -> Worker:
    """An idle worker with this memory cap from the pool, or a newly spawned one."""
    with _pool_lock:
        for worker in _pool:
            if worker.memory_bytes == memory_bytes:
                _pool.remove(worker)
                if worker.is_alive():
                    return worker
                worker.kill()
    return Worker(memory_bytes)


def give_back(worker: Worker) -> None:
    """Return a healthy worker (its file closed) to the idle pool, or stop it."""
    if not worker.is_alive() or not worker.send("close"):
        worker.kill()
        return
    with _pool_lock:
        if len(_pool) < _IDLE_POOL:
            _pool.append(worker)
            return
    worker.kill()


def shutdown_idle_workers() -> None:
    """Stop the idle workers (at exit, or to start from a clean slate)."""
    with _pool_lock:
        idle = list(_pool)
        _pool.clear()
    for worker in idle:
        worker.kill()


atexit.register(shutdown_idle_workers)


def warm_up(limits: PdfLimits | None = None) -> None:
    """Start an idle worker now, so the first PDF opened skips the start-up cost."""
    limits = limits or PdfLimits()
    worker = take_worker(limits.memory_bytes)
    with _pool_lock:
        _pool.append(worker)


# A file this big likely has enough pages for a second worker (``_MIN_PAGES_PER_EXTRA_WORKER``
# pages of text take about this much).
_BYTES_FOR_EXTRA_WORKER = 64 * 1024


def prestart(size: int, limits: PdfLimits | None = None) -> None:
    """Start the workers a PDF of ``size`` bytes will likely use, idle in the pool.

    Called before the loader imports the arrangement (numpy and the rest), so the
    workers' own start-up runs beside those imports, and a second worker does not
    wait for the first to have opened the file before it starts.
    """
    limits = limits or PdfLimits()
    wanted = min(_IDLE_POOL, 1 if size < _BYTES_FOR_EXTRA_WORKER else limits.workers)
    with _pool_lock:
        idle = sum(1 for w in _pool if w.memory_bytes == limits.memory_bytes and w.is_alive())
    for _ in range(wanted - idle):
        warm_up(limits)


def _open_worker(worker: Worker, source: PdfSource, limits: PdfLimits, progress: Progress) -> Any:
    """Ask ``worker`` to open ``source``; the ``opened`` payload, or raise a DocumentError."""
    name = source.path.name
    worker.send("open", str(source.path), source.sha256, source.password)
    deadline = time.monotonic() + limits.open_seconds
    answered = False
    try:
        while not answered and time.monotonic() < deadline and worker.is_alive():
            answered = bool(wait([worker.conn], _POLL))
            progress.checkpoint()
    except BaseException:
        worker.kill()
        raise
    message = worker.receive() if answered else None
    if message is not None and message[0] == "opened":
        return message[1]
    if message is not None and message[0] == "error":
        give_back(worker)
        raise message[1]
    timed_out = worker.is_alive() and not answered
    worker.kill()
    if timed_out:
        raise DocumentError(
            f"Cannot open {name}: opening it took longer than {limits.open_seconds:g} s."
        )
    raise DocumentError(_death_message(worker, name, limits))


def _death_message(worker: Worker, name: str, limits: PdfLimits, verb: str = "open") -> str:
    """Why a worker died, without claiming a memory shortage that was not seen."""
    if limits.memory_bytes is None:
        return f"Cannot {verb} {name}: it crashed the PDF reader."
    if worker.death() == "memory limit":
        return _memory_message(name, limits.memory_bytes, verb)
    return (
        f"Cannot {verb} {name}: the PDF reader stopped on it (the file is damaged, or reading"
        f" it needs more than the {_budget(limits.memory_bytes)} of memory allowed)."
    )


@dataclass(slots=True)
class _Lane:
    """One worker and the pages it was asked for, first one in progress."""

    worker: Worker
    pages: deque[int] = field(default_factory=deque)
    since: float = 0.0  # when the page in progress (or the opening) started
    opening: bool = False
    chunk_open: bool = False  # the worker has not said "idle" after its last chunk

    @property
    def busy(self) -> bool:
        return self.opening or self.chunk_open or bool(self.pages)


class _Extraction:
    """Hands chunks of pages to workers, replacing any that hang or die.

    With an ``ocr`` job it OCRs ``numbers`` instead: one page per request (a
    page takes seconds, so a second worker helps from the second page on)
    under the job's longer per-page limit.
    """

    def __init__(
        self,
        source: PdfSource,
        limits: PdfLimits,
        progress: Progress,
        on_page: Callable[[RawPage], None],
        ocr: OcrJob | None = None,
        numbers: list[int] | None = None,
    ) -> None:
        self.source = source
        self.limits = limits
        self.progress = progress
        self.on_page = on_page
        self.ocr = ocr
        self.numbers = numbers
        self.page_seconds = ocr.page_seconds if ocr is not None else limits.page_seconds
        self.chunk = 1 if ocr is not None else _CHUNK
        self.first_chunk = 1 if ocr is not None else PREVIEW_PAGES
        self.pages_per_worker = 1 if ocr is not None else _MIN_PAGES_PER_EXTRA_WORKER
        self.lanes: list[_Lane] = []
        self.queue: deque[int] = deque()
        self.failed: dict[int, str] = {}
        self.repaired = False
        self.done = 0
        self.count = 0
        self.on_info: Callable[[PdfInfo], None] | None = None

    def run(self) -> Extracted:
        first = take_worker(self.limits.memory_bytes)
        info: PdfInfo = _open_worker(first, self.source, self.limits, self.progress)
        self.lanes.append(_Lane(first))
        if self.on_info is not None:
            self.on_info(info)
        numbers = range(info.page_count) if self.numbers is None else self.numbers
        self.queue.extend(n for n in numbers if 0 <= n < info.page_count)
        self.count = len(self.queue)
        try:
            self._assign(self.lanes[0], self.first_chunk)
            extra = min(self.limits.workers, 1 + self.count // self.pages_per_worker) - 1
            extra = min(extra, self.count - 1)
            for _ in range(extra):
                self._add_lane()
            while self.queue or any(lane.busy for lane in self.lanes):
                self._step()
        except BaseException:
            for lane in self.lanes:
                lane.worker.kill()
            self.lanes.clear()
            raise
        for lane in self.lanes:
            give_back(lane.worker)
        self.lanes.clear()
        return Extracted(info, self.failed, self.repaired)

    def _add_lane(self) -> None:
        """Start one more worker; it gets pages once it has opened the file."""
        worker = take_worker(self.limits.memory_bytes)
        self.lanes.append(_Lane(worker, since=time.monotonic(), opening=True))
        worker.send("open", str(self.source.path), self.source.sha256, self.source.password)

    def _assign(self, lane: _Lane, size: int) -> None:
        chunk = [self.queue.popleft() for _ in range(min(size, len(self.queue)))]
        if chunk:
            lane.pages.extend(chunk)
            lane.chunk_open = True
            lane.since = time.monotonic()
            request = ("extract", chunk) if self.ocr is None else ("ocr", chunk, self.ocr)
            if not lane.worker.send(*request):
                self._lost(lane, lane.worker.death())

    def _step(self) -> None:
        busy = {lane.worker.conn: lane for lane in self.lanes if lane.busy}
        ready = wait(list(busy), _POLL) if busy else []
        self.progress.checkpoint()
        for conn in ready:
            lane = busy[conn]  # type: ignore[index]
            message = lane.worker.receive()
            if message is None:
                self._lost(lane, lane.worker.death())
            else:
                self._handle(lane, message)
        now = time.monotonic()
        for lane in list(self.lanes):
            limit = self.limits.open_seconds if lane.opening else self.page_seconds
            # An answer already waiting in the pipe is not a hang, however late it is read.
            if lane.busy and now - lane.since > limit and not lane.worker.conn.poll():
                self._lost(lane, "time limit")
        for lane in self.lanes:
            if not lane.busy and self.queue:
                self._assign(lane, self.chunk)

    def _handle(self, lane: _Lane, message: tuple[Any, ...]) -> None:
        kind = message[0]
        if kind == "page":
            page: RawPage = message[1]
            self._finish(lane, page.number)
            self.on_page(page)
        elif kind == "page_failed":
            self.failed[message[1]] = message[2]
            self._finish(lane, message[1])
        elif kind == "idle":
            self.repaired = self.repaired or bool(message[1])
            lane.chunk_open = False
        elif kind == "opened":
            lane.opening = False
        elif kind == "error":
            raise message[1]

    def _finish(self, lane: _Lane, number: int) -> None:
        if lane.pages and lane.pages[0] == number:
            lane.pages.popleft()
        lane.since = time.monotonic()
        self.done += 1
        what = "Reading page" if self.ocr is None else "Recognising text (OCR): page"
        self.progress.report(self.done / max(1, self.count), f"{what} {self.done} of {self.count}")

    def _lost(self, lane: _Lane, reason: str) -> None:
        """The lane's worker hung or died: skip its current page, requeue the rest."""
        lane.worker.kill()
        self.lanes.remove(lane)
        if lane.opening:
            raise DocumentError(
                f"Cannot open {self.source.path.name}: a PDF reader process failed ({reason})."
            )
        if lane.pages:
            number = lane.pages.popleft()
            self.failed[number] = reason
            self.done += 1
            self.queue.extendleft(reversed(lane.pages))
        if self.queue:
            self._add_lane()


def extract_pages(
    source: PdfSource,
    on_page: Callable[[RawPage], None],
    *,
    limits: PdfLimits | None = None,
    progress: Progress | None = None,
    on_info: Callable[[PdfInfo], None] | None = None,
) -> Extracted:
    """Extract every page of ``source`` in worker processes, calling ``on_page`` as each arrives.

    Pages arrive roughly in order (the first ones first); a page that hits a
    limit is listed in ``failed`` and never reaches ``on_page``. Raises
    ``DocumentError`` if the file cannot be opened at all, ``Cancelled`` (after
    killing the workers) if the progress token is cancelled.
    """
    extraction = _Extraction(source, limits or PdfLimits(), progress or Progress(), on_page)
    extraction.on_info = on_info
    return extraction.run()


def ocr_pages(
    source: PdfSource,
    numbers: list[int],
    on_page: Callable[[RawPage], None],
    *,
    job: OcrJob,
    limits: PdfLimits | None = None,
    progress: Progress | None = None,
) -> dict[int, str]:
    """OCR pages ``numbers`` of ``source`` in worker processes, calling ``on_page`` as each ends.

    Same isolation as ``extract_pages`` (memory cap, workers replaced when they
    hang or die) with ``job.page_seconds`` per page. Returns the pages that
    could not be read, with why; raises ``Cancelled`` if the token is cancelled.
    """
    if not numbers:
        return {}
    extraction = _Extraction(
        source, limits or PdfLimits(), progress or Progress(), on_page, job, list(numbers)
    )
    return extraction.run().failed


class PageRenderer:
    """Draws pages of one PDF in a worker process, without blocking the caller.

    ``request`` queues a page; answers come back in order on ``fileno()`` (watch
    it with a socket notifier or ``poll``), ``receive`` reads one. A page that
    takes longer than the limit gets ``expired`` True: call ``restart``.
    """

    def __init__(self, source: PdfSource, limits: PdfLimits | None = None) -> None:
        self.source = source
        self.limits = limits or PdfLimits()
        self._worker: Worker | None = None
        self._pending: deque[tuple[int, float, float]] = deque()  # page, zoom, sent at
        self._opened = False

    def _ensure(self) -> Worker:
        if self._worker is None:
            self._worker = take_worker(self.limits.memory_bytes)
            source = self.source
            self._worker.send("open", str(source.path), source.sha256, source.password)
            self._opened = False
        return self._worker

    def fileno(self) -> int:
        return self._ensure().conn.fileno()

    @property
    def pending(self) -> int:
        return len(self._pending)

    def request(self, page: int, zoom: float) -> None:
        """Queue a render of ``page`` at ``zoom``."""
        worker = self._ensure()
        worker.send("render", page, zoom)
        self._pending.append((page, zoom, time.monotonic()))

    def poll(self) -> bool:
        """True if an answer (or the worker's death) is waiting."""
        return self._worker is not None and self._worker.conn.poll()

    def receive(self) -> RenderedPage | tuple[int, str] | None:
        """Read one answer: a page, (page number, reason) if it could not be drawn, or None.

        None is bookkeeping (the file was opened): poll again.
        """
        worker = self._ensure()
        message = worker.receive()
        if message is None:
            return self._failed(worker.death())
        if message[0] == "opened":
            self._opened = True
            return None
        if message[0] == "error":
            return self._failed(str(message[1]))
        page = self._pending.popleft()[0] if self._pending else -1
        if message[0] == "rendered":
            rendered: RenderedPage = message[1]
            return rendered
        return (page, str(message[2]))

    def _failed(self, reason: str) -> tuple[int, str]:
        page = self._pending.popleft()[0] if self._pending else -1
        self.restart()
        return (page, reason)

    @property
    def expired(self) -> bool:
        """True if the oldest request has run past the page time limit."""
        if not self._pending:
            return False
        limit = self.limits.page_seconds + (0 if self._opened else self.limits.open_seconds)
        return time.monotonic() - self._pending[0][2] > limit

    def restart(self) -> list[int]:
        """Kill the worker; the pages still pending are returned (they were not drawn)."""
        dropped = [page for page, _zoom, _sent in self._pending]
        self._pending.clear()
        if self._worker is not None:
            self._worker.kill()
            self._worker = None
        return dropped

    def render(self, page: int, zoom: float) -> RenderedPage:
        """Draw one page and wait for it (``DocumentError`` if it cannot be drawn)."""
        from desktop_app.core.documents.pdf_raw import RenderedPage

        self.request(page, zoom)
        while True:
            while self._worker is not None and not self._worker.conn.poll(_POLL):
                if self.expired:
                    self.restart()
                    raise DocumentError(f"Page {page + 1} took too long to draw.")
            answer = self.receive()
            if isinstance(answer, RenderedPage):
                return answer
            if answer is not None:
                raise DocumentError(f"Page {page + 1} could not be drawn ({answer[1]}).")

    def close(self) -> None:
        """Give the worker back (or stop it if requests are still running)."""
        if self._worker is None:
            return
        if self._pending:
            self._worker.kill()
        else:
            give_back(self._worker)
        self._worker = None
        self._pending.clear()


def annotate_pdf(
    source: PdfSource,
    highlights: list[Highlight],
    *,
    limits: PdfLimits | None = None,
    progress: Progress | None = None,
) -> Highlighted:
    """Highlight quotes in a copy of ``source`` inside a worker process (``pdf_annotate``).

    Each page touched (searched, annotated) must finish within ``limits.page_seconds``,
    writing the copy within ``limits.open_seconds``, under the worker's memory cap.
    Raises ``DocumentError`` with the reason otherwise, ``Cancelled`` if cancelled.
    """
    limits = limits or PdfLimits()
    progress = progress or Progress()
    name = source.path.name
    worker = take_worker(limits.memory_bytes)
    _open_worker(worker, source, limits, progress)
    worker.send("annotate", highlights, name)
    budget = limits.page_seconds
    deadline = time.monotonic() + budget
    try:
        while True:
            if not wait([worker.conn], _POLL):
                progress.checkpoint()
                if time.monotonic() > deadline:
                    worker.kill()
                    raise DocumentError(
                        f"Cannot annotate {name}: a page took longer than {budget:g} s;"
                        " the file may be damaged or hostile."
                    )
                continue
            message = worker.receive()
            if message is None:
                raise DocumentError(_death_message(worker, name, limits, "annotate"))
            if message[0] == "tick":
                budget = limits.open_seconds if message[1] == "save" else limits.page_seconds
                deadline = time.monotonic() + budget
            elif message[0] == "annotated":
                give_back(worker)
                result: Highlighted = message[1]
                return result
            else:
                give_back(worker)
                raise DocumentError(f"Cannot annotate {name}: {message[1]}.")
    except BaseException:
        worker.kill()
        raise
