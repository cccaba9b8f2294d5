"""Story clusters (issue 17): precision and recall of the same-story rule on labelled pairs, MinHash
(what the index uses, ``searcher/index/stories.py``) against SimHash, and what a signature costs.

The labels (``bench/clusters/pairs.jsonl``: two article ids, same or not, and the rule that
labelled them; no text) are pairs of the news corpus (``../shared/data/news``, Reuters-21578) and
of the seed corpus (``corpus/``):

- same: two Reuters items with the same headline (a ``CORRECTED-``/``RPT-`` prefix aside, at
  least four words) dated at most a day apart: a story filed again (a repeat, a correction, a
  lightly edited re-run), a headline that is not a recurring report (below);
- not same (series): the same headline dated more than 7 days apart: a recurring report
  (``FED ADDS RESERVES VIA CUSTOMER REPURCHASES``, weekly outputs), template text, other figures;
- not same (template): pairs whose texts share at least one LSH band whose headlines name two
  different companies (``<TICKER>`` codes differ): the same wording of another company's news;
- not same (seeds): every pair of the five seed articles (two are Vietnam-Cuba defence
  cooperation stories, the same officials and topic).

    python bench/eval_clusters.py            # evaluate (labels must exist)
    python bench/eval_clusters.py --label    # write the labels again (a seeded sample)
    python bench/eval_clusters.py --cost 11000   # build time, index size, --collapse query time

``--cost N`` builds the first N news items (``bench_speed.write_corpus``'s files) without and
with signatures, alternating ``--repeats`` times (``index.documents.story_fields`` replaced by
one returning nothing; one process, ``workers=1``, so CPU seconds measure it on a loaded
machine), and times searches with and without ``--collapse`` in
one open index (warm, median of 5) and once as a process.
"""

from __future__ import annotations

import argparse
import collections
import datetime as dt
import gzip
import json
import random
import re
import sys
import time
import zlib
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench._common import DATA, ROOT, require, table
from searcher.index import stories as S

PAIRS = ROOT / "bench" / "clusters" / "pairs.jsonl"
SAMPLE = {"same": 300, "series": 200, "template": 150}
_TICKER = re.compile(r"<([A-Z.]+)>")


def _news() -> dict[str, dict]:
    path = require(DATA / "news" / "news.jsonl.gz")
    out = {}
    with gzip.open(path, "rt", encoding="utf-8") as f:
        for line in f:
            r = json.loads(line)
            if r["kind"] == "full_text" and r["source"] == "reuters21578":
                out[r["id"]] = r
    return out


def _seeds() -> dict[str, dict]:
    return {
        f"corpus/{p.name}": {"id": f"corpus/{p.name}", "text": p.read_text("utf-8"), "date": None}
        for p in sorted((ROOT / "corpus").glob("*.txt"))
    }


def _day(r: dict) -> dt.date | None:
    return dt.date.fromisoformat(r["date"][:10]) if r.get("date") else None


def _headline(title: str) -> str:
    return re.sub(r"^(CORRECTED|RPT|REPEAT)[- ]*", "", title.upper()).strip()


def label() -> None:
    news = _news()
    by_title: dict[str, list[str]] = collections.defaultdict(list)
    for i, r in news.items():
        if len(_headline(r["title"]).split()) >= 4 and len(r["text"].split()) >= 40:
            by_title[_headline(r["title"])].append(i)
    same, series = [], []
    recurring = set()
    for title, ids in by_title.items():
        for a, i in enumerate(ids):
            for j in ids[a + 1 :]:
                da, db = _day(news[i]), _day(news[j])
                if da and db and abs((da - db).days) > 7:
                    series.append((i, j))
                    recurring.add(title)
    for title, ids in by_title.items():
        if title in recurring:
            continue
        for a, i in enumerate(ids):
            for j in ids[a + 1 :]:
                da, db = _day(news[i]), _day(news[j])
                if da and db and abs((da - db).days) <= 1:
                    same.append((i, j))
    # template: candidates sharing a band, headlines naming different companies
    buckets: dict[str, list[str]] = collections.defaultdict(list)
    for i, r in news.items():
        values = S.minhash(r["text"])
        if values:
            for t in S.band_terms(values):
                buckets[t].append(i)
    template = set()
    for ids in buckets.values():
        for a, i in enumerate(ids):
            for j in ids[a + 1 :]:
                ti = {t.split(".")[0] for t in _TICKER.findall(news[i]["title"])}
                tj = {t.split(".")[0] for t in _TICKER.findall(news[j]["title"])}
                if ti and tj and not ti & tj:
                    template.add((min(i, j), max(i, j)))
    rng = random.Random(17)
    rows = []
    for kind, pairs, is_same in (
        ("same", same, True),
        ("series", series, False),
        ("template", sorted(template), False),
    ):
        for a, b in rng.sample(pairs, min(SAMPLE[kind], len(pairs))):
            rows.append({"a": a, "b": b, "same": is_same, "rule": kind})
    seeds = sorted(_seeds())
    for n, a in enumerate(seeds):
        for b in seeds[n + 1 :]:
            rows.append({"a": a, "b": b, "same": False, "rule": "seeds"})
    PAIRS.parent.mkdir(parents=True, exist_ok=True)
    with PAIRS.open("w", encoding="utf-8") as f:
        for row in rows:
            f.write(json.dumps(row) + "\n")
    counts = collections.Counter(r["rule"] for r in rows)
    print(f"wrote {len(rows)} pairs to {PAIRS.relative_to(ROOT)}: {dict(counts)}")


# --- SimHash, the alternative measured ---------------------------------------------------------


def simhash(text: str) -> int | None:
    """64-bit SimHash of the same shingles (each shingle's 64-bit hash votes on every bit)."""
    found = S.shingles(text)
    if len(found) < S.MIN_SHINGLES:
        return None
    votes = [0] * 64
    for s in found:
        raw = s.encode("utf-8")
        h = zlib.crc32(raw) | (zlib.crc32(raw, 0x5BD1E995) << 32)
        for bit in range(64):
            votes[bit] += 1 if h >> bit & 1 else -1
    return sum(1 << bit for bit in range(64) if votes[bit] > 0)


def _pr(results: list[tuple[bool, bool]]) -> tuple[float, float, int, int, int]:
    tp = sum(1 for said, truth in results if said and truth)
    fp = sum(1 for said, truth in results if said and not truth)
    fn = sum(1 for said, truth in results if not said and truth)
    p = tp / (tp + fp) if tp + fp else 1.0
    r = tp / (tp + fn) if tp + fn else 1.0
    return p, r, tp, fp, fn


def evaluate(show: bool) -> None:
    if not PAIRS.exists():
        sys.exit(f"bench: {PAIRS} not found (run with --label first)")
    labels = [json.loads(line) for line in PAIRS.read_text("utf-8").splitlines() if line]
    docs = {**_news(), **_seeds()}
    wanted = {i for row in labels for i in (row["a"], row["b"])}
    started = time.perf_counter()
    mh = {}
    for i in wanted:
        found = S.shingles(docs[i]["text"])
        values = S.minhash_of(found)
        day = _day(docs[i])
        mh[i] = S.Signature(values, day.toordinal() if day else 0, len(found)) if values else None
    mh_ms = (time.perf_counter() - started) / len(wanted) * 1000
    started = time.perf_counter()
    sh = {i: simhash(docs[i]["text"]) for i in wanted}
    sh_ms = (time.perf_counter() - started) / len(wanted) * 1000

    def lsh(a: S.Signature, b: S.Signature) -> bool:
        return bool(set(S.band_terms(a.values)) & set(S.band_terms(b.values)))

    def dates_ok(a: str, b: str) -> bool:
        da, db = _day(docs[a]), _day(docs[b])
        return not (da and db and abs((da - db).days) > S.SAME_DAYS)

    rows = []
    variants: dict[str, list[tuple[bool, bool]]] = collections.defaultdict(list)
    for row in labels:
        a, b, truth = row["a"], row["b"], row["same"]
        sa, sb = mh[a], mh[b]
        j = S.jaccard(sa.values, sb.values) if sa and sb else 0.0
        found = bool(sa and sb and lsh(sa, sb))
        rule = bool(found and sa and sb and S.same_story(sa, sb))
        variants["minhash: LSH bands + rule (the index)"].append((rule, truth))
        variants["minhash: rule alone, every pair"].append(
            (bool(sa and sb and S.same_story(sa, sb)), truth)
        )
        undated = bool(sa and sb and S.same_story(sa._replace(day=0), sb._replace(day=0)))
        variants["minhash: text only (no date check)"].append((found and undated, truth))
        ha, hb = sh[a], sh[b]
        ham = bin(ha ^ hb).count("1") if ha is not None and hb is not None else 64
        for k in (3, 6, 10):
            variants[f"simhash: hamming <= {k} + dates"].append(
                (ham <= k and dates_ok(a, b), truth)
            )
        if show and rule != truth:
            rows.append([row["rule"], a, b, round(j, 2), ham])
    out = []
    for name, results in variants.items():
        p, r, tp, fp, fn = _pr(results)
        out.append([name, p, r, tp, fp, fn])
    by_rule = collections.Counter(row["rule"] for row in labels)
    print(f"{len(labels)} labelled pairs {dict(by_rule)}; threshold J >= {S.SAME_JACCARD},")
    print(f"dates <= {S.SAME_DAYS} days; {S.BINS} bins, {S.BANDS} bands of {S.ROWS}")
    print(table(["variant", "P", "R", "TP", "FP", "FN"], out))
    print(f"signature cost per article: minhash {mh_ms:.2f} ms, simhash {sh_ms:.2f} ms")
    for rule_name in sorted(by_rule):
        subset = [r for r in labels if r["rule"] == rule_name]
        merged = 0
        for row in subset:
            sa, sb = mh[row["a"]], mh[row["b"]]
            merged += bool(sa and sb and lsh(sa, sb) and S.same_story(sa, sb))
        print(f"  {rule_name}: {merged}/{len(subset)} merged")
    if rows:
        print(table(["rule", "a", "b", "J est", "hamming"], rows))


def _tree_bytes(path: Path) -> int:
    return sum(f.stat().st_size for f in path.rglob("*") if f.is_file())


def cost(size: int, repeats: int) -> None:
    import os
    import shutil
    import statistics
    import subprocess

    from bench._common import WORK
    from bench.bench_speed import write_corpus
    from searcher.index import documents
    from searcher.index.indexer import SyncOptions, sync
    from searcher.search.handle import Index
    from searcher.search.results import SearchOptions

    corpus = write_corpus(size)
    real = documents.story_fields
    rows = []
    built: dict[str, Path] = {}
    for n in range(repeats):
        for label, fields in (("without signatures", None), ("with signatures", real)):
            documents.story_fields = fields or (lambda body, day: {})  # type: ignore[assignment]
            target = WORK / f"clusters-{size}-{'with' if fields else 'without'}"
            shutil.rmtree(target, ignore_errors=True)
            started, cpu = time.perf_counter(), time.process_time()
            sync([str(corpus)], str(target), SyncOptions(workers=1))
            cpu = time.process_time() - cpu
            seconds = time.perf_counter() - started
            rows.append([f"{label} (run {n + 1})", round(cpu, 1), round(seconds, 1),
                         _tree_bytes(target) / 1e6])  # fmt: skip
            built[label] = target
    documents.story_fields = real
    if not repeats:  # (query times only: one build with signatures, every core)
        target = built["with signatures"] = WORK / f"clusters-{size}-with"
        if not (target / "CURRENT").exists():
            started = time.perf_counter()
            sync([str(corpus)], str(target), SyncOptions())
            print(f"built {size} with signatures in {time.perf_counter() - started:.1f} s")
    print(f"build of {size} news items, load average {os.getloadavg()[0]:.1f}")
    print(table(["build", "CPU s", "wall s", "index MB"], rows))
    queries = ["", "oil", "defence minister", "trade deficit", "bank rate"]
    out = []
    with Index(str(built["with signatures"])) as ix:
        for q in queries:
            row: list = [repr(q)]
            for collapse in (False, True):
                times = []
                for _ in range(5):
                    started = time.perf_counter()
                    result = ix.search(
                        SearchOptions(query=q, collapse=collapse, facets=("outlet",), limit=10)
                    )
                    times.append((time.perf_counter() - started) * 1000)
                row += [statistics.median(times)]
            row += [result.total, result.stories]
            out.append(row)
    print(table(["query", "ms", "ms --collapse", "matches", "stories"], out))
    for args in ([], ["--collapse"]):
        cmd = [sys.executable, "-m", "searcher", "search", "oil", *args, "--index"]
        started = time.perf_counter()
        subprocess.run([*cmd, str(built["with signatures"])], capture_output=True, check=False)
        print(f"one process, search oil {' '.join(args)}: {time.perf_counter() - started:.2f} s")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--label", action="store_true", help="write bench/clusters/pairs.jsonl")
    parser.add_argument("--show", action="store_true", help="list the pairs the rule gets wrong")
    parser.add_argument("--cost", type=int, metavar="N", help="build and query costs at N items")
    parser.add_argument(
        "--repeats", type=int, default=1, help="builds of each kind (--cost; 0: query times only)"
    )
    args = parser.parse_args()
    if args.cost:
        cost(args.cost, args.repeats)
        return
    if args.label:
        label()
    evaluate(args.show)


if __name__ == "__main__":
    main()
