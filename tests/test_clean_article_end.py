"""Where a plain-text copy's article ends and what around it is furniture (issue 13, holdout 5's
classes), on fixtures of our own written in the outlets' layouts (never copied pages)."""

from __future__ import annotations

from searcher.clean import clean
from searcher.extract import extract


def _both(text: str):
    cleaned = clean(text, "page.txt")
    return cleaned, extract(cleaned)


def test_a_bare_signoff_glued_to_the_last_paragraph_ends_the_article():
    # Việt Nam News: the last paragraph ends "… ties. VNS", the page's footer link under it.
    text = (
        "Việt Nam, Malaysia coast guards hold talks\n\n"
        "May 4, 2025 - 09:12\n\n"
        "HÀ NỘI – Officers of the coast guards of Việt Nam and Malaysia met in Hà Nội on May 3 to"
        " review their hotline and plan a joint search and rescue drill later this year.\n\n"
        "The two sides agreed to exchange information on fishing boats in distress and to train"
        " their crews together at sea, strengthening the ties. VNS\n\n"
        "E-paper\n"
    )
    cleaned, found = _both(text)
    assert "E-paper" not in cleaned.body
    assert cleaned.paragraphs[-1].endswith("strengthening the ties.")
    assert found.outlet == "VNS"


def test_a_bare_code_ending_a_paragraph_with_prose_after_it_is_no_end():
    text = (
        "Việt Nam, Thailand navies hold staff talks\n\n"
        "The navies of Việt Nam and Thailand held their annual staff meeting in Bangkok on Tuesday,"
        " the first since the two navies signed a memorandum on training. VNA\n\n"
        "They reviewed the joint patrol of the maritime boundary and agreed to hold the next round"
        " in Hải Phòng, with a visit by a Thai frigate to the port at the same time.\n"
    )
    cleaned, _ = _both(text)
    assert "Hải Phòng" in cleaned.body and "signed a memorandum" in cleaned.body


def test_captions_placing_people_in_the_photo_with_ordinals_and_shortened_ranks():
    # QDND: uncredited captions on their own lines, one after another, the ranks shortened.
    text = (
        "At the talks, the two ministers reviewed the defence cooperation of the two countries"
        " over the past five years, especially in training, war legacy and peacekeeping.\n\n"
        "Defense Minister Tran Quoc Binh (second from the left) and the Vietnamese delegation\n"
        "Minister Hugo Lambert (third from the right) and members of his delegation\n\n"
        "The French minister thanked his host and said the two sides would keep working to bring"
        " the defence ties to the level of the strategic partnership between the two nations.\n\n"
        "Deputy Defense Minister Sr. Lt. Gen. Le Quang Minh (left) and his guest at the ceremony\n\n"
        "Gen. Minh said the arrangement was a new legal framework for cooperation between the"
        " two armies in the years ahead, in peacekeeping and in military medicine.\n"
    )
    cleaned, found = _both(text)
    assert "from the" not in cleaned.body and "(left)" not in cleaned.body
    assert len(cleaned.paragraphs) == 3
    keys = {o.key for o in found.officials}  # (a caption still names the article's people)
    assert {"tran quoc binh", "hugo lambert", "le quang minh"} <= keys
