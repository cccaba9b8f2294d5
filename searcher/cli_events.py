"""`defsearch events`: the contacts the indexed articles report (a thin layer over
``search/events.py``), and how they are written: a table, JSON lines, one JSON object, CSV."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from searcher.cli import ExitStatus, _emit, _piped, _stderr, color_option, index_option, main
from searcher.output import Style, dumps, facet_lines, facets_dict, timeline_dict, timeline_lines
from searcher.search.event_kinds import EVENT_FACETS, KINDS
from searcher.startup.click_loader import click
from searcher.text import sanitize

if TYPE_CHECKING:
    from searcher.search.events import EventResult

EVENT_FORMATS = ("table", "jsonl", "json", "csv")
EVENTS_SINCE = 5  # the schema version whose indexes hold events
CSV_COLUMNS = ("event_id", "date", "kind", "pair", "countries", "participants", "place",
               "sources")  # fmt: skip


def _who(event: dict) -> str:
    return "; ".join(
        f"{p['name']} ({p['country']})" if p.get("country") else p["name"]
        for p in event["participants"]
    )


def _place(event: dict) -> str:
    place = event.get("place") or {}
    return ", ".join(v for v in (place.get("city"), place.get("country")) if v)


def _csv_value(value: str) -> str:
    value = sanitize(value, keep_newlines=False)
    return f'"{value.replace(chr(34), chr(34) * 2)}"' if any(c in value for c in ',"') else value


def _csv(result: EventResult) -> Iterator[str]:
    yield ",".join(CSV_COLUMNS)
    for e in result.events:
        cells = {
            "event_id": e["event_id"],
            "date": e.get("date") or "",
            "kind": e["kind"],
            "pair": e.get("pair") or "",
            "countries": " ".join(e.get("countries", ())),
            "participants": _who(e),
            "place": _place(e),
            "sources": " ".join(s["article"] for s in e["sources"]),
        }
        yield ",".join(_csv_value(cells[c]) for c in CSV_COLUMNS)


def _table(result: EventResult, style: Style, offset: int) -> Iterator[str]:
    clean = lambda text: sanitize(text, keep_newlines=False)  # noqa: E731
    for n, e in enumerate(result.events, start=offset + 1):
        where = _place(e)
        parties = e.get("pair") or ",".join(e.get("countries", ()))
        head = " · ".join(
            x for x in (e.get("date") or "date unknown", e["kind"], parties, where) if x
        )
        yield f"{n:>3}. {style.bold(clean(head))}"
        if e["participants"]:
            yield f"     {clean(_who(e))}"
        first, more = e["sources"][0], len(e["sources"]) - 1
        outlets = sorted({s["outlet"] for s in e["sources"] if s.get("outlet")})
        extra = f" (+{more} more: {', '.join(outlets)})" if more else ""
        yield style.dim(f"     {clean(first['article'])}{clean(extra)}")
    if result.total:
        yield ""
        yield f"{result.total} event{'s' * (result.total != 1)}"
    for facet in result.facets:
        yield from facet_lines(facet, style)


def event_lines(result: EventResult, fmt: str, style: Style, offset: int = 0) -> Iterator[str]:
    """The output of ``defsearch events`` in ``fmt`` (the JSON shapes are in the README)."""
    if fmt == "jsonl":
        for e in result.events:
            yield dumps(e)
        if result.facets:
            yield dumps({"facets": facets_dict(result.facets)})
    elif fmt == "json":
        out: dict[str, Any] = {"total": result.total, "events": list(result.events)}
        out["facets"] = facets_dict(result.facets)
        if result.timeline is not None:
            out["timeline"] = timeline_dict(result.timeline)
        yield dumps(out)
    elif fmt == "csv":
        yield from _csv(result)
    else:
        yield from _table(result, style, offset)


@main.command("events")
@click.argument("query", nargs=-1)
@index_option
@click.option("--pair", "pairs", multiple=True, metavar="A-B", help="Country pair: CU-VN.")
@click.option("--country", "countries", multiple=True, metavar="CODE", help="A party's country.")
@click.option("--official", "officials", multiple=True, metavar="NAME", help="A participant.")
@click.option("--kind", "kinds", multiple=True, type=click.Choice(KINDS), help="Kind of contact.")
@click.option("--since", metavar="DATE", help="From this date: YYYY, YYYY-MM or YYYY-MM-DD.")
@click.option("--until", metavar="DATE", help="Up to this date (inclusive).")
@click.option("--facet", "facets", multiple=True, type=click.Choice(EVENT_FACETS))
@click.option("--facet-limit", default=10, show_default=True, type=click.IntRange(0))
@click.option("--limit", default=0, show_default=True, type=click.IntRange(0), help="0: all.")
@click.option("--offset", default=0, show_default=True, type=click.IntRange(0))
@click.option("--format", "fmt", type=click.Choice(EVENT_FORMATS), help="Default: table/jsonl.")
@click.option("--timeline", is_flag=True, help="Events over time (stderr, or json's timeline).")
@color_option
def events_cmd(
    query: tuple[str, ...], index_dir: str, fmt: str | None, timeline: bool, color: str,
    **options: Any,
) -> None:  # fmt: skip
    """Contacts the articles report (who met whom, when, where, in what form): one line per
    event, the same contact reported by several articles once, with all its sources.

    \b
    Example: defsearch events --pair CU-VN --facet kind
    Kinds: reception, talks, phone-talks, visit, dialogue, meeting, port-call, exercise,
    signing, conference. QUERY selects the articles (search's syntax); the filters apply to
    each event.
    """
    from searcher.search.events import EventOptions, find
    from searcher.search.handle import Index

    values = EventOptions(query=" ".join(query), **options)
    fmt = fmt or _piped(sys.stdout, "table", "jsonl")
    if values.facets and fmt == "csv":
        raise click.UsageError("--facet needs --format table, json or jsonl, not csv")
    style = Style.detect(sys.stdout, color)
    with Index(index_dir) as ix:
        result = find(ix, values, with_timeline=timeline)
        written = ix.manifest.get("schema")
    if isinstance(written, int) and written < EVENTS_SINCE:
        _stderr(
            f"defsearch: the index at {index_dir} was written before events (schema {written});"
            " run defsearch index to rebuild it with them"
        )
    _emit(event_lines(result, fmt, style, values.offset))
    if result.timeline is not None and fmt != "json":
        for line in timeline_lines(result.timeline, Style.detect(sys.stderr, color)):
            _stderr(line)
    if not result.total:
        sys.exit(ExitStatus.NO_MATCH)
