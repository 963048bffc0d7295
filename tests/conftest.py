"""Test-wide settings: Qt runs offscreen so GUI tests need no screen."""

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
# numpy's BLAS threads slow small matrix work ~10x on two cores (DESIGN.md §7).
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
