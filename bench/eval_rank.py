"""Ranking quality on the TIME test collection (../shared/data/time1963), beside plain BM25.

Indexes the 423 documents with defsearch (as a JSON Lines corpus, full pipeline), runs the 83
queries as "any word" searches, and scores nDCG@10, MAP and P@10 against qrels.txt (79 queries
with judgments). In the same run, a plain BM25 baseline (rank-bm25's BM25Okapi over lower-cased
words) ranks the same documents for the same queries.

    python bench/eval_rank.py
    python bench/eval_rank.py --unshifted   # the judgments as read before 2026-12-02
"""

from __future__ import annotations

import argparse
import json
import math
import re
import tempfile
from pathlib import Path

from _common import DATA, require, table

from searcher.index import SyncOptions, sync
from searcher.search.handle import Index
from searcher.search.results import SearchOptions

_WORD = re.compile(r"\w+")
_QUERY_WORD = re.compile(r"\w+(?:['’]\w+)*")


def load(shifted: bool = True):
    base = require(DATA / "time1963")
    docs = [
        json.loads(line) for line in (base / "docs.jsonl").read_text(encoding="utf-8").splitlines()
    ]
    queries = {}
    for line in (base / "queries.tsv").read_text(encoding="utf-8").splitlines():
        qid, _, text = line.partition("\t")
        queries[qid.strip()] = text.strip()
    # qrels.txt numbers documents by their position in the collection (1-based), as the original
    # TIME.REL does, not by the "*TEXT" id that docs.jsonl carries: judgment 268 for query 1 (Diem
    # and the Buddhists) is the 268th document, TEXT 334 "SOUTH VIET NAM TRIAL BY FIRE"; TEXT 268
    # is about Syria. The original collection has 425 documents, docs.jsonl 423: two of those
    # between positions 371 and 379 are missing, so a judged position from 380 on is two places
    # later than its document here (bench/README.md, "The judgments after position 379").
    qrels: dict[str, set[str]] = {}
    for line in (base / "qrels.txt").read_text(encoding="utf-8").splitlines():
        qid, _zero, doc, rel = line.split()
        position = judged_position(int(doc), shifted)
        if int(rel) > 0 and 1 <= position <= len(docs):
            qrels.setdefault(qid, set()).add(docs[position - 1]["id"])
    return docs, queries, qrels


MISSING_AFTER = 379  # (no judgment names a position from 371 to 379: where in them does not matter)


def judged_position(position: int, shifted: bool = True) -> int:
    """The position in docs.jsonl of a document qrels.txt numbers ``position`` (``shifted``
    False: the same, as this script read it before 2026-12-02)."""
    return position - 2 if shifted and position > MISSING_AFTER else position


def as_query(text: str) -> str:
    """Natural-language query → bare words (no operators, no punctuation)."""
    # (a word keeps its apostrophe: ``NAM'S`` is the possessive the analyzer folds, where
    # splitting at it made a query word ``S``; its other punctuation goes)
    words = [w for w in _QUERY_WORD.findall(text) if w.upper() not in ("AND", "OR", "NOT", "TO")]
    return " ".join(words)


def ndcg(ranked: list[str], relevant: set[str], k: int = 10) -> float:
    dcg = sum(1 / math.log2(i + 2) for i, d in enumerate(ranked[:k]) if d in relevant)
    ideal = sum(1 / math.log2(i + 2) for i in range(min(len(relevant), k)))
    return dcg / ideal if ideal else 0.0


def average_precision(ranked: list[str], relevant: set[str]) -> float:
    hits, total = 0, 0.0
    for i, d in enumerate(ranked, start=1):
        if d in relevant:
            hits += 1
            total += hits / i
    return total / len(relevant) if relevant else 0.0


def precision_at(ranked: list[str], relevant: set[str], k: int = 10) -> float:
    return sum(1 for d in ranked[:k] if d in relevant) / k


def defsearch_runs(docs, queries, workdir: Path) -> dict[str, list[str]]:
    corpus = workdir / "corpus"
    corpus.mkdir()
    with open(corpus / "time.jsonl", "w", encoding="utf-8") as f:
        for d in docs:
            f.write(json.dumps({"id": d["id"], "text": d["text"], "date": d.get("date")}) + "\n")
    sync([str(corpus)], str(workdir / "index"), SyncOptions(workers=1))
    runs = {}
    with Index(str(workdir / "index")) as ix:
        for qid, text in queries.items():
            result = ix.search(
                SearchOptions(query=as_query(text), any_word=True, limit=1000, snippets=False)
            )
            runs[qid] = [h.id for h in result.hits]
    return runs


def bm25_runs(docs, queries) -> dict[str, list[str]]:
    from rank_bm25 import BM25Okapi

    tokenized = [_WORD.findall(d["text"].lower()) for d in docs]
    bm25 = BM25Okapi(tokenized)
    ids = [d["id"] for d in docs]
    runs = {}
    for qid, text in queries.items():
        scores = bm25.get_scores(_WORD.findall(text.lower()))
        order = sorted(range(len(ids)), key=lambda i: -scores[i])
        runs[qid] = [ids[i] for i in order if scores[i] > 0][:1000]
    return runs


def summarize(runs: dict[str, list[str]], qrels: dict[str, set[str]]) -> tuple[float, float, float]:
    judged = [q for q in qrels if q in runs]
    n = len(judged)
    return (
        sum(ndcg(runs[q], qrels[q]) for q in judged) / n,
        sum(average_precision(runs[q], qrels[q]) for q in judged) / n,
        sum(precision_at(runs[q], qrels[q]) for q in judged) / n,
    )


def evaluate(
    with_baseline: bool = True, shifted: bool = True
) -> dict[str, tuple[float, float, float]]:
    docs, queries, qrels = load(shifted)
    out = {}
    with tempfile.TemporaryDirectory() as tmp:
        out["defsearch"] = summarize(defsearch_runs(docs, queries, Path(tmp)), qrels)
    if with_baseline:
        out["bm25 (rank-bm25)"] = summarize(bm25_runs(docs, queries), qrels)
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--unshifted",
        action="store_true",
        help="judgments read as before 2026-12-02 (from position 380 on, two documents off)",
    )
    args = parser.parse_args()
    try:
        import rank_bm25  # noqa: F401

        baseline = True
    except ImportError:
        print("rank-bm25 not installed: `make bench` installs it in .venv-bench")
        baseline = False
    results = evaluate(baseline, shifted=not args.unshifted)
    rows = [[name, *scores] for name, scores in results.items()]
    print("TIME collection: 423 documents, 79 judged queries\n")
    print(table(["system", "nDCG@10", "MAP", "P@10"], rows))
    if baseline:
        ours, base = results["defsearch"][0], results["bm25 (rank-bm25)"][0]
        print(f"\nnDCG@10 ratio defsearch / BM25: {ours / base:.3f} (goal >= 1.10, issue 21)")


if __name__ == "__main__":
    main()
