"""Facet counts over every match, from the per-document facet column written at index time.

Each document's facet values are one column value (``index.documents.encode_facets``), so
counting is one read and one split per matching document, then a Counter over all of them; no per-query scan of
the index and none of Whoosh's per-facet sorting machinery. Values read are kept for the life of
the open index, so batch mode counts from memory after the first queries.
"""

from __future__ import annotations

from bisect import bisect_right
from collections import Counter
from collections.abc import Collection, Iterable, Mapping
from itertools import chain
from typing import TYPE_CHECKING

from searcher.engine import FACET_FIELDS, FACET_SEP
from searcher.engine.reader import Reader

if TYPE_CHECKING:
    from searcher.engine.reader import Column


class FacetCounter:
    """Counts facet values for sets of global document numbers of one open index."""

    def __init__(self, reader: Reader) -> None:
        self._reader = reader
        self._starts: list[int] = []
        self._columns: list[Column] | None = None
        self._values: dict[int, tuple[bytes, ...]] = {}

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
        values = self._values
        self._load([d for d in docnums if d not in values])
        if stories is None:
            tagged = Counter(chain.from_iterable(map(values.__getitem__, docnums)))
        else:
            pairs = {(v, stories[d]) for d in docnums for v in values[d]}
            tagged = Counter(v for v, _ in pairs)
        wanted = {48 + FACET_FIELDS.index(name): counts[name] for name in counts}
        for value, n in tagged.items():
            counter = wanted.get(value[0])
            if counter is not None:
                counter[value[1:].decode("utf-8")] = n
        return counts
