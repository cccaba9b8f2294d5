"""What events and story signatures cost a build, in instructions: the same build as
``bench_build.py`` (one process, ``--workers 1``; without: the document's event fields and story
signature left out), counted by ``valgrind --tool=callgrind``, which gives the same count
whatever the machine's load (wall and CPU seconds move by up to 50% run to run on a shared
machine; instruction counts by well under 0.1%).

    python bench/events/count_build.py [--corpus DIR[,DIR...]]... [--folders 2]

Each set is built twice in a process of its own under callgrind, without and with; only the
build is counted (``sys.call_tracing`` runs it, and callgrind collects only inside that call:
no start-up, no imports). Before it, a one-file build of the set's first text, not counted,
compiles what every build compiles once (the expressions, the country table), so the ratio is
that of a process's steady builds, as ``bench_build.py``'s medians are. Default sets: every
real outlet page text (``bench/.work/realpages/texts`` and ``*-texts``, git-ignored) and the
first ``--folders`` folders of ``bench/.work/news-55340`` (``bench/bench_speed.py`` writes it).
A set of 400 pages takes about a minute under callgrind, a news folder (553 items) two.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from bench._common import WORK, table  # noqa: E402

NEWS = WORK / "news-55340"
REAL = Path(os.environ.get("DEFSEARCH_REALPAGES", WORK / "realpages"))
# the C function that runs the build (collection is on only inside it): nothing else calls it
TOGGLE = "sys_call_tracing"


def real_folders() -> list[str]:
    """Every folder of collected real page texts (empty folders left out)."""
    found = [REAL / "texts", *sorted(REAL.glob("*-texts"))]
    return [str(p) for p in found if p.is_dir() and any(p.glob("*.txt"))]


def child(events: bool, folders: list[str]) -> None:
    """Build ``folders`` once (warm-up, one file) and once counted (run under callgrind)."""
    from searcher.index import documents
    from searcher.index.indexer import SyncOptions, sync

    if not events:
        documents.event_fields = lambda article: {}  # type: ignore[assignment]
        documents.story_fields = lambda body, date: {}  # type: ignore[assignment]
    scratch = Path(tempfile.mkdtemp(prefix="evcount-"))
    try:
        first = min(min(Path(f).rglob("*.txt")) for f in folders)
        (scratch / "warm").mkdir()
        shutil.copy(first, scratch / "warm" / first.name)
        sync([str(scratch / "warm")], str(scratch / "warm-index"), SyncOptions(workers=1))
        options = SyncOptions(workers=1)
        sys.call_tracing(sync, (folders, str(scratch / "index"), options))
    finally:
        shutil.rmtree(scratch, ignore_errors=True)


def count(events: bool, folders: list[str]) -> int:
    """Instructions of one build of ``folders`` (callgrind, this script's ``--child`` mode)."""
    with tempfile.TemporaryDirectory(prefix="evcount-") as tmp:
        out = Path(tmp) / "callgrind.out"
        command = [
            "valgrind",
            "--tool=callgrind",
            "--collect-atstart=no",
            f"--toggle-collect={TOGGLE}",
            f"--callgrind-out-file={out}",
            sys.executable,
            __file__,
            "--child",
            "with" if events else "without",
            ",".join(folders),
        ]
        env = {**os.environ, "PYTHONHASHSEED": "0"}  # (the same sets and dicts every run)
        subprocess.run(command, check=True, env=env, stdout=subprocess.DEVNULL,
                       stderr=subprocess.DEVNULL)  # fmt: skip
        for line in out.read_text().splitlines():
            if line.startswith(("totals:", "summary:")):
                return int(line.split()[1])
    raise RuntimeError(f"no totals in {out}")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--corpus", action="append", help="a set of folders (comma-separated)")
    ap.add_argument("--folders", type=int, default=2, help="news folders in the default sets")
    ap.add_argument("--child", nargs=2, metavar=("WITH", "FOLDERS"), help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.child:
        child(args.child[0] == "with", args.child[1].split(","))
        return
    if shutil.which("valgrind") is None:
        sys.exit("count_build: valgrind not found (apt-get install valgrind)")
    sets: list[tuple[str, list[str]]] = []
    if args.corpus:
        sets = [(c, c.split(",")) for c in args.corpus]
    else:
        if real_folders():
            sets.append(("real outlet pages (all sets)", real_folders()))
        if NEWS.is_dir():
            news = [str(p) for p in sorted(NEWS.iterdir()) if p.is_dir()][: args.folders]
            sets.append((f"news, first {args.folders} folders", news))
    if not sets:
        sys.exit(f"count_build: neither {REAL} nor {NEWS} found")
    rows = []
    for name, folders in sets:
        docs = sum(len(list(Path(f).rglob("*.txt"))) for f in folders)
        without, with_ = count(False, folders), count(True, folders)
        rows.append([name, docs, f"{without:,}", f"{with_:,}", f"{with_ / without - 1:+.2%}",
                     f"{(with_ - without) / docs:,.0f}"])  # fmt: skip
        print(table(["build (workers 1)", "docs", "instructions without", "with", "cost",
                     "extra an article"], rows[-1:]), flush=True)  # fmt: skip
    if len(rows) > 1:
        print()
        print(table(["build (workers 1)", "docs", "instructions without", "with", "cost",
                     "extra an article"], rows))  # fmt: skip


if __name__ == "__main__":
    main()
