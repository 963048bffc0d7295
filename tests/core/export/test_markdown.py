"""The Markdown report keeps its structure whatever the user typed."""

from __future__ import annotations

from markdown_it import MarkdownIt

from desktop_app.core.export import Excerpt, ExportOptions, GroupBy, Quote, SourceRef
from desktop_app.core.export.markdown import escape_line, render_markdown
from tests.helpers.excerpts import sample_excerpts

SOURCE = SourceRef(sha256="d" * 64, title="Doc")


def _html(excerpts: list[Excerpt], title: str = "Report") -> str:
    text = render_markdown(excerpts, ExportOptions(title=title, group_by=GroupBy.NONE))
    html: str = MarkdownIt("commonmark").render(text)
    return html


def test_note_starting_with_hash_is_not_a_heading() -> None:
    rendered = _html([Excerpt("1", Quote(SOURCE, "q"), note="# Big claim\n## smaller")])
    assert rendered.count("<h1>") == 1  # the report title only
    assert "<h2>" not in rendered
    assert "# Big claim" in rendered


def test_quote_with_angle_bracket_lines_stays_one_blockquote() -> None:
    rendered = _html([Excerpt("1", Quote(SOURCE, "> reply\n>> deeper\nplain"))])
    assert rendered.count("<blockquote>") == 1
    assert "&gt; reply" in rendered
    assert "&gt;&gt; deeper" in rendered


def test_raw_html_in_user_text_is_shown_not_passed_through() -> None:
    rendered = _html(
        [Excerpt("1", Quote(SOURCE, "<b>bold</b>"), note="<script>alert(1)</script>")],
        title="<img src=x onerror=alert(1)>",
    )
    assert "<script>" not in rendered
    assert "<img" not in rendered
    assert "<b>" not in rendered
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in rendered


def test_javascript_url_is_text_and_http_url_is_link() -> None:
    rendered = MarkdownIt("commonmark").render(render_markdown(sample_excerpts(), ExportOptions()))
    assert 'href="javascript' not in rendered
    assert "javascript:alert(document.cookie)" in rendered
    assert 'href="https://www.foreignaffairs.com/' in rendered


def test_escaped_lines_render_as_the_same_literal_text() -> None:
    md = MarkdownIt("commonmark")
    for line in ["# h", "- item", "+ item", "1. one", "3) three", "=SUM(A1)", "***", "a_b*c*`d`"]:
        rendered = md.render(escape_line(line)).strip()
        assert rendered == f"<p>{line}</p>", line


def test_groups_by_tag_list_an_excerpt_under_each_of_its_tags() -> None:
    text = render_markdown(sample_excerpts(), ExportOptions(group_by=GroupBy.TAG))
    assert "## Tag: claim" in text
    assert "## Tag: regime" in text
    assert text.count("The days of Russian President") == 2
    assert "## Untagged" in text
