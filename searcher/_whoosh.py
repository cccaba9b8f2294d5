"""Whoosh, adapted for a one-shot command-line process. Import this before any ``whoosh``.

1. ``whoosh.compat`` imports ``urllib.request`` (about 45 ms, a third of Whoosh's import time)
   only to re-export ``urlretrieve``. While Whoosh loads, a stand-in module provides a
   ``urlretrieve`` that imports the real one on first call; the stand-in is removed again at
   once, so any later ``import urllib.request`` gets the real module.
2. whoosh-reloaded imports the ``cached_property`` package (which imports asyncio, ~50 ms) for
   one decorator; the standard library's ``functools.cached_property`` does the same job, so a
   stand-in module provides it while Whoosh loads.
3. Whoosh memory-maps each segment's compound file and then wraps every sub-file in a ``BytesIO``,
   which copies it: opening a 55k-article index copied ~100 MB and took ~140 ms. Sub-files are
   instead read in place through the memory map (``_ViewFile``); ``BufferFile.get`` already
   slices the map directly, so only the sequential reads go through the view.
"""

from __future__ import annotations

import functools
import sys
import types


def _urlretrieve(*args, **kwargs):
    import importlib

    sys.modules.pop("urllib.request", None)
    return importlib.import_module("urllib.request").urlretrieve(*args, **kwargs)


def load() -> None:
    """Import Whoosh's modules with the stand-ins in place (a no-op once Whoosh is loaded)."""
    if "whoosh.reading" in sys.modules:
        return
    stubs = {}
    if "urllib.request" not in sys.modules:
        stubs["urllib.request"] = types.ModuleType("urllib.request")
        stubs["urllib.request"].urlretrieve = _urlretrieve  # type: ignore[attr-defined]
    if "cached_property" not in sys.modules:
        stubs["cached_property"] = types.ModuleType("cached_property")
        stubs["cached_property"].cached_property = functools.cached_property  # type: ignore[attr-defined]
    sys.modules.update(stubs)
    try:
        import whoosh.compat
        import whoosh.reading  # noqa: F401
    finally:
        for name, stub in stubs.items():
            if sys.modules.get(name) is stub:
                del sys.modules[name]


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


load()
_read_in_place()
