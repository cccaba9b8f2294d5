"""A day that ends a period or sets a deadline, and a year a forecast names, are not the
article's (Reuters-21578 gave five wrong years this way), on invented text."""

from __future__ import annotations

import pytest

from searcher.extract.dates import NO_YEAR, find_dated
from searcher.models import Hints


@pytest.mark.parametrize(
    "lede",
    [
        "The shipyard said it had sold 40 mln dlrs of bonds due March 1, 2031.",
        "Bidders must file their offers before February 29, 2032, the navy said.",
        "The lease of the pier runs until June 30, 2029, the port authority said.",
        "The ministry said the permits, valid through December 1, 2030, would be renewed.",
    ],
)
def test_a_deadline_or_a_periods_end_gives_no_year(lede: str) -> None:
    # A dateline without its day (or with a misspelt month): the lede's full date is the only one.
    hints = Hints(dateline="HANOI, Apirl 3 -")
    assert find_dated(hints, None, (lede,)) == (None, None, None)


def test_a_deadline_day_in_the_lede_does_not_date_an_article_with_no_dateline() -> None:
    lede = "The two navies agreed to finish the joint survey by May 10, 2030."
    assert find_dated(Hints(), None, (lede,)) == (None, None, None)


def test_the_day_an_event_happened_still_dates_the_article() -> None:
    lede = "The frigate docked in Da Nang on May 10, 2024, for a four-day visit."
    date, source, _ = find_dated(Hints(), None, (lede,))
    assert (date.isoformat() if date else None, source) == ("2024-05-10", "text")


def test_a_year_a_forecast_names_is_not_the_articles_year() -> None:
    body = (
        "TOKYO, April 8 - The ministry will revise its outlook for energy demand in the year"
        " 2040 by August, officials said.",
    )
    assert find_dated(Hints(), None, body) == (None, NO_YEAR, "--04-08")


def test_a_year_said_to_be_this_one_still_fixes_it() -> None:
    body = (
        "HANOI, April 8 - The two ministries opened the exchange, the highlight of this year"
        " (2025), the Friendship Year of the two countries.",
    )
    date, source, _ = find_dated(Hints(), None, body)
    assert (date.isoformat() if date else None, source) == ("2025-04-08", "text")
