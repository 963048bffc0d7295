"""Decoding text files: strict UTF first, then detection among a few likely codecs.

An unrestricted detector reads Russian cp1251 as Shift-JIS (DESIGN.md §7), so
detection is limited to the encodings our users' files are actually in.
UTF-16 without a BOM (some Windows exports) is recognised by where its NUL bytes
sit: the high bytes of ASCII characters are NUL, all on one side of each pair,
whereas binary files have NULs everywhere.
"""

from __future__ import annotations

import codecs
import unicodedata

import charset_normalizer

from desktop_app.core.errors import DocumentError

CANDIDATES = ("utf_8", "utf_16", "cp1251", "koi8_r", "cp866", "cp1252", "latin_1")
_UTF16_BOMS = (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)
_UTF32_BOMS = (codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE)
# Control characters that plain text legitimately contains.
_TEXT_CONTROLS = frozenset("\t\n\r\f\v\x1b")
_MAX_CONTROL_RATIO = 0.01


def decode_text(data: bytes, name: str, encoding: str | None = None) -> tuple[str, str]:
    """Decode ``data`` (the file ``name``) and return ``(text, encoding used)``.

    ``encoding`` forces a codec; a BOM is stripped either way. Raises
    ``DocumentError`` if the bytes do not decode or do not look like text.
    """
    if encoding is not None:
        text, used = _decode_forced(data, name, encoding)
    else:
        text, used = _decode_detected(data, name)
    check_looks_like_text(text, name)
    return text, used


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


def _decode_detected(data: bytes, name: str) -> tuple[str, str]:
    if data.startswith(codecs.BOM_UTF8):
        return _strict(data, "utf-8-sig", name), "utf-8-sig"
    if data.startswith(_UTF32_BOMS):
        return _strict(data, "utf-32", name), "utf-32"
    if data.startswith(_UTF16_BOMS):
        return _strict(data, "utf-16", name), "utf-16"
    if b"\x00" in data[:65536]:  # text has no NULs, unless it is UTF-16
        codec = _utf16_by_nul_pattern(data[:65536])
        if codec is not None:
            try:
                return data.decode(codec), codec
            except UnicodeDecodeError:
                pass
        raise DocumentError(f"Cannot open {name}: it does not look like text (it has NUL bytes).")
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    match = charset_normalizer.from_bytes(data, cp_isolation=list(CANDIDATES)).best()
    if match is None:
        raise DocumentError(
            f"Cannot open {name}: its text encoding could not be recognised; "
            "choose the encoding explicitly."
        )
    codec = canonical_name(match.encoding)
    return _strict(data, codec, name), codec


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
