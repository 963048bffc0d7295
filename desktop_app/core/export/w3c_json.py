"""W3C Web Annotation (JSON-LD) export and the parser that reads it back.

Each excerpt becomes an ``Annotation`` whose target names the document by hash
(``urn:sha256:…``) with a TextQuoteSelector and a TextPositionSelector; a pair
is one annotation with two targets and motivation ``linking``. What the model
has no term for (colour, page, title, link kind...) goes under the ``verso:``
prefix, so other tools ignore it and Verso reads back everything it wrote.

What other readers look for is filled in: the collection and its page have ids
(derived from the annotation ids, so exporting the same notes twice gives the
same ids), every annotation names its ``creator`` (the analyst) and
``generator`` (Verso and its version), and dates are UTC with a ``Z``.

On reading, a target's ``source`` may be any IRI or file path: a target that
does not name a document by hash gets a ``SourceRef`` with an empty ``sha256``
and the URL or path, for the importer to match by its quote (``importer``).
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Any
from urllib.parse import quote as url_quote
from urllib.parse import unquote, urlsplit

from desktop_app import __version__
from desktop_app.core.analyst import analyst_name
from desktop_app.core.export.errors import ImportFormatError
from desktop_app.core.export.excerpts import (
    AnyExcerpt,
    Excerpt,
    ExportOptions,
    PairExcerpt,
    Quote,
    SourceRef,
)
from desktop_app.core.model import DocumentFormat, LinkKind, Span

ANNO_CONTEXT = "http://www.w3.org/ns/anno.jsonld"
VERSO_NS = "urn:verso:ns#"
CONTEXT: list[Any] = [ANNO_CONTEXT, {"verso": VERSO_NS}]
ID_PREFIX = "urn:verso:annotation:"
SOURCE_PREFIX = "urn:sha256:"
COLLECTION_PREFIX = "urn:verso:collection:"
# Ids of collections are name-based UUIDs in this namespace (a fixed, random UUID).
_COLLECTION_NAMESPACE = uuid.UUID("6f1c3a52-8d0e-4b57-9a43-3c2f0e7d9b15")
GENERATOR: dict[str, Any] = {
    "id": "urn:verso:software",
    "type": "Software",
    "name": f"Verso {__version__}",
}

_NOTE_PURPOSES = ("commenting", "linking", "describing")


# ---------------------------------------------------------------- writing


def _selector(quote: Quote) -> list[dict[str, Any]]:
    text_quote: dict[str, Any] = {"type": "TextQuoteSelector", "exact": quote.exact}
    if quote.prefix:
        text_quote["prefix"] = quote.prefix
    if quote.suffix:
        text_quote["suffix"] = quote.suffix
    selectors = [text_quote]
    if quote.span is not None:
        selectors.append(
            {"type": "TextPositionSelector", "start": quote.span.start, "end": quote.span.end}
        )
    return selectors


def _target(quote: Quote) -> dict[str, Any]:
    source = quote.source
    target: dict[str, Any] = {
        "source": SOURCE_PREFIX + source.sha256,
        "selector": _selector(quote),
    }
    optional: dict[str, Any] = {
        "verso:title": source.title or None,
        "verso:path": source.path,
        "verso:url": source.url,
        "verso:format": source.format.value if source.format else None,
        "verso:pageIndex": quote.page,
        "verso:lastPageIndex": quote.last_page,
    }
    target.update({key: value for key, value in optional.items() if value is not None})
    return target


def utc_text(moment: datetime) -> str:
    """``moment`` in UTC as ISO 8601 with a ``Z`` (a naive time is taken to be UTC, as stored)."""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC).isoformat().replace("+00:00", "Z")


def creator_json(name: str) -> dict[str, Any]:
    """The analyst as a W3C ``creator``: a ``Person`` with a ``name``."""
    return {"type": "Person", "name": name}


def collection_id(excerpts: Sequence[AnyExcerpt]) -> str:
    """A stable id for a collection of these excerpts: the same notes, the same id."""
    names = "\n".join(excerpt.id for excerpt in excerpts)
    return COLLECTION_PREFIX + str(uuid.uuid5(_COLLECTION_NAMESPACE, names))


def annotation_json(excerpt: AnyExcerpt, creator: str | None = None) -> dict[str, Any]:
    """One excerpt as a W3C ``Annotation`` object (without ``@context``).

    ``creator`` names the analyst who wrote it; None leaves ``creator`` out.
    """
    pair = isinstance(excerpt, PairExcerpt)
    body: list[dict[str, Any]] = []
    if excerpt.note:
        body.append(
            {
                "type": "TextualBody",
                "value": excerpt.note,
                "format": "text/plain",
                "purpose": "linking" if pair else "commenting",
            }
        )
    body.extend({"type": "TextualBody", "value": tag, "purpose": "tagging"} for tag in excerpt.tags)
    motivation = "linking" if pair else ("commenting" if excerpt.note else "highlighting")
    anno: dict[str, Any] = {
        "id": ID_PREFIX + url_quote(excerpt.id, safe=""),
        "type": "Annotation",
        "motivation": motivation,
    }
    if excerpt.author or creator:  # the note's own author, else who vouches for it
        anno["creator"] = creator_json(excerpt.author or creator or "")
    if excerpt.created is not None:
        anno["created"] = utc_text(excerpt.created)
    if excerpt.modified is not None:
        anno["modified"] = utc_text(excerpt.modified)
    anno["generator"] = GENERATOR
    if body:
        anno["body"] = body
    if isinstance(excerpt, PairExcerpt):
        anno["target"] = [_target(excerpt.left), _target(excerpt.right)]
        if excerpt.relation:
            anno["verso:relation"] = excerpt.relation
        if excerpt.link_kind is not None:
            anno["verso:linkKind"] = excerpt.link_kind.value
        if excerpt.score is not None:
            anno["verso:score"] = excerpt.score
    else:
        anno["target"] = _target(excerpt.quote)
    if excerpt.colour is not None:
        anno["verso:colour"] = excerpt.colour
    if excerpt.comparison:
        anno["verso:comparison"] = excerpt.comparison
    return anno


def collection_json(excerpts: Sequence[AnyExcerpt], options: ExportOptions) -> dict[str, Any]:
    """An ``AnnotationCollection`` holding every excerpt in one embedded page.

    The analyst (``options.author``, else ``analyst_name()``) is the collection's creator;
    each note's creator is its own author, left out where the store does not know it (notes
    older than authors), so a round trip gives every note back as it was.
    """
    creator = options.author or analyst_name()
    ident = collection_id(excerpts)
    collection: dict[str, Any] = {
        "@context": CONTEXT,
        "id": ident,
        "type": "AnnotationCollection",
        "label": options.title,
        "total": len(excerpts),
        "creator": creator_json(creator),
        "generator": GENERATOR,
    }
    if options.generated is not None:
        collection["generated"] = utc_text(options.generated)
    collection["first"] = {
        "id": ident + ":page:0",
        "type": "AnnotationPage",
        "partOf": ident,
        "startIndex": 0,
        "items": [annotation_json(excerpt) for excerpt in excerpts],
    }
    return collection


def render_w3c_json(excerpts: Sequence[AnyExcerpt], options: ExportOptions) -> str:
    """The collection as pretty-printed JSON text, UTF-8 characters kept as they are."""
    return json.dumps(collection_json(excerpts, options), ensure_ascii=False, indent=2) + "\n"


# ---------------------------------------------------------------- reading


def parse_w3c_json(text: str) -> list[AnyExcerpt]:
    """Excerpts from a collection, a page, a list or a single annotation.

    Raises ``ImportFormatError`` naming the annotation that cannot be read.
    """
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise ImportFormatError(f"Not valid JSON: {exc.msg} at line {exc.lineno}.") from exc
    return [_excerpt(item, index) for index, item in enumerate(_annotations(data))]


def _types(node: dict[str, Any]) -> list[str]:
    value = node.get("type", node.get("@type", []))
    return [value] if isinstance(value, str) else list(value)


def _as_list(value: Any) -> list[Any]:
    if value is None:
        return []
    return value if isinstance(value, list) else [value]


def _annotations(data: Any) -> list[Any]:
    if isinstance(data, list):
        return data
    if not isinstance(data, dict):
        raise ImportFormatError("Expected a W3C annotation, page or collection in the JSON file.")
    types = _types(data)
    if "AnnotationCollection" in types:
        first = data.get("first")
        if first is None:
            return []
        if not isinstance(first, dict):
            raise ImportFormatError(
                "The collection's pages are not embedded; only embedded pages can be imported."
            )
        return _annotations(first)
    if "AnnotationPage" in types:
        return _as_list(data.get("items"))
    return [data]


def _excerpt(node: Any, index: int) -> AnyExcerpt:
    if not isinstance(node, dict) or "Annotation" not in _types(node):
        raise ImportFormatError(f"Item {index + 1} is not a W3C Annotation.")
    raw_id = node.get("id", node.get("@id"))
    if not isinstance(raw_id, str) or not raw_id:
        raise ImportFormatError(f"Annotation {index + 1} has no id.")
    name = f"Annotation {raw_id}"
    ident = unquote(raw_id[len(ID_PREFIX) :]) if raw_id.startswith(ID_PREFIX) else raw_id
    note_parts: list[str] = []
    tags: list[str] = []
    for body in _as_list(node.get("body")):
        if isinstance(body, str):
            continue  # a link to an external body: nothing Verso can hold
        value = body.get("value")
        if not isinstance(value, str):
            continue
        purpose = body.get("purpose")
        if purpose == "tagging":
            tags.append(value)
        elif purpose in _NOTE_PURPOSES or purpose is None:
            note_parts.append(value)
    targets = [_quote(target, name) for target in _as_list(node.get("target"))]
    common: dict[str, Any] = {
        "id": ident,
        "note": "\n\n".join(note_parts),
        "tags": tuple(tags),
        "colour": _optional_str(node, "verso:colour", name),
        "comparison": _optional_str(node, "verso:comparison", name) or "",
        "created": _datetime(node.get("created"), name),
        "modified": _datetime(node.get("modified"), name),
        "author": _creator(node.get("creator")),
    }
    if len(targets) == 1:
        return Excerpt(quote=targets[0], **common)
    if len(targets) == 2:
        kind = _optional_str(node, "verso:linkKind", name)
        score = node.get("verso:score")
        if score is not None and (isinstance(score, bool) or not isinstance(score, int | float)):
            raise ImportFormatError(f"{name}: verso:score is not a number.")
        try:
            link_kind = LinkKind(kind) if kind is not None else None
        except ValueError as exc:
            raise ImportFormatError(f"{name}: unknown link kind {kind!r}.") from exc
        return PairExcerpt(
            left=targets[0],
            right=targets[1],
            link_kind=link_kind,
            score=None if score is None else float(score),
            relation=_optional_str(node, "verso:relation", name) or "",
            **common,
        )
    raise ImportFormatError(f"{name} has {len(targets)} targets; Verso reads one or two.")


def _quote(target: Any, name: str) -> Quote:
    if not isinstance(target, dict):
        raise ImportFormatError(f"{name}: a target without selectors cannot be anchored.")
    source = target.get("source")
    if not isinstance(source, str) or not source.strip():
        raise ImportFormatError(f"{name}: a target does not name its source document.")
    exact: str | None = None
    prefix = suffix = ""
    span: Span | None = None
    for selector in _as_list(target.get("selector")):
        if not isinstance(selector, dict):
            continue
        kind = _types(selector)
        if "TextQuoteSelector" in kind and isinstance(selector.get("exact"), str):
            exact = selector["exact"]
            prefix = str(selector.get("prefix", ""))
            suffix = str(selector.get("suffix", ""))
        elif "TextPositionSelector" in kind:
            start, end = selector.get("start"), selector.get("end")
            if not isinstance(start, int) or not isinstance(end, int) or not 0 <= start <= end:
                raise ImportFormatError(f"{name}: invalid TextPositionSelector.")
            span = Span(start, end)
    if exact is None:
        raise ImportFormatError(f"{name}: a target has no TextQuoteSelector.")
    fmt = _optional_str(target, "verso:format", name)
    page = _page_index(target, "verso:pageIndex", name)
    last_page = _page_index(target, "verso:lastPageIndex", name)
    try:
        doc_format = DocumentFormat(fmt) if fmt is not None else None
    except ValueError as exc:
        raise ImportFormatError(f"{name}: unknown document format {fmt!r}.") from exc
    path = _optional_str(target, "verso:path", name)
    url = _optional_str(target, "verso:url", name)
    if source.startswith(SOURCE_PREFIX):
        sha256 = source[len(SOURCE_PREFIX) :]
    else:  # a URL or a file path: the importer finds the document by the quote
        sha256 = ""
        foreign_path, foreign_url = source_location(source)
        path = path or foreign_path
        url = url or foreign_url
    return Quote(
        source=SourceRef(
            sha256=sha256,
            title=_optional_str(target, "verso:title", name) or "",
            path=path,
            url=url,
            format=doc_format,
        ),
        exact=exact,
        prefix=prefix,
        suffix=suffix,
        span=span,
        page=page,
        last_page=last_page,
    )


def source_location(source: str) -> tuple[str | None, str | None]:
    """A foreign target's ``source`` as (file path, URL): ``file:`` URLs and bare paths
    give a path, other URLs (``https:``, ``urn:``...) a URL."""
    parts = urlsplit(source)
    if parts.scheme == "file":
        return unquote(parts.path), None
    if len(parts.scheme) > 1:  # "C:\\notes.pdf" has a one-letter "scheme": a drive
        return None, source
    return source, None


def _page_index(target: dict[str, Any], key: str, name: str) -> int | None:
    page = target.get(key)
    if page is not None and (isinstance(page, bool) or not isinstance(page, int) or page < 0):
        raise ImportFormatError(f"{name}: {key} is not a page index.")
    return page


def _creator(value: Any) -> str:
    """The W3C ``creator``'s name: a Person object (``name``/``nickname``), a list of them
    (the first), or a plain string (an IRI: kept as given)."""
    if isinstance(value, list):
        value = value[0] if value else None
    if isinstance(value, str):
        return value
    if isinstance(value, dict):
        for key in ("name", "nickname"):
            if isinstance(value.get(key), str):
                return str(value[key])
    return ""


def _optional_str(node: dict[str, Any], key: str, name: str) -> str | None:
    value = node.get(key)
    if value is None or isinstance(value, str):
        return value
    raise ImportFormatError(f"{name}: {key} is not text.")


def _datetime(value: Any, name: str) -> datetime | None:
    if value is None:
        return None
    if not isinstance(value, str):
        raise ImportFormatError(f"{name}: a date is not text.")
    try:
        return datetime.fromisoformat(value)
    except ValueError as exc:
        raise ImportFormatError(f"{name}: {value!r} is not an ISO 8601 date.") from exc
