"""Reliability tests share the reading room's fixtures: a real window over real services."""

from __future__ import annotations

from tests.helpers.windows import aligner, services, window

__all__ = ["aligner", "services", "window"]
