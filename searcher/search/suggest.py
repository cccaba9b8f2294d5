"""Did you mean: a query with its unknown words replaced by the nearest known ones.

A word is unknown when its index term is in no article: a word in either spelling of a known
one (``defence`` where articles say ``defense``) analyses to a known term, so it is never
"corrected" to the other spelling. A replacement is a word as the articles write it, not the
index term (``defense``, not ``defens``): of the words in a few articles holding the term, the
nearest to what was typed (``defnce`` → ``defence``, ``defnse`` → ``defense``).
"""

from __future__ import annotations

import re
from collections import Counter
from itertools import islice

from searcher.engine import queries as Q
from searcher.engine.analysis import TOKEN_PATTERN
from searcher.engine.reader import Reader

_WORD = re.compile(r"(?<![\w:])[^\W\d_]{3,}\b(?!:)")  # a word of three letters or more, no field
SAMPLE = 3  # articles read for the words that spell a term
SAMPLE_CHARS = 20_000  # of each article, at most


def suggestion(reader: Reader, text: str) -> str | None:
    """``text`` with each word the body has never seen replaced by the word spelling the most
    frequent body term within one edit (words of up to five letters) or two (longer), sharing
    its first two letters; None when no word changed."""
    changed = False
    out = text
    for word in set(_WORD.findall(text)):
        if word in ("AND", "OR", "NOT"):
            continue
        terms = reader.analyze("body", word)
        if len(terms) != 1 or reader.doc_frequency("body", terms[0]) > 0:
            continue
        term = terms[0].lower()
        if len(term) <= 2:  # folded and stemmed to almost nothing (``OEÐ`` → ``o``)
            continue
        maxdist = 1 if len(word) <= 5 else 2
        candidates = reader.terms_within("body", term, maxdist, prefix=2)
        if not candidates:
            continue
        best = max(candidates, key=lambda t: reader.doc_frequency("body", t))
        out = re.sub(rf"\b{re.escape(word)}\b", spelt(reader, best, word), out)
        changed = True
    return out if changed else None


def spelt(reader: Reader, term: str, typed: str) -> str:
    """The word of the articles that analyses to ``term`` nearest to ``typed`` (lower-cased;
    the term itself when none of the articles read has one)."""
    words: Counter[str] = Counter()
    starts = _starting(term[0])
    for docnum in islice(reader.scores(Q.term("body", term), scored=False), SAMPLE):
        body = reader.stored(docnum).get("body") or ""
        words.update(m.group().lower() for m in starts.finditer(body, 0, SAMPLE_CHARS))
    # (a possessive or an abbreviation analyses to the term too, but is not what to type)
    found = [w for w in words if w.isalpha() and reader.analyze("body", w) == [term]]
    if not found:
        return term
    typed = typed.lower()
    return min(found, key=lambda w: (distance(w, typed), -words[w], w))


def _starting(letter: str) -> re.Pattern:
    """Tokens (as TOKEN_PATTERN cuts them) that begin with ``letter`` or a non-ASCII letter:
    folding, spelling and stemming keep a word's first letter, so only these can analyse to a
    term that begins with it."""
    start = rf"(?=[{re.escape(letter)}]|[^\x00-\x7f])"
    return re.compile(r"(?<!\w)(?<!\w[.'’])" + start + TOKEN_PATTERN, re.I)


def distance(a: str, b: str) -> int:
    """Edits from ``a`` to ``b``: insertions, deletions, substitutions and swaps of two
    neighbouring letters (optimal string alignment)."""
    before: list[int] = []
    row = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        current = [i]
        for j, cb in enumerate(b, 1):
            cost = min(row[j] + 1, current[j - 1] + 1, row[j - 1] + (ca != cb))
            if i > 1 and j > 1 and ca == b[j - 2] and a[i - 2] == cb:
                cost = min(cost, before[j - 2] + 1)
            current.append(cost)
        before, row = row, current
    return row[-1]
