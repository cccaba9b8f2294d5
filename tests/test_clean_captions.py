"""Uncredited captions between a plain-text copy's paragraphs (issue 13, holdout 6's classes),
on fixtures of our own written in the outlets' layouts (never copied pages)."""

from __future__ import annotations

from searcher.clean import clean

_BEFORE = (
    "The delegation of the General Department of Logistics on Monday visited several military"
    " units in Hà Nội to mark the day of Vietnamese doctors, meeting their staff and patients.\n\n"
)
_AFTER = (
    "\n\nSpeaking at the visits, the head of the delegation said the units had kept high standards"
    " of care in the past year and asked them to keep training their young doctors and nurses.\n"
)


def test_a_caption_of_one_sentence_congratulating_its_host_goes():
    # QDND: a one-line caption in the photo's present tense, between two paragraphs.
    cleaned = clean(
        _BEFORE + "The delegation congratulates Military Hospital 175." + _AFTER, "p.txt"
    )
    assert "congratulates" not in cleaned.body
    assert "young doctors" in cleaned.body and "day of Vietnamese doctors" in cleaned.body


def test_a_paragraph_reporting_congratulations_in_the_past_stays():
    line = "The delegation congratulated the hospital on its achievements."
    cleaned = clean(_BEFORE + line + _AFTER, "p.txt")
    assert line in cleaned.body


def test_a_caption_of_the_moment_the_photo_caught_goes():
    # QDND: "<ship> is about to dock at …", a present the photo shows, not a report.
    line = "Corvette 012 - Ly Thai To is about to dock at Tien Sa Port."
    cleaned = clean(_BEFORE + line + _AFTER, "p.txt")
    assert "about to dock" not in cleaned.body
    assert "young doctors" in cleaned.body


def test_a_sentence_saying_how_things_stand_stays():
    line = "The hospital is now able to treat patients with severe burns."
    cleaned = clean(_BEFORE + line + _AFTER, "p.txt")
    assert line in cleaned.body


def test_a_prompt_introducing_the_photos_goes_even_without_its_to():
    # QDND's gallery lead-in, its "to" dropped: "<outlet> would like introduce some photos …"
    line = "The newspaper would like introduce some photos of the trip"
    cleaned = clean(_BEFORE + line + _AFTER, "p.txt")
    assert "introduce some photos" not in cleaned.body
    assert "young doctors" in cleaned.body


def test_a_caption_of_a_signing_goes_and_a_signing_reported_stays():
    line = "The two sides sign the cooperation plan for the next year."
    cleaned = clean(_BEFORE + line + _AFTER, "p.txt")
    assert "sign the cooperation plan" not in cleaned.body
    reported = "The two sides signed the cooperation plan for the next year."
    assert reported in clean(_BEFORE + reported + _AFTER, "p.txt").body


def test_a_caption_above_an_excerpts_cut_last_paragraph_goes():
    line = "The delegation pays a courtesy call on the director of Military Hospital 175."
    cut = "\n\nWithin the framework of the visit, the delegation also toured the hosp"
    cleaned = clean(_BEFORE + line + cut, "p.txt")
    assert "courtesy call" not in cleaned.body
    assert "Within the framework of the visit" in cleaned.body
    short = "\n\nThe hospital was founded in 1975."  # (a short last paragraph, ended: prose)
    assert line in clean(_BEFORE + line + short, "p.txt").body


def test_a_caption_of_a_speaker_or_a_chair_goes_and_the_same_reported_stays():
    # QDND: who speaks at or chairs the event, in the photo's present, one line between two.
    for line in (
        "Colonel Hoang Van Minh speaks at the seminar.",
        "General Le Tan Dat chairs the meeting.",
    ):
        cleaned = clean(_BEFORE + line + _AFTER, "p.txt")
        assert line not in cleaned.body
        assert "young doctors" in cleaned.body
    for reported in (
        "Colonel Hoang Van Minh spoke at the seminar.",
        "General Le Tan Dat chaired the meeting.",
    ):
        assert reported in clean(_BEFORE + reported + _AFTER, "p.txt").body


def test_a_caption_of_the_delegates_at_the_event_goes_and_a_sentence_about_them_stays():
    line = "Delegates at the seminar"
    cleaned = clean(_BEFORE + line + _AFTER, "p.txt")
    assert line not in cleaned.body
    assert "young doctors" in cleaned.body
    prose = "Delegates at the seminar agreed to meet again in the spring."
    assert prose in clean(_BEFORE + prose + _AFTER, "p.txt").body


def test_a_caption_of_a_ceremony_and_its_purpose_goes():
    # QDND: "At the <event> to <purpose>" on its own line between table rows or paragraphs.
    line = "At the ceremony to welcome the new doctors of the military hospital"
    cleaned = clean(_BEFORE + line + _AFTER, "p.txt")
    assert line not in cleaned.body
    assert "young doctors" in cleaned.body


_SECOND = (
    "The units' doctors showed the guests their new wards and the machines bought this year, and"
    " told them how the hospitals had cut the time patients wait for an operation.\n\n"
)


def test_a_caption_of_who_meets_with_the_leaders_goes_and_the_meeting_reported_stays():
    # QDND: "<rank> <name> meets with leaders of …", one line between two paragraphs.
    line = (
        "Sr. Lt. Gen. Hoang Van Minh meets with leaders of the military hospitals at the seminar."
    )
    cleaned = clean(_BEFORE + line + _AFTER, "p.txt")
    assert line not in cleaned.body
    assert "young doctors" in cleaned.body
    reported = "Colonel Hoang Van Minh met with leaders of the military hospitals at the seminar."
    assert reported in clean(_BEFORE + reported + _AFTER, "p.txt").body


def test_a_bare_caption_of_a_ship_with_only_before_or_after_as_its_small_word_goes():
    line = "Ship 18 before entering Lam Son city's naval port"
    cleaned = clean(_BEFORE + _SECOND + line + _AFTER, "p.txt")
    assert line not in cleaned.body
    assert "young doctors" in cleaned.body


def test_a_long_caption_of_who_is_welcoming_whom_goes():
    # QDND: the pictured officer, his offices after a comma, then what he is doing, with no
    # full stop (a paragraph of prose ends in one and says what happened in the past).
    line = (
        "Senior Captain Tran Van Hoa, Deputy Commander of Naval Region 2 and head of the"
        " delegation of the Vietnam People’s Navy, welcoming the captain and crew of the"
        " Korean ship to Ship 18"
    )
    cleaned = clean(_BEFORE + _SECOND + line + _AFTER, "p.txt")
    assert line not in cleaned.body
    assert "young doctors" in cleaned.body


def test_a_caption_whose_credit_was_cut_after_its_label_goes():
    # QDND: "<who is pictured>. Photo:" with the credit's name lost at the line's end; a
    # paragraph that speaks of photos stays.
    line = "Colonel Le Van Binh greeting the visiting Finnish attaché, Anna Koski. Photo:"
    cleaned = clean(_BEFORE + line + _AFTER, "p.txt")
    assert "Anna Koski" not in cleaned.body
    assert "young doctors" in cleaned.body and "day of Vietnamese doctors" in cleaned.body
    kept = "The photos of the first ship of the brigade were shown to the guests in 1975."
    assert kept in clean(_BEFORE + kept + _AFTER, "p.txt").body


def test_a_caption_naming_a_minister_and_his_counterpart_goes():
    # QDND: a photo of two officials, named on one line with no verb and no other small word
    # than the possessive ("<office> <name> and his <country> counterpart <name>").
    line = "Defence Minister Tran Quoc Bao and his Lao counterpart Somsak Vongphet"
    cleaned = clean(_BEFORE + _SECOND + line + _AFTER, "p.txt")
    assert "Somsak Vongphet" not in cleaned.body
    assert "young doctors" in cleaned.body and "day of Vietnamese doctors" in cleaned.body
    # (the caption's people are still the article's officials: it goes to the removed captions)
    assert line in [r.text for r in cleaned.removed if r.reason == "caption"]


def test_a_sentence_about_a_minister_and_his_counterpart_stays():
    for kept in (
        "Defence Minister Tran Quoc Bao and his Lao counterpart held talks in Vientiane.",
        "Tran Quoc Bao and His Team",  # (a subheading: short, in title case)
    ):
        assert kept in clean(_BEFORE + _SECOND + kept + _AFTER, "p.txt").body


def test_a_caption_of_the_two_ministers_witnessing_a_signing_goes():
    # QDND: "The two <who> <present verb> …", ending with a document's name in quotes.
    line = (
        "The two defence ministers witness the two coast guards signing the “Plan for Joint"
        " Patrols in the Gulf of Tonkin.”"
    )
    for caption in (line, "The two navy commanders witness a search and rescue drill at sea."):
        cleaned = clean(_BEFORE + caption + _AFTER, "p.txt")
        assert "witness" not in cleaned.body
        assert "young doctors" in cleaned.body and "day of Vietnamese doctors" in cleaned.body


def test_the_two_ministers_reported_or_quoted_stay():
    for kept in (
        # (reported in the past)
        "The two defence ministers witnessed the signing of the “Plan for Joint Patrols.”",
        # (a quote of speech: words in lower case)
        "The two ministers witness the drill, “a fine show of our friendship and trust.”",
        # (the two of something that is no subject of a caption verb)
        "The two countries now trade goods worth ten billion dollars a year.",
    ):
        assert kept in clean(_BEFORE + kept + _AFTER, "p.txt").body


def test_a_caption_of_a_visit_closing_with_the_photos_date_and_a_full_stop_goes():
    # QDND: "Visiting <rank> <name>, <office> and <rank> <name>, <office> in <month> <year>."
    # (no verb: the full stop after the date makes no sentence of it)
    line = (
        "Visiting Major General Anan Srisuk, Commander of the Royal Thai Army's Second Region and"
        " Colonel Le Van Binh, Deputy Commander of Military Region 4 in May 2016."
    )
    for caption in (line, "Colonel Le Van Binh receiving the visiting cadets on 12 March 2019."):
        cleaned = clean(_BEFORE + _SECOND + caption + _AFTER, "p.txt")
        assert "Le Van Binh" not in cleaned.body
        assert "young doctors" in cleaned.body and "day of Vietnamese doctors" in cleaned.body


def test_a_dated_one_line_paragraph_stays():
    for kept in (
        # (nothing pictured: a sentence in the historic present)
        "Vietnam and Laos establish a joint commission on their border in 1977.",
        # (a verb of prose)
        "Officers attending the course arrived in Hanoi in May 2016.",
        # (the date not at the end: the year still marks prose)
        "Cadets visiting the academy in 2016 with their teachers from the north",
    ):
        assert kept in clean(_BEFORE + _SECOND + kept + _AFTER, "p.txt").body
