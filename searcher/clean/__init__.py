"""The cleaner: raw text or HTML → title, body paragraphs, and every removal with its reason.

``clean(data, name)`` is the one entry point. Metadata found in boilerplate (date prefix, clock
lines, sign-offs, datelines, bylines, HTML meta) is returned in ``CleanedArticle.hints`` for the
extractor; it never stays in the body.
"""

from __future__ import annotations

import re

from searcher.clean.rules import Draft, run
from searcher.errors import UnreadableArticle
from searcher.models import CleanedArticle, Hints, Removed
from searcher.text import decode, sanitize

HTML_SUFFIXES = (".html", ".htm", ".xhtml", ".shtml")
MAX_CHARS = 5_000_000  # longer inputs are cut: no news article is this long
_HTML_SNIFF = re.compile(r"^\s*(?:<!doctype\s+html|<html|<\?xml[^>]*>\s*<html|<head|<body)", re.I)

__all__ = ["clean", "is_html", "page_text", "split_blocks"]


def is_html(text: str, name: str = "") -> bool:
    """HTML by file name, or by its first bytes for unnamed input."""
    if name.lower().endswith(HTML_SUFFIXES):
        return True
    if name.lower().endswith(".txt"):
        return False
    return bool(_HTML_SNIFF.match(text[:2000])) or text[:5000].count("</p>") >= 2


_CREDIT_END = re.compile(r"\((?:photos?|source|ảnh|foto)\s*:[^()]{1,60}\)\s*$", re.IGNORECASE)


def split_blocks(text: str) -> list[str]:
    """Plain text → blocks: a line is a block, except hard-wrapped prose, which is re-joined."""
    lines = text.split("\n")
    content = [ln for ln in lines if ln.strip()]
    wrapped = len(content) >= 5 and (
        sum(1 for ln in content if 40 <= len(ln.rstrip()) <= 80) / len(content) >= 0.6
    )
    blocks: list[str] = []
    current: list[str] = []
    for line in lines:
        stripped = line.strip()
        if wrapped and _CREDIT_END.search(stripped):  # a caption line inside wrapped prose
            if current:
                blocks.append(" ".join(current))
                current = []
            blocks.append(" ".join(stripped.split()))
            continue
        indented = line[:1] in (" ", "\t") and wrapped
        if not stripped or not wrapped or indented:
            if current:
                blocks.append(" ".join(current))
                current = []
            if stripped and not wrapped:
                blocks.append(" ".join(stripped.split()))
                continue
        if stripped and wrapped:
            current.append(" ".join(stripped.split()))
    if current:
        blocks.append(" ".join(current))
    return blocks


def _declared(data: bytes, text: str, warning: str) -> tuple[str, str | None]:
    """A page that is not UTF-8, read in the character set its head declares (no guess, so no
    warning); as ``decode`` read it when it declares none or the declaration does not fit."""
    from searcher.clean.html import declared_charset

    charset = declared_charset(data)
    if charset in ("latin-1", "iso8859-1", "ascii"):
        charset = "cp1252"  # (what browsers read for these labels)
    if charset == "utf-8":  # (a few bad bytes in a UTF-8 page: browsers replace just those)
        return data.decode("utf-8", "replace"), "declared UTF-8 with invalid bytes; replaced"
    if charset is None:
        return text, warning
    try:
        return data.decode(charset), None
    except UnicodeDecodeError:
        return text, warning


def _read(data: bytes | str, name: str, removed: list[Removed]) -> str:
    """The text to clean: decoded (an HTML page in the character set it declares), cut at the
    limit, without control characters; what was guessed or cut goes to ``removed``."""
    if isinstance(data, bytes):
        try:
            text, warning = decode(data)
        except ValueError as exc:
            raise UnreadableArticle(f"{name or '<input>'}: {exc}") from None
        if warning and is_html(text, name):
            text, warning = _declared(data, text, warning)
        if warning:
            removed.append(Removed("encoding", warning))
    else:
        text = data
    if len(text) > MAX_CHARS:
        removed.append(Removed("too-long", f"{len(text) - MAX_CHARS} characters after the limit"))
        text = text[:MAX_CHARS]
    return sanitize(text.replace("\r\n", "\n").replace("\r", "\n").lstrip("\ufeff"))


def page_text(data: bytes | str, name: str = "") -> str:
    """The text ``clean`` works on, before any cleaning (for checks that nothing was lost)."""
    return _read(data, name, [])


def clean(data: bytes | str, name: str = "", hints: Hints | None = None) -> CleanedArticle:
    """Clean one article. ``data`` is the file's bytes (or text); ``name`` its file name.

    ``hints`` carries what the source already says (a JSON Lines ``date`` or ``url``); the
    cleaner adds what it finds. Raises UnreadableArticle for binary or undecodable input.
    """
    removed: list[Removed] = []
    text = _read(data, name, removed)
    base = hints or Hints()
    if is_html(text, name):
        from searcher.clean.html import parse

        page = parse(text, base.url)
        draft = Draft(blocks=page.blocks, title=base.title or page.title, plain=False)
        removed.extend(page.removed)
        meta_date = base.meta_date or page.date
        url = base.url or page.url
        site = page.site_name
        byline = page.byline
        kind = "html"
        if page.clock:
            draft.clocks.append(("header", page.clock))
        extra_outlets = [(part, "title") for part in page.title_parts]
    else:
        draft = Draft(blocks=split_blocks(text), title=base.title)
        meta_date, url, site, byline, kind = base.meta_date, base.url, None, None, "text"
        extra_outlets = []
    run(draft)
    removed.extend(draft.removed)
    header = [c for zone, c in draft.clocks if zone == "header"]
    body = [c for zone, c in draft.clocks if zone == "body"]
    article_clock = header[-1] if header else (body[0] if body else None)
    page_clocks = tuple(c for _, c in draft.clocks if c != article_clock)
    outlets = list(base.outlets) + draft.outlets
    if site:
        outlets.append((site, "meta"))
    outlets.extend(extra_outlets)
    return CleanedArticle(
        title=draft.title,
        paragraphs=tuple(p for p in draft.blocks if p),
        removed=tuple(removed),
        hints=Hints(
            title=base.title,
            meta_date=meta_date,
            header_date=draft.header_date,
            article_clock=article_clock,
            page_clocks=page_clocks,
            outlets=tuple(outlets),
            byline=draft.byline or byline,
            dateline=draft.dateline,
            url=url,
        ),
        kind=kind,
    )
