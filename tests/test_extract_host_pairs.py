"""Pairs of an event home's envoys hold abroad (issue 13, holdout 10's class), on invented
text in the outlets' styles (never a copied page)."""

from __future__ import annotations

from tests.conftest import pairs_of


def _page(last: str) -> str:
    return (
        "Making news\n\nVPA anniversary marked abroad\n\n"
        "Lisbon (VNA) - The Vietnamese embassy in Portugal on December 18 held a get-together to"
        " mark the founding anniversary of the Vietnam People's Army (VPA).\n\n"
        "Speaking at the event, Defence Attaché Colonel Tran Van Long recalled the army's history"
        " and its work to keep the nation's sovereignty and territorial integrity.\n\n"
        f"{last}/.\n"
    )


def test_the_two_armies_home_s_envoy_speaks_of_are_home_and_the_only_other_country():
    # only home is named in the sentence; the page names one other country, where it is held
    text = _page(
        "Vietnamese Ambassador Le Thi Mai praised the fine relations between the two armies and"
        " their support for each other in the past"
    )
    assert pairs_of(text) == ("PT-VN",)


def test_the_two_sides_are_no_pair_where_the_page_names_two_other_countries():
    text = _page(
        "Guests from Spain also attended. Vietnamese Ambassador Le Thi Mai praised the fine"
        " relations between the two armies and their support for each other in the past"
    )
    assert pairs_of(text) == ()  # (which of the two the armies are, the sentence does not say)
