"""Snippets: the passages of an article where the query's words are, with those words marked.

Works on the text itself rather than re-running the analyzer over every token: each distinct
word of the first ``WINDOW`` characters is analysed once (cached across articles) and compared
with the query's index terms, so a stemmed, accent-folded query still marks ``Việt Nam``,
``rates`` or ``minister's``. Marks are ``\\x02`` … ``\\x03``; output.py turns them into colour or
drops them.
"""

from __future__ import annotations

import re

from searcher.analysis import TOKEN_PATTERN, word_terms
from searcher.results import MARK_END, MARK_START

WINDOW = 6000  # the first part of an article is where a snippet is wanted, and is cheap
FRAGMENT = 220  # the longest stretch of matches one fragment holds
SURROUND = 70  # context on each side of a fragment's matches
BETWEEN = " … "
_WORD = re.compile(TOKEN_PATTERN)


def snippet(body: str, terms: frozenset[str], fragments: int = 2) -> str:
    """Up to ``fragments`` passages of ``body`` holding the most distinct query ``terms``, in
    text order, matches marked; "" when none of the terms is in the window."""
    text = body[:WINDOW]
    marked = {w for w in set(_WORD.findall(text)) if not terms.isdisjoint(word_terms(w))}
    if not marked:
        return ""
    groups: list[list] = []  # [start, end, set of words, count]
    for m in _WORD.finditer(text):
        word = m.group()
        if word not in marked:
            continue
        start, end = m.span()
        if groups and end - groups[-1][0] <= FRAGMENT:
            group = groups[-1]
            group[1] = end
            group[2].add(word.lower())
            group[3] += 1
        else:
            groups.append([start, end, {word.lower()}, 1])
    best = sorted(groups, key=lambda g: (-len(g[2]), -g[3], g[0]))[:fragments]
    return BETWEEN.join(_render(text, g[0], g[1], marked) for g in sorted(best))


def _render(text: str, start: int, end: int, marked: set[str]) -> str:
    left = max(0, start - SURROUND)
    if left:  # begin at a word
        space = text.find(" ", left, start)
        left = space + 1 if space >= 0 else left
    right = min(len(text), end + SURROUND)
    if right < len(text):
        space = text.rfind(" ", end, right)
        right = space if space >= 0 else right
    part = _WORD.sub(
        lambda m: f"{MARK_START}{m.group()}{MARK_END}" if m.group() in marked else m.group(),
        text[left:right],
    )
    return " ".join(part.split())
