"""CachedAligner: same links as align, answered from a real SQLite cache file the second time."""

from __future__ import annotations

from pathlib import Path

import pytest

from desktop_app.core.alignment import align
from desktop_app.core.alignment.cached import CachedAligner, cache_key
from desktop_app.core.cache import Cache
from desktop_app.core.cancel import Progress
from desktop_app.core.documents.plaintext import document_from_text
from desktop_app.core.model import AlignOptions, LinkKind

LEFT = (
    "We believe that the new bridge across the river will bring prosperity to every"
    " village in the valley. The council will vote on it in May.\n"
)
RIGHT = (
    "The mayor said that the new bridge across the river will bring prosperity to every"
    " village in the valley, and sat down.\n"
)


def _messages() -> tuple[list[str], Progress]:
    seen: list[str] = []
    return seen, Progress(lambda _fraction, message: seen.append(message))


def test_second_alignment_comes_from_the_cache_file(tmp_path: Path) -> None:
    left, right = document_from_text(LEFT), document_from_text(RIGHT)
    expected = align(left, right)
    assert expected.of_kind(LinkKind.QUOTE)
    with Cache(tmp_path / "cache.sqlite3") as cache:
        first_messages, progress = _messages()
        first = CachedAligner(cache)(left, right, progress=progress)
        assert "Aligned (from cache)" not in first_messages
    with Cache(tmp_path / "cache.sqlite3") as cache:  # reopened: the links are in the file
        second_messages, progress = _messages()
        second = CachedAligner(cache)(left, right, progress=progress)
    assert second_messages == ["Aligned (from cache)"]
    assert first.links == second.links == expected.links


def test_other_options_or_other_text_with_the_same_hash_miss(tmp_path: Path) -> None:
    left, right = document_from_text(LEFT), document_from_text(RIGHT)
    quotes = AlignOptions(kinds=frozenset({LinkKind.QUOTE}))
    # A newer loader may extract other text from the same file (same sha256).
    reread = document_from_text(LEFT.replace("May", "June"), sha256=left.sha256)
    assert cache_key(left, right, quotes) != cache_key(left, right, AlignOptions())
    assert cache_key(left, right, quotes) != cache_key(reread, right, quotes)
    with Cache(tmp_path / "cache.sqlite3") as cache:
        aligner = CachedAligner(cache)
        aligner(left, right, quotes)
        messages, progress = _messages()
        result = aligner(reread, right, quotes, progress)
    assert "Aligned (from cache)" not in messages
    assert result.links == align(reread, right, quotes).links


def test_cache_key_follows_the_score_table(monkeypatch: pytest.MonkeyPatch) -> None:
    """Alignments cached with another calibration table are not read back."""
    from desktop_app.core import scores

    left, right = document_from_text("One text.\n"), document_from_text("Another text.\n")
    before = cache_key(left, right, AlignOptions())
    assert before != cache_key(left, right, AlignOptions(), calibrate=False)
    monkeypatch.setattr(scores, "KNOTS", {"quote": ((0.0, 0.5),)})
    assert cache_key(left, right, AlignOptions()) != before
