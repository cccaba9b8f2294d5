"""Publication date with its provenance: meta → header → clock → text.

A date in the text without a year (``on February 7``) gets its year from the article's own
evidence: anniversaries whose base year is known (``the 50th anniversary of the Liberation of the
South``, ``the 60th anniversary of diplomatic relations`` between a known pair), years the text
states as current (``2025 designated as …``). Weak evidence is labelled ``text-inferred-year``.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from functools import cache

from searcher import data
from searcher.clean.patterns import MONTH, WEEKDAY
from searcher.models import Hints
from searcher.text import fold

_MONTHS = {m: i for i, m in enumerate(
    ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"], start=1)}  # fmt: skip
_WEEKDAYS = {d: i for i, d in enumerate(["mon", "tue", "wed", "thu", "fri", "sat", "sun"])}
_MD = re.compile(
    rf"\b(?:(?P<wd>{WEEKDAY}),?\s+)?(?:(?P<mon>{MONTH})\s+(?P<day>\d{{1,2}})(?:st|nd|rd|th)?"
    rf"|(?P<day2>\d{{1,2}})(?:st|nd|rd|th)?\s+(?P<mon2>{MONTH}))\b(?:,?\s+(?P<year>(?:19|20)\d\d)\b)?"
)
_ON_DATE = re.compile(
    rf"\b(?:on|dated|from)\s+(?:(?:{WEEKDAY}),?\s+)?(?={MONTH}\s+\d|\d{{1,2}}\s+{MONTH})"
)
_ANNIVERSARY = re.compile(
    r"\b(?P<n>\d{1,3})(?:st|nd|rd|th)\s+anniversary\s+of\s+(?P<what>[^.;]{0,160})", re.IGNORECASE
)
_YEAR = re.compile(r"\b(?:19[4-9]\d|20[0-4]\d)\b")
# A year named as a target or deadline is not evidence of when the article was written.
_FUTURE_YEAR = re.compile(
    r"\b(?:towards?|by|until|till|through|to|vision|ahead\s+of|before|in\s+the\s+\d+[-–]|[-–])"
    r"\s*(?:the\s+year\s+)?((?:19|20)\d\d)\b",
    re.IGNORECASE,
)
_CURRENT_YEAR = re.compile(
    r"\b(?P<y>20[0-4]\d)\s+(?:designated|marks|is\s+(?:the|a)|has\s+been\s+(?:designated|named))"
    r"|\b(?:this\s+year|in\s+the\s+year)\s*\(?(?P<y2>20[0-4]\d)\b"
    r"|\b(?P<y3>20[0-4]\d)\s+(?:Friendship|National|ASEAN)?\s*Year\b",
    re.IGNORECASE,
)
_LOWER_BOUNDS = [(re.compile(r"\bCOVID-19|\bcoronavirus pandemic|\bSARS-CoV-2", re.I), 2020)]


@cache
def _events() -> list[tuple[re.Pattern[str], int]]:
    text = data.read("events.tsv")
    out = []
    for line in text.splitlines():
        if line.strip() and not line.startswith("#"):
            rx, year = line.rsplit("\t", 1)
            out.append((re.compile(rx), int(year)))
    return out


@cache
def _diplomatic() -> dict[str, int]:
    text = data.read("diplomatic.tsv")
    return {
        code: int(year)
        for code, year in (ln.split("\t") for ln in text.splitlines() if ln and ln[0] != "#")
    }


def parse_date(value: str, dayfirst: bool = True) -> dt.date | None:
    """Any date string (ISO, ``Sunday, August 23, 2020, 09:51 (GMT+7)``, ``23/08/2020``)."""
    from dateutil import parser

    value = value.strip()
    try:
        if re.match(r"^\d{4}-\d{2}-\d{2}", value):
            return dt.date.fromisoformat(value[:10])
        cleaned = re.sub(r"\(?\s*(?:GMT|UTC|ICT)\s*[+-]?\s*\d*(?::?\d{2})?\s*\)?", " ", value)
        cleaned = re.sub(
            r"\b(?:Posted|Updated?|Published|Last updated)\s*(?:on|at)?\s*:?",
            " ",
            cleaned,
            flags=re.I,
        )
        result = parser.parse(
            cleaned, dayfirst=dayfirst, fuzzy=True, default=dt.datetime(1900, 1, 1)
        )
    except (ValueError, OverflowError, TypeError):
        return None
    if result.year == 1900:
        return None
    return result.date()


def _anniversary_years(text: str, pair_codes: tuple[str, ...]) -> list[int]:
    years = []
    folded = fold(text)
    for m in _ANNIVERSARY.finditer(folded):
        n = int(m.group("n"))
        what = m.group("what")
        base = None
        explicit = re.search(r"\((?:19|20)\d\d\s*[-–]\s*(?P<to>(?:19|20)\d\d)\)", what)
        if explicit:
            years.append(int(explicit.group("to")))
            continue
        low = what.lower()
        if re.search(
            r"diplomatic\s+(?:relations|ties)|establishment\s+of\s+(?:diplomatic\s+)?(?:relations|ties)",
            low,
        ):
            from searcher.extract import countries

            codes = {m2.code for m2 in countries.find(what)} - {"VN"}
            if not codes:
                codes = {c for p in pair_codes for c in p.split("-")} - {"VN"}
            known = [_diplomatic()[c] for c in codes if c in _diplomatic()]
            if len(known) == 1:
                base = known[0]
        if base is None:
            for rx, year in _events():
                if rx.search(low[:120]):
                    base = year
                    break
        if base is None:
            stated = _YEAR.search(what[:60])
            if stated and int(stated.group(0)) < 2000:
                base = int(stated.group(0))
        if base is not None:
            years.append(base + n)
    return years


def _month_day(text: str) -> tuple[int, int, int | None, str | None] | None:
    """The article's event date: the first ``on <Month> <day>`` (else the first month-day)."""
    candidates = []
    for m in _MD.finditer(text):
        mon = (m.group("mon") or m.group("mon2") or "")[:3].lower()
        day = int(m.group("day") or m.group("day2"))
        if mon not in _MONTHS or not 1 <= day <= 31:
            continue
        before = text[max(0, m.start() - 12) : m.start()]
        on = bool(re.search(r"\b(?:on|dated)\s+$", before)) or bool(m.group("wd"))
        if text[max(0, m.start() - 1) : m.start()] == "(":
            continue  # "(April 19)": the date of something else
        year = int(m.group("year")) if m.group("year") else None
        wd = (m.group("wd") or "")[:3].lower() or None
        candidates.append((not on, m.start(), (_MONTHS[mon], day, year, wd)))
    if not candidates:
        return None
    candidates.sort()
    return candidates[0][2]


def _safe_date(year: int, month: int, day: int) -> dt.date | None:
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def find_date(
    hints: Hints, title: str | None, paragraphs: tuple[str, ...], pairs: tuple[str, ...] = ()
) -> tuple[dt.date | None, str | None]:
    """(date, source). Source is meta, header, clock, text, text-inferred-year, or None."""
    if hints.meta_date:
        d = parse_date(hints.meta_date, dayfirst=False)
        if d:
            return d, "meta"
    if hints.header_date:
        d = parse_date(hints.header_date)
        if d:
            return d, "header"
    if hints.article_clock:
        d = parse_date(hints.article_clock)
        if d:
            return d, "clock"
    upper = min((d for d in map(parse_date, hints.page_clocks) if d), default=None)
    lede = " ".join(([title] if title else []) + list(paragraphs[:2]))
    # A dateline's own date ("WASHINGTON, March 2 (Reuters) -") is the filing date.
    md = (_month_day(hints.dateline) if hints.dateline else None) or _month_day(lede)
    if md is None:
        return None, None
    month, day, year, weekday = md
    if year:
        d = _safe_date(year, month, day)
        return (d, "text") if d else (None, None)
    body = "\n".join(paragraphs)
    return _infer_year(body, month, day, weekday, upper, pairs)


def _infer_year(
    body: str,
    month: int,
    day: int,
    weekday: str | None,
    upper: dt.date | None,
    pairs: tuple[str, ...],
) -> tuple[dt.date | None, str | None]:
    strong = Counter(_anniversary_years(body, pairs))
    for m in _CURRENT_YEAR.finditer(body):
        strong[int(m.group("y") or m.group("y2") or m.group("y3"))] += 1
    low = max((y for rx, y in _LOWER_BOUNDS if rx.search(body)), default=None)
    if strong:
        year = strong.most_common(1)[0][0]
        d = _safe_date(year, month, day)
        if d and (upper is None or d <= upper) and (low is None or year >= low):
            return d, "text"
    # Weak evidence: the latest year the text mentions, capped by the page's own clock.
    future = {m.start(1) for m in _FUTURE_YEAR.finditer(body)}
    mentioned = [int(m.group(0)) for m in _YEAR.finditer(body) if m.start() not in future]
    if upper:
        mentioned = [y for y in mentioned if y <= upper.year] or [upper.year]
    if low:
        mentioned = [y for y in mentioned if y >= low] or [low]
    if not mentioned:
        return None, None
    year = max(mentioned)
    if weekday in _WEEKDAYS:
        for y in (year, year - 1, year + 1):
            d = _safe_date(y, month, day)
            if d and d.weekday() == _WEEKDAYS[weekday] and (upper is None or d <= upper):
                return d, "text-inferred-year"
    d = _safe_date(year, month, day)
    if d and upper and d > upper:
        d = _safe_date(year - 1, month, day)
    return (d, "text-inferred-year") if d else (None, None)
