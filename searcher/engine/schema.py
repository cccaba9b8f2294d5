"""The index's fields: what each holds, how it is analysed and filed, and the ranking model."""

from __future__ import annotations

import functools
from collections import Counter
from math import log
from typing import TYPE_CHECKING

from whoosh import columns, fields, formats, scoring
from whoosh.analysis import IDTokenizer
from whoosh.system import pack_uint

from searcher.engine.analysis import (
    analysis_of,
    keyword_terms,
    make_analyzer,
    make_keyword_analyzer,
    positions_of,
)
from searcher.engine.codec import Positions

if TYPE_CHECKING:
    from collections.abc import Iterable
    from typing import Any

    from whoosh.searching import Searcher

    Postings = Iterable[tuple[bytes, int, float, bytes]]  # (term, frequency, weight, value)

# Bump when the schema, the analyzer or the extraction changes what an index holds: `defsearch
# index` then rebuilds instead of mixing documents written by two versions.
SCHEMA_VERSION = 7  # 2: facet column values are tagged; 3: codec.py's array blocks, positions;
# 4: Snowball's English stemmer, contractions (analysis.ANALYSIS 2); 5: events; 6: extraction
# rules of issue 13 (pairs, officials, outlets, boilerplate on real outlet pages); 7: joint
# credits (every outlet an article is credited to) and the second round of those rules
# what each version changed for a reader, for the line saying why an index is rebuilt
SCHEMA_CHANGES = {
    4: "Snowball stemming: a word's inflections and contractions find each other",
    5: "events: the contacts each article reports, for defsearch events; story signatures",
    6: "better pairs, officials, outlets and boilerplate on real outlet pages",
    7: "joint credits (VNA/VNS: both outlets) and more officials, pairs and captions read right",
}


def rebuild_reason(written: object) -> str:
    """The one line saying why an index written with schema ``written`` (None: unknown) is
    rebuilt from its corpus rather than synced."""
    change = SCHEMA_CHANGES.get(SCHEMA_VERSION)
    return (
        f"the index was written with schema {written or 'unknown'} and this defsearch writes"
        f" {SCHEMA_VERSION}{f' ({change})' if change else ''}: rebuilt from its corpus"
    )


# Facet values of one document, as one column value: each value prefixed by its facet's position
# in FACET_FIELDS (one digit), values separated by \x1e: b"0CU-VN\x1e1CU\x1e1VN\x1e3VNA".
FACET_FIELDS = ("pair", "country", "official", "outlet", "year", "month")
FACET_SEP = b"\x1e"


class PreAnalyzed:
    """A text value already analysed into postings (in a worker process), so the single writer
    process only files postings instead of also tokenising and stemming. It keeps its text and
    the analysis setting it was analysed with (``Text._analysis``): an index written with
    another (an older one) analyses the text itself, as its other documents were.
    (The text costs nothing more to send: the document's ``_stored_`` value is the same string,
    and a pickle holds it once.)"""

    __slots__ = ("analysis", "postings", "text")

    def __init__(
        self, postings: list[tuple[bytes, int, float, bytes]], analysis: int | None, text: str
    ) -> None:
        self.postings = postings
        self.analysis = analysis
        self.text = text

    def __reduce__(self) -> tuple[type[PreAnalyzed], tuple[Any, ...]]:
        return (PreAnalyzed, (self.postings, self.analysis, self.text))


_TERMS: dict[str, bytes] = {}  # word -> its bytes, one object shared by all its postings


def _term_bytes(word: str) -> bytes:
    """The UTF-8 bytes of an index term, the same object every time: the writer's posting pool
    (pool.py) keeps its terms as dict keys until the segment is flushed, and they cost nothing
    more when they are this shared object."""
    found = _TERMS.get(word)
    if found is None:
        if len(_TERMS) >= 1_000_000:
            _TERMS.clear()
        found = _TERMS[word] = word.encode("utf-8")
    return found


class _Cached:
    """A field with attributes cached for writing (``CACHED``): the schema is pickled in the
    index, and they stay out of it."""

    CACHED: tuple[str, ...] = ()

    def __getstate__(self) -> dict:
        return {k: v for k, v in self.__dict__.items() if k not in self.CACHED}


class Text(_Cached, fields.TEXT):
    """TEXT with codec.py's positions format, that also accepts a PreAnalyzed value. Text in
    the standard analyzer is analysed by ``analysis.positions_of`` (the same terms and positions
    as the analyzer's filter chain, which Whoosh drives a token object at a time), with the
    analysis setting of this field's own analyzer (an older index's is older)."""

    CACHED = ("_analysis", "_weights")
    format: formats.Format

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.format = Positions(field_boost=self.format.field_boost)

    def index(self, value: object, **kwargs: Any) -> Postings:
        if isinstance(value, PreAnalyzed):
            if self._analysis is not None and value.analysis == self._analysis:
                return iter(value.postings)
            value = value.text  # (analysed for an index of another setting)
        if isinstance(value, str) and not kwargs and self._analysis is not None:
            return self._postings(value, self._analysis)
        return super().index(value, **kwargs)

    def _postings(self, value: str, analysis: int) -> list[tuple[bytes, int, float, bytes]]:
        encode, weights, known = self.format.encode, self._weights, _TERMS
        out = []
        for word, p in positions_of(value, analysis=analysis).items():
            n = len(p)
            weight = weights[n] if n < 64 else n * weights[1]
            out.append((known.get(word) or _term_bytes(word), n, weight, encode(p)))
        return out

    @functools.cached_property
    def _weights(self) -> list[float]:
        """The weights of small frequencies, computed once (a multiplication per posting less)."""
        return [n * self.format.field_boost for n in range(64)]

    @functools.cached_property
    def _analysis(self) -> int | None:
        """The analysis setting of the standard analyzer (None: another analyzer or format,
        which Whoosh's own path analyses)."""
        return analysis_of(self.analyzer) if type(self.format) is Positions else None


class Id(_Cached, fields.ID):
    """ID, whose value is its one term: filed without a token object and a sort (a document
    has four)."""

    CACHED = ("_plain",)

    def index(self, value: object, **kwargs: Any) -> Postings:
        if isinstance(value, str) and not kwargs and self._plain:
            return [(value.encode("utf-8"), 1, self.format.field_boost, b"")]
        return super().index(value, **kwargs)

    @functools.cached_property
    def _plain(self) -> bool:
        return type(self.analyzer) is IDTokenizer and type(self.format) is formats.Existence


class Keyword(_Cached, fields.KEYWORD):
    """Comma-separated keyword values (``make_keyword_analyzer``: stripped, lower-cased,
    accent-folded), analysed without a token object per value (a document has four)."""

    CACHED = ("_plain",)

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(lowercase=True, commas=True, **kwargs)
        self.analyzer = make_keyword_analyzer()

    def index(self, value: object, **kwargs: Any) -> Postings:
        if isinstance(value, str) and not kwargs and self._plain:
            counts = Counter(keyword_terms(value))
            boost = self.format.field_boost
            return sorted(
                (w.encode("utf-8"), n, n * 1.0 * boost, pack_uint(n)) for w, n in counts.items()
            )
        return super().index(value, **kwargs)

    @functools.cached_property
    def _plain(self) -> bool:
        return self.analyzer == make_keyword_analyzer() and type(self.format) is formats.Frequency


def _keyword() -> fields.KEYWORD:
    return Keyword(stored=True)


def make_schema() -> fields.Schema:
    """The one place the index's fields are defined."""
    analyzer = make_analyzer()
    return fields.Schema(
        id=Id(stored=True, unique=True),
        path=fields.STORED(),
        title=Text(analyzer=analyzer, stored=True, field_boost=2.0, multitoken_query="phrase"),
        body=Text(analyzer=analyzer, stored=True, multitoken_query="phrase"),
        date=fields.DATETIME(stored=True, sortable=True),
        day=Id(),  # YYYYMMDD: day-level range filters are fast term ranges
        year=Id(stored=True),
        month=Id(stored=True),
        outlet=_keyword(),
        country=_keyword(),
        pair=_keyword(),
        official=_keyword(),
        facets=fields.COLUMN(columns.VarBytesColumn(write_offsets_cutoff=0)),  # (read at once)
        hash=fields.STORED(),  # (read back, never searched)
        record=fields.STORED(),  # the Article's fields as JSON, for show/export
        # the contacts the article reports (extract/events.py) as JSON, and their facets as
        # keywords: which articles report an event of a kind, pair, country or official
        events=fields.STORED(),
        event_kind=Keyword(stored=False),
        event_pair=Keyword(stored=False),
        event_country=Keyword(stored=False),
        event_official=Keyword(stored=False),
        # near-duplicate signature (index/stories.py): MinHash, day and size as a column, read
        # by search --collapse and show --versions (search/collapse.py)
        story=fields.COLUMN(columns.VarBytesColumn(write_offsets_cutoff=0)),
    )


class Weighting(scoring.BM25F):
    """BM25F with the standard Robertson–Spärck Jones IDF (as in Lucene and Anserini).

    Whoosh's own IDF, log(N / (df + 1)) + 1, is flat: words found in most articles still weigh
    almost as much as rare ones, which hurts natural-language queries.
    """

    def idf(self, searcher: Searcher, fieldname: str, text: str | bytes) -> float:
        parent = searcher.get_parent()
        df = parent.doc_frequency(fieldname, text)
        n = parent.doc_count_all()
        return log(1 + (n - df + 0.5) / (df + 0.5))


def weighting() -> Weighting:
    """The ranking model: BM25F, k1 1.2 and b 0.75 (the textbook values)."""
    return Weighting(B=0.75, K1=1.2)


_schema: list[fields.Schema] = []


def pre_analyze(fieldname: str, text: str) -> PreAnalyzed:
    """Postings for one text field, exactly as the writer would compute them (in a worker
    process, so that the single writer only files them)."""
    if not _schema:
        _schema.append(make_schema())
    field = _schema[0][fieldname]
    return PreAnalyzed(list(fields.TEXT.index(field, text)), field._analysis, text)
