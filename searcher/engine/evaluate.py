"""Query evaluation in bulk: every matching document and its BM25F score, in one pass.

Whoosh's collectors walk a tree of matcher objects one document at a time, and an exact total or
facet counts need a second walk over the same matches. Here a parsed Whoosh query becomes, per
segment, a dict ``{docnum: score}``: which documents match is found first, as sets (a term's
posting list read whole, in arrays; AND, OR, NOT as set operations in C), and BM25F is then
computed in one comprehension per term for the matching documents only; a phrase intersects its
terms before it checks positions on the few documents left. The formulas are Whoosh's own (its
scorer objects supply idf, average length, B and K1), so the documents and scores are those of
``searcher.search(q, limit=None, filter=f)`` wherever Whoosh's matchers are right
(``tests/test_evaluate.py``), and a brute-force truth on every shape ``tests/test_oracle.py``
generates, where they are not.

Whoosh's matchers are wrong on some shapes: ANDNOT keeps documents it should exclude or raises,
NOT can return a deleted document, ANDMAYBE inside an AND loses its second part's score, a
scaled OR's coordination changes as its collector runs (README, "Where our answers differ from
Whoosh's"). Every compound query is therefore evaluated here, a scaled OR's coordination too.
Only leaves without a bulk rule (phrases with slop, scored prefixes, ranges and wildcards, fuzzy
terms) and compound types the parser never builds (spans, DisjunctionMax, Otherwise) run
through Whoosh's own matcher.

The readers touch private parts of Whoosh 2.7 (a leaf matcher's blocks, the list matcher of
inlined postings, the per-document length column), which is why the version is pinned.
"""

from __future__ import annotations

from array import array
from collections.abc import Sequence
from functools import lru_cache
from itertools import compress, repeat
from operator import ge

from whoosh import query as Q
from whoosh.codec.whoosh3 import LENGTHS_COLUMN, W3LeafMatcher, _lenfield
from whoosh.matching import FilterMatcher, ListMatcher
from whoosh.reading import TermNotFound
from whoosh.scoring import BM25FScorer, WeightScorer
from whoosh.util.numeric import byte_to_length

from searcher.engine.codec import LeafMatcher
from searcher.scores import Scores, all_of, any_of, boosted

_LENGTH = [byte_to_length(b) for b in range(256)]


@lru_cache(maxsize=64)
def _norms(avgfl: float, B: float, K1: float) -> list[float]:
    """BM25F's length term ``K1 * (1 - B + B * length / avgfl)`` of each of the 256 length
    codes, worked out as the scorer does (the same floats): a look-up per posting, not four
    operations."""
    one_b = 1 - B
    return [K1 * (one_b + B * length / avgfl) for length in _LENGTH]


# Postings kept across the queries of one open index (ids and weights, 8 bytes a posting), and
# BM25 scores of whole posting lists (8 more): at most this many postings of each, the least
# recently used given up first. The searcher is one generation of the index, never changed, so
# what is kept is valid for its life (a new generation is a new searcher, with none kept).
KEEP_POSTINGS = 4_000_000
KEEP_SCORES = 2_000_000
# A list not yet scored is scored only where ``within`` (an AND's common documents, a filter)
# holds fewer than one in this many of its postings: two words' few common articles no
# longer pay for scoring each word's every posting (the whole list is scored, and kept for
# later queries, when ``within`` holds more).
SELECT_BELOW = 4


class _Kept(dict):
    """A dict of values sized in postings, holding at most ``limit`` postings (least recently
    used out first; a value larger than ``limit`` is not kept)."""

    def __init__(self, limit: int) -> None:
        super().__init__()
        self.limit = limit
        self.size = 0

    def find(self, key):
        value = self.pop(key, None)
        if value is not None:
            self[key] = value  # (most recently used: last)
        return value

    def keep(self, key, value, size: int) -> None:
        if size > self.limit:
            return
        old = self.pop(key, None)
        if old is not None:
            self.size -= old[0]
        while self and self.size + size > self.limit:
            self.size -= self.pop(next(iter(self)))[0]
        self[key] = (size, value)
        self.size += size


class _Postings:
    """One term's postings in a segment, whole: ids, weights and (on demand) encoded values."""

    __slots__ = ("ids", "tbytes", "values", "weights")
    ids: Sequence[int]
    weights: Sequence[float]
    values: Sequence | None
    tbytes: bytes

    def __init__(self, matcher, values: bool) -> None:
        if isinstance(matcher, FilterMatcher):  # deletions are removed by the caller
            matcher = matcher.child
        if isinstance(matcher, ListMatcher):  # postings inlined in the term info
            self.ids = list(matcher._ids)
            n = len(self.ids)
            w = matcher._weights
            self.weights = list(w) if w is not None else [matcher._all_weights or 1.0] * n
            self.values = list(matcher._values or (None,) * n) if values else None
            return
        if isinstance(matcher, LeafMatcher):  # this index's array blocks: whole lists at once
            self.ids, self.weights, self.values = matcher.postings(values)
            return
        if not isinstance(matcher, W3LeafMatcher):
            raise TypeError(f"unexpected postings reader {type(matcher).__name__}")
        ids: list[int] = []
        weights: list[float] = []
        vals: list = []
        m = matcher
        while True:
            m._read_ids()
            m._read_weights()
            ids.extend(m._ids)
            weights.extend(m._weights)
            if values:
                m._read_values()
                vals.extend(m._values)
            if m._lastblock:
                break
            m._goto(m._nextoffset)
        self.ids, self.weights, self.values = ids, weights, vals if values else None


class _Segment:
    """Per-segment state kept across queries: deletions and decoded field lengths."""

    def __init__(self, searcher, offset: int) -> None:
        self.searcher = searcher
        self.reader = searcher.reader()
        self.offset = offset
        self.deleted = frozenset(self.reader.deleted_docs_set or ())
        self._lengths: dict[str, bytes] = {}
        self._held: dict[str, frozenset[int]] = {}

    def length_codes(self, field: str) -> bytes:
        """The field's one-byte length code of every document (0 where it has none)."""
        codes = self._lengths.get(field)
        if codes is None:
            perdoc = self.reader._perdoc
            column = perdoc._cached_reader(_lenfield(field), LENGTHS_COLUMN)
            count = perdoc.doc_count_all()
            raw = b"" if column is None else column._dbfile.get(column._basepos, column._count)
            codes = self._lengths[field] = bytes(raw) + bytes(max(0, count - len(raw)))
        return codes

    def codes_held(self, field: str) -> frozenset[int]:
        """The length codes the field's documents have (0 for those without it)."""
        held = self._held.get(field)
        if held is None:
            held = self._held[field] = frozenset(self.length_codes(field))
        return held

    def all_docs(self) -> range:
        """Every document number (``Evaluator.scores`` drops the deleted ones for all rules)."""
        return range(self.reader.doc_count_all())


def _expands(q: Q.MultiTerm) -> bool:
    """Whether Whoosh's matcher for ``q`` is the OR of the terms it expands to (a prefix's
    is, unless empty: then it is every document with the field)."""
    matcher = type(q).matcher
    return matcher is Q.MultiTerm.matcher or (matcher is Q.Prefix.matcher and bool(q.text))


class Evaluator:
    """Evaluates queries against one open Whoosh searcher (reuse it: segment state is cached).

    Two passes over the query tree: ``_docs`` finds which documents match (sets, in C), and
    ``_eval`` scores them. An AND scores its parts only within the documents all of its parts
    match, so BM25 is computed for the matches rather than for every posting of every term; a
    filter narrows the query the same way. A term's postings are read once per query however
    often the query names it.
    """

    def __init__(self, searcher) -> None:
        self.searcher = searcher
        self.schema = searcher.schema
        self.weighting = searcher.weighting
        # (an index of no documents has one leaf whose reader is Whoosh's EmptyReader, which has
        # no deletions set nor postings: it is left out, and every query matches nothing)
        self.segments = [
            _Segment(s, offset)
            for s, offset in searcher.leaf_searchers()
            if s.reader().doc_count_all()
        ]
        self._read: dict[tuple, _Postings] = {}  # (this query's postings, values too)
        self._postings = _Kept(KEEP_POSTINGS)  # (seg, field, term) → postings without values
        self._bm25 = _Kept(KEEP_SCORES)  # (seg, field, term, boost) → each posting's score
        # (field, term) → its BM25F scorer's idf, average length, B and K1 (the whole index's:
        # a segment's scorer takes them from the top searcher), or None for another scorer
        self._scorers: dict[tuple, tuple | None] = {}
        self._absent: set[tuple] = set()  # (seg, field, term) of terms a segment does not have

    def scores(self, q: Q.Query, filter_q: Q.Query | None = None, scored: bool = True) -> Scores:
        """Global docnum → score for every document matching ``q`` (and ``filter_q``); with
        ``scored`` false the scores are all 1 and cost nothing."""
        out: Scores = {}
        self._read = {}
        try:
            for seg in self.segments:
                within = None if filter_q is None else self._docs(seg, filter_q, None)
                if within is not None and not within:
                    continue
                if scored:
                    found = self._eval(seg, q, within)
                else:
                    found = dict.fromkeys(self._docs(seg, q, within), 1.0)
                if seg.deleted:
                    for d in seg.deleted.intersection(found):
                        del found[d]
                if seg.offset:  # (global numbers: made in C, in the same order)
                    out.update(zip(map(seg.offset.__add__, found), found.values(), strict=True))
                else:
                    out.update(found)
        finally:
            self._read = {}
        return out

    # --- which documents match ------------------------------------------------------------

    def _docs(self, seg: _Segment, q: Q.Query, within: set | None) -> set[int]:
        """The documents matching ``q`` (only those in ``within``, when given)."""
        kind = type(q)
        if kind is Q.Term:
            return self._term_docs(seg, q.fieldname, q.text, within)
        if kind is Q.And:
            wanted = [s for s in q.subqueries if type(s) is not Q.Not]
            among = set(seg.all_docs()) if within is None and not wanted else within
            for s in wanted:  # each part only looks among the documents the earlier ones left
                among = self._docs(seg, s, among)
                if not among:
                    return set()
            found = set(among or ())
            for s in q.subqueries:
                if type(s) is Q.Not and found:
                    found.difference_update(self._docs(seg, s.query, found))
            return found
        if kind is Q.Or:  # (a scale changes scores only; Whoosh 2.7 ignores ``minmatch``)
            found = set()
            for s in q.subqueries:
                if type(s) is Q.Term and within is None:  # (its postings' ids, with no set between)
                    postings = self._term_postings(seg, s.fieldname, s.text)
                    if postings is not None:
                        found.update(postings.ids)
                else:
                    found.update(self._docs(seg, s, within))
            return found
        if kind is Q.Not:
            docs = set(seg.all_docs()) if within is None else set(within)
            return docs.difference(self._docs(seg, q.query, within))
        if kind is Q.AndMaybe:
            return self._docs(seg, q.a, within)
        if kind is Q.AndNot:
            found = self._docs(seg, q.a, within)
            return found.difference(self._docs(seg, q.b, found)) if found else found
        if kind is Q.Require:
            required = self._docs(seg, q.b, within)
            return self._docs(seg, q.a, required) if required else set()
        if kind is Q.Phrase and q.slop == 1:
            return set(self._phrase(seg, q, False, within))
        if q is Q.NullQuery or kind is Q.NullQuery.__class__:
            return set()
        if kind is Q.Every:
            if q.fieldname in (None, "", "*"):
                return set(seg.all_docs()) if within is None else set(within)
            return self._field_docs(seg, q.fieldname, within)
        if isinstance(q, Q.NumericRange):  # dates: an OR of term ranges
            return self._docs(seg, q._compile_query(seg.reader), within)
        if kind is Q.ConstantScoreQuery:
            return self._docs(seg, q.child, within)
        if isinstance(q, Q.MultiTerm) and _expands(q):
            found = set()
            for t in q._btexts(seg.reader):
                if t:
                    found.update(self._term_docs(seg, q.field(), t, within))
            return found
        found = set(self._whoosh(seg, q, False))
        return found if within is None else found.intersection(within)

    def _field_docs(self, seg: _Segment, field: str, within: set | None) -> set[int]:
        """The documents with any term in ``field`` (``field:*``): every posting list of the
        field read once, and not kept (there may be very many)."""
        found: set[int] = set()
        if field in self.schema:
            reader = seg.reader
            for t in reader.lexicon(field):
                found.update(_Postings(reader.postings(field, t), False).ids)
        return found if within is None else found.intersection(within)

    def _term_docs(self, seg: _Segment, field: str, text, within: set | None) -> set[int]:
        postings = self._term_postings(seg, field, text)
        if postings is None:
            return set()
        return set(postings.ids) if within is None else within.intersection(postings.ids)

    # --- their scores ---------------------------------------------------------------------

    def _eval(self, seg: _Segment, q: Q.Query, within: set | None) -> Scores:
        """The documents matching ``q`` (only those in ``within``, when given) with scores."""
        kind = type(q)
        if kind is Q.Term:
            return self._term(seg, q.fieldname, q.text, q.boost, within)
        if kind is Q.And:
            return self._and_not(seg, q, within)
        if kind is Q.Not:  # alone: every other document, each scoring 1 (as Whoosh's does)
            return dict.fromkeys(self._docs(seg, q, within), 1.0)
        if kind is Q.Or:
            found = self._or([self._eval(seg, s, within) for s in q.subqueries], q.boost)
            return self._coordinated(seg, q, found) if q.scale and found else found
        if kind is Q.AndMaybe:
            found = self._eval(seg, q.a, within)
            if found:
                for d, s in self._eval(seg, q.b, set(found)).items():
                    found[d] += s
            return found
        if kind is Q.AndNot:
            found = self._eval(seg, q.a, within)
            if found:
                for d in self._docs(seg, q.b, set(found)):
                    found.pop(d, None)
            return found
        if kind is Q.Require:
            required = self._docs(seg, q.b, within)
            return self._eval(seg, q.a, required) if required else {}
        if kind is Q.Phrase and q.slop == 1:
            return self._phrase(seg, q, True, within)
        if q is Q.NullQuery or kind is Q.NullQuery.__class__:
            return {}
        if kind is Q.Every:  # (Whoosh's is a list of the documents, each scoring the boost)
            return dict.fromkeys(self._docs(seg, q, within), float(q.boost))
        if isinstance(q, Q.NumericRange):  # dates: an OR of term ranges, maybe constant-scored
            return self._eval(seg, q._compile_query(seg.reader), within)
        if kind is Q.ConstantScoreQuery:
            return dict.fromkeys(self._docs(seg, q.child, within), float(q.score))
        found = self._whoosh(seg, q, True)
        return found if within is None else {d: s for d, s in found.items() if d in within}

    def _to_bytes(self, field: str, text) -> bytes | None:
        """A term as the index files it (None for a field or value the schema refuses)."""
        if field not in self.schema:
            return None
        try:
            return text if isinstance(text, bytes) else self.schema[field].to_bytes(text)
        except ValueError:
            return None

    def _term_postings(self, seg: _Segment, field: str, text, values: bool = False):
        """A term's postings in ``seg`` (read once per query), or None when it has none."""
        tbytes = self._to_bytes(field, text)
        if tbytes is None:
            return None
        key = (seg.offset, field, tbytes)
        postings = self._read.get(key)
        if postings is None and not values:
            kept = self._postings.find(key)
            postings = kept[1] if kept is not None else None
        if postings is None or (values and postings.values is None):
            if key in self._absent:
                return None
            try:  # (one look-up in the term table, not a test and then a read)
                matcher = seg.reader.postings(field, tbytes)
            except TermNotFound:
                self._absent.add(key)
                return None
            postings = _Postings(matcher, values)
            postings.tbytes = tbytes
            if values:  # (positions are read for this query only: they are large)
                self._read[key] = postings
            else:
                self._postings.keep(key, postings, len(postings.ids))
        return postings

    def _term(self, seg: _Segment, field: str, text, boost: float, within: set | None) -> Scores:
        postings = self._term_postings(seg, field, text)
        if postings is None:
            return {}
        return self._scored(seg, field, postings, boost, within)

    def _scored(self, seg: _Segment, field: str, postings, boost: float, within: set | None):
        """BM25F (or the weighting's own) score of each posting (in ``within``, when given)."""
        tbytes, ids, weights = postings.tbytes, postings.ids, postings.weights
        kind = self._kind(seg, field, tbytes)
        if kind is not None:  # BM25F, its terms worked out once per term
            key = (seg.offset, field, tbytes, boost)
            kept = self._bm25.find(key)
            if (
                (kept is None or len(kept[1]) != len(ids))
                and within is not None
                and (len(within) * SELECT_BELOW < len(ids))
            ):
                # (an AND's few common documents: only their postings scored, chosen in C;
                # the same floats, in posting order, and the whole list is left unscored)
                chosen = compress(zip(ids, weights, strict=True), map(within.__contains__, ids))
                return self._bm25_dict(seg, field, chosen, boost, kind)
            if kept is None or len(kept[1]) != len(ids):
                scores = self._bm25_of(seg, field, ids, weights, boost, kind)
                self._bm25.keep(key, scores, len(ids))
            else:
                scores = kept[1]
            if within is None:
                return dict(zip(ids, scores, strict=True))
            # (the postings in ``within``, in posting order, chosen in C)
            return dict(compress(zip(ids, scores, strict=True), map(within.__contains__, ids)))
        scorer = self.weighting.scorer(seg.searcher, field, tbytes)
        if type(scorer) is WeightScorer:
            out = {d: float(w) for d, w in zip(ids, weights, strict=True)
                   if within is None or d in within}  # fmt: skip
        else:  # another weighting model: ask it document by document
            m = seg.reader.postings(field, tbytes, scorer=scorer)
            out = {}
            while m.is_active():
                if within is None or m.id() in within:
                    out[m.id()] = m.score()
                m.next()
        return boosted(out, boost)

    def _kind(self, seg: _Segment, field: str, tbytes: bytes) -> tuple | None:
        """The term's BM25F idf, average length, B and K1 (the whole index's: a segment's
        scorer takes them from the top searcher), or None for another weighting."""
        try:
            return self._scorers[field, tbytes]
        except KeyError:
            scorer = self.weighting.scorer(seg.searcher, field, tbytes)
            kind = None
            if type(scorer) is BM25FScorer:
                kind = (scorer.idf, scorer.avgfl, scorer.B, scorer.K1)
            self._scorers[field, tbytes] = kind
            return kind

    @staticmethod
    def _bm25_of(seg: _Segment, field: str, ids, weights, boost: float, kind: tuple) -> array:
        """Each posting's BM25F score, Whoosh's formula as its scorer computes it (a boost, as a
        request word's weight, joins the idf: no second pass over the scores)."""
        idf, avgfl, B, K1 = kind
        idf = idf * boost
        k1p1 = K1 + 1
        codes, norms = seg.length_codes(field), _norms(avgfl, B, K1)
        return array(
            "d",
            [idf * ((w * k1p1) / (w + norms[codes[d]])) for d, w in zip(ids, weights, strict=True)],
        )

    @staticmethod
    def _bm25_dict(seg: _Segment, field: str, postings, boost: float, kind: tuple) -> Scores:
        """``{docnum: BM25F score}`` of (docnum, weight) pairs, by ``_bm25_of``'s formula."""
        idf, avgfl, B, K1 = kind
        idf = idf * boost
        k1p1 = K1 + 1
        codes, norms = seg.length_codes(field), _norms(avgfl, B, K1)
        return {d: idf * ((w * k1p1) / (w + norms[codes[d]])) for d, w in postings}

    def _and_not(self, seg: _Segment, q: Q.And, within: set | None) -> Scores:
        """AND: the documents every part matches first, then the parts' scores within them;
        ``NOT x`` parts are exclusions rather than documents to build."""
        wanted = [s for s in q.subqueries if type(s) is not Q.Not]
        if not wanted:
            return self._and([self._eval(seg, s, within) for s in q.subqueries], q.boost)
        common = self._docs(seg, q, within)
        if not common:
            return {}
        found = self._and([self._eval(seg, s, common) for s in wanted], 1.0)
        if len(wanted) < len(q.subqueries):
            # Whoosh's inverse matcher adds 1 to the score of every document it lets through
            nots = len(q.subqueries) - len(wanted)
            found = {d: v + nots for d, v in found.items()}
        return boosted(found, q.boost)

    _and = staticmethod(all_of)
    _or = staticmethod(any_of)

    # --- a scaled OR's coordination ---------------------------------------------------------

    def _coordinated(self, seg: _Segment, q: Q.Or, found: Scores) -> Scores:
        """A scaled OR's scores: Whoosh's coordination ("SQR", from Apple's V-Twin), which
        lifts documents matching more of the OR's ``n`` terms (those in this segment; a
        phrase counts its words, a prefix or range the terms it expands to) and lowers the
        rest: ``(score + (m - 1) / (n - scale)**2) * (n - 1) / n`` for ``m`` matching terms.

        Whoosh's CoordMatcher counts ``m`` on its matcher tree as its collector walks it,
        which goes wrong where its matchers do (ANDNOT) and changes ``n`` mid-run (every 10
        documents the collector drops the parts that have run out); here ``n`` and ``m``
        are counted on the query, for every document alike. A one-part OR has no
        coordination (Whoosh builds none)."""
        if len(q.subqueries) < 2:
            return found
        n = self._held(seg, q)
        if not n:
            return found
        scale = q.scale
        if n == scale:
            return dict.fromkeys(found, 0.0)
        matching = self._matching(seg, q, set(found))
        bonus, keep = (n - scale) ** 2, (n - 1) / n
        return {d: (s + (matching.get(d, 0) - 1) / bonus) * keep for d, s in found.items()}

    def _held(self, seg: _Segment, q: Q.Query) -> int:
        """How many term postings the segment has of the terms ``q`` names (deleted
        documents' too, as a term matcher exists for them)."""
        kind = type(q)
        if kind is Q.Term:
            return int(self._term_bytes(seg, q.fieldname, q.text) is not None)
        if kind is Q.Phrase:
            held = [self._term_bytes(seg, q.fieldname, w) for w in q.words]
            return len(held) if held and None not in held else 0
        if kind is Q.Not or kind is Q.ConstantScoreQuery:
            return self._held(seg, q.query if kind is Q.Not else q.child)
        if isinstance(q, Q.BinaryQuery):
            return self._held(seg, q.a) + self._held(seg, q.b)
        if isinstance(q, Q.CompoundQuery):
            return sum(self._held(seg, s) for s in q.subqueries)
        if isinstance(q, Q.NumericRange):
            return self._held(seg, q._compile_query(seg.reader))
        if isinstance(q, Q.MultiTerm) and _expands(q):
            return sum(1 for t in q._btexts(seg.reader) if t)
        if q is Q.NullQuery or isinstance(q, Q.Every):
            return 0
        return len(list(q.matcher(seg.searcher, seg.searcher.boolean_context()).term_matchers()))

    def _term_bytes(self, seg: _Segment, field: str, text) -> bytes | None:
        """A term's bytes, when the segment has it."""
        tbytes = self._to_bytes(field, text)
        return tbytes if tbytes is not None and (field, tbytes) in seg.reader else None

    def _matching(self, seg: _Segment, q: Q.Query, docs: set[int]) -> dict[int, int]:
        """For each of ``docs`` that ``q`` matches, how many of ``q``'s terms it matches: a
        NOT part's terms never count, an ANDMAYBE's second part's count where it matches."""
        kind = type(q)
        if kind is Q.Term:
            return dict.fromkeys(self._term_docs(seg, q.fieldname, q.text, docs), 1)
        if kind is Q.Phrase:
            return dict.fromkeys(self._docs(seg, q, docs), len(q.words))
        if kind is Q.Not or q is Q.NullQuery or isinstance(q, Q.Every):
            return {}
        if kind is Q.ConstantScoreQuery:
            return self._matching(seg, q.child, docs)
        if isinstance(q, Q.NumericRange):
            return self._matching(seg, q._compile_query(seg.reader), docs)
        if kind is Q.Or:
            parts = q.subqueries
        elif kind is Q.And:
            docs = self._docs(seg, q, docs)
            parts = q.subqueries
        elif kind is Q.AndNot:
            docs = self._docs(seg, q, docs)
            parts = [q.a]
        elif kind in (Q.AndMaybe, Q.Require):
            docs = self._docs(seg, q, docs)
            parts = [q.a, q.b]
        elif isinstance(q, Q.MultiTerm) and _expands(q):
            parts = [Q.Term(q.field(), t) for t in q._btexts(seg.reader) if t]
        else:  # another type: Whoosh's own count on its matcher, document by document
            m = q.matcher(seg.searcher, seg.searcher.boolean_context())
            out = {}
            while m.is_active():
                if m.id() in docs:
                    out[m.id()] = sum(1 for _ in m.matching_terms())
                m.next()
            return out
        counts: dict[int, int] = {}
        for part in parts:
            for d, n in self._matching(seg, part, docs).items():
                counts[d] = counts.get(d, 0) + n
        return counts

    # --- phrases ----------------------------------------------------------------------------

    def _phrase(self, seg: _Segment, q: Q.Phrase, scored: bool, within: set | None) -> Scores:
        """Consecutive words: intersect the terms' documents, then check positions there."""
        field = q.fieldname
        if field not in self.schema or not q.words:
            return {}
        fmt = self.schema[field].format
        if not fmt or not fmt.supports("positions"):
            return self._whoosh(seg, q, scored)  # Whoosh's own error message
        terms = []
        for word in q.words:
            postings = self._term_postings(seg, field, word, values=True)
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
        decode = fmt.decode_positions
        found = set()
        for d in candidates:
            starts = set(decode(values[0][d]))
            for i, vs in enumerate(values[1:], start=1):
                starts.intersection_update(p - i for p in decode(vs[d]))
                if not starts:
                    break
            if starts:
                found.add(d)
        if not scored:
            return dict.fromkeys(found, 1.0)
        total: Scores = dict.fromkeys(found, 0.0)
        for p in terms:
            for d, s in self._scored(seg, field, p, 1.0, found).items():
                total[d] += s
        return boosted(total, q.boost)

    def _whoosh(self, seg: _Segment, q: Q.Query, scored: bool) -> Scores:
        """Any other query, through Whoosh's matcher (deleted documents already left out)."""
        s = seg.searcher
        context = s.context() if scored else s.boolean_context()
        m = q.matcher(s, context)
        if not scored:
            return dict.fromkeys(m.all_ids(), 1.0)
        out: Scores = {}
        while m.is_active():
            out[m.id()] = m.score()
            m.next()
        return out


SAMPLE_FROM = 4_000  # (``top``: more scores than this are cut at a sample's k-th best first)
SAMPLE_SIZE = 512


def top(scores: Scores, k: int) -> list[tuple[int, float]]:
    """The ``k`` best (docnum, score): highest score first, ties by docnum (as Whoosh orders)."""
    import heapq

    if k <= 0 or not scores:
        return []
    if len(scores) > k:  # only documents scoring at least the k-th best can be in the page
        if len(scores) > SAMPLE_FROM and k <= SAMPLE_SIZE:
            # The k-th best of a sample is at most the k-th best of all: every document of the
            # page scores at least that, and few others do; those are chosen in C, and the
            # k-th best among them is the k-th best of all (heapq's loop over every score,
            # in Python, was the cost of a common word's page).
            values = list(scores.values())
            sample = sorted(values[:: max(1, len(values) // SAMPLE_SIZE)], reverse=True)
            low = sample[k - 1]  # (the sample holds at least k scores: SAMPLE_SIZE, or all)
            best = list(compress(scores.items(), map(ge, values, repeat(low))))  # (in C)
            if len(best) > k:
                kth = heapq.nlargest(k, [s for _, s in best])[-1]
                best = [item for item in best if item[1] >= kth]
            return sorted(best, key=lambda item: (-item[1], item[0]))[:k]
        kth = heapq.nlargest(k, scores.values())[-1]
        best = list(compress(scores.items(), map(ge, scores.values(), repeat(kth))))  # (in C)
        return sorted(best, key=lambda item: (-item[1], item[0]))[:k]
    return sorted(scores.items(), key=lambda item: (-item[1], item[0]))[:k]
