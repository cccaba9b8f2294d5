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
term at the end. The interface is the one Whoosh's segment writer uses: ``add``,
``iter_postings`` (sorted postings), ``cleanup``.
"""

from __future__ import annotations

import contextlib
import heapq
import marshal
import os
import struct
from collections.abc import Iterator
from operator import itemgetter

_RECORD = struct.Struct("<ifI")  # doc, weight, value length (NONE: the value is None)
_NONE = 0xFFFFFFFF
_TERM_COST = 160  # a new term: its dict slot and bytearray (the term's bytes are shared)
_POSTING_COST = 14  # a record and the bytearray's spare room, besides the value itself
MAX_OPEN_RUNS = 64  # run files read at once when merging

Posting = tuple  # (field, term, doc, weight, value)


class TermPool:
    """Postings grouped by field and term, in memory up to ``limitmb``, then in run files of
    ``tempstore``. Each posting is read back in sorted order exactly once."""

    def __init__(self, tempstore, segment=None, limitmb: int = 128) -> None:
        self.tempstore = tempstore
        self.segment = segment
        self.limit = limitmb * 1024 * 1024
        self.size = 0
        self.fields: dict[str, dict[bytes, bytearray]] = {}
        self.runs: list[str] = []
        self._made = 0

    def add(self, item: Posting) -> None:
        field, term, doc, weight, value = item
        terms = self.fields.get(field)
        if terms is None:
            terms = self.fields[field] = {}
        records = terms.get(term)
        if records is None:
            records = terms[term] = bytearray()
            self.size += _TERM_COST + len(term)
        if value is None:
            records += _RECORD.pack(doc, weight, _NONE)
            self.size += _POSTING_COST
        else:
            records += _RECORD.pack(doc, weight, len(value))
            records += value
            self.size += _POSTING_COST + len(value)
        if self.size > self.limit:
            self.save()

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

    def iter_postings(self) -> Iterator[Posting]:
        """Every posting, sorted by field, term, document (then weight and value)."""
        if not self.runs:
            for field, term, records in self._drain():
                yield from _postings(field, term, [records])
            return
        while len(self.runs) > MAX_OPEN_RUNS:  # merge the oldest runs into one, in order
            oldest, self.runs = self.runs[:MAX_OPEN_RUNS], self.runs[MAX_OPEN_RUNS:]
            name = self._new_run_name()
            with self.tempstore.create_file(name) as f:
                for field, term, chunks in _merged([self._read_run(r) for r in oldest]):
                    marshal.dump((field, term, b"".join(chunks)), f)
            self._remove(oldest)
            self.runs.insert(0, name)
        sources = [self._read_run(name) for name in self.runs]
        sources.append(self._drain())  # the newest documents last
        for field, term, chunks in _merged(sources):
            yield from _postings(field, term, chunks)

    def cleanup(self) -> None:
        """Remove the run files (after the segment is written, or when it is cancelled)."""
        self._remove(self.runs)
        self.runs = []

    def _remove(self, names: list[str]) -> None:
        for name in names:
            with contextlib.suppress(OSError):
                self.tempstore.delete_file(name)


def _merged(sources: list[Iterator]) -> Iterator[tuple[str, bytes, list]]:
    """(field, term, record chunks) over sorted sources; a term's chunks in source order, which
    is document order (heapq.merge keeps equal keys in the order of their sources)."""
    current, chunks = None, []
    for field, term, records in heapq.merge(*sources, key=itemgetter(0, 1)):
        if (field, term) != current:
            if chunks:
                yield current[0], current[1], chunks
            current, chunks = (field, term), []
        chunks.append(records)
    if chunks:
        yield current[0], current[1], chunks


def _postings(field: str, term: bytes, chunks: list) -> list[Posting]:
    """One term's postings from its record chunks (oldest first), in document order."""
    out = []
    unpack = _RECORD.unpack_from
    last = None
    ordered = True
    for records in chunks:
        view = memoryview(records)
        pos, end = 0, len(records)
        while pos < end:
            doc, weight, size = unpack(records, pos)
            pos += 12
            if size == _NONE:
                value = None
            else:
                value = bytes(view[pos : pos + size])
                pos += size
            if last is not None and doc <= last:
                ordered = False
            last = doc
            out.append((field, term, doc, weight, value))
        view.release()
    if not ordered:  # (a spelling word or a merge that adds out of order: rare)
        out.sort(key=lambda p: (p[2], p[3], p[4] or b""))
    return out
