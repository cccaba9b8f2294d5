"""Did you mean: a query with its unknown words replaced by the nearest known ones."""

from __future__ import annotations

import re

from searcher.engine.reader import Reader

_WORD = re.compile(r"(?<![\w:])[^\W\d_]{3,}\b(?!:)")  # a word of three letters or more, no field


def suggestion(reader: Reader, text: str) -> str | None:
    """``text`` with each word the body has never seen replaced by the most frequent body term
    within one edit (words of up to five letters) or two (longer), sharing its first two
    letters; None when no word changed."""
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
        maxdist = 1 if len(term) <= 5 else 2
        candidates = reader.terms_within("body", term, maxdist, prefix=2)
        if not candidates:
            continue
        best = max(candidates, key=lambda t: reader.doc_frequency("body", t))
        out = re.sub(rf"\b{re.escape(word)}\b", best, out)
        changed = True
    return out if changed else None
