"""Marks on the words a quote changed."""

from desktop_app.core.worddiff import differing_words


def test_changed_words_are_marked_on_both_sides() -> None:
    left = "It is no longer an option, but simply a duty of the West."
    right = "It is no longer an option but simply a moral duty of the East"
    left_marks, right_marks = differing_words(left, right)
    assert [s.of(left) for s in left_marks] == ["West"]
    assert [s.of(right) for s in right_marks] == ["moral", "East"]


def test_identical_text_and_case_changes_have_no_marks() -> None:
    assert differing_words("Same words here.", "same WORDS here") == ([], [])
