"""Officials' names and countries in holdout 5's layouts (issue 13), on invented text in the
outlets' styles (never a copied page)."""

from __future__ import annotations

from searcher.clean import clean
from searcher.extract import extract


def _found(text: str):
    return extract(clean(text, "page.txt"))


def test_an_office_its_country_qualifies_before_a_comma_gives_the_rank_and_name_after_it():
    # VOV World: no headline, the office and the rank set apart by a comma, Vietnam never named
    text = (
        "(VOVworld)- On Tuesday, President Le Minh Duc received the Cambodian Defence Minister,"
        " General Sok Vanna.\n"
        "At the meeting, President Le Minh Duc praised the growing defence cooperation of the two"
        " neighbours, which has helped keep the shared border peaceful. He asked the two defence"
        " ministries to step up the exchange of delegations.\n"
    )
    found = _found(text)
    sok = next(o for o in found.officials if o.key == "sok vanna")
    assert sok.country == "KH"
    assert found.country_pairs == ("KH-VN",)


def test_a_vietnamese_name_after_a_foreign_office_and_a_comma_stays_vietnamese():
    text = (
        "Defence talks in Vientiane\n\n"
        "After the talks with the Lao Defence Minister, Senior Lieutenant General Tran Van Hoa"
        " visited the Vietnamese embassy in Vientiane on Thursday and met its staff.\n\n"
        "He asked them to keep working for the special relationship between the two countries.\n"
    )
    hoa = next(o for o in _found(text).officials if o.key == "tran van hoa")
    assert hoa.country == "VN"
