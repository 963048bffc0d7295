"""Which language a run of text is in, by its script: Word's spelling checker needs it.

A Word document without language tags is checked as the template's language,
so a Russian quote comes out underlined as misspelt English. Text is cut into
runs where the script changes (Cyrillic → ``ru-RU``, anything else →
``en-US``); spaces, digits and punctuation stay with the letters before them.
"""

from __future__ import annotations

import re

RUSSIAN = "ru-RU"
ENGLISH = "en-US"
_LETTER = re.compile(r"[^\W\d_]")


def _language(char: str) -> str | None:
    """The language a letter says the text is in; None for a character that says nothing."""
    if not _LETTER.match(char):
        return None
    return RUSSIAN if "\u0400" <= char <= "\u052f" else ENGLISH


def language_runs(text: str) -> list[tuple[str, str]]:
    """``text`` as (piece, language) runs that join back to it, split where the script changes."""
    runs: list[tuple[str, str]] = []
    start = 0
    current: str | None = None
    for index, char in enumerate(text):
        language = _language(char)
        if language is None or language == current:
            continue
        if current is not None:
            runs.append((text[start:index], current))
            start = index
        current = language
    if text[start:] or not runs:
        runs.append((text[start:], current or ENGLISH))
    return runs
