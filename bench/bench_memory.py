"""Peak memory of a full build (issue 19: at most 600 MB over all processes at 221k): the
resident set of the build's whole process tree, sampled every 0.1 s from /proc as
bench_speed.py samples it (its ``_tree``), and the largest single process; wall, docs/s, the load
average before and after each run. Builds take turns with ``--repeats``; medians at the end.

With ``--timeline FILE``, each sample's resident set per process (pid, its command's last word,
MB) is written as JSON lines, to see which process holds the memory in which phase.

    python bench/bench_memory.py --size 221360 --repeats 2
    python bench/bench_memory.py --size 55340 --timeline /tmp/timeline.jsonl
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

from _common import WORK
from bench_speed import DEFSEARCH, _tree, load, own_corpus


def _names(pids: list[int], main: int) -> dict[int, str]:
    """What each process of the build is: main, resource tracker, fork server or worker."""
    names = {}
    for pid in pids:
        try:
            with open(f"/proc/{pid}/cmdline", "rb") as f:
                text = f.read().replace(b"\0", b" ").decode(errors="replace")
            with open(f"/proc/{pid}/stat") as f:
                parent = int(f.read().rsplit(")", 1)[1].split()[1])
        except OSError:
            continue
        if pid == main:
            names[pid] = "main"
        elif "resource_tracker" in text:
            names[pid] = "tracker"
        elif "forkserver" in text:
            names[pid] = "forkserver" if parent == main else "worker"
        else:
            names[pid] = "other"
    return names


def build(corpus: Path, out: Path, timeline: Path | None) -> dict:
    """One full build of ``corpus`` into ``out``: wall, peak MB of all processes and of the
    largest, the load average after."""
    shutil.rmtree(out, ignore_errors=True)
    cmd = [*DEFSEARCH, "index", str(corpus), "--index", str(out)]
    t0 = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    largest = total = 0
    log = timeline.open("w") if timeline else None
    names: dict[int, str] = {}
    while proc.poll() is None:
        one, together, ticks = _tree(proc.pid)
        largest, total = max(largest, one), max(total, together)
        if log:
            pids = [pid for pid, _start in ticks]
            names.update(_names([p for p in pids if p not in names], proc.pid))
            per = {}
            for pid in pids:
                try:
                    with open(f"/proc/{pid}/statm") as f:
                        per[f"{pid} {names.get(pid, '?')}"] = int(f.read().split()[1]) * 4 // 1024
                except OSError:
                    pass
            log.write(json.dumps({"t": round(time.perf_counter() - t0, 1), "mb": per}) + "\n")
        time.sleep(0.1)
    _out, err = proc.communicate()
    wall = time.perf_counter() - t0
    if log:
        log.close()
    if proc.returncode:
        sys.exit(f"bench: {' '.join(cmd)} failed ({proc.returncode}):\n{err[-3000:]}")
    return {"wall": wall, "peak": total / 1024, "largest": largest / 1024,
            "load": load(), "summary": (err.strip().splitlines() or [""])[-1]}  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--size", type=int, default=221360)
    parser.add_argument("--repeats", type=int, default=1)
    parser.add_argument("--out", type=Path, help="the index folder (default: in bench/.work)")
    parser.add_argument("--timeline", type=Path, help="per-process samples, as JSON lines")
    args = parser.parse_args()
    work = WORK / f"speed-{args.size}"
    work.mkdir(parents=True, exist_ok=True)
    corpus = own_corpus(args.size, work)
    out = args.out or work / "memory-index"
    runs = []
    for r in range(args.repeats):
        print(f"run {r + 1}: load before {load()}", file=sys.stderr, flush=True)
        run = build(corpus, out, args.timeline)
        runs.append(run)
        print(f"  wall {run['wall']:.1f} s, {args.size / run['wall']:,.0f} docs/s, peak "
              f"{run['peak']:.0f} MB all processes, largest {run['largest']:.0f} MB, load after "
              f"{run['load']} ({run['summary']})", file=sys.stderr, flush=True)  # fmt: skip
    wall = statistics.median(r["wall"] for r in runs)
    print(json.dumps({"size": args.size, "runs": len(runs), "wall": round(wall, 1),
                      "docs_per_s": round(args.size / wall),
                      "peak_mb": round(statistics.median(r["peak"] for r in runs)),
                      "largest_mb": round(statistics.median(r["largest"] for r in runs)),
                      "each": runs}))  # fmt: skip


if __name__ == "__main__":
    os.environ.setdefault("PYTHONUNBUFFERED", "1")
    main()
