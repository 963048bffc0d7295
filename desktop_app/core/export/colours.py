"""Annotation colours as every format needs them, validated once.

Colours come from user data and end up inside CSS and PDF dictionaries, so only
``#rgb``/``#rrggbb`` and the palette names below are accepted; anything else
falls back to the default highlight colour instead of reaching the output.
"""

from __future__ import annotations

import re

DEFAULT_COLOUR = "#ffd54f"

# The highlight palette names Verso offers, for colours stored by name.
PALETTE: dict[str, str] = {
    "yellow": "#ffd54f",
    "green": "#81c784",
    "blue": "#64b5f6",
    "pink": "#f48fb1",
    "orange": "#ffb74d",
    "purple": "#ba68c8",
    "red": "#e57373",
    "grey": "#b0bec5",
    "gray": "#b0bec5",
}

_HEX = re.compile(r"#(?:[0-9a-fA-F]{3}|[0-9a-fA-F]{6})")


def css_colour(colour: str | None) -> str:
    """A safe ``#rrggbb`` for ``colour``, or the default when it is missing or invalid."""
    if colour is None:
        return DEFAULT_COLOUR
    value = colour.strip().lower()
    value = PALETTE.get(value, value)
    if not _HEX.fullmatch(value):
        return DEFAULT_COLOUR
    if len(value) == 4:
        value = "#" + "".join(ch * 2 for ch in value[1:])
    return value


def rgb_bytes(colour: str | None) -> tuple[int, int, int]:
    """The colour as 0..255 channels."""
    value = css_colour(colour)
    return (int(value[1:3], 16), int(value[3:5], 16), int(value[5:7], 16))


def rgb_floats(colour: str | None) -> tuple[float, float, float]:
    """The colour as 0..1 channels, as PDF colour arrays want them."""
    r, g, b = rgb_bytes(colour)
    return (r / 255, g / 255, b / 255)


def tint(colour: str | None, amount: float = 0.8) -> str:
    """The colour mixed with white (``amount`` of white), for readable backgrounds."""
    r, g, b = rgb_bytes(colour)
    mix = [round(c + (255 - c) * amount) for c in (r, g, b)]
    return "#{:02x}{:02x}{:02x}".format(*mix)
