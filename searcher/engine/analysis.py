"""The text analyzer for title and body: accent- and case-insensitive English analysis.

``Việt Nam``, ``Viet Nam``, ``viet nam`` and ``Vietnam`` all analyse to the tokens ``viet nam``,
so any spelling finds any other (single-word forms become phrase queries). ``Nguyễn Tân Cương``
matches ``Nguyen Tan Cuong``. The analyzer is pickled into the index schema, so its classes must
stay importable under these names.
"""

from __future__ import annotations

import re
from functools import lru_cache
from itertools import chain
from typing import TYPE_CHECKING

from whoosh.analysis import CommaSeparatedTokenizer, Filter, LowercaseFilter, RegexTokenizer
from whoosh.lang.porter import stem as porter_stem

from searcher.text import fold

if TYPE_CHECKING:
    from collections.abc import Iterable, Iterator

    from whoosh.analysis import CompositeAnalyzer, Token

# Whoosh's English stop list without "us" (the country) and "may" (the month).
STOP_WORDS = frozenset(
    [
        "a",
        "an",
        "and",
        "are",
        "as",
        "at",
        "be",
        "by",
        "can",
        "for",
        "from",
        "have",
        "if",
        "in",
        "is",
        "it",
        "not",
        "of",
        "on",
        "or",
        "that",
        "the",
        "this",
        "to",
        "we",
        "when",
        "will",
        "with",
        "yet",
        "you",
        "your",
    ]
)
# Vietnamese place names written as one word or two: always index the two-word form.
COMPOUNDS = {
    "vietnam": ("viet", "nam"),
    "hanoi": ("ha", "noi"),
    "danang": ("da", "nang"),
    "haiphong": ("hai", "phong"),
    "saigon": ("sai", "gon"),
}
TOKEN_PATTERN = r"\w+(?:[.'’]\w+)*"


class NormalizeFilter(Filter):
    """Lower-case, fold accents, drop possessives, split compounds, remove stop words and stem,
    in one pass (the same result as chaining those filters, at a fraction of the cost).

    Positions are renumbered as Whoosh's StopFilter(renumber=True) does; stop words are kept
    (marked ``stopped``) when the caller asks not to remove them, as phrase queries do.
    """

    def __init__(self, stoplist: Iterable[str] = STOP_WORDS) -> None:
        self.stops = frozenset(stoplist)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, NormalizeFilter) and self.stops == other.stops

    def __call__(self, tokens: Iterable[Token]) -> Iterator[Token]:
        stops = self.stops
        pos = None
        for t in tokens:
            for part, stopped in _parts(t.text, stops):
                if stopped:
                    if not t.removestops:
                        t.text = part
                        t.stopped = True
                        yield t
                    continue
                if t.positions:
                    pos = t.pos if pos is None else pos + 1
                    t.pos = pos
                t.text = part
                t.stopped = False
                yield t


@lru_cache(maxsize=300_000)
def _parts(token: str, stops: frozenset[str]) -> tuple[tuple[str, bool], ...]:
    """(text, is a stop word) for each part of one token: lower-cased, accents folded, possessive
    dropped, compounds split; kept words stemmed. Tokens repeat a lot, so this is cached."""
    text = token.lower()
    if not text.isascii():
        text = fold(text)
    if "'" in text:
        text = text[:-2] if text.endswith("'s") else text.replace("'", "")
    if not text:
        return ()
    return tuple(
        (part, True) if part in stops else (porter_stem(part), False)
        for part in COMPOUNDS.get(text, (text,))
    )


def word_terms(word: str) -> tuple[str, ...]:
    """The index terms one word of text analyses to (none for a stop word)."""
    return tuple(part for part, stopped in _parts(word, STOP_WORDS) if not stopped)


_TOKEN = re.compile(TOKEN_PATTERN)


def positions_of(text: str, stops: frozenset[str] = STOP_WORDS) -> dict[str, list[int]]:
    """Each index term of ``text`` with its positions, exactly as ``make_analyzer()`` yields
    them (positions renumbered past stop words), without a Token object per word: the writer
    calls this for every document, and it is several times faster than the filter chain."""
    known = _KEPT if stops is STOP_WORDS else {}
    tokens = _TOKEN.findall(text)
    kept = list(map(known.get, tokens))
    if None in kept:  # tokens not met before
        for i, terms in enumerate(kept):
            if terms is None:
                terms = known.get(tokens[i])
                kept[i] = _kept(tokens[i], stops, known) if terms is None else terms
    # the first index term is at its token's index, each later one a place further
    first = next((i for i, terms in enumerate(kept) if terms), None)
    out: dict[str, list[int]] = {}
    if first is None:
        return out
    # (no None is left in ``kept``; filter says so to the type checker, and the empty tuples it
    # also skips add no terms)
    for pos, term in enumerate(chain.from_iterable(filter(None, kept)), first):
        found = out.get(term)
        if found is None:
            out[term] = [pos]
        else:
            found.append(pos)
    return out


_KEPT: dict[str, tuple[str, ...]] = {}  # token -> its index terms, for the standard stop words


def _kept(token: str, stops: frozenset[str], known: dict[str, tuple[str, ...]]) -> tuple[str, ...]:
    if len(known) >= 500_000:
        known.clear()
    terms = known[token] = tuple(part for part, stopped in _parts(token, stops) if not stopped)
    return terms


def make_analyzer() -> CompositeAnalyzer:
    """The analyzer used by the title and body fields (and by their queries)."""
    return RegexTokenizer(TOKEN_PATTERN) | NormalizeFilter()


class KeyFoldFilter(Filter):
    """Accent folding for keyword values (``Nhân Dân`` → ``nhan dan``)."""

    def __call__(self, tokens: Iterable[Token]) -> Iterator[Token]:
        for t in tokens:
            if not t.text.isascii():
                t.text = fold(t.text)
            yield t


_KEY = re.compile(r"[^,]+")


def keyword_terms(value: str) -> list[str]:
    """The terms ``make_keyword_analyzer()`` yields for a comma-separated value, in order."""
    out = []
    for part in _KEY.findall(value):
        text = part.strip().lower()
        out.append(text if text.isascii() else fold(text))
    return out


def make_keyword_analyzer() -> CompositeAnalyzer:
    """Comma-separated keyword values, lower-cased and accent-folded."""
    return CommaSeparatedTokenizer() | LowercaseFilter() | KeyFoldFilter()
