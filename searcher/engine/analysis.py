"""The text analyzer for title and body: accent- and case-insensitive English analysis.

``Việt Nam``, ``Viet Nam``, ``viet nam`` and ``Vietnam`` all analyse to the tokens ``viet nam``,
so any spelling finds any other (single-word forms become phrase queries). ``Nguyễn Tân Cương``
matches ``Nguyen Tan Cuong``. British and American spellings of a word (``defence``, ``defense``;
``organisations``, ``organizations``) analyse to one term (spelling.py).

The analyzer is pickled into the index schema, so its classes must stay importable under these
names, and an index keeps the analysis it was written with: a filter unpickled from an index
written before the spelling table has no ``spellings`` attribute and analyses without it, as
that index's terms were made; the writer's fast path (``positions_of``) follows the same setting
(``spellings_of``).
"""

from __future__ import annotations

import re
from functools import lru_cache
from itertools import chain
from typing import TYPE_CHECKING

from whoosh.analysis import (
    CommaSeparatedTokenizer,
    CompositeAnalyzer,
    Filter,
    LowercaseFilter,
    RegexTokenizer,
)
from whoosh.lang.porter import stem as porter_stem

from searcher.engine.spelling import SPELLINGS, american
from searcher.text import fold

if TYPE_CHECKING:
    from collections.abc import Iterable, Iterator

    from whoosh.analysis import Token

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
    """Lower-case, fold accents, drop possessives, split compounds, remove stop words, spell the
    American way and stem, in one pass (the same result as chaining those filters, at a
    fraction of the cost).

    Positions are renumbered as Whoosh's StopFilter(renumber=True) does; stop words are kept
    (marked ``stopped``) when the caller asks not to remove them, as phrase queries do.
    ``spellings`` is the version of the spelling table applied (spelling.SPELLINGS; 0: none).
    """

    spellings = 0  # (the filters of indexes written before the spelling table lack the attribute)

    def __init__(self, stoplist: Iterable[str] = STOP_WORDS, spellings: int = SPELLINGS) -> None:
        self.stops = frozenset(stoplist)
        self.spellings = spellings

    def __eq__(self, other: object) -> bool:
        return (
            isinstance(other, NormalizeFilter)
            and self.stops == other.stops
            and self.spellings == other.spellings
        )

    def __call__(self, tokens: Iterable[Token]) -> Iterator[Token]:
        stops, spellings = self.stops, self.spellings
        pos = None
        for t in tokens:
            for part, stopped in _parts(t.text, stops, spellings):
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
def _parts(token: str, stops: frozenset[str], spellings: int) -> tuple[tuple[str, bool], ...]:
    """(text, is a stop word) for each part of one token: lower-cased, accents folded, possessive
    dropped, compounds split; kept words spelt the American way (unless ``spellings`` is 0) and
    stemmed. Tokens repeat a lot, so this is cached."""
    text = token.lower()
    if not text.isascii():
        text = fold(text)
    if "'" in text:
        text = text[:-2] if text.endswith("'s") else text.replace("'", "")
    if not text:
        return ()
    return tuple(
        (part, True)
        if part in stops
        else (porter_stem(american(part) if spellings else part), False)
        for part in COMPOUNDS.get(text, (text,))
    )


def word_terms(word: str, spellings: int = SPELLINGS) -> tuple[str, ...]:
    """The index terms one word of text analyses to (none for a stop word); ``spellings`` 0
    analyses as indexes written before the spelling table did."""
    return tuple(part for part, stopped in _parts(word, STOP_WORDS, spellings) if not stopped)


_TOKEN = re.compile(TOKEN_PATTERN)


def positions_of(
    text: str, stops: frozenset[str] = STOP_WORDS, spellings: int = SPELLINGS
) -> dict[str, list[int]]:
    """Each index term of ``text`` with its positions, exactly as ``make_analyzer(spellings)``
    yields them (positions renumbered past stop words), without a Token object per word: the
    writer calls this for every document, and it is several times faster than the filter
    chain."""
    known = _KEPT.get(spellings) if stops is STOP_WORDS else {}
    if known is None:
        known = _KEPT[spellings] = {}
    tokens = _TOKEN.findall(text)
    kept = list(map(known.get, tokens))
    if None in kept:  # tokens not met before
        for i, terms in enumerate(kept):
            if terms is None:
                terms = known.get(tokens[i])
                kept[i] = _kept(tokens[i], stops, spellings, known) if terms is None else terms
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


# spellings -> token -> its index terms, for the standard stop words
_KEPT: dict[int, dict[str, tuple[str, ...]]] = {}


def _kept(
    token: str, stops: frozenset[str], spellings: int, known: dict[str, tuple[str, ...]]
) -> tuple[str, ...]:
    if len(known) >= 500_000:
        known.clear()
    parts = _parts(token, stops, spellings)
    terms = known[token] = tuple(part for part, stopped in parts if not stopped)
    return terms


def make_analyzer(spellings: int = SPELLINGS) -> CompositeAnalyzer:
    """The analyzer used by the title and body fields (and by their queries); ``spellings`` 0 is
    the one of indexes written before the spelling table."""
    return RegexTokenizer(TOKEN_PATTERN) | NormalizeFilter(spellings=spellings)


def spellings_of(analyzer: object) -> int | None:
    """The spelling setting of an analyzer that is ``make_analyzer()``'s but for that setting
    (an index's, unpickled from its schema, whichever version wrote it); None for any other."""
    if not isinstance(analyzer, CompositeAnalyzer) or not analyzer.items:
        return None
    last = analyzer.items[-1]
    if isinstance(last, NormalizeFilter) and analyzer == make_analyzer(last.spellings):
        return last.spellings
    return None


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
