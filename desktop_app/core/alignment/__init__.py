"""Alignment of two documents: quote links (near-verbatim reuse) and related links.

``align`` (``pipeline.py``) is the public entry point; the submodules are its steps.
It is imported on first use (PEP 562): the pipeline brings numpy, scipy and
rapidfuzz, which the window must not wait for before it shows.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from desktop_app.core.alignment.pipeline import align

__all__ = ["align"]


def __getattr__(name: str) -> Any:
    if name == "align":
        from desktop_app.core.alignment.pipeline import align

        return align
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
