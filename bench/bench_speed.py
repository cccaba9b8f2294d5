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
import importlib.util
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


def _tree_rss(root: int) -> tuple[int, int]:
    """(largest, total) resident set in KB over ``root`` and all its descendants."""
    children: dict[int, list[int]] = {}
    rss: dict[int, int] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as f:
                fields = f.read().rsplit(")", 1)[1].split()
        except OSError:
            continue
        pid = int(entry)
        children.setdefault(int(fields[1]), []).append(pid)
        rss[pid] = int(fields[21]) * os.sysconf("SC_PAGE_SIZE") // 1024
    stack, seen = [root], []
    while stack:
        pid = stack.pop()
        seen.append(rss.get(pid, 0))
        stack.extend(children.get(pid, ()))
    return max(seen), sum(seen)


def measured(cmd: list[str]) -> tuple[float, float, float, subprocess.CompletedProcess]:
    """(seconds, peak RSS in MB of the largest process, peak RSS in MB of all its processes
    together, result). The process tree (worker processes included) is sampled every 0.1 s."""
    t0 = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    largest = total = 0
    while proc.poll() is None:
        one, together = _tree_rss(proc.pid)
        largest, total = max(largest, one), max(total, together)
        time.sleep(0.1)
    out, err = proc.communicate()
    secs = time.perf_counter() - t0
    return (
        secs,
        largest / 1024,
        total / 1024,
        subprocess.CompletedProcess(cmd, proc.returncode, out, err),
    )


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

TANTIVY_BUILD = """
import os, sys, tantivy
root, out = sys.argv[1], sys.argv[2]
os.makedirs(out, exist_ok=True)
schema = tantivy.SchemaBuilder()
schema.add_text_field("id", stored=True, tokenizer_name="raw")
schema.add_text_field("content")
w = tantivy.Index(schema.build(), path=out).writer(heap_size=256_000_000)
for folder, _, names in os.walk(root):
    for name in names:
        if name.endswith(".txt"):
            path = os.path.join(folder, name)
            with open(path, encoding="utf-8") as f:
                w.add_document(tantivy.Document(id=path, content=f.read()))
w.commit()
w.wait_merging_threads()
"""

SQLITE_QUERY = """
import sqlite3, sys
db = sqlite3.connect(sys.argv[1])
for (path,) in db.execute("SELECT id FROM docs WHERE docs MATCH ? ORDER BY rank LIMIT 10", (sys.argv[2],)):
    print(path)
"""


def build(corpus: Path, work: Path, n_docs: int, repeats: int) -> tuple[list[list], Path]:
    """Each builder ``repeats`` times, taking turns (so a slow spell of the shared machine hits
    all of them); the median time and the highest memory of each."""
    py = sys.executable
    index_dir, plain_dir, db = work / "defsearch-index", work / "plain-whoosh", work / "fts5.db"
    builders = {
        "defsearch (read, clean, extract, index)": (
            [*DEFSEARCH, "index", str(corpus), "--index", str(index_dir)], index_dir),
        "plain Whoosh script (no cleaning)": (
            [py, "-c", PLAIN_WHOOSH, str(corpus), str(plain_dir)], plain_dir),
        "SQLite FTS5 (stdlib)": ([py, "-c", SQLITE_BUILD, str(corpus), str(db)], db),
    }  # fmt: skip
    if importlib.util.find_spec("tantivy"):  # for the record, where it installs
        tv_dir = work / "tantivy"
        builders["tantivy (Rust, no cleaning)"] = ([py, "-c", TANTIVY_BUILD, str(corpus), str(tv_dir)], tv_dir)  # fmt: skip
    runs: dict[str, list[tuple[float, float, float]]] = {name: [] for name in builders}
    for _ in range(repeats):
        for name, (cmd, out) in builders.items():
            shutil.rmtree(out, ignore_errors=True) if out.is_dir() else out.unlink(missing_ok=True)
            secs, peak, peak_all, proc = measured(cmd)
            if proc.returncode not in (0, 1):
                sys.exit(f"{name} failed: {proc.stderr}")
            runs[name].append((secs, peak, peak_all))
    mb = sum(f.stat().st_size for f in corpus.rglob("*.txt")) / 1e6
    ours = statistics.median(r[0] for r in runs[next(iter(builders))])
    rows = []
    for name, (_cmd, out) in builders.items():
        secs = statistics.median(r[0] for r in runs[name])
        size = dir_mb(out) if out.is_dir() else out.stat().st_size / 1e6
        rows.append([name, n_docs / secs, mb / secs, max(r[1] for r in runs[name]),
                     max(r[2] for r in runs[name]), size, secs / ours])  # fmt: skip
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
    from searcher.search.handle import Index
    from searcher.search.results import SearchOptions

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
        rows, index_dir = build(corpus, work, size, args.repeats)
        print(
            table(
                [
                    "index build",
                    "docs/s",
                    "MB/s",
                    "peak RSS MB, largest process",
                    "peak RSS MB, all processes",
                    "index MB",
                    "defsearch speed / peer",
                ],
                rows,
            )
        )
        print(f"(median of {args.repeats} runs, taking turns; resident memory sampled every 0.1 s")
        print(" over the command's whole process tree, highest of the runs)")
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
