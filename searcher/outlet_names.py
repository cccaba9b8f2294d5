"""Outlets by name: ``outlets.tsv`` (every name, brand and domain an outlet goes by) and the
lookup from any of them to the canonical name. The cleaner, the extractor and the corpus
config all ask it, so it belongs to none of them.
"""

from __future__ import annotations

from functools import cache
from urllib.parse import urlsplit

from searcher import data
from searcher.text import fold


@cache
def _table() -> dict[str, str]:
    text = data.read("outlets.tsv")
    table: dict[str, str] = {}
    for line in text.splitlines():
        if line.strip() and not line.startswith("#"):
            name, variants = line.split("\t")
            for v in variants.split(","):
                table[fold(v.strip()).lower()] = name
    return table


def canonical(value: str) -> str | None:
    """``Viet Nam News`` → ``VNS``; a URL or domain → its outlet; unknown → None."""
    value = value.strip()
    if not value:
        return None
    table = _table()
    hit = table.get(fold(value).lower())
    if hit:
        return hit
    host = host_of(value if "//" in value else f"//{value}")
    while host:
        if host in table:
            return table[host]
        host = host.partition(".")[2] if host.count(".") > 1 else ""
    return None


def host_of(url: str) -> str:
    """The web host of ``url`` without ``www.``; empty for a malformed address (``http://[x/``:
    an address is evidence, never a reason to skip the article)."""
    try:
        host = urlsplit(url).hostname or ""
    except ValueError:
        return ""
    return host.removeprefix("www.")
