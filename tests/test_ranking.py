"""Ranking of long ``--any`` requests (issue 21): request words rank below the topic's words, on
a real index; the match set and the total never change, only the order."""

from __future__ import annotations

from pathlib import Path

import pytest

from searcher.search import query
from searcher.search.handle import Index
from searcher.search.results import SearchOptions
from tests.conftest import index_of

FILLER = (
    "The ministry said on Tuesday that the talks would resume next month in the capital, and "
    "officials from both sides met again to review the schedule agreed last year. "
)
ARTICLES = {
    # the topic: a coup, named twice
    "coup.txt": (
        "Army officers staged a coup in the capital overnight, and the coup leaders spoke on "
        "the radio.\n\n" + FILLER * 3
    ),
    # two request words, once each, and no coup: with every word weighing alike it is first
    "efforts.txt": "A number of persons crossed the border at dawn.\n\n" + FILLER * 3,
    "other.txt": "Harvest figures rose in the north this autumn.\n\n" + FILLER * 3,
    "more.txt": "Rail workers ended a strike after a pay offer.\n\n" + FILLER * 2,
}
REQUEST = "number of persons involved in the coup"


@pytest.fixture(scope="module")
def ranking_index(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return index_of(tmp_path_factory.mktemp("ranking"), ARTICLES)


def _search(index: Path, text: str, any_word: bool = True) -> list[tuple[str, float]]:
    with Index(str(index)) as ix:
        result = ix.search(SearchOptions(query=text, any_word=any_word, limit=0, snippets=False))
        hits = [(Path(h.path).name, h.score) for h in result.hits]
        assert result.total == len(hits)
        return hits


def test_topic_outranks_request_words(ranking_index: Path, monkeypatch: pytest.MonkeyPatch):
    hits = _search(ranking_index, REQUEST)
    assert hits[0][0] == "coup.txt"
    # (what this guards against: every word weighing alike, the request words' article is first)
    monkeypatch.setattr(query, "REQUEST_WEIGHT", 1.0)
    assert _search(ranking_index, REQUEST)[0][0] == "efforts.txt"


def test_same_matches_and_total(ranking_index: Path, monkeypatch: pytest.MonkeyPatch):
    weighted = _search(ranking_index, REQUEST)
    monkeypatch.setattr(query, "REQUEST_WEIGHT", 1.0)
    plain = _search(ranking_index, REQUEST)
    assert sorted(n for n, _ in weighted) == sorted(n for n, _ in plain)
    assert len(weighted) == len(plain) == 2  # (the filler's words are not in the request)


@pytest.mark.parametrize(
    "text",
    [
        "efforts coup",  # too short to be a request: every word counts
        "number of persons involved",  # nothing but request words
        "reports efforts number persons",
    ],
)
def test_short_or_all_request_queries_unchanged(
    ranking_index: Path, monkeypatch: pytest.MonkeyPatch, text: str
):
    weighted = _search(ranking_index, text)
    monkeypatch.setattr(query, "REQUEST_WEIGHT", 1.0)
    assert _search(ranking_index, text) == weighted


def test_all_words_search_unchanged(ranking_index: Path, monkeypatch: pytest.MonkeyPatch):
    text = "efforts of persons involved in the coup"
    weighted = _search(ranking_index, text, any_word=False)
    monkeypatch.setattr(query, "REQUEST_WEIGHT", 1.0)
    assert _search(ranking_index, text, any_word=False) == weighted


def test_request_words_are_stemmed_as_the_index():
    terms = query._request_terms(None)
    assert {"effort", "number", "person", "involv", "report"} <= terms
    assert "coup" not in terms


def test_same_facets(ranking_index: Path, monkeypatch: pytest.MonkeyPatch):
    def facets() -> list:
        with Index(str(ranking_index)) as ix:
            options = SearchOptions(
                query=REQUEST, any_word=True, facets=("country", "pair"), snippets=False
            )
            return [
                (f.name, [(c.value, c.count) for c in f.results]) for f in ix.search(options).facets
            ]

    weighted = facets()
    monkeypatch.setattr(query, "REQUEST_WEIGHT", 1.0)
    assert facets() == weighted
