"""Every change defsearch makes to Whoosh itself, for a one-shot command-line process.

``load()`` imports Whoosh (on this module's import, which the engine package makes first) and
``apply()`` makes the changes. Each change (``Patch``) names the Whoosh versions it was written
and tested against and the attribute it replaces, with the shape of that attribute's code in
each of them (``_shape``: the names it reads, calls and binds); on any other version, or when the
attribute's code is not the code it was written against, it is left out and stock Whoosh runs
(slower, never broken). ``SKIPPED`` says which were left out and why (the tests read it).
Items 1, 2 and 6 are import-time stand-ins; 3 to 5 are the patches.

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
4. Whoosh's own posting blocks store document ids as deltas, decoded by a Python generator; the
   C ``itertools.accumulate`` computes the same running sum. Only indexes written before
   ``codec.py``'s array blocks (schema 1 and 2, searchable until a sync rebuilds them) have such
   blocks: those of today's indexes never reach it.
5. A variable-length column (stored fields, facets) of fewer than 32,768 documents stores only
   lengths, and its reader derives every offset in a Python loop when it opens: ~13 ms per
   column and segment at 55k articles. The same running sum is one ``accumulate`` in C. Today
   both columns are written with their offsets (``codec.py``, ``schema.py``), which the reader
   reads instead; only indexes written before (schema 1 and 2) reach the sum.
6. ``hashlib`` (OpenSSL, ~5 ms to import) serves Whoosh's hash tables one function, ``md5``;
   the built-in ``_md5`` module has it, and stands in while Whoosh loads.
"""

from __future__ import annotations

import functools
import importlib
import sys
import types
from collections.abc import Callable
from typing import Any, NamedTuple

from searcher.startup.lazy import Later, stand_ins, standing_in

# module -> names Whoosh imports from it with ``from module import name``
_LATER = {
    "urllib.request": ("urlretrieve",),  # whoosh.compat re-exports it; ~45 ms to import
    "whoosh.lang.morph_en": ("variations",),  # English morphology tables, ~8 ms
    "html": ("escape",),  # highlighting only
    "tempfile": (),  # RAM storage for temporary files only
    "random": (),  # new segment names, when writing
    "shutil": ("copyfileobj",),  # assembling compound files, when writing (~4 ms with bz2 and lzma)
}
# Whoosh's modules loaded with the stand-ins in place (those a version lacks are passed over:
# whoosh3 has no ``whoosh.compat``).
_MODULES = (
    "whoosh.compat",
    "whoosh.codec.whoosh3",
    "whoosh.filedb.compound",
    "whoosh.query",
    "whoosh.reading",
    "whoosh.searching",
)
# The Whoosh releases every patch was written for and the whole suite passes on (``make test``
# with whoosh-reloaded, ``make test-compat`` with whoosh3).
TESTED = frozenset({(2, 7, 5), (3, 54, 0)})


def load() -> None:
    """Import Whoosh's modules with the stand-ins in place (a no-op once Whoosh is loaded)."""
    if "whoosh.reading" in sys.modules:
        return
    stubs = stand_ins(_LATER)
    if "hashlib" not in sys.modules:
        try:
            import _md5  # type: ignore[import-not-found]  # (CPython's, without stubs)

            stubs["hashlib"] = Later("hashlib")
            stubs["hashlib"].md5 = _md5.md5  # type: ignore[attr-defined]
        except ImportError:  # a Python built without it: the real hashlib, then
            pass
    if "cached_property" not in sys.modules:
        stubs["cached_property"] = types.ModuleType("cached_property")
        stubs["cached_property"].cached_property = functools.cached_property  # type: ignore[attr-defined]
    with standing_in(stubs):
        for name in _MODULES:
            try:
                importlib.import_module(name)
            except ModuleNotFoundError as exc:
                if exc.name != name:  # a module it needs is missing: that is an error
                    raise


class Patch(NamedTuple):
    """One change to Whoosh: ``owner.attribute`` (``owner`` a dotted path from a module) becomes
    ``make(original)``, provided the version is tested and the original passes ``expect``."""

    name: str
    owner: str  # "whoosh.columns:VarBytesColumn.Reader"
    attribute: str
    make: Callable[[object], object]
    expect: Callable[[object], bool]  # is the original the code it was written against?


APPLIED: dict[str, object] = {}  # name -> the original attribute (for tests and for undo)
SKIPPED: dict[str, str] = {}  # name -> why stock Whoosh runs instead


def _owner(path: str) -> object:
    module, _, attrs = path.partition(":")
    obj: object = importlib.import_module(module)
    for attr in filter(None, attrs.split(".")):
        obj = getattr(obj, attr)
    return obj


def apply(version: tuple[int, ...] | None = None) -> None:
    """Make each change in ``PATCHES`` that fits this Whoosh; idempotent."""
    import whoosh

    found = tuple(whoosh.__version__[:3]) if version is None else version
    for patch in PATCHES:
        if patch.name in APPLIED or patch.name in SKIPPED:
            continue
        if found not in TESTED:
            SKIPPED[patch.name] = f"Whoosh {'.'.join(map(str, found))} is not a tested version"
            continue
        try:
            owner = _owner(patch.owner)
            original = getattr(owner, patch.attribute)
        except (ImportError, AttributeError) as exc:
            SKIPPED[patch.name] = f"{patch.owner}.{patch.attribute} not found ({exc})"
            continue
        if not patch.expect(original):
            SKIPPED[patch.name] = (
                f"{patch.owner}.{patch.attribute} is not the code the patch was written against"
            )
            continue
        setattr(owner, patch.attribute, patch.make(original))
        APPLIED[patch.name] = original


def undo() -> None:
    """Put back every original (tests compare patched and pristine Whoosh on one index)."""
    for patch in PATCHES:
        if patch.name in APPLIED:
            setattr(_owner(patch.owner), patch.attribute, APPLIED.pop(patch.name))
    SKIPPED.clear()


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
        """(pickle asks for it: protocol 0 opcodes are lines)"""
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


def _read_in_place(original: Any) -> type:
    """(3) A compound file's sub-files read through the memory map instead of a copy."""

    class ViewBufferFile(original):
        def __init__(self, buf, name=None, onclose=None):
            super().__init__(b"", name=name, onclose=onclose)
            self._buf = buf
            self.file = _ViewFile(buf)

    return ViewBufferFile


def _decode_ids_in_c(original: object) -> object:
    """(4) The same running sum as Whoosh's generator, in C."""
    import itertools

    return itertools.accumulate


def _column_offsets_in_c(original: object) -> Callable[[Any], None]:
    """(5) A variable-length column's offsets as one running sum in C."""
    import struct
    from array import array
    from itertools import accumulate

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

    return read_offsets_and_lengths


def _shape(obj: object) -> object:
    """The names a function's code reads, calls and binds (globals, attributes, then arguments
    and locals); for a class, those of each method it defines itself. A version number says
    which release is installed, not that the code a patch replaces is the code it was written
    against (a fork keeps the number, a vendored copy is edited); this does, and it is the same
    for the same source on any Python. (Microseconds: it runs in every process.)"""
    if isinstance(obj, type):
        return {k: _shape(v) for k, v in vars(obj).items() if isinstance(v, types.FunctionType)}
    code = getattr(obj, "__code__", None)
    return None if code is None else code.co_names + code.co_varnames


def _is(*shapes: object) -> Callable[[object], bool]:
    """``expect`` for a patch: the original has one of ``shapes`` (one per tested release that
    differs; an original already replaced by the patch has none of them)."""
    return lambda original: _shape(original) in shapes


# BufferFile: the same in both releases but for the compatibility aliases whoosh-reloaded still
# uses (``bytes_type``, ``array_frombytes``) and a ``close`` added in whoosh3 that closes
# ``self.file`` and releases the memoryview in ``self._buf``, which the patch's subclass
# inherits: ``_ViewFile.close`` drops its reference to the view, then the view is released.
_BUFFER_FILE_2_7_5 = {
    "__init__": ("_buf", "_name", "BytesIO", "file", "onclose", "is_real", "is_closed",
                 "self", "buf", "name", "onclose"),
    "subset": ("_name", "BufferFile", "get", "self", "position", "length", "name"),
    "get": ("bytes_type", "_buf", "self", "position", "length"),
    "get_array": ("array", "array_frombytes", "get", "_SIZEMAP", "IS_LITTLE", "byteswap",
                  "self", "position", "typecode", "length", "a"),
}  # fmt: skip
_BUFFER_FILE_3_54_0 = {
    **_BUFFER_FILE_2_7_5,
    "get": ("bytes", "_buf", "self", "position", "length"),
    "get_array": ("array", "frombytes", "get", "_SIZEMAP", "IS_LITTLE", "byteswap",
                  "self", "position", "typecode", "length", "a"),
    "close": ("is_closed", "Exception", "onclose", "hasattr", "file", "close", "_buf",
              "isinstance", "memoryview", "release", "ValueError", "BufferError", "self", "buf"),
}  # fmt: skip
# ``base = 0; for n in nums: base += n; yield base`` in both releases
_DELTA_DECODE = ("nums", "base", "n")
# the same code in both releases
_READ_OFFSETS_AND_LENGTHS = (
    "_dbfile", "_basepos", "_length", "_doccount", "chr", "get_byte", "had_stored_offsets",
    "struct", "calcsize", "get_array", "array", "append", "_offsets", "_lengths",
    "self", "dbfile", "basepos", "length", "doccount", "lastbyte", "lens_code", "offsets",
    "offsets_code", "itemsize", "offsetstart", "lenstart", "lengths", "base",
)  # fmt: skip

PATCHES = (
    Patch(
        "read-in-place",
        "whoosh.filedb.compound",
        "BufferFile",
        _read_in_place,
        _is(_BUFFER_FILE_2_7_5, _BUFFER_FILE_3_54_0),
    ),
    Patch("ids-in-c", "whoosh.codec.whoosh3", "delta_decode", _decode_ids_in_c, _is(_DELTA_DECODE)),
    Patch(
        "column-offsets-in-c",
        "whoosh.columns:VarBytesColumn.Reader",
        "_read_offsets_and_lengths",
        _column_offsets_in_c,
        _is(_READ_OFFSETS_AND_LENGTHS),
    ),
)

load()
