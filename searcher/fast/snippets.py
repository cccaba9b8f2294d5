"""Snippets and ledes as ``search/snippets.py`` makes them, without the engine: that module
imports ``engine/analysis.py`` (and so Whoosh) for three names, here taken from ``fast/terms.py``.
Everything below the imports is a copy of snippets.py's, character for character
(``tests/test_fast_terms.py`` compares the source).
"""

from __future__ import annotations

import re
from functools import lru_cache

from searcher.fast.terms import ANALYSIS, COMPOUNDS, word_terms

MARK_START, MARK_END = "\x02", "\x03"  # (search/results.py's)
WINDOWS = (2000, 6000)  # characters searched for the query's words: first, then at most
FRAGMENT = 220  # the longest stretch of matches one fragment holds
SURROUND = 70  # context on each side of a fragment's matches
BETWEEN = " … "
# spelling setting (None: either) → word of text → its index terms, across articles
_TERMS: dict[int | None, dict[str, tuple[str, ...]]] = {}
_TERMS_MAX = 200_000


def _terms_of(word: str, spellings: int | None) -> tuple[str, ...]:
    known = _TERMS.get(spellings)
    if known is None:
        known = _TERMS[spellings] = {}
    if word.isascii():  # (analysis lower-cases first: ``Minister`` analyses as ``minister``)
        word = word.lower()
    found = known.get(word)
    if found is None:
        if len(known) >= _TERMS_MAX:
            known.clear()
        if spellings is None:  # (every setting's terms, today's first)
            found = tuple(
                dict.fromkeys(t for a in range(ANALYSIS, -1, -1) for t in word_terms(word, a))
            )
        else:
            found = word_terms(word, spellings)
        known[word] = found
    return found


@lru_cache(maxsize=256)
def _candidates(terms: frozenset[str]) -> tuple[re.Pattern, ...]:
    """Tokens that can analyse to one of ``terms``: those beginning with a term's first letter
    (or a compound's, for a term it splits into) or with a non-ASCII letter. A token begins
    where no word character precedes it, so this finds every such token TOKEN_PATTERN would."""
    initials = {t[0] for t in terms if t}
    initials.update(k[0] for k, parts in COMPOUNDS.items() if not terms.isdisjoint(parts))
    return _starting("".join(sorted(initials)))


# TOKEN_PATTERN from its first character on, ``\w+(?:[.'’]\w+)*``, written so that a pattern
# beginning with a class of first characters is compiled cheaply and searched fast: the
# look-behinds (no word character, nor one and a joiner, before the token) follow the first
# character, and ``’`` has branches of its own (a class holding it and ASCII is compiled to a
# 64K-bit map: 0.2 ms a pattern). tests/test_warm_snippets.py compares it with TOKEN_PATTERN.
_TOKEN_FROM_FIRST = r"(?<!\w.)(?<!\w[.'].)(?<!\w’.)\w*(?:[.']\w+|’\w+)*"
_BEYOND_ASCII = re.compile(r"[^\x00-\x7f](?<=\w)" + _TOKEN_FROM_FIRST)


@lru_cache(maxsize=1024)
def _starting(initials: str) -> tuple[re.Pattern, ...]:
    """The patterns of the tokens beginning with a non-ASCII letter and of those beginning
    with one of ``initials`` (in order): the second compiled once per set of initials, which
    queries share far more often than their terms. Each ASCII initial is in both cases: what a
    case-insensitive class adds beyond ASCII (``K`` for ``k``, ``ſ`` for ``s``), and every
    initial beyond ASCII, are the first pattern's."""
    cased = dict.fromkeys(x for c in initials if c.isascii() for x in (c.lower(), c.upper()))
    if not cased:
        return (_BEYOND_ASCII,)
    first = "[" + "".join(re.escape(c) for c in cased) + "]"
    return _BEYOND_ASCII, re.compile(first + _TOKEN_FROM_FIRST)


def _tokens(patterns: tuple[re.Pattern, ...], text: str, end: int) -> list[re.Match]:
    """The tokens of ``text[:end]`` the patterns find, in text order (tokens never overlap:
    one found by either is the one a single pattern of both would find there)."""
    found = list(patterns[0].finditer(text, 0, end))
    if len(patterns) > 1:
        found += patterns[1].finditer(text, 0, end)
        found.sort(key=_start)
    return found


def _start(match: re.Match) -> int:
    return match.start()


_JOINERS = ".'’"  # (what may join two runs of word characters into one token)


def _word_char(c: str) -> bool:
    """Whether ``c`` is what a regular expression's ``\\w`` matches (in a str pattern)."""
    return c.isalnum() or c == "_"


def _marked(text: str, words: frozenset[str], left: int, right: int) -> list[tuple[int, int]]:
    """(start, end) of each whole-token occurrence of one of ``words`` in ``text[left:right]``,
    as ``finditer`` of the pattern ``(?<!\\w)(?<!\\w[.'’])(?:w1|w2|…)(?!\\w)(?![.'’]\\w)``
    (longest words first, case-sensitive) finds them from ``left`` with the text ending at
    ``right``: leftmost first, the longest at a position, none overlapping; the look-behinds
    see the text before ``left``. Found with ``str.find`` instead of a pattern compiled for
    each article's words (compiling was most of a snippet's time)."""
    w = _word_char
    found = []
    for word in words:
        size = len(word)
        p = text.find(word, left, right)
        while p >= 0:
            e = p + size
            if (
                (p == 0 or not w(text[p - 1]))
                and not (p >= 2 and text[p - 1] in _JOINERS and w(text[p - 2]))
                and (e == right or not w(text[e]))
                and not (e + 1 < right and text[e] in _JOINERS and w(text[e + 1]))
            ):
                found.append((p, -size))
            p = text.find(word, p + 1, right)
    found.sort()
    out: list[tuple[int, int]] = []
    last = left
    for p, size in found:
        if p >= last:
            out.append((p, p - size))
            last = p - size
    return out


def snippet(
    body: str, terms: frozenset[str], fragments: int = 2, spellings: int | None = None
) -> str:
    """Up to ``fragments`` passages of ``body`` holding the most distinct query ``terms``, in
    text order, matches marked; "" when none of the terms is in the windows. ``spellings`` is
    the index's analysis setting (None: any setting's terms match)."""
    candidates = _candidates(terms)
    matching: dict[str, bool] = {}
    for size in WINDOWS:
        found = []  # (start, end, word) of each token that analyses to a query term
        for m in _tokens(candidates, body, size):
            word = m.group()
            hit = matching.get(word)
            if hit is None:
                hit = matching[word] = not terms.isdisjoint(_terms_of(word, spellings))
            if hit:
                found.append((m.start(), m.end(), word))
        if found or len(body) <= size:
            break
    if not found:
        return ""
    groups: list[list] = []  # [start, end, set of words, count]
    for start, end, word in found:
        if groups and end - groups[-1][0] <= FRAGMENT:
            group = groups[-1]
            group[1] = end
            group[2].add(word.lower())
            group[3] += 1
        else:
            groups.append([start, end, {word.lower()}, 1])
    best = sorted(groups, key=lambda g: (-len(g[2]), -g[3], g[0]))[:fragments]
    words = frozenset(word for _, _, word in found)
    return BETWEEN.join(_render(body, g[0], g[1], words) for g in sorted(best))


def _render(text: str, start: int, end: int, words: frozenset[str]) -> str:
    left = max(0, start - SURROUND)
    if left:  # begin at a word
        space = text.find(" ", left, start)
        left = space + 1 if space >= 0 else left
    right = min(len(text), end + SURROUND)
    if right < len(text):
        space = text.rfind(" ", end, right)
        right = space if space >= 0 else right
    parts: list[str] = []
    last = left
    for a, b in _marked(text, words, left, right):  # (looks behind ``left`` for a whole token)
        parts += (text[last:a], MARK_START, text[a:b], MARK_END)
        last = b
    parts.append(text[last:right])
    return " ".join("".join(parts).split())


LEDE_CHARS = 160  # the longest first sentence shown for an article without a title
# (a pattern, compiled by ``re`` when first used: most articles have a title, and compiling
# it costs a one-shot search 0.2 ms)
_SENTENCE_END = r"[.!?][\"”’)]?(?=\s+[\"“‘(]?[A-Z0-9])"
# abbreviations a sentence does not end at (``Gen. Phan Van Giang``, ``Sen. …``, ``No. 5``)
_ABBREVIATIONS = frozenset((
    "gen", "lt", "col", "maj", "capt", "cmdr", "adm", "sen", "rep", "gov", "pres", "dr", "mr", "mrs",
    "ms", "prof", "st", "no", "vol", "jan", "feb", "mar", "apr", "aug", "sept", "sep", "oct", "nov",
    "dec", "inc", "co", "corp", "dept",
))  # fmt: skip


def lede(body: str) -> str:
    """The first sentence of ``body`` (at most LEDE_CHARS, cut at a word with "…"), on one
    line: what a list shows for an article that has no title."""
    text = " ".join(body[: LEDE_CHARS * 4].split())
    for m in re.finditer(_SENTENCE_END, text):
        before = text[: m.start()].rsplit(" ", 1)[-1].lower().strip('("“')
        if before in _ABBREVIATIONS or len(before) == 1 or "." in before:
            continue  # (an initial: ``Phan V. Giang``; a dotted abbreviation: ``U.S.``)
        text = text[: m.end()]
        break
    if len(text) <= LEDE_CHARS:
        return text
    cut = text.rfind(" ", 0, LEDE_CHARS)
    return text[: cut if cut > LEDE_CHARS // 2 else LEDE_CHARS].rstrip(",;:") + "…"
