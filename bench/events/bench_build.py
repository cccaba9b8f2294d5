"""What events and story signatures cost a build: each corpus indexed with both and without
(the document's event fields and story signature left out), alternating, in one process
(``--workers 1``: the switch is made in this process), medians of the runs; then the event
extractor's and the signature's CPU per article over the same articles.

    python bench/events/bench_build.py [--folders 20] [--runs 2]
    python bench/events/bench_build.py --corpus DIR[,DIR...] [--corpus ...] --runs 7

Each ``--corpus`` is one set, measured on its own (its folders, comma-separated, indexed
together), all sets side by side in the same run. Default: the first ``--folders`` folders of
``bench/.work/news-55340`` (``bench/bench_speed.py`` writes it: 553 news items a folder).
"""

from __future__ import annotations

import argparse
import hashlib
import os
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from bench._common import WORK, table
from searcher.extract.events import find_events
from searcher.index import documents
from searcher.index.indexer import SyncOptions, sync
from searcher.index.stories import story_fields
from searcher.models import RawDocument
from searcher.pipeline import article_of

NEWS = WORK / "news-55340"


def build(folders: list[str], events: bool) -> tuple[float, float, int]:
    """(wall seconds, CPU seconds, index bytes) of one full build."""
    real, real_story = documents.event_fields, documents.story_fields
    if not events:
        documents.event_fields = lambda article: {}  # type: ignore[assignment]
        documents.story_fields = lambda body, date: {}  # type: ignore[assignment]
    target = Path(tempfile.mkdtemp(prefix="evbench-")) / "index"
    try:
        start, cpu = time.perf_counter(), time.process_time()
        sync(folders, str(target), SyncOptions(workers=1))
        seconds, cpu = time.perf_counter() - start, time.process_time() - cpu
        size = sum(f.stat().st_size for f in target.rglob("*") if f.is_file())
        return seconds, cpu, size
    finally:
        documents.event_fields, documents.story_fields = real, real_story
        shutil.rmtree(target.parent, ignore_errors=True)


def extractor_costs(folders: list[str]) -> tuple[int, int, float, float, float]:
    """(articles, events, pipeline CPU µs, events CPU µs, signature CPU µs per article) over
    the ``.txt`` files of ``folders``."""
    articles = []
    start = time.process_time()
    for folder in folders:
        for path in sorted(Path(folder).rglob("*.txt")):
            data = path.read_bytes()
            raw = RawDocument(id=path.name, path=path.name, name=path.name, data=data,
                              content_hash=hashlib.sha1(data).hexdigest())  # fmt: skip
            articles.append(article_of(raw)[0])
    n = max(1, len(articles))
    pipeline = (time.process_time() - start) / n * 1e6
    start = time.process_time()
    found = sum(len(find_events(a)) for a in articles)
    events = (time.process_time() - start) / n * 1e6
    start = time.process_time()
    for a in articles:
        story_fields(a.body, a.date)
    return len(articles), found, pipeline, events, (time.process_time() - start) / n * 1e6


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--folders", type=int, default=20)
    ap.add_argument("--runs", type=int, default=2)
    ap.add_argument(
        "--corpus",
        action="append",
        help="a set of corpus folders (comma-separated), measured alone",
    )
    args = ap.parse_args()
    sets: list[list[str]]
    if args.corpus:
        sets = [c.split(",") for c in args.corpus]
    elif NEWS.is_dir():
        sets = [[str(p) for p in sorted(NEWS.iterdir()) if p.is_dir()][: args.folders]]
    else:
        sys.exit(f"bench_build: {NEWS} not found (python bench/bench_speed.py writes it)")
    print(f"load average before: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    times = {(n, e): [] for n in range(len(sets)) for e in (False, True)}
    cpus = {(n, e): [] for n in range(len(sets)) for e in (False, True)}
    sizes: dict[tuple[int, bool], int] = {}
    for _ in range(args.runs):
        for n, folders in enumerate(sets):
            for events in (False, True):
                seconds, cpu, sizes[n, events] = build(folders, events)
                times[n, events].append(seconds)
                cpus[n, events].append(cpu)
    print(f"load average after: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    rows = []
    for n, folders in enumerate(sets):
        docs = sum(len(list(Path(f).rglob("*.txt"))) for f in folders)
        name = "+".join(Path(f).name for f in folders)
        base_cpu, base_wall = statistics.median(cpus[n, False]), statistics.median(times[n, False])
        for events in (False, True):
            wall, cpu = statistics.median(times[n, events]), statistics.median(cpus[n, events])
            rows.append([
                f"{name[:40]} {'with' if events else 'without'}", docs, wall, cpu, docs / cpu,
                sizes[n, events] / 1e6,
                f"{cpu / base_cpu - 1:+.1%}" if events else "",
                f"{wall / base_wall - 1:+.1%}" if events else "",
            ])  # fmt: skip
    headers = ["build (workers 1), events and signatures", "docs", "wall s", "CPU s",
               "docs/CPU s", "index MB", "CPU cost", "wall cost"]  # fmt: skip
    print(table(headers, rows))
    for key, values in cpus.items():
        print(f"runs, set {key[0]} {'with' if key[1] else 'without'} (CPU s):",
              [round(v, 2) for v in values])  # fmt: skip
    for folders in sets:
        pages, found, pipeline, events, signature = extractor_costs(folders)
        print(f"{'+'.join(Path(f).name for f in folders)[:40]}: {pages} texts, {found} events;"
              f" read+clean+extract {pipeline:.0f} µs CPU an article, events {events:.0f} µs"
              f" ({events / pipeline:.1%}), signature {signature:.0f} µs"
              f" ({signature / pipeline:.1%})")  # fmt: skip


if __name__ == "__main__":
    main()
