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
from collections.abc import Iterator

# isort: off
import searcher._whoosh  # noqa: F401  (Whoosh without urllib; must come first)

# isort: on
from whoosh import query as Q

from searcher import engine, store
from searcher.errors import BadQuery, IndexCorrupt, NotFound
from searcher.evaluate import Evaluator, top
from searcher.facets import FacetCounter
from searcher.query import country_variants, entity_boosts, filters, parse
from searcher.results import Facet, FacetCount, Hit, SearchOptions, SearchResult
from searcher.snippets import snippet

FACETS = engine.FACET_FIELDS
TEXT_FIELDS = ("title", "body")
_NO_DATE = 2**64 - 1  # the date column's value for an undated article


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
        self._evaluator = Evaluator(self._searcher)
        self._counter = FacetCounter(self._searcher)

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
        """The sync manifest: corpus folders, last sync time, document count."""
        if self._manifest is None:
            self._manifest = store.read_json(os.path.join(self.version, store.MANIFEST)) or {}
        return self._manifest

    @functools.cached_property
    def country_variants(self) -> dict[str, str]:
        """Country names, demonyms and codes → ISO code, for entity-aware ranking (none when the
        index has no countries: nothing to lift)."""
        labels = self.labels.get("country", {})
        return country_variants(labels) if labels else {}

    def label(self, facet: str, value: str) -> str:
        """The display label of a facet value (the value itself when there is none)."""
        return self.labels.get(facet, {}).get(value, value)

    # --- search ---------------------------------------------------------------------------

    def _queries(self, options: SearchOptions) -> tuple[Q.Query, Q.Query, Q.Query | None]:
        """(query to rank with, query that selects the same documents cheaply, filter)."""
        # (the searcher's schema: the index's property rereads the table of contents each time)
        q = parse(options.query, self._searcher.schema, options.any_word)
        ranked = q
        boosts = entity_boosts(options.query, self.country_variants)
        if boosts:  # with --any the country counts as one more word; otherwise it only ranks
            ranked = Q.Or([q, *boosts]) if options.any_word else Q.AndMaybe(q, Q.Or(boosts))
        matching = ranked if options.any_word else q
        return ranked, matching, filters(options, self.labels.get("official", {}))

    @_guarded
    def search(self, options: SearchOptions) -> SearchResult:
        """One page of hits, the exact total, and the requested facets over all matches: the
        query is evaluated once, and every count comes from that one set of matches."""
        for name in options.facets:
            if name not in FACETS:
                raise BadQuery(f"unknown facet {name!r}", hint="facets: " + ", ".join(FACETS))
        if options.sort not in ("relevance", "date", "-date"):
            raise BadQuery(f"unknown sort {options.sort!r}", hint="use relevance, date or -date")
        q, _selecting, fq = self._queries(options)
        scores = self._scores(options.query, q, fq)
        wanted = options.offset + options.limit
        if options.sort == "relevance":
            page = [d for d, _ in top(scores, wanted)][options.offset :]
        else:
            page = self._by_date(scores, options.sort == "-date")[options.offset : wanted]
        terms = self._terms(q) if options.snippets and page else frozenset()
        hits = tuple(self._hit(d, scores[d], terms, options.snippets) for d in page)
        facets = self._facets(options.facets, scores, options.facet_limit)
        suggestion = self.suggest(options.query) if not scores and options.query.strip() else None
        return SearchResult(options.query, len(scores), hits, facets, suggestion)

    def _scores(self, text: str, q: Q.Query, fq: Q.Query | None, scored: bool = True) -> dict:
        try:
            return self._evaluator.scores(q, fq, scored)
        except (ValueError, TypeError, OverflowError) as exc:
            raise BadQuery(f"query {text!r}: {exc}") from None

    def _by_date(self, scores: dict[int, float], newest_first: bool) -> list[int]:
        """Matches by date (undated last either way), then by score, then by docnum."""
        column = self._searcher.reader().column_reader("date", translate=False)
        dated, rest = [], []
        for d in scores:
            key = column[d]
            (rest if key == _NO_DATE else dated).append((key, d))
        sign = -1 if newest_first else 1
        dated.sort(key=lambda kd: (sign * kd[0], -scores[kd[1]], kd[1]))
        rest.sort(key=lambda kd: (-scores[kd[1]], kd[1]))
        return [d for _, d in dated + rest]

    def _terms(self, q: Q.Query) -> frozenset[str]:
        """The query's title and body terms (wildcards and ranges expanded from the index)."""
        reader = self._searcher.reader()
        found = set(q.iter_all_terms(phrases=True))
        for leaf in q.leaves() if not q.is_leaf() else [q]:
            if isinstance(leaf, Q.MultiTerm) and leaf.field() in TEXT_FIELDS:
                found.update(leaf.expanded_terms(reader))
        return frozenset(
            t.decode("utf-8") if isinstance(t, bytes) else t for f, t in found if f in TEXT_FIELDS
        )

    def _hit(self, docnum: int, score: float, terms: frozenset[str], snippets: bool) -> Hit:
        stored = self._searcher.stored_fields(docnum)
        record = json.loads(stored.get("record") or "{}")
        text = ""
        if snippets:
            body = stored.get("body") or ""
            text = snippet(body, terms) if terms else ""
            if not text:
                text = " ".join(body[:200].split())
        return Hit(
            id=stored["id"],
            path=stored.get("path") or stored["id"],
            title=record.get("title"),
            date=record.get("date"),
            outlet=record.get("outlet"),
            countries=tuple(record.get("countries", ())),
            country_pairs=tuple(record.get("country_pairs", ())),
            officials=tuple(o["name"] for o in record.get("officials", ())),
            score=round(float(score), 4),
            snippet=text,
        )

    # --- facets ---------------------------------------------------------------------------

    def _facets(
        self, names: tuple[str, ...], docnums, limit: int, by: str = "count"
    ) -> tuple[Facet, ...]:
        out = []
        for name, counts in self._counter.counts(docnums, names).items():
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
        docnums = self._scores(options.query, selecting, fq, scored=False)
        return self._facets((name,), docnums, options.facet_limit, by)[0]

    # --- suggestions ----------------------------------------------------------------------

    @_guarded
    def suggest(self, text: str) -> str | None:
        """A corrected query from the index vocabulary, when a word of it is unknown."""
        import re

        analyzer = self._searcher.schema["body"].analyzer
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
            if len(term) <= 2:  # folded and stemmed to almost nothing (``OEÐ`` → ``o``)
                continue
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
        return tuple(self._hit(h.docnum, h.score or 0.0, frozenset(), False) for h in results)

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
