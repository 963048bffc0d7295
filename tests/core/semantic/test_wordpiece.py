"""Verso's WordPiece tokenizer gives `tokenizers`' ids exactly, so vectors do not change.

`tokenizers` is a dev-only dependency kept for this comparison: the app must not
import it (it brings a model-hub client), but CI installs it with the dev extra.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from desktop_app.core.semantic import embed
from desktop_app.core.semantic.model import MAX_TOKENS, model_files, padded, shared_encoder
from desktop_app.core.semantic.wordpiece import WordPieceTokenizer

tokenizers = pytest.importorskip(
    "tokenizers",
    reason="the reference `tokenizers` comes with the dev extra (pip install -e .[dev])",
)

ROOT = Path(__file__).resolve().parents[3]
SHARED = ROOT.parent / "shared"
RUSSIAN = ROOT / "desktop_app/resources/language/russian-sample.txt"
_SENTENCE_END = re.compile(r"(?<=[.;:?!])\s+")

AWKWARD = [
    "",
    " ",
    "\t\n\r ",
    "Crème brûlée à la façon d'Ωmega; naïve café, Ångström, İstanbul, ǅ, ß, ﬁ, Ǆemal",
    "ΣΟΦΊΑ ΟΔΟΣ Σ σς: final sigma is lowered char by char",
    "中文测试，日本語のテキスト、한국어 텍스트 and 𠀀𪜀 ideographs",
    "emoji 😀👍🏽🥰🧑‍🚀 🇷🇺 flags ✔︎ ok",
    "ctrl\x00\x01\x07\x7f\x85\u200b\u200d\ufeff\ufffdx\ty\r\nz\u2028\u3000w",
    "a" * 99 + " " + "b" * 100 + " " + "c" * 101 + " " + "д" * 150,
    "supercalifragilisticexpialidocious " * 3 + "antidisestablishmentarianism",
    "[CLS] hi [MASK]there[SEP] [PAD][UNK] [cls] [ MASK ]",
    "$100 at 5% — «quoted» „quoted“ ‘x’ (a) [b] {c} <d> #tag @name ~/x_y ^_^ a|b \\ `q`",
    "Zalgo: z̵̢̛a̸͎l̶g̷o̵̘ and arabic النص العربي with hebrew עברית",
    "Dives Akuru \U00011938 and new lower \ua7cb\ua7dc and Cn \u0378",
    "word " * 400,  # truncated to MAX_TOKENS
]


def _sentences(path: Path, limit: int) -> list[str]:
    text = path.read_text(encoding="utf-8")
    found = [s.strip() for line in text.splitlines() for s in _SENTENCE_END.split(line)]
    return [s for s in found if s][:limit]


def _texts() -> list[str]:
    texts: list[str] = []
    corpus = sorted((SHARED / "corpus").glob("*"))
    assert corpus, "the shared corpus is missing"
    for path in corpus:
        texts += _sentences(path, 10_000)
        texts += path.read_text(encoding="utf-8").splitlines()  # whole paragraphs: truncation
    for name in ("nt.kjv.txt", "nt.bbe.txt"):
        texts += _sentences(SHARED / "parallel" / name, 3000)
    texts += _sentences(RUSSIAN, 10_000) + RUSSIAN.read_text(encoding="utf-8").splitlines()
    return texts + AWKWARD


@pytest.fixture(scope="module")
def ours() -> WordPieceTokenizer:
    return WordPieceTokenizer.from_file(model_files().tokenizer)


@pytest.fixture(scope="module")
def reference() -> Any:
    tokenizer = tokenizers.Tokenizer.from_file(str(model_files().tokenizer))
    tokenizer.enable_truncation(max_length=MAX_TOKENS)
    tokenizer.no_padding()
    return tokenizer


def test_ids_and_masks_match_tokenizers_on_real_texts(
    ours: WordPieceTokenizer, reference: Any
) -> None:
    texts = _texts()
    assert len(texts) > 6000
    expected = reference.encode_batch(texts)
    got = ours.encode_batch(texts, MAX_TOKENS)
    mismatched = [t[:60] for t, e, g in zip(texts, expected, got, strict=True) if e.ids != g]
    assert mismatched == []
    assert max(len(g) for g in got) == MAX_TOKENS  # truncation was exercised
    assert any(100 in g for g in got)  # and [UNK]
    # padded batches and attention masks as the encoder builds them, against tokenizers' own
    reference.enable_padding(pad_id=0, pad_token="[PAD]")
    for start in range(0, len(texts), 97):
        batch = texts[start : start + 97]
        theirs = reference.encode_batch(batch)
        ids, mask = padded(ours.encode_batch(batch, MAX_TOKENS))
        assert ids.tolist() == [e.ids for e in theirs]
        assert mask.tolist() == [e.attention_mask for e in theirs]
    reference.no_padding()


def test_every_code_point_is_normalized_and_split_as_tokenizers_does(
    ours: WordPieceTokenizer, reference: Any
) -> None:
    """Its Unicode tables are older than Python's; the generated tables must cover that."""
    points = [p for p in range(sys.maxunicode + 1) if not 0xD800 <= p <= 0xDFFF]
    whole = tokenizers.Tokenizer.from_file(str(model_files().tokenizer))
    whole.no_truncation()  # the file itself asks for 128 tokens, padded
    whole.no_padding()
    for start in range(0, len(points), 2048):
        chars = [chr(p) for p in points[start : start + 2048]]
        joined = "x".join(chars) + "Σ"
        assert ours.normalize(joined) == reference.normalizer.normalize_str(joined), hex(start)
        normalized = ours.normalize(joined)
        split = [w for w, _ in reference.pre_tokenizer.pre_tokenize_str(normalized)]
        assert ours.words(normalized) == split, hex(start)
        spaced = " ".join(chars)  # each character a word of its own: WordPiece sees them all
        assert ours.encode(spaced) == whole.encode(spaced).ids, hex(start)


def test_embeddings_are_those_of_the_tokenizers_path() -> None:
    texts = sorted(_texts()[::15], key=len)  # similar lengths share a padded batch
    reference = tokenizers.Tokenizer.from_file(str(model_files().tokenizer))
    reference.enable_truncation(max_length=MAX_TOKENS)
    reference.enable_padding(pad_id=0, pad_token="[PAD]")
    encoder = shared_encoder()
    expected = np.concatenate(
        [
            encoder._forward(
                np.array([e.ids for e in batch], dtype=np.int64),
                np.array([e.attention_mask for e in batch], dtype=np.int64),
            )
            for batch in (
                reference.encode_batch(texts[start : start + 16])
                for start in range(0, len(texts), 16)
            )
        ]
    )
    got = embed(texts)
    cosines = np.sum(got * expected, axis=1) / (
        np.linalg.norm(got, axis=1) * np.linalg.norm(expected, axis=1)
    )
    assert float(cosines.min()) > 0.9999
