"""No lost update on saved comparisons either: two windows (or two analysts) saving one
workspace from their copies, on both engines."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from desktop_app.core.annotations import ManualLink, RejectedLink
from desktop_app.core.model import AlignOptions, LinkKind, Span
from desktop_app.core.storage import open_database
from desktop_app.core.storage.conflicts import EditConflict
from tests.helpers.annotations import DOC_A, DOC_B, comparison, target


def test_a_stale_save_of_the_same_field_is_refused_with_the_stored_comparison(
    db_location: Path | str,
) -> None:
    with open_database(db_location) as one, open_database(db_location) as other:
        saved = one.comparisons.save_comparison(comparison())
        mine = one.comparisons.load_comparison(saved.id, touch=False)
        theirs = other.comparisons.load_comparison(saved.id, touch=False)
        stored = other.comparisons.save_comparison(replace(theirs, name="Ben's"), base=theirs)
        assert stored.version == mine.version + 1
        with pytest.raises(EditConflict) as refused:
            one.comparisons.save_comparison(replace(mine, name="Mine"), base=mine)
        assert "saved comparison was changed meanwhile" in str(refused.value)
        assert "the name" in str(refused.value)
        assert refused.value.current == stored
        assert one.comparisons.load_comparison(saved.id, touch=False).name == "Ben's"
        # Saved again on the version shown: replaces theirs, as the message says.
        again = one.comparisons.save_comparison(
            replace(refused.value.current, name="Mine"), base=refused.value.current
        )
        assert other.comparisons.load_comparison(saved.id, touch=False) == again


def test_a_stale_save_of_other_fields_is_merged_and_keeps_their_links(
    db_location: Path | str,
) -> None:
    """One window changes the alignment settings while a colleague draws and rejects links
    and renames the workspace: both are kept."""
    with open_database(db_location) as one, open_database(db_location) as other:
        saved = one.comparisons.save_comparison(comparison())
        mine = one.comparisons.load_comparison(saved.id, touch=False)
        link = ManualLink.new(LinkKind.QUOTE, DOC_A, target(0, 10), DOC_B, target(40, 60))
        other.comparisons.add_manual_link(saved.id, link)
        rejected = RejectedLink(LinkKind.RELATED, DOC_A, Span(3, 9), DOC_B, Span(11, 19))
        other.comparisons.reject_link(saved.id, rejected)
        theirs = other.comparisons.load_comparison(saved.id, touch=False)
        other.comparisons.save_comparison(replace(theirs, name="Ben's"), base=theirs)
        options = AlignOptions(kinds=frozenset({LinkKind.RELATED}), min_score=70.0)
        stored = one.comparisons.save_comparison(replace(mine, options=options), base=mine)
        loaded = other.comparisons.load_comparison(saved.id, touch=False)
        assert loaded == stored
        assert (loaded.name, loaded.options) == ("Ben's", options)
        assert loaded.manual_links == (link,) and loaded.rejected_links == (rejected,)


def test_a_stale_whole_save_without_its_base_cannot_drop_a_link_drawn_meanwhile(
    db_location: Path | str,
) -> None:
    with open_database(db_location) as one, open_database(db_location) as other:
        saved = one.comparisons.save_comparison(comparison())
        link = ManualLink.new(LinkKind.QUOTE, DOC_A, target(0, 10), DOC_B, target(40, 60))
        other.comparisons.add_manual_link(saved.id, link)
        with pytest.raises(EditConflict) as refused:
            one.comparisons.save_comparison(replace(saved, name="renamed"))
        assert "hand-made links" in str(refused.value)
        loaded = other.comparisons.load_comparison(saved.id, touch=False)
        assert loaded.manual_links == (link,) and loaded.name == saved.name


def test_scrolling_and_opening_do_not_make_a_copy_stale(db_location: Path | str) -> None:
    """Scroll positions and the time last opened are each window's own: never a conflict."""
    with open_database(db_location) as one, open_database(db_location) as other:
        saved = one.comparisons.save_comparison(comparison())
        mine = one.comparisons.load_comparison(saved.id, touch=False)
        other.comparisons.set_scroll(saved.id, 0, 0.75)
        other.comparisons.load_comparison(saved.id)  # opened there
        stored = one.comparisons.save_comparison(replace(mine, name="renamed"), base=mine)
        assert stored.name == "renamed" and stored.version == mine.version + 1
