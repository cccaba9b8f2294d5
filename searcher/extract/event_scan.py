"""Reading an article for the event finder cheaply: its sentences (cut and accent-folded once),
and which of the trigger expressions can match a sentence at all.

Most sentences report no contact, and most expressions cannot match most sentences: every
expression needs some words (``\\bmet\\b|\\bmeets\\b`` needs ``met`` or ``meets``). Those words
are read off each expression's parse tree (``event_needs.py``), so an expression runs only on a
sentence holding one of them: a substring test, against running the expression over the whole
sentence. The results are the same as running every expression on every sentence; only the
work differs (``tests/test_event_scan.py`` checks both on the corpora).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from operator import attrgetter
from typing import NamedTuple

from searcher.extract.event_needs import Need, needs, words_of
from searcher.regex_starts import compile_started
from searcher.text import fold, fold_aligned

__all__ = [
    "Need",
    "Plan",
    "Text",
    "Trigger",
    "Triggers",
    "needs",
    "sentences",
    "words_of",
]

_SENTENCE_END = re.compile(
    # a sentence ends after . ! or ? followed by space and a capital or an opening quote (not
    # after a title or an abbreviation), or glued on: "… combat.They shared"
    r"[.!?](?:"
    r"(?<!\bGen\.)(?<!\bSen\.)(?<!\bLt\.)(?<!\bCol\.)(?<!\bMaj\.)(?<!\bAdm\.)"
    r"(?<!\bLieut\.)(?<!\bBrig\.)(?<!\bCapt\.)(?<!\bMr\.)(?<!\bMrs\.)(?<!\bMs\.)(?<!\bDr\.)"
    r"(?<!\bNo\.)(?<!\bSt\.)(?<!\bU\.S\.)(?<!\bProf\.)(?<!\bSept\.)(?<!\bNov\.)(?<!\bDec\.)"
    r"(?<!\bOct\.)(?<!\bAug\.)(?<!\bJan\.)(?<!\bFeb\.)(?<!\b[A-Z]\.)\s+(?=[A-Z\"“])"
    r"|(?<=[a-z]{2}[.!?])(?=[A-Z][a-z]))"
)


class Text:
    """An article's headline and body, accent-folded once: ``folded`` and ``low`` (also
    lower-cased) hold both, a line apart; ``headline``: the headline folded ("" when none)."""

    def __init__(self, title: str | None, body: str) -> None:
        self.title = title
        self.body = body
        self.headline = fold(title) if title else ""
        self._body, self._aligned = fold_aligned(body)
        self.folded = f"{self.headline}\n{self._body}"
        self.low = self.folded.lower()

    def sentences(self) -> tuple[list[str], list[str]]:
        """(sentences, each folded): the headline, then the body's sentences, cut out of the
        folded body at the places they are cut from the body (when folding kept every
        character one character; else each sentence is folded on its own)."""
        out = [self.title] if self.title else []
        folded = [self.headline] if self.title else []
        whole = self._body if self._aligned else None
        start = 0
        for paragraph in self.body.split("\n"):
            cut = 0
            for m in _SENTENCE_END.finditer(paragraph):
                _piece(paragraph, start, cut, m.start() + 1, whole, out, folded)
                cut = m.end()
            _piece(paragraph, start, cut, len(paragraph), whole, out, folded)
            start += len(paragraph) + 1
        return out, folded


def sentences(title: str | None, body: str) -> tuple[list[str], list[str]]:
    """(sentences, each folded) of a headline and body (``Text.sentences``)."""
    return Text(title, body).sentences()


def _piece(
    paragraph: str,
    offset: int,
    begin: int,
    end: int,
    whole: str | None,
    out: list[str],
    folded: list[str],
) -> None:
    """Keep ``paragraph[begin:end]``, stripped, when anything is left of it."""
    raw = paragraph[begin:end]
    piece = raw.strip()
    if not piece:
        return
    out.append(piece)
    if whole is None:
        folded.append(fold(piece))
        return
    lead = len(raw) - len(raw.lstrip())
    at = offset + begin + lead
    folded.append(whole[at : at + len(piece)])


class Guarded:
    """An expression and what its matches need (``needs``): searched only in a text that
    meets them (the same results, for less)."""

    def __init__(self, pattern: re.Pattern[str]) -> None:
        self.pattern = pattern
        self.needs = needs(pattern.pattern, pattern.flags)

    def met(self, text: str, low: str | None = None, words: set[str] | None = None) -> bool:
        """Whether ``text`` (``low``: lower-cased, ``words``: its words, when known) meets
        the needs (False: the expression surely matches nothing in it)."""
        if not text.isascii() and CASE_TWINS.search(text) is not None:
            return True
        low = text.lower() if low is None else low
        if words is None and any(n.words for n in self.needs):
            words = words_of(low)
        return all(
            (words is not None and not words.isdisjoint(n.words))
            or any(map(low.__contains__, n.anywhere))
            for n in self.needs
        )

    def search(
        self, text: str, low: str | None = None, words: set[str] | None = None
    ) -> re.Match[str] | None:
        """``pattern.search(text)``, not run when the text (``low``: lower-cased, ``words``:
        its words, when known) cannot meet its needs."""
        return self.pattern.search(text) if self.met(text, low, words) else None


class Trigger:
    """One trigger expression of a kind, with what a sentence must hold for it to match."""

    __slots__ = ("bare", "cued", "kind", "needs", "order", "pattern", "tests")

    def __init__(self, kind: str, source: str, bare: bool, order: int) -> None:
        self.kind = kind
        # (ignoring case; looked for only where its first characters are: the same matches)
        self.pattern = compile_started(source, re.IGNORECASE)
        self.bare = bare  # (it names a contact only with a person after it)
        self.order = order  # (its place among all the kinds' expressions)
        self.needs = needs(source, re.IGNORECASE)  # (of the expression as written)
        self.tests: tuple[int, ...] = ()  # (its needs' numbers in ``Triggers``)
        self.cued = False  # (a sentence meeting its needs holds a cue of its kind)


class Triggers:
    """Every kind's trigger expressions and cue words (``event_words.CUES``: a kind is looked
    for only in a sentence holding one of its cues at the start of a word), and what the
    expressions need, looked up once a sentence: its words in a table of the words that meet
    a need, and substrings only for needs of strings that are not whole words."""

    def __init__(
        self,
        expressions: dict[str, list[str]],
        kinds: Iterable[str],
        needs_object: frozenset[str],
        cues: dict[str, tuple[str, ...]],
    ) -> None:
        self._all: list[Trigger] = []
        self._cues: dict[str, tuple[str, ...]] = {}
        numbers: dict[Need, int] = {}
        for kind in kinds:
            for p in expressions[kind]:
                t = Trigger(kind, p, p in needs_object, len(self._all))
                t.tests = tuple(numbers.setdefault(n, len(numbers)) for n in t.needs)
                # (a need of whole words that each begin with a cue: the cue is at a word's
                # start wherever the need is met)
                t.cued = any(
                    not n.anywhere and all(w.startswith(cues[kind]) for w in n.words)
                    for n in t.needs
                )
                self._all.append(t)
            self._cues[kind] = cues[kind]
        self._needs = list(numbers)
        self._by_word: dict[str, set[int]] = {}  # a word → the needs it meets
        for need, n in numbers.items():
            for word in need.words:
                self._by_word.setdefault(word, set()).add(n)
        # a need → the expressions that need it and need no substring (those are looked at only
        # when a word of the sentence meets one of their needs); the others always are
        self._by_need: dict[int, list[Trigger]] = {}
        self._loose: list[Trigger] = []
        for t in self._all:
            whole = [n for n in t.tests if not self._needs[n].anywhere]
            if whole:
                for n in whole:
                    self._by_need.setdefault(n, []).append(t)
            else:
                self._loose.append(t)
        words = sorted({c for kind_cues in cues.values() for c in kind_cues})
        # (no cue begins another: where the longer one starts, so would the shorter one, and
        # the kinds' cue lists are written as words, not as prefixes of each other)
        assert not any(a != b and b.startswith(a) for a in words for b in words), words
        self._starts = {c: re.compile(r"\b" + re.escape(c)) for c in words}

    def plan(self, folded: str, low: str, words: set[str] | None = None) -> Plan | None:
        """What a whole text (folded, and lower-cased; every sentence of it is part of it)
        may report: the expressions whose needs it meets, and the strings one of which a
        sentence must hold for one of them to match it (``words``: the text's, when known).
        None: no expression can match any sentence of it."""
        if not folded.isascii() and CASE_TWINS.search(folded) is not None:
            return Plan(frozenset(self._all), None)
        words = (words_of(low) if words is None else words).intersection(self._by_word)
        met: set[int] = set()
        for word in words:
            met |= self._by_word[word]
        looked = set(self._loose)
        for n in met:
            looked.update(self._by_need.get(n, ()))
        tested: dict[int, bool] = {}
        possible = [
            t for t in looked if all(n in met or self._holds(n, low, tested) for n in t.tests)
        ]
        if not possible:
            return None
        if any(not t.tests for t in possible):
            return Plan(frozenset(possible), None)
        keys: set[str] = set()
        for t in possible:
            for n in t.tests:
                keys.update(self._needs[n].words & words)
                keys.update(self._needs[n].anywhere)
        return Plan(frozenset(possible), tuple(sorted(keys)))

    def candidates(
        self, folded: str, low: str, plan: Plan | None = None, words: set[str] | None = None
    ) -> list[tuple[str, list[Trigger]]]:
        """(kind, its expressions that can match) of each kind, in order, that the sentence
        (folded, and lower-cased; ``words``: its words, when known) may report: it holds one
        of the kind's cues and what its expressions need (of those ``plan``, its text's,
        allows). An expression left out matches nothing in the sentence."""
        keys = plan.keys if plan is not None else None
        if keys is not None and not any(map(low.__contains__, keys)):
            return []  # (it holds none of the strings that could meet a need)
        if not folded.isascii() and CASE_TWINS.search(folded) is not None:
            found = self._all  # (then no expression is skipped)
        else:
            met: set[int] = set()
            by_word = self._by_word
            for word in (words_of(low) if words is None else words).intersection(by_word):
                met |= by_word[word]
            looked = set(self._loose)
            for n in met:
                looked.update(self._by_need.get(n, ()))
            if plan is not None:
                looked &= plan.possible
            tested: dict[int, bool] = {}
            found = [
                t
                for t in sorted(looked, key=_ORDER)
                if all(n in met or self._holds(n, low, tested) for n in t.tests)
            ]
        out: list[tuple[str, list[Trigger]]] = []
        starts = self._starts
        kinds: dict[str, list[Trigger]] = {}
        for t in found:
            kinds.setdefault(t.kind, []).append(t)
        for kind, triggers in kinds.items():
            if any(t.cued for t in triggers) or any(
                c in low and starts[c].search(low) for c in self._cues[kind]
            ):
                out.append((kind, triggers))
        return out

    def _holds(self, n: int, low: str, tested: dict[int, bool]) -> bool:
        """Whether the text holds one of need ``n``'s substrings (asked once a text)."""
        held = tested.get(n)
        if held is None:
            held = tested[n] = any(map(low.__contains__, self._needs[n].anywhere))
        return held


class Plan(NamedTuple):
    """What a text may report (``Triggers.plan``)."""

    possible: frozenset[Trigger]  # the expressions that may match a sentence of it
    keys: tuple[str, ...] | None  # a sentence holding none of these matches none (None: any may)


_ORDER = attrgetter("order")


# Characters a case-insensitive expression takes for an ASCII letter although their lower case
# is not it (dotted and dotless i, long s, the Kelvin sign): folding removes them all.
CASE_TWINS = re.compile("[\u0130\u0131\u017f\u212a]")
