"""British and American spellings (issue 13): each finds the other in queries, phrases, snippets
and did-you-mean; words that only look alike stay apart; an index written before the spelling
table keeps the analysis its terms were made with. Real indexes built by sync, the real CLI."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from whoosh import fields

from searcher import data, engine
from searcher.engine import spelling
from searcher.engine.analysis import (
    ANALYSIS,
    STOP_WORDS,
    analysis_of,
    make_analyzer,
    positions_of,
    word_terms,
)
from searcher.engine.codec import Positions
from searcher.engine.reader import Reader
from searcher.index import SyncOptions, sync
from searcher.index.store import require_version
from searcher.output import Style, search_lines
from searcher.search.handle import Index
from searcher.search.results import MARK_END, MARK_START, SearchOptions
from searcher.search.snippets import snippet

from .conftest import ROOT, index_of
from .test_layout import legacy_copy

BRITISH = (
    "Vietnam and Australia deepen defence ties\n\n"
    "HANOI, March 3, 2025 (VNA) - Vietnam and Australia agreed on defence cooperation and a "
    "training programme for the modernisation of the organisation of their forces. Two navies "
    "held manoeuvres near the harbour; the neighbouring countries were favourable. Officers "
    "travelled to the centre of Hanoi, honoured the labour of engineers and renewed the "
    "licence of a theatre. Both sides organised new programmes and modernising defences.\n"
)
AMERICAN = (
    "Japan and the United States expand defense ties\n\n"
    "TOKYO, May 5, 2024 (VNA) - Japan and the United States agreed on defense cooperation and a "
    "training program for the modernization of the organization of their forces. Two navies "
    "held maneuvers near the harbor; the neighboring countries were favorable. Officers "
    "traveled to the center of Tokyo, honored the labor of engineers and renewed the license "
    "of a theater. Both sides organized new programs and modernizing defenses.\n"
)
# words that look like a spelling of another word, each in an article of its own
LOOKALIKES = {
    "metre.txt": "Cuba and Laos mark border\n\nVIENTIANE, June 1, 2025 (VNA) - Engineers of Cuba "
    "and Laos marked the border every metre of the way.\n",
    "meter.txt": "Laos and Cuba install power\n\nHAVANA, June 2, 2025 (VNA) - Engineers of Laos "
    "and Cuba installed an electricity meter at the embassy.\n",
    "prize.txt": "Cuba awards writer\n\nHAVANA, June 3, 2025 (VNA) - Cuba gave a Vietnamese "
    "writer its literature prize.\n",
    "exercise.txt": "Laos army drill\n\nVIENTIANE, June 4, 2025 (VNA) - The drill was an exercise "
    "in readiness; its commanders promise a rise in training and advise patience.\n",
}


@pytest.fixture(scope="module")
def two_spellings(tmp_path_factory) -> Path:
    """An index of a British article, its American twin and the look-alikes, built by sync."""
    articles = {"british.txt": BRITISH, "american.txt": AMERICAN, **LOOKALIKES}
    return index_of(tmp_path_factory.mktemp("spelling"), articles)


@pytest.fixture(scope="module")
def ix(two_spellings):
    with Index(str(two_spellings)) as index:
        yield index


def ids(ix: Index, query: str) -> list[str]:
    return sorted(h.id for h in ix.search(SearchOptions(query=query, limit=50)).hits)


BOTH = ["american.txt", "british.txt"]


# --- queries ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "query",
    ["defence", "defense", "defences", "defenses", "organisation", "organization",
     "organisations", "organised", "organized", "programme", "program", "programmes", "programs",
     "modernisation", "modernization", "modernising", "modernizing", "manoeuvres", "maneuvers",
     "harbour", "harbor", "neighbouring", "neighboring", "favourable", "favorable", "honour",
     "honoured", "honored", "labour", "labor", "centre", "center", "centres", "theatre",
     "theater", "licence", "license", "travelled", "traveled", "defence organisation",
     "title:defense"],
)  # fmt: skip
def test_each_spelling_finds_the_other(ix, query):
    assert ids(ix, query) == BOTH


@pytest.mark.parametrize(
    "phrase",
    ['"defence cooperation"', '"defense cooperation"', '"training programme"',
     '"training program"', '"modernisation of the organisation"',
     '"modernization of the organization"', '"travelled to the centre"'],
)  # fmt: skip
def test_a_phrase_in_one_spelling_finds_the_other(ix, phrase):
    assert ids(ix, phrase) == BOTH


def test_the_cli_finds_both_spellings(cli, two_spellings):
    for query in ("defence", "organization programme"):
        result = cli("search", query, "--index", str(two_spellings), "--format", "json")
        assert result.exit_code == 0
        assert sorted(h["id"] for h in json.loads(result.stdout)["hits"]) == BOTH


# --- words that only look alike -------------------------------------------------------------


@pytest.mark.parametrize(
    ("query", "found"),
    [("metre", ["metre.txt"]), ("metres", ["metre.txt"]), ("meter", ["meter.txt"]),
     ("prize", ["prize.txt"]), ("prise", []), ("exercise", ["exercise.txt"]),
     ("exercize", []), ("rise", ["exercise.txt"]), ("rize", []), ("promise", ["exercise.txt"]),
     ("advise", ["exercise.txt"]), ("advize", [])],
)  # fmt: skip
def test_words_that_only_look_alike_stay_apart(ix, query, found):
    assert ids(ix, query) == found


NEVER_IZE = ("advertise advise arise chastise circumcise comprise compromise demise despise devise "
             "disguise enterprise excise exercise expertise franchise improvise incise merchandise "
             "premise prise promise reprise revise rise supervise surmise surprise televise "
             "treatise wise otherwise raise praise noise poise cruise bruise precise")  # fmt: skip


@pytest.mark.parametrize("word", NEVER_IZE.split())
def test_an_ise_word_that_is_no_ize_word_is_analysed_as_before(word):
    """The table leaves it alone: today's analysis stems the word as written, and the
    Porter-stemming setting with the table (1) analyses it as the one without it (0) did."""
    for form in (word, word + "s", word[:-1] + "ed", word[:-1] + "ing", word[:-1] + "er"):
        assert spelling.american(form) == form
        assert word_terms(form, 1) == word_terms(form, 0)


@pytest.mark.parametrize(
    ("one", "other"),
    [("metre", "meter"), ("prise", "prize"), ("tyre", "tire"), ("kerb", "curb"),
     ("storey", "story"), ("draught", "draft"), ("cheque", "check"), ("grey", "gray"),
     ("lustring", "lustering"), ("unionised", "ionised"), ("unionized", "ionized")],
)  # fmt: skip
def test_different_words_get_different_terms(one, other):
    assert word_terms(one) != word_terms(other)


@pytest.mark.parametrize(
    ("british", "american"),
    [("defence", "defense"), ("Defences", "defenses"), ("offence", "offense"),
     ("programmes", "programs"), ("organisations", "organizations"),
     ("reorganisation", "reorganization"), ("unrecognisable", "unrecognizable"),
     ("denuclearisation", "denuclearization"), ("analysed", "analyzed"), ("centred", "centered"),
     ("kilometres", "kilometers"), ("unfavourable", "unfavorable"), ("dishonoured", "dishonored"),
     ("counsellor", "counselor"), ("signalled", "signaled"), ("catalogued", "cataloged"),
     ("dialogues", "dialogs"), ("manoeuvring", "maneuvering"), ("practising", "practicing"),
     ("behaviour's", "behavior"), ("armoured", "armored"), ("fuelled", "fueled"),
     ("colouration", "coloration"), ("neighbourhoods", "neighborhoods"), ("judgemental",
     "judgmental"), ("sulphate", "sulfate"), ("defenceless", "defenseless"),
     ("colourised", "colorized"), ("centrepiece", "centerpiece"), ("licenced", "licensed"),
     ("anaesthetist", "anesthetist"), ("deodourant", "deodorant")],
)  # fmt: skip
def test_british_forms_get_their_american_terms(british, american):
    """The British form analyses as its American spelling, today and with Porter's stemmer (the
    setting of issue 13), and the American one then as it always did."""
    assert word_terms(british) == word_terms(american)
    assert word_terms(british, 1) == word_terms(american, 1) == word_terms(american, 0)


def test_the_table_is_vetted_data():
    """Each form is looked up as the table lists it; every form begins with its American
    spelling's first letter (snippets and suggestions look for words by it), no American
    spelling is itself rewritten (one step, always the same term), and every line is of a known
    kind."""
    table = spelling.forms()
    assert len(table) > 3000
    assert all(spelling.american(uk) == us for uk, us in table.items())
    assert all(uk[0] == us[0] for uk, us in table.items())
    assert all(spelling.american(us) == us for us in table.values())
    assert "lustring" not in table  # (kept: a silk)
    kinds = {"word", "keep", *spelling.STEMS, *spelling.RULES}
    for line in data.read("spellings.tsv").splitlines():
        if line and not line.startswith("#"):
            kind, *words = line.split("\t")
            assert kind in kinds and len(words) == (2 if kind in ("word", "stem") else 1), line
            assert all(w == w.lower() and w.isalpha() for w in words), line


def test_the_table_is_read_on_first_use_not_at_import():
    code = (
        "import searcher.search.handle, searcher.engine.spelling as s\n"
        "assert s._table.cache_info().currsize == 0\n"
        "from searcher.engine.analysis import word_terms\n"
        "assert word_terms('defence') == ('defens',) and s._table.cache_info().currsize == 1\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True, cwd=ROOT, timeout=60)


# --- snippets ---------------------------------------------------------------------------------


def test_the_snippet_marks_the_other_spelling(ix):
    hits = {
        h.id: h.snippet
        for h in ix.search(SearchOptions(query="defence organisation programme", limit=10)).hits
    }
    for word in ("defense", "organization", "program"):
        assert f"{MARK_START}{word}{MARK_END}" in hits["american.txt"], word
    for word in ("defence", "organisation", "programme"):
        assert f"{MARK_START}{word}{MARK_END}" in hits["british.txt"], word
    # and on a terminal the table shows it highlighted
    result = ix.search(SearchOptions(query="organisation", limit=10))
    table = "\n".join(search_lines(result, "table", Style(color=True)))
    assert "\x1b[1;31morganization\x1b[0m" in table and "\x1b[1;31morganisation\x1b[0m" in table


def test_a_snippet_follows_the_spelling_setting_it_is_given():
    text = "The defence and defense of the organisation."
    new = frozenset(word_terms("defence") + word_terms("organisation"))
    assert snippet(text, new, spellings=ANALYSIS).count(MARK_START) == 3
    old = frozenset(word_terms("defence", 0) + word_terms("organisation", 0))
    marked = snippet(text, old, spellings=0)
    assert marked.count(MARK_START) == 2 and f"{MARK_START}defense" not in marked
    assert snippet(text, old).count(MARK_START) == 2  # either setting: the old terms still mark


# --- did you mean ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("query", "suggested"),
    [("defnce", "defence"), ("defnse", "defense"), ("progamme", "programme"),
     ("progam", "program"), ("defence progamme", "defence programme"),
     ("organization progamme", "organization programme")],
)  # fmt: skip
def test_did_you_mean_suggests_a_word_in_the_spelling_typed(ix, query, suggested):
    result = ix.search(SearchOptions(query=query))
    assert result.total == 0 and result.suggestion == suggested


def test_a_spelling_is_never_corrected_to_the_other(tmp_path, cli):
    """An index holding only the American spelling: the British word finds it, and a query
    with no hits for another reason keeps the British word as typed."""
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "american.txt").write_text(AMERICAN, encoding="utf-8")
    index = tmp_path / "index"
    sync([str(corpus)], str(index), SyncOptions(workers=1))
    with Index(str(index)) as only:
        for word in ("defence", "organisation", "programme", "centre", "honour"):
            result = only.search(SearchOptions(query=word))
            assert result.total == 1 and result.suggestion is None, word
        result = only.search(SearchOptions(query="defence organisation zzzqqq"))
        assert result.total == 0 and result.suggestion is None
        result = only.search(SearchOptions(query="defence progam"))
        assert result.suggestion == "defence program"
    result = cli("search", "defence progam", "--index", str(index))
    assert result.exit_code == 1
    assert "did you mean: defence program" in result.stderr


# --- the writer -------------------------------------------------------------------------------


@pytest.mark.parametrize("analysis", [0, 1, ANALYSIS])
def test_the_writers_fast_path_follows_the_analyzers_setting(analysis):
    """A Text field of any setting files what Whoosh's filter chain makes of the text with
    that field's analyzer (the fast path and the chain agree), and a value analysed in a worker
    for another setting is analysed again."""
    field = engine.Text(analyzer=make_analyzer(analysis), stored=True)
    assert analysis_of(field.analyzer) == analysis and type(field.format) is Positions
    for text in (BRITISH, AMERICAN, "The Defence's programmes, Việt Nam's organisations, of the"):
        fast = sorted(field.index(text))
        assert fast == sorted(fields.TEXT.index(field, text))
        terms = {t.decode() for t, *_ in fast}
        assert terms == set(positions_of(text, STOP_WORDS, analysis))
        assert ("defenc" in terms) == (analysis == 0 and "efence" in text)
        worker = engine.pre_analyze("body", text)  # (a fresh schema: today's setting)
        assert sorted(field.index(worker)) == fast


# --- indexes written before the spelling table ------------------------------------------------

SYNCED = (
    "Cuba and Vietnam sign defense accord\n\nHAVANA, June 1, 2025 (VNA) - Cuba and Vietnam "
    "signed a defense cooperation programme for the organisation of training.\n"
)


def body_terms(index: Path) -> set[str]:
    with Reader(require_version(str(index))) as reader:
        return set(reader.terms("body"))


def test_an_old_index_searches_with_the_analysis_it_was_written_with(tmp_path):
    _corpus, index = legacy_copy(tmp_path)
    with Reader(require_version(str(index))) as reader:
        assert analysis_of(reader.schema["body"].analyzer) == reader.analysis() == 0
    with Index(str(index)) as old:
        assert ids(old, "defence") == ["a.txt"] and ids(old, '"defence cooperation"') == ["a.txt"]
        result = old.search(SearchOptions(query="defence"))
        assert f"{MARK_START}defence{MARK_END}" in result.hits[0].snippet
        # its terms have British spellings apart: the American word finds nothing, and the
        # suggestion names the word the index holds
        result = old.search(SearchOptions(query="defense"))
        assert result.total == 0 and result.suggestion == "defence"


@pytest.mark.parametrize("workers", [1, 2])
def test_a_sync_rebuilds_an_old_index_with_todays_analysis(tmp_path, workers):
    """Issue 21 bumped the schema (Snowball's stemmer): a sync no longer adds to an index of
    schema 3 with its own analysis, but rebuilds it, by the writer and by worker processes
    alike, and says why; British and American spellings then find each other there too."""
    corpus, index = legacy_copy(tmp_path)
    (corpus / "c.txt").write_text(SYNCED, encoding="utf-8")
    report = sync(None, str(index), SyncOptions(workers=workers))
    assert (report.rebuilt, report.added, report.unchanged) == (True, 3, 0)
    assert [w for w in report.warnings if "written with schema 3" in w]
    terms = body_terms(index)
    assert {"defens", "program", "organiz", "cooper"} <= terms
    assert not {"defenc", "programm", "organis", "organ"} & terms
    with Index(str(index)) as rebuilt:
        assert ids(rebuilt, "defence") == ["a.txt", "c.txt"] == ids(rebuilt, "defense")
        assert ids(rebuilt, '"defence cooperation"') == ["a.txt", "c.txt"]
        assert ids(rebuilt, "programme organisation") == ["c.txt"]
