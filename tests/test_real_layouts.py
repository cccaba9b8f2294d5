"""The failure classes of issue 13 on fixtures of our own, written in the outlets' real layouts
(never copied pages): glued sign-offs and captions, credits under the headline, outlet tags,
prompts, officials' countries and pairs."""

from __future__ import annotations

from searcher.clean import clean
from searcher.extract import extract


def _both(text: str):
    cleaned = clean(text, "page.txt")
    return cleaned, extract(cleaned)


def test_glued_signoff_names_the_outlet_and_leaves_the_body():
    text = (
        "Deputy Defence Minister Le Van Tam (left) and his guest in Hanoi (Photo: qdnd.vn)\n\n"
        "– Deputy Defence Minister Le Van Tam met Colonel Aung Min, deputy chief of Myanmar's"
        " military training department, in Hanoi on June 3.They agreed to expand training ties"
        " within the ASEAN Defence Ministers' Meeting Plus.-VNA\n"
    )
    cleaned, found = _both(text)
    assert found.outlet == "VNA"
    assert cleaned.body.endswith("Meeting Plus.")
    assert "June 3. They agreed" in cleaned.body  # the lost space is back
    assert [o.key for o in found.officials] == ["le van tam", "aung min"]  # no "Meeting Plus"
    assert found.country_pairs == ("MM-VN",)


def test_source_line_under_the_headline_is_a_credit_not_the_end():
    text = (
        "Viet Nam, Laos boost border ties\n\nSource: VNS\n\n"
        "Border guards of the two countries held talks in Lao Cai on Monday about joint patrols"
        " along the shared border and pledged closer cooperation.\n\n"
        "The two sides agreed to meet again next year.\n"
    )
    cleaned, found = _both(text)
    assert "next year" in cleaned.body and "joint patrols" in cleaned.body
    assert found.outlet == "VNS"


def test_caption_glued_to_the_dateline_is_split_off():
    text = (
        "Minister Tran Binh (R) and Ambassador Kim Soo at the meeting (Source: VNA)Hanoi (VNA) –"
        " Minister Tran Binh received South Korean Ambassador to Vietnam Kim Soo on May 4.\n\n"
        "They discussed defence industry cooperation between the two countries.\n"
    )
    cleaned, found = _both(text)
    assert cleaned.paragraphs[0].startswith("Hanoi (VNA) – Minister")
    assert any(r.reason == "caption" and "(Source: VNA)" in r.text for r in cleaned.removed)
    kim = next(o for o in found.officials if o.key == "kim soo")
    assert kim.country == "KR"  # not VN: "to Vietnam" is where he is posted
    assert found.country_pairs == ("KR-VN",)


def test_outlet_tag_and_prompts_are_not_article_text():
    text = (
        "Vietnam, Japan talk air defence\n\n"
        "(VOVworld) – Chief of the General Staff Sen. Lieut. Gen. Hoang Duc met Japanese Air Staff"
        " chief General Ito Ken in Hanoi on Monday to discuss training cooperation.\n\n"
        "Both sides agreed to step up delegation exchanges.\n\n"
        "Follow VOV on Google News\n\nFeedback\n\nOthers\n\nVietnam, Cuba sign an accord\n"
    )
    cleaned, found = _both(text)
    assert cleaned.paragraphs[0].startswith("Chief of the General Staff")
    assert "Google News" not in cleaned.body and "Cuba" not in cleaned.body
    assert found.outlet == "VOV"
    assert found.country_pairs == ("JP-VN",)


def test_a_list_of_partners_is_not_a_pair_and_a_home_host_meets_each():
    text = (
        "Defence Minister hosts Thai, Indian ambassadors\n\n"
        "Minister of National Defence General Vo Quang received Thai Ambassador Somchai Dee and"
        " Indian Ambassador Ravi Rao in Hanoi on April 2.\n\n"
        "Delegates from Japan and Australia also attended the ceremony./.\n"
    )
    _, found = _both(text)
    assert found.country_pairs == ("IN-VN", "TH-VN")
    assert found.outlet == "VNA"  # the "/." end mark is VNA's house style


def test_a_short_articles_signoff_is_its_signoff_not_a_credit():
    cleaned, found = _both("Talks held\n\nThe two ministers met in Hanoi on Monday.\n\nVNA\n")
    assert found.outlet == "VNA"
    assert ("VNA", "sign-off") in cleaned.hints.outlets
