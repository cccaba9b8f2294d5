"""The sync log: a numbered entry for every sync that changed the index (time, counts), kept in
the version folder (``synclog.json``, carried into the new version by a rebuild), and what
``search --new`` / ``--changed-since WHEN`` make of it.

Each document is marked in the file table with the number of the sync that added or last
changed it (``filetable``); ``changed_ids`` reads those marks. A sync that finds nothing to
change adds no entry: ``last`` is the last sync that changed something. Imports stay light:
searches read this.
"""

from __future__ import annotations

import datetime as dt
import os
from typing import TYPE_CHECKING, NamedTuple

from searcher.errors import BadQuery
from searcher.index import filetable, store

if TYPE_CHECKING:
    from searcher.index.plan import Plan
    from searcher.index.write import Target, Written

NAME = "synclog.json"
FORMAT = "defsearch-synclog"
NEVER = 2**62  # the first sync of an index without a log: no article counts as changed
MAX_ENTRIES = 10_000  # (the oldest go first; a watcher commits often)


class SyncEntry(NamedTuple):
    """One sync that changed the index."""

    sync: int
    time: str  # UTC, ISO 8601 to the second ("2026-12-02T03:40:00+00:00")
    added: int
    updated: int
    removed: int
    documents: int  # in the index after it
    rebuilt: bool

    def as_json(self) -> dict:
        """The entry as ``stats --format json`` and the log file hold it."""
        return self._asdict()


def read(version: str | None) -> list[SyncEntry]:
    """The log of the version folder ``version`` (empty when there is none)."""
    if version is None:
        return []
    data = store.read_json(os.path.join(version, NAME)) or {}
    if data.get("format") != FORMAT:
        return []
    entries = []
    for e in data.get("syncs", ()):
        try:
            added, updated, removed, docs = (
                int(e[k]) for k in ("added", "updated", "removed", "documents")
            )
            entries.append(
                SyncEntry(
                    int(e["sync"]),
                    str(e["time"]),
                    added,
                    updated,
                    removed,
                    docs,
                    bool(e["rebuilt"]),
                )
            )
        except (KeyError, TypeError, ValueError):
            continue
    return entries


def next_number(entries: list[SyncEntry]) -> int:
    """The number the next sync that changes the index gets (1 for the first)."""
    return entries[-1].sync + 1 if entries else 1


def write(version: str, entries: list[SyncEntry]) -> None:
    """Save the log (atomically) in ``version``, keeping the last MAX_ENTRIES entries."""
    store.write_json(
        os.path.join(version, NAME),
        {"format": FORMAT, "syncs": [e.as_json() for e in entries[-MAX_ENTRIES:]]},
    )


def now() -> str:
    """The time a sync is logged with."""
    return dt.datetime.now(dt.UTC).isoformat(timespec="seconds")


def first_sync(entries: list[SyncEntry], when: str) -> int:
    """The number of the first sync ``WHEN`` covers: ``last`` (the last sync that changed the
    index), a sync number as ``stats`` shows it, or an ISO date or date-time (the first sync at
    or after it; a date or time without zone is UTC). BadQuery when it is none of these."""
    text = when.strip()
    if not entries:
        return NEVER  # (an index from before the log: none of its marks is known to be new)
    if text.lower() == "last":
        return entries[-1].sync
    if text.isdigit():
        number = int(text)
        if not entries[0].sync - 1 <= number <= entries[-1].sync:
            raise BadQuery(
                f"--changed-since {text}: no such sync (syncs {entries[0].sync}"
                f"–{entries[-1].sync}; defsearch stats lists the last ones)"
            )
        return number
    moment = _moment(text)
    for e in entries:
        if dt.datetime.fromisoformat(e.time) >= moment:
            return e.sync
    return entries[-1].sync + 1  # (no sync since: nothing is new)


def _moment(text: str) -> dt.datetime:
    try:
        moment = dt.datetime.fromisoformat(text)
    except ValueError:
        raise BadQuery(
            f"--changed-since {text!r}: give last, a sync number (defsearch stats) or an ISO"
            " date or time (2026-12-01, 2026-12-01T08:00)"
        ) from None
    return moment if moment.tzinfo else moment.replace(tzinfo=dt.UTC)


def changed_ids(version: str, when: str) -> frozenset[str]:
    """The ids of the documents of the version folder ``version`` that the syncs ``when``
    covers added or changed (see ``first_sync``)."""
    since = first_sync(read(version), when)
    marks = filetable.read_syncs(version)
    if marks is None:
        return frozenset()
    ids, syncs = marks
    return frozenset(i for i, n in zip(ids, syncs, strict=True) if n >= since)


def log_sync(version: str, target: Target, plan: Plan, written: Written) -> None:
    """Add this sync's entry to the log in ``version`` (a new version starts from the live
    one's log), when it changed the index."""
    live = store.current_version(target.index_dir)
    rebuilt = live is None or os.path.abspath(live) != os.path.abspath(version)
    if not (written.added or written.updated or plan.delete or rebuilt):
        return
    entries = read(live)
    entry = SyncEntry(
        plan.sync,
        now(),
        written.added,
        written.updated,
        len(plan.delete),
        plan.documents(),
        rebuilt,
    )
    write(version, [e for e in entries if e.sync < plan.sync] + [entry])
