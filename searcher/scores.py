"""Per-document score maps (``{docnum: score}``) combined as a query's AND and OR combine them,
and boosted: the set arithmetic both evaluators share (``engine/evaluate.py`` with Whoosh,
``fast/evaluate.py`` without it), so it imports nothing."""

from __future__ import annotations

Scores = dict[int, float]


def boosted(scores: Scores, boost: float) -> Scores:
    """Scores times a query's boost (Whoosh multiplies after summing, and so do we)."""
    return scores if boost == 1.0 else {d: s * boost for d, s in scores.items()}


def all_of(found: list[Scores], boost: float) -> Scores:
    """The documents in every map, their scores summed, then boosted."""
    if not found:
        return {}
    found = sorted(found, key=len)
    out = found[0]
    for other in found[1:]:
        if not out:
            break
        out = {d: s + other[d] for d, s in out.items() if d in other}
    return boosted(out, boost)


def any_of(found: list[Scores], boost: float) -> Scores:
    """The documents in any map, their scores summed, then boosted."""
    found = [f for f in found if f]
    if not found:
        return {}
    found.sort(key=len, reverse=True)
    out = dict(found[0])
    get = out.get
    for other in found[1:]:
        for d, s in other.items():
            out[d] = get(d, 0.0) + s
    return boosted(out, boost)
