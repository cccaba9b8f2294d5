"""Officials whose country comes from the person or body named with them, and events named like
a person (issue 13, holdout 6's classes), on invented text in the outlets' styles (never a
copied page)."""

from __future__ import annotations

from searcher.clean import clean
from searcher.extract import extract
from tests.conftest import officials_of


def test_two_heads_of_a_delegation_joined_by_and_share_its_country():
    # QDND: "The <demonym> delegation was (jointly) headed by <office> <A> and <office> <B>."
    text = (
        "The second dialogue was held in Seoul on Monday. The Korean delegation was jointly headed"
        " by Vice Foreign Minister Park Min-ho and Deputy Minister of Defence Policy Lee Sang-woo."
        " The two sides reviewed the cooperation of their defence industries.\n"
    )
    found = officials_of(text)
    assert found["park min-ho"] == "KR" and found["lee sang-woo"] == "KR"


def test_a_person_after_and_without_the_delegation_keeps_no_country():
    text = (
        "The Korean delegation was headed by Vice Foreign Minister Park Min-ho and later met"
        " Minister Carlos Ramos in the capital.\n"
    )
    assert officials_of(text).get("carlos ramos") is None


def test_the_successor_of_an_official_is_of_the_same_country():
    # VietnamPlus: an outgoing attaché, his office and country after a comma, then his successor
    # (and a second reception, so the article has no one partner to give everyone).
    text = (
        "Hanoi (VNA) - Deputy Minister of National Defence Sen. Lt. Gen. Le Van Hoa on Monday"
        " received Colonel Jean Moreau, French Defence Attaché in Hanoi in the 2021-2024 tenure,"
        " and his successor Colonel Paul Girard.\n"
        "The deputy minister thanked the outgoing attaché for his work for the defence ties.\n"
        "Earlier the same day, he received Indonesian Ambassador Budi Santoso.\n"
    )
    found = officials_of(text)
    assert found["jean moreau"] == "FR" and found["paul girard"] == "FR"


def test_a_person_named_after_another_without_succeeding_him_takes_no_country_from_him():
    text = (
        "Colonel Jean Moreau, French Defence Attaché in Hanoi, and Colonel Paul Girard attended"
        " the ceremony.\n"
    )
    assert officials_of(text).get("paul girard") is None


def test_an_office_of_a_body_in_lower_case_names_the_country_of_the_body():
    # VOV World: "with commander of the Royal <country> Navy <honorific> <name>, <host> …"
    text = (
        "Defence Minister receives naval chief\n\n"
        "At a meeting on Monday with commander of the Royal Thai Navy Somsak Wongsuwan, Vietnamese"
        " Minister of National Defence Tran Van Minh praised the two navies' joint patrols.\n"
        "The Indonesian Ambassador Budi Santoso also attended.\n"
    )
    found = officials_of(text)
    assert found["somsak wongsuwan"] == "TH" and found["tran van minh"] == "VN"


def test_the_next_clauses_subject_after_a_comma_is_not_an_office_of_the_name_before():
    # "At the talks with <office> <A>, <demonym> <office> <B> said …": B's office is not A's.
    found = extract(
        clean(
            "At the talks with Defence Minister Karim Haddad, Vietnamese Minister of National"
            " Defence Tran Van Minh said the two armies would train together.\n",
            "page.txt",
        )
    ).officials
    karim = next(o for o in found if o.key == "karim haddad")
    assert karim.country != "VN" and "Tran Van Minh" not in (karim.title or "")


def test_an_exchange_named_before_an_appositive_rank_is_no_person():
    # Việt Nam News: "At the … Border Defence Friendship Exchange, General <A>, <office>, …"
    text = (
        "TÂY NINH — At the third Việt Nam–Laos Border Defence Friendship Exchange, General Tran"
        " Van Minh, Việt Nam’s Minister of National Defence, and General Chansamone Chanyalath,"
        " Laos’s Minister of National Defence, reviewed the border cooperation.\n"
    )
    keys = set(officials_of(text))
    assert "friendship exchange" not in keys and "tran van minh" in keys


def test_the_head_of_a_delegation_set_off_by_commas_is_an_official_of_its_country():
    # VOV: "The head of the <country> delegation, <name>, said …" (no rank, no office word).
    text = (
        "Young victims of war meet in Hanoi\n\n"
        "Children of veterans from Vietnam and France met in Hanoi on June 3 to share their stories."
        " The head of the French delegation, Claire Dubois, said the visit had moved her deeply.\n"
    )
    assert officials_of(text).get("claire dubois") == "FR"


def test_a_member_of_a_delegation_listed_with_others_is_no_head():
    text = (
        "The members of the French delegation, Claire Dubois and Marc Petit, visited a school in"
        " Hanoi on June 3.\n"
    )
    assert "claire dubois" not in officials_of(text)
