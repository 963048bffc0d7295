"""Sections of a report, decided once for every format that has sections."""

from __future__ import annotations

from collections.abc import Sequence

from desktop_app.core.export.excerpts import AnyExcerpt, GroupBy

UNGROUPED = "Other excerpts"
UNTAGGED = "Untagged"


def group_excerpts(
    excerpts: Sequence[AnyExcerpt], group_by: GroupBy
) -> list[tuple[str, list[AnyExcerpt]]]:
    """Excerpts in sections, sections in order of first appearance, order kept inside.

    Labels are ready to show ("Tag: economy"). By tag, an excerpt with several
    tags appears under each of them: a reader going through one tag expects to
    find everything carrying it there.
    """
    if group_by is GroupBy.NONE:
        return [("", list(excerpts))] if excerpts else []
    groups: dict[str, list[AnyExcerpt]] = {}
    for excerpt in excerpts:
        if group_by is GroupBy.COMPARISON:
            keys: Sequence[str] = (excerpt.comparison or UNGROUPED,)
        else:
            keys = tuple(f"Tag: {tag}" for tag in excerpt.tags) or (UNTAGGED,)
        for key in dict.fromkeys(keys):
            groups.setdefault(key, []).append(excerpt)
    return list(groups.items())
