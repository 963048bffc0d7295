"""Colours and fonts derived from the system palette, so light and dark both read well.

Link colours are fixed hues (quote = amber, related = blue) drawn with alpha, so
they tint whatever background the palette gives instead of fighting it.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtGui import QColor, QFont, QPalette

from desktop_app.core.model import LinkKind

_HUES = {LinkKind.QUOTE: QColor(230, 150, 20), LinkKind.RELATED: QColor(60, 130, 230)}

BODY_POINT_SIZE = 11.5
MIN_TEXT_POINTS, MAX_TEXT_POINTS = 7.0, 32.0
TEXT_STEP = 1.1
MAX_TEXT_WIDTH_EM = 38  # about 75 characters a line for a serif body font


def is_dark(palette: QPalette) -> bool:
    return palette.color(QPalette.ColorRole.Base).lightness() < 128


THEMES = ("system", "light", "dark")
"""The reader's choices (View > Theme): the desktop's own colours, or Verso's light or dark."""


@dataclass(frozen=True)
class Theme:
    """The colours every view paints with, taken from one palette."""

    palette: QPalette

    def adopt(self, palette: QPalette) -> None:
        """Paint with ``palette`` from now on: every view holding this theme follows."""
        self.palette.swap(QPalette(palette))

    @property
    def dark(self) -> bool:
        return is_dark(self.palette)

    def link_color(self, kind: LinkKind, score: float = 100.0, *, selected: bool = False) -> QColor:
        """Ribbon/highlight colour of a link: stronger links are more opaque."""
        color = QColor(_HUES[kind])
        if self.dark:
            color = color.lighter(115)
        strength = max(0.0, min(1.0, score / 100.0))
        alpha = 0.22 + 0.38 * strength
        if selected:
            alpha = 0.85
        color.setAlphaF(alpha)
        return color

    def highlight(self, kind: LinkKind, *, selected: bool = False) -> QColor:
        """Background tint of linked text in a pane (light enough to read through)."""
        color = QColor(_HUES[kind])
        color.setAlphaF((0.55 if selected else 0.28) if self.dark else (0.45 if selected else 0.2))
        return color

    def outline(self, kind: LinkKind) -> QColor:
        color = QColor(_HUES[kind])
        return color.lighter(130) if self.dark else color.darker(130)

    def over_page(self, color: QColor) -> QColor:
        """A translucent ``color`` as it looks over the page, as one opaque colour: it
        covers the tints under it instead of mixing with them."""
        base = self.palette.color(QPalette.ColorRole.Base)
        alpha = color.alphaF()
        mixed = QColor(
            round(base.red() + (color.red() - base.red()) * alpha),
            round(base.green() + (color.green() - base.green()) * alpha),
            round(base.blue() + (color.blue() - base.blue()) * alpha),
        )
        return mixed

    def diff_fill(self, kind: LinkKind) -> QColor:
        """The words a quote changed: a deeper shade of the link's own colour, as diff tools
        mark changed words inside a changed line (a red wave read as a spelling mistake)."""
        color = QColor(_HUES[kind])
        color = color.lighter(120) if self.dark else color.darker(115)
        color.setAlphaF(0.55 if self.dark else 0.5)
        return color

    def find_match(self) -> QColor:
        color = QColor(120, 200, 80)
        color.setAlphaF(0.5)
        return color

    def muted_text(self) -> QColor:
        return self.palette.color(QPalette.ColorGroup.Disabled, QPalette.ColorRole.Text)


def body_font(points: float = BODY_POINT_SIZE) -> QFont:
    """A serif face for long reading; Qt falls back to what the system has."""
    font = QFont()
    font.setFamilies(["Source Serif 4", "Georgia", "Noto Serif", "DejaVu Serif", "Times New Roman"])
    font.setStyleHint(QFont.StyleHint.Serif)
    font.setPointSizeF(points)
    return font


def text_size_after(points: float, steps: int) -> float:
    """The reader's text size ``steps`` steps larger (or smaller, or back to normal at 0):
    about a tenth a step, kept between 7 and 32 points."""
    if steps == 0:
        return BODY_POINT_SIZE
    return round(max(MIN_TEXT_POINTS, min(MAX_TEXT_POINTS, points * TEXT_STEP**steps)), 1)


def mono_font() -> QFont:
    font = QFont()
    font.setFamilies(["DejaVu Sans Mono", "Menlo", "Consolas", "Noto Mono"])
    font.setStyleHint(QFont.StyleHint.Monospace)
    font.setPointSizeF(BODY_POINT_SIZE - 1.5)
    return font


def palette_for(choice: str, system: QPalette) -> QPalette:
    """The palette of a theme choice; ``system`` is the desktop's own."""
    if choice == "dark":
        return dark_palette()
    if choice == "light":
        return light_palette()
    return QPalette(system)


def light_palette() -> QPalette:
    """Verso's light colours (black on white), whatever the desktop uses."""
    p = QPalette(QColor(239, 239, 239))
    role = QPalette.ColorRole
    for r, c in {
        role.Base: QColor(255, 255, 255),
        role.AlternateBase: QColor(245, 245, 245),
        role.Text: QColor(20, 20, 20),
        role.WindowText: QColor(20, 20, 20),
        role.ButtonText: QColor(20, 20, 20),
        role.ToolTipBase: QColor(255, 255, 220),
        role.ToolTipText: QColor(20, 20, 20),
        role.Highlight: QColor(48, 140, 198),
        role.HighlightedText: QColor(255, 255, 255),
    }.items():
        p.setColor(r, c)
    return p


def dark_palette() -> QPalette:
    """A dark palette for screenshots and for systems whose style ignores dark mode."""
    p = QPalette()
    role = QPalette.ColorRole
    colors = {
        role.Window: QColor(37, 38, 41),
        role.WindowText: QColor(222, 222, 222),
        role.Base: QColor(27, 28, 30),
        role.AlternateBase: QColor(44, 45, 48),
        role.Text: QColor(222, 222, 222),
        role.Button: QColor(48, 49, 53),
        role.ButtonText: QColor(222, 222, 222),
        role.Highlight: QColor(60, 110, 190),
        role.HighlightedText: QColor(255, 255, 255),
        role.ToolTipBase: QColor(48, 49, 53),
        role.ToolTipText: QColor(222, 222, 222),
        role.PlaceholderText: QColor(140, 140, 140),
        role.Link: QColor(110, 170, 255),
        role.Mid: QColor(70, 70, 74),
        role.Dark: QColor(20, 20, 22),
        role.Light: QColor(80, 80, 84),
    }
    for r, c in colors.items():
        p.setColor(r, c)
    for r in (role.Text, role.WindowText, role.ButtonText):
        p.setColor(QPalette.ColorGroup.Disabled, r, QColor(130, 130, 130))
    return p
