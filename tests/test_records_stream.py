"""JSON Lines read as a stream (issue 20, items 6 and 8): a file far larger than the memory a
build may take is indexed within a bound that does not grow with the file, a record over the
size limit is indexed cut with its reason, and the records of one file are spread over the
worker processes with the same index as one process makes."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from searcher import engine
from searcher.index import SyncOptions, store, sync
from searcher.jsonl import MAX_RECORD_BYTES
from searcher.search.handle import Index
from searcher.search.results import SearchOptions

from .conftest import FIXTURES, ROOT

BODY = (FIXTURES / "vov-australia-dialogue.txt").read_text(encoding="utf-8")
MB = 1024 * 1024
# The documented bound (README, Guarantees): reading JSON Lines takes the memory of a few
# records of at most MAX_RECORD_BYTES (20 MB) each, whatever the file's size. A build of the
# file below (240 MB, one record over the limit) may grow the process by at most this much.
MEMORY_BOUND_MB = 160

# (Linux: VmRSS is the memory in use, VmHWM its peak, which writing 5 to clear_refs resets)
_MEASURE = """
import json, sys
from searcher.index import SyncOptions, sync

def status(key):
    for line in open("/proc/self/status"):
        if line.startswith(key + ":"):
            return int(line.split()[1])  # kB

warm, corpus, warm_index, index = sys.argv[1:5]
sync([warm], warm_index, SyncOptions(workers=1))  # (every module imported, every cache filled)
with open("/proc/self/clear_refs", "w") as f:
    f.write("5")
before = status("VmRSS")
report = sync([corpus], index, SyncOptions(workers=1))
after = status("VmHWM")
print(json.dumps({
    "before_mb": before / 1024,
    "growth_mb": (after - before) / 1024,
    "added": report.added,
    "skipped": [[s.rel, s.reason] for s in report.skipped],
    "warnings": list(report.warnings),
}))
"""


def _article(i: int) -> str:
    return BODY.replace("fourth", f"number {i}") + f" marker{i}\n"


def _write_large_feed(path: Path, records: int, padding: int) -> None:
    """``records`` records of ``padding`` bytes each (a field of theirs we do not read makes the
    line long; the text is an article), then one whose text runs past the size limit, with a
    word before the cut and one after it, and one more record after it."""
    pad = "p" * padding
    with path.open("w", encoding="utf-8") as fh:
        for i in range(records):
            fh.write(json.dumps({"id": f"r{i}", "notes": pad, "text": _article(i)}) + "\n")
        long_text = "beforecut " + _article(-1) + "x" * (MAX_RECORD_BYTES + 4 * MB) + " aftercut"
        fh.write(json.dumps({"id": "long", "title": "Long one", "text": long_text}) + "\n")
        fh.write(json.dumps({"id": "last", "text": _article(records)}) + "\n")


def test_large_jsonl_file_in_bounded_memory_and_an_over_long_record_cut(tmp_path):
    corpus, warm = tmp_path / "corpus", tmp_path / "warm"
    corpus.mkdir()
    warm.mkdir()
    (warm / "w.jsonl").write_text(json.dumps({"id": "w", "text": _article(0)}) + "\n")
    feed = corpus / "feed.jsonl"
    _write_large_feed(feed, records=60, padding=3 * MB)
    assert feed.stat().st_size > 200 * MB  # (larger than the bound: holding it would break it)
    index = tmp_path / "index"
    proc = subprocess.run(
        [sys.executable, "-c", _MEASURE, str(warm), str(corpus), str(tmp_path / "wi"), str(index)],
        capture_output=True, text=True, cwd=ROOT, timeout=600,
    )  # fmt: skip
    assert proc.returncode == 0, proc.stderr
    result = json.loads(proc.stdout)
    print(f"peak memory growth: {result['growth_mb']:.0f} MB")
    assert result["growth_mb"] < MEMORY_BOUND_MB, result["growth_mb"]
    assert result["added"] == 62 and result["skipped"] == []
    cut = [w for w in result["warnings"] if w.startswith("long: record cut at the size limit")]
    assert len(cut) == 1, result["warnings"]
    with Index(str(index)) as ix:
        assert ix.search(SearchOptions(query="beforecut")).total == 1
        assert ix.search(SearchOptions(query="aftercut")).total == 0
        assert ix.search(SearchOptions(query='"number 59"')).total == 1
        assert ix.search(SearchOptions(query="Australia", limit=1)).total == 62


def test_a_record_whose_id_is_after_the_cut_is_skipped_with_its_reason(tmp_path, cli):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    with (corpus / "feed.jsonl").open("w", encoding="utf-8") as fh:
        fh.write(json.dumps({"text": "y" * (MAX_RECORD_BYTES + MB), "id": "late"}) + "\n")
        fh.write(json.dumps({"id": "next", "text": _article(1)}) + "\n")
    result = cli("index", str(corpus), "--index", str(tmp_path / "ix"), "-v")
    assert result.exit_code == 1, result.output
    assert (
        "skipped feed.jsonl:1: record too large (21.0 MB; limit 20 MB): record has no id in its"
        " first 20 MB" in result.output
    )
    assert "1 added" in result.output


def _feed(path: Path, n: int) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8") as fh:
        for i in range(n):
            fh.write(json.dumps({"id": f"r{i}", "title": f"Report {i}", "text": _article(i)}))
            fh.write("\n")


def _state(index: Path) -> dict[str, str]:
    with Index(str(index)) as ix:
        records = list(ix.export())
    ids = [r["id"] for r in records]
    assert len(ids) == len(set(ids)), "a record indexed twice"
    return {r["id"]: r["content_hash"] for r in records}


def _searches(index: Path) -> list[tuple[int, list[str]]]:
    with Index(str(index)) as ix:
        found = []
        for query in ("Australia", '"number 7"', '"number 123"', "dialogue"):
            result = ix.search(SearchOptions(query=query, limit=5))  # (ties: in any order)
            found.append((result.total, sorted(h.id for h in result.hits) * (result.total <= 5)))
        return found


def _segment_sizes(index: Path) -> list[int]:
    ix = engine.open_index(store.require_version(str(index)))
    return sorted(s.doc_count() for s in ix._segments())


@pytest.mark.parametrize("segments", [True, False], ids=["segment per worker", "one writer"])
def test_one_file_corpus_spread_over_two_workers_equals_one(tmp_path, segments):
    """A corpus of one JSON Lines file: with two workers (a segment each, or one writer fed by
    both) every record is indexed exactly once, and the index answers as one process's does."""
    n = 600
    _feed(tmp_path / "corpus" / "feed.jsonl", n)
    corpus = str(tmp_path / "corpus")
    one, two = tmp_path / "one", tmp_path / "two"
    r1 = sync([corpus], str(one), SyncOptions(workers=1))
    options = SyncOptions(workers=2, segments_from=1 if segments else n + 1)
    r2 = sync([corpus], str(two), options)
    assert r1.added == r2.added == n and not r1.skipped and not r2.skipped
    state = _state(two)
    assert len(state) == n and state == _state(one)
    assert _searches(two) == _searches(one)
    if segments:  # (each worker wrote its half of the file's records)
        assert _segment_sizes(two) == [n // 2, n // 2]
    # a sync after a change of some records, in both
    feed = tmp_path / "corpus" / "feed.jsonl"
    (tmp_path / "new.jsonl").write_text(feed.read_text().replace("marker1", "changed1"))
    os.replace(tmp_path / "new.jsonl", feed)
    s1 = sync([corpus], str(one), SyncOptions(workers=1))
    s2 = sync([corpus], str(two), SyncOptions(workers=2))
    assert s1.updated == s2.updated > 0
    assert _state(two) == _state(one) and _searches(two) == _searches(one)
