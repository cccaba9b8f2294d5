"""A corpus of one JSON Lines file, built with one process and with worker processes (issue 20,
item 8): wall time, the main process's peak memory, and whether both indexes hold the same.

    python bench/bench_jsonl.py --records 6000 --workers 2

Each record is the VOV fixture article made unique by a number, as tests/conftest.py writes
them. Run it on a quiet machine: the ratio is what matters.
"""

from __future__ import annotations

import argparse
import json
import resource
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from searcher.index import SyncOptions, sync  # noqa: E402
from searcher.search.handle import Index  # noqa: E402

BODY = (ROOT / "tests" / "fixtures" / "articles" / "vov-australia-dialogue.txt").read_text()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--records", type=int, default=6000)
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        corpus = Path(tmp) / "corpus"
        corpus.mkdir()
        with (corpus / "feed.jsonl").open("w", encoding="utf-8") as fh:
            for i in range(args.records):
                text = BODY.replace("fourth", f"number {i}") + f" marker{i}\n"
                fh.write(json.dumps({"id": f"r{i}", "title": f"Report {i}", "text": text}) + "\n")
        size = (corpus / "feed.jsonl").stat().st_size / 1024 / 1024
        print(f"one file, {args.records} records, {size:.1f} MB")
        states = []
        for workers in (1, args.workers):
            index = Path(tmp) / f"ix{workers}"
            start = time.monotonic()
            report = sync([str(corpus)], str(index), SyncOptions(workers=workers))
            wall = time.monotonic() - start
            with Index(str(index)) as ix:
                states.append(sorted((r["id"], r["content_hash"]) for r in ix.export()))
            peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
            print(
                f"workers={workers}: {report.added} added in {wall:.1f} s"
                f" ({report.added / wall:.0f} records/s), main process peak {peak:.0f} MB"
            )
        print("same index:", states[0] == states[1])


if __name__ == "__main__":
    main()
