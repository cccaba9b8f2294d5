"""Ranking levers on the TIME collection, outside the engine, with cross-validation (issue 21).

The 423 documents go through defsearch's own pipeline (index built as ``eval_rank.py`` does);
each stored body is analysed again with the engine's analysis (``analysis.positions_of``), so
the terms are the index's. Over them this script scores BM25 and its variants directly:

- ``bm25``: the engine's BM25 (k1 1.2, b 0.75, Robertson–Spärck Jones idf) plus the engine's
  country boost (2.0, a BM25 term of the country field per country the query names);
- ``k1/b``: BM25's parameters, fitted on a grid;
- ``bm25+``: a lower bound ``delta`` on the term frequency part (Lv & Zhai, CIKM 2011);
- ``request``: request words (``efforts``, ``number``, ``persons``…) down-weighted in a query of
  at least ``REQUEST_MIN_WORDS`` words; the list is ``searcher.search.query.REQUEST_WORDS``
  (``request (learnt per fold)`` derives one from the training folds' queries instead);
- ``prox``: adjacent query words found adjacent in the document (a BM25 term per pair);
- ``rm3``: RM3 feedback (top ``fb_docs`` documents, ``fb_terms`` terms, original weight), which
  re-orders the first pass's matches only;
- ``prior``: a document-length prior, ``w * log(length)``;
- ``country``: the country boost's weight.

Every fitted parameter is fitted again in each fold of a k-fold split over the judged queries
(seeded) and scored on the held-out fold: the "held out" columns. In-sample columns are the
best grid point on all 79 queries (what a tuned-to-TIME figure would claim).

    python bench/rank_levers.py                 # the table (each lever alone, then together)
    python bench/rank_levers.py --folds 2       # 2-fold instead of 5
    python bench/rank_levers.py --index-dir /tmp/time-index   # build the TIME index once
    python bench/rank_levers.py --engine        # the engine's own runs, request weight held out
    python bench/rank_levers.py --speed 20      # cost on the news index (eval_recall.py's)
"""

from __future__ import annotations

import argparse
import itertools
import json
import math
import random
import re
import sys
import tempfile
from collections import Counter
from dataclasses import dataclass, replace
from pathlib import Path

from _common import WORK, table
from eval_rank import as_query, average_precision, bm25_runs, load, ndcg, precision_at

from searcher.engine.analysis import positions_of
from searcher.index import SyncOptions, sync
from searcher.search import query
from searcher.search.handle import Index
from searcher.search.query import entity_boosts
from searcher.search.results import SearchOptions

_WORD = re.compile(r"\w+")


@dataclass(frozen=True)
class Params:
    k1: float = 1.2
    b: float = 0.75
    delta: float = 0.0  # BM25+
    request: float = 1.0  # weight of a request word in a long query (1: as any word)
    prox: float = 0.0  # weight of adjacent query-word pairs
    fb_docs: int = 0  # RM3 (0: off)
    fb_terms: int = 20
    fb_orig: float = 0.7
    prior: float = 0.0  # document-length prior weight
    country: float = 2.0


class Collection:
    """The TIME documents as the engine analyses them, with an inverted index."""

    def __init__(self, docs: list[dict], workdir: Path) -> None:
        if not (workdir / "index").exists():
            corpus = workdir / "corpus"
            corpus.mkdir(parents=True, exist_ok=True)
            with open(corpus / "time.jsonl", "w", encoding="utf-8") as f:
                for d in docs:
                    f.write(json.dumps({"id": d["id"], "text": d["text"], "date": d.get("date")}))
                    f.write("\n")
            sync([str(corpus)], str(workdir / "index"), SyncOptions(workers=1))
        self.ids: list[str] = []
        self.pos: list[dict[str, list[int]]] = []
        self.countries: list[set[str]] = []
        with Index(str(workdir / "index")) as ix:
            self.variants = ix.country_variants
            for d in docs:
                record = ix.get(d["id"])
                self.ids.append(d["id"])
                self.pos.append(positions_of(record.get("body") or ""))
                self.countries.append({c.lower() for c in record.get("countries", ())})
        self.n = len(self.ids)
        self.len = [sum(len(p) for p in ps.values()) for ps in self.pos]
        self.avgdl = sum(self.len) / self.n
        self.df: Counter[str] = Counter(t for ps in self.pos for t in ps)
        self.cdf: Counter[str] = Counter(c for cs in self.countries for c in cs)
        self.clen = [max(1, len(cs)) for cs in self.countries]
        self.cavg = sum(self.clen) / self.n
        self.postings: dict[str, list[int]] = {}
        for i, ps in enumerate(self.pos):
            for t in ps:
                self.postings.setdefault(t, []).append(i)

    def idf(self, df: int) -> float:
        return math.log(1 + (self.n - df + 0.5) / (df + 0.5))


@dataclass
class Query:
    qid: str
    words: list[str]  # terms in query order (analysed, stop words out)
    request: list[bool]  # whether each is a request word
    codes: list[str]  # countries the query names


def analyse_queries(coll: Collection, queries: dict[str, str], request_words: set[str]):
    out = {}
    for qid, text in queries.items():
        text = as_query(text)  # (as eval_rank.py asks the engine)
        ps = positions_of(text)
        order = sorted((p, t) for t, plist in ps.items() for p in plist)
        words = [t for _, t in order]
        long = len(set(words)) >= REQUEST_MIN_WORDS and not set(words) <= request_words
        codes = [q.text for q in entity_boosts(text, coll.variants)]
        out[qid] = Query(qid, words, [long and w in request_words for w in words], codes)
    return out


def _tfpart(tf: float, dl: float, avg: float, p: Params) -> float:
    return tf * (p.k1 + 1) / (tf + p.k1 * (1 - p.b + p.b * dl / avg)) + p.delta


def score(coll: Collection, q: Query, p: Params) -> dict[int, float]:
    weights: Counter[str] = Counter()
    for w, req in zip(q.words, q.request, strict=True):
        weights[w] += p.request if req else 1.0
    scores = _bm25(coll, weights, p, None)
    matched = set(scores)
    for c in q.codes:  # the engine's boost: an OR part of its own under --any
        df = coll.cdf.get(c, 0)
        if not df:
            continue
        idf = coll.idf(df)
        for i, cs in enumerate(coll.countries):
            if c in cs:
                s = p.country * idf * _tfpart(1, coll.clen[i], coll.cavg, replace(p, delta=0))
                scores[i] = scores.get(i, 0.0) + s
                matched.add(i)
    if p.prox:
        for (a, ra), (b, rb) in itertools.pairwise(zip(q.words, q.request, strict=True)):
            if a == b or ra or rb:
                continue
            pair: dict[int, int] = {}
            for i in set(coll.postings.get(a, ())) & set(coll.postings.get(b, ())):
                nb = set(coll.pos[i][b])
                tf = sum(1 for x in coll.pos[i][a] if x + 1 in nb)
                if tf:
                    pair[i] = tf
            if not pair:
                continue
            idf = coll.idf(len(pair))
            for i, tf in pair.items():
                scores[i] += p.prox * idf * _tfpart(tf, coll.len[i], coll.avgdl, p)
    if p.prior:
        for i in scores:
            scores[i] += p.prior * math.log(coll.len[i])
    if p.fb_docs:
        scores = _rm3(coll, weights, scores, p)
    return {i: s for i, s in scores.items() if i in matched}


def _bm25(coll: Collection, weights: Counter, p: Params, within: set | None):
    scores: dict[int, float] = {}
    for t, qw in weights.items():
        plist = coll.postings.get(t)
        if not plist or not qw:
            continue
        idf = coll.idf(coll.df[t])
        for i in plist:
            if within is not None and i not in within:
                continue
            tf = len(coll.pos[i][t])
            s = qw * idf * _tfpart(tf, coll.len[i], coll.avgdl, p)
            scores[i] = scores.get(i, 0.0) + s
    return scores


def _rm3(coll: Collection, weights: Counter, first: dict[int, float], p: Params):
    """RM3 as Anserini's: the top documents' term distributions weighted by their normalised
    scores, the best ``fb_terms`` terms, mixed with the query; the matches re-scored only."""
    top = sorted(first, key=lambda i: (-first[i], i))[: p.fb_docs]
    if not top:
        return first
    total = sum(first[i] for i in top) or 1.0
    model: Counter[str] = Counter()
    for i in top:
        dl = coll.len[i] or 1
        for t, plist in coll.pos[i].items():
            model[t] += (len(plist) / dl) * (first[i] / total)
    best = dict(model.most_common(p.fb_terms))
    norm = sum(best.values()) or 1.0
    qnorm = sum(weights.values()) or 1.0
    mixed: Counter[str] = Counter()
    for t, w in weights.items():
        mixed[t] += p.fb_orig * w / qnorm
    for t, w in best.items():
        mixed[t] += (1 - p.fb_orig) * w / norm
    second = _bm25(coll, mixed, p, set(first))
    # the non-text parts (countries, pairs, prior) carried over in proportion
    scale = 1.0 / qnorm
    out = {}
    for i, s in first.items():
        text_part = sum(
            w * coll.idf(coll.df[t]) * _tfpart(len(coll.pos[i][t]), coll.len[i], coll.avgdl, p)
            for t, w in weights.items()
            if t in coll.pos[i]
        )
        out[i] = second.get(i, 0.0) + (s - text_part) * scale * p.fb_orig
    return out


def runs_of(coll: Collection, qs: dict[str, Query], p: Params) -> dict[str, list[str]]:
    out = {}
    for qid, q in qs.items():
        s = score(coll, q, p)
        out[qid] = [coll.ids[i] for i in sorted(s, key=lambda i: (-s[i], i))][:1000]
    return out


def metrics(runs, qrels, qids) -> tuple[float, float, float]:
    n = len(qids)
    return (
        sum(ndcg(runs[q], qrels[q]) for q in qids) / n,
        sum(average_precision(runs[q], qrels[q]) for q in qids) / n,
        sum(precision_at(runs[q], qrels[q]) for q in qids) / n,
    )


# --- request words ----------------------------------------------------------------------------

# the engine's list and threshold (searcher/search/query.py): how requests are worded, not fitted
# to TIME; ``learn_request`` derives a list from the training folds' queries instead
REQUEST_MIN_WORDS = query.REQUEST_MIN_WORDS
REQUEST_WORDS = sorted(query.REQUEST_WORDS)


def request_terms(words: list[str]) -> set[str]:
    """The index terms of the request words (their stems)."""
    return {t for w in words for t in positions_of(w)}


def learn_request(queries: dict[str, str], coll: Collection, qids, min_queries: int, min_df):
    """Request words from queries alone: words in at least ``min_queries`` of the queries
    ``qids`` and in at least ``min_df`` of the documents (a fraction)."""
    counts: Counter[str] = Counter()
    for q in qids:
        counts.update(set(positions_of(queries[q])))
    return {t for t, n in counts.items() if n >= min_queries and coll.df[t] >= min_df * coll.n}


# --- cross-validation -------------------------------------------------------------------------


def folds_of(qids: list[str], k: int, seed: int = 21) -> list[list[str]]:
    order = sorted(qids, key=int)
    random.Random(seed).shuffle(order)
    return [order[i::k] for i in range(k)]


def cross_validate(grid, evaluate_on, qids, k: int):
    """Held-out metrics: for each fold the grid point best on the other folds (by nDCG@10,
    ties to the earlier point) scores the fold; and the in-sample best on all queries."""
    table_ = {g: evaluate_on(g) for g in grid}  # g -> runs
    held: dict[str, list[str]] = {}
    chosen = []
    for fold in folds_of(qids, k):
        train = [q for q in qids if q not in fold]
        best = max(grid, key=lambda g: (metrics(table_[g], QRELS, train)[0], -grid.index(g)))
        chosen.append(best)
        for q in fold:
            held[q] = table_[best][q]
    best_all = max(grid, key=lambda g: (metrics(table_[g], QRELS, qids)[0], -grid.index(g)))
    return metrics(table_[best_all], QRELS, qids), best_all, metrics(held, QRELS, qids), chosen


QRELS: dict[str, set[str]] = {}

# --- cost on the news corpus ------------------------------------------------------------------

VERBOSE = [  # long --any requests, as a reader asks the news corpus
    "efforts of the central bank to cut interest rates",
    "number of persons killed in the earthquake",
    "reports of talks between Iran and Iraq on the war",
    "what the oil ministers said about output quotas",
    "persons involved in the bank merger",
]


def speed(index: Path, repeats: int) -> list[list]:
    """CPU time of each query (bench/queries.txt and VERBOSE, as ``--any`` searches, top 10, three
    facets, snippets) with request words weighted and without, taking turns in one process, each
    first every other run (median of ``repeats`` warm runs); and what RM3 would add: reading the top 5 articles,
    analysing them, and scoring 20 expansion terms over the matches (its second pass)."""
    import statistics
    import time

    from bench_speed import QUERIES
    from whoosh import query as W

    from searcher.engine import queries as EQ
    from searcher.search import query as sq

    texts = [q for q in QUERIES.read_text(encoding="utf-8").splitlines() if q and q[0] != "#"]
    rows = []
    with Index(str(index)) as ix:
        for text in texts + VERBOSE:
            options = SearchOptions(
                query=text, any_word=True, facets=("pair", "country", "official"), limit=10
            )
            spent: dict[str, list[float]] = {"off": [], "on": [], "rm3": [], "prox": []}
            words = [t for t in positions_of(text) if ":" not in t]
            pairs = [W.Phrase("body", [a, b]) for a, b in itertools.pairwise(words)]
            total = ix.search(options).total
            for run in range(repeats + 1):
                for mode in ("off", "on") if run % 2 else ("on", "off"):  # (either goes first)
                    sq.REQUEST_WEIGHT = 1.0 if mode == "off" else 0.5
                    t0 = time.process_time()
                    result = ix.search(options)
                    spent[mode].append(time.process_time() - t0)
                t0 = time.process_time()  # RM3's extra work, on top of the search just done
                model: Counter[str] = Counter()
                for h in result.hits[:5]:
                    body = ix.get(h.id)["body"]
                    ps = positions_of(body)
                    n = sum(len(p) for p in ps.values()) or 1
                    for t, p in ps.items():
                        model[t] += len(p) / n
                expansion = EQ.any_of([EQ.term("body", t) for t, _ in model.most_common(20)])
                ix._reader.scores(expansion, None)  # (over every posting: an upper bound)
                spent["rm3"].append(time.process_time() - t0)
                t0 = time.process_time()  # proximity: each adjacent pair a phrase, over all
                if pairs:
                    ix._reader.scores(W.Or(pairs), None)
                spent["prox"].append(time.process_time() - t0)
            med = {k: statistics.median(v[1:]) * 1000 for k, v in spent.items()}
            rows.append([text, total, med["off"], med["on"], med["on"] / med["off"],
                         (med["on"] + med["prox"]) / med["off"],
                         (med["on"] + med["rm3"]) / med["off"]])  # fmt: skip
            print(rows[-1], file=sys.stderr, flush=True)
    sq.REQUEST_WEIGHT = 0.5
    return rows


def engine_cv(index_dir: str | None, k: int) -> None:
    """The engine's own runs (``eval_rank.py``'s searches) for each request weight, and the
    weight chosen in each fold on the others, scored on it."""
    docs, queries, qrels = load()
    QRELS.update(qrels)
    qids = sorted((q for q in qrels if q in queries), key=int)
    weights = [1.0, 0.5, 0.25, 0.1]
    with tempfile.TemporaryDirectory() as tmp:
        where = Path(index_dir or tmp)
        Collection(docs, where)  # (builds the index when it is not there)
        runs = {}
        with Index(str(where / "index")) as ix:
            for w in weights:
                query.REQUEST_WEIGHT = w
                runs[w] = {
                    qid: [h.id for h in ix.search(SearchOptions(
                        query=as_query(text), any_word=True, limit=1000, snippets=False
                    )).hits]
                    for qid, text in queries.items()
                }  # fmt: skip
        query.REQUEST_WEIGHT = 0.5
    _in, _best, held, chosen = cross_validate(weights, runs.__getitem__, qids, k)
    rows = [[f"request weight {w}", *metrics(runs[w], qrels, qids)] for w in weights]
    rows.append([f"held out ({k}-fold; picks {Counter(chosen).most_common()})", *held])
    bm = metrics(bm25_runs(docs, queries), qrels, qids)
    rows.append(["plain BM25 (rank-bm25)", *bm])
    print(table(["engine (--any)", "nDCG@10", "MAP", "P@10"], rows))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--folds", type=int, default=5)
    parser.add_argument("--index-dir", help="build the TIME index here once and reuse it")
    parser.add_argument("--only", help="comma-separated lever names to run")
    parser.add_argument("--speed", type=int, metavar="N", help="time queries instead (N runs)")
    parser.add_argument(
        "--engine", action="store_true", help="the engine itself: request weight, cross-validated"
    )
    parser.add_argument("--news-index", type=Path, default=WORK / "recall-index")
    args = parser.parse_args()
    if args.engine:
        engine_cv(args.index_dir, args.folds)
        return
    if args.speed:
        heads = ["query (--any)", "matches", "CPU ms off", "on", "on / off", "with prox / off",
                 "with RM3 / off"]  # fmt: skip
        print(table(heads, speed(args.news_index, args.speed)))
        return
    docs, queries, qrels = load()
    QRELS.update(qrels)
    qids = sorted((q for q in qrels if q in queries), key=int)
    if args.index_dir:  # (kept between runs)
        coll = Collection(docs, Path(args.index_dir))
    else:
        with tempfile.TemporaryDirectory() as tmp:
            coll = Collection(docs, Path(tmp))
    listed = analyse_queries(coll, queries, request_terms(REQUEST_WORDS))
    plain = analyse_queries(coll, queries, set())
    base = Params()

    def on(qs, **kw):
        return lambda g: runs_of(coll, qs, replace(base, **dict(zip(kw["names"], g, strict=True))))

    def grid_of(**axes):
        names = list(axes)
        return names, list(itertools.product(*axes.values()))

    levers = {
        "k1/b": dict(k1=[0.6, 0.9, 1.2, 1.5, 2.0, 2.5, 3.0], b=[0.3, 0.5, 0.75, 0.9]),
        "bm25+": dict(delta=[0.0, 0.25, 0.5, 0.75, 1.0]),
        "request (list)": dict(request=[1.0, 0.5, 0.25, 0.1, 0.0]),
        "prox": dict(prox=[0.0, 0.1, 0.2, 0.3, 0.5, 0.75, 1.0]),
        "rm3": dict(fb_docs=[0, 3, 5, 10], fb_terms=[10, 20, 40], fb_orig=[0.5, 0.7, 0.85]),
        "prior": dict(prior=[-0.5, -0.25, 0.0, 0.25, 0.5, 1.0]),
        "country": dict(country=[0.0, 1.0, 2.0, 3.0, 4.0]),
    }
    together = {
        "request+prox": dict(request=[1.0, 0.25, 0.1, 0.0], prox=[0.0, 0.2, 0.3, 0.5]),
        "request+prox+rm3": dict(
            request=[0.25, 0.1], prox=[0.2, 0.3, 0.5], fb_docs=[0, 5, 10], fb_orig=[0.5, 0.7]
        ),
        "all": dict(
            k1=[1.2, 2.0],
            b=[0.75],
            request=[0.25, 0.1],
            prox=[0.3, 0.5],
            fb_docs=[0, 5, 10],
            fb_orig=[0.5, 0.7],
            country=[2.0, 3.0],
        ),
    }
    only = set(args.only.split(",")) if args.only else None
    rows = []
    bm = metrics(bm25_runs(docs, queries), qrels, qids)
    rows.append(["plain BM25 (rank-bm25)", *bm, "", *bm, ""])
    engine = metrics(runs_of(coll, plain, base), qrels, qids)
    rows.append(["engine model (k1 1.2, b 0.75, country 2)", *engine, "", *engine, ""])
    for name, axes in {**levers, **together}.items():
        if only and name not in only:
            continue
        qs = plain if "request" not in axes else listed
        names, grid = grid_of(**axes)
        ins, best, held, chosen = cross_validate(grid, on(qs, names=names), qids, args.folds)
        fmt = lambda g, names=names: ",".join(  # noqa: E731
            f"{n}={v}" for n, v in zip(names, g, strict=True)
        )
        picks = Counter(fmt(g) for g in chosen).most_common(2)
        rows.append([name, *ins, fmt(best), *held, "; ".join(f"{g}×{n}" for g, n in picks)])
        print(rows[-1], file=sys.stderr, flush=True)
    # request words learnt from the training folds' queries (no list given by hand)
    if not only or "request (learnt)" in only:
        held: dict[str, list[str]] = {}
        for fold in folds_of(qids, args.folds):
            train = [q for q in qids if q not in fold]
            train_all = [q for q in queries if q not in fold]
            best, best_n = None, -1.0
            for mq, mdf, w in itertools.product([3, 4, 6], [0.05, 0.1, 0.2], [0.25, 0.1]):
                words = learn_request(queries, coll, train_all, mq, mdf)
                qs = analyse_queries(coll, queries, words)
                r = runs_of(coll, qs, replace(base, request=w))
                n = metrics(r, qrels, train)[0]
                if n > best_n:
                    best, best_n = r, n
            assert best is not None
            for q in fold:
                held[q] = best[q]
        rows.append(["request (learnt per fold)", "", "", "", "", *metrics(held, qrels, qids), ""])
    print(f"TIME, {len(qids)} judged queries, {args.folds}-fold cross-validation over queries\n")
    headers = ["lever", "nDCG@10 in", "MAP in", "P@10 in", "best (all)",
               "nDCG@10 held", "MAP held", "P@10 held", "fold picks"]  # fmt: skip
    print(table(headers, rows))
    print(f"\nBM25 nDCG@10 {bm[0]:.3f}; 1.10x is {1.1 * bm[0]:.3f}")


if __name__ == "__main__":
    main()
