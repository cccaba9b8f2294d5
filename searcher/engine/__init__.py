"""The search engine: Whoosh, and the parts of our own that run inside it.

This package is the only one that imports ``whoosh`` (a test holds every other module to
that). What the rest of defsearch uses is listed here:

- ``schema``: the fields of an index and the ranking model; ``SCHEMA_VERSION``, the facets.
- ``storage``: create and open an index, writers (one, or a segment per worker process),
  commits and their generation.
- ``queries``: query text parsed, and constructors for filters and boosts.
- ``reader``: an open index for searching (``Reader``): evaluation, stored fields, columns.

Inside, for speed and kept to Whoosh's formats: ``analysis`` (the analyzer, and the same terms
without token objects), ``spelling`` (British spellings analysed as American ones: ``defence``
finds ``defense``; the table is ``data/spellings.tsv``), ``pool`` and ``writing`` (postings until a segment is written),
``codec`` (posting blocks cheap to write and read), ``evaluate`` (a query's matches and
scores in one pass), and ``patches`` (every change made to Whoosh itself, each checked against
the Whoosh it was written for).
"""

from __future__ import annotations

import sys

from searcher.engine import patches  # first: Whoosh loads with the stand-ins in place

patches.apply()

# isort: split
from searcher.engine import analysis, codec  # noqa: E402
from searcher.engine.evaluate import top  # noqa: E402
from searcher.engine.queries import Query  # noqa: E402
from searcher.engine.schema import (  # noqa: E402
    FACET_FIELDS,
    FACET_SEP,
    SCHEMA_VERSION,
    Id,
    Keyword,
    PreAnalyzed,
    Text,
    make_schema,
    pre_analyze,
    rebuild_reason,
    weighting,
)
from searcher.engine.storage import (  # noqa: E402
    commit_segments,
    content_hashes,
    create,
    discard,
    finish_segment,
    generation,
    open_index,
    segment_writer,
    writer,
)
from searcher.scores import Scores  # noqa: E402

# Indexes written before this package existed pickled their schema with these module names
# (``searcher.engine.Text`` resolves through the names above): they keep opening.
sys.modules.setdefault("searcher.analysis", analysis)
sys.modules.setdefault("searcher.codec", codec)

__all__ = [
    "FACET_FIELDS",
    "FACET_SEP",
    "SCHEMA_VERSION",
    "Id",
    "Keyword",
    "PreAnalyzed",
    "Query",
    "Scores",
    "Text",
    "commit_segments",
    "content_hashes",
    "create",
    "discard",
    "finish_segment",
    "generation",
    "make_schema",
    "open_index",
    "pre_analyze",
    "rebuild_reason",
    "segment_writer",
    "top",
    "weighting",
    "writer",
]
