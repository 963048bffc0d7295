"""Test-wide settings: Qt runs offscreen so GUI tests need no screen, and nothing the
tests do lands in the real user's folders."""

import os
import tempfile
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
# numpy's BLAS threads slow small matrix work ~10x on two cores (DESIGN.md §7).
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
# platformdirs honours the XDG variables: caches (embeddings, OCR) and the default annotation
# database go to a throwaway folder for this run, also in the subprocesses tests start.
_HOME = Path(tempfile.mkdtemp(prefix="verso-tests-"))
os.environ["XDG_CACHE_HOME"] = str(_HOME / "cache")
os.environ["XDG_DATA_HOME"] = str(_HOME / "data")
os.environ["XDG_CONFIG_HOME"] = str(_HOME / "config")
# The name notes are stamped with (core.analyst): the same on every machine, whoever runs them.
os.environ["VERSO_ANALYST"] = "Q. Analyst"

# A throwaway PostgreSQL cluster for the session (tests/helpers/postgres.py): imported here,
# once, so every test folder shares the one session-scoped server.
from tests.helpers.postgres import postgres_cluster, postgres_url  # noqa: E402, F401
