"""Verso's W3C JSON export in the shape Hypothesis' API takes (``POST /api/annotations``).

Hypothesis reads a flattened annotation: the note as ``text``, ``tags`` as a
list, the page as ``uri`` and one target whose ``source`` is that ``uri``.
It works on the exported file, not on the store, so anyone holding an
export can convert it (``scripts/w3c_to_hypothesis.py``). A linked pair
becomes one annotation per side, each saying in its text where the other
passage is, since a Hypothesis annotation sits on one page.
``uri`` is the document's published web address when the export records one, else its
``file://`` URL, else the ``urn:sha256:`` id (Hypothesis accepts URNs).
"""

from __future__ import annotations

import json
from pathlib import PurePath
from typing import Any
from urllib.parse import urlsplit

from desktop_app.core.export.excerpts import AnyExcerpt, Quote, quotes_of
from desktop_app.core.export.w3c_json import parse_w3c_json

WORLD = "__world__"  # Hypothesis' public group


def hypothesis_uri(quote: Quote) -> str:
    """The address Hypothesis files the annotation under."""
    source = quote.source
    if source.url and urlsplit(source.url).scheme in ("http", "https"):
        return source.url
    if source.path and PurePath(source.path).is_absolute():
        return PurePath(source.path).as_uri()
    return f"urn:sha256:{source.sha256}"


def to_hypothesis(w3c_json: str, group: str = WORLD) -> list[dict[str, Any]]:
    """The annotations of an exported W3C JSON text as Hypothesis API payloads.

    ``user`` and ``permissions`` are left to the API (it fills in the caller's);
    ``ImportFormatError`` if the text is not a W3C export.
    """
    return [
        payload for excerpt in parse_w3c_json(w3c_json) for payload in _payloads(excerpt, group)
    ]


def _payloads(excerpt: AnyExcerpt, group: str) -> list[dict[str, Any]]:
    quotes = quotes_of(excerpt)
    payloads: list[dict[str, Any]] = []
    for index, quote in enumerate(quotes):
        text = excerpt.note
        others = [q for i, q in enumerate(quotes) if i != index]
        for other in others:
            where = other.source.display_name
            if other.place_label:
                where += f", {other.place_label}"
            line = f"Linked passage ({where}): “{other.exact}” — {hypothesis_uri(other)}"
            text = f"{text}\n\n{line}" if text else line
        uri = hypothesis_uri(quote)
        selector: list[dict[str, Any]] = [
            {
                "type": "TextQuoteSelector",
                "exact": quote.exact,
                "prefix": quote.prefix,
                "suffix": quote.suffix,
            }
        ]
        if quote.span is not None:
            selector.append(
                {"type": "TextPositionSelector", "start": quote.span.start, "end": quote.span.end}
            )
        payload: dict[str, Any] = {
            "uri": uri,
            "group": group,
            "text": text,
            "tags": list(excerpt.tags),
            "target": [{"source": uri, "selector": selector}],
        }
        if quote.source.title:
            payload["document"] = {"title": [quote.source.title]}
        payloads.append(payload)
    return payloads


def render_hypothesis(w3c_json: str, group: str = WORLD) -> str:
    """``to_hypothesis`` as JSON text: a list of payloads, one per ``POST``."""
    return json.dumps(to_hypothesis(w3c_json, group), ensure_ascii=False, indent=2) + "\n"
