"""The text analyzer for title and body: accent- and case-insensitive English analysis.

``Việt Nam``, ``Viet Nam``, ``viet nam`` and ``Vietnam`` all analyse to the tokens ``viet nam``,
so any spelling finds any other (single-word forms become phrase queries). ``Nguyễn Tân Cương``
matches ``Nguyen Tan Cuong``. British and American spellings of a word (``defence``, ``defense``;
``organisations``, ``organizations``) analyse to one term (spelling.py), and so do a word's
inflections (``exercise``, ``exercised``, ``exercising``; ``modernize``, ``modernization``):
words are stemmed by Snowball's English stemmer (Porter2), through PyStemmer.

A possessive is its word (``Vietnam's``, ``Vietnams'`` → ``viet nam``); a contraction with
``n't`` is its own word and the verb it negates (``didn't``, ``didn’t`` → ``didnt`` ``did``:
``didn't`` and ``didnt`` find it, and so does ``did``); ``'re``, ``'ve``, ``'ll``, ``'d`` and
``'m`` are the words ``are``, ``have``, ``will``, ``would`` and ``am``, left out as stop words
are (``we're`` is never ``were``, nor ``she'll`` ``shell``); any other apostrophe is dropped
(``O'Brien`` → ``obrien``).

The analyzer is pickled into the index schema, so its classes must stay importable under these
names, and an index keeps the analysis it was written with: the filter's ``analysis`` setting
(``ANALYSIS``, below) is read from the attributes it was pickled with, and every fast path
(``positions_of``, ``word_terms``, snippets) follows it (``analysis_of``).
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

from searcher.engine.spelling import SPELLINGS, american
from searcher.text import fold

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable, Iterator

    from whoosh.analysis import Token

# The analysis an analyzer applies, pickled with it in each index's schema. Each setting is the
# one before it and more; an index keeps its own, and SCHEMA_VERSION bumps with this:
#   0  Whoosh's Porter stemmer (indexes written before the spelling table: their filters were
#      pickled with neither attribute below)
#   1  British spellings as American ones (spelling.py; pickled ``spellings``), Porter
#   2  Snowball's English stemmer (Porter2), contractions and possessives as below (pickled
#      ``stemmer``)
ANALYSIS = 2
SNOWBALL = "snowball-english"  # the pickled ``stemmer`` of setting 2

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
    """Lower-case, fold accents, drop possessives, split contractions and compounds, remove stop
    words, spell the American way and stem, in one pass (the same result as chaining those
    filters, at a fraction of the cost).

    Positions are renumbered as Whoosh's StopFilter(renumber=True) does; stop words are kept
    (marked ``stopped``) when the caller asks not to remove them, as phrase queries do.
    ``analysis`` is the setting applied (``ANALYSIS``; older indexes' filters have older ones).
    """

    # (the filters of indexes written before the spelling table lack both attributes, and those
    # written before Snowball lack ``stemmer``: these defaults are what those indexes applied)
    spellings = 0
    stemmer = "porter"

    def __init__(self, stoplist: Iterable[str] = STOP_WORDS, analysis: int = ANALYSIS) -> None:
        self.stops = frozenset(stoplist)
        self.spellings = SPELLINGS if analysis >= 1 else 0
        if analysis >= 2:
            self.stemmer = SNOWBALL

    @property
    def analysis(self) -> int:
        """The analysis setting (``ANALYSIS``) of this filter, as pickled."""
        if self.stemmer == SNOWBALL:
            return 2
        return 1 if self.spellings else 0

    def __eq__(self, other: object) -> bool:
        return (
            isinstance(other, NormalizeFilter)
            and self.stops == other.stops
            and self.analysis == other.analysis
        )

    def __call__(self, tokens: Iterable[Token]) -> Iterator[Token]:
        stops, analysis = self.stops, self.analysis
        pos = None
        for t in tokens:
            for part, kind in _parts(t.text, stops, analysis):
                if kind == STOPPED:
                    if not t.removestops:
                        t.text = part
                        t.stopped = True
                        yield t
                    continue
                if kind == BESIDE:  # (a query names the contraction by its own word alone)
                    if t.mode == "query":
                        continue
                elif t.positions:
                    pos = t.pos if pos is None else pos + 1
                    t.pos = pos
                t.text = part
                t.stopped = False
                yield t


# What each part of a token is (``_parts``): a term at the next position, a stop word (left out,
# or kept marked when a phrase asks), or a term at the same position as the one before it (a
# contraction's verb: indexed, and left out of queries).
KEPT, STOPPED, BESIDE = 0, 1, 2


@lru_cache(maxsize=300_000)
def _parts(token: str, stops: frozenset[str], analysis: int) -> tuple[tuple[str, int], ...]:
    """(text, KEPT, STOPPED or BESIDE) for each part of one token: lower-cased, accents folded,
    possessive dropped, contractions and compounds split; kept words spelt the American way
    (from setting 1) and stemmed. Tokens repeat a lot, so this is cached."""
    text = token.lower()
    if not text.isascii():
        text = fold(text)
    words: tuple[str, ...]
    verb = ""
    if analysis < 2:  # (as indexes of settings 0 and 1 were written: kept exactly)
        if "'" in text:
            text = text[:-2] if text.endswith("'s") else text.replace("'", "")
        words = COMPOUNDS.get(text, (text,))
    else:
        words, verb = _words(text)
    if not words or not words[0]:
        return ()
    stem = _stemmer(analysis)
    parts = tuple(
        (word, STOPPED) if word in stops else (stem(american(word) if analysis else word), KEPT)
        for word in words
    )
    if verb and verb not in stops:
        return (*parts, (stem(verb), BESIDE))
    return parts


# ``n't`` contractions whose verb is not the word before ``n't`` (``won't`` is ``will not``)
_NEGATED = {"ca": "can", "wo": "will", "sha": "shall", "ai": ""}
# 're, 've, 'll, 'd, 'm: are, have, will, would (or had), am
_AUXILIARIES = frozenset(("re", "ve", "ll", "d", "m"))


def _words(text: str) -> tuple[tuple[str, ...], str]:
    """The words of one lower-case, folded token, before spelling and stemming (setting 2):
    the possessive dropped, a compound as its parts, a contraction as its word (and, for
    ``n't``, the verb it negates, "" for none)."""
    if "'" in text:
        if text.endswith("'s"):  # (``Vietnam's``; ``it's`` and ``he's`` are ``it``, ``he``)
            text = text[:-2]
        host, apostrophe, end = text.rpartition("'")
        if apostrophe and "'" not in host:
            if end == "t" and host.endswith("n") and len(host) > 1:  # didn't, can't, won't
                return (host + "t",), _NEGATED.get(host[:-1], host[:-1])
            if end in _AUXILIARIES:  # we're, they've, she'll, I'd, I'm
                return (host,), ""
        text = text.replace("'", "")  # O'Brien, o'clock, rock'n'roll
    parts: tuple[str, ...] | None = COMPOUNDS.get(text)
    if parts is None and text.endswith("s"):  # (``Vietnams'``: the possessive of the plural)
        parts = COMPOUNDS.get(text[:-1])
        if parts is not None:
            parts = (*parts[:-1], parts[-1] + "s")
    return ((text,) if parts is None else parts), ""


_STEMMERS: dict[int, Callable[[str], str]] = {}


def _stemmer(analysis: int) -> Callable[[str], str]:
    """The stemmer of a setting, loaded on first use (a query that stems nothing loads none)."""
    found = _STEMMERS.get(analysis)
    if found is None:
        if analysis >= 2:
            import Stemmer  # PyStemmer: Snowball's C code (bench/README.md, "Stemmer")

            found = Stemmer.Stemmer("english").stemWord
        else:
            from whoosh.lang.porter import stem

            found = stem
        _STEMMERS[analysis] = found
    return found


def word_terms(word: str, analysis: int = ANALYSIS) -> tuple[str, ...]:
    """The index terms one word of text analyses to (none for a stop word) with the analysis
    setting ``analysis`` (an older one analyses as indexes written with it did)."""
    return tuple(part for part, kind in _parts(word, STOP_WORDS, analysis) if kind != STOPPED)


_TOKEN = re.compile(TOKEN_PATTERN)


def positions_of(
    text: str, stops: frozenset[str] = STOP_WORDS, analysis: int = ANALYSIS
) -> dict[str, list[int]]:
    """Each index term of ``text`` with its positions, exactly as ``make_analyzer(analysis)``
    yields them (positions renumbered past stop words), without a Token object per word: the
    writer calls this for every document, and it is several times faster than the filter
    chain."""
    if stops is STOP_WORDS:
        known, besides = _KEPT.setdefault(analysis, ({}, {}))
    else:
        known, besides = {}, {}
    tokens = _TOKEN.findall(text)
    kept = list(map(known.get, tokens))
    if None in kept:  # tokens not met before
        for i, terms in enumerate(kept):
            if terms is None:
                terms = known.get(tokens[i])
                kept[i] = (
                    _kept(tokens[i], stops, analysis, known, besides) if terms is None else terms
                )
    # the first index term is at its token's index, each later one a place further
    first = next((i for i, terms in enumerate(kept) if terms), None)
    out: dict[str, list[int]] = {}
    if first is None:
        return out
    if besides and not besides.keys().isdisjoint(tokens):  # a contraction's verb, beside it
        return _with_besides(tokens, kept, besides, first)
    # (no None is left in ``kept``; filter says so to the type checker, and the empty tuples it
    # also skips add no terms)
    for pos, term in enumerate(chain.from_iterable(filter(None, kept)), first):
        found = out.get(term)
        if found is None:
            out[term] = [pos]
        else:
            found.append(pos)
    return out


def _with_besides(
    tokens: list[str], kept: list, besides: dict[str, str], first: int
) -> dict[str, list[int]]:
    """``positions_of`` for a text with contractions: each one's verb at its word's position."""
    out: dict[str, list[int]] = {}
    pos = first - 1
    for token, terms in zip(tokens, kept, strict=True):
        for term in terms:
            pos += 1
            out.setdefault(term, []).append(pos)
        verb = besides.get(token)
        if verb is not None:
            out.setdefault(verb, []).append(pos)
    return out


# analysis setting -> (token -> its index terms at positions of their own, token -> the term
# beside its last one), for the standard stop words
_KEPT: dict[int, tuple[dict[str, tuple[str, ...]], dict[str, str]]] = {}


def _kept(
    token: str,
    stops: frozenset[str],
    analysis: int,
    known: dict[str, tuple[str, ...]],
    besides: dict[str, str],
) -> tuple[str, ...]:
    if len(known) >= 500_000:
        known.clear()
        besides.clear()
    # (uncached: a token met here goes into ``known`` and never comes back, so ``_parts``'s
    # cache would only hold a second copy of the corpus's vocabulary: 140k tokens a worker at
    # 221k news items, about 45 MB, none of them looked up again)
    parts = _parts.__wrapped__(token, stops, analysis)
    terms = known[token] = tuple(part for part, kind in parts if kind == KEPT)
    if parts and parts[-1][1] == BESIDE:
        besides[token] = parts[-1][0]
    return terms


def make_analyzer(analysis: int = ANALYSIS) -> CompositeAnalyzer:
    """The analyzer used by the title and body fields (and by their queries); an older
    ``analysis`` setting gives the analyzer of indexes written with it."""
    return RegexTokenizer(TOKEN_PATTERN) | NormalizeFilter(analysis=analysis)


def analysis_of(analyzer: object) -> int | None:
    """The analysis setting of an analyzer that is ``make_analyzer()``'s but for that setting
    (an index's, unpickled from its schema, whichever version wrote it); None for any other."""
    if not isinstance(analyzer, CompositeAnalyzer) or not analyzer.items:
        return None
    last = analyzer.items[-1]
    if isinstance(last, NormalizeFilter) and analyzer == make_analyzer(last.analysis):
        return last.analysis
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
