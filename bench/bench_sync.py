"""Sync cost on a generated corpus (issue 18): `defsearch index` with nothing changed, then with
N changes (half edited by rename, half added: bench/make_files.py --change N), each as a real
process, wall time from start to exit, with the load average beside it (a shared machine).

    python bench/make_files.py /tmp/c220k --files 220000
    defsearch index /tmp/c220k --index /tmp/i220k --workers 1        # once: the build
    python bench/bench_sync.py --corpus /tmp/c220k --index /tmp/i220k --files 220000

The corpus is changed by the run (N more files each time): run it on a generated copy only.
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

from _common import table

ROOT = Path(__file__).resolve().parent.parent


def timed_sync(index: str, *extra: str) -> tuple[float, float, str]:
    """Wall and CPU seconds of one `defsearch index --index INDEX` process, and its summary."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    proc = subprocess.run(
        [sys.executable, "-m", "searcher", "index", "--index", index, *extra],
        capture_output=True, text=True, check=False, cwd=ROOT,
    )  # fmt: skip
    seconds = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime
    if proc.returncode not in (0, 1):
        sys.exit(f"bench: defsearch index failed: {proc.stderr.strip()}")
    return seconds, cpu, proc.stderr.strip().splitlines()[-1]


def counts(summary: str) -> str:
    """'0 added, 0 updated, …' out of the summary line."""
    return summary.split(": ", 1)[1].split(" (")[0]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpus", required=True)
    parser.add_argument("--index", required=True)
    parser.add_argument("--files", type=int, required=True, help="as given to make_files.py")
    parser.add_argument("--changes", type=int, default=120)
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args()
    rows = []
    timed_sync(args.index)  # (settles folders the last run left changing: not measured)
    load = os.getloadavg()[0]
    quiet = [timed_sync(args.index) for _ in range(args.repeats)]
    median = statistics.median(s for s, _, _ in quiet)
    cpu = statistics.median(c for _, c, _ in quiet)
    rows.append([f"{args.files:,} files, nothing changed", median, cpu, load, counts(quiet[-1][2])])
    subprocess.run(
        [sys.executable, str(ROOT / "bench" / "make_files.py"), args.corpus,
         "--files", str(args.files), "--change", str(args.changes),
         "--seed", str(int(time.time()))],
        check=True, capture_output=True,
    )  # fmt: skip
    load = os.getloadavg()[0]
    seconds, cpu, summary = timed_sync(args.index)
    rows.append(
        [f"{args.files:,} files, {args.changes} changes", seconds, cpu, load, counts(summary)]
    )
    print(table(["sync", "wall s", "CPU s", "load (1 min)", "what it did"], rows))


if __name__ == "__main__":
    main()
