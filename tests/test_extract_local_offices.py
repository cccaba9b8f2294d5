"""Officials of a local body (issue 13, holdout 8's class): a province's committee, its place
and level between the office and the name, on invented text (never a copied page)."""

from __future__ import annotations

from tests.conftest import officials_of


def test_an_office_of_a_named_province_s_people_s_committee_comes_before_the_name():
    text = (
        "Hanoi (VNA) – Vice Chairman of the Lam Son People's Committee Tran Quoc Hung said the"
        " province would help the team find more remains in the coming dry season.\n\n"
        "Standing Vice Chairwoman of the Hai Binh provincial People’s Committee Le Thi Mai spoke"
        " highly of the work of the search teams over the past years./.\n"
    )
    found = officials_of(text)
    assert found.get("tran quoc hung") == "VN"
    assert found.get("le thi mai") == "VN"


def test_a_committee_of_the_province_without_a_name_after_it_names_no_one():
    text = (
        "Hanoi (VNA) – The Chairman of the Lam Son People's Committee visited the team on Monday"
        " and thanked its members for their work in the mountains.\n\n"
        "The team will go on searching until the rainy season starts./.\n"
    )
    assert officials_of(text) == {}


def test_a_name_ending_in_a_one_letter_syllable_before_a_verb_is_whole():
    # Names of the northern mountain peoples: one syllable of one letter, "A", ends the name.
    text = (
        "Hanoi (VNA) – Vice Chairman of the Lam Son People's Committee Ha A thanked the Lao"
        " authorities for their help to the search team over the past six months.\n\n"
        "The team will go on searching until the rainy season starts./.\n"
    )
    assert officials_of(text).get("ha a") == "VN"


def test_an_office_of_a_province_s_committee_without_the_comes_before_the_name():
    # VNS writes the body without an article: "Vice Chairman of <place> People's Committee".
    text = (
        "Vice Chairman of Lam Sơn People’s Committee Trịnh Kỳ Nam praised the crew of the"
        " visiting ship and hoped the city would welcome more of the navy's vessels in future.\n\n"
        "Deputy Director of Hai Binh Police Department Le Van Tam briefed the guests on the"
        " city's work to keep the port safe during the four-day stay./.\n"
    )
    found = officials_of(text)
    assert found.get("trinh ky nam") == "VN"
    assert found.get("le van tam") == "VN"
