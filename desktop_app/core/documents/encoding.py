"""Decoding text files: strict UTF first, then detection among a few likely codecs.

An unrestricted detector reads Russian cp1251 as Shift-JIS (DESIGN.md §7), so
detection is limited to the encodings our users' files are actually in.
UTF-16 without a BOM (some Windows exports) is recognised by where its NUL bytes
sit: the high bytes of ASCII characters are NUL, all on one side of each pair,
whereas binary files have NULs everywhere.

Russian single-byte code pages (cp1251, KOI8-R, cp866, ISO 8859-5, Mac
Cyrillic) are told apart by how Russian each reading looks (``cyrillic``),
before the general detector is asked: it misread short texts and lines in
capitals. Each decoding says how sure it is (``Decoded.confidence``); below
``WEAK_CONFIDENCE`` the Document carries a notice naming the encoding chosen,
and the user can reopen the file with another (``load(path, encoding=...)``).
"""

from __future__ import annotations

import codecs
import unicodedata
from dataclasses import dataclass

from desktop_app.core.documents.cyrillic import guess_cyrillic
from desktop_app.core.errors import DocumentError

CANDIDATES = ("utf_8", "utf_16", "cp1251", "koi8_r", "cp866", "cp1252", "latin_1")
_UTF16_BOMS = (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)
_UTF32_BOMS = (codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE)
# Control characters that plain text legitimately contains.
_TEXT_CONTROLS = frozenset("\t\n\r\f\v\x1b")
_MAX_CONTROL_RATIO = 0.01
# Below this, a decoding is a guess worth telling the user about (see ``cyrillic``).
WEAK_CONFIDENCE = 0.85
# Short valid UTF-8 that also reads as Russian in a single-byte code page: an even call.
UTF8_OR_CYRILLIC = 0.5
# Encodings a user may want to reopen a text file with, most likely first.
REOPEN_CHOICES = (
    "utf-8", "cp1251", "koi8-r", "cp866", "iso8859-5", "mac-cyrillic", "cp1252", "utf-16",
)  # fmt: skip


@dataclass(frozen=True, slots=True)
class Decoded:
    """Decoded text, the codec used, and how sure the choice is (1.0: certain or chosen)."""

    text: str
    encoding: str
    confidence: float = 1.0


def decode_text(data: bytes, name: str, encoding: str | None = None) -> tuple[str, str]:
    """Decode ``data`` (the file ``name``) and return ``(text, encoding used)``.

    ``encoding`` forces a codec; a BOM is stripped either way. Raises
    ``DocumentError`` if the bytes do not decode or do not look like text.
    """
    decoded = decode(data, name, encoding)
    return decoded.text, decoded.encoding


def decode(data: bytes, name: str, encoding: str | None = None) -> Decoded:
    """``decode_text`` with how sure the detection is (``Decoded.confidence``)."""
    if encoding is not None:
        text, used = _decode_forced(data, name, encoding)
        decoded = Decoded(text, used)
    else:
        decoded = _decode_detected(data, name)
    check_looks_like_text(decoded.text, name)
    return decoded


def encoding_notice(name: str, encoding: str | None, confidence: float | None) -> str:
    """The notice for a weak guess ("" if the choice is sure): which encoding, how sure."""
    if encoding is None or confidence is None or confidence >= WEAK_CONFIDENCE:
        return ""
    return (
        f"{name} was read as {encoding}, a guess ({confidence:.0%} sure); "
        "if the text looks wrong, open it with another encoding."
    )


def canonical_name(encoding: str) -> str:
    """Python's canonical codec name ("UTF8" -> "utf-8"), or ``DocumentError``."""
    try:
        return codecs.lookup(encoding).name
    except LookupError as exc:
        raise DocumentError(f"Unknown text encoding {encoding!r}.") from exc


def check_looks_like_text(text: str, name: str) -> None:
    """Refuse decoded text full of NULs and control characters (a binary file)."""
    sample = text[:65536]
    if "\x00" in sample:
        raise DocumentError(f"Cannot open {name}: it does not look like text (it has NUL bytes).")
    controls = sum(
        1 for ch in sample if ch not in _TEXT_CONTROLS and unicodedata.category(ch) == "Cc"
    )
    if sample and controls / len(sample) > _MAX_CONTROL_RATIO:
        raise DocumentError(
            f"Cannot open {name}: it does not look like text (too many control characters)."
        )


def _decode_forced(data: bytes, name: str, encoding: str) -> tuple[str, str]:
    codec = canonical_name(encoding)
    if codec == "utf-8" and data.startswith(codecs.BOM_UTF8):
        codec = "utf-8-sig"
    try:
        text = data.decode(codec)
    except UnicodeDecodeError as exc:
        raise DocumentError(
            f"Cannot read {name} as {encoding}: byte {exc.start} is not valid in that encoding."
        ) from exc
    if codec in ("utf-16", "utf-32") or text.startswith("\ufeff"):
        text = text.removeprefix("\ufeff")
    return text, codec


def _decode_detected(data: bytes, name: str) -> Decoded:
    if data.startswith(codecs.BOM_UTF8):
        return Decoded(_strict(data, "utf-8-sig", name), "utf-8-sig")
    if data.startswith(_UTF32_BOMS):
        return Decoded(_strict(data, "utf-32", name), "utf-32")
    if data.startswith(_UTF16_BOMS):
        return Decoded(_strict(data, "utf-16", name), "utf-16")
    if b"\x00" in data[:65536]:  # text has no NULs, unless it is UTF-16
        codec = _utf16_by_nul_pattern(data[:65536])
        if codec is not None:
            try:
                return Decoded(data.decode(codec), codec)
            except UnicodeDecodeError:
                pass
        raise DocumentError(f"Cannot open {name}: it does not look like text (it has NUL bytes).")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    else:
        if _unlikely_utf8(text) and guess_cyrillic(data) is not None:
            # Both readings are valid; UTF-8 stays (typed text must read back exactly),
            # but as an even call the user is told about, to reopen as cp866 say.
            return Decoded(text, "utf-8", UTF8_OR_CYRILLIC)
        return Decoded(text, "utf-8")
    cyrillic = _cyrillic(data)
    if cyrillic is not None:
        return cyrillic
    import charset_normalizer  # here: UTF-8 and Russian text, most files, never need it

    match = charset_normalizer.from_bytes(data, cp_isolation=list(CANDIDATES)).best()
    if match is None:
        raise DocumentError(
            f"Cannot open {name}: its text encoding could not be recognised; "
            "choose the encoding explicitly."
        )
    codec = canonical_name(match.encoding)
    return Decoded(_strict(data, codec, name), codec)


def _unlikely_utf8(text: str) -> bool:
    """Valid UTF-8 that may be a few single-byte letters: cp866 "Ёжик" is the 4-byte
    UTF-8 sequence of one rare ideograph. Longer texts are valid UTF-8 by chance almost
    never, so only a handful of non-ASCII characters are in doubt."""
    wide = [ch for ch in text if ch >= "\x80"]
    return 0 < len(wide) <= 4 and any(
        ord(ch) > 0xFFFF or unicodedata.category(ch) in ("Cn", "Co", "Cs") for ch in wide
    )


def _cyrillic(data: bytes) -> Decoded | None:
    """The Russian code page that reads ``data`` best, if any reading looks Russian."""
    guess = guess_cyrillic(data)
    if guess is None:
        return None
    try:
        text = data.decode(guess.codec)
    except UnicodeDecodeError:  # a byte past the scored sample the code page lacks
        return None
    return Decoded(text, canonical_name(guess.codec), guess.confidence)


def _utf16_by_nul_pattern(sample: bytes) -> str | None:
    """ "utf-16-le"/"utf-16-be" if NULs sit only on one side of byte pairs, else None."""
    if len(sample) % 2:
        sample = sample[:-1]
    odd = sample[1::2].count(0)  # high bytes of little-endian code units
    even = sample[0::2].count(0)
    pairs = len(sample) // 2
    if pairs == 0 or min(odd, even) > 0.01 * max(odd, even):
        return None
    if max(odd, even) < 0.05 * pairs:
        return None
    return "utf-16-le" if odd > even else "utf-16-be"


def _strict(data: bytes, codec: str, name: str) -> str:
    try:
        return data.decode(codec)
    except UnicodeDecodeError as exc:
        raise DocumentError(f"Cannot read {name}: it is not valid {codec} text.") from exc
