"""The changes made to Whoosh (``engine/patches.py``) on every Whoosh this suite runs under:
``make test`` (whoosh-reloaded 2.7.5) and ``make test-compat`` (whoosh3 3.54.0).

A tested release gets every patch; any other gets none and runs stock Whoosh, which must give
the same answers, only slower. Both halves are checked on each release, since either could be
the one a user has installed.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import whoosh
from whoosh.columns import VarBytesColumn
from whoosh.filedb.filestore import RamStorage

from searcher import engine
from searcher.engine import patches
from searcher.engine.reader import Reader
from searcher.index import SyncOptions, sync
from searcher.index.store import require_version
from searcher.search.handle import Index
from searcher.search.query import parse
from searcher.search.results import SearchOptions

# Each kind of query the evaluator answers, over postings, stored fields and facet columns read
# from compound segment files (read-in-place; today's indexes never reach the code ids-in-c and
# column-offsets-in-c change, so those two are compared with Whoosh's own code directly).
QUERIES = ("defence", "defence cooperation", '"naval cooperation"', "coop*", "Cuba OR Japan",
           "defence AND NOT Japan", "title:defence", "country:VN", "*", "zzzqqq")  # fmt: skip


def current(patch: patches.Patch) -> object:
    """The attribute a patch replaces, as it is now."""
    return getattr(patches._owner(patch.owner), patch.attribute)


def answers(index_dir: Path) -> dict:
    """What a user can ask of an index, asked of a freshly opened one (nothing read before the
    patches changed is reused): every hit with its exact score, the facet counts, snippets, the
    date order, similar articles, and every stored record."""
    found: dict = {}
    with Reader(require_version(str(index_dir))) as reader:
        for text in QUERIES:
            found["scores", text] = reader.scores(parse(text, reader.schema))
    with Index(str(index_dir)) as ix:
        for text in QUERIES:
            for sort in ("relevance", "-date"):
                options = SearchOptions(query=text, sort=sort, limit=1000, facet_limit=0,
                                        facets=engine.FACET_FIELDS)  # fmt: skip
                found["search", text, sort] = ix.search(options)
        records = list(ix.export())
        found["export"] = records
        found["similar"] = ix.similar(records[0]["id"], limit=5)
    return found


@contextmanager
def untested_whoosh() -> Iterator[None]:
    """Whoosh as if it were a release the patches were not written for, then patched again."""
    patches.undo()
    try:
        patches.apply(version=(9, 9, 9))
        yield
    finally:
        patches.undo()
        patches.apply()


def test_every_patch_is_applied_on_a_tested_whoosh():
    assert tuple(whoosh.__version__[:3]) in patches.TESTED
    assert patches.SKIPPED == {}
    assert set(patches.APPLIED) == {p.name for p in patches.PATCHES}
    for patch in patches.PATCHES:
        # the original was recognised, and what is in place now is the replacement
        assert patch.expect(patches.APPLIED[patch.name]), patch.name
        assert current(patch) is not patches.APPLIED[patch.name], patch.name


def test_decoding_ids_in_c_sums_as_whoosh_does():
    """Today's indexes never reach ids-in-c (codec.py stores ids whole; only indexes of schema 1
    and 2 hold Whoosh's delta-coded blocks), so the index tests below cannot see it: it is
    compared with the generator it replaces directly."""
    patch = next(p for p in patches.PATCHES if p.name == "ids-in-c")
    for nums in ([], [0], [7], [3, 1, 4, 1, 5, 9, 2, 6], [0, 0, 2**31, 1], list(range(1000))):
        assert list(current(patch)(nums)) == list(patches.APPLIED[patch.name](nums))


def test_column_offsets_in_c_are_whooshs():
    """Today's variable-length columns write their offsets (``_stored`` in codec.py, ``facets``
    in schema.py), so opening one reads them and never reaches the branch column-offsets-in-c
    changes; only columns written without them (stock Whoosh's under 32,768 documents, and
    defsearch's before schema 3) do. On such a column, written by Whoosh itself, the offsets
    summed in C are the ones Whoosh's loop derives, and every value reads back the same."""
    patch = next(p for p in patches.PATCHES if p.name == "column-offsets-in-c")
    values = [b"", b"a", b"bc" * 40, b"", b"xyz" * 500, b"\x00"] * 40
    storage = RamStorage()
    out = storage.create_file("column")
    writer = VarBytesColumn().writer(out)
    for docnum, value in enumerate(values):
        writer.add(docnum, value)
    writer.finish(len(values))
    length = out.tell()
    out.close()
    reader = VarBytesColumn.Reader(storage.open_file("column"), 0, length, len(values))
    assert not reader.had_stored_offsets  # the branch the patch changes
    ours = (
        reader._offsets.tolist(),
        reader._lengths.tolist(),
        [reader[d] for d in range(len(values))],
    )
    patches.APPLIED[patch.name](reader)  # Whoosh's own loop, on the same column
    theirs = (
        reader._offsets.tolist(),
        reader._lengths.tolist(),
        [reader[d] for d in range(len(values))],
    )
    assert ours == theirs
    assert ours[2] == values


def test_a_patch_never_replaces_code_it_was_not_written_for():
    """The check is on the code, not on the version or the name: the replacement itself (or any
    other object in the attribute's place) is not taken for the original. Applied again with
    the record of what was applied lost, every patch is skipped and nothing is wrapped twice."""
    for patch in patches.PATCHES:
        assert not patch.expect(current(patch)), patch.name
        assert not patch.expect(lambda nums: nums), patch.name
    before = {p.name: current(p) for p in patches.PATCHES}
    applied = dict(patches.APPLIED)
    patches.APPLIED.clear()
    try:
        patches.apply()
        assert patches.APPLIED == {}
        for patch in patches.PATCHES:
            assert "not the code the patch was written against" in patches.SKIPPED[patch.name]
        assert {p.name: current(p) for p in patches.PATCHES} == before
    finally:
        patches.SKIPPED.clear()
        patches.APPLIED.update(applied)


def test_an_untested_whoosh_runs_stock_and_answers_the_same(corpus, index_dir, tmp_path):
    """On a release the patches were not written for, each is skipped with its reason and
    Whoosh runs unchanged: an index written and read that way, and one written patched, give
    the same hits, scores, facets and records as with the patches."""
    patched = answers(index_dir)
    assert patched["search", "defence", "relevance"].total > 0  # the queries do match
    originals = dict(patches.APPLIED)
    with untested_whoosh():
        assert patches.APPLIED == {}
        assert set(patches.SKIPPED) == {p.name for p in patches.PATCHES}
        for patch in patches.PATCHES:
            assert "9.9.9 is not a tested version" in patches.SKIPPED[patch.name]
            assert current(patch) is originals[patch.name], patch.name
        stock = answers(index_dir)
        sync([str(corpus)], str(tmp_path / "stock"), SyncOptions(workers=1))
        written_stock = answers(tmp_path / "stock")
    assert patches.SKIPPED == {}
    assert set(patches.APPLIED) == set(originals)
    assert stock == patched
    assert written_stock == patched
    assert answers(tmp_path / "stock") == patched  # read patched, written stock


def test_a_quoted_date_that_is_no_date_matches_nothing(shared_index):
    """whoosh3 parses ``date:""`` to a query matching nothing; whoosh-reloaded keeps the empty
    term, and its date field raised a bare ``Exception`` when the term was looked up (a
    traceback instead of an answer; the query rewrite drops the term on both)."""
    with Index(str(shared_index)) as ix:
        for text in ('date:""', 'date:"-"', 'defence AND date:""'):
            assert ix.search(SearchOptions(query=text)).total == 0, text
        alone = ix.search(SearchOptions(query="defence", limit=100))
        assert alone.total > 0
        assert ix.search(SearchOptions(query='defence OR date:""', limit=100)) == alone._replace(
            query='defence OR date:""'
        )
