"""Publication date with its provenance: meta → header → clock → text.

A date in the text without a year (``on February 7``) gets its year only from the article's own
evidence that fixes it: anniversaries whose base year is known (``the 50th anniversary of the
Liberation of the South``, ``the 60th anniversary of diplomatic relations`` between a known pair),
years the text states as current (``2025 designated as …``, ``this year (2025)``), all agreeing,
never after the page's own clock and never on another weekday than the text names. Any other
number in the text (a ``2025–2027`` plan, an MOU ``signed in 2010``) is not the article's year:
then the year is unknown, and the date is ``None`` with source ``text-no-year`` and the month and
day kept as a partial date (``--07-28``, ISO 8601's form without a year). A wrong year would hide
the article from every date filter; an unknown one hides it only from those.
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
    r"\b(?P<n>\d{1,3})(?:st|nd|rd|th)\s+(?:founding\s+|establishment\s+)?anniversary\s+of\s+"
    r"(?P<what>[^.;]{0,160})",
    re.IGNORECASE,
)
_YEAR = re.compile(r"\b(?:19[4-9]\d|20[0-4]\d)\b")
_CURRENT_YEAR = re.compile(
    r"\b(?P<y>20[0-4]\d)\s+(?:designated|marks|is\s+(?:the|a)|has\s+been\s+(?:designated|named))"
    r"|\bthis\s+year\s*\(?(?P<y2>20[0-4]\d)\b"
    r"|\b(?P<y3>20[0-4]\d)\s+(?:Friendship|National|ASEAN)?\s*Year\b",
    re.IGNORECASE,
)
# A document named with the day it was signed, a participle with no auxiliary ("the plan signed
# by the two sides on …", "the agreement signed on …"): that day is past, not the event's
_DOCUMENT_DATE = re.compile(
    r"(?<!\bwas)(?<!\bwere)(?<!\bbeen)(?<!\bbe)(?<!\bis)(?<!\bare)(?<!\bhave)(?<!\bhas)(?<!\bhad)"
    r"\s+(?:signed|adopted|issued|ratified|approved|concluded)\s+by\s+[^.;]{1,60}?\s+on\s+$"
    r"|\b(?:agreement|memorandum|MoU|MOU|treaty|plan|protocol|minutes|regulation|accord|declaration"
    r"|deal|contract|document|programme|program)s?\s+(?:signed|adopted|issued|ratified|approved"
    r"|concluded)\s+(?:in\s+[A-Z][\w ]{1,30}?\s+)?on\s+$"
)
# A day that ends a period or sets a deadline ("notes due March 1, 1999", "valid until June 30",
# "ending before February 29"): a day of something else, not the article's.
_DEADLINE = re.compile(
    r"\b(?:due|before|until|till|through|by|expir(?:es|ing|y)|matur(?:es|ing|ity)|payable"
    r"|ending|deadline\s+(?:of|is))\s+(?:on\s+)?$",
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
        # "(1975-2025)", "(December 2, 1960 – 2025)", "(June 2008 - 2023)"
        explicit = re.search(
            r"\((?:[A-Z][a-z]+\.?\s+(?:\d{1,2},?\s+)?)?(?:19|20)\d\d\s*[-–—]\s*(?P<to>(?:19|20)\d\d)\)",
            what,
        )
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
            # "… the 50th anniversary of diplomatic ties last year": the article is a year on
            # (said of the anniversary itself: in its own clause, right after what it is of)
            shift = re.match(r"[^,;]{0,60}?\b(last|next)\s+year\b", what, re.IGNORECASE)
            years.append(
                base + n + (0 if shift is None else 1 if shift.group(1).lower() == "last" else -1)
            )
    return years


# A sentence about what is still to come ("are to co-organise", "will be held", "is scheduled
# to"): a day in it not said "on" is not the article's, which reports it before it happens
# (an "on" day stays: "said he will … at a meeting … on November 16" is the meeting's).
_FUTURE = re.compile(
    r"\b(?:(?:is|are)\s+(?:to|set\s+to|scheduled\s+to|expected\s+to|due\s+to|slated\s+to)"
    r"|will|shall)\s+(?:\w+\s+){0,2}?(?:be\s+)?\w+",
    re.IGNORECASE,
)


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
        if _DEADLINE.search(text, max(0, m.start() - 24), m.start()):
            continue  # "… notes due March 1, 1999": a period's end or a deadline
        if _DOCUMENT_DATE.search(text, max(0, m.start() - 120), m.start()):
            continue  # "… the agreement signed by the two sides on <date>": a document's date
        if not on and _FUTURE.search(text[text.rfind(".", 0, m.start()) + 1 : m.start()]):
            continue  # "… are to co-organise the exchange from May 15": a day still to come
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


NO_YEAR = "text-no-year"  # the source of a date whose year the text does not fix


def _near(a: dt.date | None, b: dt.date, days: int = 3) -> bool:
    return a is not None and abs((a - b).days) <= days


def _caption_dates(captions: tuple[str, ...], body: str) -> list[dt.date]:
    """Full dates printed in photo captions (``Hanoi, August 20, 2025``): the photo's day. An
    archive photo (``May 7, 1954 (Photo: VNA archive)``) dates history, not the article: a
    caption marked as such, or dated before a year the article itself names, is none."""
    latest = max((int(y) for y in _YEAR.findall(body)), default=0)
    out = []
    for caption in captions:
        if _ARCHIVE.search(caption):
            continue
        for m in _MD.finditer(caption):
            if m.group("year"):
                mon = (m.group("mon") or m.group("mon2") or "")[:3].lower()
                d = _safe_date(
                    int(m.group("year")),
                    _MONTHS.get(mon, 0),
                    int(m.group("day") or m.group("day2")),
                )
                if d and d.year >= latest:
                    out.append(d)
    return out


_ARCHIVE = re.compile(r"\b(?:archive|archival|file\s+photo|tư\s+liệu|historical\s+photo)\b", re.I)


def find_dated(
    hints: Hints,
    title: str | None,
    paragraphs: tuple[str, ...],
    pairs: tuple[str, ...] = (),
    captions: tuple[str, ...] = (),
) -> tuple[dt.date | None, str | None, str | None]:
    """(date, source, partial). A month and day whose year nothing fixes give
    ``(None, "text-no-year", "--MM-DD")``. ``captions`` are the photo captions the cleaner
    removed: a full date in one fixes the year of the same day in the text, or (when the text
    names no day) dates the article, with source ``caption``."""
    if hints.meta_date:
        d = parse_date(hints.meta_date, dayfirst=False)
        if d:
            return d, "meta", None
    stamped_month = None  # a prefix with the month only ("date 2024-03"): it fixes the year
    if hints.header_date and re.fullmatch(r"\d{4}-\d{2}", hints.header_date):
        stamped_month = (int(hints.header_date[:4]), int(hints.header_date[5:7]))
    elif hints.header_date:
        d = parse_date(hints.header_date)
        if d:
            return d, "header", None
    if hints.article_clock:
        d = parse_date(hints.article_clock)
        if d:
            return d, "clock", None
    upper = min((d for d in map(parse_date, hints.page_clocks) if d), default=None)
    lede = " ".join(([title] if title else []) + list(paragraphs[:2]))
    # A dateline's own date ("WASHINGTON, March 2 (Reuters) -") is the filing date.
    md = (_month_day(hints.dateline) if hints.dateline else None) or _month_day(lede)
    text = "\n".join(([title] if title else []) + list(paragraphs))
    pictured = [d for d in _caption_dates(captions, text) if upper is None or d <= upper]
    if md is None:
        if len(set(pictured)) == 1:
            return pictured[0], "caption", None
        return None, None, None
    month, day, year, weekday = md
    if not year and stamped_month and stamped_month[1] == month:
        year = stamped_month[0]
    if not year:
        years = {p.year for p in pictured if _near(_safe_date(p.year, month, day), p)}
        if len(years) == 1:
            year = years.pop()
    if year:
        d = _safe_date(year, month, day)
        if d and (upper is None or d <= upper):
            return d, "text", None
        return None, None, None
    d = _infer_year("\n".join(paragraphs), month, day, weekday, upper, pairs)
    if d:
        return d, "text", None
    if _safe_date(2000, month, day) is None:  # (2000 was a leap year: 29 February passes)
        return None, None, None
    return None, NO_YEAR, f"--{month:02d}-{day:02d}"


def _infer_year(
    body: str,
    month: int,
    day: int,
    weekday: str | None,
    upper: dt.date | None,
    pairs: tuple[str, ...],
) -> dt.date | None:
    """The date in the one year the article's evidence fixes, or None."""
    strong = Counter(_anniversary_years(body, pairs))
    for m in _CURRENT_YEAR.finditer(body):
        strong[int(m.group("y") or m.group("y2") or m.group("y3"))] += 1
    if not strong:
        return None
    if len(strong) > 1:
        return None  # the evidence names two years: none is sure to be the article's
    year = next(iter(strong))
    low = max((y for rx, y in _LOWER_BOUNDS if rx.search(body)), default=None)
    d = _safe_date(year, month, day)
    if d is None or (upper is not None and d > upper) or (low is not None and year < low):
        return None
    if weekday in _WEEKDAYS and d.weekday() != _WEEKDAYS[weekday]:
        return None  # the text's weekday says another year
    return d
