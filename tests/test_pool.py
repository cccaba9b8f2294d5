"""The term-grouped posting pool hands the segment writer exactly what Whoosh's PostingPool
does: every posting once, sorted, in memory or through run files; and an index written with
it is the same index."""

from __future__ import annotations

import random

import pytest
from whoosh.filedb.filestore import RamStorage
from whoosh.writing import PostingPool

from searcher import engine
from searcher.engine import pool
from searcher.index import SyncOptions, sync
from tests.conftest import SEEDS, write_articles


def _postings(n_docs: int, seed: int = 3) -> list[tuple]:
    """Postings as a segment writer adds them: document after document, each term once per
    field, positions or no value; then a merged segment's postings, term by term."""
    rnd = random.Random(seed)
    terms = [f"t{i}".encode() for i in range(300)]
    out = []
    for doc in range(n_docs):
        for field in ("body", "id", "title"):
            for term in sorted(set(rnd.choices(terms, k=rnd.randint(1, 30)))):
                freq = rnd.randint(1, 4)
                value = None if field == "id" else bytes(rnd.randrange(256) for _ in range(freq))
                out.append((field, term, doc, float(freq) * 1.5, value))
    merged = sorted((f, t, n_docs + d, w, v) for f, t, d, w, v in out[: len(out) // 3])
    return out + merged


@pytest.mark.parametrize("limitmb", [128, 0])  # all in memory; a run file for every posting
def test_postings_come_back_sorted_as_whooshs_pool_gives_them(limitmb):
    items = _postings(40 if limitmb else 12)
    ours = pool.TermPool(RamStorage(), limitmb=limitmb)
    theirs = PostingPool(RamStorage(), None, limitmb=128)
    for item in items:
        ours.add(item)
        theirs.add(item)
    assert (len(ours.runs) > pool.MAX_OPEN_RUNS) == (limitmb == 0)
    assert list(ours.iter_postings()) == list(theirs.iter_postings())
    ours.cleanup()
    assert ours.runs == [] and ours.tempstore.list() == []


def test_out_of_order_and_repeated_postings_are_sorted():
    ours = pool.TermPool(RamStorage())
    items = [("f", b"a", 5, 1.0, b"x"), ("f", b"a", 2, 1.0, None), ("f", b"a", 5, 0.5, b"")]
    for item in items:
        ours.add(item)
    assert list(ours.iter_postings()) == sorted(items, key=lambda p: (p[2], p[3], p[4] or b""))


def test_an_index_written_through_runs_is_the_same_index(tmp_path, monkeypatch):
    write_articles(tmp_path / "c", 0, 60)

    def postings(index_dir):
        with engine.open_index(str(next(index_dir.glob("v*")))).reader() as r:
            return [(f, t, list(r.postings(f, t).items_as("positions")))
                    for f, t in r.all_terms() if f in ("body", "title")]  # fmt: skip

    sync([str(tmp_path / "c")], str(tmp_path / "a"), SyncOptions(workers=1))
    monkeypatch.setattr(pool, "_TERM_COST", 1 << 24)  # a run file every 16 new terms
    monkeypatch.setattr(pool, "MAX_OPEN_RUNS", 4)  # runs merged before the last merge
    sync([str(tmp_path / "c")], str(tmp_path / "b"), SyncOptions(workers=1))
    assert postings(tmp_path / "a") == postings(tmp_path / "b")


def test_the_segment_files_are_those_whooshs_pool_writes(tmp_path):
    """writing.py and pool.py (a field's postings at a time, into codec.py's blocks a term at a
    time) or Whoosh's writer and pool (a tuple per posting) into the same codec: the same
    postings, terms, stored fields, lengths and columns, byte for byte."""
    from searcher.corpus import list_files
    from searcher.engine.codec import Codec
    from searcher.index.documents import to_document
    from searcher.pipeline import outcome_of

    write_articles(tmp_path / "c", 0, 300)  # words in every article: lists of several blocks
    found = list_files(str(SEEDS))[0] + list_files(str(tmp_path / "c"))[0]
    docs = [to_document(outcome_of(f).article) for f in found]
    files = {}
    ways = {
        "ours": (engine.writer, {}),
        "whoosh": (lambda ix: ix.writer(codec=Codec()), {}),
        "ours, Whoosh's add_document": (engine.writer, {"_boost": 1.0}),  # its fallback path
    }
    for name, (make, extra) in ways.items():
        ix = engine.create(str(tmp_path / name))
        writer = make(ix)
        for doc in docs:
            writer.add_document(**doc, **extra)
        for term in (b"cuba", b"nowhere"):  # spelling-only postings (document -1): not filed
            writer.pool.add(("title", term, -1, 1.0, None))
        writer.commit()
        (segment,) = ix._segments()
        inside = segment.open_compound_file(ix.storage)
        files[name] = {n.replace(segment.segment_id(), ""): inside.open_file(n).read()
                       for n in inside.list()}  # fmt: skip
    assert {n[-4:] for n in files["ours"]} == {".pst", ".trm", ".col"}
    assert files["ours"] == files["whoosh"] == files["ours, Whoosh's add_document"]
