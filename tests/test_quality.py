"""Quality gates: the bench evaluations on real data, with floors just below the measured values
(see bench/README.md). Quality may only go up; raise a floor when it does."""

from __future__ import annotations

import functools
import sys

import pytest

from .conftest import ROOT, SHARED

sys.path.insert(0, str(ROOT / "bench"))

pytestmark = pytest.mark.skipif(
    not (SHARED / "data").is_dir(), reason="evaluation data ../shared/data is not beside the repo"
)


@functools.cache
def _cleaned(set_name: str):
    """defsearch over one HTML set of bench/eval_clean.py: (pages, run, summary)."""
    import eval_clean

    pages, runs = eval_clean.evaluate(set_name, with_peers=False)
    run = runs["defsearch"]
    return pages, run, eval_clean.summarise(pages, run)


def test_cleaner_on_aeb():
    import eval_clean

    pages, run, summary = _cleaned("aeb")
    news = [i for i, p in enumerate(pages) if p.news]
    assert len(news) == 130
    news_f1 = eval_clean.summarise([pages[i] for i in news], eval_clean._subset(run, news, 1)).f1
    # 2026-12-02 (issue 14): 0.960 → 0.969 news, 0.956 → 0.968 all (trafilatura 0.954 / 0.958)
    assert news_f1 >= 0.964  # measured 0.969
    assert summary.f1 >= 0.963  # measured 0.968
    assert summary.lost == 0  # no page loses text silently


def test_cleaner_on_readability():
    import eval_clean

    pages, run, summary = _cleaned("readability")
    assert len(pages) == 130
    assert summary.f1 >= 0.940  # measured 0.945 (trafilatura 0.943)
    known, exact, _ = eval_clean.date_accuracy(pages, run.days)
    assert known == 33 and exact >= 31  # measured 31 (htmldate 31)
    assert summary.lost == 0


def test_cleaner_on_trafilatura_eval():
    import eval_clean

    pages, run, summary = _cleaned("trafilatura-eval")
    assert len(pages) == 990
    # 2026-12-02 (issue 14): 0.925 → 0.929 (named article over a sidebar's prose, teaser boxes)
    assert summary.f1 >= 0.925  # measured 0.929 (trafilatura 0.926)
    assert summary.leak <= 0.098  # measured 0.097 (trafilatura 0.097)
    assert summary.empty <= 3  # measured 1
    known, exact, _ = eval_clean.date_accuracy(pages, run.days)
    assert known == 728 and exact / known >= 0.865  # measured 0.871 (htmldate 0.865)
    assert summary.lost == 0


def test_extractor_on_reuters_sample():
    import eval_extract

    scores = eval_extract.scores(eval_extract.evaluate(limit=3000))
    assert scores["countries_precision"] >= 0.87  # measured 0.879
    assert scores["countries_recall"] >= 0.75  # measured 0.762
    # 2026-12-02 (issue 13): recall 0.786 → 0.855 for precision 0.518 → 0.494 (strict: every
    # official not in the story's PEOPLE counts against it) and 0.864 → 0.855 (known people)
    # 2026-12-03 (issue 13): 'spokesman' before a name adds two White House spokesmen (Larry
    # Speakes, Marlin Fitzwater: officials, but not in PEOPLE): strict 0.494 → 0.484, known same
    assert scores["officials_precision"] >= 0.48  # measured 0.484 (strict, per-story PEOPLE)
    assert scores["officials_precision_known"] >= 0.850  # measured 0.855
    assert scores["officials_recall"] >= 0.85  # measured 0.855


def test_ranking_on_time():
    import eval_rank

    ndcg, mean_ap, p_at_10 = eval_rank.evaluate(with_baseline=False)["defsearch"]
    # 2026-12-02 (issue 21): judgments from position 380 on read two documents earlier (the
    # collection lacks two); Snowball's stemmer. Before both: 0.657, 0.589, 0.232
    assert ndcg >= 0.695  # measured 0.702 (plain BM25 in the same run: 0.692)
    assert mean_ap >= 0.625  # measured 0.631
    assert p_at_10 >= 0.240  # measured 0.247
