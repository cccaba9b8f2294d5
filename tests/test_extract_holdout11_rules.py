"""Holdout 11's classes (issue 13), on invented text in the outlets' styles (never a copied
page): an appositive office ends at a clause ("during talks with …"), a body's plural word is
no name, a hyphened pair naming a relation is reported, a name's initial ends no sentence."""

from __future__ import annotations

from tests.conftest import officials_of, pairs_of


def test_an_appositive_office_ends_where_a_clause_begins():
    text = (
        "Việt Nam, Ruritania boost defence industry ties\n\n"
        "HÀ NỘI — Closer ties in defence industry were the aim stated by General Trần Văn Bình,"
        " Minister of National Defence while hosting Secretary of Ruritanian Defence"
        " Industries Karel Novak, now on a visit to Việt Nam. — VNS\n"
    )
    found = officials_of(text)
    assert found.get("tran van binh") == "VN"  # (the guest's country was his: "Ruritanian")
    assert "karel novak" in found and not any(k.startswith("industries") for k in found)


def test_a_hyphened_pair_that_names_a_relation_is_reported_however_briefly():
    text = (
        "Defence ties: pillars of two partnerships\n\n"
        "Work on defence stands out both in the Vietnam-Russia strategic partnership and,"
        " on a smaller scale, in the Vietnam-Belarus cooperative relations.\n\n"
        "Vietnam and Russia have kept their dialogue on defence strategy, and Russian Defence"
        " Minister Ivan Petrov visited Vietnam, where he met Vietnamese Defence Minister Le Van"
        " Nam. The two ministers agreed to widen training. Russian and Vietnamese officers also"
        " held talks on technical cooperation.\n"
    )
    assert pairs_of(text) == ("BY-VN", "RU-VN")


def test_a_relation_word_far_from_the_hyphened_pair_does_not_make_one():
    text = (
        "Vietnam, Russia review defence ties\n\n"
        "Russian Defence Minister Ivan Petrov met Vietnamese Defence Minister Le Van Nam in Hanoi"
        " on Monday. They recalled the Vietnam-Belarus military exercise of past years and the"
        " value of the many regional ties in defence.\n"
    )
    assert "BY-VN" not in pairs_of(text)


def test_a_name_s_initial_ends_no_sentence():
    text = (
        "Vietnam strengthens defence ties with Ruritania, Philippines\n\n"
        "Vientiane (VNA) – Sen. Lt. Gen. Le Van Nam, Deputy Minister of National Defence, had"
        " separate bilateral talks with Ruritanian Deputy Minister of Defence Karel Novak and Philippine"
        " Undersecretary of National Defence Jose R. Santos in Vientiane, Laos, on May 5.\n\n"
        "The meetings took place on the sidelines of an ASEAN defence meeting.\n"
    )
    assert set(pairs_of(text)) >= {"PH-VN"}
