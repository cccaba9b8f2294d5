"""Inflections, contractions and possessives (issue 21): every form of a word finds the articles
any form of it is in, in queries, phrases, snippets and did-you-mean, composed with British and
American spellings. Real indexes built by sync, the real CLI; a test per kind of family."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from whoosh import fields

from searcher import engine
from searcher.engine.analysis import ANALYSIS, analysis_of, make_analyzer, word_terms
from searcher.engine.reader import Reader
from searcher.index.store import require_version
from searcher.search.handle import Index
from searcher.search.results import MARK_END, MARK_START, SearchOptions

from .conftest import index_of
from .test_layout import legacy_copy

# one article per form, each naming its country so that it is an article of its own
ARTICLES = {
    # verbs: doubled consonants, a dropped e, -y → -ied, -ing
    "dropped.txt": "Cuba news\n\nHAVANA (VNA) - Cuba dropped the tariff.\n",
    "dropping.txt": "Laos news\n\nVIENTIANE (VNA) - Laos is dropping the tariff.\n",
    "drops.txt": "Chile news\n\nSANTIAGO (VNA) - Chile drops the tariff.\n",
    "exercised.txt": "Peru news\n\nLIMA (VNA) - Peru exercised restraint.\n",
    "exercising.txt": "Mali news\n\nBAMAKO (VNA) - Mali is exercising restraint.\n",
    "cooperating.txt": "Iran news\n\nTEHRAN (VNA) - Iran is cooperating with the agency.\n",
    "cooperation.txt": "Oman news\n\nMUSCAT (VNA) - Oman pledged cooperation with the agency.\n",
    "relied.txt": "Fiji news\n\nSUVA (VNA) - Fiji relied on aid.\n",
    "relying.txt": "Togo news\n\nLOME (VNA) - Togo is relying on aid.\n",
    # nouns: plurals, -ies
    "policy.txt": "Chad news\n\nN'DJAMENA (VNA) - Chad set a trade policy.\n",
    "policies.txt": "Niger news\n\nNIAMEY (VNA) - Niger set trade policies.\n",
    "capability.txt": "Benin news\n\nPORTO-NOVO (VNA) - Benin built a naval capability.\n",
    "capabilities.txt": "Gabon news\n\nLIBREVILLE (VNA) - Gabon built naval capabilities.\n",
    # -ize / -ise, British and American
    "modernized.txt": "Qatar news\n\nDOHA (VNA) - Qatar modernized its navy.\n",
    "modernising.txt": "Kenya news\n\nNAIROBI (VNA) - Kenya is modernising its navy.\n",
    "prioritise.txt": "Ghana news\n\nACCRA (VNA) - Ghana will prioritise its navy.\n",
    "prioritized.txt": "Nepal news\n\nKATHMANDU (VNA) - Nepal prioritized its navy.\n",
    # -ization / -isation
    "modernization.txt": "Yemen news\n\nSANAA (VNA) - Yemen began a modernization drive.\n",
    "modernisation.txt": "Malta news\n\nVALLETTA (VNA) - Malta began a modernisation drive.\n",
    "organisations.txt": "Sudan news\n\nKHARTOUM (VNA) - Sudan hosted aid organisations.\n",
    "organized.txt": "Tonga news\n\nNUKU'ALOFA (VNA) - Tonga organized a summit.\n",
    # contractions, straight and curly
    "didnt-straight.txt": "Japan news\n\nTOKYO (VNA) - Japan didn't sign the accord.\n",
    "didnt-curly.txt": "Korea news\n\nSEOUL (VNA) - Korea didn’t sign the accord.\n",
    "did.txt": "Spain news\n\nMADRID (VNA) - Spain did sign the accord.\n",
    "were.txt": "Italy news\n\nROME (VNA) - Italy said talks were useful.\n",
    "wedre.txt": "Egypt news\n\nCAIRO (VNA) - Egypt said: we're ready.\n",
    # possessives
    "vietnams.txt": "Cambodia news\n\nPHNOM PENH (VNA) - Cambodia praised Vietnam's navy.\n",
    "vietnams-curly.txt": "Thailand news\n\nBANGKOK (VNA) - Thailand praised Vietnam’s navy.\n",
    "vietnams-plural.txt": "Bhutan news\n\nTHIMPHU (VNA) - Bhutan recalled both Vietnams' navies.\n",
    "viet-nam.txt": "Brunei news\n\nBANDAR SERI BEGAWAN (VNA) - Brunei praised the Viet Nam navy.\n",
}


@pytest.fixture(scope="module")
def index(tmp_path_factory) -> Path:
    return index_of(tmp_path_factory.mktemp("stemming"), ARTICLES)


@pytest.fixture(scope="module")
def ix(index):
    with Index(str(index)) as opened:
        yield opened


def ids(ix: Index, query: str) -> list[str]:
    return sorted(h.id for h in ix.search(SearchOptions(query=query, limit=100)).hits)


def family(ix: Index, members: str, expected: list[str]) -> None:
    """Every member finds exactly the expected articles."""
    for word in members.split():
        assert ids(ix, word) == sorted(expected), word


def test_verbs(ix):
    family(ix, "drop dropped dropping drops", ["dropped.txt", "dropping.txt", "drops.txt"])
    family(ix, "exercise exercised exercising exercises", ["exercised.txt", "exercising.txt"])
    family(ix, "cooperate cooperating cooperation", ["cooperating.txt", "cooperation.txt"])
    family(ix, "rely relied relying relies", ["relied.txt", "relying.txt"])


def test_nouns(ix):
    family(ix, "policy policies", ["policies.txt", "policy.txt"])
    family(ix, "capability capabilities", ["capabilities.txt", "capability.txt"])


def test_ize_and_ise(ix):
    # (Snowball stems -ization words as their -ize verb: the nouns are in the family too)
    every = ["modernisation.txt", "modernising.txt", "modernization.txt", "modernized.txt"]
    family(ix, "modernize modernise modernized modernising", every)
    family(ix, "prioritize prioritise prioritized prioritising",
           ["prioritise.txt", "prioritized.txt"])  # fmt: skip


def test_ization_and_isation(ix):
    both = ["modernisation.txt", "modernising.txt", "modernization.txt", "modernized.txt"]
    family(ix, "modernization modernisation", both)
    family(ix, "organization organisations organized organising",
           ["organisations.txt", "organized.txt"])  # fmt: skip


def test_contractions(ix):
    """didn't, didn’t and didnt are one word; the verb it negates finds it too, and the
    words 're, 've, 'll, 'd and 'm stand for are left out, as stop words are (we're is never
    were)."""
    family(ix, "didn't didn’t didnt", ["didnt-curly.txt", "didnt-straight.txt"])
    assert ids(ix, "did") == ["did.txt", "didnt-curly.txt", "didnt-straight.txt"]
    assert ids(ix, '"didn\'t sign"') == ["didnt-curly.txt", "didnt-straight.txt"]
    assert ids(ix, '"did sign"') == ["did.txt", "didnt-curly.txt", "didnt-straight.txt"]
    assert ids(ix, '"Japan didn’t sign the accord"') == ["didnt-straight.txt"]
    assert ids(ix, "were") == ["were.txt"]
    assert ids(ix, "we're ready") == ["wedre.txt"]


def test_possessives(ix):
    """Vietnam's, Vietnam’s and Vietnams' are Vietnam, which is Viet Nam."""
    everywhere = ["viet-nam.txt", "vietnams-curly.txt", "vietnams-plural.txt", "vietnams.txt"]
    family(ix, "Vietnam Vietnam's Vietnam’s Vietnams' Vietnams", everywhere)
    assert ids(ix, '"Viet Nam navy"') == everywhere == ids(ix, '"Vietnam\'s navy"')


def test_the_snippet_marks_every_form(ix):
    for query, article, word in [
        ("drop", "dropped.txt", "dropped"),
        ("dropping", "drops.txt", "drops"),
        ("modernization", "modernising.txt", "modernising"),
        ("didnt", "didnt-curly.txt", "didn’t"),
        ("did", "didnt-straight.txt", "didn't"),
        ("Vietnam", "vietnams-plural.txt", "Vietnams"),
    ]:
        hits = {h.id: h.snippet for h in ix.search(SearchOptions(query=query, limit=100)).hits}
        assert f"{MARK_START}{word}{MARK_END}" in hits[article], (query, word)


def test_did_you_mean_names_a_word_of_the_articles(ix):
    result = ix.search(SearchOptions(query="droppped"))
    assert result.total == 0 and result.suggestion in ("dropped", "dropping", "drops")
    result = ix.search(SearchOptions(query="exercsed"))
    assert result.total == 0 and result.suggestion == "exercised"


def test_the_cli_finds_every_form(cli, index):
    for query in ("dropped", "drop"):
        result = cli("search", query, "--index", str(index), "--format", "json")
        assert result.exit_code == 0
        found = sorted(h["id"] for h in json.loads(result.stdout)["hits"])
        assert found == ["dropped.txt", "dropping.txt", "drops.txt"]


@pytest.mark.parametrize(
    ("word", "terms"),
    [("dropped", ("drop",)), ("running", ("run",)), ("annualized", ("annual",)),
     ("annualised", ("annual",)), ("programming", ("program",)), ("programmes", ("program",)),
     ("cooperating", ("cooper",)), ("cooperation", ("cooper",)), ("didn't", ("didnt", "did")),
     ("can’t", ("cant",)), ("won't", ("wont",)), ("we're", ()), ("she'll", ("she",)),
     ("O'Brien's", ("obrien",)), ("Vietnams'", ("viet", "nam")), ("news", ("news",))],
)  # fmt: skip
def test_the_terms_a_word_analyses_to(word, terms):
    assert word_terms(word) == terms


def test_a_contractions_verb_is_indexed_beside_it_and_left_out_of_queries():
    """The writer's fast path and Whoosh's filter chain agree on contractions (the verb at its
    contraction's position), and a query analyses the contraction to its own word only."""
    field = engine.Text(analyzer=make_analyzer(), stored=True)
    text = "They didn't go, didn’t they? We're here; it can't, won't. Vietnams' didnt did"
    assert sorted(field.index(text)) == sorted(fields.TEXT.index(field, text))
    tokens = [(t.text, t.pos) for t in field.analyzer(text, positions=True)]
    assert tokens[:4] == [("they", 0), ("didnt", 1), ("did", 1), ("go", 2)]
    query = [t.text for t in field.analyzer("didn't go", mode="query")]
    assert query == ["didnt", "go"]


def test_an_old_index_searches_with_porters_stems(tmp_path):
    """An index of schema 3 (Porter) keeps its own analysis until a sync rebuilds it: its
    queries stem as it did (``cooperation`` → ``cooper``, ``cooperating`` → ``cooperat``)."""
    _corpus, path = legacy_copy(tmp_path)
    with Reader(require_version(str(path))) as reader:
        assert reader.analysis() == 0
        assert "cooper" in set(reader.terms("body"))
        assert reader.analyze("body", "cooperating") == ["cooperat"]
    with Index(str(path)) as old:
        assert ids(old, "cooperation") == ["a.txt"]
        assert ids(old, "cooperating") == []  # (Porter's, as it was written)
    assert analysis_of(make_analyzer()) == ANALYSIS == 2
