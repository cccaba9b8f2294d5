"""The writer's postings until its segment is written: grouped by term, packed in bytes.

Whoosh's ``PostingPool`` keeps one ``(field, term, doc, weight, value)`` tuple per posting
(about 130 bytes each), sorts them all when the segment is flushed, and past its memory budget
sorts and spills runs to disk and merges them back a tuple at a time. A news article adds about
200 postings, so a writer of 110k articles held or spilled 22 million tuples.

``TermPool`` files each posting under its term as it arrives: a 12-byte record (doc, weight,
value length) followed by the value, appended to the term's ``bytearray``. Documents arrive in
order, so each term's records are already in document order; flushing sorts only the terms.
That is about 17 bytes a posting instead of 130, and no sort of postings. Past the budget the
terms are written to a run file (each term's bytes in one piece) and the runs are merged term by
term at the end. The interface is the one Whoosh's segment writer uses (``add``,
``iter_postings``: sorted postings, ``cleanup``), and ``add_field`` for writing.py and ``terms``
for codec.py, a field's and a term's postings at a time.
"""

from __future__ import annotations

import contextlib
import heapq
import marshal
import os
import struct
from collections.abc import Iterable, Iterator
from operator import itemgetter, lt
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from whoosh.codec.base import Segment
    from whoosh.filedb.filestore import Storage

_RECORD = struct.Struct("<ifI")  # doc, weight, value length (NONE: the value is None)
_NONE = 0xFFFFFFFF
_TERM_COST = 160  # a new term: its dict slot and bytearray (the term's bytes are shared)
_POSTING_COST = 14  # a record and the bytearray's spare room, besides the value itself
MAX_OPEN_RUNS = 64  # run files read at once when merging

Posting = tuple  # (field, term, doc, weight, value)
Columns = tuple[list[int], list[float], list[bytes | None]]  # one term's docs, weights, values


class TermPool:
    """Postings grouped by field and term, in memory up to ``limitmb``, then in run files of
    ``tempstore``. Each posting is read back in sorted order exactly once."""

    def __init__(
        self, tempstore: Storage, segment: Segment | None = None, limitmb: int = 128
    ) -> None:
        self.tempstore = tempstore
        self.segment = segment
        self.limit = limitmb * 1024 * 1024
        self.size = 0
        self.fields: dict[str, dict[bytes, bytearray]] = {}
        self.runs: list[str] = []
        self._made = 0

    def add(self, item: Posting) -> None:
        """One posting (Whoosh's interface: merged segments' postings come this way)."""
        field, term, doc, weight, value = item
        self.add_field(field, doc, ((term, 0, weight, value),))

    def add_field(
        self, field: str, doc: int, items: Iterable[tuple[bytes, int, float, bytes | None]]
    ) -> int:
        """The postings of one field of one document, ``(term, freq, weight, value)`` each, as
        ``add`` would file them one by one; returns the field's length (its frequencies)."""
        terms = self.fields.get(field)
        if terms is None:
            terms = self.fields[field] = {}
        pack = _RECORD.pack
        length = size = 0
        for term, freq, weight, value in items:
            records = terms.get(term)
            if records is None:
                records = terms[term] = bytearray()
                size += _TERM_COST + len(term)
            length += freq
            if value is None:
                records += pack(doc, weight, _NONE)
            else:
                records += pack(doc, weight, len(value))
                records += value
                size += len(value)
            size += _POSTING_COST
        self.size += size
        if self.size > self.limit:
            self.save()
        return length

    def save(self) -> None:
        """Write the terms held in memory to a new run file, in order, and forget them."""
        if not self.fields:
            return
        name = self._new_run_name()
        with self.tempstore.create_file(name) as f:
            for field, term, records in self._drain():
                marshal.dump((field, term, bytes(records)), f)
        self.runs.append(name)
        self.size = 0

    def _new_run_name(self) -> str:
        self._made += 1
        return f"{os.getpid()}-{id(self):x}-{self._made}.terms"

    def _drain(self) -> Iterator[tuple[str, bytes, bytearray]]:
        """The terms in memory in (field, term) order, each released once it is handed out."""
        fields, self.fields = self.fields, {}
        for field in sorted(fields):
            terms = fields.pop(field)
            for term in sorted(terms):
                yield field, term, terms.pop(term)

    def _read_run(self, name: str) -> Iterator[tuple[str, bytes, bytes]]:
        with self.tempstore.open_file(name).raw_file() as f:
            while True:
                try:
                    yield marshal.load(f)
                except EOFError:
                    return

    def terms(self) -> Iterator[tuple[str, bytes, Columns]]:
        """Every term in (field, term) order with its postings as columns (docs, weights,
        values) in document order. The segment writer's codec files these directly."""
        if not self.runs:
            for field, term, records in self._drain():
                yield field, term, _columns([records])
            return
        while len(self.runs) > MAX_OPEN_RUNS:  # merge the oldest runs into one, in order
            oldest, self.runs = self.runs[:MAX_OPEN_RUNS], self.runs[MAX_OPEN_RUNS:]
            name = self._new_run_name()
            with self.tempstore.create_file(name) as f:
                for field, term, chunks in _merged([self._read_run(r) for r in oldest]):
                    marshal.dump((field, term, b"".join(chunks)), f)
            self._remove(oldest)
            self.runs.insert(0, name)
        sources: list[Iterator[tuple[str, bytes, bytes | bytearray]]] = [
            self._read_run(name) for name in self.runs
        ]
        sources.append(self._drain())  # the newest documents last
        for field, term, chunks in _merged(sources):
            yield field, term, _columns(chunks)

    def iter_postings(self) -> SortedPostings:
        """Every posting, sorted by field, term, document (then weight and value), as Whoosh's
        pool gives them; codec.py's field writer takes them a term at a time instead."""
        return SortedPostings(self)

    def cleanup(self) -> None:
        """Remove the run files (after the segment is written, or when it is cancelled)."""
        self._remove(self.runs)
        self.runs = []

    def _remove(self, names: list[str]) -> None:
        for name in names:
            with contextlib.suppress(OSError):
                self.tempstore.delete_file(name)


class SortedPostings:
    """A pool's postings once: iterated as Whoosh's tuples, or as ``terms()``."""

    def __init__(self, pool: TermPool) -> None:
        self.terms = pool.terms

    def __iter__(self) -> Iterator[Posting]:
        for field, term, (docs, weights, values) in self.terms():
            for doc, weight, value in zip(docs, weights, values, strict=True):
                yield field, term, doc, weight, value


def _merged(
    sources: list[Iterator[tuple[str, bytes, bytes | bytearray]]],
) -> Iterator[tuple[str, bytes, list[bytes | bytearray]]]:
    """(field, term, record chunks) over sorted sources; a term's chunks in source order, which
    is document order (heapq.merge keeps equal keys in the order of their sources)."""
    current: tuple[str, bytes] | None = None
    chunks: list[bytes | bytearray] = []  # (never empty once ``current`` is set)
    for field, term, records in heapq.merge(*sources, key=itemgetter(0, 1)):
        if (field, term) != current:
            if current is not None:
                yield current[0], current[1], chunks
            current, chunks = (field, term), []
        chunks.append(records)
    if current is not None:
        yield current[0], current[1], chunks


def _columns(chunks: list[bytes | bytearray]) -> Columns:
    """One term's postings from its record chunks (oldest first): docs, weights, values, in
    document order."""
    docs: list[int] = []
    weights: list[float] = []
    values: list[bytes | None] = []
    unpack = _RECORD.unpack_from
    for records in chunks:
        view = memoryview(records)
        pos, end = 0, len(records)
        while pos < end:
            doc, weight, size = unpack(records, pos)
            pos += 12
            docs.append(doc)
            weights.append(weight)
            if size == _NONE:
                values.append(None)
            else:
                values.append(bytes(view[pos : pos + size]))
                pos += size
        view.release()
    if not all(map(lt, docs, docs[1:])):  # (a spelling word, or an odd merge: rare)
        rows = sorted(zip(docs, weights, values, strict=True), key=_posting_order)
        docs, weights, values = (list(c) for c in zip(*rows, strict=True))
    return docs, weights, values


def _posting_order(row: tuple) -> tuple:
    return row[0], row[1], row[2] or b""
