"""The reading room end to end: real files, real loader, real widgets driven by qtbot."""

from __future__ import annotations

from pathlib import Path

import pymupdf
from pytestqt.qtbot import QtBot

from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QPalette

from desktop_app.core.model import LinkKind, Span
from desktop_app.ui.base.reading_room import Highlight
from desktop_app.ui.base.services import Services
from desktop_app.ui.window.main_window import MainWindow
from tests.helpers.windows import ParagraphAligner, open_pair, write_pair


def visible_by_brute_force(window: MainWindow) -> set[int]:
    left, right = window.compare.pair_panes(0)
    (la, lb), (ra, rb) = left.visible_range(), right.visible_range()
    return {
        i
        for i, link in enumerate(window.compare.shown_links(0))
        if link.left.overlaps(Span(la, lb)) or link.right.overlaps(Span(ra, rb))
    }


def test_open_pair_lists_and_paints_links(
    qtbot: QtBot, window: MainWindow, tmp_path: Path, aligner: ParagraphAligner
) -> None:
    left, right = write_pair(tmp_path)
    open_pair(qtbot, window, left, right)
    alignment = aligner.results[-1]
    assert len(alignment.links) == 40
    assert window.link_list.model.rowCount() == 40
    ribbons = window.compare.maps[0].ribbons()
    assert ribbons, "links on screen must get ribbons"
    assert {r.index for r in ribbons} == visible_by_brute_force(window)
    assert len(ribbons) < 40  # only what is on screen
    assert "20 quote links, 20 related links" in window.counts_label.text()
    # linked text is highlighted in both panes
    left_pane, right_pane = window.compare.pair_panes(0)
    assert left_pane.highlights("links") and right_pane.highlights("links")


def test_threshold_hides_weak_links_without_realigning(
    qtbot: QtBot, window: MainWindow, tmp_path: Path, aligner: ParagraphAligner
) -> None:
    open_pair(qtbot, window, *write_pair(tmp_path))
    alignment = window.compare.alignments[0]
    window.threshold_slider.setValue(70)
    shown = window.compare.shown_links(0)
    assert shown and all(link.score >= 70 for link in shown)
    expected = sum(1 for link in alignment.links if link.score >= 70) if alignment else -1
    assert window.link_list.model.rowCount() == len(shown) == expected
    window.kind_actions[LinkKind.RELATED].trigger()  # hide related
    assert all(link.kind is LinkKind.QUOTE for link in window.compare.shown_links(0))
    assert aligner.calls == 1
    assert window.compare.alignments[0] is alignment
    assert "threshold 70" in window.counts_label.text()


def test_next_and_previous_bring_both_sides_into_view(
    qtbot: QtBot, window: MainWindow, tmp_path: Path
) -> None:
    open_pair(qtbot, window, *write_pair(tmp_path))
    left_pane, right_pane = window.compare.pair_panes(0)
    for _ in range(12):
        qtbot.keyClick(window, Qt.Key.Key_F8)
    index = window.compare.selected_index(0)
    assert index is not None and index >= 11
    link = window.compare.shown_links(0)[index]
    assert left_pane.is_visible(link.left) and right_pane.is_visible(link.right)
    qtbot.keyClick(window, Qt.Key.Key_F8, Qt.KeyboardModifier.ShiftModifier)
    assert window.compare.selected_index(0) == index - 1
    previous = window.compare.shown_links(0)[index - 1]
    assert left_pane.is_visible(previous.left) and right_pane.is_visible(previous.right)
    # the list follows the selection
    current = window.link_list.table.currentIndex()
    assert window.link_list.proxy.mapToSource(current).row() == index - 1
    assert "F8" in window.next_action.toolTip()


def test_scrolling_one_pane_keeps_the_partner_in_view(
    qtbot: QtBot, window: MainWindow, tmp_path: Path
) -> None:
    open_pair(qtbot, window, *write_pair(tmp_path))
    left_pane, right_pane = window.compare.pair_panes(0)
    bar = left_pane.text_view.verticalScrollBar()
    bar.setValue(bar.maximum() * 2 // 3)
    middle = left_pane.offset_at_y(left_pane.viewport_height() // 2)
    links = window.compare.shown_links(0)
    link = min(links, key=lambda lk: abs((lk.left.start + lk.left.end) // 2 - middle))
    assert right_pane.is_visible(link.right)
    # unlocked: the other pane stays where it is
    window.lock_action.trigger()
    right_before = right_pane.text_view.verticalScrollBar().value()
    bar.setValue(0)
    assert right_pane.text_view.verticalScrollBar().value() == right_before


def test_clicking_a_ribbon_and_a_highlight_selects_the_link(
    qtbot: QtBot, window: MainWindow, tmp_path: Path
) -> None:
    open_pair(qtbot, window, *write_pair(tmp_path))
    link_map = window.compare.maps[0]
    ribbon = link_map.ribbons()[0]
    point = ribbon.path.pointAtPercent(0.0)
    target = QPoint(link_map.width() // 2, 0)
    for y in range(0, link_map.height()):
        target.setY(y)
        if (
            ribbon.path.contains(target.toPointF())
            and len([r for r in link_map.ribbons() if r.path.contains(target.toPointF())]) == 1
        ):
            break
    assert point is not None
    qtbot.mouseClick(link_map, Qt.MouseButton.LeftButton, pos=target)
    assert window.compare.selected_index(0) == ribbon.index
    # a click on linked text in the right pane selects that link
    right_pane = window.compare.panes[1]
    wanted = window.compare.shown_links(0)[5]
    right_pane.center_on(wanted.right)
    start = right_pane.offsets.to_pane(wanted.right.start + 10)
    view = right_pane.text_view
    cursor = view.textCursor()
    cursor.setPosition(start)
    rect = view.cursorRect(cursor)
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert window.compare.selected_index(0) == 5
    assert window.compare.panes[0].is_visible(wanted.left)


def test_unreadable_file_shows_an_error_and_keeps_the_other_pane(
    qtbot: QtBot, window: MainWindow, tmp_path: Path
) -> None:
    left, right = write_pair(tmp_path)
    open_pair(qtbot, window, left, right)
    broken = tmp_path / "broken.pdf"
    broken.write_bytes(b"%PDF-1.7\nthis is not really a pdf\n")
    task = window.open_document(1, broken)
    with qtbot.waitSignal(task.failed, timeout=20_000):
        pass
    right_pane = window.compare.panes[1]
    assert right_pane.message_bar.isVisible()
    assert "broken.pdf" in right_pane.message_bar.text
    assert window.compare.panes[0].document is not None
    assert right_pane.document is not None and right_pane.document.path == right
    unsupported = tmp_path / "notes.xyz"
    unsupported.write_text("x", encoding="utf-8")
    task = window.open_document(0, unsupported)
    with qtbot.waitSignal(task.failed, timeout=20_000):
        pass
    assert "not supported" in window.compare.panes[0].message_bar.text
    assert window.compare.panes[0].document is not None
    qtbot.keyClick(window, Qt.Key.Key_F8)  # still usable
    assert window.compare.selected_index(0) is not None


def test_password_prompt_then_retry_opens_the_pdf(
    qtbot: QtBot, window: MainWindow, services: Services, tmp_path: Path
) -> None:
    pdf_path = tmp_path / "secret.pdf"
    pdf = pymupdf.open()
    page = pdf.new_page()
    page.insert_text((72, 72), "The secret paragraph about the harbour.")
    pdf.save(
        str(pdf_path),
        encryption=pymupdf.mupdf.PDF_ENCRYPT_AES_256,
        user_pw="opensesame",
        owner_pw="owner",
    )
    pdf.close()
    asked: list[Path] = []

    def answer(_parent: object, path: Path, _reason: str) -> str:
        asked.append(path)
        return "opensesame"

    services.ask_password = answer
    with qtbot.waitSignal(window.document_changed, timeout=20_000):
        window.open_document(0, pdf_path)
    assert asked == [pdf_path]
    document = window.compare.panes[0].document
    assert document is not None and "secret paragraph" in document.text


def test_find_in_document_marks_matches(qtbot: QtBot, window: MainWindow, tmp_path: Path) -> None:
    open_pair(qtbot, window, *write_pair(tmp_path))
    right_pane = window.compare.panes[1]
    right_pane.text_view.setFocus()
    qtbot.keyClick(window, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert right_pane.find_bar.isVisible()
    qtbot.keyClicks(right_pane.find_bar.edit, "REWRITTEN")
    document = right_pane.document
    assert document is not None
    assert len(right_pane.find_matches) == document.text.count("rewritten") == 40
    assert len(right_pane.highlights("find")) == 40
    assert right_pane.find_bar.count_label.text().endswith("of 40")
    qtbot.keyClick(right_pane.find_bar.edit, Qt.Key.Key_Escape)
    assert not right_pane.find_bar.isVisible()
    assert right_pane.highlights("find") == []


def test_scroll_lock_persists(qtbot: QtBot, services: Services) -> None:
    first = MainWindow(services)
    qtbot.addWidget(first)
    first.lock_action.setChecked(False)
    first.close()
    second = MainWindow(services)
    qtbot.addWidget(second)
    assert not second.lock_action.isChecked()


def test_scrolling_step_by_step_keeps_every_visible_link_highlighted(
    qtbot: QtBot, window: MainWindow, tmp_path: Path
) -> None:
    """Highlights are rebuilt only when the view leaves the highlighted part: whatever
    comes into view, a step at a time or by a jump, is highlighted when it shows."""
    open_pair(qtbot, window, *write_pair(tmp_path, count=200))
    left_pane, right_pane = window.compare.pair_panes(0)
    bar = left_pane.text_view.verticalScrollBar()
    links = window.compare.shown_links(0)

    def unhighlighted() -> list[int]:
        marked = {(h.span.start, h.span.end) for h in left_pane.highlights("links")}
        top, bottom = left_pane.visible_range()
        return [
            i
            for i, link in enumerate(links)
            if link.left.overlaps(Span(top, bottom))
            and (link.left.start, link.left.end) not in marked
        ]

    # Qt lays a long text out after it is shown: what the top shows then is highlighted.
    qtbot.waitUntil(lambda: unhighlighted() == [] and bool(left_pane.highlights("links")))
    step = max(1, left_pane.viewport_height() // 5)
    for value in [*range(step, bar.maximum(), step), bar.maximum(), 0, bar.maximum() // 2]:
        bar.setValue(value)
        assert unhighlighted() == [], f"scrolled to {value}"
    assert right_pane.highlights("links")


def test_text_size_keys_relayout_every_pane_and_keep_the_place(
    qtbot: QtBot, window: MainWindow, services: Services, tmp_path: Path
) -> None:
    open_pair(qtbot, window, *write_pair(tmp_path, count=120))
    left, right = window.compare.pair_panes(0)
    bar = left.text_view.verticalScrollBar()
    bar.setValue(bar.maximum() // 2)
    top = left.visible_range()[0]
    size = left.text_view.document().defaultFont().pointSizeF()
    links = len(left.text_view.extraSelections())
    assert links > 0
    left.text_view.setFocus()
    qtbot.keyClick(left.text_view, Qt.Key.Key_Equal, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClick(left.text_view, Qt.Key.Key_Equal, Qt.KeyboardModifier.ControlModifier)
    for pane in (left, right):
        assert pane.text_view.document().defaultFont().pointSizeF() > size * 1.15
    assert len(left.text_view.extraSelections()) > 0  # highlights laid out again
    # the same passage at the top (once Qt has laid the longer text out)
    qtbot.waitUntil(lambda: abs(left.visible_range()[0] - top) < 300)
    window.close()
    again = MainWindow(services)
    qtbot.addWidget(again)
    again.compare.ensure_panes(2)
    assert again.compare.panes[1].text_points == window.compare.text_points > size
    again.zoom_actions[2].trigger()  # normal size
    assert again.compare.panes[0].text_points == size


def test_the_theme_switches_from_the_menu_and_is_kept(
    qtbot: QtBot, window: MainWindow, services: Services, tmp_path: Path
) -> None:
    open_pair(qtbot, window, *write_pair(tmp_path))
    left = window.compare.panes[0]
    light = left.text_view.palette().color(QPalette.ColorRole.Base).lightness()
    try:
        window.theme_actions["dark"].trigger()
        assert window.theme.dark
        assert left.text_view.palette().color(QPalette.ColorRole.Base).lightness() < 80
        assert left.highlights("links")  # painted again in the dark colours
        assert services.settings.theme == "dark"
        again = MainWindow(services)
        qtbot.addWidget(again)
        assert again.theme_actions["dark"].isChecked() and again.theme.dark
        again.close()
        window.theme_actions["light"].trigger()
        assert not window.theme.dark
        assert left.text_view.palette().color(QPalette.ColorRole.Base).lightness() > 200
    finally:
        window.theme_actions["system"].trigger()
    assert left.text_view.palette().color(QPalette.ColorRole.Base).lightness() == light


def test_paragraphs_without_a_counterpart_are_listed_and_shown(
    qtbot: QtBot, window: MainWindow, tmp_path: Path
) -> None:
    """What one document says that the other never does: the right document's preface
    and the left paragraphs no link touches, listed beside the links; a click shows one."""
    left_path, right_path = write_pair(tmp_path, count=10)
    right_path.write_text(
        right_path.read_text(encoding="utf-8")
        + "\nA closing remark that the essay never made, on matters of its own entirely.\n",
        encoding="utf-8",
    )
    open_pair(qtbot, window, left_path, right_path)
    window.unmatched_dock.raise_()
    qtbot.waitUntil(lambda: bool(window.unmatched.passages(1)))
    right = window.compare.pair_panes(0)[1]
    assert right.document is not None
    (closing,) = window.unmatched.passages(1)
    assert closing.of(right.document.text).startswith("A closing remark")
    assert window.unmatched.passages(0) == []  # every left paragraph is linked
    # hiding a kind of link leaves its paragraphs without a counterpart
    window.kind_actions[LinkKind.QUOTE].setChecked(False)
    qtbot.waitUntil(lambda: len(window.unmatched.passages(0)) == 5)
    section = window.unmatched.tree.topLevelItem(1)
    assert section is not None
    last = window.unmatched.passages(1).index(closing)
    window.unmatched.tree.itemClicked.emit(section.child(last), 0)
    cursor = right.text_view.textCursor()
    start, end = right.offsets.pane_range(closing)
    assert (cursor.selectionStart(), cursor.selectionEnd()) == (start, end)
    assert right.is_visible(closing)


def test_dense_links_fill_only_the_selected_one_and_changed_words_are_shaded(
    qtbot: QtBot, window: MainWindow, tmp_path: Path
) -> None:
    """Every paragraph linked (a revision): the band would be a wall and every paragraph
    tinted, so the others keep a faint hint; a quote's changed words get a deeper shade
    of the link's colour, not a red wave that reads as a spelling mistake."""
    open_pair(qtbot, window, *write_pair(tmp_path))
    link_map = window.compare.maps[0]
    assert link_map.ribbon_style.dense
    links = window.compare.shown_links(0)
    quote = next(i for i, link in enumerate(links) if link.kind is LinkKind.QUOTE)
    window.compare.select_link(quote)
    style = link_map.ribbon_style
    chosen, other = links[quote], links[quote + 2]
    assert style.fill(other).alphaF() < 0.3 * style.fill(chosen, selected=True).alphaF()
    assert style.highlight(other).alphaF() < 0.1
    right = window.compare.pair_panes(0)[1]
    marks = right.highlights("diff")
    assert marks, "the right side rewrote words of the quote"
    assert all(m.underline is None and m.background is not None for m in marks)


def test_links_whose_other_end_is_out_of_view_gather_in_a_counted_marker(
    qtbot: QtBot, window: MainWindow, tmp_path: Path
) -> None:
    open_pair(qtbot, window, *write_pair(tmp_path, count=120))
    window.lock_action.setChecked(False)
    left, right = window.compare.pair_panes(0)
    link_map = window.compare.maps[0]
    bar = left.text_view.verticalScrollBar()
    bar.setValue(bar.maximum())  # the left pane at the end, the right still at the top
    qtbot.waitUntil(lambda: bool(link_map.offscreen()))
    markers = {(m.right_side, m.above): m for m in link_map.offscreen()}
    # what the left pane shows links further down the right document, and what the right
    # pane shows links far above in the left one: two markers, not two piles of strands
    assert set(markers) == {(True, False), (False, True)}
    marker = markers[(True, False)]
    links = window.compare.shown_links(0)
    _top, bottom = right.visible_range()
    assert all(links[i].right.start >= bottom for i in marker.links)
    assert "below the view in the right document" in link_map.tooltip_at(marker.rect.center())
    qtbot.mouseClick(link_map, Qt.MouseButton.LeftButton, pos=marker.rect.center().toPoint())
    chosen = window.compare.selected_index(0)
    assert chosen in marker.links
    assert min(marker.links, key=lambda i: links[i].right.start) == chosen  # the nearest
    qtbot.waitUntil(lambda: right.is_visible(links[chosen].right))


def test_quoted_words_inside_a_selected_passage_keep_the_quote_colour(
    qtbot: QtBot, window: MainWindow, tmp_path: Path
) -> None:
    """The amber of the words a related passage quotes, over the passage's blue tint, mixed
    into grey: it is laid over the page colour once and painted opaque."""
    open_pair(qtbot, window, *write_pair(tmp_path))
    pane = window.compare.panes[0]
    theme = window.theme
    passage, words = Span(0, 40), Span(10, 20)
    pane.set_layers(
        {
            "selected": [Highlight(passage, theme.highlight(LinkKind.RELATED, selected=True))],
            "quoted": [Highlight(words, theme.highlight(LinkKind.QUOTE))],
        }
    )
    start, end = pane.offsets.pane_range(words)
    (quoted,) = [
        s
        for s in pane.text_view.extraSelections()
        if (s.cursor.selectionStart(), s.cursor.selectionEnd()) == (start, end)
    ]
    fill = quoted.format.background().color()
    assert fill.alpha() == 255
    assert fill.red() > fill.blue() + 60  # amber, not grey


def test_score_control_says_what_the_number_means(qtbot: QtBot, window: MainWindow) -> None:
    from desktop_app.core.scores import score_meaning

    qtbot.keyClick(window.threshold_slider, Qt.Key.Key_Home)
    at_zero = window.threshold_label.text()
    assert at_zero == score_meaning(0).label
    window.threshold_slider.setFocus()
    for _ in range(16):  # page steps of 5: up to 80
        qtbot.keyClick(window.threshold_slider, Qt.Key.Key_PageUp)
    assert window.threshold_slider.value() == 80
    meaning = score_meaning(80)
    assert window.threshold_label.text() == meaning.label != at_zero
    assert "80" in window.threshold_label.text()
    assert window.threshold_slider.toolTip() == meaning.tooltip
    assert "about 80 times in 100" in window.threshold_label.toolTip()
