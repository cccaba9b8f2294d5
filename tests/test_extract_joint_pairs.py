"""Pairs of a joint activity of three countries' bodies (issue 13, holdout 6's class), on
invented text in the outlets' styles (never a copied page)."""

from __future__ import annotations

from tests.conftest import pairs_of


def test_the_armies_of_three_countries_acting_jointly_are_home_s_partners():
    # Việt Nam News: no headline, the three countries' bodies and a joint drill in the lede.
    text = (
        "VIENTIANE – The border guards of Việt Nam, Laos and Thailand on Tuesday held a joint"
        " exercise on fighting drug trafficking along the Mekong River in Bolikhamxay province.\n\n"
        "Some 300 officers took part in the exercise, which will last for three days. – VNS\n"
    )
    assert pairs_of(text) == ("LA-VN", "TH-VN")


def test_the_armies_of_three_countries_named_together_without_a_joint_act_are_nopairs_of():
    text = (
        "VIENTIANE – The museum's new hall shows the uniforms worn by the armies of Việt Nam,"
        " Laos and Thailand in the past century, and the weapons of the time.\n\n"
        "Visitors can also watch films about the region's history. – VNS\n"
    )
    assert pairs_of(text) == ()
