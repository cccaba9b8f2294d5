"""The `defsearch` command: parses options, calls one library function, hands the result to
output.py. Heavy modules (Whoosh, the cleaner with lxml for HTML, the extractor with dateutil) are
imported inside the commands that need them, so `defsearch search` starts without loading the
cleaner or dateutil; bs4 is imported by the cleaner alone, only to read the character set a page
that is not UTF-8 declares.

stdout carries data only (hits, records, counts); messages, warnings, progress and the timeline
chart go to stderr.
"""

from __future__ import annotations

import contextlib
import functools
import os
import sys
from enum import IntEnum
from typing import TYPE_CHECKING

from searcher.cli_changes import changed_options, restrict, sync_lines
from searcher.errors import DefsearchError
from searcher.output import COLORS, SEARCH_FORMATS, Style
from searcher.search.results import SearchOptions
from searcher.startup.click_loader import click
from searcher.text import sanitize

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable
    from typing import IO, Any

    from searcher.search.handle import Index
    from searcher.search.results import Hit


class ExitStatus(IntEnum):
    """Exit codes, like grep: 0 found, 1 nothing found (or files skipped), 2 error."""

    OK = 0
    NO_MATCH = 1
    ERROR = 2
    INTERRUPTED = 130


_interrupted: list[bool] = []  # set once Ctrl-C has been reported (see ``_exit_interrupted``)


def _stderr(message: str) -> None:
    """One message on stderr, with any escape sequence or control character from a file name,
    an id or an article taken out (they would act on the terminal)."""
    click.echo(sanitize(message), err=True)


def example_of(command: click.Command) -> str | None:
    """The first example in a command's help: its first line that runs ``defsearch``."""
    for line in (command.help or "").splitlines():
        text = line.strip().removeprefix("Example:").strip()
        if text.startswith("defsearch ") or text.startswith("printf "):
            return text
    return None


class _Group(click.Group):
    """Turns library errors into one line on stderr and the documented exit codes, and lists
    an example of every command in its help."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except DefsearchError as exc:
            _stderr(f"defsearch: error: {' '.join(str(exc).split())}")
            ctx.exit(ExitStatus.ERROR)
        except KeyboardInterrupt:
            _stderr("defsearch: interrupted; the previous index is intact")
            _interrupted.append(True)
            ctx.exit(ExitStatus.INTERRUPTED)
        except BrokenPipeError:
            sys.stderr.close()  # a closed pipe (| head) is not an error
            ctx.exit(ExitStatus.OK)

    def format_epilog(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        rows = [(name, example_of(c)) for name, c in self.commands.items() if not c.hidden]
        with formatter.section("Examples (one per command; defsearch COMMAND --help for more)"):
            for _name, example in rows:
                if example:
                    formatter.write(f"{' ' * formatter.current_indent}{example}\n")
        with formatter.section("Shell completion (bash; zsh_source, fish_source for the others)"):
            formatter.write(f"{' ' * formatter.current_indent}{COMPLETION}\n")
        super().format_epilog(ctx, formatter)


COMPLETION = 'eval "$(_DEFSEARCH_COMPLETE=bash_source defsearch)"'  # (in ~/.bashrc)
index_option = click.option(
    "--index",
    "index_dir",
    envvar="DEFSEARCH_INDEX",
    default="index",
    show_default=True,
    metavar="DIR",
    help="Index folder (or set DEFSEARCH_INDEX).",
)
color_option = click.option(
    "--color",
    type=click.Choice(COLORS),
    default="auto",
    show_default=True,
    help="Colour: auto (a terminal, unless NO_COLOR is set), always, never.",
)


def count_option(what: str) -> Callable[[Callable[..., object]], Callable[..., object]]:
    """``--count articles|stories``: ``what`` the command's counts count, articles or stories."""
    return click.option(
        "--count",
        "count_by",
        type=click.Choice(["articles", "stories"]),
        default="articles",
        show_default=True,
        help=f"{what}: articles, or stories (near-duplicate versions once).",
    )


@click.group(cls=_Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="defsearch", prog_name="defsearch")
def main() -> None:
    """Full-text search over defence and diplomatic news, with facets.

    \b
    Quick start:
      defsearch index corpus/
      defsearch search "defence cooperation" --facet pair --facet official
    """


def _piped(stream: IO[str], on_terminal: str, in_a_pipe: str) -> str:
    """The default format: one for people at a terminal, one for programs reading a pipe."""
    return on_terminal if stream.isatty() else in_a_pipe


def _emit(lines: Iterable[str], end: str = "\n") -> None:
    # (colour was decided by Style; click would strip it from anything but a terminal)
    for line in lines:
        click.echo(line + end, nl=False, color=True)


# --- index --------------------------------------------------------------------------------------


def _progress_printer() -> Callable[[int, int], None] | None:
    if not sys.stderr.isatty():
        return None
    state = {"last": -1}

    def show(done: int, total: int) -> None:
        if total < 50:
            return
        pct = done * 100 // total
        if pct != state["last"]:
            state["last"] = pct
            bar = "█" * (pct // 4) + "·" * (25 - pct // 4)
            click.echo(f"\rindexing {bar} {pct:3d}% {done}/{total}", err=True, nl=done == total)

    return show


@main.command("index")
@click.argument("corpus", nargs=-1, type=click.Path())
@index_option
@click.option("--rebuild", is_flag=True, help="Build a new index from scratch and swap it in.")
@click.option(
    "--force",
    is_flag=True,
    help="Build in a folder that holds other files (they are left as they are).",
)
@click.option("--wait", default=0.0, metavar="SECONDS", help="Wait this long for another writer.")
@click.option("--workers", type=click.IntRange(1, 64), help="Worker processes (default: CPUs).")
@click.option(
    "--allow-mass-delete",
    is_flag=True,
    help="Let a sync remove more than half of the indexed articles.",
)
@click.option(
    "--follow-links",
    is_flag=True,
    help="Also index what symlinks out of the corpus point to (give it on every run).",
)
@click.option("-v", "--verbose", is_flag=True, help="List skipped files with their reasons.")
@click.option(
    "--full",
    is_flag=True,
    help="List every folder and hash every file (files rewritten in place; untrusted times).",
)
@click.option("--watch", is_flag=True, help="Then keep following the corpus (Ctrl-C stops).")
@click.option(
    "--poll",
    type=click.FloatRange(0.1),
    metavar="SECONDS",
    help="With --watch: scan on this period instead of following file system events.",
)
@click.option(
    "--changed",
    "changed_list",
    type=click.File("rb"),
    metavar="FILE",
    help="Only the files named in FILE changed (one path a line; - reads stdin): each is read"
    " again (a folder: listed), or removed when missing; nothing else is listed.",
)
@click.option("-0", "--null", is_flag=True, help="With --changed: paths end with NUL, not newline.")
def index_cmd(
    corpus: tuple[str, ...],
    index_dir: str,
    rebuild: bool,
    force: bool,
    wait: float,
    workers: int | None,
    allow_mass_delete: bool,
    follow_links: bool,
    verbose: bool,
    full: bool,
    watch: bool,
    poll: float | None,
    changed_list: IO[bytes] | None,
    null: bool,
) -> None:
    """Build the index, or bring it in sync with the corpus.

    New files are added, changed files re-indexed, deleted files removed. Without CORPUS the
    index re-syncs the corpus it was built from (first time: ./corpus). Files may be gzipped
    (a.txt.gz, b.html.gz, feed.jsonl.gz). A sync that would remove more than half of the index
    (an unmounted or emptied corpus folder) stops and changes nothing, unless
    --allow-mass-delete; so does a CORPUS other than the one the index holds, unless --rebuild;
    files in folders that cannot be read keep their articles.

    --changed FILE syncs only the files it names (a crawler's or `find -newer`'s list): each
    path is added or updated when it is there, removed when it is not (a folder gone: every
    file below it; a folder there is listed whole); a path that cannot be stat'ed is skipped
    and keeps its articles. The rest of the corpus is neither listed nor stat'ed, and the next
    plain sync lists those files' folders again.

    \b
    Exit: 0 all files indexed, 1 some skipped (see -v), 2 the run failed.
    Example: defsearch index corpus/ --index index/
             defsearch index --changed crawled.txt   (one path a line, from the crawler)
    """
    from dataclasses import replace

    from searcher.index import SyncOptions, sync

    options = SyncOptions(
        rebuild=rebuild,
        force=force,
        workers=workers,
        wait=wait,
        progress=_progress_printer(),
        allow_mass_delete=allow_mass_delete,
        follow_links=follow_links,
        full=full,
    )
    if poll is not None and not watch:
        raise click.UsageError("--poll applies to --watch")
    if null and changed_list is None:
        raise click.UsageError("-0 applies to --changed")
    if changed_list is not None:
        if rebuild or full or watch:
            raise click.UsageError("--changed cannot be combined with --rebuild, --full or --watch")
        raw = changed_list.read().split(b"\0" if null else b"\n")
        paths = tuple(os.fsdecode(p.rstrip(b"\r") if not null else p) for p in raw)
        options = replace(options, changed=tuple(p for p in paths if p))
    report = sync(list(corpus) or None, index_dir, options)
    if report.stale_lock_pid:
        _stderr(
            f"defsearch: recovered a lock left by process {report.stale_lock_pid} (not running)"
        )
    for warning in report.warnings:
        _stderr(f"defsearch: warning: {warning}")
    if verbose:
        for s in report.skipped:
            _stderr(f"skipped {s.rel}: {s.reason}")
        for rel in report.ignored:
            _stderr(f"ignored {rel}: hidden (a name starting with '.')")
    corpus_names = ", ".join(report.corpus)
    ignored = f", {len(report.ignored)} hidden ignored" if report.ignored else ""
    kept = report.kept
    kept_note = f" ({kept} indexed article{'s' * (kept != 1)} kept)" if kept else ""
    _stderr(
        f"{'built' if report.rebuilt else 'synced'} {report.index_dir} from {corpus_names}: "
        f"{report.added} added, {report.updated} updated, {report.removed} removed, "
        f"{report.unchanged} unchanged, {len(report.skipped)} skipped{kept_note}{ignored} "
        f"({report.files} files, {report.seconds:.1f} s)"
        + "".join(f"; folder outlets from {config}" for config in report.configs)
        + "".join(f"; record fields from {config}" for config in report.mappings)
        + ("" if verbose or not report.skipped else "; -v lists the skipped")
    )
    if watch:
        from searcher.cli_watch import watch as follow

        # (a sync run meanwhile by cron or by hand is waited for, not an error)
        watching = replace(options, full=False, progress=None, wait=max(options.wait, 60.0))
        follow(report.corpus, index_dir, watching, poll)
    if report.skipped:
        sys.exit(ExitStatus.NO_MATCH)


# --- search -------------------------------------------------------------------------------------


def _path_resolver(ix: Index) -> Callable[[Hit], str]:
    roots = ix.manifest.get("corpus", [])
    cwd = os.getcwd()

    def path_of(hit: Hit) -> str:
        for root in roots:
            full = os.path.join(root, hit.path)
            if os.path.exists(full) or len(roots) == 1:
                rel = os.path.relpath(full, cwd)
                return rel if not rel.startswith("..") else full
        return hit.path

    return path_of


_FACETS = ("pair", "country", "official", "outlet", "year", "month")
_SEARCH_OPTIONS = (
    click.option(
        "--any", "any_word", is_flag=True, help="Match any word (ranked), not all of them."
    ),
    click.option(
        "--pair", "pairs", multiple=True, metavar="A-B", help="Country pair: CU-VN or Cuba,Vietnam."
    ),
    click.option(
        "--country", "countries", multiple=True, metavar="CODE", help="Country (ISO code or name)."
    ),
    click.option(
        "--official", "officials", multiple=True, metavar="NAME", help="Official, accents optional."
    ),
    click.option(
        "--outlet", "outlets", multiple=True, metavar="NAME", help="Outlet: VNA, VNS, VOV, QDND…"
    ),
    click.option("--since", metavar="DATE", help="From this date: YYYY, YYYY-MM or YYYY-MM-DD."),
    click.option(
        "--until", metavar="DATE", help="Up to this date (inclusive; partial dates allowed)."
    ),
    click.option(
        "--facet",
        "facets",
        multiple=True,
        type=click.Choice(_FACETS),
        help="Count values over all matches (repeatable; table, json, or jsonl's last line).",
    ),
    click.option(
        "--facet-limit",
        default=10,
        show_default=True,
        type=click.IntRange(0),
        help="Values per facet (0: all).",
    ),
    click.option(
        "--sort",
        default="relevance",
        show_default=True,
        type=click.Choice(["relevance", "date", "-date"]),
    ),
    click.option(
        "--limit", default=10, show_default=True, type=click.IntRange(0), help="Hits (0: all)."
    ),
    click.option("--offset", default=0, show_default=True, type=click.IntRange(0)),
)


def search_options(command: Callable[..., object]) -> Callable[..., object]:
    """The search options (filters, facets, sort, page) on ``command``, which receives them as
    one ``SearchOptions`` (first parameter) with the QUERY words joined."""

    @functools.wraps(command)
    def wrapper(query: tuple[str, ...], **kwargs: Any) -> object:
        values = {name: kwargs.pop(name) for name in SearchOptions._fields if name in kwargs}
        values["facets"] = tuple(dict.fromkeys(values.get("facets", ())))
        return command(SearchOptions(query=" ".join(query), **values), **kwargs)

    for option in reversed(_SEARCH_OPTIONS):
        wrapper = option(wrapper)
    return wrapper


def _fields(value: str | None) -> tuple[str, ...] | None:
    """``--fields id,title`` → ``("id", "title")``; an unknown name is a usage error."""
    if value is None:
        return None
    from searcher.output import HIT_FIELDS

    names = tuple(n.strip() for n in value.split(",") if n.strip())
    unknown = [n for n in names if n not in HIT_FIELDS]
    if unknown or not names:
        what = f"unknown field {unknown[0]!r}" if unknown else "no field given"
        raise click.BadParameter(f"{what} (fields: {', '.join(HIT_FIELDS)})", param_hint="--fields")
    return names


def output_options(command: Callable[..., object]) -> Callable[..., object]:
    """``--format``, ``--fields``, ``-0/--null`` and ``--color``: how hits are written."""
    for option in reversed(
        (
            click.option(
                "--format",
                "fmt",
                type=click.Choice(SEARCH_FORMATS),
                help="Default: table on a terminal, jsonl in a pipe.",
            ),
            click.option(
                "--fields",
                metavar="A,B,…",
                help="Hit fields for jsonl, csv and tsv (id, path, title, date, outlet, "
                "countries, country_pairs, officials, score, snippet).",
            ),
            click.option(
                "-0", "--null", is_flag=True, help="End paths and ids with NUL (for xargs -0)."
            ),
            color_option,
        )
    ):
        command = option(command)
    return command


def _check_output(fmt: str, fields: tuple[str, ...] | None, null: bool, facets: bool) -> None:
    """Options that the chosen format would silently drop are usage errors."""
    from searcher.output import FACET_FORMATS, FIELD_FORMATS, NULL_FORMATS

    if fields is not None and fmt not in FIELD_FORMATS:
        raise click.UsageError(f"--fields applies to --format jsonl, csv and tsv, not {fmt}")
    if null and fmt not in NULL_FORMATS:
        raise click.UsageError(f"-0/--null applies to --format paths and ids, not {fmt}")
    if facets and fmt not in FACET_FORMATS:
        raise click.UsageError(
            f"--facet needs --format table, json or jsonl (its last line holds the facets), not"
            f" {fmt}; for one facet's counts alone: defsearch facets FIELD [QUERY]"
        )


@main.command("search")
@click.argument("query", nargs=-1)
@index_option
@search_options
@changed_options
@click.option("--all", "every", is_flag=True, help="Every match, streamed (as --limit 0).")
@output_options
@click.option(
    "--queries",
    type=click.File("r", encoding="utf-8"),
    metavar="FILE",
    help="One query per line (- for stdin); JSON lines out, one per query.",
)
@click.option(
    "--timeline", is_flag=True, help="Matches per day, month or year (stderr; json: in it)."
)
@click.option(
    "--collapse", is_flag=True, help="One hit per story: a story's other versions in its hit."
)
@count_option("What facet and timeline counts count")
def search_cmd(
    options: SearchOptions,
    index_dir: str,
    every: bool,
    fmt: str | None,
    fields: str | None,
    null: bool,
    color: str,
    queries: IO[str] | None,
    timeline: bool,
    changed_since: str | None,
) -> None:
    """Search the index. QUERY uses Whoosh syntax: AND OR NOT, "phrases", wild*cards,
    fields title: pair: country: official: outlet: date:, and -word to leave out articles
    with a word (put -- before a QUERY that starts with one: -- -Japan Cuba).

    \b
    Examples:
      defsearch search "defence cooperation" --pair CU-VN --facet official
      defsearch search "Cuba -Japan" --since 2024 --timeline
      defsearch search 'official:"Phan Van Giang"' --since 2025 --format jsonl
      defsearch search Hegseth --all --format paths -0 | xargs -0 wc -w
      defsearch search Cuba --all --format csv --fields id,date,title > cuba.csv
      printf 'Cuba\\nJapan\\n' | defsearch search --queries - --facet pair
    \b
    Exit: 0 matches found, 1 none, 2 error (bad query or option, missing index).
    """
    from searcher.search.handle import Index

    ctx = click.get_current_context()
    limit_given = ctx.get_parameter_source("limit") != click.core.ParameterSource.DEFAULT
    if every:
        options = options._replace(limit=0)
    hit_fields = _fields(fields)
    if queries is not None:
        _check_batch(options, fmt, null, timeline)
    stdout = sys.stdout
    fmt = fmt or _piped(stdout, "table", "jsonl")
    if queries is None:
        _check_output(fmt, hit_fields, null, bool(options.facets))
    if fmt in ("paths", "ids", "count") or (hit_fields is not None and "snippet" not in hit_fields):
        options = options._replace(snippets=False)  # (no snippet is written: none is made)
    style = Style.detect(stdout, color)
    with Index(index_dir) as ix:
        restrict(ix, changed_since)
        if queries is not None:
            sys.exit(_batch(ix, options, queries, hit_fields))
        result = ix.search(options)
        histogram = ix.timeline(options) if timeline else None
        from searcher.output import line_end, search_lines, timeline_lines

        notes: list[str] = []
        lines = search_lines(
            result,
            fmt,
            style,
            options.offset,
            _path_resolver(ix),
            hit_fields,
            histogram if fmt == "json" else None,
            null,
            notes,
        )
        _emit(lines, line_end(fmt, null))
        for note in notes:
            _stderr(note)
        if not limit_given and options.limit and fmt not in ("table", "json", "count"):
            shown = max(0, min(options.limit, result.total - options.offset))
            if options.offset + shown < result.total:
                _stderr(
                    f"defsearch: wrote {shown} of {result.total} matches; --all writes every"
                    " one (or --limit N)"
                )
        if histogram is not None and fmt != "json":
            for line in timeline_lines(histogram, Style.detect(sys.stderr, color)):
                click.echo(line, err=True, color=True)  # (our own bars; periods are digits)
    if result.total == 0:
        if result.suggestion:
            _stderr(f"defsearch: no matches; did you mean: {result.suggestion}")
        sys.exit(ExitStatus.NO_MATCH)


def _check_batch(options: SearchOptions, fmt: str | None, null: bool, timeline: bool) -> None:
    """What --queries cannot honour is a usage error, never silently ignored."""
    if options.query:
        raise click.UsageError(
            "give the query either as QUERY or as lines of --queries FILE, not both"
        )
    if fmt not in (None, "jsonl"):
        raise click.UsageError(
            f"--queries writes JSON lines (an object per query): --format {fmt} does not apply"
        )
    if null or timeline:
        option = "-0/--null" if null else "--timeline"
        raise click.UsageError(f"{option} does not apply to --queries")


def _batch(
    ix: Index, options: SearchOptions, stream: Iterable[str], fields: tuple[str, ...] | None
) -> int:
    """Answer one query per line as JSON lines; exit 0 if any matched, 1 if none, 2 on errors."""
    from searcher.output import dumps, facets_dict, hit_dict

    any_hits = errors = False
    for n, line in enumerate(stream, start=1):
        text = line.rstrip("\n")
        if not text.strip():
            continue
        try:
            result = ix.search(options._replace(query=text))
        except DefsearchError as exc:
            errors = True
            click.echo(dumps({"line": n, "query": text, "error": str(exc)}))
            continue
        any_hits = any_hits or result.total > 0
        out = {
            "line": n,
            "query": text,
            "total": result.total,
            **({"stories": result.stories} if result.stories is not None else {}),
            "hits": [hit_dict(h, fields) for h in result.hits],
        }
        if result.facets:
            out["facets"] = facets_dict(result.facets)
        if result.suggestion:
            out["suggestion"] = result.suggestion
        click.echo(dumps(out))
    if errors:
        return ExitStatus.ERROR
    return ExitStatus.OK if any_hits else ExitStatus.NO_MATCH


# --- facets, show, similar, stats, export -------------------------------------------------------


@main.command("facets")
@click.argument("field", type=click.Choice(_FACETS))
@click.argument("query", nargs=-1)
@index_option
@click.option(
    "--sort", "by", default="count", show_default=True, type=click.Choice(["count", "value"])
)
@click.option(
    "--limit", default=0, show_default=True, type=click.IntRange(0), help="Values to show (0: all)."
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["table", "json", "jsonl", "tsv"]),
    help="Default: table on a terminal, jsonl in a pipe.",
)
@color_option
@count_option("What the counts count")
def facets_cmd(
    field: str,
    query: tuple[str, ...],
    index_dir: str,
    by: str,
    limit: int,
    fmt: str | None,
    color: str,
    count_by: str,
) -> None:
    """Every value of a facet with its count, over all articles or a query's matches.

    \b
    Example: defsearch facets official "defence cooperation" --limit 20
    """
    from searcher.output import facet_only_lines
    from searcher.search.handle import Index

    with Index(index_dir) as ix:
        options = SearchOptions(query=" ".join(query), facet_limit=limit, count_by=count_by)
        facet = ix.facet(field, options, by=by)
    fmt = fmt or _piped(sys.stdout, "table", "jsonl")
    _emit(facet_only_lines(facet, fmt, Style.detect(sys.stdout, color)))
    if not facet.results:
        sys.exit(ExitStatus.NO_MATCH)


def _resolve_id(ix: Index, value: str) -> str:
    """An id as given, or a path inside the corpus turned into its id; paths outside refused."""
    from searcher.errors import NotFound

    try:
        value.encode("utf-8")
    except UnicodeEncodeError:  # (bytes of the command line that are not UTF-8)
        shown = value.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
        raise NotFound(
            f"no article with id '{shown}': it is not UTF-8 text, and neither is any id",
            hint="files whose names are not UTF-8 are skipped by defsearch index; rename them",
        ) from None
    if ix.has(value):
        return value
    if os.sep in value or value.startswith("."):
        real = os.path.realpath(value)
        for root in ix.manifest.get("corpus", []):
            root_real = os.path.realpath(root)
            if real.startswith(root_real + os.sep):
                return os.path.relpath(real, root_real).replace(os.sep, "/")
        raise NotFound(f"{value!r} is outside the corpus", hint="give an id from search results")
    return value


@main.command("show")
@click.argument("doc_id", metavar="ID")
@index_option
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "json"]),
    help="Default: text on a terminal, json in a pipe.",
)
@color_option
@click.option(
    "--versions", is_flag=True, help="List the other versions of its story (near-duplicates)."
)
def show_cmd(doc_id: str, index_dir: str, fmt: str | None, color: str, versions: bool) -> None:
    """Show one indexed article (by id, or its path in the corpus): metadata and cleaned text.

    \b
    Example: defsearch show 003-vna-vietnamese-us-defence-chiefs-phone-talks.txt --format json
    """
    from searcher.records import record_lines
    from searcher.search.handle import Index

    with Index(index_dir) as ix:
        if versions:
            from searcher.output import versions_lines

            found = _resolve_id(ix, doc_id)
            shown = fmt or _piped(sys.stdout, "text", "json")
            _emit(versions_lines(found, ix.versions(found), shown))
            return
        record = ix.get(_resolve_id(ix, doc_id))
    fmt = fmt or _piped(sys.stdout, "text", "json")
    _emit(record_lines(record, fmt, Style.detect(sys.stdout, color)))


@main.command("similar")
@click.argument("doc_id", metavar="ID")
@index_option
@click.option("--limit", default=10, show_default=True, type=click.IntRange(1))
@output_options
def similar_cmd(
    doc_id: str, index_dir: str, limit: int, fmt: str | None, fields: str | None, null: bool,
    color: str,
) -> None:  # fmt: skip
    """Articles most like one article (more like this), with the passages where the words
    they share are.

    \b
    Example: defsearch similar 001-vna-vietnam-cuba-strengthen-defence-cooperation.txt
    """
    from searcher.output import line_end, search_lines
    from searcher.search.handle import Index
    from searcher.search.results import SearchResult

    stdout = sys.stdout
    fmt = fmt or _piped(stdout, "table", "jsonl")
    hit_fields = _fields(fields)
    _check_output(fmt, hit_fields, null, False)
    with Index(index_dir) as ix:
        hits = ix.similar(_resolve_id(ix, doc_id), limit)
        result = SearchResult(f"similar:{doc_id}", len(hits), hits)
        style = Style.detect(stdout, color)
        notes: list[str] = []
        lines = search_lines(
            result, fmt, style, 0, _path_resolver(ix), hit_fields, null=null, notes=notes
        )
        _emit(lines, line_end(fmt, null))
        for note in notes:
            _stderr(note)
    if not hits:
        sys.exit(ExitStatus.NO_MATCH)


@main.command("stats")
@index_option
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "json"]),
    help="Default: text on a terminal, json in a pipe (sizes in bytes).",
)
def stats_cmd(index_dir: str, fmt: str | None) -> None:
    """Document count, date range, index size, corpus and last sync time.

    \b
    Example: defsearch stats --format json
    """
    from searcher.records import stats_lines
    from searcher.search.handle import Index

    with Index(index_dir) as ix:
        stats = ix.stats()
    fmt = fmt or _piped(sys.stdout, "text", "json")
    _emit(stats_lines(stats, fmt))
    if fmt == "text":
        _emit(sync_lines(stats["syncs"]))


@main.command("export")
@index_option
@click.option(
    "--format",
    "fmt",
    default="jsonl",
    show_default=True,
    type=click.Choice(["jsonl", "opensearch"]),
    help="jsonl: a record per line; opensearch: the bulk format (an action line per record).",
)
@click.option(
    "--index-name",
    default="defsearch",
    show_default=True,
    metavar="NAME",
    help="The OpenSearch index the bulk lines (and the --mapping template) name.",
)
@click.option(
    "--mapping",
    is_flag=True,
    help="Print the OpenSearch/Elasticsearch index template (our analysis) instead.",
)
def export_cmd(index_dir: str, fmt: str, index_name: str, mapping: bool) -> None:
    """Every indexed article with its fields and cleaned body, streamed: JSON lines, or
    OpenSearch's bulk format; --mapping prints the index template that mirrors our analysis.

    \b
    Examples:
      defsearch export > articles.jsonl
      defsearch export --mapping > template.json
      defsearch export --format opensearch > bulk.ndjson
    """
    from searcher.output import dumps
    from searcher.search.handle import Index

    if mapping:
        import json

        from searcher.engine.opensearch import index_template

        click.echo(json.dumps(index_template(f"{index_name}*"), ensure_ascii=False, indent=2))
        return
    with Index(index_dir) as ix:
        if fmt == "opensearch":
            from searcher.records import bulk_lines

            _emit(bulk_lines(ix.export(), index_name))
            return
        for record in ix.export():
            click.echo(dumps(record))


# --- clean --------------------------------------------------------------------------------------


@main.command("clean")
@click.argument("file", type=click.File("rb"))
@click.option("--explain", is_flag=True, help="List every removed block with its reason.")
@click.option(
    "--format", "fmt", default="text", show_default=True, type=click.Choice(["text", "json"])
)
@color_option
def clean_cmd(file: IO[bytes], explain: bool, fmt: str, color: str) -> None:
    """Clean one raw article (text or HTML, gzipped or not; - for stdin) and show what was
    extracted.

    \b
    Example: defsearch clean corpus/003-vna-vietnamese-us-defence-chiefs-phone-talks.txt --explain
    """
    from searcher.clean import clean
    from searcher.corpus import decompressed
    from searcher.extract import extract
    from searcher.records import cleaned_lines

    name = getattr(file, "name", "-") or "-"
    data, name = decompressed(file.read(), "" if name in ("-", "<stdin>") else name)
    cleaned = clean(data, os.path.basename(name))
    style = Style.detect(sys.stdout, color)
    _emit(cleaned_lines(cleaned, extract(cleaned), fmt, explain, style))


# Commands in modules of their own, registered as they are imported.
import searcher.cli_alert  # noqa: E402  (`defsearch alert`)
import searcher.cli_check  # noqa: E402  (`defsearch check`)
import searcher.cli_events  # noqa: E402, F401  (`defsearch events`)

# Commands that only read: they end with a quick exit (see ``run``)
READ_ONLY = frozenset({"search", "facets", "show", "similar", "stats", "export", "events"})


def _exit_interrupted() -> None:
    """(At exit, after every other exit handler.) After a Ctrl-C, exit 130 as documented.
    CPython marks a KeyboardInterrupt raised inside code run by ``exec`` (multiprocessing and
    the standard library define classes that way) as never handled, even once our handler has
    handled it, and then ends the process by SIGINT at exit, whatever code it was given."""
    if _interrupted:
        for stream in (sys.stdout, sys.stderr):
            with contextlib.suppress(OSError, ValueError):
                stream.flush()
        os._exit(ExitStatus.INTERRUPTED)


def run(argv: list[str] | None = None) -> None:
    """The `defsearch` console script: ``main``, and after a read-only command a quick exit
    once its output is flushed. Tearing down the interpreter (every module, the open index's
    objects) costs a one-shot search ~9 ms for nothing; commands that write exit normally
    (atexit handlers, worker pools)."""
    args = sys.argv[1:] if argv is None else argv
    if not args or args[0] not in READ_ONLY:
        import atexit

        atexit.register(_exit_interrupted)  # (registered first: it runs last)
        main(args, prog_name="defsearch")
        return
    try:
        main(args, prog_name="defsearch")
        code: int | str | None = 0
    except SystemExit as exc:
        code = exc.code
    if not isinstance(code, int):
        if code is not None:
            sys.stderr.write(f"{code}\n")
        code = 0 if code is None else ExitStatus.ERROR
    for stream in (sys.stdout, sys.stderr):
        with contextlib.suppress(OSError, ValueError):  # a closed pipe (| head), a closed stream
            stream.flush()
    os._exit(code)


if __name__ == "__main__":  # pragma: no cover
    run()
