"""Snippets: the passages of an article where the query's words are, with those words marked.

Works on the text itself rather than re-running the analyzer over every token: each distinct
word of the first ``WINDOW`` characters is analysed once (cached across articles) and compared
with the query's index terms, so a stemmed, accent-folded query still marks ``Việt Nam``,
``rates`` or ``minister's``. Only words that begin as a query term begins are analysed (stemming,
folding and possessives keep a word's first letter; a word beginning with a non-ASCII letter or a
compound such as ``Vietnam`` → ``viet nam`` is always analysed). Then one regular expression of just those words finds where they
are (the regex engine, not a Python loop, walks the text). Marks are ``\\x02`` … ``\\x03``; output.py turns them into colour or
drops them.
"""

from __future__ import annotations

import re
from functools import lru_cache

from searcher.analysis import COMPOUNDS, TOKEN_PATTERN, word_terms
from searcher.results import MARK_END, MARK_START

WINDOW = 6000  # the first part of an article is where a snippet is wanted, and is cheap
FRAGMENT = 220  # the longest stretch of matches one fragment holds
SURROUND = 70  # context on each side of a fragment's matches
BETWEEN = " … "
_WORD = re.compile(TOKEN_PATTERN)
_TERMS: dict[str, tuple[str, ...]] = {}  # word of text → its index terms, across articles
_TERMS_MAX = 200_000


def _terms_of(word: str) -> tuple[str, ...]:
    found = _TERMS.get(word)
    if found is None:
        if len(_TERMS) >= _TERMS_MAX:
            _TERMS.clear()
        found = _TERMS[word] = word_terms(word)
    return found


@lru_cache(maxsize=256)
def _initials(terms: frozenset[str]) -> frozenset[str]:
    """The first letters a word needs to possibly analyse to one of ``terms``."""
    found = {t[0] for t in terms if t}
    found.update(k[0] for k, parts in COMPOUNDS.items() if not terms.isdisjoint(parts))
    return frozenset(found)


@lru_cache(maxsize=1024)
def _finder(words: frozenset[str]) -> re.Pattern:
    """Whole tokens (as TOKEN_PATTERN cuts them) that are one of ``words``."""
    alternatives = "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))
    return re.compile(rf"(?<!\w)(?<!\w[.'’])(?:{alternatives})(?!\w)(?![.'’]\w)")


def snippet(body: str, terms: frozenset[str], fragments: int = 2) -> str:
    """Up to ``fragments`` passages of ``body`` holding the most distinct query ``terms``, in
    text order, matches marked; "" when none of the terms is in the window."""
    text = body[:WINDOW]
    initials = _initials(terms)
    marked = frozenset(
        w
        for w in set(_WORD.findall(text))
        if (w[0].lower() in initials or not w[0].isascii()) and not terms.isdisjoint(_terms_of(w))
    )
    if not marked:
        return ""
    finder = _finder(marked)
    groups: list[list] = []  # [start, end, set of words, count]
    for m in finder.finditer(text):
        word = m.group()
        start, end = m.span()
        if groups and end - groups[-1][0] <= FRAGMENT:
            group = groups[-1]
            group[1] = end
            group[2].add(word.lower())
            group[3] += 1
        else:
            groups.append([start, end, {word.lower()}, 1])
    best = sorted(groups, key=lambda g: (-len(g[2]), -g[3], g[0]))[:fragments]
    return BETWEEN.join(_render(text, g[0], g[1], finder) for g in sorted(best))


def _render(text: str, start: int, end: int, finder: re.Pattern) -> str:
    left = max(0, start - SURROUND)
    if left:  # begin at a word
        space = text.find(" ", left, start)
        left = space + 1 if space >= 0 else left
    right = min(len(text), end + SURROUND)
    if right < len(text):
        space = text.rfind(" ", end, right)
        right = space if space >= 0 else right
    parts, last = [], left
    for m in finder.finditer(text, left, right):  # (looks behind ``left`` for a whole token)
        parts += (text[last : m.start()], MARK_START, m.group(), MARK_END)
        last = m.end()
    parts.append(text[last:right])
    return " ".join("".join(parts).split())
