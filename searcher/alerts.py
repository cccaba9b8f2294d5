"""Saved alerts: a named query with its filters, and the articles it has already reported, so
that ``defsearch alert run`` (from cron, after ``defsearch index``) reports each match once.

They live in the index folder, in ``defsearch-alerts.json`` (``store.ALERTS``: a name the store
reserves, outside the version folders, so that alerts survive rebuilds; a file of that name
that we did not write is refused, never replaced). Every change is written atomically
(temporary file, fsync, rename) while holding ``defsearch-alerts.lock``, so that two runs at
once cannot report the same match twice or lose what the other remembered. An article is
remembered by its id: a later change to it is not reported again.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import fcntl
import os
import re
from collections.abc import Iterator
from typing import NamedTuple

from searcher.errors import BadQuery, NotAnIndex
from searcher.index import store
from searcher.search.results import Hit, SearchOptions

FORMAT = "defsearch-alerts"
NAME_PATTERN = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.-]{0,63}")
FILTERS = ("any_word", "pairs", "countries", "officials", "outlets", "since", "until")


class Alert(NamedTuple):
    """One saved alert: its query and filters (SearchOptions' fields), when it was made, and
    how many articles it has reported."""

    name: str
    query: str
    filters: dict
    created: str
    reported: int

    def options(self) -> SearchOptions:
        """The search the alert runs: every match, newest first."""
        values: dict = {k: tuple(v) if isinstance(v, list) else v for k, v in self.filters.items()}
        return SearchOptions(query=self.query, limit=0, sort="-date")._replace(**values)


class Report(NamedTuple):
    """What one alert found that it had not reported before."""

    name: str
    hits: tuple[Hit, ...]


def _path(index_dir: str) -> str:
    return os.path.join(index_dir, store.ALERTS)


@contextlib.contextmanager
def _locked(index_dir: str) -> Iterator[dict]:
    """The alerts file's content, held under its lock; what the caller leaves in it is saved
    (atomically) when the block ends without an error."""
    store.require_version(index_dir)  # (an index must be there: alerts run against it)
    if not store.is_index(index_dir):
        raise NotAnIndex(f"{index_dir} is not a defsearch index")
    fd = os.open(os.path.join(index_dir, store.ALERTS_LOCK), os.O_RDWR | os.O_CREAT, 0o644)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        data = _read(index_dir)
        before = repr(data)
        yield data
        if repr(data) != before:
            store.write_json(_path(index_dir), data)
    finally:
        os.close(fd)


def _read(index_dir: str) -> dict:
    path = _path(index_dir)
    if not os.path.lexists(path):
        return {"format": FORMAT, "version": 1, "alerts": {}}
    data = store.read_json(path)
    if data is None or data.get("format") != FORMAT or not isinstance(data.get("alerts"), dict):
        raise NotAnIndex(
            f"{path} was not written by defsearch: its alerts cannot be read",
            hint="move that file away: defsearch never replaces it",
        )
    return data


def _alert(name: str, entry: dict) -> Alert:
    return Alert(name, entry["query"], entry["filters"], entry["created"], len(entry["reported"]))


def add(index_dir: str, name: str, options: SearchOptions) -> Alert:
    """Save an alert named ``name`` for ``options``' query and filters (BadQuery when the name
    is taken or not a name, or the query cannot run). What matches already is not reported as
    new: the first run reports it, once."""
    if not NAME_PATTERN.fullmatch(name):
        raise BadQuery(
            f"alert name {name!r}: use letters, digits, '.', '_' and '-' (up to 64)",
        )
    _check(index_dir, options)
    filters = {k: list(v) if isinstance(v, tuple) else v for k, v in options._asdict().items()
               if k in FILTERS and v not in (None, (), False)}  # fmt: skip
    now = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
    with _locked(index_dir) as data:
        if name in data["alerts"]:
            raise BadQuery(
                f"alert {name!r} exists already",
                hint=f"remove it first: defsearch alert rm {name}",
            )
        data["alerts"][name] = {
            "query": options.query,
            "filters": filters,
            "created": now,
            "reported": [],
        }
        return _alert(name, data["alerts"][name])


def _check(index_dir: str, options: SearchOptions) -> None:
    """A query or filter that cannot run is refused when the alert is saved, not at 3 a.m."""
    from searcher.search.handle import Index

    with Index(index_dir) as ix:
        ix.search(options._replace(limit=1, snippets=False))


def listed(index_dir: str) -> list[Alert]:
    """Every saved alert, by name."""
    with _locked(index_dir) as data:
        return [_alert(n, e) for n, e in sorted(data["alerts"].items())]


def remove(index_dir: str, name: str) -> None:
    """Delete the alert ``name`` (NotFound-like BadQuery when there is none)."""
    with _locked(index_dir) as data:
        if name not in data["alerts"]:
            raise BadQuery(f"no alert named {name!r}", hint="defsearch alert list shows them")
        del data["alerts"][name]


def run(index_dir: str, names: tuple[str, ...] = ()) -> Iterator[Report]:
    """Each alert's matches (``names``: only those; default all) that it has not reported,
    newest first. What a report holds is remembered once the caller has read every report
    (the generator finishes): an interrupted run reports it again next time, never loses it."""
    from searcher.search.handle import Index

    with _locked(index_dir) as data:
        alerts = data["alerts"]
        missing = [n for n in names if n not in alerts]
        if missing:
            raise BadQuery(f"no alert named {missing[0]!r}", hint="defsearch alert list shows them")
        chosen = names or tuple(sorted(alerts))
        reported: dict[str, list[str]] = {}
        with Index(index_dir) as ix:
            for name in chosen:
                entry = alerts[name]
                seen = set(entry["reported"])
                result = ix.search(_alert(name, entry).options())
                hits = tuple(h for h in result.hits if h.id not in seen)
                reported[name] = [h.id for h in hits]
                yield Report(name, hits)
        for name, ids in reported.items():
            alerts[name]["reported"] = alerts[name]["reported"] + ids
