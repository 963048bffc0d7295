"""``CachedAligner``: ``align`` behind the SQLite cache, for the app's composition root.

Aligning two books takes seconds; reopening the same comparison should not. The
cache (``core.cache``) keeps links per (left sha256, right sha256, key). The
file hash alone does not pin the text a link's offsets point into (a newer
loader may extract a PDF differently), so the key also holds a digest of each
document's text and blocks, the options and ``ALGORITHM_VERSION``. ``align``
itself stays pure: caching is the caller's choice.

A cache hit imports nothing of the alignment itself (numpy, scipy, the embedding
model): the pipeline is imported on the first miss, so a repeated ``verso align``
costs little more than reading the two files.
"""

from __future__ import annotations

import hashlib
import json
import sys
import threading
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from desktop_app.core.cancel import Progress
from desktop_app.core.model import Alignment, AlignOptions, Document, LinkKind
from desktop_app.core.scores import table_digest

if TYPE_CHECKING:
    from desktop_app.core.cache import Cache

# Bump when align's links change for the same documents and options.
ALGORITHM_VERSION = 9  # 6: calibrated scores; 9: paragraph pairs between essays


class CachedAligner:
    """Callable like ``align``; answers from ``cache`` when the same pair was aligned.

    With ``meaning`` the meaning-level step runs too (``Meaning(cache=cache)``: the
    packaged model, its embeddings kept in the same cache), as ``verso align`` and
    the window's settled links do. ``calibrate=False``: the raw scores (``--raw-scores``).
    """

    def __init__(self, cache: Cache, *, meaning: bool = False, calibrate: bool = True) -> None:
        self.cache = cache
        self.meaning = meaning
        self.calibrate = calibrate
        self._warming: threading.Thread | None = None

    def __call__(
        self,
        left: Document,
        right: Document,
        options: AlignOptions | None = None,
        progress: Progress | None = None,
    ) -> Alignment:
        options = AlignOptions() if options is None else options
        key = cache_key(left, right, options, self.meaning, self.calibrate)
        stored = self.cache.alignment(left.sha256, right.sha256, key)
        if stored is not None:
            if progress is not None:
                progress.report(1.0, "Aligned (from cache)")
            return Alignment(stored[0], options, stored[1])
        if self.meaning and LinkKind.RELATED in options.kinds and not _shows_quotes(progress):
            from desktop_app.core.semantic.model import preload

            # onnxruntime builds the session in native code, on the other core, while
            # this thread imports the pipeline (numpy, SciPy) and finds the quotes. A
            # caller shown the quotes first (the window) has it loaded after them (align).
            preload()
        from desktop_app.core.alignment.meaning import Meaning
        from desktop_app.core.alignment.pipeline import align

        meaning = Meaning(cache=self.cache) if self.meaning else None
        alignment = align(left, right, options, progress, meaning=meaning, calibrate=self.calibrate)
        self.cache.store_alignment(
            left.sha256, right.sha256, key, alignment.links, alignment.ordered
        )
        return alignment

    def warm_up_soon(self, paths: Sequence[Path] = ()) -> None:
        """``warm_up`` on a thread of its own (the caller goes on; ``join`` waits for it).

        With the ``paths`` about to be opened (focal first), only when the cache holds
        nothing for some pair of their current bytes: a comparison reopened is answered
        from the cache, and the imports would only slow its documents down.
        """
        if self._warming is None:
            self._warming = threading.Thread(
                target=self._warm_up_for, args=(tuple(paths),), name="verso-align-warm-up"
            )
            self._warming.start()

    def _warm_up_for(self, paths: tuple[Path, ...]) -> None:
        if len(paths) >= 2:
            try:
                hashes = [hashlib.sha256(path.read_bytes()).hexdigest() for path in paths]
            except OSError:
                return  # the load reports it
            if all(self.cache.has_alignments(hashes[0], other) for other in hashes[1:]):
                return
        self.warm_up()

    def join(self) -> None:
        """Wait for a warm-up, and a model the pipeline is loading, under way: a process
        must not exit while the model loads (its native threads would abort the
        interpreter's exit)."""
        if self._warming is not None:
            self._warming.join()
        if "desktop_app.core.semantic.model" in sys.modules:
            sys.modules["desktop_app.core.semantic.model"].join_preload()

    def warm_up(self) -> None:
        """Import the pipeline now, e.g. on a spare thread, so the first alignment does
        not wait for it. The embedding model is not loaded here: the pipeline starts
        loading it once the quote links are out (``semantic.model.preload``), and only
        on a cache miss."""
        from desktop_app.core.alignment import pipeline  # noqa: F401 (imported for its cost)


def _shows_quotes(progress: Progress | None) -> bool:
    return progress is not None and progress.wants_interim


def cache_key(
    left: Document,
    right: Document,
    options: AlignOptions,
    meaning: bool = False,
    calibrate: bool = True,
) -> str:
    """Algorithm version, options, whether the meaning-level step ran, the score table (or
    raw scores) and both texts' digests."""
    settings = {
        "version": ALGORITHM_VERSION,
        "kinds": sorted(kind.value for kind in options.kinds),
        "min_score": options.min_score,
        "ordered": options.ordered,
        "meaning": meaning,
        "scores": table_digest() if calibrate else "raw",
        "texts": [_text_digest(left), _text_digest(right)],
    }
    return "align:" + json.dumps(settings, sort_keys=True, separators=(",", ":"))


def _text_digest(document: Document) -> str:
    digest = hashlib.blake2b(digest_size=16)
    digest.update(document.text.encode("utf-8", "surrogatepass"))
    for block in document.blocks:
        digest.update(f"|{block.kind.value}:{block.span.start}:{block.span.end}".encode())
    return digest.hexdigest()
