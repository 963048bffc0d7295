"""Generators of bad and hostile input files: one function per case, nothing downloaded.

Reliability tests feed these to the loader, the command line and the window to
show that each gets a clear message (or a sane document) and nothing else.
Everything random is seeded, so a failure reproduces byte for byte.
"""

from __future__ import annotations

import io
import random
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from pathlib import Path

import pymupdf

from tests.helpers.factories import PdfText, make_docx, make_epub, make_html, make_pdf, make_text

# Text that must never reach a Document: it only exists inside active content.
SECRET_JS = "VERSO_JS_PAYLOAD"
SECRET_ATTACHMENT = "VERSO_ATTACHMENT_PAYLOAD"
SECRET_SCRIPT = "VERSO_SCRIPT_PAYLOAD"
LAUNCH_MARKER = "LAUNCHED"
VISIBLE = "The visible paragraph about the harbour council stays readable."

RUSSIAN = (
    "Съезд народных депутатов рассмотрел проект.\n\n"
    "План победы: это уже не выбор, а долг. Ещё раз о главном: ёлка, щи, объём.\n"
)


def good_pdf(path: Path, text: str = VISIBLE, pages: int = 3) -> Path:
    """A small valid PDF with a paragraph per page: the seed of the damaged variants."""
    return make_pdf(path, [[PdfText(72, 100, f"{text} Page {n + 1}.")] for n in range(pages)])


# -- empty and binary files ------------------------------------------------------------


def zero_byte(folder: Path, suffix: str) -> Path:
    """An empty file named like a document."""
    path = folder / f"empty{suffix}"
    path.write_bytes(b"")
    return path


def binary_garbage(folder: Path, suffix: str, *, seed: int = 7, size: int = 4096) -> Path:
    """Random bytes (with NULs) named like a document."""
    path = folder / f"garbage{suffix}"
    path.write_bytes(random.Random(seed).randbytes(size))
    return path


# -- damaged PDFs ----------------------------------------------------------------------


def truncated_pdf(folder: Path, *, keep: float = 0.5) -> Path:
    """A valid PDF cut after ``keep`` of its bytes (an interrupted download)."""
    data = good_pdf(folder / "whole.pdf").read_bytes()
    path = folder / "truncated.pdf"
    path.write_bytes(data[: int(len(data) * keep)])
    return path


def byte_flipped_pdf(folder: Path, *, seed: int, flips: int = 40) -> Path:
    """A valid PDF with ``flips`` random bytes overwritten (bit rot, a bad disk)."""
    data = bytearray(good_pdf(folder / f"seed{seed}.pdf").read_bytes())
    rng = random.Random(seed)
    for _ in range(flips):
        data[rng.randrange(8, len(data))] = rng.randrange(256)
    path = folder / f"flipped{seed}.pdf"
    path.write_bytes(bytes(data))
    return path


def broken_xref_pdf(folder: Path) -> Path:
    """A PDF whose cross-reference table (and its pointer) is overwritten with junk."""
    whole = folder / "xref-source.pdf"
    doc = pymupdf.open()
    for n in range(3):
        doc.new_page().insert_text((72, 100), f"{VISIBLE} Page {n + 1}.")
    doc.save(whole)  # uncompressed, classic xref table
    doc.close()
    data = bytearray(whole.read_bytes())
    at = data.rfind(b"\nxref")
    assert at > 0, "pymupdf wrote no classic xref table"
    end = data.find(b"trailer", at)
    for i in range(at + 6, end):
        if data[i] not in b"\r\n":
            data[i] = ord("#")
    startxref = data.rfind(b"startxref")
    data[startxref + 10 : startxref + 14] = b"9999"
    path = folder / "broken-xref.pdf"
    path.write_bytes(bytes(data))
    return path


def looping_page_tree_pdf(folder: Path) -> Path:
    """A PDF whose page tree lists itself among its kids (and counts one page more)."""
    doc = pymupdf.open()
    for n in range(3):
        doc.new_page().insert_text((72, 100), f"{VISIBLE} Page {n + 1}.")
    pages = int(doc.xref_get_key(doc.pdf_catalog(), "Pages")[1].split()[0])
    kids = doc.xref_get_key(pages, "Kids")[1]
    doc.xref_set_key(pages, "Kids", kids.rstrip("] ") + f" {pages} 0 R]")
    doc.xref_set_key(pages, "Count", "4")
    path = folder / "looping-pages.pdf"
    doc.save(path)
    doc.close()
    return path


def compression_bomb_pdf(folder: Path, *, megabytes: int = 400) -> Path:
    """A one-page PDF whose content stream inflates from ~0.4 MB to ``megabytes`` MB of
    drawing operators that MuPDF must all interpret."""
    doc = pymupdf.open()
    page = doc.new_page()
    page.insert_text((72, 100), VISIBLE)
    xref = page.get_contents()[0]
    doc.update_stream(xref, b"q Q " * (megabytes * 1024 * 256), compress=True)
    path = folder / "compression-bomb.pdf"
    doc.save(path)
    doc.close()
    return path


def encrypted_pdf(folder: Path, *, user: str | None, owner: str = "owner-secret") -> Path:
    """AES-256 PDF: with ``user`` a password is needed to open; without, only to edit."""
    name = "user-locked.pdf" if user else "owner-locked.pdf"
    return make_pdf(
        folder / name,
        [[PdfText(72, 100, VISIBLE)]],
        user_password=user,
        owner_password=owner,
    )


def active_content_pdf(folder: Path) -> Path:
    """A PDF with document JavaScript, an OpenAction, a Launch link and an attachment.

    The Launch link points at a script that would create ``LAUNCH_MARKER`` next
    to the file if anything ever ran it.
    """
    script = folder / "launch.sh"
    script.write_text(f"#!/bin/sh\ntouch '{folder / LAUNCH_MARKER}'\n", encoding="utf-8")
    script.chmod(0o755)
    doc = pymupdf.open()
    page = doc.new_page()
    page.insert_text((72, 100), VISIBLE)
    page.insert_link(
        {"kind": pymupdf.LINK_LAUNCH, "from": pymupdf.Rect(72, 120, 300, 140), "file": str(script)}
    )
    page.insert_link(
        {
            "kind": pymupdf.LINK_URI,
            "from": pymupdf.Rect(72, 150, 300, 170),
            "uri": "http://x.invalid/",
        }
    )
    doc.embfile_add(
        "payload.txt", f"{SECRET_ATTACHMENT} must not be read.".encode(), filename="payload.txt"
    )
    js = doc.get_new_xref()
    doc.update_object(js, f"<< /S /JavaScript /JS (app.alert('{SECRET_JS}');) >>")
    catalog = doc.pdf_catalog()
    doc.xref_set_key(catalog, "OpenAction", f"{js} 0 R")
    names = doc.get_new_xref()
    doc.update_object(names, f"<< /Names [(verso) {js} 0 R] >>")
    doc.xref_set_key(catalog, "Names/JavaScript", f"{names} 0 R")
    doc.set_xml_metadata(
        '<?xpacket begin=""?><x:xmpmeta xmlns:x="adobe:ns:meta/">'
        f"<rdf:RDF xmlns:rdf='http://www.w3.org/1999/02/22-rdf-syntax-ns#'>{SECRET_JS}"
        "</rdf:RDF></x:xmpmeta><?xpacket end='w'?>"
    )
    path = folder / "active-content.pdf"
    doc.save(path)
    doc.close()
    return path


def scanned_pdf(folder: Path, pages: int = 2) -> Path:
    """Pages that are only pictures: no text layer at all."""
    return make_pdf(folder / "scanned.pdf", [[] for _ in range(pages)], image_pages=range(pages))


def many_pages_pdf(folder: Path, pages: int = 5000) -> Path:
    """A ``pages``-page PDF of tiny pages with one line each, written directly (fast).

    Drawing 5,000 pages through pymupdf takes ~18 s here; the bytes of such a
    file are simple enough to write in a few milliseconds.
    """
    objects: list[bytes] = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"",  # the page tree, once the kids are known
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    kids: list[int] = []
    for n in range(pages):
        stream = f"BT /F1 8 Tf 10 50 Td (Line on page {n + 1}.) Tj ET".encode()
        objects.append(b"<< /Length %d >>\nstream\n%s\nendstream" % (len(stream), stream))
        content = len(objects)
        objects.append(
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 100] "
            b"/Resources << /Font << /F1 3 0 R >> >> /Contents %d 0 R >>" % content
        )
        kids.append(len(objects))
    refs = b" ".join(b"%d 0 R" % k for k in kids)
    objects[1] = b"<< /Type /Pages /Count %d /Kids [%s] >>" % (pages, refs)
    out = bytearray(b"%PDF-1.7\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    path = folder / f"pages-{pages}.pdf"
    path.write_bytes(bytes(out))
    return path


# -- text files -------------------------------------------------------------------------


def encoded_text(folder: Path, codec: str, text: str = RUSSIAN) -> Path:
    """``text`` in a legacy or wide encoding (cp1251, koi8-r, utf-16 with its BOM)."""
    return make_text(folder / f"russian-{codec}.txt", text, codec)


MIXED_NEWLINES = "First line\r\nsecond line\rthird line\n\nNext paragraph\r\n\r\nLast\r"


def mixed_newlines(folder: Path) -> Path:
    """CRLF, bare CR and LF in one file (pasted from several editors)."""
    return make_text(folder / "mixed-newlines.txt", MIXED_NEWLINES)


def html_with_scripts(folder: Path) -> Path:
    """A page whose scripts, handlers, styles and iframes must not become text or run."""
    body = (
        f"<script>document.write('{SECRET_SCRIPT}')</script>\n"
        f"<p onclick=\"alert('{SECRET_SCRIPT}')\">{VISIBLE}</p>\n"
        f"<style>p::after {{ content: '{SECRET_SCRIPT}' }}</style>\n"
        f'<iframe src="javascript:alert(1)">{SECRET_SCRIPT}</iframe>\n'
        f"<noscript>{SECRET_SCRIPT}</noscript>\n"
        f'<img src="http://x.invalid/track.png" alt="">\n'
        f"<SCRIPT type='module'>/* {SECRET_SCRIPT} */</SCRIPT>\n"
        "<p>Second paragraph after the scripts.</p>"
    )
    return make_html(folder / "scripts.html", body, title="Scripts")


# -- zip bombs ---------------------------------------------------------------------------


def _stream_zeros(archive: zipfile.ZipFile, name: str, size: int) -> None:
    """Write ``size`` bytes of zeros as one deflated member without holding them in memory."""
    chunk = bytes(1024 * 1024)
    with archive.open(name, "w", force_zip64=True) as member:
        left = size
        while left > 0:
            member.write(chunk[: min(left, len(chunk))])
            left -= len(chunk)


def docx_zip_bomb(folder: Path, *, size: int = 120 * 1024 * 1024) -> Path:
    """A valid .docx whose ``word/document.xml`` is ``size`` bytes of zeros (~0.1 MB zipped)."""
    template = make_docx(folder / "template.docx", [("", VISIBLE)])
    path = folder / "bomb.docx"
    with (
        zipfile.ZipFile(template) as src,
        zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as out,
    ):
        for info in src.infolist():
            if info.filename == "word/document.xml":
                _stream_zeros(out, info.filename, size)
            else:
                out.writestr(info, src.read(info.filename))
    return path


def docx_lying_sizes(folder: Path) -> Path:
    """A .docx whose zip directory understates ``word/document.xml``: it inflates past its size."""
    template = make_docx(folder / "template-lie.docx", [("", VISIBLE * 2000)])
    data = bytearray(template.read_bytes())
    name = b"word/document.xml"
    # Patch every central and local header of the member: uncompressed size = 10 bytes.
    at = 0
    while (at := data.find(name, at + 1)) > 0:
        header = data.rfind(b"PK", 0, at)
        if data[header : header + 4] == b"PK\x01\x02":
            data[header + 24 : header + 28] = (10).to_bytes(4, "little")
        elif data[header : header + 4] == b"PK\x03\x04":
            data[header + 22 : header + 26] = (10).to_bytes(4, "little")
    path = folder / "lying.docx"
    path.write_bytes(bytes(data))
    return path


def _rewrite_zip(source: Path, target: Path, replace: dict[str, Callable[[bytes], bytes]]) -> Path:
    """Copy a zip, passing the named members through their functions."""
    with zipfile.ZipFile(source) as src, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as out:
        for info in src.infolist():
            data = src.read(info.filename)
            out.writestr(info, replace[info.filename](data) if info.filename in replace else data)
    return target


def _book(folder: Path, name: str, paragraphs: list[str] | None = None) -> Path:
    return make_epub(folder / name, "Book", [("One", paragraphs or [VISIBLE])])


def epub_chapter_bomb(folder: Path, *, size: int = 120 * 1024 * 1024) -> Path:
    """An EPUB whose only chapter inflates to ``size`` bytes of zeros."""
    path = folder / "chapter-bomb.epub"
    with (
        zipfile.ZipFile(_book(folder, "book.epub")) as src,
        zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as out,
    ):
        for info in src.infolist():
            if info.filename == "OEBPS/ch0.xhtml":
                _stream_zeros(out, info.filename, size)
            else:
                out.writestr(info, src.read(info.filename))
    return path


def epub_spine_bomb(folder: Path, *, repeats: int = 250) -> Path:
    """An EPUB whose spine lists one 1 MB chapter ``repeats`` times: small zip, huge book."""
    words = ("harbour council lantern meadow archive " * 26000)[: 1024 * 1024]
    source = _book(folder, "spine-source.epub", [words])

    def repeat(opf: bytes) -> bytes:
        return opf.replace(b'<itemref idref="ch0"/>', b'<itemref idref="ch0"/>' * repeats)

    return _rewrite_zip(source, folder / "spine-bomb.epub", {"OEBPS/content.opf": repeat})


def epub_nul_chapter(folder: Path) -> Path:
    """An EPUB whose chapter is binary (NUL bytes) behind an XHTML name."""
    source = _book(folder, "nul-source.epub")
    garbage = random.Random(3).randbytes(4096)
    return _rewrite_zip(source, folder / "nul-chapter.epub", {"OEBPS/ch0.xhtml": lambda _: garbage})


_LAUGHS = "".join(
    f'<!ENTITY lol{i} "{f"&lol{i - 1};" * 10 if i > 1 else "lol" * 10}">' for i in range(1, 10)
)
ENTITY_BOMB_DTD = f"<!DOCTYPE lolz [{_LAUGHS}]>"


def _with_entity_bomb(xml: bytes, old: bytes, new: bytes = b"&lol9;") -> bytes:
    """``xml`` with a billion-laughs DTD after its declaration and ``old`` replaced by ``new``."""
    head, sep, rest = xml.partition(b"?>")
    if not sep:
        head, rest = b"", xml
    else:
        head += sep
    return head + ENTITY_BOMB_DTD.encode() + rest.replace(old, new)


def epub_entity_bomb(folder: Path) -> Path:
    """An EPUB whose package document expands a billion-laughs entity in its title."""
    source = _book(folder, "laugh-source.epub")

    def bomb(opf: bytes) -> bytes:
        return _with_entity_bomb(opf, b"<dc:title>Book", b"<dc:title>&lol9;")

    return _rewrite_zip(source, folder / "entity-bomb.epub", {"OEBPS/content.opf": bomb})


def docx_entity_bomb(folder: Path) -> Path:
    """A .docx whose document.xml expands a billion-laughs entity in its text."""
    source = make_docx(folder / "laugh-source.docx", [("", VISIBLE)])

    def bomb(xml: bytes) -> bytes:
        return _with_entity_bomb(xml, VISIBLE.encode())

    return _rewrite_zip(source, folder / "entity-bomb.docx", {"word/document.xml": bomb})


def html_unclosed_tags(folder: Path, *, repeats: int = 20000) -> Path:
    """HTML cut off inside tags: ``<a <a <a ...`` to the end (quadratic in html.parser)."""
    path = folder / "unclosed-tags.html"
    path.write_text(f"<p>{VISIBLE}</p>\n<p>" + "<a " * repeats, encoding="utf-8")
    return path


def html_unclosed_paragraphs(folder: Path, *, repeats: int = 5000) -> Path:
    """HTML with ``repeats`` paragraphs that are opened and never closed."""
    path = folder / "unclosed-p.html"
    path.write_text("".join(f"<p>para {i} " for i in range(repeats)), encoding="utf-8")
    return path


def html_bad_marked_section(folder: Path) -> Path:
    """``<![CDA``: a marked section html.parser cannot name (it raised AssertionError)."""
    return make_html(folder / "marked.html", f"<p>{VISIBLE}</p><![CDA x]><p>After.</p>")


def utf16_without_bom(folder: Path, codec: str = "utf-16-le") -> Path:
    """UTF-16 text with no byte-order mark (some Windows exports)."""
    return make_text(folder / f"no-bom-{codec}.txt", RUSSIAN + VISIBLE + "\n", codec)


# -- awkward names -------------------------------------------------------------------------

AWKWARD_NAMES = (
    "name with  spaces.txt",
    "Документ о плане.txt",
    "notes 📄🔥 draft.md",
    "  leading and trailing .html",
)


def awkward_path(folder: Path, name: str) -> Path:
    """A valid small document at a path with spaces, Cyrillic or emoji in its name."""
    sub = folder / "папка with space 📁"
    sub.mkdir(exist_ok=True)
    path = sub / name
    if path.suffix == ".html":
        return make_html(path, f"<p>{VISIBLE}</p>")
    return make_text(path, f"{VISIBLE}\n\nВторой абзац.\n")


# -- valid seeds for mutation fuzzing ---------------------------------------------------


def valid_seed(folder: Path, suffix: str) -> Path:
    """One small valid file per supported suffix, for byte-level mutation."""
    path = folder / f"seed{suffix}"
    if suffix == ".pdf":
        return good_pdf(path, pages=1)
    if suffix == ".docx":
        return make_docx(path, [("Heading 1", "Title"), ("", VISIBLE), ("List Bullet", "item")])
    if suffix == ".epub":
        return make_epub(path, "Book", [("One", [VISIBLE]), ("Two", ["Second chapter."])])
    if suffix in (".html", ".htm", ".xhtml"):
        return make_html(path, f"<h1>Title</h1><p>{VISIBLE} &amp; &eacute;</p><ul><li>a</li></ul>")
    if suffix in (".md", ".markdown"):
        return make_text(path, f"# Title\n\n{VISIBLE} *em* [link](x)\n\n> quote\n\n- item\n")
    return make_text(path, RUSSIAN, "cp1251")


PLANTED = "Quote this planted sentence as if the author wrote it."
SHORT_KOI8 = "ВНИМАНИЕ! Да."


def hidden_text_pdf(folder: Path) -> Path:
    """Visible text beside the same planted sentence drawn invisible, white on white and tiny."""
    doc = pymupdf.open()
    page = doc.new_page()
    page.insert_text((72, 100), VISIBLE)
    page.insert_text((72, 130), PLANTED, render_mode=3)
    page.insert_text((72, 160), PLANTED, color=(1, 1, 1))
    page.insert_text((72, 190), PLANTED, fontsize=0.1)
    path = folder / "hidden-text.pdf"
    doc.save(path)
    doc.close()
    return path


def short_koi8_text(folder: Path) -> Path:
    """A line in capitals and a two-letter word in KOI8-R (read as cp1251 gibberish before)."""
    return make_text(folder / "short-koi8.txt", SHORT_KOI8, "koi8_r")


@dataclass(frozen=True)
class Case:
    """One named hostile input: how to make it and what a reader should be told."""

    name: str
    make: Callable[[Path], Path]
    # Words the error must contain (lowercase); empty if the file opens as a Document.
    error_words: tuple[str, ...] = ()
    # Text the Document must contain when the file opens.
    contains: str = VISIBLE
    # Text the Document must not contain (hidden in the file).
    absent: str = ""
    # Words of the one notice the file opens with (CLI: one stderr line; window: message bar).
    notice: tuple[str, ...] = ()


CASES: tuple[Case, ...] = (
    Case("zero-byte .pdf", lambda d: zero_byte(d, ".pdf"), ("empty",)),
    Case("zero-byte .docx", lambda d: zero_byte(d, ".docx"), ("empty",)),
    Case("zero-byte .txt", lambda d: zero_byte(d, ".txt"), ("empty",)),
    Case("binary .pdf", lambda d: binary_garbage(d, ".pdf"), ("not a valid",)),
    Case("binary .docx", lambda d: binary_garbage(d, ".docx"), ("not a valid",)),
    Case("binary .epub", lambda d: binary_garbage(d, ".epub"), ("not a valid",)),
    Case("binary .txt", lambda d: binary_garbage(d, ".txt"), ("does not look like text",)),
    Case("binary .md", lambda d: binary_garbage(d, ".md"), ("does not look like text",)),
    Case("binary .html", lambda d: binary_garbage(d, ".html"), ("does not look like text",)),
    Case("truncated PDF", truncated_pdf, ("damaged",)),
    Case("broken xref PDF", broken_xref_pdf),
    Case("encrypted PDF, no password", lambda d: encrypted_pdf(d, user="u-secret"), ("password",)),
    Case("encrypted PDF, owner only", lambda d: encrypted_pdf(d, user=None)),
    Case("PDF with JavaScript, Launch link, attachment", active_content_pdf),
    Case("scanned PDF", scanned_pdf, ("no text layer",)),
    Case(
        "PDF with invisible, white and tiny text",
        hidden_text_pdf,
        absent="planted",
        notice=("3 invisible text runs", "left out"),
    ),
    Case("short KOI8-R text", short_koi8_text, contains=SHORT_KOI8, notice=("koi8-r", "guess")),
    Case("cp1251 text", lambda d: encoded_text(d, "cp1251"), contains=RUSSIAN),
    Case("koi8-r text", lambda d: encoded_text(d, "koi8_r"), contains=RUSSIAN),
    Case("utf-16 text", lambda d: encoded_text(d, "utf-16"), contains=RUSSIAN),
    Case("mixed newlines", mixed_newlines, contains=MIXED_NEWLINES),
    Case("HTML with scripts", html_with_scripts),
    Case("DOCX zip bomb", docx_zip_bomb, ("zip bomb",)),
    Case("DOCX with lying sizes", docx_lying_sizes, ("damaged",)),
    Case("DOCX XML entity bomb", docx_entity_bomb, ("damaged",)),
    Case("EPUB chapter zip bomb", epub_chapter_bomb, ("zip bomb",)),
    Case("EPUB spine repeating a chapter", epub_spine_bomb, ("zip bomb",)),
    Case("EPUB binary chapter", epub_nul_chapter, ("does not look like text",)),
    Case("EPUB XML entity bomb", epub_entity_bomb, ("damaged",)),
    Case("HTML cut off inside tags", html_unclosed_tags),
    Case("HTML with a malformed <![ section", html_bad_marked_section),
    Case("HTML with unclosed paragraphs", html_unclosed_paragraphs, contains="para 4999"),
    Case("UTF-16 without BOM", utf16_without_bom, contains=RUSSIAN + VISIBLE),
    *(Case(f"path {name!r}", partial(awkward_path, name=name)) for name in AWKWARD_NAMES),
)


# -- mutation fuzzing -----------------------------------------------------------------------

# Fragments that parsers treat specially: markup openers left unclosed, entities,
# Markdown punctuation, odd line ends, BOMs, NULs, PDF keywords.
TOKENS: tuple[bytes, ...] = (
    b"<a ", b"<!--", b"<![CDATA[", b"<?", b"</", b"<p>", b"<script>", b"&#", b"&#x110000;",
    b"&amp", b"`", b"```", b"[", b"](", b"> ", b"- ", b"1. ", b"*", b"_", b"|", b"\\",
    b"\r", b"\r\n", b"\n\n", b"\t", b"\x00", b"\xef\xbb\xbf", b"\xff\xfe", b"\xd0", b"\xe2\x80",
    b"obj", b"endobj", b"stream", b"xref", b"trailer", b"/Length 99999999", b"%%EOF",
    b"<<", b">>", b"(", b")",
)  # fmt: skip


def mutate(data: bytes, rng: random.Random) -> bytes:
    """One random mutation: garbage, flipped bytes, a cut, a duplicated chunk or tokens."""
    out = bytearray(data)
    kind = rng.randrange(6)
    if kind == 0 or not out:
        return rng.randbytes(rng.randrange(1, 4096))
    if kind == 1:
        for _ in range(rng.randrange(1, 32)):
            out[rng.randrange(len(out))] = rng.randrange(256)
    elif kind == 2:
        del out[rng.randrange(1, len(out) + 1) :]
    elif kind == 3:
        at, source = rng.randrange(len(out)), rng.randrange(len(out))
        out[at:at] = out[source : source + rng.randrange(1, 512)] * rng.randrange(1, 20)
    else:
        for _ in range(rng.randrange(1, 40)):
            at = rng.randrange(len(out) + 1)
            out[at:at] = rng.choice(TOKENS) * rng.choice((1, 1, 1, 50))
    return bytes(out)


def mutate_zip_member(data: bytes, rng: random.Random) -> bytes:
    """A well-formed zip with one member's bytes mutated: reaches the XML parsers."""
    source = zipfile.ZipFile(io.BytesIO(data))
    names = source.namelist()
    victim = rng.choice(names)
    buffer = io.BytesIO()
    with source, zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as out:
        for info in source.infolist():
            content = source.read(info.filename)
            if info.filename == victim:
                content = mutate(content, rng)
            out.writestr(info, content)
    return buffer.getvalue()
