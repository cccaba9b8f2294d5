"""Events from an index: the contacts its articles report, filtered, merged across articles,
with facets and a timeline (``defsearch events``).

Each article's events are stored with it at index time (``extract/events.py``; this module never
imports the extractor). A query selects articles by their text and by their events' keyword
fields, then each event is checked against the filters itself, and the same contact reported by
several articles (same parties, same day, a participant in common on each side named by both)
becomes one event with all its sources.
"""

from __future__ import annotations

import datetime as dt
import json
from collections import Counter
from typing import TYPE_CHECKING, NamedTuple

from searcher.engine import queries as Q
from searcher.errors import BadQuery
from searcher.search.event_kinds import EVENT_FACETS, KINDS
from searcher.search.query import (
    match_officials,
    partial_date,
    resolved_countries,
    resolved_pairs,
)
from searcher.search.results import Facet, FacetCount, Timeline

if TYPE_CHECKING:
    from collections.abc import Iterable

    from searcher.search.handle import Index


class EventOptions(NamedTuple):
    """What ``defsearch events`` asks for, as one value."""

    query: str = ""
    pairs: tuple[str, ...] = ()
    countries: tuple[str, ...] = ()
    officials: tuple[str, ...] = ()
    kinds: tuple[str, ...] = ()
    since: str | None = None
    until: str | None = None
    facets: tuple[str, ...] = ()
    facet_limit: int = 10
    limit: int = 0  # 0: every event
    offset: int = 0


class EventResult(NamedTuple):
    """The merged events of one page (newest first), how many there are in all, and facets
    (and a timeline, when asked) over all of them."""

    events: tuple[dict, ...]
    total: int
    facets: tuple[Facet, ...] = ()
    timeline: Timeline | None = None


class _Filter(NamedTuple):
    pairs: frozenset[str]
    countries: frozenset[str]
    officials: frozenset[str] | None  # None: no --official given
    kinds: frozenset[str]
    start: str | None  # YYYYMMDD
    stop: str | None


def _resolve(options: EventOptions, labels: dict[str, dict[str, str]]) -> _Filter:
    known = labels.get("country", {})
    pairs = resolved_pairs(options.pairs, known)
    found = resolved_countries(options.countries, known)
    for kind in options.kinds:
        if kind not in KINDS:
            raise BadQuery(f"--kind {kind!r}: unknown kind", hint="kinds: " + ", ".join(KINDS))
    for name in options.facets:
        if name not in EVENT_FACETS:
            raise BadQuery(f"unknown facet {name!r}", hint="facets: " + ", ".join(EVENT_FACETS))
    officials = None
    if options.officials:
        keys: list[str] = []
        for name in options.officials:
            keys.extend(match_officials(name, labels.get("official", {})))
        officials = frozenset(keys)
    start = partial_date(options.since, end=False) if options.since else None
    stop = partial_date(options.until, end=True) if options.until else None
    if start and stop and start > stop:
        raise BadQuery(f"--since {options.since} is after --until {options.until}")
    return _Filter(
        frozenset(pairs), frozenset(found), officials, frozenset(options.kinds), start, stop
    )


def _index_filter(f: _Filter) -> Q.Query:
    """Articles with an event that may pass the filter (each event is checked after)."""

    def any_of(field: str, values: Iterable[str]) -> Q.Query:
        return Q.any_of([Q.term(field, v.lower()) for v in sorted(values)])

    parts = [any_of("event_kind", f.kinds or KINDS)]
    if f.pairs:
        parts.append(any_of("event_pair", f.pairs))
    if f.countries:
        parts.append(any_of("event_country", f.countries))
    if f.officials is not None:
        parts.append(any_of("event_official", f.officials) if f.officials else Q.nothing())
    return Q.all_of(parts)


def _span(date: str | None) -> tuple[str, str] | None:
    """The days (YYYYMMDD) an event's date covers; None for an unknown or yearless date."""
    if not date or date.startswith("--"):
        return None
    return partial_date(date, end=False), partial_date(date, end=True)


def _passes(event: dict, f: _Filter) -> bool:
    if f.kinds and event["kind"] not in f.kinds:
        return False
    if f.pairs and event.get("pair") not in f.pairs:
        return False
    if f.countries and not f.countries & set(event.get("countries", ())):
        return False
    if f.officials is not None:
        keys = {p["key"] for p in event.get("participants", ())}
        if not keys & f.officials:
            return False
    if f.start or f.stop:
        span = _span(event.get("date"))
        if span is None:
            return False  # (a guessed year would hide it from the right ranges silently)
        if (f.start and span[1] < f.start) or (f.stop and span[0] > f.stop):
            return False
    return True


def _same_person(a: str, b: str) -> bool:
    x, y = set(a.split()), set(b.split())
    return x <= y or y <= x


def _same_contact(a: dict, b: dict) -> bool:
    """Whether two articles' events are one contact: same parties and day (a yearless date
    never merges), the same kind family, and someone in common on every side both name."""
    if not a.get("date") or a["date"] != b.get("date") or a["date"].startswith("--"):
        return False
    if a.get("pair") != b.get("pair") or a.get("countries") != b.get("countries"):
        return False
    special = ("signing", "conference")
    if (a["kind"] in special or b["kind"] in special) and a["kind"] != b["kind"]:
        return False
    shared = False
    for code in a.get("countries", ()):
        mine = [p["key"] for p in a["participants"] if p.get("country") == code]
        theirs = [p["key"] for p in b["participants"] if p.get("country") == code]
        if mine and theirs:
            if not any(_same_person(x, y) for x in mine for y in theirs):
                return False
            shared = True
    return shared


def _source(event: dict, stored: dict) -> dict:
    record = json.loads(stored.get("record") or "{}")
    return {
        "article": stored["id"],
        "outlet": record.get("outlet"),
        "title": record.get("title"),
        "evidence": event.get("evidence"),
    }


def _merge(into: dict, other: dict, source: dict) -> None:
    into["sources"].append(source)
    for p in other["participants"]:
        if not any(_same_person(p["key"], q["key"]) for q in into["participants"]):
            into["participants"].append(p)
    if not into["place"].get("city") and other["place"].get("city"):
        into["place"] = other["place"]
    into["event_id"] = min(into["event_id"], other["event_id"])


def collect(ix: Index, options: EventOptions) -> list[dict]:
    """Every event passing the options, merged across articles, newest first (undated last)."""
    f = _resolve(options, ix.labels)
    merged: list[dict] = []
    by_day: dict[tuple, list[dict]] = {}
    for stored in ix.stored_matching(options.query, _index_filter(f)):
        for event in json.loads(stored.get("events") or "[]"):
            if not _passes(event, f):
                continue
            source = _source(event, stored)
            key = (event.get("date"), event.get("pair"), tuple(event.get("countries", ())))
            same = next((m for m in by_day.get(key, ()) if _same_contact(m, event)), None)
            if same is not None:
                _merge(same, event, source)
                continue
            record = {k: v for k, v in event.items() if k not in ("article", "evidence")}
            record["participants"] = list(event.get("participants", ()))
            record["article"], record["evidence"] = source["article"], source["evidence"]
            record["sources"] = [source]
            merged.append(record)
            by_day.setdefault(key, []).append(record)
    merged.sort(key=_order)
    return merged


def _order(event: dict) -> tuple:
    """Newest first; a yearless or unknown date last; then by id (a stable order)."""
    span = _span(event.get("date"))
    return (span is None, -int(span[0]) if span else 0, event["event_id"])


def find(ix: Index, options: EventOptions, with_timeline: bool = False) -> EventResult:
    """One page of merged events, their total, and the facets asked for (and the timeline)
    over all of them."""
    events = collect(ix, options)
    facets = tuple(_facet(ix, name, events, options.facet_limit) for name in options.facets)
    stop = options.offset + options.limit if options.limit else None
    line = timeline(events) if with_timeline else None
    return EventResult(tuple(events[options.offset : stop]), len(events), facets, line)


def facet_values(event: dict, name: str) -> list[str]:
    """The values one event counts under a facet."""
    if name == "kind":
        return [event["kind"]]
    if name == "pair":
        return [event["pair"]] if event.get("pair") else []
    if name == "official":
        return list(dict.fromkeys(p["key"] for p in event.get("participants", ())))
    span = _span(event.get("date"))
    return [span[0][:4]] if span else []


def _facet(ix: Index, name: str, events: list[dict], limit: int) -> Facet:
    counts: Counter[str] = Counter()
    for event in events:
        counts.update(facet_values(event, name))
    items = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))
    shown = items if limit <= 0 else items[:limit]
    label_of = {"pair": "pair", "official": "official"}.get(name)
    results = tuple(FacetCount(v, ix.label(label_of, v) if label_of else v, n) for v, n in shown)
    return Facet(name, results, truncated=len(shown) < len(items))


def timeline(events: list[dict]) -> Timeline:
    """Events over time (the buckets of ``search --timeline``)."""
    from searcher.search.handle import _buckets

    counts: Counter[dt.date] = Counter()
    undated = 0
    for event in events:
        span = _span(event.get("date"))
        if span is None:
            undated += 1
        else:
            counts[dt.date(int(span[0][:4]), int(span[0][4:6]), int(span[0][6:]))] += 1
    return Timeline(*_buckets(counts), undated=undated, total=len(events))
