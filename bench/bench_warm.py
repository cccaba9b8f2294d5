"""Warm queries in one process, side by side with SQLite FTS5 doing the same work (issue 19).

Each of 200 distinct queries asks for the top 10 hits, the exact count and three facet counts
(pair, country, official, the top 10 values of each):

- defsearch: ``Index(...).search(SearchOptions(query, facets=(pair, country, official),
  limit=10, snippets=...))``, the library call batch mode makes.
- SQLite FTS5 (stdlib ``sqlite3``): a table of title and body (``porter unicode61`` tokenizer,
  diacritics removed), its top 10 by ``bm25`` (title weighted 2, as ours) with id and title,
  the count, and for each facet a ``GROUP BY`` over a table of (document, facet, value) rows,
  each facet statement over the rows MATCH selects. The facet rows are our index's own facet
  values, so both count the same data.

Both tools do the same work in each of two modes, each its own rounds: no snippets (ours
``snippets=False``; FTS5 id and title), and a snippet of the body for each of the 10 hits
(ours as the CLI's default; FTS5 its ``snippet()`` on the body column in the top-10 query).

Queries are generated from the corpus vocabulary (seeded): single words from rare to common,
two and three words from one article, two-word phrases from one article's text, plus the plain
queries of ``bench/queries.txt``; every one distinct, so no answer is a repeat served from a
cache. Each round is a fresh process that opens the index and the database and runs every query
once, the two tools taking turns per query (which goes first alternates); the order of the
queries is rotated from round to round. Load average is printed.

    python bench/bench_warm.py                          # build what is missing, 3 rounds
    python bench/bench_warm.py --rounds 5 --profile     # and time each stage of ours
    python bench/bench_warm.py --snippets off           # the mode without snippets only
    git archive HEAD~3 searcher | tar -x -C /tmp/old && \
    python bench/bench_warm.py --before /tmp/old        # rounds of that version in between

``figures(index_dir, db)`` returns one round's numbers as a dict (bench_speed.py may call it).
"""

from __future__ import annotations

import argparse
import json
import math
import os
import random
import re
import sqlite3
import statistics
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

from _common import ROOT, WORK, news_items

FACETS = ("pair", "country", "official")
SIZE = 55_340
N_QUERIES = 200
TOP = 10
_WORD = re.compile(r"[A-Za-z][a-z]{2,}")
# words no one searches for alone (the index's analysis keeps most of them)
_STOP_WORDS = """the and for that with from this have has had was were are been will would said
    says which their there they them than then its also not but who what when where into about
    after before over under more most other some such only can could may might should being
    our his her she him you your all any one two new out off per via yet"""
_STOP = frozenset(_STOP_WORDS.split())


def _use_checkout() -> None:
    """Import ``searcher`` from this checkout, unless PYTHONPATH names another tree (``--before``
    runs rounds with an earlier version's package)."""
    if not os.environ.get("PYTHONPATH") and str(ROOT) not in sys.path:
        sys.path.insert(0, str(ROOT))


def load_average() -> str:
    try:
        return " ".join(f"{x:.2f}" for x in os.getloadavg())
    except OSError:
        return "n/a"


# --- queries ---------------------------------------------------------------------------------


def make_queries(n: int = N_QUERIES, seed: int = 19) -> list[str]:
    """``n`` distinct queries: plain ones from bench/queries.txt, then words from rare to
    common (log-spaced ranks), two and three words of one article, two-word phrases."""
    rnd = random.Random(seed)
    rows = news_items()
    texts = [f"{r.get('title') or ''}\n{r.get('text') or ''}" for r in rows]
    freq: Counter[str] = Counter()
    for text in texts[::5]:  # (a fifth of the corpus gives the ranks)
        freq.update({w.lower() for w in _WORD.findall(text)} - _STOP)
    vocab = [w for w, c in freq.most_common() if c >= 2 and w not in _STOP]
    out: dict[str, None] = {}
    plain = re.compile(r'^[A-Za-z" ]+$')
    for line in (ROOT / "bench" / "queries.txt").read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#") and plain.match(line):
            out[line] = None
    # single words, log-spaced from the most common to the rarest
    singles = int(n * 0.4)
    for _ in range(singles * 3):
        if len(out) >= singles + 10:
            break
        rank = int(math.exp(rnd.uniform(0, math.log(len(vocab)))))
        out.setdefault(vocab[min(rank, len(vocab) - 1)], None)
    # two or three words of one article (so most match), and phrases from its text
    known = set(vocab[:20_000])
    while len(out) < n:
        text = texts[rnd.randrange(len(texts))]
        words = [w.lower() for w in _WORD.findall(text) if w.lower() in known]
        if len(words) < 6:
            continue
        kind = rnd.random()
        if kind < 0.45:
            q = " ".join(rnd.sample(sorted(set(words)), 2))
        elif kind < 0.7:
            q = " ".join(rnd.sample(sorted(set(words)), 3))
        else:
            tokens = [w.lower() for w in re.findall(r"[A-Za-z]+", text)]
            at = rnd.randrange(len(tokens) - 1)
            a, b = tokens[at : at + 2]
            if a in _STOP or b in _STOP or len(a) < 3 or len(b) < 3:
                continue
            q = f'"{a} {b}"'
        out.setdefault(q, None)
    return list(out)[:n]


def queries_file(n: int = N_QUERIES) -> Path:
    path = WORK / f"warm-queries-{n}.txt"
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("\n".join(make_queries(n)) + "\n", encoding="utf-8")
    return path


def read_queries(path: Path) -> list[str]:
    return [q for q in path.read_text(encoding="utf-8").splitlines() if q]


def fts_query(q: str) -> str:
    """Our query text (bare words, all required; "phrases") as an FTS5 expression."""
    parts = re.findall(r'"[^"]*"|\S+', q)
    return " ".join(p if p.startswith('"') else f'"{p}"' for p in parts)


# --- the FTS5 database -----------------------------------------------------------------------


def build_fts5(index_dir: str, db_path: Path) -> None:
    """Title, body and facet values of every live article of our index, into FTS5."""
    _use_checkout()
    from searcher.engine import FACET_FIELDS, FACET_SEP
    from searcher.engine.reader import Reader
    from searcher.index import store

    tmp = db_path.with_suffix(".tmp")
    tmp.unlink(missing_ok=True)
    db = sqlite3.connect(tmp)
    db.execute(
        "CREATE VIRTUAL TABLE docs USING fts5(id UNINDEXED, title, body,"
        " tokenize = 'porter unicode61 remove_diacritics 2')"
    )
    db.execute("CREATE TABLE facets (doc INTEGER, field TEXT, value TEXT)")
    wanted = {str(FACET_FIELDS.index(f)).encode(): f for f in FACETS}
    with Reader(store.require_version(index_dir)) as reader:
        columns = reader.leaf_columns("facets")
        rows, facet_rows = [], []
        for d in reader.docnums():
            stored = reader.stored(d)
            title = json.loads(stored.get("record") or "{}").get("title") or ""
            rows.append((d + 1, stored["id"], title, stored.get("body") or ""))
            start, column = next((s, c) for s, c in reversed(columns) if s <= d)
            raw = column[d - start]
            for v in raw.split(FACET_SEP) if raw else ():
                field = wanted.get(v[:1])
                if field:
                    facet_rows.append((d + 1, field, v[1:].decode("utf-8")))
    db.executemany("INSERT INTO docs (rowid, id, title, body) VALUES (?, ?, ?, ?)", rows)
    db.executemany("INSERT INTO facets VALUES (?, ?, ?)", facet_rows)
    db.execute("CREATE INDEX facets_doc ON facets (doc, field, value)")
    db.execute("INSERT INTO docs (docs) VALUES ('optimize')")
    db.commit()
    db.close()
    tmp.rename(db_path)


_TOP = "SELECT id, title, bm25(docs, 0.0, 2.0, 1.0) AS s FROM docs WHERE docs MATCH ? ORDER BY s LIMIT ?"
_TOP_SNIPPET = (
    "SELECT id, title, bm25(docs, 0.0, 2.0, 1.0) AS s, snippet(docs, 2, char(2), char(3), '…', 12)"
    " FROM docs WHERE docs MATCH ? ORDER BY s LIMIT ?"
)
_COUNT = "SELECT count(*) FROM docs WHERE docs MATCH ?"
_FACET = (
    "SELECT value, count(*) AS n FROM facets WHERE field = ? AND doc IN"
    " (SELECT rowid FROM docs WHERE docs MATCH ?) GROUP BY value ORDER BY n DESC, value LIMIT ?"
)


def fts5_search(db: sqlite3.Connection, q: str, snippets: bool = False) -> tuple[list, int, dict]:
    expr = fts_query(q)
    hits = db.execute(_TOP_SNIPPET if snippets else _TOP, (expr, TOP)).fetchall()
    total = db.execute(_COUNT, (expr,)).fetchone()[0]
    facets = {f: db.execute(_FACET, (f, expr, TOP)).fetchall() for f in FACETS}
    return hits, total, facets


# --- one round -------------------------------------------------------------------------------


def percentiles(times: list[float]) -> tuple[float, float]:
    """(p50, p95) in ms; p95 by nearest rank."""
    ordered = sorted(times)
    p95 = ordered[max(0, math.ceil(len(ordered) * 0.95) - 1)]
    return statistics.median(ordered) * 1000, p95 * 1000


def p99(times: list[float]) -> float:
    """p99 in ms, by nearest rank."""
    ordered = sorted(times)
    return ordered[max(0, math.ceil(len(ordered) * 0.99) - 1)] * 1000


def figures(index_dir: str, db: str | Path, queries: list[str] | None = None,
            rotate: int = 0, snippets: bool = True) -> dict:  # fmt: skip
    """One round in this process: open both, run every query once with each tool (taking
    turns), and return their p50/p95 in ms, opening times, totals and the load average."""
    _use_checkout()
    from searcher.search.handle import Index
    from searcher.search.results import SearchOptions

    if queries is None:
        queries = read_queries(queries_file())
    if rotate:
        k = rotate % len(queries)
        queries = queries[k:] + queries[:k]
    t0 = time.perf_counter()
    ix = Index(str(index_dir))
    opened_ours = time.perf_counter() - t0
    t0 = time.perf_counter()
    con = sqlite3.connect(str(db))
    con.execute("SELECT count(*) FROM facets").fetchone()
    opened_fts = time.perf_counter() - t0
    ours: list[float] = []
    fts: list[float] = []
    ours_cpu: list[float] = []
    fts_cpu: list[float] = []
    mismatched = 0
    clock, cpu = time.perf_counter, time.process_time

    def run_ours(options: SearchOptions) -> int:
        t, c = clock(), cpu()
        result = ix.search(options)
        ours.append(clock() - t)
        ours_cpu.append(cpu() - c)
        return result.total

    def run_fts(q: str) -> int:
        t, c = clock(), cpu()
        _hits, total, _f = fts5_search(con, q, snippets)
        fts.append(clock() - t)
        fts_cpu.append(cpu() - c)
        return total

    try:
        for i, q in enumerate(queries):
            options = SearchOptions(query=q, facets=FACETS, limit=TOP, snippets=snippets)
            if (i + rotate) % 2:
                a, b = run_ours(options), run_fts(q)
            else:
                b, a = run_fts(q), run_ours(options)
            mismatched += a == 0 and b > 0
    finally:
        ix.close()
        con.close()
    p50, p95 = percentiles(ours)
    f50, f95 = percentiles(fts)
    c50, c95 = percentiles(ours_cpu)
    g50, g95 = percentiles(fts_cpu)
    return {
        "queries": len(queries),
        "ours_p50": p50,
        "ours_p95": p95,
        "ours_p99": p99(ours),
        "fts5_p99": p99(fts),
        "ours_first_ms": ours[0] * 1000,
        "ours_open_ms": opened_ours * 1000,
        "fts5_p50": f50,
        "fts5_p95": f95,
        "fts5_open_ms": opened_fts * 1000,
        "ours_cpu_p50": c50,
        "ours_cpu_p95": c95,
        "fts5_cpu_p50": g50,
        "fts5_cpu_p95": g95,
        "ours_empty_fts5_not": mismatched,
        "load": load_average(),
    }


# --- per-stage profile -----------------------------------------------------------------------


def stages(index_dir: str, queries: list[str]) -> dict[str, float]:
    """Median CPU ms per query of each stage of ``Index.search`` (timed by wrapping the methods it
    calls; a stage that is not a method of its own is in "rest")."""
    _use_checkout()
    from searcher.search import handle
    from searcher.search.results import SearchOptions

    spent: dict[str, float] = Counter()
    ix = handle.Index(str(index_dir))

    def timed(obj, name: str, label: str) -> None:
        inner = getattr(obj, name)

        def wrapper(*a, **k):
            t = time.process_time()
            try:
                return inner(*a, **k)
            finally:
                spent[label] += time.process_time() - t

        setattr(obj, name, wrapper)

    timed(ix, "_queries", "parse")
    timed(ix._reader, "scores", "evaluate")
    timed(ix, "_order", "top-k")
    timed(ix, "_facets", "facets")
    timed(ix, "_hit", "hits")
    timed(ix._reader, "query_terms", "hits")
    per: dict[str, list[float]] = {k: [] for k in ("parse", "evaluate", "top-k", "facets",
                                                   "hits", "rest", "total")}  # fmt: skip
    for q in queries:
        spent.clear()
        t = time.process_time()
        ix.search(SearchOptions(query=q, facets=FACETS, limit=TOP))
        total = time.process_time() - t
        for k in ("parse", "evaluate", "top-k", "facets", "hits"):
            per[k].append(spent[k])
        per["rest"].append(total - sum(spent.values()))
        per["total"].append(total)
    ix.close()
    return {k: statistics.median(v) * 1000 for k, v in per.items()} | {
        f"{k} p95": percentiles(v)[1] for k, v in per.items() if k in ("evaluate", "facets", "hits")
    }


# --- main ------------------------------------------------------------------------------------


def ensure(size: int = SIZE, index: str | None = None) -> tuple[Path, Path]:
    """The index (built with the CLI from bench_speed's corpus; or ``index``, built already)
    and the FTS5 database of its articles."""
    index_dir = Path(index) if index else WORK / f"idx{size // 1000}-warm"
    if not (index_dir / "CURRENT").exists():
        sys.path.insert(0, str(ROOT / "bench"))
        from bench_speed import write_corpus

        corpus = write_corpus(size)
        script = Path(sys.executable).parent / "defsearch"
        cmd = [str(script)] if script.exists() else [sys.executable, "-m", "searcher"]
        subprocess.run([*cmd, "index", str(corpus), "--index", str(index_dir)], check=True)
    version = (index_dir / "CURRENT").read_text().strip()
    tag = f"{index_dir.parent.name}-" if index else f"{size}-"
    db = WORK / f"fts5-warm-{tag}{Path(version).name}.db"
    if not db.exists():
        print(f"building {db.name} from {index_dir} …", file=sys.stderr)
        build_fts5(str(index_dir), db)
    return index_dir, db


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=3, help="fresh processes, one round each")
    parser.add_argument("--profile", action="store_true", help="also time each stage of ours")
    parser.add_argument("--snippets", choices=("both", "on", "off"), default="both",
                        help="the modes to run: with a body snippet per hit for both tools,"
                        " without for both, or each in its own rounds (both)")  # fmt: skip
    parser.add_argument("--before", metavar="DIR", help="also run each round with the searcher"
                        " package of DIR (a tree of an earlier commit: git archive)")  # fmt: skip
    parser.add_argument(
        "--index",
        help="an index built already (bench_speed.py's"
        " bench/.work/speed-221360/defsearch) instead of the 55k one built here",
    )
    parser.add_argument("--queries", help="one query a line (default: the 200 made here)")
    parser.add_argument("--round", type=int, default=None, help=argparse.SUPPRESS)
    args = parser.parse_args()
    index_dir, db = ensure(index=args.index)
    queries = read_queries(Path(args.queries) if args.queries else queries_file())
    if args.round is not None:  # (a child: one round, its figures as JSON)
        print(json.dumps(figures(str(index_dir), db, queries, rotate=args.round * 67,
                                 snippets=args.snippets == "on")))  # fmt: skip
        return
    print(f"{len(queries)} distinct queries, top {TOP} + count + facets {', '.join(FACETS)}; "
          f"index {index_dir}; load average {load_average()}")  # fmt: skip
    versions = {"now": None} if not args.before else {"before": args.before, "now": None}
    modes = {"both": ["off", "on"], "on": ["on"], "off": ["off"]}[args.snippets]
    runs = [(v, m) for m in modes for v in versions]
    results: dict[tuple[str, str], list[dict]] = {run: [] for run in runs}
    for r in range(args.rounds):
        for version, mode in runs if r % 2 == 0 else runs[::-1]:
            cmd = [sys.executable, __file__, "--round", str(r), "--snippets", mode]
            cmd += ["--index", args.index] if args.index else []
            cmd += ["--queries", args.queries] if args.queries else []
            env = dict(os.environ)
            env.pop("PYTHONPATH", None)
            if versions[version]:
                env["PYTHONPATH"] = str(Path(versions[version]).resolve())
            run = subprocess.run(cmd, capture_output=True, text=True, check=True, env=env)
            fig = json.loads(run.stdout.strip().splitlines()[-1])
            results[version, mode].append(fig)
            label = f"{version}, snippets {mode}"
            print(f"round {r + 1} {label:18}: ours p50 {fig['ours_p50']:.2f} p95"
                  f" {fig['ours_p95']:.2f} ms (first {fig['ours_first_ms']:.1f}, open"
                  f" {fig['ours_open_ms']:.1f})  |  FTS5 p50 {fig['fts5_p50']:.2f} p95"
                  f" {fig['fts5_p95']:.2f} ms  |  CPU ms: ours {fig['ours_cpu_p50']:.2f} /"
                  f" {fig['ours_cpu_p95']:.2f}, FTS5 {fig['fts5_cpu_p50']:.2f} /"
                  f" {fig['fts5_cpu_p95']:.2f}  |  load {fig['load']}")  # fmt: skip
    for (version, mode), figs in results.items():
        if not figs:
            continue
        for kind, key in (("wall", ""), ("CPU", "_cpu")):
            med = {k: statistics.median(f[k.replace("_", f"{key}_", 1)] for f in figs)
                   for k in ("ours_p50", "ours_p95", "fts5_p50", "fts5_p95")}  # fmt: skip
            tail = {k: statistics.median(f[k] for f in figs) for k in ("ours_p99", "fts5_p99")}
            print(f"{version}, snippets {mode}, median of {len(figs)} rounds, {kind} time: ours"
                  f" {med['ours_p50']:.2f} / {med['ours_p95']:.2f}"
                  + (f" / {tail['ours_p99']:.2f}" if not key else "")
                  + f" ms, FTS5 {med['fts5_p50']:.2f} / {med['fts5_p95']:.2f}"
                  + (f" / {tail['fts5_p99']:.2f}" if not key else "")
                  + f" ms (p50 / p95{' / p99' if not key else ''}); ours p50 / FTS5 p50 ="
                  f" {med['ours_p50'] / med['fts5_p50']:.2f}, ours p95 / ours p50 ="
                  f" {med['ours_p95'] / med['ours_p50']:.2f}")  # fmt: skip
    if args.profile:
        rotated = queries[37:] + queries[:37]
        print("stages of ours (median CPU ms per query, fresh open):")
        for k, v in stages(str(index_dir), rotated).items():
            print(f"  {k:14} {v:7.3f}")
    print(f"load average {load_average()}")


if __name__ == "__main__":
    main()
