"""Office words the official finder must know (issue 13, holdout 9's classes): a governor-general
before a name, a defence attaché written in lower case; on invented text (never a copied page)."""

from __future__ import annotations

from tests.conftest import officials_of


def test_a_governor_general_before_a_name_is_an_official_of_the_named_country():
    text = (
        "Hanoi (VNA) – The mission's officers recalled the tour of the centre by Canadian"
        " Governor-General Mary Ellen Porter in the spring, which they said gave them heart.\n\n"
        "New Zealand Governor General Peter Aldous Grant will also visit later in the year./.\n"
    )
    found = officials_of(text)
    assert found.get("mary ellen porter") == "CA"
    assert found.get("peter aldous grant") == "NZ"


def test_a_defence_attache_in_lower_case_before_a_name_is_an_official():
    text = (
        "Tokyo (VNA) – Ties in defence have grown steadily, Vietnam’s defence attaché in Japan"
        " Pham Quoc Dung told a reception in Tokyo on Friday.\n\n"
        "The reception marked the founding day of the army and drew many guests./.\n"
    )
    assert officials_of(text).get("pham quoc dung") == "VN"


def test_a_bodys_name_that_its_bracketed_acronym_closes_belongs_to_the_office_before_a_name():
    # "<office> of the <body> of <places> (<ACRONYM>) <name>": the places name no country, but
    # the acronym ends the body's name, so the office runs back to its first word.
    text = (
        "Hanoi (VNA) – Deputy Defence Minister Nguyen Van Binh received visiting Chairman of the"
        " Farmers' Union of Silesia and Lusatia (FUSL) Marek Dolny in Hanoi on Monday.\n\n"
        "Marek Dolny thanked his host and said the union valued its ties with Vietnam./.\n"
    )
    assert "marek dolny" in officials_of(text)
    # no office before the places: the name alone after an acronym is no official
    lone = "Hanoi (VNA) – Delegates of Silesia and Lusatia (FUSL) Marek Dolny came on Monday./.\n"
    assert "marek dolny" not in officials_of(lone)
