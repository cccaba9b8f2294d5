"""Index build at scale, defsearch beside plain Whoosh on the same cores: docs/s and the peak
resident memory of each command's whole process tree (parent, fork server, workers), sampled
from /proc. Medians of a few runs taking turns; the load average before and after each run.

Corpus: ../shared/data/news/news.jsonl.gz (55,340 items) as one .txt file per item (title line,
blank line, text) in 100 folders under bench/.work/news-<size>, replicated with new ids past
55k (the same files bench_speed.py writes).

plain Whoosh gets the same fields as our index's searchable ones: title and body with Whoosh's
StemmingAnalyzer (stored), an id, a date, and three comma-separated keyword facet fields
(stored), written with ``procs=2, multisegment=True`` (one segment per process, no merge), as
the Whoosh docs advise for a fast bulk build. It does no cleaning nor extraction: its facet
values are cheap stand-ins (capitalised words of the title, the folder), its date the file's
time.

    python bench/bench_build.py --sizes 55340,110680 --repeats 3
    python bench/bench_build.py --sizes 221360 --repeats 2 --only defsearch
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

from _common import WORK, table, write_corpus

_SCRIPT = Path(sys.executable).parent / "defsearch"
DEFSEARCH = [str(_SCRIPT)] if _SCRIPT.exists() else [sys.executable, "-m", "searcher"]
PAGE_KB = os.sysconf("SC_PAGE_SIZE") // 1024

PLAIN_WHOOSH = """
import datetime, os, re, sys
from whoosh import fields, index
from whoosh.analysis import StemmingAnalyzer
root, out, procs = sys.argv[1], sys.argv[2], int(sys.argv[3])
os.makedirs(out, exist_ok=True)
stem = StemmingAnalyzer()
schema = fields.Schema(
    id=fields.ID(stored=True, unique=True),
    title=fields.TEXT(analyzer=stem, stored=True),
    body=fields.TEXT(analyzer=stem, stored=True),
    date=fields.DATETIME(stored=True, sortable=True),
    country=fields.KEYWORD(stored=True, commas=True, lowercase=True),
    pair=fields.KEYWORD(stored=True, commas=True, lowercase=True),
    official=fields.KEYWORD(stored=True, commas=True, lowercase=True),
)
ix = index.create_in(out, schema)
w = ix.writer(procs=procs, multisegment=procs > 1, limitmb=128)
caps = re.compile(r"[A-Z][a-z]+")
for folder, _, names in os.walk(root):
    for name in sorted(names):
        if name.endswith(".txt"):
            path = os.path.join(folder, name)
            with open(path, encoding="utf-8") as f:
                text = f.read()
            title, _, body = text.partition("\\n\\n")
            words = caps.findall(title)
            w.add_document(
                id=path, title=title, body=body,
                date=datetime.datetime.fromtimestamp(os.stat(path).st_mtime),
                country=",".join(words[:2]), pair="-".join(words[:2]),
                official=os.path.basename(folder),
            )
w.commit()
"""


def _tree(root: int) -> dict[int, tuple[str, int]]:
    """pid -> (name, RSS KB) of ``root`` and every process below it."""
    children: dict[int, list[int]] = {}
    info: dict[int, tuple[str, int]] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as f:
                head, rest = f.read().rsplit(")", 1)
        except OSError:
            continue
        fields = rest.split()
        pid = int(entry)
        children.setdefault(int(fields[1]), []).append(pid)
        info[pid] = (head.split("(", 1)[1], int(fields[21]) * PAGE_KB)
    found: dict[int, tuple[str, int]] = {}
    stack = [root]
    while stack:
        pid = stack.pop()
        if pid in info:
            found[pid] = info[pid]
        stack.extend(children.get(pid, ()))
    return found


def measured(cmd: list[str], every: float = 0.05) -> dict:
    """Run ``cmd``: seconds, the peak of the summed RSS of its process tree (MB), the peak of
    each process (MB, by pid), the load average before."""
    load = os.getloadavg()
    t0 = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    total = 0
    each: dict[int, int] = {}
    while proc.poll() is None:
        tree = _tree(proc.pid)
        total = max(total, sum(kb for _, kb in tree.values()))
        for pid, (_, kb) in tree.items():
            each[pid] = max(each.get(pid, 0), kb)
        time.sleep(every)
    _, err = proc.communicate()
    secs = time.perf_counter() - t0
    if proc.returncode not in (0, 1):
        sys.exit(f"{cmd} failed ({proc.returncode}): {err[-2000:]}")
    return {
        "secs": secs,
        "peak_mb": total / 1024,
        "procs_mb": sorted((kb / 1024 for kb in each.values()), reverse=True),
        "load": load,
        "stderr": err,
    }


def builders(corpus: Path, work: Path, procs: int, only: str | None) -> dict[str, tuple]:
    ours = work / "defsearch-index"
    plain = work / "plain-whoosh"
    every = {
        "defsearch": ([*DEFSEARCH, "index", str(corpus), "--index", str(ours),
                       "--workers", str(procs)], ours),
        "whoosh": ([sys.executable, "-c", PLAIN_WHOOSH, str(corpus), str(plain), str(procs)],
                   plain),
    }  # fmt: skip
    return {k: v for k, v in every.items() if only in (None, k)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="55340,221360")
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--procs", type=int, default=2, help="workers for both builders")
    parser.add_argument("--only", choices=("defsearch", "whoosh"))
    args = parser.parse_args()
    print(f"machine: {os.cpu_count()} cores; python {sys.version.split()[0]}; procs {args.procs}")
    for size in (int(s) for s in args.sizes.split(",")):
        corpus = write_corpus(size)
        work = WORK / f"build-{size}"
        work.mkdir(parents=True, exist_ok=True)
        which = builders(corpus, work, args.procs, args.only)
        runs: dict[str, list[dict]] = {name: [] for name in which}
        for _ in range(args.repeats):
            for name, (cmd, out) in which.items():
                shutil.rmtree(out, ignore_errors=True)
                r = measured(cmd)
                runs[name].append(r)
                print(f"  {size} {name}: {r['secs']:.1f} s, {size / r['secs']:.0f} docs/s, peak"
                      f" {r['peak_mb']:.0f} MB all ({', '.join(f'{m:.0f}' for m in r['procs_mb'][:4])}),"
                      f" load {r['load'][0]:.2f}", flush=True)  # fmt: skip
        rows = []
        for name, (_cmd, out) in which.items():
            secs = statistics.median(r["secs"] for r in runs[name])
            mb = sum(f.stat().st_size for f in out.rglob("*") if f.is_file()) / 1e6
            rows.append([name, size / secs, max(r["peak_mb"] for r in runs[name]),
                         max(r["procs_mb"][0] for r in runs[name]), mb])  # fmt: skip
        if len(rows) == 2:
            rows[0].append(rows[0][1] / rows[1][1])
            rows[1].append(1.0)
        print(f"\n== {size} documents, median of {args.repeats}; load now {os.getloadavg()[0]:.2f}")
        print(table(["build", "docs/s", "peak MB all", "peak MB largest", "index MB",
                     "docs/s vs whoosh"][: len(rows[0])], rows))  # fmt: skip
        print()


if __name__ == "__main__":
    main()
