"""The extractor: date and its source, countries, country pairs, officials and outlet.

``extract(cleaned)`` reads only the cleaned article (title, body, hints) and, for officials and
dates, the captions of its own photos, never the raw page: teasers about other stories the
cleaner removed can never leak into a facet.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import replace

from searcher.extract import countries, officials, vietnamese
from searcher.extract.dates import find_dated
from searcher.extract.outlets import VIETNAMESE, find_outlets
from searcher.extract.pairs import find_pairs
from searcher.models import CleanedArticle, Extraction

__all__ = ["extract"]


def _all_caps(text: str) -> bool:
    """All-caps copy (wire text, old archives): title-cased before matching, ``VIET NAM``."""
    return text[:2000].isupper()


def _case_for_matching(text: str) -> str:
    return text.title() if _all_caps(text) else text


def _body_counts(cleaned: CleanedArticle) -> Counter[str]:
    """Country mentions in the title and body (counted apart: the body is the text the pair
    finder reads too, so it is scanned once; no name spans the line between them)."""
    title = [cleaned.title] if cleaned.title else []
    body = "\n".join(cleaned.paragraphs)
    if _all_caps("\n".join([*title, body[:2000]])):  # (decided for both together)
        title, body = [t.title() for t in title], body.title()
    counts = countries.count(body)
    for t in title:
        counts.update(countries.count(t))
    return counts


def _countries(
    cleaned: CleanedArticle, found_officials: tuple, pairs: tuple[str, ...], counts: Counter[str]
) -> tuple[str, ...]:
    """Countries the article is about: those in the headline and lede, in a pair, of an official,
    or named at least twice. A single passing mention (a historical aside) is left out; a
    historic state is its successor when the article names that too (``counts``: the body's
    mentions, ``_body_counts``)."""
    counts = counts.copy()
    lede = cleaned.paragraphs[0][:400] if cleaned.paragraphs else ""  # its first sentences
    head = " ".join(([cleaned.title] if cleaned.title else []) + [lede])
    for code in countries.count(_case_for_matching(head)):
        counts[code] += 1
    if cleaned.hints.dateline:  # "HANOI, May 2 -": the place the story is filed from
        place = cleaned.hints.dateline
        filed = countries.first(place) or countries.first(place.title())
        if filed:
            counts[filed] += 2
    for o in found_officials:
        if o.country:
            counts[o.country] += 1
    for pair in pairs:
        for code in pair.split("-"):
            counts[code] += 1
    named = set(counts)
    folded: Counter[str] = Counter()
    for code, n in counts.items():
        folded[countries.successor(code, named)] += n
    return tuple(sorted(code for code, n in folded.items() if n >= 2))


def _home_led(found: tuple) -> bool:
    """Whether a copy naming no outlet is told from home: its first official is Vietnamese, or
    its officials are of Vietnam and at most one other country, no fewer of Vietnam's (a
    visiting delegation and its hosts: "the two armies" are theirs), never a story of others
    quoting one Vietnamese."""
    if not found:
        return False
    if found[0].country == "VN":
        return True
    by_country = Counter(o.country for o in found if o.country)
    named = any(o.country == "VN" and officials.vietnamese_name(o.name) for o in found)
    two_sided = len(by_country) <= 2  # (three countries' officials: a story of others')
    return named and two_sided and by_country["VN"] >= max(by_country.values())


def _read_in_english(cleaned: CleanedArticle) -> CleanedArticle:
    """A Vietnamese-language article as the English rules read it (``vietnamese.as_english``):
    its title, paragraphs and captions; anything else unchanged."""
    return replace(
        cleaned,
        title=vietnamese.as_english(cleaned.title) if cleaned.title else None,
        paragraphs=tuple(vietnamese.as_english(p) for p in cleaned.paragraphs),
        removed=tuple(
            replace(r, text=vietnamese.as_english(r.text)) if r.reason == "caption" else r
            for r in cleaned.removed
        ),
    )


def _cut_short(paragraphs: tuple[str, ...]) -> bool:
    """Whether the text stops mid-sentence, as an excerpt cut at a length does: its last
    paragraph is prose that ends in no punctuation."""
    last = paragraphs[-1].rstrip() if paragraphs else ""
    return len(last) >= 120 and last[-1] not in ".!?:;\"”’')]…"


def extract(cleaned: CleanedArticle) -> Extraction:
    """Every facet value for one cleaned article."""
    text = "\n".join(([cleaned.title] if cleaned.title else []) + list(cleaned.paragraphs))
    outlets = find_outlets(cleaned.hints, cleaned.removed, text)
    outlet = outlets[0] if outlets else None
    dated = cleaned  # (dates are read as written: the day and month words are Vietnamese)
    if vietnamese.is_vietnamese(text):
        cleaned = _read_in_english(cleaned)
        text = "\n".join(([cleaned.title] if cleaned.title else []) + list(cleaned.paragraphs))
    home = "VN" if outlet in VIETNAMESE else None
    cut = len(text) if _cut_short(cleaned.paragraphs) else None
    if cleaned.hints.byline:
        text += "\n" + cleaned.hints.byline
    # The article's photo captions name its people (and only them: teasers about other stories
    # are never read); after the text, so the article's own mentions come first.
    captions = tuple(r.text for r in cleaned.removed if r.reason == "caption")
    found = tuple(officials.find("\n".join((text, *captions)), home, cut))
    story_home = home or ("VN" if _home_led(found) else None)
    pairs = find_pairs(cleaned.title, cleaned.paragraphs, found, story_home, captions)
    counts = _body_counts(cleaned)
    pairs = countries.fold_historic(pairs, counts)
    # (a story of one relation of Vietnam's, in the target outlets' copy, is told from Vietnam)
    relation_home = story_home or (
        "VN" if len(pairs) == 1 and "VN" in pairs[0].split("-") else None
    )
    found = officials.with_partner_country(found, pairs, relation_home)
    date, source, partial = find_dated(
        dated.hints,
        dated.title,
        dated.paragraphs,
        pairs,
        tuple(r.text for r in dated.removed if r.reason == "caption"),
    )
    return Extraction(
        date=date,
        date_source=source,
        date_partial=partial,
        outlet=outlet,
        outlets=outlets,
        countries=_countries(cleaned, found, pairs, counts),
        country_pairs=pairs,
        officials=found,
    )
