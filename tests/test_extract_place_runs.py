"""A run of capitalised words before 'province' is a place, not a person (issue 13, holdout 8's
class), on invented text (never a copied page)."""

from __future__ import annotations

from tests.conftest import officials_of


def test_a_province_s_name_after_an_office_is_no_official():
    text = (
        "Tay Ninh (VNA) – Colonel Sok Vanna, Director of Cambodia's Kampong Dara province Police"
        " Department, said the two forces had shared information on smugglers all year.\n\n"
        "The two sides agreed to patrol the border together./.\n"
    )
    found = officials_of(text)
    assert "kampong dara" not in found
    assert found.get("sok vanna") == "KH"
