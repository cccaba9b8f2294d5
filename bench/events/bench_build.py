"""What events and story signatures cost a build: the same corpus indexed with both and without
(the document's event fields and story signature left out), alternating, in one process
(``--workers 1``: the switch is made in this process), medians of the runs; and the event
extractor's share of the pipeline on the real outlet pages, where nearly every article reports
a contact.

    python bench/events/bench_build.py [--folders 20] [--runs 2]

Corpus: the first ``--folders`` folders of ``bench/.work/news-55340`` (``bench/bench_speed.py``
writes it: 553 news items a folder).
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
from searcher.models import RawDocument
from searcher.pipeline import article_of

NEWS = WORK / "news-55340"
PAGES = WORK / "realpages" / "texts"


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


def pipeline_share(folder: Path) -> tuple[int, int, float, float]:
    """(pages, events, pipeline CPU s, events CPU s) over the page texts in ``folder``."""
    articles = []
    start = time.process_time()
    for path in sorted(folder.glob("*.txt")):
        data = path.read_bytes()
        raw = RawDocument(id=path.name, path=path.name, name=path.name, data=data,
                          content_hash=hashlib.sha1(data).hexdigest())  # fmt: skip
        articles.append(article_of(raw)[0])
    pipeline = time.process_time() - start
    start = time.process_time()
    found = sum(len(find_events(a)) for a in articles)
    return len(articles), found, pipeline, time.process_time() - start


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--folders", type=int, default=20)
    ap.add_argument("--runs", type=int, default=2)
    ap.add_argument("--corpus", action="append", help="a corpus folder instead of the news")
    args = ap.parse_args()
    if args.corpus:
        folders = args.corpus
    elif NEWS.is_dir():
        folders = [str(p) for p in sorted(NEWS.iterdir()) if p.is_dir()][: args.folders]
    else:
        sys.exit(f"bench_build: {NEWS} not found (python bench/bench_speed.py writes it)")
    docs = sum(len(list(Path(f).rglob("*.txt"))) for f in folders)
    print(f"load average before: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    times: dict[bool, list[float]] = {True: [], False: []}
    cpus: dict[bool, list[float]] = {True: [], False: []}
    sizes: dict[bool, int] = {}
    for _ in range(args.runs):
        for events in (False, True):
            seconds, cpu, sizes[events] = build(folders, events)
            times[events].append(seconds)
            cpus[events].append(cpu)
    print(f"load average after: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    rows = []
    for events in (False, True):
        wall, cpu = statistics.median(times[events]), statistics.median(cpus[events])
        base = statistics.median(cpus[False])
        cost = f"{cpu / base - 1:+.1%}" if events else ""
        name = "with events and signatures" if events else "without either"
        rows.append([name, docs, wall, cpu, docs / cpu, sizes[events] / 1e6, cost])
    headers = ["build (workers 1)", "docs", "wall s", "CPU s", "docs/CPU s", "index MB", "CPU cost"]
    print(table(headers, rows))
    print("runs (wall, CPU):", {("with" if k else "without"): [
        (round(t, 1), round(c, 1)) for t, c in zip(times[k], cpus[k], strict=True)]
        for k in times})  # fmt: skip
    if PAGES.is_dir():
        pages, found, pipeline, extra = pipeline_share(PAGES)
        print(f"\nreal pages: {pages} texts, {found} events; read+clean+extract {pipeline:.2f} s CPU,"
              f" events {extra:.2f} s CPU ({extra / pipeline:+.1%} of the pipeline)")  # fmt: skip


if __name__ == "__main__":
    main()
