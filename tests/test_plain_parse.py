"""Plain words are parsed without Whoosh's parser (engine/queries.py, issue 19): the
tree is the parser's own, and any other text still goes through the parser."""

from __future__ import annotations

from pathlib import Path

import pytest

from searcher.engine import queries as Q
from searcher.search.handle import Index
from searcher.search.query import ALIASES
from searcher.search.results import SearchOptions

PLAIN = [
    "australia",
    "australia dialogue",
    "defence cooperation minister",
    "the",  # a stop word: no term in either field
    "the and of",
    "running ministers talks",  # stemmed
    "a i s",
    "nothingmatchesthis",
    "and or not",  # (Whoosh's operators are upper case: these are words)
    "Australia",
    "Australia Dialogue MINISTER",
    "And Or Not To",
    "ANDx ORDER NOTE",
]
NOT_PLAIN = [
    "defence AND cooperation",
    "defence ANDNOT cooperation",
    "NOT defence",
    "defence REQUIRE cooperation",
    "defence ANDMAYBE cooperation",
    "defence OR cooperation",
    "defence  cooperation",
    " defence",
    "defence ",
    '"defence cooperation"',
    "defen*",
    "title:defence",
    "giang^3",
    "(defence)",
    "viet-nam",
    "việt",
    "defence2",
    "",
]
FACETS = ("pair", "country", "official")


@pytest.fixture(scope="module")
def ix(shared_index: Path):
    with Index(str(shared_index)) as index:
        yield index


@pytest.mark.parametrize("text", PLAIN)
def test_plain_words_make_the_parsers_tree(ix: Index, text: str) -> None:
    schema = ix._reader.schema
    built = Q._plain_words(text, schema)
    parsed = Q.whoosh_parser(schema, False, ALIASES).parse(text)
    assert built is not None
    assert built == parsed
    assert repr(built) == repr(parsed)


@pytest.mark.parametrize("text", NOT_PLAIN)
def test_other_text_is_left_to_the_parser(ix: Index, text: str) -> None:
    assert Q._plain_words(text, ix._reader.schema) is None


@pytest.mark.parametrize(
    ("plain", "parsed"),
    [
        ("australia dialogue", "australia  dialogue"),
        ("Australia Dialogue", "Australia  Dialogue"),
        ("defence cooperation", "defence AND cooperation"),
        ("the australia", "The  Australia"),
        ("minister", "(minister)"),
    ],
)
@pytest.mark.parametrize("snippets", [True, False])
def test_answers_equal_the_parsers(ix: Index, plain: str, parsed: str, snippets: bool) -> None:
    """The same question typed so that the parser takes it: the same hits, order, scores,
    snippets, count and facet counts."""

    def answer(text: str) -> tuple:
        r = ix.search(SearchOptions(query=text, facets=FACETS, limit=10, snippets=snippets))
        return r.total, r.hits, r.facets

    assert Q._plain_words(plain, ix._reader.schema) is not None
    assert Q._plain_words(parsed, ix._reader.schema) is None
    total, hits, facets = answer(plain)
    assert total > 0
    assert (total, hits, facets) == answer(parsed)
