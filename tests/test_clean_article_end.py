"""Where a plain-text copy's article ends and what around it is furniture (issue 13, holdout 5's
classes), on fixtures of our own written in the outlets' layouts (never copied pages)."""

from __future__ import annotations

from tests.conftest import read_page


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
    cleaned, found = read_page(text)
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
    cleaned, _ = read_page(text)
    assert "Hải Phòng" in cleaned.body and "signed a memorandum" in cleaned.body


def test_the_follow_box_under_the_article_ends_it_and_the_teaser_after_it_goes():
    # VOV: the Vietnamese follow-us box, then another story's headline (twice) and its lede.
    text = (
        "Two engineers leave for a UN mission\n\n"
        "VOV.VN - The Department of Peacekeeping Operations on August 2 saw off two army engineers"
        " who will serve with the UN Interim Security Force for Abyei for a year.\n\n"
        "Speaking at the ceremony, the department's director asked them to follow the mission's"
        " rules and to keep in touch with the unit at home during their tenure.\n\n"
        "Mời quý độc giả theo dõi VOV.VN trên\n\n"
        "Field hospital staff complete a language course\n"
        "Field hospital staff complete a language course\n\n"
        "VOV.VN - A language course for the staff of a level-two field hospital closed in Hanoi on"
        " July 9 after eight weeks of\n"
    )
    cleaned, found = read_page(text)
    assert "language course" not in cleaned.body
    assert cleaned.paragraphs[-1].endswith("during their tenure.")
    assert any(r.reason == "prompt" and "theo dõi" in r.text for r in cleaned.removed)
    assert found.outlet == "VOV"


def test_a_follow_prompt_above_the_story_does_not_end_it():
    text = (
        "Follow us on Google News\n\n"
        "Vietnam, India hold defence policy dialogue\n\n"
        "Vietnam and India held their defence policy dialogue in New Delhi on Friday and agreed to"
        " expand cooperation in training, shipbuilding and UN peacekeeping.\n\n"
        "The two delegations also discussed cyber security and search and rescue at sea.\n"
    )
    cleaned, _ = read_page(text)
    assert "Google News" not in cleaned.body
    assert "search and rescue at sea" in cleaned.body


def test_a_follow_prompt_inside_the_article_does_not_end_it():
    # A follow-us line between an article's paragraphs (a recipe's "Follow us on Pinterest"
    # before its steps): more prose follows, so the article goes on to its end.
    text = (
        "A weekday loaf for beginners\n\n"
        "This loaf needs no machine and no starter, only flour, water, salt and a little yeast,"
        " and it is ready in an afternoon if the kitchen is warm enough.\n\n"
        "Follow us on Pinterest\n\n"
        "Mix the yeast with warm water and leave it for five minutes, then stir in half of the"
        " flour and leave the bowl covered for another ten minutes before going on.\n\n"
        "Add the rest of the flour and the salt, knead the dough on a floured board for five"
        " minutes, and let it rise in an oiled tin until it has doubled in size.\n\n"
        "Bake it in a hot oven for twenty minutes, then let it cool on a rack for ten minutes"
        " before slicing, so that the crumb sets and the crust stays crisp.\n"
    )
    cleaned, _ = read_page(text)
    assert "knead the dough" in cleaned.body
    assert cleaned.paragraphs[-1].endswith("the crust stays crisp.")


def test_captions_placing_people_in_the_photo_with_ordinals_and_shortened_ranks():
    # QDND: uncredited captions on their own lines, one after another, the ranks shortened.
    text = (
        "At the talks, the two ministers reviewed the defence cooperation of the two countries"
        " over the past five years, especially in training, war legacy and peacekeeping.\n\n"
        "General Tran Quoc Binh (second from the left) with officers of his delegation\n"
        "Minister Hugo Lambert (third from the right) and members of his delegation\n\n"
        "The French minister thanked his host and said the two sides would keep working to bring"
        " the defence ties to the level of the strategic partnership between the two nations.\n\n"
        "Deputy Defense Minister Sr. Lt. Gen. Le Quang Minh (left) and his guest at the ceremony\n\n"
        "Gen. Minh said the arrangement was a new legal framework for cooperation between the"
        " two armies in the years ahead, in peacekeeping and in military medicine.\n"
    )
    cleaned, found = read_page(text)
    assert "from the" not in cleaned.body and "(left)" not in cleaned.body
    assert len(cleaned.paragraphs) == 3
    keys = {o.key for o in found.officials}  # (a caption still names the article's people)
    assert {"tran quoc binh", "hugo lambert", "le quang minh"} <= keys


def test_an_outlet_line_between_the_summary_and_the_dated_lede_is_a_credit_not_the_end():
    # Việt Nam News' older layout: summary, a credited photo, a stray "Viet Nam News" line,
    # then the dateline and the lede repeated with the rest of the story under it.
    text = (
        "Indian frigate calls at Cam Ranh\n\n"
        "March 11, 2019 - 08:30\n\n"
        "An Indian Navy frigate with 250 sailors docked at Cam Ranh International Port on Sunday"
        " for a four-day goodwill visit to the south-central province.\n\n"
        "Sailors of the frigate are greeted at the port on Sunday. — VNS Photo Minh Khoa\n"
        "Viet Nam News\n\n"
        "KHÁNH HÒA — An Indian Navy frigate with 250 sailors docked at Cam Ranh International Port"
        " on Sunday for a four-day goodwill visit to the south-central province.\n\n"
        "During the stay the crew will play a friendly football match with local naval officers"
        " and tour the naval academy in Nha Trang.\n"
    )
    cleaned, found = read_page(text)
    assert "friendly football match" in cleaned.body
    assert cleaned.body.count("250 sailors") == 1
    assert "Viet Nam News" not in cleaned.body
    assert found.outlet == "VNS"
