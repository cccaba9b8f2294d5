"""A day still to come is not the article's day (issue 13, holdout 5), on invented text in the
outlets' layouts (never a copied page)."""

from __future__ import annotations

from searcher.extract.dates import find_dated
from searcher.models import Hints

_TIES = "The exchange comes as the two countries mark the 50th anniversary of diplomatic ties."


def test_an_upcoming_events_days_do_not_date_the_article():
    # QDND's interview layout: the exchange "is to" take place "from May 20th to 23rd"
    body = (
        "PANO – The defence ministries of Vietnam and Japan are to co-organise the first border"
        " guard exchange from May 20th to 23rd in Hai Phong.",
        _TIES,
    )
    assert find_dated(Hints(), None, body, ("JP-VN",)) == (None, None, None)


def test_an_on_day_in_a_sentence_with_a_future_verb_is_still_the_articles():
    body = (
        "Hanoi (VNA) – The Japanese Ambassador said he will do his utmost to boost the ties at a"
        " meeting with the Deputy Foreign Minister in Hanoi on May 20.",
        _TIES,
    )
    assert find_dated(Hints(), None, body, ("JP-VN",))[0].isoformat() == "2023-05-20"


def test_a_past_events_days_still_date_the_article():
    body = (
        "PANO – The defence ministries of Vietnam and Japan co-organised the first border guard"
        " exchange from May 20th to 23rd in Hai Phong.",
        _TIES,
    )
    assert find_dated(Hints(), None, body, ("JP-VN",))[0].isoformat() == "2023-05-20"
