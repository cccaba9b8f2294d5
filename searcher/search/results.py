"""The values of a search: its options, hits, facet counts and result.

Kept apart from ``models.py`` (the pipeline's values) so that ``defsearch search`` creates only
the classes it uses: start-up time is a feature. They are named tuples rather than dataclasses:
``dataclasses`` imports ``inspect`` (with ``ast``, ``dis`` and ``tokenize``) and generates code
for each class, ~13 ms of every search process; change one with ``_replace``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, NamedTuple

if TYPE_CHECKING:
    from collections.abc import Iterator


class FacetCount(NamedTuple):
    """One value of a facet with its count (datasette's shape)."""

    value: str
    label: str
    # A field named like tuple.count (datasette's key, in the JSON output) is valid and works at
    # run time; mypy can only flag it as overriding the method.
    count: int  # type: ignore[assignment]


class Facet(NamedTuple):
    """All counted values of one facet; ``truncated`` when more values exist than shown."""

    name: str
    results: tuple[FacetCount, ...]
    truncated: bool


MARK_START, MARK_END = "\x02", "\x03"  # around the matched words of Hit.snippet


class Hit(NamedTuple):
    """One search result."""

    id: str
    path: str
    title: str | None
    date: str | None
    outlet: str | None
    countries: tuple[str, ...]
    country_pairs: tuple[str, ...]
    officials: tuple[str, ...]  # canonical names
    score: float
    snippet: str  # matched words wrapped in MARK_START … MARK_END; output.py renders them
    lede: str | None = None  # the first sentence, for display when there is no title
    # with --collapse: the story's other versions (ids) and the outlets of all its versions
    versions: tuple[str, ...] | None = None
    outlets: tuple[str, ...] = ()


class SearchOptions(NamedTuple):
    """Everything a search needs, as one value (never click's context)."""

    query: str = ""
    any_word: bool = False  # OR the words (ranked) instead of requiring all of them
    pairs: tuple[str, ...] = ()
    countries: tuple[str, ...] = ()
    officials: tuple[str, ...] = ()
    outlets: tuple[str, ...] = ()
    since: str | None = None
    until: str | None = None
    facets: tuple[str, ...] = ()
    facet_limit: int = 10
    sort: str = "relevance"
    limit: int = 10  # 0: every match (the hits then stream: SearchResult.hits is an iterator)
    offset: int = 0
    snippets: bool = True
    collapse: bool = False  # one hit per story (its other versions listed in the hit)
    count_by: str = "articles"  # what facet counts count (--count): "articles" or "stories"


class SearchResult(NamedTuple):
    """Hits for one page plus the total and facet counts over all matches. With ``limit`` 0
    the hits are every match as an iterator, made one at a time as it is read (read it once)."""

    query: str
    total: int
    hits: tuple[Hit, ...] | Iterator[Hit]
    facets: tuple[Facet, ...] = ()
    suggestion: str | None = None
    stories: int | None = None  # distinct stories among the matches (when grouped by story)


class Version(NamedTuple):
    """One version of a story (``show --versions``)."""

    id: str
    date: str | None
    outlet: str | None
    title: str | None


class Bucket(NamedTuple):
    """One bar of a timeline: a period (``2025``, ``2025-02`` or ``2025-02-07``) and its matches."""

    period: str
    count: int  # type: ignore[assignment]  # (as FacetCount.count)


class Timeline(NamedTuple):
    """Matches over time: buckets of one size (``day``, ``month`` or ``year``, chosen for the
    span), every period from the first dated match to the last, and the undated matches."""

    unit: str
    buckets: tuple[Bucket, ...]
    undated: int
    total: int
