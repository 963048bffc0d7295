"""Short and all-capital Russian texts in KOI8-R, cp866… are read right; a weak guess says so."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from desktop_app.core.documents import load
from desktop_app.core.documents.cyrillic import guess_cyrillic
from desktop_app.core.documents.encoding import WEAK_CONFIDENCE

# Not in the sample the letter pairs are learnt from (resources/language/russian-sample.txt).
SHORT = ["Да", "Ёжик", "Нет", "Привет, мир!", "щука"]
CAPITALS = "ВНИМАНИЕ! ЗАВТРА ВОДА БУДЕТ ОТКЛЮЧЕНА"
PARAGRAPH = (
    "Шла Саша по шоссе и сосала сушку. На дворе трава, на траве дрова; "
    "не руби дрова на траве двора. Карл у Клары украл кораллы, а Клара у Карла "
    "украла кларнет. Ехал Грека через реку, видит Грека: в реке рак."
)
CODECS = ["koi8_r", "cp866", "cp1251", "iso8859_5"]


def _file(tmp_path: Path, text: str, codec: str) -> Path:
    path = tmp_path / f"{codec}.txt"
    path.write_bytes(text.encode(codec))
    return path


def _cases() -> list[tuple[str, str]]:
    """Every short text in every code page, but cp866 "Ёжик" (see the next test)."""
    return [(t, c) for t in SHORT for c in CODECS if (t, c) != ("Ёжик", "cp866")]


@pytest.mark.parametrize(("text", "codec"), _cases())
def test_a_short_text_is_read_right_and_the_guess_called_weak(
    tmp_path: Path, codec: str, text: str
) -> None:
    document = load(_file(tmp_path, text, codec))
    assert document.text == text
    assert document.encoding_confidence is not None
    assert document.encoding_confidence < WEAK_CONFIDENCE
    [notice] = [w for w in document.warnings if "encoding" in w]
    assert document.encoding is not None
    assert document.encoding in notice and "%" in notice


def test_cp866_bytes_that_are_also_valid_utf8_are_an_even_call_the_user_is_told(
    tmp_path: Path,
) -> None:
    """cp866 "Ёжик" is the UTF-8 of one rare ideograph: any typed UTF-8 text must read back
    exactly (tests/reliability/test_properties.py), so UTF-8 stays, as a weak guess."""
    path = _file(tmp_path, "Ёжик", "cp866")
    document = load(path)
    assert document.text == "Ёжик".encode("cp866").decode("utf-8")
    assert document.encoding == "utf-8" and document.encoding_confidence == 0.5
    assert any("read as utf-8, a guess (50% sure)" in w for w in document.warnings)
    assert load(path, encoding="cp866").text == "Ёжик"


@pytest.mark.parametrize("codec", CODECS)
def test_a_line_in_capitals_is_read_right(tmp_path: Path, codec: str) -> None:
    assert load(_file(tmp_path, CAPITALS, codec)).text == CAPITALS


@pytest.mark.parametrize("codec", CODECS)
def test_a_paragraph_is_read_right_and_surely(tmp_path: Path, codec: str) -> None:
    document = load(_file(tmp_path, PARAGRAPH, codec))
    assert document.text == PARAGRAPH
    assert document.encoding_confidence is not None
    assert document.encoding_confidence >= WEAK_CONFIDENCE
    assert document.warnings == ()


def test_koi8_read_as_cp1251_scores_worse_for_its_swapped_case() -> None:
    guess = guess_cyrillic("Да".encode("koi8_r"))
    assert guess is not None and guess.codec == "koi8_r"
    assert "Да".encode("koi8_r").decode("cp1251") == "дБ"  # what was shown before


def test_western_text_is_not_taken_for_russian(tmp_path: Path) -> None:
    text = "Café crème brûlée, Straße und Grüße aus München."
    document = load(_file(tmp_path, text, "cp1252"))
    assert document.text == text
    assert guess_cyrillic(text.encode("cp1252")) is None


def test_a_chosen_encoding_is_used_and_sure(tmp_path: Path) -> None:
    path = _file(tmp_path, "Да", "koi8_r")
    document = load(path, encoding="cp1251")
    assert document.text == "дБ" and document.encoding == "cp1251"
    assert document.encoding_confidence == 1.0 and document.warnings == ()


def _verso(*args: str) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(
        [sys.executable, "-m", "desktop_app", *args], capture_output=True, timeout=120, check=False
    )


def test_verso_text_says_a_weak_guess_on_stderr_and_takes_an_encoding(tmp_path: Path) -> None:
    path = _file(tmp_path, "Ёжик", "koi8_r")
    result = _verso("text", str(path))
    assert result.returncode == 0
    assert result.stdout.decode("utf-8") == "Ёжик"
    [line] = result.stderr.decode("utf-8").splitlines()
    assert line.startswith("verso: ") and "koi8-r" in line and "--encoding" in line
    forced = _verso("text", "--encoding", "cp1251", str(path))
    assert forced.returncode == 0 and forced.stderr == b""
    assert forced.stdout.decode("utf-8") == "Ёжик".encode("koi8_r").decode("cp1251")
