"""Searching an index: hits with snippets, facet counts over every match, show, similar, export.

``Index`` opens the live version once and answers many calls (batch mode pays start-up once).
"""

from __future__ import annotations

import datetime as dt
import functools
import json
import os
import pickle
import struct
import zlib
from collections import Counter
from collections.abc import Iterator
from typing import TYPE_CHECKING

from searcher.engine import FACET_FIELDS, Query, top
from searcher.engine import queries as Q
from searcher.engine.reader import Reader
from searcher.errors import BadQuery, IndexCorrupt, NotFound
from searcher.index import store, synclog
from searcher.search.collapse import Stories
from searcher.search.facets import FacetCounter, top_values
from searcher.search.query import (
    country_variants,
    entity_boosts,
    filters,
    parse_parts,
    request_weighted,
    split_minus,
)
from searcher.search.results import (
    Bucket,
    Facet,
    FacetCount,
    Hit,
    SearchOptions,
    SearchResult,
    Timeline,
    Version,
)
from searcher.search.snippets import lede, snippet
from searcher.search.suggest import suggestion

if TYPE_CHECKING:
    from collections.abc import Callable, Collection, Iterable
    from typing import Concatenate, ParamSpec, TypeVar

    P = ParamSpec("P")
    R = TypeVar("R")

FACETS = FACET_FIELDS
TEXT_FIELDS = ("title", "body")
_NO_DATE = 2**64 - 1  # the date column's value for an undated article
SYNCS_SHOWN = 5  # the last syncs `defsearch stats` lists (their numbers serve --changed-since)


_DAMAGE = (struct.error, EOFError, OSError, zlib.error, pickle.UnpicklingError, UnicodeDecodeError,
           IndexError, KeyError)  # fmt: skip


def _damaged(index_dir: str, exc: Exception) -> IndexCorrupt:
    """The one error a damaged index file becomes (its hint says to rebuild)."""
    return IndexCorrupt(f"index at {index_dir} cannot be read: {type(exc).__name__}: {exc}")


def _guarded(method: Callable[Concatenate[Index, P], R]) -> Callable[Concatenate[Index, P], R]:
    """Damaged index files surface as one IndexCorrupt error (with the --rebuild hint)."""

    @functools.wraps(method)
    def wrapper(self: Index, *args: P.args, **kwargs: P.kwargs) -> R:
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
                self._reader = Reader(self.version)
                break
            except _DAMAGE as exc:
                if attempt == 2 or store.current_version(index_dir) == self.version:
                    raise _damaged(index_dir, exc) from None
            except IndexCorrupt:
                if attempt == 2 or store.current_version(index_dir) == self.version:
                    raise
        self._labels: dict | None = None
        self._manifest: dict | None = None
        self._counter = FacetCounter(self._reader)
        self._stories = Stories(self._reader)
        self._only: Query | None = None  # (``restrict``)
        self._spellings = self._reader.spellings()  # how the index analysed British spellings

    def __enter__(self) -> Index:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        """Release the index's files."""
        self._reader.close()

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

    def _queries(self, options: SearchOptions) -> tuple[Query, Query, Query | None]:
        """(query to rank with, query that selects the same documents cheaply, filter)."""
        q, excluded = parse_parts(options.query, self._reader.schema, options.any_word)
        if options.any_word:  # a long request's asking words rank below its topic's
            q = request_weighted(q, self._spellings)
        # with --any a country named counts as one more word; otherwise it only ranks (and a
        # country excluded, ``-Japan``, does neither)
        boosts = entity_boosts(split_minus(options.query)[0], self.country_variants)
        ranked = Q.ranked_by(q, boosts, options.any_word)
        matching = ranked if options.any_word else q
        if excluded is not None:  # (after the boosts: with --any they could match alone)
            ranked, matching = Q.excluding(ranked, excluded), Q.excluding(matching, excluded)
        return ranked, matching, self._restricted(filters(options, self.labels))

    def _restricted(self, fq: Query | None) -> Query | None:
        """``fq`` and the ids ``restrict`` allows (when it was called)."""
        if self._only is None:
            return fq
        return self._only if fq is None else Q.all_of([fq, self._only])

    def restrict(self, ids: Collection[str]) -> None:
        """Limit every later search, count and timeline to the articles with these ids (as
        ``search --new``: a filter query over the id field, the schema unchanged)."""
        self._only = Q.any_of([Q.term("id", i) for i in sorted(ids)]) if ids else Q.nothing()

    @_guarded
    def search(self, options: SearchOptions) -> SearchResult:
        """One page of hits, the exact total, and the requested facets over all matches: the
        query is evaluated once, and every count comes from that one set of matches.

        ``limit`` 0 asks for every match from ``offset`` on: the hits are then an iterator
        that reads each article as it is asked for, so memory does not grow with the hits
        written (only the match set and its order are held)."""
        for name in options.facets:
            if name not in FACETS:
                raise BadQuery(f"unknown facet {name!r}", hint="facets: " + ", ".join(FACETS))
        if options.sort not in ("relevance", "date", "-date"):
            raise BadQuery(f"unknown sort {options.sort!r}", hint="use relevance, date or -date")
        if options.count_by not in ("articles", "stories"):
            raise BadQuery(f"unknown count {options.count_by!r}", hint="use articles or stories")
        q, _selecting, fq = self._queries(options)
        by_score = options.sort == "relevance" and options.count_by == "articles"
        if options.limit and by_score and not options.collapse:
            return self._ranked(options, q, fq)  # (a page by score: not every match scored)
        scores = self._scores(options.query, q, fq)
        story_of = None  # (each match → its story's key: the smallest docnum of its versions)
        if options.collapse or options.count_by == "stories":
            story_of = self._stories.groups(scores)
        order = self._order(scores, options, story_of if options.collapse else None)
        terms = (
            self._reader.query_terms(q, TEXT_FIELDS) if options.snippets and order else frozenset()
        )
        by_story = story_of if options.count_by == "stories" else None
        facets = self._facets(options.facets, scores, options.facet_limit, stories=by_story)
        suggestion = self.suggest(options.query) if not scores and options.query.strip() else None
        hits: tuple[Hit, ...] | Iterator[Hit]
        if options.limit:
            hits = tuple(
                self._hit(d, scores[d], terms, options.snippets, options.collapse) for d in order
            )
        else:
            hits = self._stream(order, scores, terms, options.snippets, options.collapse)
        stories = len(set(story_of.values())) if story_of is not None else None
        return SearchResult(options.query, len(scores), hits, facets, suggestion, stories)

    def _ranked(self, options: SearchOptions, q: Query, fq: Query | None) -> SearchResult:
        """``search`` of a page by relevance, counted by article: the page's scores only (the
        matches are all counted, but not all scored where a bound rules them out)."""
        try:
            matches, best = self._reader.ranked(q, fq, options.offset + options.limit)
        except (ValueError, TypeError, OverflowError) as exc:
            raise BadQuery(f"query {options.query!r}: {exc}") from None
        shown = best[options.offset :]
        terms = (
            self._reader.query_terms(q, TEXT_FIELDS) if options.snippets and shown else frozenset()
        )
        facets = self._facets(options.facets, matches, options.facet_limit)
        suggestion = self.suggest(options.query) if not matches and options.query.strip() else None
        hits = tuple(self._hit(d, s, terms, options.snippets) for d, s in shown)
        return SearchResult(options.query, len(matches), hits, facets, suggestion, None)

    def _order(
        self,
        scores: dict[int, float],
        options: SearchOptions,
        stories: dict[int, int] | None = None,
    ) -> list[int]:
        """The document numbers of the page asked for (``limit`` 0: every match from
        ``offset``), in the order asked for; with ``stories`` (--collapse), the first match of
        each story only."""
        stop = options.offset + options.limit if options.limit else None
        if stories is not None:
            seen: set[int] = set()
            first = []
            for d in self._order(scores, options._replace(limit=0, offset=0)):
                if stories[d] not in seen:
                    seen.add(stories[d])
                    first.append(d)
            return first[options.offset : stop]
        if options.sort == "relevance":
            if stop is not None:
                return [d for d, _ in top(scores, stop)][options.offset :]
            # (the same order as ``top``: highest score first, ties by docnum)
            ranked = sorted(scores, key=lambda d: (-scores[d], d))
            return ranked[options.offset :]
        return self._by_date(scores, options.sort == "-date")[options.offset : stop]

    def _stream(
        self,
        order: list[int],
        scores: dict[int, float],
        terms: frozenset[str],
        snippets: bool,
        versions: bool = False,
    ) -> Iterator[Hit]:
        for d in order:
            try:
                yield self._hit(d, scores[d], terms, snippets, versions)
            except _DAMAGE as exc:  # (read as it streams: outside ``search``'s guard)
                raise _damaged(self.index_dir, exc) from None

    def _scores(self, text: str, q: Query, fq: Query | None, scored: bool = True) -> dict:
        try:
            return self._reader.scores(q, fq, scored)
        except (ValueError, TypeError, OverflowError) as exc:
            raise BadQuery(f"query {text!r}: {exc}") from None

    def _by_date(self, scores: dict[int, float], newest_first: bool) -> list[int]:
        """Matches by date (undated last either way), then by score, then by docnum."""
        column = self._reader.column("date")
        dated: list[tuple[int, int]] = []  # (date key, docnum)
        rest: list[tuple[int, int]] = []
        for d in scores:
            key = column[d]
            (rest if key == _NO_DATE else dated).append((key, d))
        sign = -1 if newest_first else 1
        dated.sort(key=lambda kd: (sign * kd[0], -scores[kd[1]], kd[1]))
        rest.sort(key=lambda kd: (-scores[kd[1]], kd[1]))
        return [d for _, d in dated + rest]

    def _hit(
        self,
        docnum: int,
        score: float,
        terms: frozenset[str],
        snippets: bool,
        versions: bool = False,
    ) -> Hit:
        stored = self._reader.stored(docnum)
        record = json.loads(stored.get("record") or "{}")
        text = ""
        if snippets:
            body = stored.get("body") or ""
            text = snippet(body, terms, spellings=self._spellings) if terms else ""
            if not text:
                text = " ".join(body[:200].split())
                if len(body) > 200:
                    text += " …"
        title = record.get("title")
        if versions:  # (--collapse: the story's other versions and the outlets of all)
            others = self._versions(docnum)[1:]
            outlets = [record.get("outlet")] + [v.outlet for v in others]
            story = {
                "versions": tuple(v.id for v in others),
                "outlets": tuple(dict.fromkeys(o for o in outlets if o)),
            }
        else:
            story = {}
        return Hit(
            id=stored["id"],
            path=stored.get("path") or stored["id"],
            title=title,
            date=record.get("date"),
            outlet=record.get("outlet"),
            countries=tuple(record.get("countries", ())),
            country_pairs=tuple(record.get("country_pairs", ())),
            officials=tuple(o["name"] for o in record.get("officials", ())),
            score=round(float(score), 4),
            snippet=text,
            lede=None if title else lede(stored.get("body") or "") or None,
            **story,
        )

    def _versions(self, docnum: int) -> list[Version]:
        out = []
        for d in self._stories.versions(docnum):
            stored = self._reader.stored(d)
            record = json.loads(stored.get("record") or "{}")
            out.append(Version(stored["id"], record.get("date"), record.get("outlet"),
                               record.get("title")))  # fmt: skip
        return out

    @_guarded
    def versions(self, doc_id: str) -> tuple[Version, ...]:
        """The versions of the article's story (itself first): the near-duplicates of it in the
        index, and theirs (``index/stories.py``'s rule)."""
        return tuple(self._versions(self._docnum(doc_id)))

    # --- facets ---------------------------------------------------------------------------

    def _facets(
        self,
        names: tuple[str, ...],
        docnums: Collection[int],
        limit: int,
        by: str = "count",
        stories: dict[int, int] | None = None,
    ) -> tuple[Facet, ...]:
        out = []
        if by == "count" and stories is None:
            tops = self._counter.top(docnums, names, limit)
            if tops is not None:
                for name, (shown, distinct) in tops.items():
                    results = tuple(FacetCount(v, self.label(name, v), n) for v, n in shown)
                    out.append(Facet(name, results, truncated=len(shown) < distinct))
                return tuple(out)
        for name, counts in self._counter.counts(docnums, names, stories).items():
            shown = top_values(counts, limit, by)
            results = tuple(FacetCount(v, self.label(name, v), n) for v, n in shown)
            out.append(Facet(name, results, truncated=len(shown) < len(counts)))
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
        stories = self._story_of(docnums, options)  # (--count stories: a story counts once)
        return self._facets((name,), docnums, options.facet_limit, by, stories=stories)[0]

    def _story_of(self, docnums: Collection[int], options: SearchOptions) -> dict[int, int] | None:
        """Each match → its story's key, when ``options`` count stories (else None)."""
        if options.count_by not in ("articles", "stories"):
            raise BadQuery(f"unknown count {options.count_by!r}", hint="use articles or stories")
        return self._stories.groups(docnums) if options.count_by == "stories" else None

    @_guarded
    def timeline(self, options: SearchOptions) -> Timeline:
        """The query's matches over time: by day for a span of up to DAYS_UP_TO days, by
        month up to MONTHS_UP_TO months, else by year; every period between the first dated
        match and the last (zeros too), and how many matches have no date."""
        _ranked, selecting, fq = self._queries(options)
        docnums = self._scores(options.query, selecting, fq, scored=False)
        story_of = self._story_of(docnums, options)
        if story_of is not None:  # (--count stories: a story once in each period it is in)
            return _story_timeline(docnums, self._reader.dates(docnums), story_of)
        counts: Counter[dt.date] = Counter()
        undated = 0
        for day in self._reader.dates(docnums):
            if day is None:
                undated += 1
            else:
                counts[day] += 1
        return Timeline(*_buckets(counts), undated=undated, total=len(docnums))

    # --- suggestions ----------------------------------------------------------------------

    @_guarded
    def suggest(self, text: str) -> str | None:
        """A corrected query from the index vocabulary, when a word of it is unknown."""
        return suggestion(self._reader, text)

    # --- single documents -----------------------------------------------------------------

    def _docnum(self, doc_id: str) -> int:
        docnum = self._reader.docnum(doc_id)
        if docnum is None:
            raise NotFound(f"no article with id {doc_id!r} in the index")
        return docnum

    @_guarded
    def has(self, doc_id: str) -> bool:
        """Whether an article with this id is in the index."""
        return self._reader.docnum(doc_id) is not None

    @_guarded
    def get(self, doc_id: str) -> dict:
        """The stored record of one article plus its cleaned body."""
        stored = self._reader.stored(self._docnum(doc_id))
        record = json.loads(stored.get("record") or "{}")
        record["body"] = stored.get("body") or ""
        return record

    @_guarded
    def similar(self, doc_id: str, limit: int = 10) -> tuple[Hit, ...]:
        """Articles most like one article (its key terms, BM25)."""
        docnum = self._docnum(doc_id)
        body = self._reader.stored(docnum).get("body") or ""
        similar, terms = self._reader.more_like(docnum, "body", body, limit)
        # (snippets where the key terms the articles share are)
        return tuple(self._hit(d, score, terms, True) for d, score in similar)

    @_guarded
    def export(self) -> Iterator[dict]:
        """Every indexed article's record with its body, in id order (streamed)."""
        reader = self._reader
        order = sorted((reader.stored(d)["id"], d) for d in reader.docnums())
        return self._records([d for _, d in order])

    @_guarded
    def stored_matching(self, text: str, extra: Query | None) -> Iterator[dict]:
        """The stored fields of every article matching the query ``text`` (every article when
        empty) and the ``extra`` filter, in document order (``search/events.py`` reads their
        events)."""
        q, excluded = parse_parts(text, self._reader.schema)
        if excluded is not None:
            q = Q.excluding(q, excluded)
        docnums = sorted(self._scores(text, q, self._restricted(extra), scored=False))
        return self._stored(docnums)

    def _stored(self, docnums: list[int]) -> Iterator[dict]:
        for docnum in docnums:
            try:
                yield self._reader.stored(docnum)
            except _DAMAGE as exc:  # (read as it streams: outside the guard)
                raise _damaged(self.index_dir, exc) from None

    def _records(self, docnums: list[int]) -> Iterator[dict]:
        for docnum in docnums:
            try:
                stored = self._reader.stored(docnum)
            except _DAMAGE as exc:
                raise _damaged(self.index_dir, exc) from None
            record = json.loads(stored.get("record") or "{}")
            record["body"] = stored.get("body") or ""
            yield record

    @_guarded
    def stats(self) -> dict:
        """Document count, date range (and how many articles have no date), size on disk in
        bytes, corpus and last sync."""
        count = self._reader.doc_count()
        days = sorted(self._reader.terms("day")) if count else []
        size = sum(
            os.path.getsize(os.path.join(self.version, f))
            for f in os.listdir(self.version)
            if os.path.isfile(os.path.join(self.version, f))
        )
        fmt = lambda d: f"{d[:4]}-{d[4:6]}-{d[6:]}"  # noqa: E731
        undated = sum(1 for day in self._reader.dates(self._reader.docnums()) if day is None)
        return {
            "documents": count,
            "date_min": fmt(days[0]) if days else None,
            "date_max": fmt(days[-1]) if days else None,
            "undated": undated,
            "index": os.path.abspath(self.index_dir),
            "index_bytes": size,
            "corpus": self.manifest.get("corpus", []),
            "last_sync": self.manifest.get("synced"),
            "syncs": [e.as_json() for e in synclog.read(self.version)[-SYNCS_SHOWN:]],
        }


DAYS_UP_TO = 45  # a timeline spanning at most this many days has a bar per day
MONTHS_UP_TO = 48  # … at most this many months, a bar per month; longer, a bar per year


def _buckets(
    counts: Counter[dt.date], stories: dict[dt.date, set[int]] | None = None
) -> tuple[str, tuple[Bucket, ...]]:
    """(unit, every period from the first day in ``counts`` to the last with its count);
    with ``stories`` (each day's story keys), a period counts its distinct stories."""
    if not counts:
        return "month", ()
    first, last = min(counts), max(counts)
    months = (last.year - first.year) * 12 + last.month - first.month + 1
    if (last - first).days < DAYS_UP_TO:
        days = (first + dt.timedelta(n) for n in range((last - first).days + 1))
        return "day", tuple(Bucket(d.isoformat(), counts[d]) for d in days)
    by: Counter[str] = Counter()
    unit = "month" if months <= MONTHS_UP_TO else "year"
    seen: dict[str, set[int]] = {}
    for day, n in counts.items():
        period = f"{day.year:04d}-{day.month:02d}" if unit == "month" else f"{day.year:04d}"
        if stories is None:
            by[period] += n
        else:
            seen.setdefault(period, set()).update(stories[day])
    by.update({period: len(keys) for period, keys in seen.items()})
    if unit == "year":
        periods = [f"{y:04d}" for y in range(first.year, last.year + 1)]
    else:
        periods = [
            f"{y:04d}-{m:02d}"
            for y in range(first.year, last.year + 1)
            for m in range(1, 13)
            if (first.year, first.month) <= (y, m) <= (last.year, last.month)
        ]
    return unit, tuple(Bucket(p, by[p]) for p in periods)


def _story_timeline(
    docnums: Iterable[int], dates: Iterable[dt.date | None], story_of: dict[int, int]
) -> Timeline:
    """The timeline of stories: each once in every period one of its matching versions is
    dated in; undated, the stories none of whose matching versions has a date."""
    days: dict[dt.date, set[int]] = {}
    dated: set[int] = set()
    every: set[int] = set()
    for docnum, day in zip(docnums, dates, strict=True):
        key = story_of[docnum]
        every.add(key)
        if day is not None:
            days.setdefault(day, set()).add(key)
            dated.add(key)
    counts = Counter({day: len(keys) for day, keys in days.items()})
    return Timeline(*_buckets(counts, days), undated=len(every - dated), total=len(every))
