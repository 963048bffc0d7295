"""The demo pair ships twice: in data/ for the repository and in the package for installs."""

from __future__ import annotations

from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
PACKAGED = sorted((REPO / "desktop_app" / "data").glob("*.txt"))


def test_the_demo_pair_is_packaged() -> None:
    assert len(PACKAGED) == 2


@pytest.mark.parametrize("packaged", PACKAGED, ids=lambda path: path.name)
def test_a_packaged_demo_file_equals_the_repository_copy(packaged: Path) -> None:
    assert packaged.read_bytes() == (REPO / "data" / packaged.name).read_bytes()
