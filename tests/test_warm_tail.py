"""The warm tail's shortcuts (issue 19, branch warm-tail) give the answers of the long way: a
page of hits cut at a sample's k-th best score (``engine.evaluate.top``), facet tops that name
only the values shown (``FacetCounter.top``), stored fields read from the segment
(``Reader.stored``). Each is checked against a brute-force truth on a real index of several
segments with deletions."""

from __future__ import annotations

import random
from collections import Counter
from pathlib import Path

import pytest

from searcher.engine import FACET_FIELDS, FACET_SEP
from searcher.engine import evaluate as E
from searcher.index import SyncOptions, sync
from searcher.search.facets import FacetCounter
from searcher.search.handle import Index
from searcher.search.results import SearchOptions

from .conftest import seeds_and_fixtures, write_articles

FACETS = ("pair", "country", "official")
QUERIES = ["Australia", "dialogue", "number", "defence OR cooperation", "minister", "second"]


def _sync(corpus: Path, path: Path) -> None:
    sync([str(corpus)], str(path), SyncOptions(workers=1))


@pytest.fixture(scope="module")
def segmented(tmp_path_factory) -> Path:
    """An index of several commits: added, changed and deleted articles."""
    base = tmp_path_factory.mktemp("tail")
    corpus = seeds_and_fixtures(base)
    write_articles(corpus / "gen", 0, 260)
    path = base / "index"
    _sync(corpus, path)
    write_articles(corpus / "gen", 260, 300, tag="second")
    for i in range(10, 70, 4):
        (corpus / "gen" / f"a{i:05d}.txt").unlink()
    _sync(corpus, path)
    return path


def _sorted_top(scores: dict[int, float], k: int) -> list[tuple[int, float]]:
    """The truth: every score sorted, highest first, ties by docnum."""
    return sorted(scores.items(), key=lambda item: (-item[1], item[0]))[:k]


@pytest.mark.parametrize("seed", range(6))
def test_top_cut_at_a_sample_is_the_full_sort(seed):
    rnd = random.Random(seed)
    n = rnd.choice([E.SAMPLE_FROM + 1, 9_000, 30_000])
    # few distinct values: many ties at the k-th score; and rising or falling runs, where a
    # strided sample is least like the whole
    pool = [rnd.choice([0.5, 1.0, 1.25, 2.0, 7.5]) for _ in range(n)]
    if seed % 3 == 1:
        pool.sort()
    elif seed % 3 == 2:
        pool = [rnd.random() * 10 for _ in range(n)]
    docnums = rnd.sample(range(n * 3), n)
    scores = dict(zip(docnums, pool, strict=True))
    for k in (1, 10, 37, E.SAMPLE_SIZE, E.SAMPLE_SIZE + 1, n - 1, n):
        assert E.top(scores, k) == _sorted_top(scores, k), (seed, n, k)


def test_pages_with_the_cut_are_the_pages_without(segmented, monkeypatch):
    with Index(str(segmented)) as ix:
        expected = [
            ix.search(SearchOptions(query=q, facets=FACETS, limit=10, offset=o))
            for q in QUERIES
            for o in (0, 5)
        ]
    monkeypatch.setattr(E, "SAMPLE_FROM", 20)  # (the cut on every query with 20 matches)
    with Index(str(segmented)) as ix:
        got = [
            ix.search(SearchOptions(query=q, facets=FACETS, limit=10, offset=o))
            for q in QUERIES
            for o in (0, 5)
        ]
        assert got == expected
        ranked, _selecting, fq = ix._queries(SearchOptions(query="number"))
        scores = ix._reader.scores(ranked, fq)
        assert len(scores) > 200
        assert E.top(scores, 25) == _sorted_top(scores, 25)


def _truth(ix: Index, docnums, limit: int) -> dict[str, tuple[list[tuple[str, int]], int]]:
    """Facet tops over ``docnums`` counted from the column itself, sorted in full."""
    wanted = {str(FACET_FIELDS.index(f)).encode(): f for f in FACETS}
    counts: dict[str, Counter] = {f: Counter() for f in FACETS}
    raw = ix._reader.column_values("facets")
    for d in docnums:
        for value in raw[d].split(FACET_SEP) if raw[d] else ():
            if value[:1] in wanted:
                counts[wanted[value[:1]]][value[1:].decode()] += 1
    return {
        f: (sorted(c.items(), key=lambda kv: (-kv[1], kv[0]))[:limit], len(c))
        for f, c in counts.items()
    }


def test_facet_tops_are_the_full_counts_sorted(segmented):
    with Index(str(segmented)) as ix:
        counter = FacetCounter(ix._reader, table_from=0.0, again=0.0)
        live = list(ix._reader.docnums())
        rnd = random.Random(19)
        sets = [live, live[:70], rnd.sample(live, 150), [live[3]]]
        for q in QUERIES:
            ranked, _selecting, fq = ix._queries(SearchOptions(query=q))
            sets.append(list(ix._reader.scores(ranked, fq)))
        for docnums in filter(None, sets):
            for limit in (1, 2, 3, 10, 1000):
                got = counter.top(docnums, FACETS, limit)
                assert got == _truth(ix, docnums, limit), (len(docnums), limit)
                one = counter.top(docnums, ("official",), limit)
                assert one == {"official": _truth(ix, docnums, limit)["official"]}
        assert counter.top(live, FACETS, 0) is None  # (every value: the full counts)
        assert counter.top([], FACETS, 10) is None


def test_facet_tops_wait_for_the_table_as_counts_do(segmented):
    """Before the whole column is read, a few matches are counted one by one (``top`` says
    so), and the table is built from the same query as with ``counts`` alone."""
    with Index(str(segmented)) as ix:
        counter = FacetCounter(ix._reader)
        assert counter.top(list(ix._reader.docnums())[:5], FACETS, 10) is None
        assert counter._raw is None and counter._asked == 0


def test_searches_facet_as_the_full_counts_do(segmented, monkeypatch):
    """The same facets, counts and ``truncated`` flags whether counted in full or topped."""
    with Index(str(segmented)) as ix:
        ix._counter = FacetCounter(ix._reader, table_from=0.0, again=0.0)
        topped = [ix.search(SearchOptions(query=q, facets=FACETS, facet_limit=3)) for q in QUERIES]
    monkeypatch.setattr(FacetCounter, "top", lambda *a: None)
    with Index(str(segmented)) as ix:
        ix._counter = FacetCounter(ix._reader, table_from=0.0, again=0.0)
        full = [ix.search(SearchOptions(query=q, facets=FACETS, facet_limit=3)) for q in QUERIES]
    assert [r.facets for r in topped] == [r.facets for r in full]
    assert any(f.truncated for r in full for f in r.facets)


def test_stored_fields_are_whooshs(segmented):
    with Index(str(segmented)) as ix:
        reader = ix._reader
        searcher = reader._searcher
        assert len(searcher.leaf_searchers()) > 1 and searcher.reader().has_deletions()
        for d in range(searcher.reader().doc_count_all()):
            assert reader.stored(d) == searcher.stored_fields(d), d
