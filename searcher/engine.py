"""Whoosh behind one small interface: the schema, opening, writing documents, reading facets.

Only this module and ``search.py`` import Whoosh. The rest of the code deals in ``Article``.
"""

from __future__ import annotations

import datetime as dt
import json
import os
from math import log

# isort: off
import searcher._whoosh  # noqa: F401  (Whoosh without urllib; must come first)

# isort: on
from whoosh import columns, fields, index, scoring
from whoosh.filedb.filestore import FileStorage

from searcher.analysis import make_analyzer, make_keyword_analyzer
from searcher.errors import IndexCorrupt
from searcher.models import Article, extracted_fields

INDEX_NAME = "MAIN"
# Bump when the schema, the analyzer or the extraction changes what an index holds: `defsearch
# index` then rebuilds instead of mixing documents written by two versions.
SCHEMA_VERSION = 1
# Facet values of one document, as one column value: fields split by \x1f, values by \x1e.
FACET_FIELDS = ("pair", "country", "official", "outlet", "year", "month")
_FS, _VS = "\x1f", "\x1e"


class PreAnalyzed:
    """A text value already analysed into postings (in a worker process), so the single writer
    process only files postings instead of also tokenising and stemming."""

    __slots__ = ("postings",)

    def __init__(self, postings: list[tuple[bytes, int, float, bytes]]) -> None:
        self.postings = postings

    def __reduce__(self):
        return (PreAnalyzed, (self.postings,))


class Text(fields.TEXT):
    """TEXT that also accepts a PreAnalyzed value."""

    def index(self, value, **kwargs):
        if isinstance(value, PreAnalyzed):
            return iter(value.postings)
        return super().index(value, **kwargs)


_schema_cache: list[fields.Schema] = []


def _analysis_schema() -> fields.Schema:
    if not _schema_cache:
        _schema_cache.append(make_schema())
    return _schema_cache[0]


def pre_analyze(fieldname: str, text: str) -> PreAnalyzed:
    """Postings for one text field, exactly as the writer would compute them."""
    field = _analysis_schema()[fieldname]
    return PreAnalyzed(list(fields.TEXT.index(field, text)))


def _keyword() -> fields.KEYWORD:
    field = fields.KEYWORD(stored=True, lowercase=True, commas=True)
    field.analyzer = make_keyword_analyzer()
    return field


def make_schema() -> fields.Schema:
    """The one place the index's fields are defined."""
    analyzer = make_analyzer()
    return fields.Schema(
        id=fields.ID(stored=True, unique=True),
        path=fields.STORED(),
        title=Text(analyzer=analyzer, stored=True, field_boost=2.0, multitoken_query="phrase"),
        body=Text(analyzer=analyzer, stored=True, multitoken_query="phrase"),
        date=fields.DATETIME(stored=True, sortable=True),
        day=fields.ID(),  # YYYYMMDD: day-level range filters are fast term ranges
        year=fields.ID(stored=True),
        month=fields.ID(stored=True),
        outlet=_keyword(),
        country=_keyword(),
        pair=_keyword(),
        official=_keyword(),
        facets=fields.COLUMN(columns.VarBytesColumn()),
        hash=fields.ID(stored=True),
        record=fields.STORED(),  # the Article's fields as JSON, for show/export
    )


class Weighting(scoring.BM25F):
    """BM25F with the standard Robertson–Spärck Jones IDF (as in Lucene and Anserini).

    Whoosh's own IDF, log(N / (df + 1)) + 1, is flat: words found in most articles still weigh
    almost as much as rare ones, which hurts natural-language queries.
    """

    def idf(self, searcher, fieldname, text):
        parent = searcher.get_parent()
        df = parent.doc_frequency(fieldname, text)
        n = parent.doc_count_all()
        return log(1 + (n - df + 0.5) / (df + 0.5))


def weighting() -> Weighting:
    """The ranking model: BM25F, k1 1.2 and b 0.75 (the textbook values)."""
    return Weighting(B=0.75, K1=1.2)


def storage(path: str) -> FileStorage:
    """The storage for one index version folder."""
    return FileStorage(path)


def create(path: str):
    """A new, empty Whoosh index in ``path``."""
    os.makedirs(path, exist_ok=True)
    return storage(path).create_index(make_schema(), indexname=INDEX_NAME)


def open_index(path: str):
    """Open the Whoosh index in ``path``; unreadable files become IndexCorrupt."""
    try:
        return storage(path).open_index(indexname=INDEX_NAME)
    except index.EmptyIndexError:
        raise IndexCorrupt(f"index at {path} has no table of contents") from None
    except (OSError, EOFError, ValueError, KeyError, IndexError) as exc:
        raise IndexCorrupt(f"index at {path} cannot be read: {exc}") from None


def generation(ix) -> int:
    """The index's commit generation (changes on every commit)."""
    return index.TOC._latest_generation(ix.storage, INDEX_NAME)


def facet_values(article: Article) -> dict[str, tuple[str, ...]]:
    """The values each facet counts for one article (officials by key)."""
    d = article.date
    return {
        "pair": article.country_pairs,
        "country": article.countries,
        "official": tuple(o.key for o in article.officials),
        "outlet": (article.outlet,) if article.outlet else (),
        "year": (f"{d.year:04d}",) if d else (),
        "month": (f"{d.year:04d}-{d.month:02d}",) if d else (),
    }


def encode_facets(values: dict[str, tuple[str, ...]]) -> bytes:
    """One column value holding every facet value of a document."""
    return _FS.join(_VS.join(values[f]) for f in FACET_FIELDS).encode("utf-8")


def decode_facets(raw: bytes) -> dict[str, list[str]]:
    """The inverse of encode_facets (an empty column value gives empty facets)."""
    parts = raw.decode("utf-8").split(_FS) if raw else []
    parts += [""] * (len(FACET_FIELDS) - len(parts))
    return {f: [v for v in p.split(_VS) if v] for f, p in zip(FACET_FIELDS, parts, strict=True)}


def record_of(article: Article) -> dict:
    """The Article as a JSON-ready dict (the schema of `show --format json` and `export`)."""
    return {
        "id": article.id,
        "path": article.path,
        "title": article.title,
        **extracted_fields(article),
        "content_hash": article.content_hash,
    }


def to_document(article: Article, analyzed: bool = False) -> dict:
    """The Whoosh document for one article; ``analyzed`` pre-computes the text postings (call it
    in a worker process: the result pickles)."""
    values = facet_values(article)
    doc = {
        "id": article.id,
        "path": article.path,
        "body": article.body,
        "hash": article.content_hash,
        "facets": encode_facets(values),
        "record": json.dumps(record_of(article), ensure_ascii=False),
        "outlet": ",".join(values["outlet"]),
        "country": ",".join(values["country"]),
        "pair": ",".join(values["pair"]),
        "official": ",".join(values["official"]),
    }
    if article.title:
        doc["title"] = article.title
    if analyzed:
        for name in ("title", "body"):
            if name in doc:
                doc[f"_stored_{name}"] = doc[name]
                doc[name] = pre_analyze(name, doc[name])
    if article.date:
        doc["date"] = dt.datetime(article.date.year, article.date.month, article.date.day)
        doc["day"] = article.date.strftime("%Y%m%d")
        doc["year"] = values["year"][0]
        doc["month"] = values["month"][0]
    return doc
