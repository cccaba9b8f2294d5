"""Quality gates: the bench evaluations on real data, with floors just below the measured values
(see bench/README.md). Quality may only go up; raise a floor when it does."""

from __future__ import annotations

import sys

import pytest

from .conftest import ROOT, SHARED

sys.path.insert(0, str(ROOT / "bench"))

pytestmark = pytest.mark.skipif(
    not (SHARED / "data").is_dir(), reason="evaluation data ../shared/data is not beside the repo"
)


def test_cleaner_f1_on_aeb():
    import eval_clean

    out, _ = eval_clean.evaluate({"defsearch": eval_clean.defsearch_body})
    news = out["results"]["defsearch"]["news"]
    assert len(news) == 130
    assert eval_clean.mean(news, 2) >= 0.955  # measured 0.960
    assert eval_clean.mean(out["results"]["defsearch"]["all"], 2) >= 0.950  # measured 0.956


def test_extractor_on_reuters_sample():
    import eval_extract

    scores = eval_extract.scores(eval_extract.evaluate(limit=3000))
    assert scores["countries_precision"] >= 0.87  # measured 0.879
    assert scores["countries_recall"] >= 0.75  # measured 0.762
    # 2026-12-02 (issue 13): recall 0.786 → 0.855 for precision 0.518 → 0.494 (strict: every
    # official not in the story's PEOPLE counts against it) and 0.864 → 0.855 (known people)
    assert scores["officials_precision"] >= 0.49  # measured 0.494 (strict, per-story PEOPLE)
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
