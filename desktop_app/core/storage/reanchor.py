"""Carry a document's annotations over to a new version of it.

A changed file has a new hash, i.e. is a new document. Its annotations are
resolved against the new text; each one found moves to the new version (same
id, so undo history and exports keep pointing at it) with fresh selectors.
Orphans stay on the old version, untouched, and are reported so the UI can
list them: an annotation is never deleted because its passage went away.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from desktop_app.core.anchoring import DEFAULT_MIN_SCORE, Anchorer, Resolution, make_target
from desktop_app.core.annotations import Annotation, utc_now
from desktop_app.core.cancel import Progress
from desktop_app.core.model import Document
from desktop_app.core.storage.annotation_store import AnnotationStore

_BATCH = 2000
"""Notes resolved together (one index lookup pass each); progress is reported between."""


@dataclass(frozen=True, slots=True)
class Reanchored:
    annotation: Annotation  # as stored now (moved, or the untouched orphan)
    resolution: Resolution


def reanchor_document(
    store: AnnotationStore,
    old_sha256: str,
    document: Document,
    *,
    min_score: float = DEFAULT_MIN_SCORE,
    progress: Progress | None = None,
) -> list[Reanchored]:
    """Resolve the live annotations of ``old_sha256`` in ``document`` and move those found."""
    progress = progress or Progress()
    annotations = store.list(document=old_sha256)
    anchorer = Anchorer(document.text)
    page_of = document.geometry.page_of if document.geometry is not None else None
    results: list[Reanchored] = []
    moved: list[Annotation] = []
    now = utc_now()
    resolutions: list[Resolution] = []
    for first in range(0, len(annotations), _BATCH):
        progress.report(first / max(1, len(annotations)), "Re-anchoring notes")
        batch = annotations[first : first + _BATCH]
        resolutions.extend(anchorer.resolve_many([a.target for a in batch], min_score))
    for annotation, resolution in zip(annotations, resolutions, strict=True):
        if resolution.span is None:
            results.append(Reanchored(annotation, resolution))
            continue
        page = page_of(resolution.span.start) if page_of else annotation.target.page
        updated = replace(
            annotation,
            document=document.sha256,
            target=make_target(document.text, resolution.span, page),
            modified=now,
        )
        moved.append(updated)
        results.append(Reanchored(updated, resolution))
    if moved:
        store.update_many(moved)
    progress.report(1.0, "Re-anchoring notes")
    return results
