"""Bounded query work (issue 20, items 5 and 11): wildcards, prefixes and ranges expand to at
most a documented number of index terms, counted on a real index of many distinct terms; a
query's words have a documented length, and parsing is linear in the query's length (a 100,000
character word, or 100 words of the shapes that were quadratic, finish; a batch goes on)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from searcher.engine.queries import (
    MAX_TERMS_PER_QUERY,
    MAX_TERMS_PER_WILDCARD,
    MAX_WILDCARDS,
    Expansions,
)
from searcher.engine.reader import Reader
from searcher.engine.schema import make_schema
from searcher.errors import BadQuery
from searcher.index import store
from searcher.search.query import MAX_WORD, parse
from tests.conftest import index_of, run_proc

GROUPS = 6  # zq0…, zq1…, …: 1,000 distinct terms each
TERMS = 1_000 * GROUPS


@pytest.fixture(scope="module")
def many_terms(tmp_path_factory) -> Path:
    """A real index whose bodies hold 6,000 distinct terms ``zq0000`` … ``zq5999``; every
    article holds terms of every group (so an AND of groups matches, and every group is read)."""
    articles = {}
    for n in range(60):
        words = [f"zq{g}{(n * 17 + k) % 1000:03d}" for g in range(GROUPS) for k in range(17)]
        words += [f"zq{g}{n * 10 + k:03d}" for g in range(GROUPS) for k in range(10)]
        articles[f"a{n:02d}.txt"] = f"Report number {n}\n\n" + " ".join(words) + "\n"
    return index_of(tmp_path_factory.mktemp("bounds"), articles)


def _version(index: Path) -> str:
    return store.require_version(str(index))


def test_the_index_holds_the_terms(many_terms):
    with Reader(_version(many_terms)) as r:
        assert sum(1 for t in r.terms("body") if t.startswith("zq")) == TERMS


def test_a_prefix_reads_one_term_past_the_cap_then_stops(many_terms):
    with Reader(_version(many_terms)) as r:
        counted = Expansions("zq*")
        q = parse("zq*", r.schema, expansions=counted)
        with pytest.raises(
            BadQuery, match=rf"zq\* matches more than {MAX_TERMS_PER_WILDCARD:,} words in body"
        ):
            r.scores(q)
        assert len(counted.by_term["body:zq*"]) == MAX_TERMS_PER_WILDCARD + 1
        assert len(counted.terms) == MAX_TERMS_PER_WILDCARD + 1  # (titles hold no zq term)


def test_a_leading_wildcard_is_bounded_too(many_terms):
    with Reader(_version(many_terms)) as r:
        counted = Expansions("*q*")
        with pytest.raises(BadQuery, match=r"\*q\* matches more than"):
            r.scores(parse("*q*", r.schema, expansions=counted))
        assert len(counted.by_term["body:*q*"]) == MAX_TERMS_PER_WILDCARD + 1


def test_a_range_is_bounded_too(many_terms):
    with Reader(_version(many_terms)) as r:
        counted = Expansions("body:[zq0 TO zq9]")
        with pytest.raises(BadQuery, match=r"\[zq0 TO zq9\] matches more than"):
            r.scores(parse("body:[zq0 TO zq9]", r.schema, expansions=counted))
        assert len(counted.terms) == MAX_TERMS_PER_WILDCARD + 1


def test_the_query_total_is_bounded(many_terms):
    text = " ".join(f"zq{g}*" for g in range(GROUPS))  # 1,000 terms each: 6,000 together
    with Reader(_version(many_terms)) as r:
        counted = Expansions(text)
        with pytest.raises(BadQuery, match=f"more than {MAX_TERMS_PER_QUERY:,} words together"):
            r.scores(parse(text, r.schema, any_word=True, expansions=counted))
        assert len(counted.terms) == MAX_TERMS_PER_QUERY + 1
        assert all(len(terms) <= MAX_TERMS_PER_WILDCARD for terms in counted.by_term.values())


def test_under_the_caps_every_term_counts_and_matches(many_terms):
    with Reader(_version(many_terms)) as r:
        counted = Expansions("zq0*")
        scores = r.scores(parse("zq0*", r.schema, expansions=counted))
        assert len(counted.terms) == 1_000  # every term of the group, each once
        assert len(scores) == 60
        # an excluded part counts in the same total
        counted = Expansions("zq0* -zq1*")
        parsed = parse("zq0* -zq1*", r.schema, expansions=counted)
        assert r.scores(parsed) == {}
        assert len(counted.terms) == 2_000


def test_too_many_wildcards_are_refused_before_reading(many_terms):
    text = " ".join(f"zq{g}00{k}*" for g in range(2) for k in range(MAX_WILDCARDS // 2 + 1))
    with Reader(_version(many_terms)) as r:
        counted = Expansions(text)
        with pytest.raises(BadQuery, match=f"more than {MAX_WILDCARDS} wildcards"):
            parse(text, r.schema, expansions=counted)
        assert not counted.terms


def test_the_cli_names_the_term_and_exits_2(cli, many_terms):
    result = cli("search", "*q* *e* ?*", "--index", str(many_terms))
    assert result.exit_code == 2
    assert result.stdout == ""
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1
    assert f"*q* matches more than {MAX_TERMS_PER_WILDCARD:,} words in body" in lines[0]
    assert "more letters before the *" in lines[0]


def test_a_word_longer_than_the_cap_is_one_short_line():
    word = "a" * 100_000
    with pytest.raises(BadQuery) as caught:
        parse(f"cuba {word}", make_schema())
    message = str(caught.value)
    assert "the word at column 6 has 100,000 characters" in message
    assert f"more than the {MAX_WORD:,}" in message
    assert len(message) < 300  # (the query is named by its start and length)
    parse("a" * MAX_WORD, make_schema())  # (the longest word allowed parses)


def test_a_100k_word_and_the_quadratic_shapes_finish_in_a_batch(tmp_path, many_terms):
    """Lines that took minutes (a 100,000-letter word: 73 s; 100 words of ``'-'-…``: Whoosh's
    single-quote tagger scanned to the end of the line from each quote) finish, and the other
    queries of the batch are answered. The timeout only guards against a hang."""
    shapes = [
        "a" * MAX_WORD,
        "'-" * (MAX_WORD // 2),
        "[" * (MAX_WORD // 2) + "]" * (MAX_WORD // 2),
        "x" * (MAX_WORD // 2) + "*" + "y" * (MAX_WORD // 2 - 1),
        "é" * MAX_WORD,
    ]
    lines = ["zq0001", "a" * 100_000, *(" ".join([s] * 100) for s in shapes), "zq0002 zq1002"]
    batch = tmp_path / "queries.txt"
    batch.write_text("\n".join(lines) + "\n", encoding="utf-8")
    done = run_proc("search", "--queries", str(batch), "--index", str(many_terms), timeout=300)
    answers = [json.loads(line) for line in done.stdout.splitlines()]
    assert [a["line"] for a in answers] == list(range(1, len(lines) + 1))
    assert "100,000 characters" in answers[1]["error"]
    assert answers[0]["total"] > 0 and answers[-1]["total"] > 0
    assert all("total" in a for a in answers[2:])  # (answered: no error, whatever they match)
    assert done.returncode == 2  # (one line was an error)


def test_a_star_among_words_is_every_article_and_a_field_star_is_counted(many_terms):
    """``oil *`` read every posting list of title and body (11 s on 20k Reuters stories): a
    bare ``*`` is every article, as alone; ``body:*`` expands to the field's words, counted."""
    with Reader(_version(many_terms)) as r:
        counted = Expansions("zq0001 *")
        assert len(r.scores(parse("zq0001 *", r.schema, expansions=counted))) > 0
        assert not counted.terms and not counted.typed  # (nothing expanded)
        counted = Expansions("body:*")
        with pytest.raises(BadQuery, match=r"\* matches more than"):
            r.scores(parse("body:*", r.schema, expansions=counted))
        assert len(counted.terms) == MAX_TERMS_PER_WILDCARD + 1
        counted = Expansions("title:*")  # (60 titles of a few words: under the cap)
        assert len(r.scores(parse("title:*", r.schema, expansions=counted))) == 60
