"""The highlight palette, in a module of its own so the command line can offer its names
without importing the notes' model (``core.annotations``)."""

from __future__ import annotations

import enum


class Colour(enum.Enum):
    """The highlight palette; stored by name so a theme can change the shades."""

    YELLOW = "yellow"
    GREEN = "green"
    BLUE = "blue"
    PINK = "pink"
    PURPLE = "purple"
    ORANGE = "orange"
