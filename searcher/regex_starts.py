"""Regular expressions that look only where a match can start.

Python's ``re`` scans fast only for an expression that begins with a literal or a class of
characters it can skip to; one that begins with ``\\b``, a lookbehind, or letters matched
ignoring case (most of the extractor's) is tried afresh at every position of the text. The
characters any match can begin with are read off the expression's parse tree, and a lookahead
for them is put in front: the same matches, found with one class test at most positions instead
of the whole expression (about twice as fast over an article's body).
"""

from __future__ import annotations

import importlib
import re
from typing import Any

__all__ = ["compile_started", "first_chars"]

# (the regular expression parser of the standard library: no type stubs describe it)
_c: Any = importlib.import_module("re._constants")
_parser: Any = importlib.import_module("re._parser")

_MAX_CHARS = 64  # (a class of more first characters than this tests little faster)
_ZERO_WIDTH = (_c.AT, _c.ASSERT, _c.ASSERT_NOT)


class _Unknown(Exception):
    """A part of the expression whose first characters are not worked out here."""


def first_chars(pattern: str, flags: int = 0) -> frozenset[str] | None:
    """The characters every match of ``pattern`` begins with (as the expression spells them:
    compiled with its own flags, a class of them takes what it takes), or None when a match
    may be empty or may begin with any of many characters."""
    try:
        chars, nullable = _sequence(_parser.parse(pattern, flags).data, flags)
    except _Unknown:
        return None
    if nullable or len(chars) > _MAX_CHARS:
        return None
    return frozenset(chars)


def compile_started(pattern: str, flags: int = 0) -> re.Pattern[str]:
    """``re.compile(pattern, flags)`` with a lookahead for its first characters in front (when
    they are known): the same matches, spans and groups."""
    chars = first_chars(pattern, flags)
    if chars is None:
        return re.compile(pattern, flags)
    guard = "".join(re.escape(ch) for ch in sorted(chars))
    return re.compile(f"(?=[{guard}])(?:{pattern})", flags)


def _sequence(items: list, flags: int) -> tuple[set[str], bool]:
    """(first characters, whether it can match empty) of a sequence of parsed items."""
    out: set[str] = set()
    for op, av in items:
        chars, nullable = _item(op, av, flags)
        out |= chars
        if not nullable:
            return out, False
    return out, True


def _item(op: Any, av: Any, flags: int) -> tuple[set[str], bool]:
    if op in _ZERO_WIDTH:
        return set(), True  # (a lookaround or an anchor consumes nothing)
    if op is _c.LITERAL:
        return {chr(av)}, False
    if op is _c.IN:
        chars: set[str] = set()
        for kind, value in av:
            if kind is _c.LITERAL:
                chars.add(chr(value))
            elif kind is _c.RANGE and value[1] - value[0] < _MAX_CHARS:
                chars.update(chr(c) for c in range(value[0], value[1] + 1))
            else:
                raise _Unknown  # (a negated class, \w, a wide range)
        return chars, False
    if op is _c.BRANCH:
        out: set[str] = set()
        nullable = False
        for branch in av[1]:
            chars, empty = _sequence(branch.data, flags)
            out |= chars
            nullable = nullable or empty
        return out, nullable
    if op is _c.SUBPATTERN:
        _, add, remove, body = av
        if (add | remove) & re.IGNORECASE and not flags & re.IGNORECASE:
            raise _Unknown  # (a part that ignores case inside one that does not)
        return _sequence(body.data, flags)
    if op in (_c.MAX_REPEAT, _c.MIN_REPEAT, _c.POSSESSIVE_REPEAT):
        low, _, body = av
        chars, empty = _sequence(body.data, flags)
        return chars, empty or low == 0
    if op is _c.ATOMIC_GROUP:
        return _sequence(av.data, flags)
    raise _Unknown  # (any character, a back-reference, a conditional)
