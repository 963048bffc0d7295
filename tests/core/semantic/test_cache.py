"""The embedding/alignment cache: hits avoid work, damage is repaired, not reported."""

from __future__ import annotations

import dataclasses
import threading
from collections.abc import Sequence
from pathlib import Path

import numpy as np

from desktop_app.core.cache import Cache, default_cache_path
from desktop_app.core.cancel import Progress
from desktop_app.core.documents.plaintext import document_from_text
from desktop_app.core.model import Link, LinkKind, RelationKind, Span
from desktop_app.core.semantic import embed, passage_embeddings
from desktop_app.core.semantic.model import FloatMatrix

TEXT = "The war must end with regime change. Sanctions alone will not do it. Bread is baked."


class CountingEmbed:
    """The real model, counting the texts it is asked to encode."""

    def __init__(self) -> None:
        self.texts: list[str] = []

    def __call__(self, texts: Sequence[str], progress: Progress | None = None) -> FloatMatrix:
        self.texts.extend(texts)
        return embed(texts, progress)


def _spans() -> list[Span]:
    return [Span(0, 36), Span(37, 68), Span(69, 84)]


def test_default_path_is_in_user_cache_dir() -> None:
    path = default_cache_path()
    assert path.name == "cache.sqlite3" and path.parent.name == "Verso"


def test_cache_hit_skips_the_model(tmp_path: Path) -> None:
    document = document_from_text(TEXT)
    counting = CountingEmbed()
    with Cache(tmp_path / "c.sqlite3") as cache:
        first = passage_embeddings(document, _spans(), cache, encode=counting)
        assert len(counting.texts) == 3
        second = passage_embeddings(document, _spans(), cache, encode=counting)
        assert len(counting.texts) == 3  # nothing encoded again
        np.testing.assert_array_equal(first, second)
        more = [*_spans(), Span(0, 7)]
        passage_embeddings(document, more, cache, encode=counting)
        assert counting.texts[3:] == ["The war"]  # only the new span
    with Cache(tmp_path / "c.sqlite3") as reopened:  # survives closing
        passage_embeddings(document, _spans(), reopened, encode=counting)
    assert len(counting.texts) == 4


def test_vectors_are_per_document_and_model(tmp_path: Path) -> None:
    vectors = np.eye(3, 384, dtype=np.float32)
    with Cache(tmp_path / "c.sqlite3") as cache:
        cache.store_embeddings("doc-a", "model-1", _spans(), vectors)
        assert set(cache.embeddings("doc-a", "model-1", _spans())) == set(_spans())
        assert cache.embeddings("doc-b", "model-1", _spans()) == {}
        assert cache.embeddings("doc-a", "model-2", _spans()) == {}
        found = cache.embeddings("doc-a", "model-1", [Span(37, 68)])
        np.testing.assert_array_equal(found[Span(37, 68)], vectors[1])


def test_corrupt_file_is_recreated(tmp_path: Path) -> None:
    path = tmp_path / "c.sqlite3"
    path.write_bytes(b"this is not a database at all" * 100)
    with Cache(path) as cache:
        assert cache.embeddings("doc", "m", _spans()) == {}
        cache.store_embeddings("doc", "m", _spans()[:1], np.ones((1, 384), dtype=np.float32))
        assert list(cache.embeddings("doc", "m", _spans())) == [Span(0, 36)]
    assert path.read_bytes().startswith(b"SQLite format 3")


def test_damaged_pages_cost_a_miss_and_are_repaired(tmp_path: Path) -> None:
    """A valid header over broken pages: the first read fails, the file is made again."""
    path = tmp_path / "c.sqlite3"
    spans = [Span(n, n + 1) for n in range(200)]
    with Cache(path) as cache:
        cache.store_embeddings("doc", "m", spans, np.ones((200, 384), dtype=np.float32))
    size = path.stat().st_size
    assert size > 3 * 4096
    with path.open("r+b") as raw:  # keep page 1 (header, schema), wreck the rest
        raw.seek(4096)
        raw.write(b"\xa5" * (size - 4096))
    with Cache(path) as cache:
        assert cache.embeddings("doc", "m", spans) == {}
        cache.store_embeddings("doc", "m", spans[:1], np.ones((1, 384), dtype=np.float32))
        assert list(cache.embeddings("doc", "m", spans)) == [Span(0, 1)]


def test_alignment_round_trip(tmp_path: Path) -> None:
    links = (
        Link(LinkKind.QUOTE, Span(0, 10), Span(5, 15), 97.5, RelationKind.QUOTES),
        Link(LinkKind.RELATED, Span(20, 30), Span(40, 60), 55.0, RelationKind.ANSWERS),
        Link(LinkKind.RELATED, Span(31, 35), Span(61, 70), 31.0),
    )
    with Cache(tmp_path / "c.sqlite3") as cache:
        assert cache.alignment("a", "b", "k") is None
        cache.store_alignment("a", "b", "k", links, True)
        assert cache.alignment("a", "b", "k") == (links, True)
        assert cache.alignment("b", "a", "k") is None
        assert cache.alignment("a", "b", "other") is None


def test_threads_share_one_cache(tmp_path: Path) -> None:
    with Cache(tmp_path / "c.sqlite3") as cache:

        def work(n: int) -> None:
            spans = [Span(n * 10, n * 10 + 5)]
            cache.store_embeddings("doc", "m", spans, np.full((1, 384), n, dtype=np.float32))

        threads = [threading.Thread(target=work, args=(n,)) for n in range(8)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        spans = [Span(n * 10, n * 10 + 5) for n in range(8)]
        found = cache.embeddings("doc", "m", spans)
        assert all(found[s][0] == n for n, s in enumerate(spans))


def test_a_file_read_differently_is_embedded_again(tmp_path: Path) -> None:
    """Same file hash, other text (a newer loader left a PDF's page numbers out): the
    vectors cached at the old offsets belong to other words and are not reused."""
    old = document_from_text(TEXT)
    new = dataclasses.replace(old, text=TEXT.replace("regime change", "a new regime!"))
    assert new.sha256 == old.sha256
    counting = CountingEmbed()
    with Cache(tmp_path / "c.sqlite3") as cache:
        passage_embeddings(old, _spans(), cache, encode=counting)
        passage_embeddings(new, _spans(), cache, encode=counting)
    assert counting.texts[3:] == [span.of(new.text) for span in _spans()]
