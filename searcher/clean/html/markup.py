"""Before the parser: the character set a page declares, markup repairs (a ``<title>`` left
open), the parser's settings, and a page too deep to parse read as text."""

from __future__ import annotations

import codecs
import html as html_lib
import re

import lxml.html  # type: ignore[import-untyped]

from searcher.clean.html.elements import squash

MAX_DEPTH = 2048  # libxml2's limit with huge_tree: a deeper page stops parsing there
_TAG = re.compile(r"<(/?)([a-zA-Z][\w:-]*)[^>]*?(/?)>")

_HEAD = 8192  # the bytes of a page searched for its declaration (the HTML standard says 1,024)


def declared_charset(data: bytes) -> str | None:
    """The character set a page declares (``<meta charset="gb2312">``, ``<meta http-equiv=
    "Content-Type" content="text/html; charset=windows-1258">``, ``<?xml … encoding="…"?>``), if
    Python knows it. bs4's reading of declarations; it is imported here alone, and only a page that
    is not UTF-8 gets here."""
    from bs4.dammit import EncodingDetector

    found = EncodingDetector.find_declared_encoding(
        data[:_HEAD], is_html=True, search_entire_document=True
    )
    if not found:
        return None
    try:
        return codecs.lookup(found).name
    except (LookupError, ValueError):
        return None


_RCDATA_OPEN = re.compile(r"<(title|textarea)\b[^>]*>", re.IGNORECASE)
_NEXT_TAG = re.compile(r"<(/?)([a-zA-Z][\w:-]*)")


def close_rcdata(markup: str) -> str:
    """Close a ``<title>`` or ``<textarea>`` left open: the parser would read the rest of the page
    (markup and scripts) as its text. Their text holds no tags, so one ends at the next tag."""
    out, pos = [], 0
    for m in _RCDATA_OPEN.finditer(markup, 0, min(len(markup), 2_000_000)):
        nxt = _NEXT_TAG.search(markup, m.end())
        if nxt is None:
            break
        if nxt.group(1) == "/" and nxt.group(2).lower() == m.group(1).lower():
            continue
        out += [markup[pos : nxt.start()], f"</{m.group(1)}>"]
        pos = nxt.start()
    return "".join(out) + markup[pos:] if out else markup


def new_parser() -> lxml.html.HTMLParser:
    return lxml.html.HTMLParser(
        encoding="utf-8", remove_comments=True, remove_pis=True, huge_tree=True
    )


def text_blocks(markup: str) -> list[str]:
    """The page's text with its tags dropped, one block a line: for markup the parser cannot
    take whole."""
    text = html_lib.unescape(_TAG.sub("\n", markup))
    return [b for b in (squash(x) for x in text.split("\n")) if b]
