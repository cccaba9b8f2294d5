"""The text analyzer for title and body: accent- and case-insensitive English analysis.

``Việt Nam``, ``Viet Nam``, ``viet nam`` and ``Vietnam`` all analyse to the tokens ``viet nam``,
so any spelling finds any other (single-word forms become phrase queries). ``Nguyễn Tân Cương``
matches ``Nguyen Tan Cuong``. The analyzer is pickled into the index schema, so its classes must
stay importable under these names.
"""

from __future__ import annotations

from whoosh.analysis import (
    CommaSeparatedTokenizer,
    Filter,
    LowercaseFilter,
    RegexTokenizer,
    StemFilter,
    StopFilter,
)

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


class FoldFilter(Filter):
    """Remove diacritics (``cương`` → ``cuong``) and possessive ``'s``."""

    def __call__(self, tokens):
        for t in tokens:
            text = t.text
            if not text.isascii():
                text = fold(text)
            if text.endswith("'s"):
                text = text[:-2]
            elif "'" in text:
                text = text.replace("'", "")
            if text:
                t.text = text
                yield t


class CompoundFilter(Filter):
    """Split ``vietnam`` into ``viet nam`` (and the like), renumbering later positions."""

    def __call__(self, tokens):
        shift = 0
        for t in tokens:
            parts = COMPOUNDS.get(t.text)
            if t.positions:
                t.pos += shift
            if parts is None:
                yield t
                continue
            for i, part in enumerate(parts):
                t.text = part
                if i and t.positions:
                    t.pos += 1
                    shift += 1
                yield t


def make_analyzer():
    """The analyzer used by the title and body fields (and by their queries)."""
    return (
        RegexTokenizer(TOKEN_PATTERN)
        | LowercaseFilter()
        | FoldFilter()
        | CompoundFilter()
        | StopFilter(stoplist=STOP_WORDS, minsize=1)
        | StemFilter(cachesize=100_000)
    )


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
