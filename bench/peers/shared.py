"""What the peer processes share: the corpus as files, the facet table, the query loop."""

from __future__ import annotations

import json
import marshal
import os
import sys
import time
from collections.abc import Callable, Iterator

FACETS = ("pair", "country", "official")
TOP = 10  # hits, and values per facet

# path -> (date "YYYY-MM-DD" or None, pairs, countries, officials), as defsearch extracted them
Table = dict[str, tuple[str | None, list[str], list[str], list[str]]]


def load_table(path: str) -> Table:
    with open(path, "rb") as f:
        return marshal.load(f)


EMPTY: tuple = (None, [], [], [])


def paths(corpus: str) -> Iterator[tuple[str, str]]:
    """(path relative to the corpus, full path) of every .txt file, in folder order."""
    start = len(corpus.rstrip("/")) + 1
    for folder, dirs, names in os.walk(corpus):
        dirs.sort()
        for name in sorted(names):
            if name.endswith(".txt"):
                full = os.path.join(folder, name)
                yield full[start:], full


def documents(corpus: str, table: Table) -> Iterator[tuple[str, str, str, float, tuple]]:
    """(path relative to the corpus, title, body, mtime, facet row) for every .txt file, in
    folder order; a file defsearch did not index (none here) has no facet values."""
    for rel, full in paths(corpus):
        yield (rel, *read(full), os.stat(full).st_mtime, table.get(rel, EMPTY))


def read(full: str) -> tuple[str, str]:
    """A file's title (its first line) and body (the rest)."""
    with open(full, encoding="utf-8") as f:
        text = f.read()
    title, _, body = text.partition("\n")
    return title, body.strip()


def top_counts(counts: dict[str, int]) -> list[tuple[str, int]]:
    return sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[:TOP]


def answer(top: list, count: int, facets: dict) -> dict:
    return {"count": count, "top": top, "facets": facets}


def warm(run: Callable[[str], dict], queries_file: str, offset: int, limit: int = 0) -> None:
    """Every query once (each seen for the first time in this process), then all again
    (repeats): per-query seconds and counts on stdout as one JSON line. ``limit``: only the
    first queries (after the rotation)."""
    with open(queries_file, encoding="utf-8") as f:
        queries = [q for q in f.read().splitlines() if q]
    offset %= len(queries)
    queries = queries[offset:] + queries[:offset]  # the order rotates from run to run
    queries = queries[:limit] if limit else queries
    out: dict = {"first": [], "repeat": [], "counts": {}}
    for key in ("first", "repeat"):
        for q in queries:
            t0 = time.perf_counter()
            result = run(q)
            out[key].append(time.perf_counter() - t0)
            out["counts"][q] = result["count"]
    print(json.dumps(out))


def main(commands: dict[str, Callable[..., None]]) -> None:
    command, *args = sys.argv[1:]
    commands[command](*args)
