"""Whoosh, adapted for a one-shot command-line process. Import this before any ``whoosh``.

1. ``whoosh.compat`` imports ``urllib.request`` (about 45 ms, a third of Whoosh's import time)
   only to re-export ``urlretrieve``; ``whoosh.query.terms`` compiles the English morphology
   tables (~8 ms) for the ``Variations`` query we never use; ``html`` and ``tempfile`` serve
   highlighting and RAM storage. While Whoosh loads, stand-ins take their place (``_LATER``)
   and import the real module on first use; they are removed again at once, so any later
   import gets the real module.
2. whoosh-reloaded imports the ``cached_property`` package (which imports asyncio, ~50 ms) for
   one decorator; the standard library's ``functools.cached_property`` does the same job, so a
   stand-in module provides it while Whoosh loads.
3. Whoosh memory-maps each segment's compound file and then wraps every sub-file in a ``BytesIO``,
   which copies it: opening a 55k-article index copied ~100 MB and took ~140 ms. Sub-files are
   instead read in place through the memory map (``_ViewFile``); ``BufferFile.get`` already
   slices the map directly, so only the sequential reads go through the view. The view also
   offers ``peek``, so unpickling a posting block's header reads ahead once instead of calling
   ``read`` for every pickle opcode.
4. Posting blocks store document ids as deltas, decoded by a Python generator; the C
   ``itertools.accumulate`` computes the same running sum.
5. A variable-length column (stored fields, facets) of fewer than 32,768 documents stores only
   lengths, and its reader derives every offset in a Python loop when it opens: ~13 ms per
   column and segment at 55k articles. The same running sum is one ``accumulate`` in C.
6. ``hashlib`` (OpenSSL, ~5 ms to import) serves Whoosh's hash tables one function, ``md5``;
   the built-in ``_md5`` module has it, and stands in while Whoosh loads.
"""

from __future__ import annotations

import functools
import sys
import types

from searcher._lazy import Later, stand_ins, standing_in

# module -> names Whoosh imports from it with ``from module import name``
_LATER = {
    "urllib.request": ("urlretrieve",),  # whoosh.compat re-exports it; ~45 ms to import
    "whoosh.lang.morph_en": ("variations",),  # English morphology tables, ~8 ms
    "html": ("escape",),  # highlighting only
    "tempfile": (),  # RAM storage for temporary files only
    "random": (),  # new segment names, when writing
    "shutil": ("copyfileobj",),  # assembling compound files, when writing (~4 ms with bz2 and lzma)
}


def load() -> None:
    """Import Whoosh's modules with the stand-ins in place (a no-op once Whoosh is loaded)."""
    if "whoosh.reading" in sys.modules:
        return
    stubs = stand_ins(_LATER)
    if "hashlib" not in sys.modules:
        try:
            import _md5

            stubs["hashlib"] = Later("hashlib")
            stubs["hashlib"].md5 = _md5.md5  # type: ignore[attr-defined]
        except ImportError:  # a Python built without it: the real hashlib, then
            pass
    if "cached_property" not in sys.modules:
        stubs["cached_property"] = types.ModuleType("cached_property")
        stubs["cached_property"].cached_property = functools.cached_property  # type: ignore[attr-defined]
    with standing_in(stubs):
        import whoosh.codec.whoosh3
        import whoosh.compat
        import whoosh.filedb.compound
        import whoosh.query
        import whoosh.reading
        import whoosh.searching  # noqa: F401


class _ViewFile:
    """A read-only file over a memoryview: read/seek/tell without copying the buffer."""

    __slots__ = ("_buf", "_pos")

    def __init__(self, buf) -> None:
        self._buf = buf
        self._pos = 0

    def read(self, n: int = -1) -> bytes:
        start = self._pos
        end = len(self._buf) if n is None or n < 0 else min(start + n, len(self._buf))
        self._pos = end
        return bytes(self._buf[start:end])

    def peek(self, n: int = 1) -> bytes:
        """The next bytes without moving (pickle's unpickler reads ahead with this, instead of
        asking for each opcode separately)."""
        return bytes(self._buf[self._pos : self._pos + max(n, 1)])

    def readline(self) -> bytes:
        rest = bytes(self._buf[self._pos :])
        cut = rest.find(b"\n")
        line = rest if cut < 0 else rest[: cut + 1]
        self._pos += len(line)
        return line

    def seek(self, pos: int, whence: int = 0) -> int:
        base = (0, self._pos, len(self._buf))[whence]
        self._pos = base + pos
        return self._pos

    def tell(self) -> int:
        return self._pos

    def flush(self) -> None:
        pass

    def close(self) -> None:
        self._buf = b""


def _read_in_place() -> None:
    from whoosh.filedb import compound, structfile

    class ViewBufferFile(structfile.BufferFile):
        def __init__(self, buf, name=None, onclose=None):
            super().__init__(b"", name=name, onclose=onclose)
            self._buf = buf
            self.file = _ViewFile(buf)

        def subset(self, position, length, name=None):
            return ViewBufferFile(self._buf[position : position + length], name=name or self._name)

    compound.BufferFile = ViewBufferFile


def _decode_ids_in_c() -> None:
    import itertools

    from whoosh.codec import whoosh3

    whoosh3.delta_decode = itertools.accumulate  # the same running sum, without a generator


def _column_offsets_in_c() -> None:
    import struct
    from array import array
    from itertools import accumulate

    from whoosh import columns

    def read_offsets_and_lengths(self) -> None:  # VarBytesColumn.Reader's, without the loop
        dbfile, count = self._dbfile, self._doccount
        last = self._basepos + self._length - 1
        lens_code = chr(dbfile.get_byte(last))
        offsets = None
        if lens_code == "X":  # offsets were written too
            self.had_stored_offsets = True
            lens_code = chr(dbfile.get_byte(last - 2))
            offsets_code = chr(dbfile.get_byte(last - 1))
            start = (last - 2) - count * struct.calcsize(offsets_code)
            offsets = dbfile.get_array(start, offsets_code, count)
            last = start
        lengths = dbfile.get_array(last - struct.calcsize(lens_code) * count, lens_code, count)
        if offsets is None:
            offsets = array("L", accumulate(lengths, initial=0))
            offsets.pop()
        self._offsets, self._lengths = offsets, lengths

    columns.VarBytesColumn.Reader._read_offsets_and_lengths = read_offsets_and_lengths


load()
_read_in_place()
_decode_ids_in_c()
_column_offsets_in_c()
