"""Speed at scale, side by side with peers in one run: index build, cold query, warm batch
queries, incremental sync, growth. Prints tables; medians over several runs.

Corpus: ../shared/data/news/news.jsonl.gz (55,340 items) written out as one .txt file per item
under bench/.work/ (title line, blank line, text), and a 4x replication with new ids for growth.

    python bench/bench_speed.py                 # 55k, then 220k growth
    python bench/bench_speed.py --sizes 10000   # a quick look
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import random
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

from _common import DATA, ROOT, WORK, require, table

QUERIES = Path(__file__).resolve().parent / "queries.txt"
FACETS = ["--facet", "pair", "--facet", "country", "--facet", "official"]
# the command as a user runs it: the console script installed beside this interpreter
_SCRIPT = Path(sys.executable).parent / "defsearch"
DEFSEARCH = [str(_SCRIPT)] if _SCRIPT.exists() else [sys.executable, "-m", "searcher"]


def items() -> list[dict]:
    with gzip.open(require(DATA / "news" / "news.jsonl.gz"), "rt", encoding="utf-8") as f:
        return [json.loads(line) for line in f]


def write_corpus(size: int) -> Path:
    """One text file per news item (replicated with new ids past 55k), in 100 folders."""
    target = WORK / f"news-{size}"
    done = target / ".complete"
    if done.exists():
        return target
    shutil.rmtree(target, ignore_errors=True)
    rows = items()
    for n in range(size):
        row = rows[n % len(rows)]
        copy = n // len(rows)
        folder = target / f"{n % 100:02d}"
        folder.mkdir(parents=True, exist_ok=True)
        text = f"{row.get('title') or ''}\n\n{row.get('text') or ''}\n"
        if copy:
            text += f"\n(copy {copy})\n"
        (folder / f"{row['id']}-{copy}.txt").write_text(text, encoding="utf-8")
    done.write_text("ok")
    return target


def run(cmd: list[str], **kw) -> tuple[float, subprocess.CompletedProcess]:
    t0 = time.perf_counter()
    proc = subprocess.run(cmd, capture_output=True, text=True, **kw)
    return time.perf_counter() - t0, proc


def measured(cmd: list[str]) -> tuple[float, float, subprocess.CompletedProcess]:
    """(seconds, peak RSS in MB of the largest process in the run, result) via GNU time."""
    timer = shutil.which("time") or "/usr/bin/time"
    secs, proc = run([timer, "-f", "PEAK_KB %M", *cmd])
    lines = proc.stderr.strip().splitlines()
    peak = (
        float(lines[-1].split()[1]) / 1024
        if lines and lines[-1].startswith("PEAK_KB")
        else float("nan")
    )
    return secs, peak, proc


def dir_mb(path: Path) -> float:
    return sum(f.stat().st_size for f in path.rglob("*") if f.is_file()) / 1e6


PLAIN_WHOOSH = """
import os, sys
from whoosh import fields, index
root, out = sys.argv[1], sys.argv[2]
os.makedirs(out, exist_ok=True)
ix = index.create_in(out, fields.Schema(id=fields.ID(stored=True, unique=True), content=fields.TEXT()))
w = ix.writer()
for folder, _, names in os.walk(root):
    for name in names:
        if name.endswith(".txt"):
            path = os.path.join(folder, name)
            with open(path, encoding="utf-8") as f:
                w.add_document(id=path, content=f.read())
w.commit()
"""

SQLITE_BUILD = """
import os, sqlite3, sys
root, out = sys.argv[1], sys.argv[2]
db = sqlite3.connect(out)
db.execute("CREATE VIRTUAL TABLE docs USING fts5(id UNINDEXED, content)")
rows = []
for folder, _, names in os.walk(root):
    for name in names:
        if name.endswith(".txt"):
            path = os.path.join(folder, name)
            with open(path, encoding="utf-8") as f:
                rows.append((path, f.read()))
db.executemany("INSERT INTO docs VALUES (?, ?)", rows)
db.commit()
"""

SQLITE_QUERY = """
import sqlite3, sys
db = sqlite3.connect(sys.argv[1])
for (path,) in db.execute("SELECT id FROM docs WHERE docs MATCH ? ORDER BY rank LIMIT 10", (sys.argv[2],)):
    print(path)
"""


def build(corpus: Path, work: Path, n_docs: int) -> tuple[list[list], Path]:
    py = sys.executable
    rows = []
    index_dir = work / "defsearch-index"
    shutil.rmtree(index_dir, ignore_errors=True)
    mb = sum(f.stat().st_size for f in corpus.rglob("*.txt")) / 1e6
    secs, peak, proc = measured(
        [py, "-m", "searcher", "index", str(corpus), "--index", str(index_dir)]
    )
    if proc.returncode not in (0, 1):
        sys.exit(f"defsearch index failed: {proc.stderr}")
    ours = secs
    rows.append(
        [
            "defsearch (read, clean, extract, index)",
            n_docs / secs,
            mb / secs,
            peak,
            dir_mb(index_dir),
            1.0,
        ]
    )
    plain_dir = work / "plain-whoosh"
    shutil.rmtree(plain_dir, ignore_errors=True)
    secs, peak, _proc = measured([py, "-c", PLAIN_WHOOSH, str(corpus), str(plain_dir)])
    rows.append(
        [
            "plain Whoosh script (no cleaning)",
            n_docs / secs,
            mb / secs,
            peak,
            dir_mb(plain_dir),
            secs / ours,
        ]
    )
    db = work / "fts5.db"
    db.unlink(missing_ok=True)
    secs, peak, _proc = measured([py, "-c", SQLITE_BUILD, str(corpus), str(db)])
    rows.append(
        [
            "SQLite FTS5 (stdlib)",
            n_docs / secs,
            mb / secs,
            peak,
            db.stat().st_size / 1e6,
            secs / ours,
        ]
    )
    return rows, index_dir


def cold_queries(index_dir: Path, corpus: Path, work: Path, repeats: int) -> list[list]:
    queries = [
        q for q in QUERIES.read_text(encoding="utf-8").splitlines() if q and not q.startswith("#")
    ]
    simple = [q.split()[0].strip('"') for q in queries]
    ours, rg, sq = [], [], []
    py = sys.executable
    rg_bin = shutil.which("rg")
    for _ in range(repeats):
        for q, word in zip(queries, simple, strict=True):
            secs, _p = run(
                [
                    *DEFSEARCH,
                    "search",
                    q,
                    "--index",
                    str(index_dir),
                    *FACETS,
                    "--limit",
                    "10",
                    "--format",
                    "jsonl",
                ]
            )
            ours.append(secs)
            if rg_bin:
                secs, _p = run([rg_bin, "-l", "-i", word, str(corpus)])
                rg.append(secs)
            secs, _p = run([py, "-c", SQLITE_QUERY, str(work / "fts5.db"), word])
            sq.append(secs)
    med = statistics.median(ours)
    rows = [["defsearch search (top 10, 3 facets)", med * 1000, 1.0]]
    if rg:
        rows.append(
            ["rg -l -i (first word)", statistics.median(rg) * 1000, med / statistics.median(rg)]
        )
    rows.append(
        [
            "python sqlite3 FTS5 (first word)",
            statistics.median(sq) * 1000,
            med / statistics.median(sq),
        ]
    )
    return rows


def warm_queries(index_dir: Path, repeats: int) -> list[list]:
    from searcher.results import SearchOptions
    from searcher.search import Index

    queries = [
        q for q in QUERIES.read_text(encoding="utf-8").splitlines() if q and not q.startswith("#")
    ]
    runs: list[list[float]] = []
    with Index(str(index_dir)) as ix:
        for _ in range(repeats):
            times = []
            for q in queries:
                t0 = time.perf_counter()
                ix.search(SearchOptions(query=q, facets=("pair", "country", "official"), limit=10))
                times.append(time.perf_counter() - t0)
            runs.append(times)

    def row(label: str, times: list[float]) -> list:
        times = sorted(times)
        p95 = times[max(0, int(len(times) * 0.95) - 1)]
        return [label, len(times) / sum(times), statistics.median(times) * 1000, p95 * 1000]

    # the first pass sees every query for the first time (no per-document facet values or
    # analysed snippet words cached yet); the later passes repeat them
    return [
        row("batch, 3 facets: first pass", runs[0]),
        row(f"batch, 3 facets: all {repeats} passes", [t for r in runs for t in r]),
    ]


def incremental(corpus: Path, index_dir: Path) -> list[list]:
    files = sorted(corpus.rglob("*.txt"))
    rnd = random.Random(7)
    changed = rnd.sample(files, 110)
    for f in changed[:100]:
        f.write_text(
            f.read_text(encoding="utf-8") + "\nUpdated for the benchmark.\n", encoding="utf-8"
        )
    for f in changed[100:]:
        f.unlink()
    for i in range(10):
        (corpus / "00" / f"bench-new-{i}.txt").write_text(
            f"New article {i}\n\nVietnam and Cuba held talks {i}.\n", encoding="utf-8"
        )
    secs, proc = run([sys.executable, "-m", "searcher", "index", "--index", str(index_dir)])
    summary = proc.stderr.strip().splitlines()[-1] if proc.stderr else ""
    (corpus / ".complete").unlink(missing_ok=True)  # the corpus changed: rewrite next time
    return [["change 100, delete 10, add 10", secs, summary[:90]]]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="55340,221360", help="corpus sizes, comma-separated")
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args()
    print(f"machine: {os.cpu_count()} cores; python {sys.version.split()[0]}")
    # time the tool as installed: with its bytecode compiled (pip does this for a user)
    subprocess.run([sys.executable, "-m", "compileall", "-q", str(ROOT / "searcher")], check=True)
    for size in (int(s) for s in args.sizes.split(",")):
        corpus = write_corpus(size)
        work = WORK / f"run-{size}"
        work.mkdir(parents=True, exist_ok=True)
        print(f"\n== {size} documents ({corpus})")
        rows, index_dir = build(corpus, work, size)
        print(
            table(
                [
                    "index build",
                    "docs/s",
                    "MB/s",
                    "peak RSS MB*",
                    "index MB",
                    "defsearch speed / peer",
                ],
                rows,
            )
        )
        print(
            "* the largest single process of the run (defsearch: one of its segment-writing workers)"
        )
        print()
        print(table(["cold query (process start to last line)", "median ms", "defsearch time / peer time"],
                    cold_queries(index_dir, corpus, work, args.repeats)))  # fmt: skip
        print()
        print(
            table(
                ["warm queries", "queries/s", "p50 ms", "p95 ms"],
                warm_queries(index_dir, args.repeats),
            )
        )
        print()
        print(table(["incremental sync", "seconds", "summary"], incremental(corpus, index_dir)))


if __name__ == "__main__":
    main()
