"""'Commandant', the head of a coast guard or a corps, is an office (issue 13, holdout 8's class),
on invented text (never a copied page)."""

from __future__ import annotations

from tests.conftest import officials_of


def test_a_commandant_before_a_name_is_an_official_of_the_body_s_country():
    text = (
        "Manila (VNA) – Commandant of the Philippine Coast Guard Admiral Jose Reyes Cruz welcomed"
        " the Vietnamese ship at the port on Monday.\n\n"
        "Colonel Nguyen Van Hai, head of the Vietnamese delegation, and Vice Commandant Maria"
        " Santos of the Philippine Coast Guard then discussed joint training./.\n"
    )
    found = officials_of(text)
    assert found.get("jose reyes cruz") == "PH"
    assert found.get("maria santos") == "PH"
    assert found.get("nguyen van hai") == "VN"
