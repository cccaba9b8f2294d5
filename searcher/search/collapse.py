"""Stories: the near-duplicate versions of one article, from the signatures written at index time.

A story is a connected group of articles, each the same story as another by the rule of
``index/stories.py`` (near-identical text, dates at most days apart). Nothing about a story is
stored beyond each article's own signature (the ``story`` column), so an added, changed or
deleted article changes its stories the moment it is committed, and no other article is
rewritten.

The stories of the whole index are found once per open index: every signature is read, and for
each LSH band (``ROWS`` bins of the signature, as bytes) the articles agreeing on it are found
with dicts and sets built in C (no pair of unrelated articles is compared); only those candidate pairs
are checked by the rule, and joined (union-find). A story is keyed by its smallest document
number; an article in no group is a story of its own.
"""

from __future__ import annotations

from collections import defaultdict
from itertools import compress
from operator import itemgetter, ne
from typing import TYPE_CHECKING

from searcher.index.stories import BANDS, BINS, EMPTY, HEAD, ROWS, Signature, decode, same_story

if TYPE_CHECKING:
    from collections.abc import Iterable

    from searcher.engine.reader import Reader

BUCKET_KEPT = 16  # members of a band bucket a member is compared with (template text)
_WIDTH = 2 * ROWS  # bytes of one band
_EMPTY = EMPTY.to_bytes(2, "little")


class Stories:
    """The stories of one open index (found at first use, kept for its life)."""

    def __init__(self, reader: Reader) -> None:
        self._reader = reader
        self._root: dict[int, int] | None = None  # docnum → its story's key (grouped only)
        self._members: dict[int, list[int]] = {}  # story key → its docnums, in order

    @property
    def available(self) -> bool:
        """Whether the index holds signatures (an index written before them has none)."""
        return "story" in getattr(self._reader.schema, "_fields", {})

    def _signatures(self) -> tuple[list[int], list[bytes]]:
        """(docnums, raw signatures) of every live document that has one."""
        docs: list[int] = []
        raws: list[bytes] = []
        if not self.available:
            return docs, raws
        size = HEAD + 2 * BINS
        leaves = self._reader.leaf_columns("story")
        for start, column in leaves:
            for i, raw in enumerate(map(column.__getitem__, range(len(column))), start):
                if len(raw) == size:
                    docs.append(i)
                    raws.append(raw)
        if self._reader.doc_count() < sum(len(column) for _, column in leaves):
            live = set(self._reader.docnums())  # (deleted documents keep their column values)
            kept = [n for n, d in enumerate(docs) if d in live]
            docs, raws = [docs[n] for n in kept], [raws[n] for n in kept]
        return docs, raws

    def _group(self) -> dict[int, int]:
        if self._root is not None:
            return self._root
        docs, raws = self._signatures()
        parent = list(range(len(docs)))

        def root(i: int) -> int:
            while parent[i] != i:
                parent[i] = parent[parent[i]]
                i = parent[i]
            return i

        signatures: dict[int, Signature] = {}

        def sig(i: int) -> Signature:
            found = signatures.get(i)
            if found is None:
                decoded = decode(raws[i])
                assert decoded is not None  # (only well-formed values are read)
                found = signatures[i] = decoded
            return found

        n = len(raws)
        for b in range(BANDS):
            at = HEAD + b * _WIDTH
            keys = list(map(itemgetter(slice(at, at + _WIDTH)), raws))
            last = dict(zip(keys, range(n), strict=True))
            if len(last) == n:  # (no two articles agree on this band)
                continue
            # (a key found before its last place is shared; the shared keys and their places
            # are picked out by compress over maps: the scans run in C)
            shared = {
                k
                for k in set(compress(keys, map(ne, map(last.__getitem__, keys), range(n))))
                if not any(k[j : j + 2] == _EMPTY for j in range(0, _WIDTH, 2))
            }
            buckets: dict[bytes, list[int]] = defaultdict(list)
            for i in compress(range(n), map(shared.__contains__, keys)):
                buckets[keys[i]].append(i)
            for members in buckets.values():
                kept: list[int] = []
                for i in members:
                    for other in kept:
                        x, y = root(i), root(other)
                        if x != y and same_story(sig(i), sig(other)):
                            parent[max(x, y)] = min(x, y)
                    if len(kept) < BUCKET_KEPT:
                        kept.append(i)
        grouped: dict[int, int] = {}
        stories: dict[int, list[int]] = defaultdict(list)
        joined = {root(i) for i in range(len(docs)) if parent[i] != i}  # (roots of groups)
        for i, d in enumerate(docs):
            if parent[i] != i or i in joined:
                stories[docs[root(i)]].append(d)
        for key, found in stories.items():
            if len(found) > 1:
                self._members[key] = found
                for d in found:
                    grouped[d] = key
        self._root = grouped
        return grouped

    def groups(self, docnums: Iterable[int]) -> dict[int, int]:
        """Each of ``docnums`` → its story's key (the smallest document number among its
        versions in the index)."""
        grouped = self._group()
        return {d: grouped.get(d, d) for d in docnums}

    def versions(self, docnum: int) -> list[int]:
        """The document numbers of the story of ``docnum`` (itself first, then in document
        order)."""
        key = self._group().get(docnum)
        if key is None:
            return [docnum]
        return [docnum, *(d for d in self._members[key] if d != docnum)]
