"""Which ``defsearch`` command lines the fast path answers: ``search`` with query words and the
options below, each read as click reads it (``--opt VALUE`` or ``--opt=VALUE``, options among
the words, ``--`` before words that start with a dash, the last value of a repeated option).
Anything else (another command, another option, a value click would refuse, a terminal on
stdout, where the default format is a table) is None: the full command runs.
"""

from __future__ import annotations

import os
import sys

from searcher.fast.answer import Request

FACETS = ("pair", "country", "official", "outlet", "year", "month")  # (cli._FACETS)
FORMATS = ("json", "jsonl", "ids", "paths", "count")  # (those answer.py writes)
FACET_FORMATS = ("table", "json", "jsonl")  # (output.FACET_FORMATS)
_VALUED = frozenset(("--index", "--facet", "--facet-limit", "--limit", "--offset", "--format"))


def _count(value: str) -> int | None:
    """click.IntRange(0)'s reading of a value (None where click refuses it)."""
    try:
        n = int(value)
    except ValueError:
        return None
    return n if n >= 0 else None


def request(args: list[str]) -> Request | None:
    """The search ``args`` (the command line after ``defsearch``) ask for, or None."""
    if not args or args[0] != "search":
        return None
    words: list[str] = []
    given: dict[str, str] = {}
    facets: list[str] = []
    i, n = 1, len(args)
    while i < n:
        arg = args[i]
        i += 1
        if arg == "--":
            words.extend(args[i:])
            break
        if not arg.startswith("-") or arg == "-":
            words.append(arg)
            continue
        name, eq, value = arg.partition("=")
        if name not in _VALUED:
            return None
        if not eq:
            if i >= n:
                return None
            value = args[i]
            i += 1
        if name == "--facet":
            if value not in FACETS:
                return None
            facets.append(value)
        else:
            given[name] = value
    limit = _count(given.get("--limit", "10"))
    offset = _count(given.get("--offset", "0"))
    facet_limit = _count(given.get("--facet-limit", "10"))
    if limit is None or offset is None or facet_limit is None or not limit:
        return None  # (--limit 0 streams the hits: the full path writes those)
    fmt = given.get("--format")
    if fmt is None:
        stdout = sys.stdout
        if stdout is None or stdout.isatty():
            return None  # (a table)
        fmt = "jsonl"
    if fmt not in FORMATS or (facets and fmt not in FACET_FORMATS):
        return None
    index_dir = given.get("--index")
    if index_dir is None:
        env = os.environ.get("DEFSEARCH_INDEX")
        if env == "":
            return None  # (how click reads an empty variable is its business)
        index_dir = env if env is not None else "index"
    return Request(
        query=" ".join(words),
        index_dir=index_dir,
        facets=tuple(dict.fromkeys(facets)),
        facet_limit=facet_limit,
        limit=limit,
        offset=offset,
        fmt=fmt,
        limit_given="--limit" in given,
    )
