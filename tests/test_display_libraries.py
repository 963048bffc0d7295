"""The X11 library check that setup.sh and the window's start use (see tests/system)."""

from __future__ import annotations

import pytest

from desktop_app.display_libraries import debian_packages, install_hint, window_problem


def test_known_libraries_map_to_their_debian_packages() -> None:
    assert debian_packages(["libxcb-icccm.so.4", "libxcb-keysyms.so.1", "libX11-xcb.so.1"]) == [
        "libx11-xcb1",
        "libxcb-icccm4",
        "libxcb-keysyms1",
    ]


def test_unknown_libraries_follow_debians_naming_rule() -> None:
    assert debian_packages(["libxcb-foo.so.3"]) == ["libxcb-foo3"]
    assert debian_packages(["libfoo2.so.5.1"]) == ["libfoo2-5"]


def test_the_hint_names_every_missing_library_and_one_install_command() -> None:
    hint = install_hint(["libxcb-icccm.so.4", "libxcb-keysyms.so.1"])
    assert "libxcb-icccm.so.4, libxcb-keysyms.so.1" in hint
    assert hint.endswith("sudo apt install libxcb-icccm4 libxcb-keysyms1")


def test_no_check_when_qt_will_not_use_x11(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("QT_QPA_PLATFORM", "offscreen")
    assert window_problem() is None


def test_this_machine_has_what_the_x11_window_needs(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("QT_QPA_PLATFORM", "xcb")
    assert window_problem() is None
