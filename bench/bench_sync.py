"""Sync cost on a generated corpus (issues 18, 19): `defsearch index` with nothing changed, then
with N changes (half edited by rename, half added: bench/make_files.py --change N), found by a
plain sync and told with `--changed` (the paths make_files.py touched), each as a real process:
wall and CPU time from start to exit, the median of --repeats runs, the load average beside it
(a shared machine). ``--fts5 DB`` times SQLite FTS5 told the same changes beside each
`--changed` run (bench/peers/fts5_peer.py: delete and insert the files' rows; DB built from the
corpus first, without facet values, when missing), in alternating order.

    python bench/make_files.py /tmp/c220k --files 220000
    defsearch index /tmp/c220k --index /tmp/i220k --workers 1        # once: the build
    python bench/bench_sync.py --corpus /tmp/c220k --index /tmp/i220k --files 220000

The corpus is changed by the run (N more files each time): run it on a generated copy only.
"""

from __future__ import annotations

import argparse
import json
import marshal
import os
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

from _common import table

ROOT = Path(__file__).resolve().parent.parent
CODE = {"dir": ROOT}  # where `python -m searcher` finds the package (--code)


def timed(command: list[str], cwd: Path) -> tuple[float, float, str]:
    """Wall and CPU seconds of one process, and the last line of its stderr."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    proc = subprocess.run(command, capture_output=True, text=True, check=False, cwd=cwd)
    seconds = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime
    if proc.returncode not in (0, 1):
        sys.exit(f"bench: {' '.join(command[:4])} failed: {proc.stderr.strip()}")
    return seconds, cpu, (proc.stderr.strip().splitlines() or [""])[-1]


def timed_sync(index: str, *extra: str) -> tuple[float, float, str]:
    """Wall and CPU seconds of one `defsearch index --index INDEX` process, and its summary."""
    return timed([sys.executable, "-m", "searcher", "index", "--index", index, *extra], CODE["dir"])


def fts5_update(args: argparse.Namespace, listing: str) -> tuple[float, float, str]:
    """FTS5 told the changes ``listing`` names (the first half edited, the rest added)."""
    peer = str(ROOT / "bench" / "peers" / "fts5_peer.py")
    if not os.path.exists(args.fts5):
        empty = f"{args.fts5}.table"
        with open(empty, "wb") as f:
            marshal.dump({}, f)
        timed([sys.executable, peer, "build", os.path.abspath(args.corpus), args.fts5, empty], ROOT)
    corpus = os.path.abspath(args.corpus)
    with open(listing, encoding="utf-8") as f:
        rels = [p[len(corpus) + 1 :] for p in f.read().split("\n") if p]
    edited = args.changes // 2
    changes = {"corpus": corpus, "edited": rels[:edited], "added": rels[edited:], "deleted": [],
               "facets": {r: [None, [], [], []] for r in rels}}  # fmt: skip
    with open(f"{args.fts5}.json", "w", encoding="utf-8") as f:
        json.dump(changes, f)
    seconds, cpu, _ = timed([sys.executable, peer, "update", args.fts5, f"{args.fts5}.json"], ROOT)
    return seconds, cpu, f"x: {len(rels)} files told ("


def counts(summary: str) -> str:
    """'0 added, 0 updated, …' out of the summary line."""
    return summary.split(": ", 1)[1].split(" (")[0]


def change(args: argparse.Namespace, listing: str | None = None) -> None:
    """N more changes to the corpus (``listing``: where to write the paths touched)."""
    subprocess.run(
        [sys.executable, str(ROOT / "bench" / "make_files.py"), args.corpus,
         "--files", str(args.files), "--change", str(args.changes),
         "--seed", str(time.time_ns() % 10**9), *(["--list", listing] if listing else [])],
        check=True, capture_output=True,
    )  # fmt: skip


def median_row(what: str, runs: list[tuple[float, float, str]], load: float) -> list:
    return [
        what,
        statistics.median(s for s, _, _ in runs),
        statistics.median(c for _, c, _ in runs),
        load,
        counts(runs[-1][2]),
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpus", required=True)
    parser.add_argument("--index", required=True)
    parser.add_argument("--files", type=int, required=True, help="as given to make_files.py")
    parser.add_argument("--changes", type=int, default=120)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--code", type=Path, default=ROOT,
                        help="run the searcher package in this folder (an earlier tree's copy)")  # fmt: skip
    parser.add_argument("--no-changed", action="store_true", help="no --changed rows (old trees)")
    parser.add_argument("--fts5", metavar="DB", help="also time SQLite FTS5 told the changes")
    args = parser.parse_args()
    CODE["dir"] = args.code
    args.index = os.path.abspath(args.index)  # (--code runs in another folder)
    if args.fts5:
        args.fts5 = os.path.abspath(args.fts5)
    rows = []
    n = f"{args.files:,} files"
    timed_sync(args.index)  # (settles folders the last run left changing: not measured)
    load = os.getloadavg()[0]
    quiet = [timed_sync(args.index) for _ in range(args.repeats)]
    rows.append(median_row(f"{n}, nothing changed", quiet, load))
    load = os.getloadavg()[0]
    found = []
    for _ in range(args.repeats):
        change(args)
        found.append(timed_sync(args.index))
    rows.append(median_row(f"{n}, {args.changes} changes", found, load))
    listing = os.path.join(os.path.dirname(os.path.abspath(args.index)), "changed.txt")
    load = os.getloadavg()[0]
    told, fts5 = [], []
    for r in range(args.repeats * (not args.no_changed)):
        change(args, listing)
        if args.fts5 and r % 2:
            fts5.append(fts5_update(args, listing))
        told.append(timed_sync(args.index, "--changed", listing))
        if args.fts5 and not r % 2:
            fts5.append(fts5_update(args, listing))
    if told:
        rows.append(median_row(f"{n}, {args.changes} changes, --changed", told, load))
    if fts5:
        rows.append(median_row(f"{n}, {args.changes} changes, FTS5 told", fts5, load))
    print(table(["sync", "wall s", "CPU s", "load (1 min)", "what it did"], rows))


if __name__ == "__main__":
    main()
