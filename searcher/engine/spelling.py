"""British spellings → American ones, before stemming, so that either spelling finds the other:
``defence`` and ``defense``, ``organisations`` and ``organizations``, ``centred`` and ``centered``
analyse to one index term.

Every British word is analysed as its American spelling would be: whatever the stemmer makes of
the American word (Snowball's ``organization`` → ``organiz``; Porter's ``organ`` in indexes
written before), it makes of the British one too, and an American spelling analyses as it always
did. ``data/spellings.tsv`` lists what is vetted:
irregular forms one by one, stems that begin every word they are in (``honour``, ``sulph``), and
for each suffix rule (-ise, -yse, -tre, a doubled l, -ogue) the words it applies to. A rule never
touches a word outside its list: ``rise``, ``promise`` and ``exercise`` are no -ize words,
``metre`` stays apart from ``meter`` (a device too), ``prise`` from ``prize``.

The table is read on the first word analysed, not at import (a query that analyses nothing, or
an index written before the table, never reads it); a word is then looked up by its last two
letters and its first four, after at most one prefix is cut off (``unfavourable``,
``denuclearisation``)."""

from __future__ import annotations

import functools

from searcher import data

# The version of the table and rules an analyzer applies, pickled with it in each index's schema
# (0: none, as before the table existed). Only 0 and this one are known: a change that alters
# any word's terms bumps SCHEMA_VERSION, so that `defsearch index` rebuilds, and comes with a new
# analysis setting (analysis.ANALYSIS) if old indexes must keep their terms exactly. (Setting 2
# added annualise, collateralise and virtualise: an index of setting 1 looks them up too until
# it is rebuilt.)
SPELLINGS = 1

_ISE = ("e", "es", "ed", "ing", "er", "ers", "ation", "ations", "ational", "ationally", "able",
        "ably", "ability")  # fmt: skip
_YSE = ("e", "es", "ed", "ing", "er", "ers", "able")
_TRE = ("less", "ly", "ness", "piece", "pieces", "fold", "folds", "line", "lines", "goer", "goers",
        "glass", "board", "boards", "point", "points")  # fmt: skip
_LL = ("ed", "ing", "ings", "er", "ers", "or", "ors", "ist", "ists", "ous", "ously")
# kind → (the end of the listed word that is cut off to give its stem, (British ending, American
# ending) after the stem, for each form)
RULES: dict[str, tuple[str, tuple[tuple[str, str], ...]]] = {
    "ise": ("ise", tuple(("is" + s, "iz" + s) for s in _ISE)),
    "yse": ("yse", tuple(("ys" + s, "yz" + s) for s in _YSE)),
    "tre": ("re", (("re", "er"), ("res", "ers"), ("red", "ered"), ("ring", "ering"),
                   *(("re" + s, "er" + s) for s in _TRE))),
    "ll": ("", tuple(("l" + s, s) for s in _LL)),
    "ogue": ("ue", (("ue", ""), ("ues", "s"), ("ued", "ed"), ("uing", "ing"), ("uer", "er"),
                    ("uers", "ers"))),
}  # fmt: skip
# Kinds whose British word begins every word it is the stem of (``honour``: ``honourable``,
# ``honouree``; ``sulph``: ``sulphate``), whatever follows: "our" (-our → -or) and "stem" (the
# American stem given).
STEMS = ("our", "stem")
_KEY = 4  # stems are found by their first letters, all of them this long at least
# A British form is also one after a prefix (``re`` + ``organisation``, ``un`` + ``favourable``).
PREFIXES = ("re", "un", "dis", "de", "mis", "non", "pre", "co", "over", "under", "counter", "anti",
            "post", "inter", "semi", "multi", "sub", "super", "hyper")  # fmt: skip
_STARTS = frozenset(p[:2] for p in PREFIXES)
_SHORTEST = 4  # the shortest form a prefix is cut off for


class _Table:
    """The data file as ``american`` reads it. (A plain class: a NamedTuple costs a quarter of a
    millisecond to define, on every process start.)"""

    __slots__ = ("bases", "endings", "kept", "stems", "words")

    def __init__(
        self,
        words: dict[str, str],
        kept: frozenset[str],
        bases: dict[str, frozenset[str]],
        stems: dict[str, tuple[tuple[str, str], ...]],
    ) -> None:
        self.words = words  # irregular British form → American
        self.kept = kept  # forms a rule gives that are other words
        self.bases = bases  # rule → the stems of its listed words (``organ`` of ``organise``)
        self.stems = stems  # first letters → (British stem, American stem), longest first
        # the last two letters of a rule's British ending → (ending, American ending, bases)
        self.endings: dict[str, list[tuple[str, str, frozenset[str]]]] = {}
        for kind, (_cut, pairs) in RULES.items():
            for uk, us in pairs:
                self.endings.setdefault(uk[-2:], []).append((uk, us, bases[kind]))


@functools.cache
def _table() -> _Table:
    """The data file, read on first use: a few hundred lines, a fifth of a millisecond (listing
    every form the rules give, as ``forms`` does, costs four times more)."""
    words: dict[str, str] = {}
    kept: set[str] = set()
    bases: dict[str, set[str]] = {kind: set() for kind in RULES}
    stems: dict[str, list[tuple[str, str]]] = {}
    cut = {kind: len(end) for kind, (end, _pairs) in RULES.items()}
    for line in data.read("spellings.tsv").splitlines():
        if not line or line[0] == "#":
            continue
        fields = line.split("\t")  # (kind, British word[, American word])
        kind, british = fields[0], fields[1]
        if kind == "word":
            words[british] = fields[2]
        elif kind == "our":
            stems.setdefault(british[:_KEY], []).append((british, british[:-3] + "or"))
        elif kind == "stem":
            stems.setdefault(british[:_KEY], []).append((british, fields[2]))
        elif kind == "keep":
            kept.add(british)
        else:
            bases[kind].add(british[: len(british) - cut[kind]])
    return _Table(
        words,
        frozenset(kept),
        {kind: frozenset(found) for kind, found in bases.items()},
        {k: tuple(sorted(v, key=lambda p: -len(p[0]))) for k, v in stems.items()},
    )


def _spelt(word: str, table: _Table) -> str | None:
    """The American spelling of a word the table gives one (None for any other): a listed form
    or a rule's, then a stem's (``colourised`` → ``colourized`` → ``colorized``)."""
    found = table.words.get(word)
    if found is not None or word in table.kept:
        return found
    for uk, us, bases in table.endings.get(word[-2:], ()):
        if word.endswith(uk) and word[: len(word) - len(uk)] in bases:
            found = word = word[: len(word) - len(uk)] + us
            break
    for uk, us in table.stems.get(word[:_KEY], ()):
        if word.startswith(uk):
            return us + word[len(uk) :]
    return found


def american(word: str) -> str:
    """The American spelling of a lower-case, accent-folded word (the word itself when the table
    gives it no other)."""
    table = _table()
    found = _spelt(word, table)
    if found is not None:
        return found
    if word[:2] in _STARTS and len(word) > _SHORTEST + 2:
        for prefix in PREFIXES:
            if word.startswith(prefix) and len(word) - len(prefix) >= _SHORTEST:
                found = _spelt(word[len(prefix) :], table)
                if found is not None:
                    return prefix + found
    return word


def forms() -> dict[str, str]:
    """Every British form the table gives (without a prefix; a stem as itself) → its American
    spelling: the whole table, for vetting it."""
    table = _table()
    out = dict(table.words)
    for pairs in table.stems.values():
        out.update(pairs)
    for kind, (_cut, pairs) in RULES.items():
        for base in table.bases[kind]:
            for uk, _us in pairs:
                if base + uk not in table.kept:
                    out[base + uk] = american(base + uk)
    return out
