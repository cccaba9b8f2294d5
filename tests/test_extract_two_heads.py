"""Two officials joined by 'and', each with an office of his own country's body (issue 13,
holdout 8's class), on invented text (never a copied page)."""

from __future__ import annotations

from tests.conftest import officials_of


def test_two_heads_joined_by_and_each_keep_their_own_body_s_country():
    text = (
        "Seoul (VNA) – Colonel Tran Minh Duc, Deputy Commander of the Vietnam Coast Guard and Vice"
        " Admiral Kim Sung Ho of the Korea Coast Guard co-chaired the fifth meeting of the two"
        " forces in Seoul on May 4.\n\n"
        "They agreed to hold joint search and rescue drills next year./.\n"
    )
    found = officials_of(text)
    assert found.get("tran minh duc") == "VN"
    assert found.get("kim sung ho") == "KR"


def test_an_appositive_ends_at_and_before_a_demonym_office_and_a_name():
    # "…, the envoy of the US President and Vietnamese Foreign Minister <name> signed …": the
    # demonym opens the second person's office; the envoy is not the Vietnamese minister's.
    text = (
        "Hanoi (VNA) – In 1989, on a visit by General Robert Allan Kline, the special envoy of the"
        " US President and Vietnamese Deputy Foreign Minister Tran Quang Minh signed a note on"
        " the search for the missing.\n\n"
        "The searches began the next year./.\n"
    )
    found = officials_of(text)
    assert found.get("robert allan kline") == "US"
    assert found.get("tran quang minh") == "VN"


def test_co_inside_a_vietnamese_name_is_a_syllable_not_a_company():
    text = (
        "Hanoi (VNA) – Foreign Minister Nguyen Co Thanh met the visiting envoy on Monday and the"
        " two sides agreed to speed up the joint searches.\n\n"
        "The Hai Binh Trading Co Ltd and Hoa Minh Co. will supply the teams./.\n"
    )
    found = officials_of(text)
    assert found.get("nguyen co thanh") == "VN"
    assert "nguyen" not in found
