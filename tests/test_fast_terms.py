"""The fast path's copies of the engine's pure parts stay the engine's: the same source where
they are copies (analysis, query checks, snippets), the same terms and boosts where they are
rewritten (query-mode analysis, country boosts, field lengths), over a large vocabulary."""

from __future__ import annotations

import inspect
import re

import pytest

from searcher.engine import analysis, spelling
from searcher.fast import evaluate, snippets, syntax, terms
from searcher.search import query
from searcher.search import snippets as engine_snippets
from tests.conftest import FIXTURES, SEEDS


@pytest.mark.parametrize(
    ("copy", "original"),
    [(terms._parts, analysis._parts), (terms._words, analysis._words),
     (syntax.check_syntax, query.check_syntax), (syntax.check_length, query.check_length),
     (syntax._char_before, query._char_before), (syntax._char_after, query._char_after),
     (syntax.split_minus, query.split_minus), (syntax._drop_dangling, query._drop_dangling),
     (syntax._item_end, query._item_end), (syntax._data_variants, query._data_variants)],
    ids=lambda f: f.__module__.rsplit(".", 1)[-1] + "." + f.__name__,
)  # fmt: skip
def test_copies_are_the_engines_source(copy, original):
    assert inspect.getsource(copy) == inspect.getsource(original)


def test_the_snippets_module_is_a_copy_below_its_imports():
    def body(module: object) -> str:
        source = inspect.getsource(module)  # type: ignore[arg-type]
        return source[source.index("\nWINDOWS = ") :]

    assert body(snippets) == body(engine_snippets)
    assert (snippets.MARK_START, snippets.MARK_END) == ("\x02", "\x03")


def test_constants_are_the_engines():
    assert terms.STOP_WORDS == analysis.STOP_WORDS
    assert terms.COMPOUNDS == analysis.COMPOUNDS
    assert terms.TOKEN_PATTERN == analysis.TOKEN_PATTERN
    assert terms.ANALYSIS == analysis.ANALYSIS and terms.SNOWBALL == analysis.SNOWBALL
    assert (terms._NEGATED, terms._AUXILIARIES) == (analysis._NEGATED, analysis._AUXILIARIES)
    assert syntax.FIELDS == query.FIELDS and syntax.ALIASES == query.ALIASES
    assert syntax.COUNTRY_BOOST == query.COUNTRY_BOOST
    assert terms._load_spelling().__file__ == spelling.__file__


def test_the_interrupt_line_is_the_clis():
    import searcher.cli
    from searcher.fast.entry import INTERRUPTED

    assert f'_stderr("{INTERRUPTED}")' in inspect.getsource(searcher.cli._Group.invoke)


def test_field_lengths_are_whooshs():
    from whoosh.util.numeric import byte_to_length

    assert [byte_to_length(b) for b in range(256)] == evaluate._LENGTH


def _vocabulary() -> list[str]:
    words: set[str] = set()
    for path in [*SEEDS.glob("*.txt"), *FIXTURES.glob("*")]:
        words.update(re.findall(r"\S+", path.read_text(encoding="utf-8", errors="replace")))
    words.update(spelling.forms())
    words.update(["didn't", "won't", "we're", "O'Brien", "Vietnams'", "Hanoi's", "U.S.", "Việt",
                  "Nguyễn", "ĐÀ NẴNG", "straße", "can't", "ain't", "rock'n'roll"])  # fmt: skip
    return sorted(words)


def test_query_terms_are_the_analyzers_in_query_mode():
    analyzer = analysis.make_analyzer()
    texts = _vocabulary()
    texts += [" ".join(texts[i : i + 5]) for i in range(0, len(texts), 5)]
    for text in texts:
        expected = [t.text for t in analyzer(text, mode="query")]
        assert terms.query_terms(text) == expected, text
    for word in texts[:3000]:
        assert terms.word_terms(word) == analysis.word_terms(word), word


def test_the_rewritten_patterns_match_as_the_engines():
    texts = [*_vocabulary(), "’", "a’b", "a’’b", "U.S.’s", "x.’y", "’s", "don’t.", "O’Brien’s.",
             "a.b’c'd.e", "Việt’s", "q_’a", "1’2.3", "a’ b", "a ’b", "a’.b", "a.’"]  # fmt: skip
    texts.append(" ".join(texts))
    pairs = [(re.compile(terms._TOKEN), re.compile(terms.TOKEN_PATTERN)),
             (re.compile(syntax._NGRAM_WORDS), query._NGRAM_WORDS)]  # fmt: skip
    for copy, original in pairs:
        for text in texts:
            found = [m.span() for m in copy.finditer(text)]
            assert found == [m.span() for m in original.finditer(text)], text


LABELS = {"VN": "Vietnam", "CU": "Cuba", "US": "United States", "JP": "Japan", "CI": "Côte d'Ivoire",
          "TR": "Türkiye", "XK": "Kosovo", "XX": "Cuba"}  # fmt: skip
BOOSTED = ["Cuban army", "Viet Nam and the United States", "Japanese", "defence", "U.S. ties",
           "Vietnam's", "south korea north korea", "", "  ", "Việt Nam", "VIỆT NAM’s navy",
           "cote d'ivoire", "Côte d’Ivoire", "turkiye", "Türkiye", "kosovo", "the People's Army",
           "Vietnam People's Army", "Socialist Republic of Vietnam ties", "Cuba -Japan"]  # fmt: skip


def test_country_codes_are_the_boosts_terms():
    for labels in (LABELS, {"VN": "Vietnam"}):
        variants = query.country_variants(labels)
        for text in BOOSTED:
            boosts = query.entity_boosts(text, variants)
            codes = [b.text for b in boosts]
            assert syntax.country_codes(text, variants) == codes, text
            assert syntax.country_codes(text, syntax.query_variants(text, labels)) == codes, text
            assert all(b.boost == syntax.COUNTRY_BOOST for b in boosts)


def test_query_variants_are_the_variants_of_the_querys_words():
    """Every variant of the data file and of the labels, looked up as a query, and the queries
    above: the entries of search/query.py's table for the query's n-grams, no others."""
    for labels in (LABELS, {}):
        variants = query.country_variants(labels)
        for text in [*BOOSTED, *variants, *labels.values(), " ".join(variants)[:3000]]:
            grams = syntax._grams(text)
            expected = {k: v for k, v in variants.items() if k in grams}
            assert syntax.query_variants(text, labels) == expected, text


def test_plain_words_are_the_patterns_words():
    # texts of the plain characters only (the shortcut's), spaces doubled, leading and trailing
    texts = ["march", "year merger", "  two  spaces ", "a_b c9 9c", "A", " ", "", "x" * 50,
             "Defence Cooperation 2024", "_ _x_"]  # fmt: skip
    texts.append(" ".join(texts))
    for text in texts:
        assert terms.plain_words(text) == re.findall(terms.TOKEN_PATTERN, text), text
        if "_" not in text:
            assert syntax._words(text) == [
                w.rstrip(".") for w in query._NGRAM_WORDS.findall(text.lower())
            ], text
    for text in ["U.S. ties", "O'Brien", "Việt Nam", "a-b", "a\tb", "a\u2003b"]:
        assert terms.plain_words(text) is None, text


def test_query_checks_compile_no_pattern_for_a_plain_query():
    import re as re_module

    re_module.purge()
    syntax.check_syntax("defence cooperation 2024")
    syntax.split_minus("defence cooperation 2024")
    terms.query_terms("defence cooperation 2024")
    syntax._words("defence cooperation 2024")
    assert re_module._cache == {}  # (re's cache of compiled patterns, CPython's)
