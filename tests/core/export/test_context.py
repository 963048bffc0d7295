"""Context a reader can use: whole sentences around a quote, whole words, one line, and where."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import docx

from desktop_app.core.anchoring import make_target
from desktop_app.core.annotations import CONTEXT_CHARS
from desktop_app.core.documents import load
from desktop_app.core.export import Excerpt, ExportOptions, Quote, SourceRef
from desktop_app.core.export.context import document_context, selector_context
from desktop_app.core.export.output import write_export
from desktop_app.core.model import Document, DocumentFormat, Span
from desktop_app.core.segmentation import sentence_spans

REPO = Path(__file__).resolve().parents[3]
PLAN = REPO / "data" / "congress-victory-plan-2024.txt"
NEEDLE = "force Putin's regime to end this war"


def _plan(tmp_path: Path) -> tuple[Document, Path]:
    path = Path(shutil.copy(PLAN, tmp_path / "victory plan.txt"))
    return load(path), path


def _excerpt(document: Document, path: Path, word: str, near: str) -> Excerpt:
    start = document.text.index(near) + near.index(word)
    target = make_target(document.text, Span(start, start + len(word)), None)
    source = SourceRef(document.sha256, "", str(path), format=DocumentFormat.TEXT)
    quote = Quote(source, target.quote.exact, target.quote.prefix, target.quote.suffix,
                  span=target.span)  # fmt: skip
    return Excerpt("n1", quote, note="Who is meant?")


def test_context_is_a_whole_sentence_either_side_within_the_paragraph(tmp_path: Path) -> None:
    document, _ = _plan(tmp_path)
    start = document.text.index(NEEDLE) + len("force ")
    span = Span(start, start + len("Putin"))
    before, after, paragraph = document_context(document, span)
    (block_number, block) = next(
        (i, b) for i, b in enumerate(document.content_blocks) if b.span.start <= start < b.span.end
    )
    assert paragraph == block_number + 1
    sentences = sentence_spans(document.text, block.span)
    here = next(i for i, s in enumerate(sentences) if s.start <= start < s.end)
    first = sentences[max(0, here - 1)]
    last = sentences[min(len(sentences) - 1, here + 1)]
    flat = " ".join(document.text[first.start : last.end].split())
    assert f"{before}Putin{after}" == flat
    assert "\n" not in before + after
    assert before.startswith(" ".join(document.text[first.start : first.end].split())[:20])


def test_selector_context_drops_the_words_cut_at_its_ends() -> None:
    text = "the regime needs to strike\nhard, QUOTE at once, and with all the mightiest arms"
    quote = text.index("QUOTE")
    prefix = text[quote - CONTEXT_CHARS : quote]  # "he regime…": cut inside "the"
    suffix = text[quote + 5 : quote + 5 + CONTEXT_CHARS]  # "…the might": cut inside a word
    assert len(prefix) == len(suffix) == CONTEXT_CHARS  # as a note's selector stores them
    before, after = selector_context(prefix, suffix)
    assert before == "…regime needs to strike hard, "  # not "he regime…", and on one line
    assert after == " at once, and with all the…"


def test_short_selector_context_reached_the_text_edge_and_is_whole() -> None:
    assert selector_context("Opening ", "") == ("Opening ", "")


def test_reports_show_the_sentences_the_file_and_the_paragraph(tmp_path: Path) -> None:
    document, path = _plan(tmp_path)
    excerpt = _excerpt(document, path, "Putin", NEEDLE)
    before, after, paragraph = document_context(document, excerpt.quote.span or Span(0, 0))
    assert len(before) > 40 and len(after) > 40
    md = tmp_path / "r.md"
    write_export([excerpt], "md", md)
    text = md.read_text(encoding="utf-8")
    assert "**Putin**'s regime" in text.replace("\\'", "'")
    assert f"para. {paragraph}" in text
    assert "victory%20plan.txt" in text  # a link to the file
    html = tmp_path / "r.html"
    write_export([excerpt], "html", html)
    page = html.read_text(encoding="utf-8")
    shown = re.search(r'<span class="context">([^<]*)</span><mark>Putin</mark>', page)
    assert shown is not None and shown.group(1).endswith("to force ")
    assert "\n" not in shown.group(1)
    assert f"para. {paragraph}" in page and 'href="file://' in page
    out = tmp_path / "r.docx"
    write_export([excerpt], "docx", out, ExportOptions())
    paragraphs = [p for p in docx.Document(str(out)).paragraphs]
    [quote] = [p for p in paragraphs if "Putin" in p.text and p.style is not None
               and p.style.name == "Quote"]  # fmt: skip
    assert [r.text for r in quote.runs if r.bold] == ["Putin"]
    assert quote.text.startswith(before.strip()[:30]) and quote.text.endswith(after.strip()[-30:])
    [source] = [p for p in paragraphs if p.text.endswith(f"para. {paragraph}")]
    assert source.text == f"— victory plan.txt, para. {paragraph}"
    assert [link.address for link in source.hyperlinks] == [path.as_uri()]  # opens the file
