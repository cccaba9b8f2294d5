"""An index version's files read without Whoosh: the table of contents, each segment's compound
file, its term table, posting blocks, length, facet and stored-field columns, and deletions.

The layouts are Whoosh 2.7's W3 codec (``whoosh/codec/whoosh3.py``, ``filedb/filetables.py``,
``filedb/compound.py``, ``columns.py``) with the posting blocks of ``engine/codec.py``. Anything
that is not the layout this module knows raises ``Unreadable``: the caller then answers through
the full command, which reads the index with Whoosh (and says what is wrong with it).
"""

from __future__ import annotations

import io
import mmap
import os
import struct
import zlib
from array import array
from itertools import accumulate, pairwise

from searcher.fast import pickles

TYPE_CHECKING = False  # (typing.TYPE_CHECKING without importing typing: ~2 ms a start)

if TYPE_CHECKING:
    from collections.abc import Callable
    from typing import Any

INDEX_NAME = "MAIN"
TOC_PATTERN = r"^_MAIN_([0-9]+).toc$"  # (Whoosh's, read by ``_generation``)
_INT = struct.Struct("!i")
_LONG = struct.Struct("!q")
_LENGTHS = struct.Struct("!ii")
_POINTER = struct.Struct("!Iq")
_DIR_ENTRY = struct.Struct("!qi")
_TERMINFO = struct.Struct("!BfIBBfII")
_HEAD = struct.Struct("<iIIfBBB")  # engine/codec.py's block header
_WEIGHTS, _PACKED = 1, 2  # its flags
_CODEC = "searcher.engine.codec.Codec"
_SEGMENT = "whoosh.codec.whoosh3.W3Segment"
_LITTLE = array("I", [1]).tobytes()[0] == 1


class Unreadable(Exception):
    """The index is not in the layout this module reads (the full path reads it)."""


def _varint(f: io.BytesIO) -> int:
    b = f.read(1)[0]
    i, shift = b & 0x7F, 7
    while b & 0x80:
        b = f.read(1)[0]
        i |= (b & 0x7F) << shift
        shift += 7
    return i


def live_toc(folder: str, names: list[str]) -> str | None:
    """The name of the version's live table of contents (the highest generation)."""
    best = -1
    for name in names:
        found = _generation(name)
        if found is not None:
            best = max(best, found)
    return None if best < 0 else f"_{INDEX_NAME}_{best}.toc"


def _generation(name: str) -> int | None:
    """The generation TOC_PATTERN reads in ``name`` (its group), None where it does not match:
    ``_MAIN_``, ASCII digits, any one character but a newline, ``toc``, and at most a newline.
    (Compiling the pattern took 40 µs a start; tests/test_fast_shortcuts.py compares them.)"""
    if not name.startswith("_MAIN_"):
        return None
    body = name[6:-1] if name.endswith("\n") else name[6:]
    digits = body[:-4]
    if len(body) < 5 or not body.endswith("toc") or body[-4] == "\n":
        return None
    return int(digits) if digits.isascii() and digits.isdigit() else None


def read_toc(path: str) -> tuple[Any, list[Any]]:
    """(schema, segments) of a table of contents, as pickle stand-ins."""
    with open(path, "rb") as f:
        f_ = io.BytesIO(f.read())
    if (_varint(f_), _varint(f_), _varint(f_)) != (4, 8, 4):
        raise Unreadable("table of contents of another architecture")
    if _INT.unpack(f_.read(4))[0] != -12345 or _INT.unpack(f_.read(4))[0] != -111:
        raise Unreadable("table of contents of another format")
    for _ in range(3):
        _varint(f_)
    schema = pickles.loads(f_.read(_varint(f_)))
    f_.read(8)  # generation, unused
    segments = pickles.load(f_)
    return schema, segments


class _Files:
    """The sub-files of one segment: in its compound file (memory-mapped), or beside it."""

    def __init__(self, folder: str, segment_id: str, compound: bool) -> None:
        self._folder = folder
        self._maps: list[mmap.mmap] = []
        self._dir: dict[str, tuple[int, int]] | None = None
        if compound:
            buf = self._map(os.path.join(folder, segment_id + ".seg"))
            diroffset = _LONG.unpack(buf[0:8])[0]
            stream = io.BytesIO(buf[diroffset:])
            listing = pickles.load(stream)
            self._buf = buf
            self._dir = {name: (info["offset"], info["length"]) for name, info in listing.items()}

    def _map(self, path: str) -> memoryview:
        with open(path, "rb") as f:
            m = mmap.mmap(f.fileno(), 0, access=mmap.ACCESS_READ)
        self._maps.append(m)
        return memoryview(m)

    def get(self, name: str) -> memoryview | None:
        """The bytes of one sub-file (None when the segment has no such file)."""
        if self._dir is None:
            path = os.path.join(self._folder, name)
            return self._map(path) if os.path.exists(path) else None
        found = self._dir.get(name)
        if found is None:
            return None
        offset, length = found
        return self._buf[offset : offset + length]


def _be_array(code: str, data: memoryview | bytes) -> array:
    a = array(code)
    a.frombytes(data)
    if _LITTLE:
        a.byteswap()
    return a


def _le_array(code: str, data: memoryview | bytes) -> array:
    a = array(code)
    a.frombytes(data)
    if not _LITTLE:
        a.byteswap()
    return a


_PEEK = 4096  # (a term table's extras pickle: ~250 bytes)


def _first_pickle(data: memoryview) -> Any:
    """The pickle ``data`` begins with, read from its first ``_PEEK`` bytes when it ends there:
    a term table's extras are followed by its ordered index (400 KB at 55k documents: copying
    it for a stream, and so paging it in, took ~0.4 ms a segment)."""
    if len(data) > _PEEK:
        try:
            return pickles.load(io.BytesIO(data[:_PEEK]))
        except Exception:  # (cut short: a longer pickle, read whole below)
            pass
    return pickles.load(io.BytesIO(data))


class _Terms:
    """A segment's term table (Whoosh's ordered hash file): term → its info bytes."""

    def __init__(self, buf: memoryview) -> None:
        if bytes(buf[0:4]) != b"HSH3":
            raise Unreadable("term table of another format")
        self._buf = buf
        self._hashtype = buf[4]
        if self._hashtype not in (0, 1):
            raise Unreadable("term table hashed another way")
        end = len(buf) - 4
        exlen = _INT.unpack(buf[end : end + 4])[0]
        expos = end - exlen
        extras = _first_pickle(buf[expos:end])
        self.fieldmap: dict[str, int] = extras["fieldmap"]
        base = expos - 256 * _DIR_ENTRY.size
        self._tables = [_DIR_ENTRY.unpack_from(buf, base + i * _DIR_ENTRY.size) for i in range(256)]

    def _hash(self, key: bytes) -> int:
        if self._hashtype == 0:
            import _md5  # type: ignore[import-not-found]  # (CPython's, without stubs)

            return int(_md5.md5(key).hexdigest(), 16) & 0xFFFFFFFF
        return zlib.crc32(key) & 0xFFFFFFFF

    def get(self, field: str, term: bytes) -> memoryview | None:
        """The term info bytes of ``field:term`` (None when the segment has none)."""
        num = self.fieldmap.get(field)
        if num is None:
            return None
        key = struct.pack("!H", num) + term
        buf = self._buf
        keyhash = self._hash(key)
        start, slots = self._tables[keyhash & 255]
        if not slots:
            return None
        size = _POINTER.size
        pos = start + ((keyhash >> 8) % slots) * size
        for _ in range(slots):
            slothash, itempos = _POINTER.unpack_from(buf, pos)
            if not itempos:
                return None
            if slothash == keyhash:
                keylen, datalen = _LENGTHS.unpack_from(buf, itempos)
                keystart = itempos + _LENGTHS.size
                if keylen == len(key) and buf[keystart : keystart + keylen] == key:
                    return buf[keystart + keylen : keystart + keylen + datalen]
            pos += size
            if pos == start + slots * size:
                pos = start
        return None


class Postings:
    """One term's postings in a segment, whole: ids, weights and (when asked) values."""

    __slots__ = ("df", "ids", "values", "weights")

    def __init__(self, ids: Any, weights: Any, values: Any, df: int) -> None:
        self.ids = ids
        self.weights = weights
        self.values = values
        self.df = df


class Segment:
    """One segment of the live version: its documents are ``offset`` on in global numbers."""

    def __init__(self, folder: str, seg: Any, offset: int) -> None:
        if getattr(seg, "kind", "") != _SEGMENT or seg._codec.kind != _CODEC:
            raise Unreadable("a segment written by another codec")
        self.id = f"{seg.indexname}_{seg.segid}"
        self.offset = offset
        self.doc_count_all: int = seg._doccount
        self.deleted = frozenset(seg._deleted or ())
        self.field_lengths: dict[str, int] = dict(seg._fieldlengths)
        self._files = _Files(folder, self.id, bool(seg.compound))
        self._terms: _Terms | None = None
        self._postfile: memoryview | None = None
        self._codes: dict[str, bytes] = {}
        self._columns: dict[str, tuple[memoryview, Any, Any]] = {}
        self._readers: dict[str, Callable[[int], bytes] | None] = {}

    def _file(self, ext: str) -> memoryview:
        found = self._files.get(self.id + ext)
        if found is None:
            raise Unreadable(f"segment {self.id} has no {ext} file")
        return found

    @property
    def terms(self) -> _Terms:
        if self._terms is None:
            self._terms = _Terms(self._file(".trm"))
        return self._terms

    def terminfo(self, field: str, term: bytes) -> memoryview | None:
        return self.terms.get(field, term)

    @staticmethod
    def postings_df(info: memoryview) -> int:
        """A term's document frequency (deleted documents included) from its info bytes."""
        return _TERMINFO.unpack_from(info, 0)[2]

    def postings(self, info: memoryview, values: bool) -> Postings:
        """A term's postings from its info bytes (inlined, or blocks in the postings file)."""
        flags, _w, df, _lo, _hi, _mw, _mi, _ma = _TERMINFO.unpack_from(info, 0)
        rest = info[_TERMINFO.size :]
        if flags:
            ids, weights, vals = pickles.loads(rest)
            n = len(ids)
            return Postings(
                list(ids),
                list(weights) if weights is not None else [1.0] * n,
                (list(vals or (None,) * n)) if values else None,
                df,
            )
        offset = _LONG.unpack_from(rest, 0)[0]
        if self._postfile is None:
            self._postfile = self._file(".pst")
        return Postings(*_blocks(self._postfile, offset, values), df)

    def length_codes(self, field: str) -> bytes:
        """The field's one-byte length code of every document (0 where it has none)."""
        codes = self._codes.get(field)
        if codes is None:
            raw = self._files.get(f"{self.id}._{field}_len.col")
            raw_b = b"" if raw is None else bytes(raw)
            count = self.doc_count_all
            codes = self._codes[field] = raw_b[:count] + bytes(max(0, count - len(raw_b)))
        return codes

    def column(self, name: str) -> tuple[memoryview, Any, Any] | None:
        found = self._columns.get(name)
        if found is None:
            data = self._files.get(f"{self.id}.{name}.col")
            if data is None:
                return None
            found = self._columns[name] = _var_bytes(data, self.doc_count_all)
        return found

    def values(self, name: str, docnums: list[int]) -> list[bytes]:
        """A variable-length bytes column's value of each of ``docnums`` (b"" for none). A few
        are read where they are (a column written with its offsets); more, through arrays of
        every document's offset and length (building those costs ~0.1 ms a segment)."""
        if len(docnums) < _FEW and name not in self._columns:
            if name in self._readers:  # (made once: each hit reads its record)
                value = self._readers[name]
            else:
                data = self._files.get(f"{self.id}.{name}.col")
                if data is None:
                    return [b""] * len(docnums)
                value = self._readers[name] = _value_reader(data, self.doc_count_all)
            if value is not None:
                return [value(d) for d in docnums]
        column = self.column(name)
        if column is None:
            return [b""] * len(docnums)
        data, offsets, lengths = column
        return [bytes(data[offsets[d] : offsets[d] + lengths[d]]) if lengths[d] else b""
                for d in docnums]  # fmt: skip

    def stored(self, docnum: int) -> dict:
        """The stored fields of one of the segment's documents."""
        raw = self.values("_stored", [docnum])[0]
        if not raw:
            return {}
        found = pickles.loads(zlib.decompress(raw))
        return found if isinstance(found, dict) else {}


_FEW = 256  # (fewer documents than this: their column values are read one by one)


def _value_reader(data: memoryview, count: int) -> Callable[[int], bytes] | None:
    """A VarBytesColumn's value getter, docnum → bytes, reading its offset and length where
    they are (``_var_bytes``'s layout); None for a column without stored offsets, or whose
    array types have another size than their standard one."""
    last = len(data) - 1
    if data[last] != 88:  # ("X": offsets stored)
        return None
    code, offsets_code = chr(data[last - 2]), chr(data[last - 1])
    size, offset_size = struct.calcsize(code), struct.calcsize(offsets_code)
    if size != struct.calcsize("!" + code) or offset_size != struct.calcsize("!" + offsets_code):
        return None
    offsets_at = (last - 2) - count * offset_size
    lengths_at = offsets_at - count * size
    length_of = struct.Struct("!" + code).unpack_from
    offset_of = struct.Struct("!" + offsets_code).unpack_from

    def value(d: int) -> bytes:
        n = length_of(data, lengths_at + size * d)[0]
        if not n:
            return b""
        at = offset_of(data, offsets_at + offset_size * d)[0]
        return bytes(data[at : at + n])

    return value


def _var_bytes(data: memoryview, count: int) -> tuple[memoryview, Any, Any]:
    """(data, offsets, lengths) of a Whoosh VarBytesColumn (offsets stored or summed)."""
    last = len(data) - 1
    code = chr(data[last])
    offsets = None
    if code == "X":
        code = chr(data[last - 2])
        offsets_code = chr(data[last - 1])
        start = (last - 2) - count * struct.calcsize(offsets_code)
        offsets = _be_array(offsets_code, data[start : last - 2])
        last = start
    size = struct.calcsize(code)
    lengths = _be_array(code, data[last - size * count : last])
    if offsets is None:
        offsets = array("L", accumulate(lengths, initial=0))
        offsets.pop()
    return data, offsets, lengths


def _blocks(postfile: memoryview, position: int, values: bool) -> tuple[array, array, list | None]:
    """A term's posting blocks (``engine/codec.py``'s layout) from ``position``, whole."""
    ids, weights = array("I"), array("f")
    vals: list | None = [] if values else None
    while True:
        size, n, _maxid, _mw, flags, _lo, _hi = _HEAD.unpack_from(postfile, position)
        last = size < 0
        size = -size if last else size
        start = position + _HEAD.size
        end = start + size
        ids.extend(_le_array("I", postfile[start : start + 4 * n]))
        if flags & _WEIGHTS:
            weights.extend(_le_array("f", postfile[start + 4 * n : start + 8 * n]))
            vstart = start + 8 * n
        else:
            weights.extend(array("f", [1.0]) * n)
            vstart = start + 4 * n
        if vals is not None:
            data = bytes(postfile[vstart:end])
            if flags & _PACKED:
                data = zlib.decompress(data)
            ends = list(accumulate(_le_array("I", data[: 4 * n]), initial=4 * n))
            vals.extend(data[a:b] for a, b in pairwise(ends))
        if last:
            return ids, weights, vals
        position = end
