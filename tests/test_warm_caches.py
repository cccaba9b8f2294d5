"""What one open index keeps across queries (issue 19): postings, BM25 scores and scorer terms
(engine/evaluate.py), the facet table (search/facets.py). A query answered from them is the
query answered by a freshly opened index; an index opened after a sync keeps nothing from
before it, and one opened before still answers as its own generation did."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from searcher.engine import FACET_FIELDS, FACET_SEP
from searcher.engine import evaluate as E
from searcher.index import SyncOptions, sync
from searcher.search.facets import FacetCounter, top_values
from searcher.search.handle import Index
from searcher.search.results import SearchOptions

from .conftest import seeds_and_fixtures, write_articles

FACETS = ("pair", "country", "official")
QUERIES = [
    "Australia",
    "Australia dialogue",
    "defence OR cooperation",
    "defence NOT Australia",
    '"defence cooperation"',
    '"strategic partnership" Australia',
    "Hanoi",
    "Việt Nam Cuba",
    "marker1*",
    "country:AU",
    "pair:AU-VN dialogue",
    "Giang^3 minister",
    "second",
    "*",
    "nothingmatchesthis",
]
OPTIONS = [{}, {"any_word": True}, {"countries": ("AU",)}, {"count_by": "stories"}]


def _options(text: str, **extra) -> SearchOptions:
    return SearchOptions(query=text, facets=FACETS, limit=10, **extra)


def _answer(ix: Index, options: SearchOptions) -> tuple:
    r = ix.search(options)
    return r.total, r.hits, r.facets, r.stories


def _counts_of(ix: Index, docnums) -> dict[str, Counter]:
    """Facet counts over ``docnums``, counted here from the column itself."""
    wanted = {str(FACET_FIELDS.index(f)).encode(): f for f in FACETS}
    counts: dict[str, Counter] = {f: Counter() for f in FACETS}
    raw = ix._reader.column_values("facets")
    for d in docnums:
        for value in raw[d].split(FACET_SEP) if raw[d] else ():
            if value[:1] in wanted:
                counts[wanted[value[:1]]][value[1:].decode()] += 1
    return counts


def _matches(ix: Index, options: SearchOptions) -> dict[int, float]:
    ranked, _selecting, fq = ix._queries(options)
    return ix._reader.scores(ranked, fq)


def _sync(corpus: Path, path: Path) -> None:
    sync([str(corpus)], str(path), SyncOptions(workers=1))


@pytest.fixture(scope="module")
def segmented(tmp_path_factory) -> tuple[Path, Path]:
    """(corpus, index) of several commits: added, changed and deleted articles."""
    base = tmp_path_factory.mktemp("warm")
    corpus = seeds_and_fixtures(base)
    write_articles(corpus / "gen", 0, 300)
    path = base / "index"
    _sync(corpus, path)
    write_articles(corpus / "gen", 300, 340, tag="second")
    write_articles(corpus / "gen", 0, 20, tag="second changed")
    for i in range(20, 80, 3):
        (corpus / "gen" / f"a{i:05d}.txt").unlink()
    _sync(corpus, path)
    return corpus, path


def test_warm_answers_are_fresh_answers(segmented):
    _corpus, path = segmented
    with Index(str(path)) as warm:
        searcher = warm._reader._searcher
        assert len(searcher.leaf_searchers()) > 1 and searcher.reader().has_deletions()
        for _ in range(2):  # (the second time every query is answered from what was kept)
            for extra in OPTIONS:
                for text in QUERIES:
                    options = _options(text, **extra)
                    with Index(str(path)) as fresh:
                        assert _answer(warm, options) == _answer(fresh, options), (text, extra)
        assert warm._reader._evaluator._postings  # (something was kept)


def test_answers_do_not_depend_on_what_fits(segmented, monkeypatch):
    """With room for almost nothing, postings and scores are read again and again: the same
    answers as with everything kept."""
    _corpus, path = segmented
    with Index(str(path)) as roomy:
        expected = [_answer(roomy, _options(t)) for t in QUERIES]
    monkeypatch.setattr(E, "KEEP_POSTINGS", 50)
    monkeypatch.setattr(E, "KEEP_SCORES", 30)
    with Index(str(path)) as tight:
        for _ in range(2):
            assert [_answer(tight, _options(t)) for t in QUERIES] == expected
        assert tight._reader._evaluator._postings.size <= 50
        assert tight._reader._evaluator._bm25.size <= 30


def test_a_new_generation_keeps_nothing_from_the_last(tmp_path):
    corpus = seeds_and_fixtures(tmp_path)
    write_articles(corpus / "gen", 0, 120)
    path = tmp_path / "index"
    _sync(corpus, path)
    queries = [_options(t) for t in ("Australia", '"number 7"', "number", "country:AU", "dialogue")]
    old = Index(str(path))
    try:
        before = [_answer(old, o) for o in queries]
        assert before[1][0] == 1
        # the next generation: article 7 and a tenth of the others deleted, five changed
        for i in range(0, 120, 10):
            (corpus / "gen" / f"a{i + 7:05d}.txt").unlink()
        for i in range(5):
            changed = corpus / "gen" / f"a{i:05d}.txt"
            changed.write_text(changed.read_text().replace("number", "zznumber"))
        _sync(corpus, path)
        with Index(str(path)) as new:
            after = [_answer(new, o) for o in queries]
            assert after[1][0] == 0 and not after[1][1]  # (the deleted article is gone)
            assert after[0][0] == before[0][0] - 12
            with Index(str(path)) as fresh:
                assert [_answer(fresh, o) for o in queries] == after
            assert _answer(new, _options("zznumber"))[0] == 5
            assert after[2][0] == before[2][0] - 12 - 5
        # the index opened before the sync still answers as its generation did
        assert [_answer(old, o) for o in queries] == before
    finally:
        old.close()


@pytest.mark.parametrize("table_from", [0.0, 1e9], ids=["table", "document by document"])
def test_facet_counts_both_ways_are_the_column_counted(segmented, table_from):
    _corpus, path = segmented
    with Index(str(path)) as ix:
        counter = FacetCounter(ix._reader, table_from=table_from, again=table_from)
        for text in QUERIES:
            options = _options(text)
            docnums = _matches(ix, options)
            assert counter.counts(docnums, FACETS) == _counts_of(ix, docnums), text
            stories = ix._stories.groups(docnums)
            assert counter.counts(docnums, FACETS, stories) == FacetCounter(
                ix._reader, table_from=1e9 - table_from, again=1e9 - table_from
            ).counts(docnums, FACETS, stories), text
        assert (counter._raw is not None) == (table_from == 0.0)


def test_the_table_is_built_sooner_once_asked_again(segmented):
    """The first count of an open index reads its matches one by one below ``table_from``; a
    later one builds the table from ``again`` (a session), and both count the column."""
    _corpus, path = segmented
    with Index(str(path)) as ix:
        counter = FacetCounter(ix._reader, table_from=1e9, again=0.0)
        docnums = _matches(ix, _options("Australia"))
        assert len(docnums) >= 64
        assert counter.counts(docnums, FACETS) == _counts_of(ix, docnums)
        assert counter._raw is None
        assert counter.counts(docnums, FACETS) == _counts_of(ix, docnums)
        assert counter._raw is not None


def test_top_values_are_the_sorted_first():
    counts = Counter({f"v{i:03d}": (i * 7) % 13 for i in range(200)})
    for limit in (0, 1, 5, 13, 199, 200, 500):
        by_count = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))
        assert top_values(counts, limit) == (by_count[:limit] if limit > 0 else by_count)
        by_value = sorted(counts.items())
        assert top_values(counts, limit, "value") == (by_value[:limit] if limit > 0 else by_value)


def test_kept_holds_at_most_its_limit_least_recent_out_first():
    kept = E._Kept(10)
    kept.keep("a", "A", 4)
    kept.keep("b", "B", 4)
    assert kept.find("a") == (4, "A")  # (a is now the most recent)
    kept.keep("c", "C", 4)  # b goes
    assert kept.find("b") is None and kept.find("a") and kept.find("c")
    assert kept.size == 8
    kept.keep("big", "X", 11)  # larger than the limit: not kept, nothing given up
    assert kept.find("big") is None and kept.size == 8
    kept.keep("c", "C2", 2)
    assert kept.find("c") == (2, "C2") and kept.size == 6


def test_column_values_are_each_documents_value(segmented):
    _corpus, path = segmented
    with Index(str(path)) as ix:
        reader = ix._reader
        values = reader.column_values("facets")
        assert len(values) == reader._searcher.reader().doc_count_all()
        for start, column in reader.leaf_columns("facets"):
            for i in range(len(column)):
                assert values[start + i] == column[i]
