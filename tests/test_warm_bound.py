"""The warm tail's second pass (issue 19, branch warm-tail2): a page of one word's best matches
without scoring its long posting list (``engine.topk``, a max-score bound), and an AND's few
common documents scored alone (``evaluate.SELECT_BELOW``). Both must give exactly what scoring
every match gives: the same documents, the same floats, the same order, the same count. The
truth is the full evaluation (itself pinned to Whoosh's scores in ``test_evaluate.py``) and,
for the match sets and the page, Whoosh's own search; on a real index of two commits with
deletions, whose words sit in a few titles and many bodies, as a common word does."""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from searcher.engine import evaluate as E
from searcher.engine import topk
from searcher.engine.reader import Reader
from searcher.index import SyncOptions, sync
from searcher.search.handle import Index
from searcher.search.results import SearchOptions

FACETS = ("pair", "country", "official")
VOCAB = ("harbour", "talks", "ships", "budget", "river", "grain", "council", "storm", "bridge")
FILLER = ("the", "a", "was", "on", "at", "with", "of", "day", "more", "long", "report")


def _articles(folder: Path, start: int, stop: int, seed: int) -> None:
    """Articles whose title names one or two words of VOCAB and whose bodies name several,
    each a different number of times, among filler of varying length."""
    rnd = random.Random(seed)
    folder.mkdir(parents=True, exist_ok=True)
    for i in range(start, stop):
        title = " ".join(rnd.sample(VOCAB[:4], rnd.choice([1, 2]))) if i % 7 == 0 else "Notes"
        body = []
        for _ in range(rnd.randint(8, 160)):
            r = rnd.random()
            body.append(rnd.choice(VOCAB) if r < 0.18 else rnd.choice(FILLER))
        text = f"{title.capitalize()} {i}\n\n" + " ".join(body) + f" item{i}.\n"
        (folder / f"a{i:05d}.txt").write_text(text, encoding="utf-8")


@pytest.fixture(scope="module")
def segmented(tmp_path_factory) -> Path:
    """Two commits (added, changed and deleted articles): several segments, deletions."""
    base = tmp_path_factory.mktemp("bound")
    corpus, path = base / "corpus", base / "index"
    _articles(corpus, 0, 420, seed=1)
    sync([str(corpus)], str(path), SyncOptions(workers=1))
    _articles(corpus, 380, 520, seed=2)
    for i in range(0, 300, 9):
        (corpus / f"a{i:05d}.txt").unlink()
    sync([str(corpus)], str(path), SyncOptions(workers=1))
    return path


@pytest.fixture
def bound_everywhere(monkeypatch):
    """The bound tried on every OR of terms (not only past 2,000 matches), and each outcome
    counted: the tests must see it hold on some segments and fail on others."""
    outcomes = {"held": 0, "declined": 0}
    page = topk.page

    def counted(ev, seg, q, k):
        found = page(ev, seg, q, k)
        outcomes["held" if found is not None else "declined"] += 1
        return found

    monkeypatch.setattr(topk, "FROM_MATCHES", 1)
    monkeypatch.setattr(topk, "LONG_RATIO", 1)
    monkeypatch.setattr(topk, "page", counted)
    return outcomes


_REAL_PAGE = topk.page


def _truth(reader: Reader, q, k: int) -> tuple[set[int], list[tuple[int, float]]]:
    """Every match scored, sorted in full: highest score first, ties by docnum."""
    scores = reader.scores(q)
    return set(scores), sorted(scores.items(), key=lambda item: (-item[1], item[0]))[:k]


def _query(ix: Index, text: str):
    return ix._queries(SearchOptions(query=text))[0]


def test_a_word_s_page_without_its_long_list_is_the_full_sort(segmented, bound_everywhere):
    with Index(str(segmented)) as ix:
        reader = ix._reader
        assert len(reader._evaluator.segments) > 1
        for word in VOCAB:
            q = _query(ix, word)
            for k in (1, 3, 10, 25):
                matches, best = reader.ranked(q, None, k)
                truth_matches, truth_best = _truth(reader, q, k)
                assert set(matches) == truth_matches, (word, k)
                assert best == truth_best, (word, k)  # (the same floats, not approximately)
    assert bound_everywhere["held"] and bound_everywhere["declined"]


def test_the_page_is_whoosh_s_own(segmented, bound_everywhere):
    """Whoosh's search of the same tree: the same matches, and its 10 best in our order."""
    with Index(str(segmented)) as ix:
        reader = ix._reader
        searcher = reader._searcher
        for word in VOCAB[:4]:
            q = _query(ix, word)
            matches, best = reader.ranked(q, None, 10)
            theirs = {hit.docnum: hit.score for hit in searcher.search(q, limit=None)}
            assert set(matches) == set(theirs), word
            page = sorted(theirs.items(), key=lambda item: (-item[1], item[0]))[:10]
            assert [d for d, _ in best] == [d for d, _ in page], word
            assert [s for _, s in best] == pytest.approx([s for _, s in page], rel=1e-12)
    assert bound_everywhere["held"]


def test_searches_through_the_bound_answer_as_before(segmented, monkeypatch):
    """``Index.search`` of a relevance page: hits, scores, count and facet counts the same
    whether every match is scored (the bound never tried) or not."""
    texts = [*VOCAB, "harbour talks", "budget OR river", "grain -storm", "ships council"]

    def answers() -> list:
        with Index(str(segmented)) as ix:
            out = []
            for text in texts:
                for offset in (0, 4):
                    r = ix.search(SearchOptions(query=text, facets=FACETS, limit=10, offset=offset))
                    out.append((r.total, r.hits, r.facets, r.suggestion, r.stories))
            return out

    monkeypatch.setattr(topk, "page", lambda ev, seg, q, k: None)
    expected = answers()
    monkeypatch.setattr(topk, "page", _REAL_PAGE)
    monkeypatch.setattr(topk, "FROM_MATCHES", 1)
    monkeypatch.setattr(topk, "LONG_RATIO", 1)
    assert answers() == expected


@pytest.mark.parametrize("select_below", [0, 10**9])
def test_an_and_s_few_documents_scored_alone(segmented, monkeypatch, select_below):
    """Two words' common documents: their postings scored alone (``SELECT_BELOW`` 0: always)
    or each word's whole list scored (10**9: never) give the same floats."""
    texts = ["harbour talks", "budget river", "grain storm bridge", "ships council item7"]
    with Index(str(segmented)) as ix:
        reader = ix._reader
        expected = {text: reader.scores(_query(ix, text)) for text in texts}
    monkeypatch.setattr(E, "SELECT_BELOW", select_below)
    with Index(str(segmented)) as ix:  # (a fresh index: no score kept from the first)
        reader = ix._reader
        for text in texts:
            got = reader.scores(_query(ix, text))
            assert got == expected[text], text
            assert list(got) == list(expected[text]), text  # (and in the same order)


def test_the_bound_is_never_below_a_posting_s_score(segmented):
    """``_bound`` of each word's body list against every posting's score (in full)."""
    with Index(str(segmented)) as ix:
        ev = ix._reader._evaluator
        for seg in ev.segments:
            for word in VOCAB:
                q = _query(ix, word)
                body = next(s for s in q.subqueries if s.fieldname == "body")
                postings = ev._term_postings(seg, "body", body.text)
                if postings is None:
                    continue
                kind = ev._kind(seg, "body", postings.tbytes)
                scores = ev._scored(seg, "body", postings, body.boost, None)
                assert max(scores.values()) <= topk._bound(seg, body, postings, kind)
