"""The index terms of query words, as ``engine/analysis.py`` makes them, without Whoosh.

``analysis.py`` defines its analyzer on Whoosh's classes, and importing anything from
``searcher.engine`` loads Whoosh, so the pure part of its analysis (setting 2, the current one:
lower case, folding, possessives, contractions, compounds, stop words, spelling, Snowball) is
here: ``_parts`` and ``_words`` are copies of analysis.py's, character for character
(``tests/test_fast_terms.py`` compares their source and their terms over a large vocabulary).
The spelling table is ``engine/spelling.py`` itself, loaded from its file without running the
engine package's ``__init__``.
"""

from __future__ import annotations

import os
import re
import sys
import types

# importlib.machinery's loader, from the module start-up has loaded (importing importlib.machinery
# costs importlib and warnings, ~0.7 ms)
from _frozen_importlib_external import SourceFileLoader
from functools import lru_cache

from searcher.text import fold

TYPE_CHECKING = False  # (typing.TYPE_CHECKING without importing typing: ~2 ms a start)
if TYPE_CHECKING:
    from collections.abc import Callable

ANALYSIS = 2  # (analysis.ANALYSIS: the only setting read here; other indexes fall back)
SNOWBALL = "snowball-english"
STOP_WORDS = frozenset(
    ["a", "an", "and", "are", "as", "at", "be", "by", "can", "for", "from", "have", "if", "in",
     "is", "it", "not", "of", "on", "or", "that", "the", "this", "to", "we", "when", "will",
     "with", "yet", "you", "your"]
)  # fmt: skip
COMPOUNDS = {
    "vietnam": ("viet", "nam"),
    "hanoi": ("ha", "noi"),
    "danang": ("da", "nang"),
    "haiphong": ("hai", "phong"),
    "saigon": ("sai", "gon"),
}
TOKEN_PATTERN = r"\w+(?:[.'’]\w+)*"
KEPT, STOPPED, BESIDE = 0, 1, 2
# TOKEN_PATTERN with ``’`` in a branch of its own, the same matches: a class holding it and
# ASCII is compiled to a 64K-bit map (0.25 ms a start); tests/test_fast_terms.py compares them.
# A string, compiled by ``re`` for a query that is not plain (``_plain``).
_TOKEN = r"\w+(?:[.']\w+|’\w+)*"
# ASCII word characters and the space: a text of these alone is its words between spaces, as
# ``_TOKEN`` and syntax._NGRAM_WORDS find them (no joiner, no other space, nothing beyond ASCII)
PLAIN = frozenset("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ_abcdefghijklmnopqrstuvwxyz ")


def plain_words(text: str) -> list[str] | None:
    """The words of ``text`` when it holds only ``PLAIN`` characters (``text.split(" ")``
    without the empty ones), else None."""
    if not PLAIN.issuperset(text):
        return None
    return [w for w in text.split(" ") if w]


def _load_spelling() -> types.ModuleType:
    """``searcher/engine/spelling.py`` as a module of its own (its bytecode cache is the one
    the engine's import writes)."""
    name = "searcher.fast._spelling"
    found = sys.modules.get(name)
    if found is not None:
        return found
    path = os.path.join(os.path.dirname(os.path.dirname(__file__)), "engine", "spelling.py")
    module = types.ModuleType(name)
    module.__file__ = path
    SourceFileLoader(name, path).exec_module(module)
    sys.modules[name] = module
    return module


american = _load_spelling().american


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


_STEM: list = []


def _stemmer(analysis: int) -> Callable[[str], str]:
    """Snowball's English stemmer (setting 2; ``_parts`` is only called with it)."""
    if analysis != 2:
        raise ValueError(f"analysis setting {analysis} is not read by the fast path")
    if not _STEM:
        import Stemmer  # PyStemmer: Snowball's C code (bench/README.md, "Stemmer")

        _STEM.append(Stemmer.Stemmer("english").stemWord)
    return _STEM[0]


def word_terms(word: str, analysis: int = ANALYSIS) -> tuple[str, ...]:
    """The index terms one word of text analyses to (none for a stop word)."""
    return tuple(part for part, kind in _parts(word, STOP_WORDS, analysis) if kind != STOPPED)


def query_terms(text: str) -> list[str]:
    """The terms the title and body analyzer yields for ``text`` in query mode (Whoosh's
    ``field.process_text(text, mode="query")``): stop words removed, and a contraction's verb
    left out (NormalizeFilter drops BESIDE parts of query tokens)."""
    out = []
    tokens = plain_words(text)
    for token in re.findall(_TOKEN, text) if tokens is None else tokens:
        for part, kind in _parts(token, STOP_WORDS, ANALYSIS):
            if kind == KEPT:
                out.append(part)
    return out
