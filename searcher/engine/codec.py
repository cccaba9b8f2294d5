"""Whoosh's W3 codec with posting blocks that are cheap to write and to read.

W3 stores every block of postings as a pickled ``(ids, weights, values)`` tuple, zlib-compressed,
behind a pickled info tuple. Reading which documents hold a term therefore unpickles their
positions too, and writing pays two pickles and a compression per block (most terms of a news
corpus are rare: one small block each) plus a field-length column lookup per posting.

Here a block is a fixed header and arrays::

    header  <iIIfBBB   signed size of the rest (negative: last block), postings, last id,
                       highest weight, flags, shortest and longest field length (length bytes)
    ids     uint32 × n
    weights float32 × n   (absent when every weight is 1.0)
    values  uint32 lengths × n, then the bytes (zlib-compressed as one piece when large)

so a term's documents and weights are two array reads, positions are touched only by phrases, and
a term in fewer than ``INLINE`` documents lives in the term table with no block at all. Files,
term table, columns and stored fields are W3's own; the matcher is W3's, reading this layout, so
every Whoosh query type works unchanged. Weights are float32 as in W3, so scores are identical.
``Positions`` (the text fields' format) stores a posting's positions as a uint32 array instead
of a pickled list of gaps. The stored-fields column writes its offsets, so opening it reads them
instead of summing every document's length in Python.
"""

from __future__ import annotations

import struct
import sys
import zlib
from array import array
from collections.abc import Iterator, Sequence
from itertools import accumulate, pairwise

from whoosh import formats
from whoosh.codec import whoosh3
from whoosh.codec.whoosh3 import (
    LENGTHS_COLUMN,
    W3Codec,
    W3FieldWriter,
    W3LeafMatcher,
    W3PerDocReader,
    W3PerDocWriter,
    W3PostingsWriter,
    _lenfield,
)
from whoosh.matching import ListMatcher
from whoosh.util.numeric import byte_to_length, length_to_byte

from searcher.engine.pool import SortedPostings

HEAD = struct.Struct("<iIIfBBB")
WEIGHTS = 1  # flag: the block stores its weights (otherwise all are 1.0)
PACKED = 2  # flag: the values part is zlib-compressed
INLINE = 4  # posting lists shorter than this are kept in the term table
PACK_FROM = 256  # values parts of at least this many bytes are compressed
_LENGTH = [byte_to_length(b) for b in range(256)]
_SWAP = sys.byteorder != "little"


def _array(code: str, data) -> array:
    a = array(code)
    a.frombytes(data)
    if _SWAP:
        a.byteswap()
    return a


def _bytes(a: array) -> bytes:
    if _SWAP:
        a = array(a.typecode, a)
        a.byteswap()
    return a.tobytes()


class Positions(formats.Positions):
    """Whoosh's positions format with each posting's positions as a uint32 array after the
    count, instead of a pickled list of gaps: no pickling per posting when writing, one array
    read per posting when a phrase checks positions."""

    def encode(self, poslist) -> bytes:
        if len(poslist) == 1 and not _SWAP:  # most words occur once in a document
            return _ONCE + _POSITION.pack(poslist[0])
        return _COUNT.pack(len(poslist)) + _bytes(array("I", poslist))

    def decode_positions(self, valuestring: bytes) -> array:
        return _array("I", valuestring[4:])


_COUNT = struct.Struct("!I")  # W3's frequency prefix (read by decode_frequency)
_ONCE = _COUNT.pack(1)
_POSITION = struct.Struct("=I")


class Codec(W3Codec):
    """W3 with this module's posting blocks; pickled in each segment, so indexes name it."""

    def __init__(self, blocklimit: int = 128, compression: int = 3, inlinelimit: int = INLINE):
        super().__init__(blocklimit, compression, inlinelimit)

    def per_document_writer(self, storage, segment):
        return PerDocWriter(self, storage, segment)

    def field_writer(self, storage, segment):
        return FieldWriter(self, storage, segment)

    def postings_writer(self, dbfile, byteids=False):
        if byteids:  # term vectors (not used by this index) keep W3's layout
            return super().postings_writer(dbfile, byteids=True)
        return PostingsWriter(dbfile, self._blocklimit, compression=self._compression,
                              inlinelimit=self._inlinelimit)  # fmt: skip

    def postings_reader(self, dbfile, terminfo, format_, term=None, scorer=None):
        if terminfo.is_inlined():
            ids, weights, values = terminfo.inlined_postings()
            return InlineMatcher(ids, weights, values or None, format_, scorer=scorer, term=term,
                                 terminfo=terminfo)  # fmt: skip
        offset, length = terminfo.extent()
        return LeafMatcher(dbfile, offset, length, format_, term=term, scorer=scorer)


class PerDocWriter(W3PerDocWriter):
    """W3's, but the stored-fields column writes its offsets, however few the documents: a
    reader then reads them instead of summing every document's length as it opens."""

    def __init__(self, codec, storage, segment):
        super().__init__(codec, storage, segment)
        self._colwriters["_stored"]._child.cutoff = 0


class InlineMatcher(ListMatcher):
    """Postings kept in the term table. A field without values reads None, as from a block
    (Whoosh's list matcher says "", which its own merge then rejects)."""

    def value(self):
        return None if self._values is None else super().value()


class FieldWriter(W3FieldWriter):
    """W3's field writer, filing postings with each field's lengths read once, not per posting."""

    def add_postings(self, schema, lengths, items):
        if not isinstance(lengths, W3PerDocReader):  # (only this codec's segments are written)
            raise TypeError(f"lengths from {type(lengths).__name__}, not this codec's")
        terms = items.terms() if isinstance(items, SortedPostings) else _terms_of(items)
        return self._add_terms(schema, lengths, terms)

    def _add_terms(self, schema, lengths, terms) -> None:
        """Each term's postings, as columns (from pool.py, or grouped by ``_terms_of``), go into
        the blocks without a call per posting."""
        lastfn = None
        codes = b""
        for fieldname, btext, (docs, weights, values) in terms:
            if fieldname != lastfn:
                if lastfn is not None:
                    self.finish_field()
                self.start_field(fieldname, schema[fieldname])
                codes, lastfn = _length_codes(lengths, fieldname), fieldname
            if docs[0] == -1:  # spelling-only postings (sorted first): not filed
                k = docs.count(-1)
                docs, weights, values = docs[k:], weights[k:], values[k:]
                if not docs:
                    continue
            self.start_term(btext)
            n = len(codes)
            self._postwriter.add_columns(
                docs, weights, values, [_LENGTH[codes[d]] if d < n else 0 for d in docs]
            )
            self.finish_term()
        if lastfn is not None:
            self.finish_field()


def _terms_of(items) -> Iterator[tuple[str, bytes, tuple[list, list, list]]]:
    """Sorted ``(field, term, doc, weight, value)`` postings (Whoosh's pool) as pool.py gives
    them: ``(field, term, (docs, weights, values))`` a term at a time."""
    last = None
    docs: list = []
    weights: list = []
    values: list = []
    for fieldname, btext, docnum, weight, value in items:
        if last is None or btext != last[1] or fieldname != last[0]:
            if last is not None:
                if fieldname < last[0]:
                    raise whoosh3.base.OutOfOrderError(f"field {last[0]!r} .. {fieldname!r}")
                if fieldname == last[0] and btext < last[1]:
                    raise whoosh3.base.OutOfOrderError(f"term {last[1]!r} .. {btext!r}")
                yield last[0], last[1], (docs, weights, values)
            last, docs, weights, values = (fieldname, btext), [], [], []
        docs.append(docnum)
        weights.append(weight)
        values.append(value)
    if last is not None:
        yield last[0], last[1], (docs, weights, values)


def _length_codes(lengths: W3PerDocReader, fieldname: str) -> bytes:
    """Every document's one-byte length code for ``fieldname`` (empty when it has none)."""
    column = lengths._cached_reader(_lenfield(fieldname), LENGTHS_COLUMN)
    if column is None:
        return b""
    return bytes(column._dbfile.get(column._basepos, column._count))


class PostingsWriter(W3PostingsWriter):
    """Buffers a term's postings and writes them as blocks of arrays (see the module doc)."""

    _terminfo: whoosh3.W3TermInfo | None  # the term being written (None between terms)
    _ids: array
    _weights: array
    _values: list[bytes]
    _lengths: list[int]

    def __init__(self, postfile, blocklimit: int, compression: int = 3, inlinelimit: int = INLINE):
        super().__init__(postfile, blocklimit, False, compression, inlinelimit)

    def start_postings(self, format_, terminfo):
        super().start_postings(format_, terminfo)
        self._fixedsize = format_.fixed_value_size()

    def _new_block(self):
        self._ids = array("I")
        self._weights = array("f")
        self._values = []
        self._lengths = []

    def add_posting(self, id_, weight, vbytes, length=None):
        """(Whoosh's one-posting entry; every posting comes through ``add_columns`` instead,
        and the parent's version would write to buffers this class does not use.)"""
        raise NotImplementedError("postings are filed by add_columns")

    def add_columns(self, ids: list, weights: list, values: list, lengths: list) -> None:
        """A term's postings, filling blocks a slice at a time."""
        limit, n, i = self._blocklimit, len(ids), 0
        while i < n:
            if len(self._ids) >= limit:
                self._write_block()
            j = min(n, i + limit - len(self._ids))
            self._ids.extend(ids[i:j])
            self._weights.extend(weights[i:j])
            self._values.extend(v for v in values[i:j] if v)
            self._lengths.extend(lengths[i:j])
            i = j

    def finish_postings(self):
        terminfo = self._terminfo
        assert terminfo is not None  # (start_postings set it)
        if not self.written() and len(self._ids) < self._inlinelimit:
            terminfo.add_block(self)
            terminfo.set_inlined(self._ids, self._weights, self._values)
        else:
            if self._ids:
                self._write_block(last=True)
            terminfo.set_extent(self._startoffset, self._postfile.tell() - self._startoffset)
        self._terminfo = None
        return terminfo

    def _write_block(self, last: bool = False):
        assert self._terminfo is not None  # (only called within a term)
        self._terminfo.add_block(self)
        ids, weights, n = self._ids, self._weights, len(self._ids)
        flags = 0
        parts = [_bytes(ids)]
        if weights.count(1.0) != n:
            flags |= WEIGHTS
            parts.append(_bytes(weights))
        fixed = self._fixedsize
        if fixed is None or fixed < 0:
            values = _bytes(array("I", map(len, self._values))) + b"".join(self._values)
        else:
            values = b"".join(self._values) if fixed else b""
        if self._compression and len(values) >= PACK_FROM:
            values = zlib.compress(values, self._compression)
            flags |= PACKED
        parts.append(values)
        data = b"".join(parts)
        size = -len(data) if last else len(data)
        self._postfile.write(HEAD.pack(size, n, ids[-1], self.max_weight(), flags,
                                       length_to_byte(self.min_length()),
                                       length_to_byte(self.max_length())))  # fmt: skip
        self._postfile.write(data)
        self._blockcount += 1
        self._new_block()

    def min_length(self):
        return min(self._lengths) if self._lengths else None

    def max_length(self):
        return max(self._lengths) if self._lengths else 0

    def max_weight(self):
        return max(self._weights) if self._weights else 0


class LeafMatcher(W3LeafMatcher):
    """W3's matcher over this module's blocks; ``postings()`` reads a whole list at once."""

    # The current block's, each read when first asked for (None until then).
    _ids: array | None
    _weights: array | None
    _values: Sequence[bytes | None] | None

    def _read_header(self):
        self._baseoffset = self._startoffset

    def _goto(self, position):
        self._data = self._ids = self._weights = self._values = None
        self._i = 0
        size, n, maxid, maxweight, flags, lo, hi = HEAD.unpack(
            self._postfile.get(position, HEAD.size)
        )
        if size < 0:
            self._lastblock = True
            size = -size
        self._dataoffset = position + HEAD.size
        self._nextoffset = self._dataoffset + size
        self._blocklength, self._maxid, self._maxweight, self._flags = n, maxid, maxweight, flags
        self._compression = flags & PACKED
        self._minlength, self._maxlength = _LENGTH[lo], _LENGTH[hi]

    def _read_ids(self):
        self._ids = _array("I", self._postfile.get(self._dataoffset, 4 * self._blocklength))

    def _read_weights(self):
        n = self._blocklength
        if self._flags & WEIGHTS:
            self._weights = _array("f", self._postfile.get(self._dataoffset + 4 * n, 4 * n))
        else:
            self._weights = array("f", [1.0]) * n

    def _read_values(self):
        n = self._blocklength
        start = self._dataoffset + (8 * n if self._flags & WEIGHTS else 4 * n)
        data = self._postfile.get(start, self._nextoffset - start)
        if self._flags & PACKED:
            data = zlib.decompress(data)
        fixed = self._fixedsize
        if fixed is None or fixed < 0:
            ends = list(accumulate(_array("I", data[: 4 * n]), initial=4 * n))
            self._values = [data[a:b] for a, b in pairwise(ends)]
        elif fixed == 0:
            self._values = (None,) * n
        else:
            self._values = [data[i : i + fixed] for i in range(0, n * fixed, fixed)]

    def postings(self, values: bool = False) -> tuple[array, array, list | None]:
        """The whole posting list from the current block on: ids, weights and (when asked)
        values; the matcher is left past its end."""
        ids, weights = array("I"), array("f")
        vals: list | None = [] if values else None
        while True:
            self._read_ids()
            self._read_weights()
            assert self._ids is not None and self._weights is not None  # (just read)
            ids.extend(self._ids)
            weights.extend(self._weights)
            if vals is not None:
                self._read_values()
                assert self._values is not None  # (just read)
                vals.extend(self._values)
            if self._lastblock:
                break
            self._goto(self._nextoffset)
        self._atend = True
        return ids, weights, vals
