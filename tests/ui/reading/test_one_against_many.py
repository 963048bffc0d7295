"""One focal document against several others: tabs, colours, summary, coverage bar, workspaces."""

from __future__ import annotations

from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QColor

from desktop_app.cli import main as cli_main
from desktop_app.core.coverage import bin_of, share
from desktop_app.core.model import LinkKind
from desktop_app.core.storage import Database
from desktop_app.ui.base.services import Services
from desktop_app.ui.reading.coverage_bar import BINS
from desktop_app.ui.reading.link_map import MIN_MAP_WIDTH
from desktop_app.ui.reading.summary import counts_text, coverage_text
from desktop_app.ui.window.main_window import MainWindow
from tests.helpers.windows import new_window, open_pair, paragraph, write_pair

SIZES = (12, 25, 40)  # paragraphs in each other document: the aligner links that many


def write_many(folder: Path, sizes: tuple[int, ...] = SIZES) -> list[Path]:
    """A 40-paragraph focal document and others holding its first paragraphs, edited."""
    focal = folder / "focal.txt"
    focal.write_text("\n\n".join(paragraph(i) for i in range(40)) + "\n", encoding="utf-8")
    paths = [focal]
    for number, size in enumerate(sizes, start=1):
        other = folder / f"other-{number}.txt"
        body = "\n\n".join(paragraph(i, changed=True) for i in range(size))
        other.write_text(f"Source {number}.\n\n{body}\n", encoding="utf-8")
        paths.append(other)
    return paths


def open_many(qtbot: QtBot, window: MainWindow, paths: list[Path]) -> None:
    """Open ``paths`` (focal first) and wait until every pair is aligned and nothing runs."""
    done: set[int] = set()
    window.alignment_changed.connect(
        lambda pair, outcome: done.add(pair) if outcome == "finished" else None
    )
    window.open_paths(paths)
    pairs = set(range(len(paths) - 1))
    qtbot.waitUntil(lambda: done >= pairs and not window.busy, timeout=30_000)


def hue_distance(a: QColor, b: QColor) -> int:
    d = abs(a.hue() - b.hue())
    return min(d, 360 - d)


def ribbon_pixel(window: MainWindow, pair: int, kind: LinkKind) -> QColor:
    """The colour painted inside the middle of a visible ribbon of ``kind``."""
    link_map = window.compare.maps[pair]
    image = link_map.grab().toImage()
    x = link_map.width() // 2
    for ribbon in link_map.ribbons():
        if link_map.index.links[ribbon.index].kind is not kind:
            continue
        if ribbon.index == link_map.selected:
            continue
        for y in range(link_map.height()):
            inside = [r for r in link_map.ribbons() if r.path.contains(QPointF(x, y))]
            if [r.index for r in inside] == [ribbon.index]:
                return image.pixelColor(x, y)
    raise AssertionError("no ribbon of that kind on screen")


def test_focal_and_three_others_show_as_tabs_with_their_own_links_and_colours(
    qtbot: QtBot, window: MainWindow, tmp_path: Path
) -> None:
    paths = write_many(tmp_path)
    open_many(qtbot, window, paths)
    compare = window.compare
    assert compare.pair_count == 3 and compare.many
    assert compare.tabs.count() == 3 and compare.tabs.tabBar().isVisible()
    focal = compare.panes[0].document
    assert focal is not None and focal.path == paths[0]
    colors = [compare.document_color(pair) for pair in range(3)]
    assert len({c.name() for c in colors if c is not None}) == 3
    for pair, size in enumerate(SIZES):
        alignment = compare.alignments[pair]
        assert alignment is not None and len(alignment.links) == size
        other = compare.pair_panes(pair)[1].document
        assert other is not None and other.path == paths[pair + 1]
        assert compare.maps[pair].document_color == colors[pair]
        counts = share(compare.shown_links(pair), len(focal.text))
        assert compare.tabs.tabText(pair).startswith(f"other-{pair + 1}.txt")
        assert counts_text(counts) in compare.tabs.tabText(pair)
    # switching tabs switches the link map, the link list and what navigation follows
    for pair in (2, 0, 1):
        compare.tabs.setCurrentIndex(pair)
        assert compare.active_pair == pair
        assert compare.map_stack.currentWidget() is compare.maps[pair]
        assert compare.maps[pair].isVisible()
        assert not any(compare.maps[p].isVisible() for p in range(3) if p != pair)
        assert window.link_list.model.rowCount() == SIZES[pair]
        assert compare.maps[pair].ribbons()
        # the ribbons are painted in this document's colour (quote solid, related too)
        for kind in LinkKind:
            painted = ribbon_pixel(window, pair, kind)
            color = colors[pair]
            assert color is not None and hue_distance(painted, color) < 25, (pair, kind)
    # a row of the list selects that link of the current tab's pair
    window.link_list.table.selectRow(3)
    selected = compare.selected_index(1)
    assert selected is not None
    link = compare.shown_links(1)[selected]
    assert compare.panes[0].is_visible(link.left) and compare.panes[2].is_visible(link.right)


def test_summary_states_what_the_core_computes(
    qtbot: QtBot, window: MainWindow, tmp_path: Path
) -> None:
    open_many(qtbot, window, write_many(tmp_path))
    compare = window.compare
    assert compare.summary.isVisible()
    focal = compare.panes[0].document
    assert focal is not None
    for threshold in (0, 60):
        window.threshold_slider.setValue(threshold)
        texts = compare.summary.texts()
        assert len(texts) == 3
        for pair, text in enumerate(texts):
            expected = share(compare.shown_links(pair), len(focal.text))
            assert compare.share(pair) == expected
            assert text.startswith(f"other-{pair + 1}.txt")
            assert counts_text(expected) in text and coverage_text(expected) in text
            assert all(link.score >= threshold for link in compare.shown_links(pair))
    # clicking a row shows that document
    row = compare.summary.rows[2]
    qtbot.mouseClick(row, Qt.MouseButton.LeftButton, pos=QPoint(5, row.height() // 2))
    assert compare.active_pair == 2


def test_coverage_bar_marks_every_link_and_a_click_scrolls_there(
    qtbot: QtBot, window: MainWindow, tmp_path: Path
) -> None:
    open_many(qtbot, window, write_many(tmp_path))
    compare = window.compare
    bar = compare.coverage_bar
    assert bar.isVisible()
    focal = compare.panes[0]
    assert focal.document is not None
    length = len(focal.document.text)
    marks = bar.marks()
    for pair in range(3):
        links = compare.shown_links(pair)
        own = [m for m in marks if m.pair == pair]
        assert sum(m.bin.count for m in own) == len(links)
        assert {m.bin.bin for m in own} == {bin_of(lk.left.start, length, BINS) for lk in links}
    # marks are spread along the scroll bar: the last link of the longest source is low down
    last = max((m for m in marks if m.pair == 2), key=lambda m: m.bin.bin)
    assert last.rect.center().y() > bar.height() * 0.6
    scroll = focal.text_view.verticalScrollBar()
    scroll.setValue(0)
    qtbot.mouseClick(bar, Qt.MouseButton.LeftButton, pos=last.rect.center().toPoint())
    assert compare.active_pair == 2
    assert compare.selected_index(2) == last.bin.first
    assert scroll.value() > 0
    assert focal.is_visible(compare.shown_links(2)[last.bin.first].left)
    # a filter change re-bins: fewer links, fewer counted marks
    window.kind_actions[LinkKind.RELATED].trigger()
    quotes = sum(1 for p in range(3) for lk in compare.shown_links(p) if lk.kind is LinkKind.QUOTE)
    assert sum(m.bin.count for m in bar.marks()) == quotes < sum(SIZES)


def test_two_documents_stay_a_plain_pair(qtbot: QtBot, window: MainWindow, tmp_path: Path) -> None:
    open_pair(qtbot, window, *write_pair(tmp_path))
    compare = window.compare
    assert compare.pair_count == 1 and not compare.many
    assert not compare.tabs.tabBar().isVisible()
    assert not compare.summary.isVisible()
    # the whole text at a glance beside the scroll bar: a lane of quotes, one of related
    bar = compare.coverage_bar
    assert bar.isVisible() and len(bar.lanes) == 2
    links = compare.shown_links(0)
    quotes = sum(1 for link in links if link.kind is LinkKind.QUOTE)
    assert sum(b.count for b in bar.lanes[0].bins) == quotes
    assert sum(b.count for b in bar.lanes[1].bins) == len(links) - quotes
    related = max((m for m in bar.marks() if m.lane == 1), key=lambda m: m.bin.bin)
    qtbot.mouseClick(bar, Qt.MouseButton.LeftButton, pos=related.rect.center().toPoint())
    chosen = compare.selected_index(0)
    assert chosen is not None and links[chosen].kind is LinkKind.RELATED
    assert compare.panes[0].is_visible(links[chosen].left)
    assert compare.maps[0].document_color is None  # quote/related colours, as before
    assert compare.panes[1].title.isVisible()
    assert compare.maps[0].width() > MIN_MAP_WIDTH  # the band keeps its wider default
    # the leaders carry the ribbons across both panes' margins
    left_leader, right_leader = compare.maps[0].leaders
    assert left_leader.isVisible() and right_leader.isVisible()
    assert left_leader.geometry().left() >= compare.panes[0].text_view.viewport().geometry().right()


def test_adding_and_dropping_documents(
    qtbot: QtBot, window: MainWindow, tmp_path: Path, aligner: object
) -> None:
    paths = write_many(tmp_path)
    open_many(qtbot, window, paths[:2])
    assert not window.compare.many
    with qtbot.waitSignal(window.alignment_changed, timeout=20_000) as blocker:
        window.add_document(paths[2])
    assert blocker.args == [1, "finished"]
    compare = window.compare
    assert compare.many and compare.tabs.count() == 2
    assert len(compare.shown_links(1)) == SIZES[1]
    assert "Add Document" in window.add_action.text()
    # opening a smaller comparison drops the extra tabs and their links
    open_many(qtbot, window, [paths[0], paths[3]])
    assert len(compare.panes) == 2 and compare.pair_count == 1 and not compare.many
    assert len(compare.shown_links(0)) == SIZES[2]
    assert not compare.summary.isVisible()


def test_a_four_document_comparison_is_saved_and_reopened(
    qtbot: QtBot, notes_window: MainWindow, services: Services, database: Database, tmp_path: Path
) -> None:
    window = notes_window
    paths = write_many(tmp_path)
    open_many(qtbot, window, paths)
    notes = window.notes
    window.compare.select_link(5, pair=2)
    rejected = window.compare.shown_links(2)[5]
    assert notes.reject_link()
    assert rejected not in window.compare.shown_links(2)
    window.compare.select_link(2, pair=1)
    editor = notes.annotate_pair()
    assert editor is not None
    editor.note_edit.setPlainText("Source 2 restates this.")
    editor.save()
    comparison = notes.workspace.comparison
    assert comparison is not None
    window.close()

    (saved,) = database.comparisons.recent_comparisons()  # no half-loaded comparison saved
    assert saved.id == comparison.id
    assert [d.path for d in saved.documents] == paths
    again = new_window(qtbot, services)
    done: set[int] = set()
    again.alignment_changed.connect(lambda pair, _outcome: done.add(pair))
    assert again.open_comparison(comparison.id)
    qtbot.waitUntil(lambda: done >= {0, 1, 2} and not again.busy, timeout=30_000)
    compare = again.compare
    assert [p.document.path for p in compare.panes if p.document] == paths
    assert compare.tabs.count() == 3
    assert rejected not in compare.shown_links(2)
    assert len(compare.shown_links(2)) == SIZES[2] - 1
    pair_notes = [e for e in again.notes.dock.visible_entries() if "restates" in e.item.note]
    assert len(pair_notes) == 1


def test_the_command_line_opens_at_most_eight_others(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    paths = [str(tmp_path / f"doc-{i}.txt") for i in range(10)]
    assert cli_main(["open", *paths]) == 1
    message = capsys.readouterr().err
    assert "at most 8 others" in message and "10 files" in message
