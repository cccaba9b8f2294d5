"""A query's matches and their BM25F scores over the segments read by ``segments.py``: the
rules of ``engine/evaluate.py`` (which documents match as sets, then each term's BM25F for the
matching documents only, in the same order of operations so that every score is the same
float) for the query types ``parse.py`` builds, with the statistics Whoosh's searcher gives its
scorers (idf and average field length of the whole index, deleted documents included).
"""

from __future__ import annotations

from bisect import insort
from math import log

from searcher.fast.parse import Query, Unsupported
from searcher.scores import Scores, all_of, any_of, boosted

TYPE_CHECKING = False  # (typing.TYPE_CHECKING without importing typing: ~2 ms a start)

if TYPE_CHECKING:
    from typing import Any

    from searcher.fast.segments import Postings, Segment

# Whoosh's ``util.numeric.byte_to_length`` (its table is this formula's values)
_LENGTH = [round((pow(1.033, n) - 1) * 27) for n in range(256)]
B, K1 = 0.75, 1.2  # (schema.weighting())
SCORED = frozenset(("title", "body"))  # scorable fields; the keyword fields score their weight
POSITIONS = frozenset(("title", "body"))  # fields with positions (phrases)


class Evaluator:
    """Evaluates queries against the segments of one index version."""

    def __init__(self, segments: list[Segment], fields: frozenset[str]) -> None:
        self.fields = fields  # the schema's indexed fields
        self.all = segments
        self.segments = [s for s in segments if s.doc_count_all]
        self._doc_count = sum(s.doc_count_all for s in segments)
        self._read: dict[tuple, Postings | None] = {}
        self._idf: dict[tuple[str, bytes], float] = {}

    def scores(self, q: Query) -> Scores:
        out: Scores = {}
        for seg in self.segments:
            found = self._eval(seg, q, None)
            if seg.deleted:
                for d in seg.deleted.intersection(found):
                    del found[d]
            if seg.offset:
                out.update({d + seg.offset: s for d, s in found.items()})
            else:
                out.update(found)
        return out

    # --- statistics ---------------------------------------------------------------------

    def _idf_of(self, field: str, tbytes: bytes) -> float:
        found = self._idf.get((field, tbytes))
        if found is None:
            df = 0
            for seg in self.all:
                info = seg.terminfo(field, tbytes) if seg.doc_count_all else None
                if info is not None:
                    df += seg.postings_df(info)
            n = self._doc_count
            found = self._idf[(field, tbytes)] = log(1 + (n - df + 0.5) / (df + 0.5))
        return found

    def _avgfl(self, field: str) -> float:
        total = sum(s.field_lengths.get(field, 0) for s in self.all)
        return (total / (self._doc_count or 1)) or 1

    # --- which documents match ----------------------------------------------------------

    def _docs(self, seg: Segment, q: Query, within: set | None) -> set[int]:
        kind = q[0]
        if kind == "term":
            return self._term_docs(seg, q[1], q[2], within)
        if kind == "and":
            wanted = [s for s in q[1] if s[0] != "not"]
            among = set(range(seg.doc_count_all)) if within is None and not wanted else within
            for s in wanted:
                among = self._docs(seg, s, among)
                if not among:
                    return set()
            found = set(among or ())
            for s in q[1]:
                if s[0] == "not" and found:
                    found.difference_update(self._docs(seg, s[1], found))
            return found
        if kind == "or":
            found = set()
            for s in q[1]:
                found.update(self._docs(seg, s, within))
            return found
        if kind == "not":
            docs = set(range(seg.doc_count_all)) if within is None else set(within)
            return docs.difference(self._docs(seg, q[1], within))
        if kind == "andmaybe":
            return self._docs(seg, q[1], within)
        if kind == "andnot":
            found = self._docs(seg, q[1], within)
            return found.difference(self._docs(seg, q[2], found)) if found else found
        if kind == "phrase":
            return set(self._phrase(seg, q, False, within))
        if kind == "null":
            return set()
        if kind == "every":
            return set(range(seg.doc_count_all)) if within is None else set(within)
        raise Unsupported(kind)

    def _term_docs(self, seg: Segment, field: str, text: str, within: set | None) -> set[int]:
        postings = self._postings(seg, field, text)
        if postings is None:
            return set()
        return set(postings.ids) if within is None else within.intersection(postings.ids)

    # --- their scores -------------------------------------------------------------------

    def _eval(self, seg: Segment, q: Query, within: set | None) -> Scores:
        kind = q[0]
        if kind == "term":
            return self._term(seg, q[1], q[2], q[3], within)
        if kind == "and":
            return self._and_not(seg, q, within)
        if kind == "not":
            return dict.fromkeys(self._docs(seg, q, within), 1.0)
        if kind == "or":
            return self._or([self._eval(seg, s, within) for s in q[1]], q[2])
        if kind == "andmaybe":
            found = self._eval(seg, q[1], within)
            if found:
                for d, s in self._eval(seg, q[2], set(found)).items():
                    found[d] += s
            return found
        if kind == "andnot":
            found = self._eval(seg, q[1], within)
            if found:
                for d in self._docs(seg, q[2], set(found)):
                    found.pop(d, None)
            return found
        if kind == "phrase":
            return self._phrase(seg, q, True, within)
        if kind == "null":
            return {}
        if kind == "every":
            return dict.fromkeys(self._docs(seg, q, within), 1.0)
        raise Unsupported(kind)

    def _postings(self, seg: Segment, field: str, text: str, values: bool = False) -> Any:
        if field not in self.fields:
            return None
        tbytes = text.encode("utf-8")
        key = (seg.offset, field, tbytes)
        if key in self._read:
            postings = self._read[key]
            if postings is None or not values or postings.values is not None:
                return postings
        info = seg.terminfo(field, tbytes)
        postings = None if info is None else seg.postings(info, values)
        self._read[key] = postings
        return postings

    def _term(self, seg: Segment, field: str, text: str, boost: float, within: set | None):
        postings = self._postings(seg, field, text)
        if postings is None:
            return {}
        return self._scored(seg, field, text.encode("utf-8"), postings, boost, within)

    def _scored(self, seg: Segment, field: str, tbytes: bytes, postings: Postings,
                boost: float, within: set | None) -> Scores:  # fmt: skip
        ids, weights = postings.ids, postings.weights
        if field in SCORED:
            idf, avgfl = self._idf_of(field, tbytes) * boost, self._avgfl(field)
            k1p1, one_b = K1 + 1, 1 - B
            codes, lengths = seg.length_codes(field), _LENGTH
            if within is None:
                return {
                    d: idf * ((w * k1p1) / (w + K1 * (one_b + B * lengths[codes[d]] / avgfl)))
                    for d, w in zip(ids, weights, strict=True)
                }
            return {
                d: idf * ((w * k1p1) / (w + K1 * (one_b + B * lengths[codes[d]] / avgfl)))
                for d, w in zip(ids, weights, strict=True)
                if d in within
            }
        out = {d: float(w) for d, w in zip(ids, weights, strict=True)
               if within is None or d in within}  # fmt: skip
        return boosted(out, boost)

    def _and_not(self, seg: Segment, q: Query, within: set | None) -> Scores:
        wanted = [s for s in q[1] if s[0] != "not"]
        if not wanted:
            return self._and([self._eval(seg, s, within) for s in q[1]], q[2])
        common = self._docs(seg, q, within)
        if not common:
            return {}
        found = self._and([self._eval(seg, s, common) for s in wanted], 1.0)
        if len(wanted) < len(q[1]):
            nots = len(q[1]) - len(wanted)
            found = {d: v + nots for d, v in found.items()}
        return boosted(found, q[2])

    _and = staticmethod(all_of)
    _or = staticmethod(any_of)

    def _phrase(self, seg: Segment, q: Query, scored: bool, within: set | None) -> Scores:
        field, words = q[1], q[2]
        if field not in POSITIONS or not words:
            raise Unsupported("a phrase in a field without positions")
        terms = []
        for word in words:
            postings = self._postings(seg, field, word, values=True)
            if postings is None:
                return {}
            terms.append(postings)
        candidates = set(terms[0].ids) if within is None else within.intersection(terms[0].ids)
        for p in terms[1:]:
            candidates.intersection_update(p.ids)
        if not candidates:
            return {}
        values = [
            {d: v for d, v in zip(p.ids, p.values, strict=True) if d in candidates} for p in terms
        ]
        found = set()
        for d in candidates:
            starts = set(_positions(values[0][d]))
            for i, vs in enumerate(values[1:], start=1):
                starts.intersection_update(p - i for p in _positions(vs[d]))
                if not starts:
                    break
            if starts:
                found.add(d)
        if not scored:
            return dict.fromkeys(found, 1.0)
        total: Scores = dict.fromkeys(found, 0.0)
        for word, p in zip(words, terms, strict=True):
            for d, s in self._scored(seg, field, word.encode("utf-8"), p, 1.0, found).items():
                total[d] += s
        return boosted(total, q[3])


def _positions(value: bytes) -> Any:
    """codec.Positions.decode_positions: the uint32 array after the count."""
    from array import array

    a = array("I")
    a.frombytes(value[4:])
    return a


def top(scores: Scores, k: int) -> list[tuple[int, float]]:
    """The ``k`` best (docnum, score): highest score first, ties by docnum (as Whoosh orders)."""
    if k <= 0 or not scores:
        return []
    if len(scores) > k:
        kth = kth_largest(list(scores.values()), k)
        scores = {d: s for d, s in scores.items() if s >= kth}
    return sorted(scores.items(), key=lambda item: (-item[1], item[0]))[:k]


def kth_largest(values: list[float], k: int) -> float:
    """``heapq.nlargest(k, values)[-1]`` (1 <= k <= len(values)) without importing heapq (0.3 ms
    a start): the least of the ``k`` largest, kept in order as the values go by."""
    best = sorted(values[:k])
    low = best[0]
    for value in values[k:]:
        if value > low:
            insort(best, value)
            del best[0]
            low = best[0]
    return low
