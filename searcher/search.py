"""Searching an index: hits with snippets, facet counts over every match, show, similar, export.

``Index`` opens the live version once and answers many calls (batch mode pays start-up once).
"""

from __future__ import annotations

import functools
import json
import os
import pickle
import struct
import zlib
from collections import Counter
from collections.abc import Iterator

# isort: off
import searcher._whoosh  # noqa: F401  (Whoosh without urllib; must come first)

# isort: on
from whoosh import highlight
from whoosh import query as Q

from searcher import engine, store
from searcher.errors import BadQuery, IndexCorrupt, NotFound
from searcher.models import Facet, FacetCount, Hit, SearchOptions, SearchResult
from searcher.query import entity_boosts, filters, parse

FACETS = engine.FACET_FIELDS
MARK_START, MARK_END = "\x02", "\x03"
SNIPPET_WINDOW = 6000


class _Marker(highlight.Formatter):
    """Wrap matched terms in \\x02 … \\x03; output.py turns them into colour or nothing."""

    between = " … "

    def format_token(self, text, token, replace=False):
        return f"{MARK_START}{highlight.get_text(text, token, replace)}{MARK_END}"


_DAMAGE = (struct.error, EOFError, OSError, zlib.error, pickle.UnpicklingError, UnicodeDecodeError,
           IndexError, KeyError)  # fmt: skip


def _damaged(index_dir: str, exc: Exception) -> IndexCorrupt:
    """The one error a damaged index file becomes (its hint says to rebuild)."""
    return IndexCorrupt(f"index at {index_dir} cannot be read: {type(exc).__name__}: {exc}")


def _guarded(method):
    """Damaged index files surface as one IndexCorrupt error (with the --rebuild hint)."""

    @functools.wraps(method)
    def wrapper(self, *args, **kwargs):
        try:
            return method(self, *args, **kwargs)
        except _DAMAGE as exc:
            raise _damaged(self.index_dir, exc) from None

    return wrapper


class Index:
    """An open index for reading. Use as a context manager, or call ``close()``."""

    def __init__(self, index_dir: str) -> None:
        self.index_dir = index_dir
        for attempt in range(3):  # CURRENT may be swapped by a rebuild while we open
            self.version = store.require_version(index_dir)
            try:
                self._ix = engine.open_index(self.version)
                self._searcher = self._ix.searcher(weighting=engine.weighting())
                break
            except _DAMAGE as exc:
                if attempt == 2 or store.current_version(index_dir) == self.version:
                    raise _damaged(index_dir, exc) from None
            except IndexCorrupt:
                if attempt == 2 or store.current_version(index_dir) == self.version:
                    raise
        self._labels: dict | None = None
        self._manifest: dict | None = None

    def __enter__(self) -> Index:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def close(self) -> None:
        """Release the searcher's files."""
        self._searcher.close()

    @property
    def labels(self) -> dict[str, dict[str, str]]:
        """Display labels written at index time (pair and country names, official names)."""
        if self._labels is None:
            self._labels = store.read_json(os.path.join(self.version, store.LABELS)) or {}
        return self._labels

    @property
    def manifest(self) -> dict:
        """The sync manifest: corpus folders, files, last sync time."""
        if self._manifest is None:
            self._manifest = store.read_json(os.path.join(self.version, store.MANIFEST)) or {}
        return self._manifest

    def label(self, facet: str, value: str) -> str:
        """The display label of a facet value (the value itself when there is none)."""
        return self.labels.get(facet, {}).get(value, value)

    # --- search ---------------------------------------------------------------------------

    def _queries(self, options: SearchOptions) -> tuple[Q.Query, Q.Query, Q.Query | None]:
        """(query to rank with, query that selects the same documents cheaply, filter)."""
        q = parse(options.query, self._ix.schema, options.any_word)
        ranked = q
        boosts = entity_boosts(options.query, self.labels.get("country", {}))
        if boosts:  # with --any the country counts as one more word; otherwise it only ranks
            ranked = Q.Or([q, *boosts]) if options.any_word else Q.AndMaybe(q, Q.Or(boosts))
        matching = ranked if options.any_word else q
        return ranked, matching, filters(options, self.labels.get("official", {}))

    @_guarded
    def search(self, options: SearchOptions) -> SearchResult:
        """One page of hits, the exact total, and the requested facets over all matches."""
        for name in options.facets:
            if name not in FACETS:
                raise BadQuery(f"unknown facet {name!r}", hint="facets: " + ", ".join(FACETS))
        q, selecting, fq = self._queries(options)
        s = self._searcher
        wanted = options.offset + options.limit
        kwargs: dict = {"limit": max(wanted, 1), "filter": fq}
        if options.sort in ("date", "-date"):
            kwargs.update(sortedby="date", reverse=options.sort == "-date")
        elif options.sort != "relevance":
            raise BadQuery(f"unknown sort {options.sort!r}", hint="use relevance, date or -date")
        try:
            results = s.search(q, **kwargs)
            docnums = self._matching(selecting, fq)
        except (ValueError, TypeError, OverflowError) as exc:
            raise BadQuery(f"query {options.query!r}: {exc}") from None
        if options.snippets:
            results.fragmenter = highlight.ContextFragmenter(maxchars=220, surround=70)
            results.formatter = _Marker()
        hits = tuple(self._hit(h, options.snippets) for h in results[options.offset : wanted])
        facets = self._facets(options.facets, docnums, options.facet_limit)
        suggestion = self.suggest(options.query) if not docnums and options.query.strip() else None
        return SearchResult(options.query, len(docnums), hits, facets, suggestion)

    def _matching(self, q: Q.Query, fq: Q.Query | None) -> list[int]:
        full = q if fq is None else Q.And([q, fq])
        return sorted(set(self._searcher.docs_for_query(full)))

    def _hit(self, hit, snippets: bool) -> Hit:
        stored = hit.fields()
        record = json.loads(stored.get("record") or "{}")
        snippet = ""
        if snippets:
            body = stored.get("body") or ""
            try:  # the first part of the article is where a snippet is wanted, and is cheap
                snippet = hit.highlights("body", text=body[:SNIPPET_WINDOW], top=2) or ""
            except (ValueError, KeyError, IndexError):
                snippet = ""
            if not snippet:
                snippet = " ".join(body[:200].split())
        return Hit(
            id=stored["id"],
            path=stored.get("path") or stored["id"],
            title=record.get("title"),
            date=record.get("date"),
            outlet=record.get("outlet"),
            countries=tuple(record.get("countries", ())),
            country_pairs=tuple(record.get("country_pairs", ())),
            officials=tuple(o["name"] for o in record.get("officials", ())),
            score=round(float(hit.score or 0.0), 4),
            snippet=snippet,
        )

    # --- facets ---------------------------------------------------------------------------

    def _facet_counts(self, docnums: list[int], names: tuple[str, ...]) -> dict[str, Counter[str]]:
        """Counts for several facets in one pass over the matching documents' facet column."""
        positions = [(name, FACETS.index(name)) for name in names]
        counts: dict[str, Counter[str]] = {name: Counter() for name in names}
        if not positions:
            return counts
        column = self._searcher.reader().column_reader("facets")
        fs, vs = engine._FS.encode(), engine._VS.encode()
        for d in docnums:
            raw = column[d]
            if not raw:
                continue
            parts = raw.split(fs)
            for name, position in positions:
                if position < len(parts) and parts[position]:
                    counts[name].update(parts[position].split(vs))
        return counts

    def _facets(
        self, names: tuple[str, ...], docnums: list[int], limit: int, by: str = "count"
    ) -> tuple[Facet, ...]:
        out = []
        for name, raw_counts in self._facet_counts(docnums, names).items():
            counts = {v.decode("utf-8"): n for v, n in raw_counts.items()}
            if by == "value":
                items = sorted(counts.items())
            else:
                items = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))
            shown = items if limit <= 0 else items[:limit]
            results = tuple(FacetCount(v, self.label(name, v), n) for v, n in shown)
            out.append(Facet(name, results, truncated=len(shown) < len(items)))
        return tuple(out)

    @_guarded
    def facet(self, name: str, options: SearchOptions, by: str = "count") -> Facet:
        """Every value of one facet over the query's matches (``limit`` 0 means all)."""
        if name not in FACETS:
            raise BadQuery(f"unknown facet {name!r}", hint="facets: " + ", ".join(FACETS))
        if by not in ("count", "value"):
            raise BadQuery(f"unknown order {by!r}", hint="use count or value")
        _ranked, selecting, fq = self._queries(options)
        return self._facets((name,), self._matching(selecting, fq), options.facet_limit, by)[0]

    # --- suggestions ----------------------------------------------------------------------

    @_guarded
    def suggest(self, text: str) -> str | None:
        """A corrected query from the index vocabulary, when a word of it is unknown."""
        import re

        analyzer = self._ix.schema["body"].analyzer
        reader = self._searcher.reader()
        changed = False
        out = text
        for word in set(re.findall(r"(?<![\w:])[^\W\d_]{3,}\b(?!:)", text)):
            if word in ("AND", "OR", "NOT"):
                continue
            tokens = [t.text for t in analyzer(word)]
            if len(tokens) != 1 or reader.doc_frequency("body", tokens[0]) > 0:
                continue
            term = tokens[0].lower()
            maxdist = 1 if len(term) <= 5 else 2
            candidates = list(reader.terms_within("body", term, maxdist, prefix=2))
            if not candidates:
                continue
            best = max(candidates, key=lambda t: reader.doc_frequency("body", t))
            out = re.sub(rf"\b{re.escape(word)}\b", best, out)
            changed = True
        return out if changed else None

    # --- single documents -----------------------------------------------------------------

    def _docnum(self, doc_id: str) -> int:
        docnum = self._searcher.document_number(id=doc_id)
        if docnum is None:
            raise NotFound(f"no article with id {doc_id!r} in the index")
        return docnum

    @_guarded
    def get(self, doc_id: str) -> dict:
        """The stored record of one article plus its cleaned body."""
        stored = self._searcher.stored_fields(self._docnum(doc_id))
        record = json.loads(stored.get("record") or "{}")
        record["body"] = stored.get("body") or ""
        return record

    @_guarded
    def similar(self, doc_id: str, limit: int = 10) -> tuple[Hit, ...]:
        """Articles most like one article (its key terms, BM25)."""
        docnum = self._docnum(doc_id)
        body = self._searcher.stored_fields(docnum).get("body") or ""
        results = self._searcher.more_like(docnum, "body", text=body, top=limit, numterms=15)
        return tuple(self._hit(h, snippets=False) for h in results)

    @_guarded
    def export(self) -> Iterator[dict]:
        """Every indexed article's record with its body, in id order (streamed)."""
        reader = self._searcher.reader()
        order = sorted((reader.stored_fields(d)["id"], d) for d in reader.all_doc_ids())
        return self._records(reader, [d for _, d in order])

    def _records(self, reader, docnums: list[int]) -> Iterator[dict]:
        for docnum in docnums:
            try:
                stored = reader.stored_fields(docnum)
            except _DAMAGE as exc:
                raise _damaged(self.index_dir, exc) from None
            record = json.loads(stored.get("record") or "{}")
            record["body"] = stored.get("body") or ""
            yield record

    @_guarded
    def stats(self) -> dict:
        """Document count, date range, size on disk, corpus and last sync."""
        s = self._searcher
        years = sorted(t.decode() for t in s.reader().lexicon("day")) if s.doc_count() else []
        size = sum(
            os.path.getsize(os.path.join(self.version, f))
            for f in os.listdir(self.version)
            if os.path.isfile(os.path.join(self.version, f))
        )
        fmt = lambda d: f"{d[:4]}-{d[4:6]}-{d[6:]}"  # noqa: E731
        return {
            "documents": s.doc_count(),
            "date_min": fmt(years[0]) if years else None,
            "date_max": fmt(years[-1]) if years else None,
            "index": os.path.abspath(self.index_dir),
            "index_bytes": size,
            "corpus": self.manifest.get("corpus", []),
            "last_sync": self.manifest.get("synced"),
        }
