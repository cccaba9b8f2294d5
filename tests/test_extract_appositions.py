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
        "(VOVworld)- On Tuesday, Vice President Le Thi Minh received the Cambodian Defence"
        " Minister, General Sok Vanna.\n"
        "Both sides reviewed the defence cooperation of the two neighbours over the past year and"
        " agreed to expand officer training and search and rescue drills.\n"
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


def test_the_unaccented_middle_name_the_is_part_of_a_vietnamese_name():
    # VOV: names without accents; Thế is written "The"
    text = (
        "Two officers leave for a UN mission\n\n"
        "VOV.VN - Deputy Minister Sen. Lieut. Gen. Vo Hai Long on July 2 presented the decisions"
        " to Maj. Pham The Vinh and Capt. Dang Thu Ha, who will serve at the UN headquarters.\n\n"
        "He asked the officers to follow the rules of the UN and to keep in touch with the"
        " ministry during their tenure, and met Colonel Bui Hai. The two officers thanked him.\n"
    )
    found = _found(text)
    vinh = next(o for o in found.officials if o.key == "pham the vinh")
    assert vinh.country == "VN"
    assert "bui hai" in {o.key for o in found.officials}  # (a sentence's "The" is not his)


def test_a_one_word_name_after_a_rank_is_a_person_of_a_country_of_single_names():
    text = (
        "Naval cadets of Việt Nam and Indonesia meet\n\n"
        "SURABAYA – A delegation of the Việt Nam Naval Academy on June 4 paid a courtesy call on"
        " Chief of Staff of the Indonesian Navy Rear Admiral Wibowo.\n\n"
        "Wibowo said the visit would help the young sailors of the two navies know each other"
        " better. The delegation later toured a frigate with Major General Hartono. VNS\n"
    )
    found = _found(text)
    wibowo = next(o for o in found.officials if o.key == "wibowo")
    assert wibowo.country == "ID"
    assert "hartono" not in {o.key for o in found.officials}  # (a rank alone names no country)


def test_a_name_running_into_the_cut_of_an_excerpt_is_not_taken():
    # an excerpt cut at a length, mid-sentence, inside a name
    text = (
        "Vietnam, Serbia to boost defence ties\n\n"
        "Hanoi (VNA) – Vice President Vo Thi Lan received Serbian Defence Minister Bojan Ilic"
        " in Hanoi on October 3, saying Vietnam treasures its traditional friendship with Serbia.\n\n"
        "Minister Bojan Ilic thanked his hosts and said talks on training and military medicine"
        " earlier in the day had gone well with Deputy Defence Minister Tran Van\n"
    )
    keys = [o.key for o in _found(text).officials]
    assert "vo thi lan" in keys and not any(k.startswith("tran van") for k in keys)


def test_a_name_ending_the_last_sentence_of_a_whole_text_is_taken():
    text = (
        "Vietnam, Serbia to boost defence ties\n\n"
        "Hanoi (VNA) – Vice President Vo Thi Lan received Serbian Defence Minister Bojan Ilic"
        " in Hanoi on October 3, saying Vietnam treasures its traditional friendship with Serbia.\n\n"
        "Minister Bojan Ilic thanked his hosts and said talks on training and military medicine"
        " earlier in the day had gone well with Deputy Defence Minister Tran Van Binh.\n"
    )
    assert "tran van binh" in [o.key for o in _found(text).officials]
