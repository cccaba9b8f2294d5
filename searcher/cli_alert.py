"""`defsearch alert`: saved queries that report each new match once (a thin layer over
``alerts.py``), for cron: ``defsearch index && defsearch alert run | mail -s news me``."""

from __future__ import annotations

import sys
from typing import Any

from searcher.cli import ExitStatus, _emit, _path_resolver, _piped, _stderr, index_option, main
from searcher.search.results import SearchOptions
from searcher.startup.click_loader import click

ALERT_FORMATS = ("table", "jsonl", "ids")


@main.group("alert")
def alert_group() -> None:
    """Saved alerts: a query and filters whose new matches `alert run` reports once each.

    \b
    Example: defsearch alert add cuba-vn "defence" --pair CU-VN && defsearch alert run
    """


@alert_group.command("add")
@click.argument("name")
@click.argument("query", nargs=-1)
@index_option
@click.option("--any", "any_word", is_flag=True, help="Match any word, not all of them.")
@click.option("--pair", "pairs", multiple=True, metavar="A-B", help="Country pair: CU-VN.")
@click.option("--country", "countries", multiple=True, metavar="CODE", help="Country.")
@click.option("--official", "officials", multiple=True, metavar="NAME", help="Official.")
@click.option("--outlet", "outlets", multiple=True, metavar="NAME", help="Outlet.")
@click.option("--since", metavar="DATE", help="Articles dated from this date.")
@click.option("--until", metavar="DATE", help="Articles dated up to this date.")
def add_cmd(name: str, query: tuple[str, ...], index_dir: str, **filters: Any) -> None:
    """Save an alert NAME for QUERY and the filters given (as for `defsearch search`).

    \b
    Example: defsearch alert add hegseth Hegseth --country VN
    """
    from searcher import alerts

    options = SearchOptions(query=" ".join(query))._replace(**filters)
    alert = alerts.add(index_dir, name, options)
    _stderr(f"defsearch: saved alert {alert.name}; defsearch alert run {alert.name} reports it")


@alert_group.command("list")
@index_option
def list_cmd(index_dir: str) -> None:
    """The saved alerts: name, query, filters and how many articles each has reported.

    \b
    Example: defsearch alert list
    """
    from searcher import alerts
    from searcher.output import dumps

    found = alerts.listed(index_dir)
    for a in found:
        if sys.stdout.isatty():
            filters = " ".join(f"{k}={v}" for k, v in sorted(a.filters.items()))
            _emit([f"{a.name}\t{a.query}\t{filters}\t{a.reported} reported"])
        else:
            _emit([dumps({"name": a.name, "query": a.query, "filters": a.filters,
                          "created": a.created, "reported": a.reported})])  # fmt: skip
    if not found:
        sys.exit(ExitStatus.NO_MATCH)


@alert_group.command("rm")
@click.argument("name")
@index_option
def rm_cmd(name: str, index_dir: str) -> None:
    """Delete the alert NAME (and what it remembers having reported).

    \b
    Example: defsearch alert rm hegseth
    """
    from searcher import alerts

    alerts.remove(index_dir, name)
    _stderr(f"defsearch: removed alert {name}")


@alert_group.command("run")
@click.argument("names", nargs=-1, metavar="[NAME]...")
@index_option
@click.option(
    "--format",
    "fmt",
    type=click.Choice(ALERT_FORMATS),
    help="Default: table on a terminal, jsonl in a pipe (each line with its alert's name).",
)
def run_cmd(names: tuple[str, ...], index_dir: str, fmt: str | None) -> None:
    """Report the matches of each alert (or only NAME) that it has not reported before, and
    remember them.

    \b
    Exit: 0 something new, 1 nothing new, 2 error.
    Example: defsearch index && defsearch alert run | mail -s "defence news" me@example.org
    """
    from searcher import alerts
    from searcher.output import Style, dumps, hit_dict, search_lines
    from searcher.search.handle import Index
    from searcher.search.results import SearchResult

    fmt = fmt or _piped(sys.stdout, "table", "jsonl")
    style = Style.detect(sys.stdout, "auto")
    new = 0
    with Index(index_dir) as ix:
        path_of = _path_resolver(ix)
    for report in alerts.run(index_dir, names):
        new += len(report.hits)
        result = SearchResult(report.name, len(report.hits), report.hits)
        if fmt == "jsonl":
            _emit(dumps({"alert": report.name, **hit_dict(h)}) for h in report.hits)
        elif fmt == "ids":
            _emit(search_lines(result, "ids", style, 0, path_of))
        elif report.hits:
            _emit([style.bold(f"alert {report.name}: {len(report.hits)} new")])
            _emit(search_lines(result, "table", style, 0, path_of))
    if not new:
        sys.exit(ExitStatus.NO_MATCH)
