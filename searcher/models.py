"""The values that flow through the pipeline: raw document → cleaned article → article.

Every stage returns a new frozen value; no parse trees, file handles or CLI objects ride along.
The search side's values (options, hits, facets) are in ``search/results.py``, so a search never
builds these classes.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field


@dataclass(frozen=True)
class RawDocument:
    """One article as read from the corpus, before cleaning.

    ``id`` is the corpus-relative path (or ``path#record-id`` for a JSON Lines record);
    ``meta`` holds what the source itself says (a JSON Lines ``title``/``date``/``url``/``outlet``
    and ``source``/``site``/``publisher``) and ``folder_outlet``, the outlet the corpus's
    ``defsearch.toml`` gives the file's folder.
    """

    id: str
    path: str
    name: str
    data: bytes | str
    content_hash: str
    meta: tuple[tuple[str, str], ...] = ()

    def meta_value(self, key: str) -> str | None:
        """The source's own value for ``key``, if it gave one."""
        for k, v in self.meta:
            if k == key:
                return v
        return None


@dataclass(frozen=True)
class Removed:
    """A block the cleaner took out of the article, and why."""

    reason: str
    text: str


@dataclass(frozen=True)
class Hints:
    """Metadata found in boilerplate, handed from the cleaner to the extractor.

    Dates are ISO strings exactly as found (``2025-12-11``, ``2020-08-23T09:51``).
    """

    title: str | None = None  # a title the source states (JSON Lines `title`)
    meta_date: str | None = None  # HTML meta, <time>, JSON-LD, JSON Lines `date`
    header_date: str | None = None  # a leading ` date YYYY-MM-DD ` prefix
    article_clock: str | None = None  # the article's own clock line
    page_clocks: tuple[str, ...] = ()  # clock lines of the page (retrieval time)
    outlets: tuple[tuple[str, str], ...] = ()  # (outlet, where found): sign-off, dateline, meta, …
    byline: str | None = None
    dateline: str | None = None
    url: str | None = None


@dataclass(frozen=True)
class CleanedArticle:
    """What the cleaner returns: title, body paragraphs, every removal with its reason."""

    title: str | None
    paragraphs: tuple[str, ...]
    removed: tuple[Removed, ...] = ()
    hints: Hints = field(default_factory=Hints)
    kind: str = "text"  # "text" or "html"

    @property
    def body(self) -> str:
        """Paragraphs separated by blank lines."""
        return "\n\n".join(self.paragraphs)


@dataclass(frozen=True)
class Official:
    """A person named with a rank or an office."""

    name: str  # canonical form, with diacritics when the article has them
    key: str  # accent-free lower case: "phan van giang"
    title: str | None = None  # rank and office as written
    country: str | None = None  # ISO 3166-1 alpha-2


@dataclass(frozen=True)
class Event:
    """One contact an article reports (``extract/events.py``): who met whom, when, where, how.

    ``date`` is ISO (``2025-05-02``, ``2025-05``, ``2025``) or ``--05-02`` when the year is
    unknown, ``date_precision`` one of ``day``, ``month``, ``year``, ``month-day``, ``none``;
    ``pair`` is None for a multilateral event (``countries`` then lists its parties)."""

    event_id: str
    kind: str
    date: str | None
    date_precision: str
    city: str | None
    place_country: str | None
    participants: tuple[Official, ...]
    countries: tuple[str, ...]
    pair: str | None
    article_id: str
    evidence: str


@dataclass(frozen=True)
class Extraction:
    """The extractor's findings for one article."""

    date: dt.date | None = None
    date_source: str | None = None  # meta, header, clock, text; text-no-year when date is None
    outlet: str | None = None
    countries: tuple[str, ...] = ()
    country_pairs: tuple[str, ...] = ()
    officials: tuple[Official, ...] = ()
    date_partial: str | None = None  # "--07-28": the month and day of a date whose year is unknown
    # every outlet credited, ``outlet`` first: "— VNA/VNS" is VNA's story as Việt Nam News ran it
    outlets: tuple[str, ...] = ()


@dataclass(frozen=True)
class Article:
    """The record that is indexed: one article, cleaned and extracted."""

    id: str
    path: str
    title: str | None
    body: str
    date: dt.date | None
    date_source: str | None
    outlet: str | None
    countries: tuple[str, ...]
    country_pairs: tuple[str, ...]
    officials: tuple[Official, ...]
    content_hash: str
    date_partial: str | None = None
    outlets: tuple[str, ...] = ()  # every outlet credited, ``outlet`` first (a joint credit)


def extracted_fields(value: Article | Extraction) -> dict:
    """The extracted fields of an Article or an Extraction, JSON-ready (one shape everywhere)."""
    return {
        "date": value.date.isoformat() if value.date else None,
        "date_source": value.date_source,
        "date_partial": value.date_partial,
        "outlet": value.outlet,
        "countries": list(value.countries),
        "country_pairs": list(value.country_pairs),
        "officials": [
            {"name": o.name, "key": o.key, "title": o.title, "country": o.country}
            for o in value.officials
        ],
    }
