"""Whoosh's pickles read without Whoosh: every class a pickle names becomes a plain stand-in
that keeps its attributes, so a table of contents, a compound file's directory, a term's
inlined postings or a document's stored fields load without importing the classes they name
(nor running any code of theirs: only the few builtins below are called)."""

from __future__ import annotations

import _pickle
import codecs
import collections
import io

TYPE_CHECKING = False  # (typing.TYPE_CHECKING without importing typing: ~2 ms a start)

if TYPE_CHECKING:
    from typing import Any


class Stand:
    """An object of a class the fast path does not import: its class's dotted name
    (``kind``), the arguments it was built with and the state it was pickled with."""

    kind = ""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        self.args = args

    def __setstate__(self, state: Any) -> None:
        if isinstance(state, tuple) and len(state) == 2:  # (dict, slots)
            state = {**(state[0] or {}), **(state[1] or {})}
        if isinstance(state, dict):
            self.__dict__.update(state)
        else:
            self.state = state


_CALLED = {  # (module, name) → what it may build: data, never code
    ("builtins", "set"): set,
    ("builtins", "frozenset"): frozenset,
    ("__builtin__", "set"): set,
    ("__builtin__", "frozenset"): frozenset,
    ("builtins", "int"): int,
    ("__builtin__", "long"): int,
    ("__builtin__", "int"): int,
    ("collections", "defaultdict"): collections.defaultdict,
    ("collections", "OrderedDict"): collections.OrderedDict,
    ("_codecs", "encode"): codecs.encode,  # (protocol 2's bytes)
    ("builtins", "bytearray"): bytearray,
}
_KINDS: dict[tuple[str, str], type] = {}


class _Unpickler(_pickle.Unpickler):
    def find_class(self, module: str, name: str) -> Any:
        known = _CALLED.get((module, name))
        if known is not None:
            return known
        kind = _KINDS.get((module, name))
        if kind is None:
            kind = _KINDS[(module, name)] = type(name, (Stand,), {"kind": f"{module}.{name}"})
        return kind


def loads(data: bytes | memoryview) -> Any:
    """One pickle's object, its classes as stand-ins."""
    return _Unpickler(io.BytesIO(data)).load()


def load(stream: io.BytesIO) -> Any:
    """The next pickle in ``stream`` (the stream is left after it)."""
    return _Unpickler(stream).load()
