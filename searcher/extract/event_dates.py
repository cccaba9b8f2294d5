"""When a contact took place: the date a sentence gives it (``on May 2``, ``on Thursday``,
``yesterday``), resolved against the article's date, and the dates that make it background
rather than news (long before the article, or a year or month of its own that is).
"""

from __future__ import annotations

import datetime as dt
import re

from searcher.clean.patterns import MONTH, WEEKDAY
from searcher.extract.event_scan import Guarded, words_of
from searcher.models import Article

_WEEK = dt.timedelta(days=7)


def _guarded(pattern: str, flags: int = 0) -> Guarded:
    return Guarded(re.compile(pattern, flags))


BACKGROUND_DAYS = 60  # a contact dated this long before its article is recalled, not reported

# a year of its own near a trigger: "his first visit to Vietnam (September 1973)", "In December
# 2013, … signed"; a range running into the article's year ("2020-2024 protocol") is no date
_YEAR_NEAR = re.compile(r"(?<![\d-])(?P<y>(?:19|20)\d\d)(?!\s*[-–]\s*\d)(?![\d-])")

_WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
_MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
_ON_DATE = _guarded(
    rf"\b(?i:on|from|dated|since)\s+(?:the\s+(?:morning|afternoon|evening|night)\s+of\s+)?"
    rf"(?:(?P<wd>{WEEKDAY}),?\s+)?(?:(?P<mon>{MONTH})\s+(?P<day>\d{{1,2}})(?:st|nd|rd|th)?"
    rf"|(?P<day2>\d{{1,2}})(?:st|nd|rd|th)?\s+(?P<mon2>{MONTH}))\b"
    rf"(?:,?\s+(?P<year>(?:19|20)\d\d)\b)?"
)
_ON_WEEKDAY = _guarded(
    r"\b(?i:on)\s+(?:the\s+(?:morning|afternoon|evening|night)\s+of\s+)?"
    r"(?P<wd>Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)\b"
)
_RELATIVE = _guarded(r"\b(?P<rel>yesterday|today|this\s+morning|this\s+afternoon)\b", re.I)
_IN_MONTH = re.compile(
    rf"\b(?i:in|since|during)\s+(?:(?i:early|late|mid)[\s-]+)?(?P<mon>{MONTH})"
    rf"(?:\s+(?:(?i:this\s+year)|(?P<year>(?:19|20)\d\d)))?\b(?!\s+\d)"
)


def date_in(
    folded: str, at: int, low: str | None = None, words: set[str] | None = None
) -> tuple[int, int, int | None] | str | None:
    """The date a sentence gives its contact: (month, day, year or None), a weekday or relative
    day (``"wd:thu"``, ``"rel:yesterday"``), or None. The first after the trigger wins.
    ``low``, ``words``: the sentence lower-cased and its words, when known."""
    candidates: list[tuple[int, tuple[int, int, int | None] | str]] = []
    low = folded.lower() if low is None else low
    words = words_of(low) if words is None else words
    for m in _ON_DATE.pattern.finditer(folded) if _ON_DATE.met(folded, low, words) else ():
        mon = (m.group("mon") or m.group("mon2"))[:3].lower()
        day = int(m.group("day") or m.group("day2"))
        if mon in _MONTHS and 1 <= day <= 31:
            year = int(m.group("year")) if m.group("year") else None
            candidates.append((m.start(), (_MONTHS.index(mon) + 1, day, year)))
    for m in _ON_WEEKDAY.pattern.finditer(folded) if _ON_WEEKDAY.met(folded, low, words) else ():
        candidates.append((m.start(), f"wd:{m.group('wd')[:3].lower()}"))
    for m in _RELATIVE.pattern.finditer(folded) if _RELATIVE.met(folded, low, words) else ():
        candidates.append((m.start(), f"rel:{m.group('rel').split()[0].lower()}"))
    if not candidates:
        return None
    after = [c for c in candidates if c[0] >= at]
    return min(after or candidates, key=lambda c: c[0])[1]


def resolved(found: tuple[int, int, int | None] | str | None, article: Article) -> tuple:
    """(date string, precision, explicit) for a sentence's date, the article's when none."""
    base = article.date
    if found is None:
        if base:
            return base.isoformat(), "day", False
        if article.date_partial:
            return article.date_partial, "month-day", False
        return None, "none", False
    if isinstance(found, str):
        if base is None:
            return None, "none", True
        kind, _, value = found.partition(":")
        if kind == "rel":
            when = base - dt.timedelta(days=1) if value == "yesterday" else base
            return when.isoformat(), "day", True
        back = (base.weekday() - _WEEKDAYS.index(value)) % 7
        return (base - dt.timedelta(days=back)).isoformat(), "day", True
    month, mday, given = found
    if given is None and base is None:
        return f"--{month:02d}-{mday:02d}", "month-day", True
    year = given if given is not None else base.year if base is not None else 0
    try:
        if given is None and base is not None and dt.date(year, month, mday) > base + _WEEK:
            year -= 1  # "on December 28" in a January article: last year's
        return dt.date(year, month, mday).isoformat(), "day", True
    except ValueError:
        return None, "none", True


def background(date: str | None, precision: str, article: Article) -> bool:
    """Whether a contact's own date puts it out of the article's news: long before (recalled)
    or well after it (planned)."""
    if precision != "day" or date is None or article.date is None:
        return False
    day = dt.date.fromisoformat(date)
    return not (-BACKGROUND_DAYS <= (day - article.date).days <= 30)


def old_year(folded: str, start: int, end: int, article: Article) -> bool:
    """Whether a year of its own next to the trigger puts the contact before the article's
    year (history recalled: "his first visit to Vietnam (September 1973)")."""
    if article.date is None:
        return False
    window = folded[max(0, start - 60) : end + 60]
    return any(int(m.group("y")) < article.date.year for m in _YEAR_NEAR.finditer(window))


def old_month(folded: str, start: int, article: Article) -> bool:
    """Whether ``in September`` (this year, or last when the article is dated before it) next
    to the trigger dates the contact months before the article: recalled."""
    if article.date is None:
        return False
    for m in _IN_MONTH.finditer(folded, max(0, start - 160), start + 80):
        month = _MONTHS.index(m.group("mon")[:3].lower()) + 1
        year = int(m.group("year")) if m.group("year") else article.date.year
        if not m.group("year") and month > article.date.month:
            year -= 1
        last = dt.date(year, month, 28)
        if (article.date - last).days > BACKGROUND_DAYS:
            return True
    return False
