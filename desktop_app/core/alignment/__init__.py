"""Alignment of two documents: quote links (near-verbatim reuse) and related links.

``align`` is the public entry point; the submodules are its steps.
"""

from desktop_app.core.alignment.pipeline import align

__all__ = ["align"]
