"""What the event extractor and the story signature cost per article, and what they find: the
articles of some folders are read, cleaned and extracted once (as the indexer does), then
``find_events`` and ``story_fields`` are timed over them alone (medians of ``--runs``), and
every event found can be written out (``--dump``) so that two versions of the extractor can be
compared for identical output.

    python bench/events/profile_events.py --corpus DIR [--corpus DIR ...] [--runs 5]
        [--dump events.jsonl] [--profile]
"""

from __future__ import annotations

import argparse
import cProfile
import hashlib
import json
import os
import pstats
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from searcher.errors import DefsearchError
from searcher.extract.events import event_record, find_events
from searcher.index.stories import story_fields
from searcher.models import Article, RawDocument
from searcher.pipeline import article_of


def articles_in(folders: list[str]) -> list[Article]:
    """Every ``.txt`` file under the folders, as the indexer reads it (files that fail to
    read are left out)."""
    out = []
    for folder in folders:
        for path in sorted(Path(folder).rglob("*.txt")):
            data = path.read_bytes()
            raw = RawDocument(id=str(path), path=str(path), name=path.name, data=data,
                              content_hash=hashlib.sha1(data).hexdigest())  # fmt: skip
            try:
                out.append(article_of(raw)[0])
            except DefsearchError as exc:  # (unreadable: reported, left out)
                print(f"skipped {path}: {exc}", file=sys.stderr)
    return out


def timed(articles: list[Article], runs: int) -> tuple[float, float, float]:
    """(pipeline-free CPU µs per article of find_events, of story_fields, total events)."""
    events_t, story_t = [], []
    found = 0
    for _ in range(runs):
        start = time.process_time()
        found = sum(len(find_events(a)) for a in articles)
        events_t.append(time.process_time() - start)
        start = time.process_time()
        for a in articles:
            story_fields(a.body, a.date)
        story_t.append(time.process_time() - start)
    n = max(1, len(articles))
    return statistics.median(events_t) / n * 1e6, statistics.median(story_t) / n * 1e6, found


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--corpus", action="append", required=True, help="a folder of articles")
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--dump", type=Path, help="write each article's events (JSON lines)")
    ap.add_argument("--profile", action="store_true", help="cProfile find_events (top 25)")
    args = ap.parse_args()
    start = time.process_time()
    articles = articles_in(args.corpus)
    pipeline = (time.process_time() - start) / max(1, len(articles)) * 1e6
    print(f"load average: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    if args.dump:
        with args.dump.open("w", encoding="utf-8") as f:
            for a in articles:
                records = [event_record(e) for e in find_events(a)]
                f.write(json.dumps({"article": a.id, "events": records}, ensure_ascii=False) + "\n")
    if args.profile:
        profiler = cProfile.Profile()
        profiler.enable()
        for a in articles:
            find_events(a)
        profiler.disable()
        pstats.Stats(profiler).sort_stats("tottime").print_stats(25)
    events_us, story_us, found = timed(articles, args.runs)
    print(
        f"{len(articles)} articles, {found} events; read+clean+extract {pipeline:.0f} µs CPU an"
        f" article; find_events {events_us:.0f} µs ({events_us / pipeline:.1%}), story_fields"
        f" {story_us:.0f} µs ({story_us / pipeline:.1%})"
    )


if __name__ == "__main__":
    main()
