"""``CachedAligner``: ``align`` behind the SQLite cache, for the app's composition root.

Aligning two books takes seconds; reopening the same comparison should not. The
cache (``core.cache``) keeps links per (left sha256, right sha256, key). The
file hash alone does not pin the text a link's offsets point into (a newer
loader may extract a PDF differently), so the key also holds a digest of each
document's text and blocks, the options and ``ALGORITHM_VERSION``. ``align``
itself stays pure: caching is the caller's choice.
"""

from __future__ import annotations

import hashlib
import json

from desktop_app.core.alignment.meaning import Meaning
from desktop_app.core.alignment.pipeline import DEFAULT_OPTIONS, align
from desktop_app.core.cache import Cache
from desktop_app.core.cancel import Progress
from desktop_app.core.model import Alignment, AlignOptions, Document

# Bump when align's links change for the same documents and options.
ALGORITHM_VERSION = 5


class CachedAligner:
    """Callable like ``align``; answers from ``cache`` when the same pair was aligned."""

    def __init__(self, cache: Cache, meaning: Meaning | None = None) -> None:
        self.cache = cache
        self.meaning = meaning

    def __call__(
        self,
        left: Document,
        right: Document,
        options: AlignOptions = DEFAULT_OPTIONS,
        progress: Progress | None = None,
    ) -> Alignment:
        key = cache_key(left, right, options, self.meaning is not None)
        stored = self.cache.alignment(left.sha256, right.sha256, key)
        if stored is not None:
            if progress is not None:
                progress.report(1.0, "Aligned (from cache)")
            return Alignment(stored[0], options, stored[1])
        alignment = align(left, right, options, progress, meaning=self.meaning)
        self.cache.store_alignment(
            left.sha256, right.sha256, key, alignment.links, alignment.ordered
        )
        return alignment


def cache_key(left: Document, right: Document, options: AlignOptions, meaning: bool = False) -> str:
    """Algorithm version, options, whether the meaning-level step ran and both texts'
    digests."""
    settings = {
        "version": ALGORITHM_VERSION,
        "kinds": sorted(kind.value for kind in options.kinds),
        "min_score": options.min_score,
        "ordered": options.ordered,
        "meaning": meaning,
        "texts": [_text_digest(left), _text_digest(right)],
    }
    return "align:" + json.dumps(settings, sort_keys=True, separators=(",", ":"))


def _text_digest(document: Document) -> str:
    digest = hashlib.blake2b(digest_size=16)
    digest.update(document.text.encode("utf-8", "surrogatepass"))
    for block in document.blocks:
        digest.update(f"|{block.kind.value}:{block.span.start}:{block.span.end}".encode())
    return digest.hexdigest()
