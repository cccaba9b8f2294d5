"""A day written in text (nine languages' month names, ``D.M.YYYY``, ISO, Unix stamps) or in a
page's address, as ``YYYY-MM-DD``."""

from __future__ import annotations

import re

_MONTHS = {
    name: number
    for number, names in enumerate(
        (
            "january jan januar jänner janvier janv enero ene janeiro gennaio januari styczeń stycznia sty",
            "february feb februar février févr fevrier febrero fevereiro fev febbraio februari luty lutego lut",
            "march mar märz maerz mär mars marzo março marco maart marzec marca",
            "april apr avril abril abr aprile kwiecień kwietnia kwi",
            "may mai mayo maio maggio mei maj maja",
            "june jun juni juin junio junho giugno czerwiec czerwca cze",
            "july jul juli juillet juil julio julho luglio lipiec lipca lip",
            "august aug août aout agosto ago augustus sierpień sierpnia sie",
            "september sep sept septembre septiembre setiembre setembro set settembre wrzesień września wrz",
            "october oct oktober okt octobre octubre outubro out ottobre październik października paź",
            "november nov novembre noviembre novembro listopad listopada lis",
            "december dec dezember dez décembre déc decembre diciembre dic dezembro dicembre grudzień grudnia gru",
        ),
        start=1,
    )
    for name in names.split()
}
_MONTH_RX = "|".join(sorted(_MONTHS, key=len, reverse=True))
_DAY_FORMS = [
    # 2019-08-02, 2019/08/02, 2019.08.02
    ("ymd", re.compile(r"(?<!\d)((?:19|20)\d\d)[-/.](\d{1,2})[-/.](\d{1,2})(?!\d)")),
    # 2. August 2019, 2 de agosto de 2019, 1er mars 2020, 2 sierpnia 2019
    ("dmy", re.compile(
        rf"(?<!\d)(\d{{1,2}})(?:\.|er|st|nd|rd|th)?\s*(?:de\s+)?({_MONTH_RX})\.?,?\s+(?:de\s+)?((?:19|20)\d\d)(?!\d)",
        re.IGNORECASE)),
    # August 2, 2019
    ("mdy", re.compile(
        rf"\b({_MONTH_RX})\.?\s+(\d{{1,2}})(?:st|nd|rd|th)?,?\s+((?:19|20)\d\d)(?!\d)", re.IGNORECASE)),
    # ngày 2 tháng 8 năm 2019
    ("dmy-vi", re.compile(r"(\d{1,2})\s+tháng\s+(\d{1,2})\s*(?:năm|,)\s*((?:19|20)\d\d)", re.IGNORECASE)),
    # 02.08.2019, 2/8/2019 (day first; month first on US pages when the day says so)
    ("num", re.compile(r"(?<![\d.])(\d{1,2})([./-])(\d{1,2})\2((?:19|20)\d\d)(?!\d)")),
]  # fmt: skip
_ISO_PREFIX = re.compile(r"^\s*(?:19|20)\d\d-\d\d-\d\d")
_URL_DAY = re.compile(
    r"/((?:19|20)\d\d)/(0?[1-9]|1[0-2])/(0?[1-9]|[12]\d|3[01])(?:/|$|[-_.])"
    r"|[/_-]((?:19|20)\d\d)-?(0[1-9]|1[0-2])-?(0[1-9]|[12]\d|3[01])(?:[/_.-]|$)"
)


def day_of(text: str, month_first: bool = False) -> str | None:
    """The first full date written in ``text`` (any of the forms above), as ``YYYY-MM-DD``."""
    best: tuple[int, str] | None = None
    for form, rx in _DAY_FORMS:
        m = rx.search(text)
        if m is None or (best is not None and m.start() >= best[0]):
            continue
        if form == "ymd":
            y, mo, d = int(m[1]), int(m[2]), int(m[3])
        elif form == "dmy":
            y, mo, d = int(m[3]), _MONTHS[m[2].lower()], int(m[1])
        elif form == "mdy":
            y, mo, d = int(m[3]), _MONTHS[m[1].lower()], int(m[2])
        elif form == "dmy-vi":
            y, mo, d = int(m[3]), int(m[2]), int(m[1])
        else:
            a, b, y = int(m[1]), int(m[3]), int(m[4])
            first = month_first and m[2] == "/"
            mo, d = (a, b) if (first and a <= 12) or b > 12 else (b, a)
        day = valid_day(y, mo, d)
        if day:
            best = (m.start(), day)
    return best[1] if best else None


def valid_day(y: int, mo: int, d: int) -> str | None:
    import datetime as dt

    try:
        day = dt.date(y, mo, d)
    except ValueError:
        return None
    if not dt.date(1990, 1, 1) <= day <= dt.date.today() + dt.timedelta(days=2):
        return None
    return day.isoformat()


def stated(value: str | None, month_first: bool = False) -> str | None:
    """A stated date kept as written when it is ISO (``2024-06-20T10:15:00+07:00``), else its
    day as ``YYYY-MM-DD``; None when it names no plausible day."""
    if not value or not isinstance(value, str):
        return None
    value = value.strip()
    if _ISO_PREFIX.match(value):
        return value if valid_day(int(value[:4]), int(value[5:7]), int(value[8:10])) else None
    if value.isdigit() and len(value) in (10, 13):  # a Unix time stamp
        import datetime as dt

        stamp = int(value[:10])
        return dt.datetime.fromtimestamp(stamp, dt.UTC).date().isoformat() if stamp > 6e8 else None
    return day_of(value, month_first)


def url_day(url: str | None) -> str | None:
    """The day an address is dated by (``/2019/08/02/``, ``-20190802-``), as ``YYYY-MM-DD``."""
    m = _URL_DAY.search(url or "")
    if m is None:
        return None
    y, mo, d = (int(x) for x in (m.groups()[:3] if m[1] else m.groups()[3:]))
    return valid_day(y, mo, d)


_SHORT_DAY = re.compile(r"(?<![\d.])(\d{1,2})\.(\d{1,2})\.(\d\d)(?![\d.])")


def short_day(text: str) -> str | None:
    """A German-style date with a two-digit year (``26.10.13``)."""
    import datetime as dt

    m = _SHORT_DAY.search(text)
    if m is None:
        return None
    yy = int(m[3])
    year = 2000 + yy if 2000 + yy <= dt.date.today().year else 1900 + yy
    return valid_day(year, int(m[2]), int(m[1]))
