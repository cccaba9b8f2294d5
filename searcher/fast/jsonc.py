"""``json.loads`` and ``json.dumps`` as the fast path calls them, on the C accelerator ``_json``
alone: the ``json`` package's four modules cost a one-shot search about 1 ms to import, and the
two calls below are what they would run (CPython's ``JSONDecoder.decode`` with the default
options, and ``JSONEncoder.encode`` with ``ensure_ascii=False`` and given separators, both
through ``_json``). ``tests/test_fast_json.py`` compares them with ``json`` on generated values.

A document ``json.loads`` would first decode as UTF-16 or UTF-32, or that starts with a byte
order mark, raises ``Unusual`` (not a ValueError): the search is then answered by the full
command.
"""

from __future__ import annotations

import _json  # (CPython's accelerator)

TYPE_CHECKING = False  # (typing.TYPE_CHECKING without importing typing: ~2 ms a start)
if TYPE_CHECKING:
    from typing import Any

_SPACE = " \t\n\r"  # (json.decoder.WHITESPACE)


class Unusual(Exception):
    """A document in a form the full path reads (through the ``json`` package)."""


class _Options:
    """What ``_json.make_scanner`` reads of a ``JSONDecoder`` with the default options."""

    strict = True
    object_hook = None
    object_pairs_hook = None
    parse_float = float
    parse_int = int
    parse_constant = {"-Infinity": float("-inf"), "Infinity": float("inf"),
                      "NaN": float("nan")}.__getitem__  # fmt: skip
    memo: dict = {}  # noqa: RUF012  (read, not used: the scanner keeps its own)


_scan = _json.make_scanner(_Options())  # type: ignore[arg-type]  # (typeshed: its own type)


def loads(text: str | bytes) -> Any:
    """``json.loads(text)`` (raises ValueError where it does, or ``Unusual``)."""
    if not isinstance(text, str):
        data = bytes(text)
        if data.startswith((b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff")) or b"\x00" in data[:4]:
            raise Unusual("not plain UTF-8")
        text = data.decode("utf-8", "surrogatepass")
    elif text.startswith("\ufeff"):
        raise Unusual("a byte order mark")
    start = len(text) - len(text.lstrip(_SPACE))
    try:
        value, end = _scan(text, start)
    except StopIteration as stop:
        raise ValueError(f"Expecting value: char {stop.value}") from None
    if text[end:].strip(_SPACE):
        raise ValueError(f"Extra data: char {end}")
    return value


def _default(value: object) -> Any:
    raise TypeError(f"Object of type {value.__class__.__name__} is not JSON serializable")


def dumps(value: object, separators: tuple[str, str] = (", ", ": ")) -> str:
    """``json.dumps(value, ensure_ascii=False, separators=separators)``."""
    if isinstance(value, str):
        return _json.encode_basestring(value)
    item, key = separators
    encode = _json.make_encoder({}, _default, _json.encode_basestring, None, key, item,
                                False, False, True)  # fmt: skip
    return "".join(encode(value, 0))
