"""What the page's elements are to the cleaner (unseen, controls, blocks, zones by tag) and how
their text reads (spaces squashed, one line as a reader sees it)."""

from __future__ import annotations

import re
import unicodedata

from lxml import etree  # type: ignore[import-untyped]

# Not text a reader sees: left out without a record (``rt``: the reading printed over a ruby).
SILENT = ("script", "style", "template", "link", "meta", "base", "title", "head", "rt", "rp")
# Controls and embedded objects: their text is page chrome, unless the parser put the page inside
# one (a <button> or <noscript> left open swallows everything after it): then they are see-through.
CONTROLS = frozenset(
    ("button", "input", "select", "textarea", "option", "noscript", "svg", "canvas", "video",
     "audio", "object", "embed", "map", "iframe", "datalist")
)  # fmt: skip
BLOCK_TAGS = frozenset(
    ("p", "h1", "h2", "h3", "h4", "h5", "h6", "li", "blockquote", "pre", "td", "th", "dd", "dt",
     "div", "section", "article", "main", "header", "footer", "ul", "ol", "dl", "table", "tr",
     "figure", "figcaption", "aside", "nav", "center", "address", "hr", "br", "form", "fieldset",
     "legend", "details", "summary", "caption", "option", "noscript", "iframe", "menu", "hgroup",
     "body", "dialog", "select", "textarea", "button", "video", "audio", "svg")
)  # fmt: skip
STRUCTURE = frozenset(
    ("p", "div", "section", "article", "main", "table", "ul", "ol", "h1", "h2", "h3", "blockquote")
)
STRUCTURAL = {
    "nav": "navigation", "header": "page-chrome", "footer": "page-chrome", "aside": "related-links",
    "form": "page-chrome", "figcaption": "caption", "figure": "caption",
}  # fmt: skip
OUTSIDE = "outside-article"  # the reason of text outside the article's container
TOKEN_SPLIT = re.compile(r"[\s_-]+|(?<=[a-z])(?=[A-Z])")
_SPACE = re.compile(r"[ \t\r\n\f\v\u00a0\u2000-\u200b\u3000]+")


def attr(el: etree._Element, name: str) -> str:
    return el.get(name) or ""


def squash(text: str) -> str:
    return _SPACE.sub(" ", text).strip()


WINDOW = 65_536  # the most of an element's text read for a label or a date (none is longer)


def text_head(el: etree._Element, limit: int = WINDOW) -> str:
    """The first ``limit`` characters of an element's text (its ``text_content()``), reading no
    further: a page's body can hold megabytes, and a label or a date is at its start."""
    pieces: list[str] = []
    size = 0
    for piece in el.itertext():
        pieces.append(piece)
        size += len(piece)
        if size >= limit:
            break
    return "".join(pieces)[:limit]


def squash_head(el: etree._Element, limit: int) -> str:
    """``squash(el.text_content())[:limit]``, reading only as much of the text as that takes
    (at most ``WINDOW`` characters)."""
    pieces: list[str] = []
    size, check = 0, limit + 1
    for piece in el.itertext():
        pieces.append(piece)
        size += len(piece)
        if size >= check:
            text = squash("".join(pieces))
            if len(text) > limit or size >= WINDOW:
                return text[:limit]
            check = 2 * size
    return squash("".join(pieces))[:limit]


def as_line(text: str) -> str:
    """One line of text as it reads: spaces squashed, soft hyphens gone, composed (NFC)."""
    text = _SPACE.sub(" ", text).strip()
    if not text.isascii():
        text = unicodedata.normalize("NFC", text.replace("\xad", ""))
    return text


def stripped_len(text: str | None) -> int:
    return len(text.strip()) if text else 0


def hint_of(el: etree._Element) -> str:
    return attr(el, "class") + " " + attr(el, "id")
