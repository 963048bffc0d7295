"""BERT WordPiece tokenization in pure Python, token for token what `tokenizers` gives.

Verso used to load the model's ``tokenizer.json`` with `tokenizers`, which pulls
in a model-hub client the app must never use (nothing may download at run
time). This module reads the same file and reproduces that pipeline exactly
for a BERT WordPiece tokenizer: the special tokens split off the raw text, the
BertNormalizer (clean text, spaces around CJK ideographs, accents stripped,
lower case), the BertPreTokenizer (whitespace and punctuation), greedy
longest-match WordPiece with ``##`` continuations, then ``[CLS] … [SEP]`` and
right truncation. Character classes come from ``wordpiece_tables`` (generated
from `tokenizers` itself, whose Unicode tables are not Python's); the test
compares both tokenizers on real texts and on every code point.
"""

from __future__ import annotations

import json
import re
import unicodedata
from pathlib import Path
from typing import TYPE_CHECKING, Any

from desktop_app.core.semantic import wordpiece_tables as tables

if TYPE_CHECKING:
    from collections.abc import Iterable, Sequence

_CACHE_LIMIT = 200_000  # distinct words kept: a book's vocabulary, a few tens of MB at most


def _char_class(ranges: Iterable[tuple[int, int]]) -> str:
    """A regex character class body for ``ranges`` of code points."""
    parts = []
    for first, last in ranges:
        start = re.escape(chr(first))
        parts.append(start if first == last else f"{start}-{re.escape(chr(last))}")
    return "".join(parts)


class UnsupportedTokenizer(ValueError):
    """The tokenizer.json asks for something this module does not reproduce."""


class WordPieceTokenizer:
    """A BERT WordPiece ``tokenizer.json``, encoded without `tokenizers`."""

    def __init__(self, config: dict[str, Any]) -> None:
        model = config.get("model") or {}
        if model.get("type") != "WordPiece":
            raise UnsupportedTokenizer(f"model {model.get('type')!r} is not WordPiece")
        self._vocab: dict[str, int] = dict(model["vocab"])
        self._unk = self._vocab[model["unk_token"]]
        self._prefix: str = model["continuing_subword_prefix"]
        self._max_chars: int = model["max_input_chars_per_word"]
        self._setup_normalizer(config.get("normalizer") or {})
        if (config.get("pre_tokenizer") or {}).get("type") != "BertPreTokenizer":
            raise UnsupportedTokenizer("only the BertPreTokenizer is reproduced")
        self._cls, self._sep = _template(config.get("post_processor") or {})
        self._setup_specials(config.get("added_tokens") or [])
        self._cache: dict[str, tuple[int, ...]] = {}

    @classmethod
    def from_file(cls, path: Path | str) -> WordPieceTokenizer:
        return cls(json.loads(Path(path).read_text(encoding="utf-8")))

    def _setup_normalizer(self, normalizer: dict[str, Any]) -> None:
        if normalizer.get("type") != "BertNormalizer":
            raise UnsupportedTokenizer("only the BertNormalizer is reproduced")
        self._clean_text = bool(normalizer.get("clean_text", True))
        self._chinese = bool(normalizer.get("handle_chinese_chars", True))
        self._lowercase = bool(normalizer.get("lowercase", True))
        strip = normalizer.get("strip_accents")
        self._strip_accents = self._lowercase if strip is None else bool(strip)
        self._removed = re.compile(f"[{_char_class(tables.REMOVED)}]+")
        self._spaces = re.compile(f"[{_char_class(tables.SPACES)}]")
        self._cjk = re.compile(f"[{_char_class(tables.CJK)}]")
        self._marks = re.compile(f"[{_char_class(tables.MARKS)}]+")
        self._lowered = dict(tables.LOWERED)
        self._decomposed = {chr(point): text for point, text in tables.DECOMPOSED.items()}
        kept = "".join(re.escape(char) for char in self._decomposed)
        self._nfd_split = re.compile(f"([{kept}])") if kept else None
        punct = _char_class(tables.PUNCTUATION)
        space = _char_class(tables.SPLIT_SPACES)
        self._words = re.compile(f"[{punct}]|[^{punct}{space}]+")
        ascii_table: dict[int, str | None] = {}
        for point in range(128):
            char = chr(point)
            if self._clean_text and self._removed.match(char):
                ascii_table[point] = None
            elif self._clean_text and self._spaces.match(char):
                ascii_table[point] = " "
        self._ascii_clean = ascii_table

    def _setup_specials(self, added: list[dict[str, Any]]) -> None:
        """Added tokens match the raw text before normalization, as `tokenizers` does."""
        self._specials: dict[str, int] = {}
        for token in added:
            if token.get("normalized") or token.get("lstrip") or token.get("rstrip"):
                raise UnsupportedTokenizer(f"added token {token['content']!r} is not plain")
            if token.get("single_word"):
                raise UnsupportedTokenizer(f"added token {token['content']!r} is single-word")
            self._specials[token["content"]] = token["id"]
        longest_first = sorted(self._specials, key=len, reverse=True)
        self._special_split = (
            re.compile("(" + "|".join(re.escape(s) for s in longest_first) + ")")
            if longest_first
            else None
        )

    def normalize(self, text: str) -> str:
        """The BertNormalizer's output for ``text``."""
        if text.isascii():
            if self._clean_text:
                text = text.translate(self._ascii_clean)
            return text.lower() if self._lowercase else text
        if self._clean_text:
            text = self._spaces.sub(" ", self._removed.sub("", text))
        if self._chinese:
            text = self._cjk.sub(r" \g<0> ", text)
        if self._strip_accents:
            text = self._marks.sub("", self._nfd(text))
        if self._lowercase:
            # tokenizers lowers char by char: no final sigma, and a newer Unicode
            text = text.replace("Σ", "σ").translate(self._lowered).lower()
        return text

    def _nfd(self, text: str) -> str:
        """Canonical decomposition as `tokenizers` does it: its Unicode version, not Python's."""
        if self._nfd_split is None or not self._nfd_split.search(text):
            return unicodedata.normalize("NFD", text)
        # the exceptions are starters, so no reordering crosses them
        pieces = self._nfd_split.split(text)
        return "".join(
            self._decomposed[piece] if index % 2 else unicodedata.normalize("NFD", piece)
            for index, piece in enumerate(pieces)
        )

    def words(self, text: str) -> list[str]:
        """The pre-tokenizer's words of normalized ``text``."""
        return self._words.findall(text)

    def _word_ids(self, word: str) -> tuple[int, ...]:
        """Greedy longest-match-first pieces of one word, or ``[UNK]`` for all of it."""
        found = self._cache.get(word)
        if found is not None:
            return found
        if len(word) > self._max_chars:
            result: tuple[int, ...] = (self._unk,)
        else:
            ids: list[int] = []
            start, length, vocab = 0, len(word), self._vocab
            while start < length:
                end, piece_id = length, None
                while start < end:
                    piece = word[start:end] if start == 0 else self._prefix + word[start:end]
                    piece_id = vocab.get(piece)
                    if piece_id is not None:
                        break
                    end -= 1
                if piece_id is None:
                    ids = [self._unk]
                    break
                ids.append(piece_id)
                start = end
            result = tuple(ids)
        if len(self._cache) >= _CACHE_LIMIT:
            self._cache.clear()
        self._cache[word] = result
        return result

    def _content_ids(self, text: str) -> list[int]:
        ids: list[int] = []
        pieces = self._special_split.split(text) if self._special_split else [text]
        for index, piece in enumerate(pieces):
            if index % 2:  # the split's captured special token
                ids.append(self._specials[piece])
                continue
            for word in self.words(self.normalize(piece)):
                ids.extend(self._word_ids(word))
        return ids

    def encode(self, text: str, max_length: int | None = None) -> list[int]:
        """Token ids of ``text``: ``[CLS] … [SEP]``, cut on the right to ``max_length``."""
        ids = self._content_ids(text)
        if max_length is not None:
            del ids[max(max_length - 2, 0) :]
        return [self._cls, *ids, self._sep]

    def encode_batch(self, texts: Sequence[str], max_length: int | None = None) -> list[list[int]]:
        return [self.encode(text, max_length) for text in texts]


def _template(post: dict[str, Any]) -> tuple[int, int]:
    """The ids of ``[CLS]`` and ``[SEP]`` from a single-sequence ``[CLS] A [SEP]`` template."""
    single = post.get("single") or []
    shape = [next(iter(item)) for item in single]
    if post.get("type") != "TemplateProcessing" or shape != [
        "SpecialToken",
        "Sequence",
        "SpecialToken",
    ]:
        raise UnsupportedTokenizer("only a [CLS] A [SEP] post-processor is reproduced")
    first = single[0]["SpecialToken"]["id"]
    last = single[2]["SpecialToken"]["id"]
    special = post["special_tokens"]
    return special[first]["ids"][0], special[last]["ids"][0]
