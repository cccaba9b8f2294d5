"""A page of the best matches without scoring every match: max-score for one word's fields.

A plain word is ``title:w OR body:w``. For a common word the body's list is long (20,000 to
80,000 postings at 221k) and scoring each posting in Python was most of the query; yet the page
comes from the title's matches, whose scores are several times the best any body posting can
reach. So the shorter lists of the OR are scored in full, their documents' scores in the long
list too (only those postings, chosen in C), and their totals give a lower bound ``theta`` of
the k-th best score; the long list's upper bound (its highest weight over the field's shortest
length, BM25F's formula) bounds every document only it matches. When that bound is below
``theta`` the page is among the documents already scored, with the exact floats the full
evaluation gives (each total summed in the same order as ``scores.any_of``); otherwise, or for
any other shape, the caller scores everything as before. The match set (for the count and the
facets) is the union of the posting lists' ids, made in C.
"""

from __future__ import annotations

from itertools import compress
from typing import TYPE_CHECKING

from whoosh import query as Q

from searcher.engine.evaluate import _norms, top
from searcher.scores import Scores

if TYPE_CHECKING:
    from collections.abc import Collection

    from searcher.engine.evaluate import Evaluator, _Segment

# The long list must be at least this many times the other lists together, and the OR this
# many matches, for the bound to be tried (below, scoring everything costs as little).
LONG_RATIO = 4
FROM_MATCHES = 2_000
_MARGIN = 1e-9  # (the bound is raised by this share: float rounding cannot put a posting above)


def page(ev: Evaluator, seg: _Segment, q: Q.Query, k: int) -> tuple[set[int], dict] | None:
    """(every live document ``q`` matches in ``seg``, the documents that can be in the best
    ``k`` with their exact scores: every one scoring at least the k-th best), or None when
    the shape or the bound does not allow it (the caller then scores every match)."""
    if type(q) is not Q.Or or q.scale or not q.boost > 0 or k <= 0:
        return None
    parts = []
    for s in q.subqueries:
        if type(s) is not Q.Term or not s.boost > 0:
            return None
        postings = ev._term_postings(seg, s.fieldname, s.text)
        if postings is not None and len(postings.ids):
            kind = ev._kind(seg, s.fieldname, postings.tbytes)
            if kind is None:
                return None
            parts.append((s, postings, kind))
    if len(parts) < 2:
        return None
    parts.sort(key=lambda part: len(part[1].ids), reverse=True)  # (as ``any_of`` orders them)
    (long_q, long_p, long_kind), rest = parts[0], parts[1:]
    if not long_kind[0] > 0:  # (a score that a longer document raises: no bound here)
        return None
    others = sum(len(p.ids) for _, p, _ in rest)
    if others * LONG_RATIO > len(long_p.ids) or len(long_p.ids) < FROM_MATCHES:
        return None
    scored = [ev._scored(seg, s.fieldname, p, s.boost, None) for s, p, _ in rest]
    candidates = set().union(*scored)
    if seg.deleted:
        candidates.difference_update(seg.deleted)
    if len(candidates) < k:
        return None
    ids = long_p.ids
    chosen = compress(zip(ids, long_p.weights, strict=True), map(candidates.__contains__, ids))
    long_scores = ev._bm25_dict(seg, long_q.fieldname, chosen, long_q.boost, long_kind)
    totals: Scores = {}
    for d in candidates:  # (summed as ``any_of`` sums: the longest list's score first)
        total = long_scores.get(d)
        for found in scored:
            s = found.get(d)
            if s is not None:
                total = s if total is None else total + s
        totals[d] = total  # type: ignore[assignment]  # (every candidate is in a list)
    if q.boost != 1.0:
        totals = {d: s * q.boost for d, s in totals.items()}
    theta = sorted(totals.values(), reverse=True)[k - 1]
    if _bound(seg, long_q, long_p, long_kind) * q.boost * (1 + _MARGIN) >= theta:
        return None
    matches = set(ids)
    for s in scored:
        matches.update(s)
    if seg.deleted:
        matches.difference_update(seg.deleted)
    return matches, {d: s for d, s in totals.items() if s >= theta}


def _bound(seg: _Segment, term: Q.Term, postings, kind: tuple) -> float:
    """The highest BM25F score any posting of the list can have: its highest weight over the
    field's shortest length (the score rises with the weight and falls with the length)."""
    idf, avgfl, B, K1 = kind
    w = max(postings.weights)
    norms = _norms(avgfl, B, K1)
    norm = min(norms[code] for code in seg.codes_held(term.fieldname))
    return idf * term.boost * ((w * (K1 + 1)) / (w + norm))


def ranked(
    ev: Evaluator, q: Q.Query, filter_q: Q.Query | None, k: int
) -> tuple[Collection[int], list[tuple[int, float]]]:
    """(every global document number ``q`` and ``filter_q`` match, the best ``k`` (docnum,
    score) as ``top(ev.scores(q, filter_q), k)`` gives them). Without a filter, a segment
    where ``page`` holds is not scored in full; any other is, and its best ``k`` join."""
    if filter_q is not None or k <= 0:
        scores = ev.scores(q, filter_q)
        return scores, top(scores, k)
    matches: set[int] = set()
    best: Scores = {}
    ev._read = {}
    try:
        for seg in ev.segments:
            found = page(ev, seg, q, k)
            held: Collection[int]
            if found is None:
                every = ev._eval(seg, q, None)
                if seg.deleted:
                    for d in seg.deleted.intersection(every):
                        del every[d]
                held, chosen = every.keys(), dict(top(every, k))
            else:
                held, chosen = found
            off = seg.offset
            matches.update(map(off.__add__, held) if off else held)
            best.update(
                zip(map(off.__add__, chosen), chosen.values(), strict=True) if off else chosen
            )
    finally:
        ev._read = {}
    return matches, top(best, k)
