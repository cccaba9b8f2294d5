"""What keeps a full build's memory down (issue 19): the sources a segment worker is sent, in
pickled chunks, and the writer's analysis, which caches each token once."""

from __future__ import annotations

from searcher.corpus import list_files
from searcher.engine import analysis
from searcher.index.parallel import pack_sources, unpack_sources

from .conftest import write_articles


def test_sources_are_packed_in_chunks_and_unpacked_in_order(tmp_path):
    write_articles(tmp_path / "c", 0, 10)
    files = list_files(str(tmp_path / "c"))[0]
    packed = pack_sources(files, chunk=4)
    assert len(packed) == 3 and all(isinstance(c, bytes) for c in packed)  # 4 + 4 + 2
    assert list(unpack_sources(packed)) == files
    assert [f.path for f in unpack_sources(packed)] == [f.path for f in files]
    assert pack_sources([]) == [] and list(unpack_sources([])) == []


def test_the_writers_analysis_leaves_the_query_cache_alone():
    """``positions_of`` (every document the writer adds) caches each new token's terms in its own
    table only: ``_parts``'s cache, for queries and the filter chain, gets none of the corpus's
    vocabulary, and the terms are the ones a query's word gets."""
    words = [f"zqmemory{i}x" for i in range(50)] + ["Vietnam's", "didn't", "Việt"]
    before = analysis._parts.cache_info().currsize
    found = analysis.positions_of(" ".join(words))
    assert analysis._parts.cache_info().currsize == before
    known = analysis._KEPT[analysis.ANALYSIS][0]
    assert all(w in known for w in words)
    expected = [t for w in words for t in analysis.word_terms(w)]
    assert sorted(found) == sorted(set(expected))
    assert analysis._parts.cache_info().currsize > before  # (word_terms itself caches)
