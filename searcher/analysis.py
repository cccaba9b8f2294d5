"""The text analyzer for title and body: accent- and case-insensitive English analysis.

``Việt Nam``, ``Viet Nam``, ``viet nam`` and ``Vietnam`` all analyse to the tokens ``viet nam``,
so any spelling finds any other (single-word forms become phrase queries). ``Nguyễn Tân Cương``
matches ``Nguyen Tan Cuong``. The analyzer is pickled into the index schema, so its classes must
stay importable under these names.
"""

from __future__ import annotations

from functools import lru_cache

# isort: off
import searcher._whoosh  # noqa: F401  (Whoosh without urllib; must come first)

# isort: on
from whoosh.analysis import CommaSeparatedTokenizer, Filter, LowercaseFilter, RegexTokenizer
from whoosh.lang.porter import stem as porter_stem

from searcher.text import fold

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

    def __init__(self, stoplist=STOP_WORDS):
        self.stops = frozenset(stoplist)

    def __eq__(self, other):
        return isinstance(other, NormalizeFilter) and self.stops == other.stops

    def __call__(self, tokens):
        stops = self.stops
        stem = _stem
        pos = None
        for t in tokens:
            text = t.text.lower()
            if not text.isascii():
                text = fold(text)
            if "'" in text:
                text = text[:-2] if text.endswith("'s") else text.replace("'", "")
            if not text:
                continue
            for part in COMPOUNDS.get(text, (text,)):
                if part in stops:
                    if not t.removestops:
                        t.text = part
                        t.stopped = True
                        yield t
                    continue
                if t.positions:
                    pos = t.pos if pos is None else pos + 1
                    t.pos = pos
                t.text = stem(part)
                t.stopped = False
                yield t


@lru_cache(maxsize=200_000)
def _stem(word: str) -> str:
    return porter_stem(word)


def make_analyzer():
    """The analyzer used by the title and body fields (and by their queries)."""
    return RegexTokenizer(TOKEN_PATTERN) | NormalizeFilter()


class KeyFoldFilter(Filter):
    """Accent folding for keyword values (``Nhân Dân`` → ``nhan dan``)."""

    def __call__(self, tokens):
        for t in tokens:
            if not t.text.isascii():
                t.text = fold(t.text)
            yield t


def make_keyword_analyzer():
    """Comma-separated keyword values, lower-cased and accent-folded."""
    return CommaSeparatedTokenizer() | LowercaseFilter() | KeyFoldFilter()
