"""A person's name that is also a demonym is no country (issue 13, holdout 8's class), on
invented text in the outlets' styles (never a copied page)."""

from __future__ import annotations

from tests.conftest import pairs_of


def test_an_official_whose_name_ends_in_a_demonym_names_no_country():
    # VietnamPlus: a Vietnamese officer called Thai, first in full, then by his last name.
    text = (
        "Hanoi (VNA) – The Border Guard High Command of Vietnam and the Border Police of Laos"
        " on May 4 signed a plan to patrol their shared border together in the coming year.\n\n"
        "Colonel Tran Van Thai, deputy commander of the Vietnam Border Guard, said the plan"
        " would help both forces stop smugglers crossing the mountains.\n\n"
        "Thai further added that the two sides would meet again at the end of the year./.\n"
    )
    assert pairs_of(text) == ("LA-VN",)


def test_a_demonym_before_a_noun_still_names_its_country():
    text = (
        "Hanoi (VNA) – Vietnam and Thailand on May 4 signed a plan to patrol the sea together.\n\n"
        "Colonel Tran Van Thai, deputy commander of the Vietnam Coast Guard, said the Thai"
        " delegation agreed to meet again at the end of the year./.\n"
    )
    assert pairs_of(text) == ("TH-VN",)
