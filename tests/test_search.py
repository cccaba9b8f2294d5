"""Search as a library: filters, facets (checked against a brute-force count), sorting, errors."""

from __future__ import annotations

import re
from collections import Counter

import pytest

from searcher import engine
from searcher.errors import BadQuery, NotFound
from searcher.index import documents
from searcher.models import Article, Official
from searcher.search.handle import Index
from searcher.search.query import parse
from searcher.search.results import SearchOptions


@pytest.fixture(scope="module")
def ix(shared_index):
    with Index(str(shared_index)) as index:
        yield index


def hit_ids(ix, **kw) -> list[str]:
    return sorted(h.id for h in ix.search(SearchOptions(limit=100, snippets=False, **kw)).hits)


def brute_force(ix, field: str, keep) -> Counter:
    """Facet counts computed the slow way, from every exported record."""
    counts: Counter = Counter()
    for rec in ix.export():
        if not keep(rec):
            continue
        article = Article(
            id=rec["id"], path=rec["path"], title=rec["title"], body=rec["body"],
            date=None if not rec["date"] else __import__("datetime").date.fromisoformat(rec["date"]),
            date_source=rec["date_source"], outlet=rec["outlet"], countries=tuple(rec["countries"]),
            country_pairs=tuple(rec["country_pairs"]),
            officials=tuple(Official(**o) for o in rec["officials"]), content_hash=rec["content_hash"],
        )  # fmt: skip
        counts.update(documents.facet_values(article)[field])
    return counts


@pytest.mark.parametrize("field", engine.FACET_FIELDS)
@pytest.mark.parametrize(
    "query,keep",
    [
        ("", lambda r: True),
        ("defence", lambda r: re.search(r"defen[cs]e", (r["body"] + (r["title"] or "")).lower())),
        ("country:VN", lambda r: "VN" in r["countries"]),
    ],
    ids=["all", "defence", "country-vn"],
)
def test_facets_match_brute_force(ix, field, query, keep):
    result = ix.search(SearchOptions(query=query, facets=(field,), facet_limit=0, limit=1))
    got = {c.value: c.count for c in result.facets[0].results}
    assert got == dict(brute_force(ix, field, keep))
    assert result.facets[0].truncated is False


def test_facet_labels_and_truncation(ix):
    result = ix.search(SearchOptions(query="", facets=("pair", "official"), facet_limit=2))
    pair = result.facets[0]
    assert pair.results[0].value == "CU-VN" and pair.results[0].label == "Cuba – Vietnam"
    assert pair.truncated
    officials = {
        c.value: c.label for c in ix.facet("official", SearchOptions(facet_limit=0)).results
    }
    assert officials["phan van giang"] == "Phan Văn Giang"  # the accented form wins
    assert officials["pham minh chinh"] == "Phạm Minh Chính"


@pytest.mark.parametrize(
    "kw,expected",
    [
        ({"pairs": ("CU-VN",)}, 4),
        ({"pairs": ("Cuba,Vietnam",)}, 4),
        ({"pairs": ("Vietnam-Cuba",)}, 4),
        ({"pairs": ("CU-VN", "JP-VN")}, 8),
        ({"countries": ("JP",)}, 5),
        ({"countries": ("Japan",)}, 5),
        ({"officials": ("Phan Van Giang",)}, 5),
        ({"officials": ("Phan Văn Giang",)}, 5),
        ({"officials": ("Giang",)}, 5),
        ({"outlets": ("VNA",)}, 7),
        ({"outlets": ("vna", "VNS")}, 10),
        ({"since": "2025"}, 5),
        ({"since": "2025-01-01", "until": "2025-06"}, 4),
        ({"until": "2020"}, 2),
        ({"pairs": ("CU-VN",), "since": "2021"}, 1),
    ],
)
def test_filters(ix, kw, expected):
    assert len(hit_ids(ix, **kw)) == expected


def test_query_fields(ix):
    assert hit_ids(ix, query="pair:CU-VN") == hit_ids(ix, pairs=("CU-VN",))
    assert hit_ids(ix, query='official:"Pete Hegseth"') == [
        "003-vna-vietnamese-us-defence-chiefs-phone-talks.txt"
    ]
    assert hit_ids(ix, query="title:Singapore") == ["fixtures/vnplus-singapore.html"]
    assert len(hit_ids(ix, query="date:2020")) == 2
    assert hit_ids(ix, query="Hegseth OR Saito") == [
        "003-vna-vietnamese-us-defence-chiefs-phone-talks.txt", "004-vna-vietnam-japan-naval-cooperation.txt"]  # fmt: skip
    assert "fixtures/vna-admm-multilateral.txt" not in hit_ids(ix, query="defence NOT ASEAN")
    assert len(hit_ids(ix, query="Hegs*")) == 1


def test_sort_by_date(ix):
    result = ix.search(SearchOptions(query="Cuba", sort="-date", limit=10, snippets=False))
    dates = [h.date for h in result.hits if h.date]
    assert dates == sorted(dates, reverse=True)
    oldest = ix.search(SearchOptions(query="Cuba", sort="date", limit=1, snippets=False)).hits[0]
    assert oldest.date == "2020-08-23"


def test_title_outranks_body(ix):
    top = ix.search(SearchOptions(query="Singapore", limit=1, snippets=False)).hits[0]
    assert top.id == "fixtures/vnplus-singapore.html"


def test_offset_and_total(ix):
    everything = ix.search(SearchOptions(query="defence", limit=100, snippets=False))
    page = ix.search(SearchOptions(query="defence", limit=2, offset=2, snippets=False))
    assert page.total == everything.total
    assert [h.id for h in page.hits] == [h.id for h in everything.hits[2:4]]


def test_snippet_marks_matches(ix):
    hit = ix.search(SearchOptions(query="Hegseth", limit=1)).hits[0]
    assert "\x02Hegseth\x03" in hit.snippet


@pytest.mark.parametrize(
    "query,column",
    [
        ('"unclosed', 1),
        ("(a OR b", 1),
        ("a) b", 2),
        ("nosuchfield:x", 1),
        ("Cuba AND", 6),
        ("OR Cuba", 1),
    ],
)
def test_syntax_errors_name_the_column(ix, query, column):
    with pytest.raises(BadQuery, match=f"column {column}"):
        ix.search(SearchOptions(query=query))


@pytest.mark.parametrize("query", ['"Phan Van Giang" OR Hegseth', 'Hegseth AND "phone talks"',
                                   '"AND" Hegseth', 'NOT "phone talks" Hegseth'])  # fmt: skip
def test_phrases_are_terms_beside_operators(ix, query):
    assert ix.search(SearchOptions(query=query)).total >= 0


@pytest.mark.parametrize("bad", [{"since": "2025-13"}, {"until": "May"}, {"pairs": ("Cuba",)},
                                 {"countries": ("Atlantis",)}, {"since": "2025", "until": "2024"}])  # fmt: skip
def test_bad_filters(ix, bad):
    with pytest.raises(BadQuery):
        ix.search(SearchOptions(**bad))


def test_did_you_mean(ix):
    result = ix.search(SearchOptions(query="Hegseht"))
    assert result.total == 0
    assert result.suggestion == "hegseth"


def test_no_suggestion_for_a_word_analysed_to_almost_nothing(ix):
    result = ix.search(SearchOptions(query="OEÐ"))  # folded and stemmed to one letter
    assert result.total == 0 and result.suggestion is None


def test_show_similar_stats(ix):
    record = ix.get("003-vna-vietnamese-us-defence-chiefs-phone-talks.txt")
    assert record["country_pairs"] == ["US-VN"] and record["body"].startswith("Hanoi (VNA)")
    with pytest.raises(NotFound):
        ix.get("../../etc/passwd")
    similar = ix.similar("001-vna-vietnam-cuba-strengthen-defence-cooperation.txt", limit=3)
    assert similar and similar[0].id != "001-vna-vietnam-cuba-strengthen-defence-cooperation.txt"
    assert "CU-VN" in similar[0].country_pairs
    stats = ix.stats()
    assert stats["documents"] == 16
    assert (stats["date_min"], stats["date_max"]) == ("2020-08-23", "2025-12-11")


def test_snippet_marks_every_form_of_a_query_word():
    from searcher.engine.analysis import word_terms
    from searcher.search.snippets import snippet

    terms = frozenset(t for w in ("Vietnam", "ministers", "rates", "Đà") for t in word_terms(w))
    text = "Việt Nam and Vietnam's minister's rates rose; Da Nang (Đà Nẵng) too. Rated."
    marked = snippet(text, terms)
    for word in ("Việt", "Nam", "Vietnam's", "minister's", "rates", "Đà", "Da"):
        assert f"\x02{word}\x03" in marked, word
    assert "\x02Rated\x03" in marked  # the same stem
    assert "\x02rose\x03" not in marked and "\x02and\x03" not in marked


@pytest.mark.parametrize(
    ("text", "column"), [("oil~2", 4), ("oil~", 4), ("Cuba a~b", 7), ("title:oil~2", 10)]
)
def test_fuzzy_syntax_is_refused_not_misread(text, column):
    """Whoosh reads ``oil~2`` as the phrase "oil 2" (1 hit where ``oil`` has thousands):
    refused with the column, instead of a silently different search (issue 20, item 14)."""
    with pytest.raises(BadQuery, match=rf"fuzzy terms .* not supported \(column {column}\)"):
        parse(text, engine.make_schema())


def test_a_phrase_keeps_its_slop():
    q = parse('"oil price"~2', engine.make_schema())
    assert [leaf.slop for leaf in q.subqueries] == [2, 2]
