"""The array-block codec holds exactly what Whoosh's W3 codec holds: the same postings (ids,
weights, positions) through every matcher method, the same search results and scores."""

from __future__ import annotations

import random

import pytest
from whoosh import fields
from whoosh.codec.whoosh3 import W3Codec
from whoosh.filedb.filestore import FileStorage
from whoosh.qparser import QueryParser

from searcher import engine
from searcher.engine import codec as C

WORDS = [f"w{i}" for i in range(600)]


def _documents(n: int = 700) -> list[dict]:
    """Zipf-like text: a few words in most documents (many blocks), most words in one or two
    (inlined), repeats within a document (weights above 1)."""
    rnd = random.Random(11)
    weights = [1 / (i + 1) for i in range(len(WORDS))]
    docs = []
    for d in range(n):
        words = rnd.choices(WORDS, weights, k=rnd.randint(3, 160))
        title = " ".join(rnd.choices(WORDS[:40], k=4))
        docs.append({"id": f"d{d}", "title": title, "body": " ".join(words), "tag": f"t{d % 7}"})
    return docs


def _schema() -> fields.Schema:
    return fields.Schema(
        id=fields.ID(stored=True, unique=True),
        title=fields.TEXT(field_boost=2.0),
        body=fields.TEXT(),
        tag=fields.KEYWORD(),
    )


def _build(path, codec, docs, deletions=()):
    ix = FileStorage(str(path)).create().create_index(_schema())
    half = len(docs) // 2
    for part in (docs[:half], docs[half:]):  # two segments
        w = ix.writer(codec=codec)
        for doc in part:
            w.add_document(**doc)
        w.commit(merge=False)
    if deletions:
        w = ix.writer(codec=codec)
        for doc_id in deletions:
            w.delete_by_term("id", doc_id)
        w.commit(merge=False)
    return ix


@pytest.fixture(scope="module")
def pair(tmp_path_factory):
    docs = _documents()
    deleted = [f"d{i}" for i in range(0, 700, 9)]
    base = tmp_path_factory.mktemp("codec")
    ours = _build(base / "ours", C.Codec(), docs, deleted)
    w3 = _build(base / "w3", W3Codec(), docs, deleted)
    yield ours, w3
    ours.close()
    w3.close()


def _lists(matcher):
    out = []
    while matcher.is_active():
        out.append((matcher.id(), matcher.weight(), matcher.value()))
        matcher.next()
    return out


def test_every_posting_list_is_the_same(pair):
    ours, w3 = pair
    with ours.reader() as a, w3.reader() as b:
        terms = list(b.all_terms())
        assert terms == list(a.all_terms())
        blocks = inlined = 0
        for field, text in terms:
            assert _lists(a.postings(field, text)) == _lists(b.postings(field, text)), (field, text)
            info = a.term_info(field, text)
            assert info.doc_frequency() == b.term_info(field, text).doc_frequency()
            if a.doc_frequency(field, text) >= C.INLINE:
                blocks += 1
            else:
                inlined += 1
        assert blocks > 20 and inlined > 20  # both layouts were exercised


def _unfiltered(matcher):
    """The codec's own matcher under the reader's filter of deleted documents, at its start
    (the filter has already moved it past a deleted first document)."""
    matcher = getattr(matcher, "child", matcher)
    matcher.reset()
    return matcher


def test_skipping_and_whole_list_reads_agree(pair):
    ours, w3 = pair
    with ours.reader() as a, w3.reader() as b:
        for seg_a in (r for r, _ in a.leaf_readers()):
            frequent = max(seg_a.all_terms(), key=lambda t: seg_a.doc_frequency(*t))
            assert seg_a.doc_frequency(*frequent) > 2 * 128  # several blocks
            raw = lambda s=seg_a, t=frequent: _unfiltered(s.postings(*t))  # noqa: E731
            ids, weights, values = raw().postings(values=True)
            reread = _lists(raw())
            assert [(i, w, v) for i, w, v in zip(ids, weights, values, strict=True)] == reread
            for target in (0, 5, 130, 260, 300, 10_000):
                m = raw()
                m.skip_to(target)
                expected = [t for t in reread if t[0] >= target]
                assert _lists(m) == expected
        assert b.doc_count() == a.doc_count()


@pytest.mark.parametrize(
    "text",
    ["w0", "w1 w2", "w3 OR w450", '"w0 w1"', "w5 NOT w6", "w1*", "title:w2 body:w9", "tag:t3 w4"],
)
def test_search_results_and_scores_are_the_same(pair, text):
    ours, w3 = pair
    qp = QueryParser("body", ours.schema)
    q = qp.parse(text)
    with (
        ours.searcher(weighting=engine.weighting()) as a,
        w3.searcher(weighting=engine.weighting()) as b,
    ):
        got = [(h["id"], round(h.score, 9)) for h in a.search(q, limit=None)]
        want = [(h["id"], round(h.score, 9)) for h in b.search(q, limit=None)]
    assert got == want and got


def test_a_merge_rewrites_segments_in_the_codec(tmp_path):
    docs = _documents(300)
    ix = _build(tmp_path / "merged", C.Codec(), docs)
    w = ix.writer(codec=C.Codec())
    w.commit(optimize=True)
    with ix.reader() as r:
        assert r.doc_count() == 300
        assert all(type(s.codec()) is C.Codec for s in ix._segments())
        ids = [r.stored_fields(d)["id"] for d in r.postings("body", "w0").all_ids()]
    assert ids == [d["id"] for d in docs if "w0" in d["body"].split()]
    ix.close()


def test_positions_format_round_trips():
    fmt = C.Positions(field_boost=2.0)
    for positions in ([0], [3, 9, 10, 70_000], list(range(0, 3000, 7))):
        value = fmt.encode(positions)
        assert list(fmt.decode_positions(value)) == positions
        assert fmt.decode_frequency(value) == len(positions)
        assert fmt.decode_weight(value) == 2.0 * len(positions)


def test_columns_read_whole_store_their_offsets(index_dir):
    """The stored-fields and facet columns of every segment carry their offsets, so opening
    them reads an array instead of summing every document's length."""
    from whoosh.codec.whoosh3 import STORED_COLUMN

    from searcher.index import store

    ix = engine.open_index(store.require_version(str(index_dir)))
    with ix.reader() as reader:
        for seg, _ in reader.leaf_readers():
            assert seg.column_reader("facets", translate=False).had_stored_offsets
            assert seg._perdoc._cached_reader("_stored", STORED_COLUMN)._child.had_stored_offsets
