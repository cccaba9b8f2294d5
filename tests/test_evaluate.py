"""The bulk evaluator gives exactly Whoosh's matches and scores (and so its ranking).

Checked on a real index of several segments with deleted and replaced documents, posting lists
long enough to span several blocks, and every query shape the parser produces.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from searcher.engine.evaluate import Evaluator, top
from searcher.index import SyncOptions, sync
from searcher.search.handle import Index
from searcher.search.results import SearchOptions

from .conftest import seeds_and_fixtures, write_articles

QUERIES = [
    "Australia",
    "Australia dialogue",
    "defence OR cooperation",
    "defence NOT Australia",
    "NOT Australia",
    '"defence cooperation"',
    '"strategic partnership" Australia',
    '"viet nam" OR Vietnam',
    "Hanoi",
    "Việt Nam Cuba",
    "marker1*",
    "defen* AND cooperation",
    "title:defence",
    "country:AU",
    "pair:AU-VN dialogue",
    "date:[2025-01 to 2025-12] defence",
    "official:giang OR Giang",
    "Giang^3 minister",
    "second",
    "*",
    "nothingmatchesthis",
    "australia dialogue",  # (plain lowercase words: the tree built without the parser)
    "defence cooperation the",
    "marker12 second",
]
OPTIONS = [
    {},
    {"any_word": True},
    {"countries": ("AU",)},
    {"since": "2025-03", "until": "2025-12"},
    {"outlets": ("VOV",), "countries": ("VN", "AU")},
]


@pytest.fixture(scope="module")
def segmented(tmp_path_factory) -> Path:
    """Three commits: a first build, then added, changed and deleted articles."""
    base = tmp_path_factory.mktemp("segmented")
    corpus = seeds_and_fixtures(base)
    write_articles(corpus / "gen", 0, 400)
    path = base / "index"
    sync([str(corpus)], str(path), SyncOptions(workers=1))
    write_articles(corpus / "gen", 400, 460, tag="second")
    write_articles(corpus / "gen", 0, 30, tag="second changed")
    for i in range(30, 90, 4):
        (corpus / "gen" / f"a{i:05d}.txt").unlink()
    sync(None, str(path), SyncOptions(workers=1))
    next(corpus.glob("003-*")).unlink()
    sync(None, str(path), SyncOptions(workers=1))
    return path


@pytest.mark.parametrize("options", OPTIONS, ids=lambda o: ",".join(o) or "plain")
def test_matches_and_scores_are_whooshs(segmented, options):
    with Index(str(segmented)) as ix:
        searcher = ix._reader._searcher
        assert len(searcher.leaf_searchers()) > 1 and searcher.reader().has_deletions()
        evaluator = Evaluator(searcher)
        for text in QUERIES:
            q, _selecting, fq = ix._queries(SearchOptions(query=text, **options))
            ours = evaluator.scores(q, fq)
            theirs = {h.docnum: h.score for h in searcher.search(q, limit=None, filter=fq)}
            assert ours.keys() == theirs.keys(), text
            for docnum, score in theirs.items():
                assert ours[docnum] == pytest.approx(score, rel=1e-9), text
            ranked = searcher.search(q, limit=10, filter=fq)
            assert_same_ranking(top(ours, 10), [(h.docnum, h.score) for h in ranked], text)


def assert_same_ranking(ours: list, theirs: list, text: str) -> None:
    """The same documents in the same order, but for scores equal to within 1e-9 (sums of the
    same parts in another order), which may come in either order: ties are by docnum, and a
    last-bit difference makes no tie."""
    assert [pytest.approx(s, rel=1e-9) for _, s in ours] == [s for _, s in theirs], text
    for i, ((d, s), (d2, _s2)) in enumerate(zip(ours, theirs, strict=True)):
        if d != d2:  # (only among documents scoring the same)
            tied = [x for x, v in ours + theirs if v == pytest.approx(s, rel=1e-9)]
            assert d in tied and d2 in tied, (text, i)


def test_unscored_evaluation_selects_the_same_documents(segmented):
    with Index(str(segmented)) as ix:
        evaluator = Evaluator(ix._reader._searcher)
        for text in QUERIES:
            q, _selecting, fq = ix._queries(SearchOptions(query=text, countries=("AU", "VN")))
            assert evaluator.scores(q, fq, scored=False).keys() == evaluator.scores(q, fq).keys()


def test_long_posting_lists_span_blocks(segmented):
    """The generated articles put one term in hundreds of documents: several posting blocks."""
    with Index(str(segmented)) as ix:
        total = ix.search(SearchOptions(query="Australia", limit=1)).total
        assert total > 300
