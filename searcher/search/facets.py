"""Facet counts over every match, from the per-document facet column written at index time.

Each document's facet values are one column value (``index.documents.encode_facets``). Counting
a large set of matches reads from a table built once per open index: the whole column read in
one piece per segment, and every document's values of the facets asked for as a tuple of small
ints (each distinct value interned once, decoded once), so a query's count is one ``Counter``
over those ints, in C, and only the distinct values counted are turned back into text. A few
matches before the table exists (a one-shot search) are read document by document instead, as
they always were: building the table costs about as much as reading a fifth of the documents.
Both ways count the same values. The open index is one version of the index, never changed, so
nothing kept here can go stale: a new version is a new ``Index``.
"""

from __future__ import annotations

import heapq
from bisect import bisect_right
from collections import Counter
from collections.abc import Collection, Iterable, Mapping
from itertools import chain, compress, repeat
from operator import ge
from typing import TYPE_CHECKING

from searcher.engine import FACET_FIELDS, FACET_SEP
from searcher.engine.reader import Reader

if TYPE_CHECKING:
    from searcher.engine.reader import Column

# Matches not yet read, as a share of all documents, from which the whole column is read
# (once) instead of those matches one by one: for the first count of an open index (a one-shot
# search), and for those after it (an index asked again is likely asked many times: batch mode,
# a library caller; at 221k the 20% share cost the first hundred warm queries 1.4 ms at p50).
TABLE_FROM = 0.2
TABLE_FROM_AGAIN = 0.02


class FacetCounter:
    """Counts facet values for sets of global document numbers of one open index."""

    def __init__(
        self, reader: Reader, table_from: float = TABLE_FROM, again: float = TABLE_FROM_AGAIN
    ) -> None:
        self._reader = reader
        self._table_from = table_from
        self._again = again
        self._asked = 0  # (counts asked so far)
        # read document by document (before the whole column is):
        self._starts: list[int] = []
        self._columns: list[Column] | None = None
        self._values: dict[int, tuple[bytes, ...]] = {}
        # the whole column: each document's raw value, then per set of facets asked for, each
        # document's interned values, and each interned value's (facet, text)
        self._raw: list[bytes] | None = None
        self._tables: dict[frozenset[int], list[tuple[int, ...]]] = {}
        self._ids: dict[bytes, int] = {}
        self._named: list[tuple[int, str]] = []
        self._live: int | None = None  # (live documents, when first asked)

    # --- document by document ------------------------------------------------------------------

    def _load(self, docnums: Iterable[int]) -> None:
        if self._columns is None:
            leaves = self._reader.leaf_columns("facets")
            self._starts = [start for start, _ in leaves]
            self._columns = [column for _, column in leaves]
        starts, columns, values = self._starts, self._columns, self._values
        for d in docnums:
            i = bisect_right(starts, d) - 1
            raw = columns[i][d - starts[i]]
            values[d] = tuple(raw.split(FACET_SEP)) if raw else ()

    def _tagged(self, docnums: Collection[int], stories: Mapping[int, int] | None) -> Counter:
        """Tagged value (bytes) → count, from the values read document by document."""
        values = self._values
        self._load([d for d in docnums if d not in values])
        if stories is None:
            return Counter(chain.from_iterable(map(values.__getitem__, docnums)))
        pairs = {(v, stories[d]) for d in docnums for v in values[d]}
        return Counter(v for v, _ in pairs)

    # --- from the table ----------------------------------------------------------------------

    def _table(self, tags: frozenset[int]) -> list[tuple[int, ...]]:
        """Each document's interned values of the facets tagged ``tags`` (built once)."""
        table = self._tables.get(tags)
        if table is None:
            if self._raw is None:
                self._raw = self._reader.column_values("facets")
            ids, named = self._ids, self._named
            by_raw: dict[bytes, tuple[int, ...]] = {b"": ()}
            table = []
            for raw in self._raw:
                found = by_raw.get(raw)
                if found is None:
                    kept = []
                    for value in raw.split(FACET_SEP):
                        if value and value[0] in tags:
                            i = ids.get(value)
                            if i is None:
                                i = ids[value] = len(named)
                                named.append((value[0], value[1:].decode("utf-8")))
                            kept.append(i)
                    found = by_raw[raw] = tuple(kept)
                table.append(found)
            self._tables[tags] = table
        return table

    def _use_table(self, docnums: Collection[int], tags: frozenset[int]) -> bool:
        """Whether to count from the table: once it exists, and from the query whose matches
        bring the documents read one by one (theirs and before) past ``table_from`` of all
        (``again`` of all from the second count on)."""
        if tags in self._tables or self._raw is not None:
            return True
        if len(docnums) < 64:  # (a few: never worth the table)
            return False
        if self._live is None:
            self._live = self._reader.doc_count()
        share = self._table_from if self._asked <= 1 else self._again
        return len(self._values) + len(docnums) >= share * max(1, self._live)

    def counts(
        self,
        docnums: Collection[int],
        names: Iterable[str],
        stories: Mapping[int, int] | None = None,
    ) -> dict[str, Counter[str]]:
        """``{facet: Counter(value -> matching documents)}`` for each facet in ``names``; with
        ``stories`` (document → its story's key), ``Counter(value -> distinct stories)``: a
        story counts once under a value any of its matching versions has."""
        counts: dict[str, Counter[str]] = {name: Counter() for name in names}
        if not counts or not docnums:
            return counts
        self._asked += 1
        wanted = {48 + FACET_FIELDS.index(name): counts[name] for name in counts}
        tags = frozenset(wanted)
        if not self._use_table(docnums, tags):
            for value, n in self._tagged(docnums, stories).items():
                counter = wanted.get(value[0])
                if counter is not None:
                    counter[value[1:].decode("utf-8")] = n
            return counts
        table = self._table(tags)
        if stories is None:
            tagged = Counter(chain.from_iterable(map(table.__getitem__, docnums)))
        else:
            pairs = {(v, stories[d]) for d in docnums for v in table[d]}
            tagged = Counter(v for v, _ in pairs)
        named = self._named
        for i, n in tagged.items():
            tag, text = named[i]
            wanted[tag][text] = n
        return counts

    def top(
        self, docnums: Collection[int], names: Iterable[str], limit: int
    ) -> dict[str, tuple[list[tuple[str, int]], int]] | None:
        """``{facet: (top_values(counts, limit), len(counts))}`` of what ``counts`` would count,
        most frequent first, or None when the counts must be made in full (``limit`` ≤ 0, or
        the matches are read document by document). Only the values shown are turned back
        into text: a common word's matches hold thousands of distinct officials and pairs,
        and naming each one cost more than counting them."""
        names = list(dict.fromkeys(names))
        if limit <= 0 or not names or not docnums:
            return None
        tags = frozenset(48 + FACET_FIELDS.index(name) for name in names)
        self._asked += 1  # (as ``counts`` counts the asking before it chooses)
        if not self._use_table(docnums, tags):
            self._asked -= 1  # (``counts`` counts it instead)
            return None
        table = self._table(tags)
        tagged = Counter(chain.from_iterable(map(table.__getitem__, docnums)))
        named = self._named
        keys = list(tagged)
        tag_of = [named[i][0] for i in keys]
        out = {}
        for name in names:
            tag = 48 + FACET_FIELDS.index(name)
            ids = list(compress(keys, map(tag.__eq__, tag_of))) if len(tags) > 1 else keys
            counts = list(map(tagged.__getitem__, ids))
            if len(ids) > limit:  # (the values counted at least as often as the limit-th)
                kth = sorted(counts, reverse=True)[limit - 1]
                ids = list(compress(ids, map(ge, counts, repeat(kth))))
            shown = sorted(((named[i][1], tagged[i]) for i in ids), key=_by_count)[:limit]
            out[name] = (shown, len(counts))
        return out


def _by_count(kv: tuple[str, int]) -> tuple[int, str]:
    return -kv[1], kv[0]


def top_values(counts: Mapping[str, int], limit: int, by: str = "count") -> list[tuple[str, int]]:
    """The first ``limit`` (value, count) of ``counts`` (all when ``limit`` ≤ 0) by count, most
    first and ties by value, or by value (``by`` "value"): the same as sorting them all and
    taking ``limit``, but only the values counted at least as often as the ``limit``-th most
    frequent are sorted."""
    if by == "value":
        return sorted(counts.items())[:limit] if limit > 0 else sorted(counts.items())
    if limit <= 0 or len(counts) <= limit:
        return sorted(counts.items(), key=_by_count)
    kth = heapq.nlargest(limit, counts.values())[-1]
    best = compress(counts.items(), map(ge, counts.values(), repeat(kth)))  # (in C)
    return sorted(best, key=_by_count)[:limit]
