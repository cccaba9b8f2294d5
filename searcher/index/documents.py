"""Articles → index documents: stored record, facet column value, pre-analysed text.

The index side of the engine (the writer and its worker processes use it); searches never import
it, so they never build the pipeline's classes.
"""

from __future__ import annotations

import datetime as dt
import json

from searcher.engine import FACET_FIELDS, FACET_SEP, pre_analyze
from searcher.extract.events import event_record, find_events
from searcher.index.stories import story_fields
from searcher.models import Article, extracted_fields
from searcher.text import accent_count


def outlets_of(article: Article) -> tuple[str, ...]:
    """Every outlet the article is credited to, ``outlet`` first (an Article built without
    ``outlets``: its one outlet)."""
    return article.outlets or ((article.outlet,) if article.outlet else ())


def facet_values(article: Article) -> dict[str, tuple[str, ...]]:
    """The values each facet counts for one article (officials by key)."""
    d = article.date
    return {
        "pair": article.country_pairs,
        "country": article.countries,
        "official": tuple(o.key for o in article.officials),
        "outlet": outlets_of(article),
        "year": (f"{d.year:04d}",) if d else (),
        "month": (f"{d.year:04d}-{d.month:02d}",) if d else (),
    }


def encode_facets(values: dict[str, tuple[str, ...]]) -> bytes:
    """One column value holding every facet value of a document, each tagged with its facet."""
    tagged = [f"{i}{v}" for i, name in enumerate(FACET_FIELDS) for v in values[name]]
    return FACET_SEP.join(v.encode("utf-8") for v in tagged)


def record_of(article: Article) -> dict:
    """The Article as a JSON-ready dict (the schema of `show --format json` and `export`)."""
    return {
        "id": article.id,
        "path": article.path,
        "title": article.title,
        **extracted_fields(article),
        # every outlet credited (a joint "VNA/VNS" credit: both), ``outlet`` first
        "outlets": list(outlets_of(article)),
        "content_hash": article.content_hash,
    }


def to_document(article: Article, analyzed: bool = False) -> dict[str, object]:
    """The Whoosh document for one article; ``analyzed`` pre-computes the text postings (call it
    in a worker process: the result pickles)."""
    values = facet_values(article)
    doc: dict[str, object] = {
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
    doc.update(event_fields(article))
    doc.update(story_fields(article.body, article.date))
    if analyzed:
        for name in ("title", "body"):
            if name in doc:
                text = doc[name]
                assert isinstance(text, str)  # (the article's title or body)
                doc[f"_stored_{name}"] = text
                doc[name] = pre_analyze(name, text)
    if article.date:
        doc["date"] = dt.datetime(article.date.year, article.date.month, article.date.day)
        doc["day"] = article.date.strftime("%Y%m%d")
        doc["year"] = values["year"][0]
        doc["month"] = values["month"][0]
    return doc


def event_fields(article: Article) -> dict[str, str]:
    """The article's events as stored JSON and their keyword fields (none when it reports no
    contact)."""
    events = find_events(article)
    if not events:
        return {}
    return {
        "events": json.dumps([event_record(e) for e in events], ensure_ascii=False),
        "event_kind": ",".join(sorted({e.kind for e in events})),
        "event_pair": ",".join(sorted({e.pair for e in events if e.pair})),
        "event_country": ",".join(sorted({c for e in events for c in e.countries})),
        "event_official": ",".join(sorted({o.key for e in events for o in e.participants})),
    }


def add_labels(labels: dict[str, dict[str, str]], article: Article) -> None:
    """Record the display labels of an article's facet values (country and pair names, the
    best-accented spelling of each official's name)."""
    from searcher.extract.countries import name_of, pair_label

    for code in article.countries:
        labels.setdefault("country", {})[code] = name_of(code)
    for pair in article.country_pairs:
        labels.setdefault("pair", {})[pair] = pair_label(pair)
    for o in article.officials:
        merge_labels(labels, {"official": {o.key: o.name}})
    for outlet in outlets_of(article):
        labels.setdefault("outlet", {})[outlet] = outlet


def merge_labels(into: dict[str, dict[str, str]], new: dict[str, dict[str, str]]) -> None:
    """Add ``new`` labels to ``into``; an official keeps the spelling with the most accents."""
    for facet, values in new.items():
        merged = into.setdefault(facet, {})
        for key, label in values.items():
            if (
                facet != "official"
                or key not in merged
                or accent_count(label) > accent_count(merged[key])
            ):
                merged[key] = label
