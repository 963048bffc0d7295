"""The shade each highlight colour is painted in: the palette is stored by name."""

from __future__ import annotations

from PySide6.QtGui import QColor

from desktop_app.core.annotations import Colour

_SWATCHES = {
    Colour.YELLOW: QColor(250, 215, 50),
    Colour.GREEN: QColor(110, 200, 90),
    Colour.BLUE: QColor(90, 160, 240),
    Colour.PINK: QColor(240, 120, 170),
    Colour.PURPLE: QColor(170, 120, 230),
    Colour.ORANGE: QColor(250, 150, 60),
}


def swatch(colour: Colour, alpha: float = 1.0) -> QColor:
    """The shade of ``colour``, with ``alpha`` opacity."""
    color = QColor(_SWATCHES[colour])
    color.setAlphaF(alpha)
    return color
