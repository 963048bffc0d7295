"""Reading-room speed: show a 1 MB book in a pane, paint the link map with many links.

Prints ratios against baselines measured in the same run (machines are noisy):
showing the NT against showing Mark (12x less text), and a link-map paint with
8,000 links against one with 40 links (should stay near 1: only visible links).
"""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


from benchmarks.inputs import PARALLEL
from benchmarks.timing import best_of
from desktop_app.app import ensure_application
from desktop_app.core.documents import load
from desktop_app.core.linkfilter import LinkIndex
from desktop_app.core.model import Alignment, Link, LinkKind, Span
from desktop_app.ui.base.theme import Theme
from desktop_app.ui.reading.compare_view import CompareView


def main() -> None:
    app = ensure_application()
    view = CompareView(Theme(app.palette()))
    view.resize(1400, 900)
    view.show()
    app.processEvents()
    mark = load(PARALLEL / "mark.kjv.txt")
    nt_left, nt_right = load(PARALLEL / "nt.kjv.txt"), load(PARALLEL / "nt.asv.txt")

    def show(doc: object) -> None:
        view.panes[0].set_document(doc)  # type: ignore[arg-type]
        view.panes[0].text_view.viewport().repaint()

    t_mark = best_of(3, lambda: show(mark))
    t_nt = best_of(3, lambda: show(nt_left))
    print(
        f"show Mark (79 kB): {t_mark * 1000:.1f} ms; NT (950 kB): {t_nt * 1000:.1f} ms; "
        f"ratio {t_nt / t_mark:.1f} (text ratio 12)"
    )
    view.set_document(1, nt_right)
    app.processEvents()
    left_blocks = nt_left.content_blocks
    right_blocks = nt_right.content_blocks
    pairs = list(zip(left_blocks, right_blocks, strict=False))

    def many(count: int) -> Alignment:
        links = []
        for i in range(count):
            a, b = pairs[i % len(pairs)]
            step = len(a.span) // 32 or 1
            k = (i // len(pairs)) % 32
            la = a.span.start + k * step
            rb = b.span.start + k * (len(b.span) // 32 or 1)
            links.append(
                Link(
                    LinkKind.QUOTE if i % 2 else LinkKind.RELATED,
                    Span(la, la + step),
                    Span(rb, rb + step),
                    float(i % 100),
                )
            )
        return Alignment(tuple(links))

    link_map = view.maps[0]
    view.set_alignment(0, many(8000))
    view.panes[0].text_view.verticalScrollBar().setValue(20000)
    app.processEvents()
    t_all = best_of(5, link_map.repaint)
    visible = [link_map.index.links[r.index] for r in link_map.ribbons()]
    # Baseline: an alignment holding only the links that are on screen now.
    view.set_alignment(0, Alignment(tuple(visible)))
    app.processEvents()
    t_visible = best_of(5, link_map.repaint)
    print(
        f"link map paint, 8000 links: {t_all * 1000:.2f} ms; only its {len(visible)} "
        f"visible links: {t_visible * 1000:.2f} ms; ratio {t_all / t_visible:.2f} (ideal 1)"
    )
    index = LinkIndex(many(8000).links)
    t_query = best_of(5, lambda: index.visible((100_000, 103_000), (100_000, 103_000)))
    print(f"visible-link query over 8000 links: {t_query * 1e6:.0f} µs")
    view.close()


if __name__ == "__main__":
    main()
