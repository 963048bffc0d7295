"""Alignment of two documents: quote links (near-verbatim reuse) and related links.

``align`` is the public entry point; the submodules are its steps. ``refine``
runs after it, in the background, to add meaning-level related links.
"""

from desktop_app.core.alignment.pipeline import align
from desktop_app.core.alignment.refine import refine

__all__ = ["align", "refine"]
