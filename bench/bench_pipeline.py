"""CPU cost of cleaning and extraction alone (no index), per article, on the news corpus.

The rules of issues 13 and 14 run on every article of every build: this is their bill, measured
apart from indexing. Median CPU of ``--repeats`` runs; the load average is printed beside it
(the machines are shared).

    python bench/bench_pipeline.py [--items 3000] [--repeats 3]
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import time

from _common import DATA, median, require, table

from searcher.clean import clean
from searcher.extract import extract


def texts(limit: int) -> list[str]:
    out = []
    with gzip.open(require(DATA / "news" / "news.jsonl.gz"), "rt", encoding="utf-8") as f:
        for line in f:
            row = json.loads(line)
            text = row.get("text") or row.get("body") or ""
            if text:
                out.append(text)
            if len(out) >= limit:
                break
    return out


def run(items: list[str]) -> tuple[float, float]:
    """(clean CPU seconds, extract CPU seconds) for all items."""
    cleaned, spent_clean = [], 0.0
    start = time.process_time()
    for i, text in enumerate(items):
        cleaned.append(clean(text, f"{i}.txt"))
    spent_clean = time.process_time() - start
    start = time.process_time()
    for c in cleaned:
        extract(c)
    return spent_clean, time.process_time() - start


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--items", type=int, default=3000)
    ap.add_argument("--repeats", type=int, default=3)
    args = ap.parse_args()
    items = texts(args.items)
    run(items[:50])  # (warm: the tables load once)
    runs = [run(items) for _ in range(args.repeats)]
    c, e = median([r[0] for r in runs]), median([r[1] for r in runs])
    n = len(items)
    print(f"load average {os.getloadavg()[0]:.2f}; {n} news items, median of {args.repeats}")
    print(table(["stage", "CPU s", "µs/article", "articles/s"], [
        ["clean", c, round(c / n * 1e6), round(n / c)],
        ["extract", e, round(e / n * 1e6), round(n / e)],
        ["both", c + e, round((c + e) / n * 1e6), round(n / (c + e))],
    ]))  # fmt: skip


if __name__ == "__main__":
    main()
