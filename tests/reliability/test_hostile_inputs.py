"""Bad input and hostile files: every case gives a sane Document or a clear error.

The same files go through ``load()``, the command line and the window; each must
end in a Document whose spans are sane, or in one readable line naming the file
and the problem, and whatever else is open stays open.
"""

from __future__ import annotations

import os
import pty
import subprocess
import sys
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pymupdf
import pytest
from pytestqt.qtbot import QtBot

from desktop_app import cli
from desktop_app.core.documents import load
from desktop_app.core.errors import DocumentError, PasswordRequired
from desktop_app.ui.base.services import Services
from desktop_app.ui.window.main_window import MainWindow
from tests.helpers.hostile import (
    CASES,
    LAUNCH_MARKER,
    SECRET_ATTACHMENT,
    VISIBLE,
    Case,
    active_content_pdf,
    byte_flipped_pdf,
    encrypted_pdf,
    many_pages_pdf,
    scanned_pdf,
)
from tests.helpers.load_checks import assert_clear_error, assert_sane

CASE_IDS = [case.name for case in CASES]


@pytest.fixture(scope="module")
def hostile_files(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Every case built once, each in its own folder (generators write helper files)."""
    root = tmp_path_factory.mktemp("hostile")
    files: dict[str, Path] = {}
    for number, case in enumerate(CASES):
        folder = root / f"case{number}"
        folder.mkdir()
        files[case.name] = case.make(folder)
    return files


def _outcome(path: Path) -> Exception | str:
    """What ``load`` makes of ``path``: its text, or the error it raised."""
    try:
        return load(path).text
    except DocumentError as error:
        return error


# -- the loader ---------------------------------------------------------------------------


@pytest.mark.parametrize("case", CASES, ids=CASE_IDS)
def test_load_gives_a_sane_document_or_a_clear_error(
    case: Case, hostile_files: dict[str, Path]
) -> None:
    path = hostile_files[case.name]
    if case.error_words:
        with pytest.raises(DocumentError) as caught:
            load(path)
        assert_clear_error(caught.value, path, case.error_words)
    else:
        document = load(path)
        assert_sane(document, path)
        assert case.contains in document.text
        assert not case.absent or case.absent not in document.text.lower()
        if case.notice:
            notices = [w for w in document.warnings if all(n in w for n in case.notice)]
            assert len(notices) == 1, document.warnings


@pytest.mark.parametrize("seed", range(6))
def test_byte_flipped_pdfs_never_escape_as_tracebacks(tmp_path: Path, seed: int) -> None:
    path = byte_flipped_pdf(tmp_path, seed=seed)
    outcome = _outcome(path)
    if isinstance(outcome, DocumentError):
        assert_clear_error(outcome, path, ())
    else:
        assert_sane(load(path), path)


def test_the_active_content_is_real_and_none_of_it_runs_or_is_read(tmp_path: Path) -> None:
    path = active_content_pdf(tmp_path)
    with pymupdf.open(path) as pdf:  # the hostile parts are really in the file
        catalog = pdf.pdf_catalog()
        assert pdf.xref_get_key(catalog, "OpenAction")[0] == "xref"
        assert pdf.xref_get_key(catalog, "Names/JavaScript")[0] == "xref"
        assert pdf.embfile_count() == 1
        assert SECRET_ATTACHMENT.encode() in pdf.embfile_get(0)
        # MuPDF reports a Launch action to a file as "go to remote"; the raw object tells.
        actions = [pdf.xref_object(link["xref"], compressed=True) for link in pdf[0].get_links()]
        assert any("/S/Launch" in action for action in actions), actions
    document = load(path)
    assert_sane(document, path)
    assert document.text == VISIBLE
    assert not (tmp_path / LAUNCH_MARKER).exists()


def test_wrong_password_is_a_clear_error_and_the_right_one_opens(tmp_path: Path) -> None:
    path = encrypted_pdf(tmp_path, user="u-secret")
    with pytest.raises(PasswordRequired) as caught:
        load(path, password="guess")
    assert_clear_error(caught.value, path, ("password is wrong",))
    assert load(path, password="u-secret").text == VISIBLE
    # The owner password opens it as well (it is the stronger key).
    assert load(path, password="owner-secret").text == VISIBLE


@pytest.mark.slow
def test_five_thousand_pages_load_with_every_page(tmp_path: Path) -> None:
    path = many_pages_pdf(tmp_path, 5000)
    document = load(path)
    assert_sane(document, path)
    assert document.page_count == 5000
    assert document.geometry is not None
    for page in (0, 2499, 4999):
        at = document.text.index(f"Line on page {page + 1}.")
        assert document.geometry.page_of(at) == page
    assert not document.warnings


# -- the command line ------------------------------------------------------------------------


@pytest.mark.parametrize("case", CASES, ids=CASE_IDS)
def test_command_line_prints_the_text_or_one_error_line(
    case: Case, hostile_files: dict[str, Path], capsysbinary: pytest.CaptureFixture[bytes]
) -> None:
    path = hostile_files[case.name]
    code = cli.main(["text", str(path)])
    out, err = capsysbinary.readouterr()
    if case.error_words:
        assert code == cli.EXIT_FAILURE
        lines = err.decode("utf-8").splitlines()
        assert len(lines) == 1 and lines[0].startswith("verso: ")
        assert path.name in lines[0] and out == b""
    else:
        assert code == cli.EXIT_OK, err
        assert out.decode("utf-8") == load(path).text
        if case.notice:  # said once, on stderr, as one line
            [line] = err.decode("utf-8").splitlines()
            assert line.startswith("verso: ") and all(n in line for n in case.notice), line
        else:
            assert err == b""


# A real interpreter for a few cases (each start-up costs ~1 s; the in-process
# test above covers every case through the same ``main``).
PROCESS_CASES = (
    "truncated PDF",
    "encrypted PDF, no password",
    "DOCX zip bomb",
    "path 'notes 📄🔥 draft.md'",
)


def _ours(stream: bytes) -> list[str]:
    """Every non-blank line: MuPDF's own complaints go to logging, never to the output."""
    return [ln for ln in stream.decode("utf-8").splitlines() if ln.strip()]


def _verso(path: Path) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(
        [sys.executable, "-m", "desktop_app", "text", str(path)],
        capture_output=True,
        timeout=120,
        check=False,
        env={**os.environ, "PYTHONIOENCODING": "utf-8"},
    )


@pytest.fixture(scope="module")
def process_results(
    hostile_files: dict[str, Path],
) -> Iterator[dict[str, subprocess.CompletedProcess[bytes]]]:
    """``verso text`` run on the process cases, two at a time (start-up dominates)."""
    with ThreadPoolExecutor(max_workers=2) as pool:
        runs = {name: pool.submit(_verso, hostile_files[name]) for name in PROCESS_CASES}
        yield {name: future.result() for name, future in runs.items()}


@pytest.mark.parametrize("name", PROCESS_CASES)
def test_command_line_process_exits_cleanly(
    name: str,
    hostile_files: dict[str, Path],
    process_results: dict[str, subprocess.CompletedProcess[bytes]],
) -> None:
    case = next(c for c in CASES if c.name == name)
    path = hostile_files[name]
    result = process_results[name]
    err = result.stderr.decode("utf-8")
    assert "Traceback" not in err
    if case.error_words:
        assert result.returncode == cli.EXIT_FAILURE
        errors = _ours(result.stderr)
        assert len(errors) == 1 and errors[0].startswith("verso: ") and path.name in errors[0]
        assert _ours(result.stdout) == []
    else:
        assert result.returncode == cli.EXIT_OK, err
        assert result.stdout.decode("utf-8") == load(path).text


def test_command_line_wrong_password(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    path = encrypted_pdf(tmp_path, user="u-secret")
    monkeypatch.setenv(cli.PASSWORD_ENV, "guess")
    assert cli.main(["text", str(path)]) == cli.EXIT_FAILURE
    err = capsys.readouterr().err
    assert err == f"verso: Cannot open {path.name}: the password is wrong.\n"


def test_command_line_password_never_on_the_command_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """From a file or the environment; `--password` still works for old scripts but says
    why not to use it; without any, no prompt when stdin is not a terminal."""
    path = encrypted_pdf(tmp_path, user="u-secret")
    secret = tmp_path / "secret.txt"
    secret.write_text("u-secret\n", encoding="utf-8")
    assert cli.main(["text", str(path), "--password-file", str(secret)]) == cli.EXIT_OK
    assert capsys.readouterr().out == VISIBLE
    monkeypatch.setenv(cli.PASSWORD_ENV, "u-secret")
    assert cli.main(["text", str(path)]) == cli.EXIT_OK
    assert capsys.readouterr().out == VISIBLE
    monkeypatch.delenv(cli.PASSWORD_ENV)
    assert cli.main(["text", str(path), "--password", "u-secret"]) == cli.EXIT_OK
    assert "shows in `ps`" in capsys.readouterr().err
    assert cli.main(["text", str(path)]) == cli.EXIT_FAILURE  # pytest's stdin: no terminal
    assert "a password is needed" in capsys.readouterr().err
    missing = tmp_path / "nowhere.txt"
    assert cli.main(["text", str(path), "--password-file", str(missing)]) == cli.EXIT_FAILURE
    assert "Cannot read the password file" in capsys.readouterr().err


# -- the window --------------------------------------------------------------------------------


def _good(folder: Path, name: str, words: str) -> Path:
    path = folder / name
    path.write_text(f"{words} first paragraph.\n\n{words} second paragraph.\n", encoding="utf-8")
    return path


def _open(qtbot: QtBot, window: MainWindow, slot: int, path: Path) -> str:
    """Open ``path`` in pane ``slot`` and wait: "finished" or "failed"."""
    task = window.open_document(slot, path)
    qtbot.waitUntil(lambda: task.done, timeout=60_000)
    return task.outcome


@pytest.mark.parametrize("case", CASES, ids=CASE_IDS)
def test_window_shows_the_problem_and_keeps_the_other_pane(
    case: Case,
    hostile_files: dict[str, Path],
    qtbot: QtBot,
    window: MainWindow,
    services: Services,
    tmp_path: Path,
) -> None:
    asked: list[Path] = []
    services.ask_password = lambda _parent, p, _reason: asked.append(p)  # the user cancels
    left = _good(tmp_path, "left.txt", "Harbour council")
    assert _open(qtbot, window, 0, left) == "finished"
    path = hostile_files[case.name]
    outcome = _open(qtbot, window, 1, path)
    left_pane, right_pane = window.compare.panes[0], window.compare.panes[1]
    assert left_pane.document is not None and left_pane.document.path == left
    if case.error_words:
        assert outcome == "failed"
        message = right_pane.message_bar.text
        assert path.name in message, message
        if asked:  # the password case: the prompt came, the user cancelled
            assert asked == [path] and "needs a password" in message
        else:
            assert all(word in message.lower() for word in case.error_words), message
        # A PDF whose first pages parsed before the damage was found showed them as a
        # preview: it goes, so the pane is empty again, as before, under the message.
        assert right_pane.document is None
        assert right_pane.stack.currentWidget() is right_pane.placeholder
        assert not right_pane.loading
    else:
        assert outcome == "finished"
        assert right_pane.document is not None and right_pane.document.path == path
        assert right_pane.document.text == load(path).text
        message = right_pane.message_bar.text
        assert all(n in message for n in case.notice), message
    # Still usable: the failed pane opens a good file and the pair aligns.
    right = _good(tmp_path, "right.txt", "Harbour council")
    with qtbot.waitSignal(window.alignment_changed, timeout=60_000):
        assert _open(qtbot, window, 1, right) == "finished"
    assert right_pane.document is not None and right_pane.document.path == right
    assert left_pane.document.path == left


def test_window_wrong_password_asks_again_then_explains(
    qtbot: QtBot, window: MainWindow, services: Services, tmp_path: Path
) -> None:
    path = encrypted_pdf(tmp_path, user="u-secret")
    answers = iter(["guess", None])
    asked: list[Path] = []

    def answer(_parent: object, p: Path, _reason: str) -> str | None:
        asked.append(p)
        return next(answers)

    services.ask_password = answer
    task = window.open_document(0, path)
    with qtbot.waitSignal(task.failed, timeout=60_000):
        pass
    qtbot.waitUntil(lambda: len(asked) == 2 and window.compare.panes[0].message_bar.text != "")
    assert asked == [path, path]
    assert "needs a password" in window.compare.panes[0].message_bar.text
    assert window.compare.panes[0].document is None


def test_window_scanned_pdf_says_no_text_layer_instead_of_an_empty_pane(
    qtbot: QtBot, window: MainWindow, tmp_path: Path
) -> None:
    path = scanned_pdf(tmp_path)
    assert _open(qtbot, window, 0, path) == "failed"
    pane = window.compare.panes[0]
    assert "no text layer" in pane.message_bar.text and "OCR" in pane.message_bar.text
    assert pane.document is None


def test_window_opens_active_content_pdf_without_running_anything(
    qtbot: QtBot, window: MainWindow, tmp_path: Path
) -> None:
    path = active_content_pdf(tmp_path)
    assert _open(qtbot, window, 0, path) == "finished"
    pane = window.compare.panes[0]
    assert pane.document is not None and pane.document.text == VISIBLE
    assert not (tmp_path / LAUNCH_MARKER).exists()


def test_command_line_asks_for_the_password_at_a_terminal(tmp_path: Path) -> None:
    """At a terminal, an encrypted PDF's password is asked for without echo."""
    path = encrypted_pdf(tmp_path, user="u-secret")
    pid, terminal = pty.fork()
    if pid == 0:  # the child: Verso on a real pseudo-terminal
        os.execv(sys.executable, [sys.executable, "-m", "desktop_app", "text", str(path)])
    seen = b""
    deadline = time.monotonic() + 60
    while b"Password for" not in seen and time.monotonic() < deadline:
        seen += os.read(terminal, 1024)
    os.write(terminal, b"u-secret\n")
    rest = b""
    while True:
        try:
            chunk = os.read(terminal, 4096)
        except OSError:  # the child closed the terminal
            break
        if not chunk:
            break
        rest += chunk
    _, status = os.waitpid(pid, 0)
    assert os.waitstatus_to_exitcode(status) == 0
    assert b"u-secret" not in rest  # not echoed
    assert VISIBLE.encode() in rest.replace(b"\r\n", b"\n")
