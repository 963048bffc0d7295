"""The packaged model loads offline and orders sentences by meaning."""

from __future__ import annotations

import os
import subprocess
import sys

import numpy as np

from desktop_app.core.semantic import embed
from desktop_app.core.semantic.model import DIMENSION, MAX_TOKENS, model_files


def test_model_files_come_from_installed_packages() -> None:
    files = model_files()
    assert files.weights.name == "model.onnx" and files.weights.stat().st_size > 10_000_000
    assert files.tokenizer.name == "tokenizer.json"
    assert "site-packages" in str(files.weights)


def test_paraphrase_is_closer_than_unrelated_sentence() -> None:
    vectors = embed(
        [
            "The government must end the war by removing the regime.",
            "Ending the war requires that the regime be overthrown.",
            "Bake the bread for forty minutes until the crust is golden.",
        ]
    )
    assert vectors.shape == (3, DIMENSION)
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-5)
    similar, unrelated = float(vectors[0] @ vectors[1]), float(vectors[0] @ vectors[2])
    assert similar > unrelated + 0.3


def test_vectors_do_not_depend_on_batch_company() -> None:
    """Length bucketing and padding must not change a sentence's vector."""
    short = "Regime change is coming."
    long = " ".join(["The opposition must prepare for what comes after the fall."] * 40)
    alone = embed([short])[0]
    together = embed([long, short, "Another sentence of middling length here."])
    assert np.allclose(alone, together[1], atol=1e-4)
    assert together.shape == (3, DIMENSION)  # the long one is truncated to MAX_TOKENS
    assert MAX_TOKENS == 256


def test_empty_input_gives_empty_matrix() -> None:
    assert embed([]).shape == (0, DIMENSION)


def test_loads_and_embeds_with_network_refused() -> None:
    """Nothing is fetched: with the hub offline and sockets refused, embedding still works."""
    script = (
        "import socket\n"
        "def refuse(*a, **k):\n"
        "    raise OSError('network used')\n"
        "socket.socket.connect = refuse\n"
        "socket.create_connection = refuse\n"
        "from desktop_app.core.semantic import embed\n"
        "v = embed(['a sentence', 'another one'])\n"
        "print(v.shape)\n"
    )
    env = {**os.environ, "HF_HUB_OFFLINE": "1", "OPENBLAS_NUM_THREADS": "1"}
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, env=env, check=False
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == f"(2, {DIMENSION})"


def test_embedding_imports_no_tokenizers_and_no_hub_client() -> None:
    """The app tokenizes itself: `tokenizers` would bring huggingface_hub into the process."""
    script = (
        "import sys\n"
        "from desktop_app.core.semantic import embed\n"
        "embed(['a sentence'])\n"
        "print(sorted(m for m in ('tokenizers', 'huggingface_hub') if m in sys.modules))\n"
    )
    env = {**os.environ, "OPENBLAS_NUM_THREADS": "1"}
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, env=env, check=False
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "[]"


def test_preload_builds_the_shared_encoder_on_its_own_thread_once() -> None:
    """What ``verso align`` and the window do on a cache miss: the session builds on a
    thread of its own while the pipeline imports; the meaning step then finds it."""
    probe = (
        "import threading\n"
        "from desktop_app.core.semantic import model\n"
        "model.preload()\n"
        "names = [t.name for t in threading.enumerate()]\n"
        "assert 'verso-model-preload' in names, names\n"
        "model.join_preload()\n"
        "assert model._shared is not None\n"
        "first = model._shared\n"
        "model.preload()\n"
        "model.join_preload()\n"
        "assert model.shared_encoder() is first\n"
        "print('ok')\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", probe],
        capture_output=True,
        text=True,
        env=dict(os.environ),
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "ok"
