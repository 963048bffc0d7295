"""Help ▸ About: what Verso is, its version and its licence."""

from __future__ import annotations

from PySide6.QtWidgets import QMessageBox, QWidget

from desktop_app import __version__

ABOUT_TEXT = (
    f"<h3>Verso {__version__}</h3>"
    "<p>Read two documents against each other: Verso aligns the passages they share, "
    "from near-verbatim quotes down to the exact words to paraphrases at paragraph level.</p>"
    "<p>Free software under the GNU Affero General Public License, version 3 or later. "
    "Built on PySide6 (LGPL-3.0), PyMuPDF (AGPL-3.0) and RapidFuzz (MIT).</p>"
)


def show_about(parent: QWidget) -> None:
    QMessageBox.about(parent, "About Verso", ABOUT_TEXT)
