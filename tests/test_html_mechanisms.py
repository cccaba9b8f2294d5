"""Issue 14's loss mechanisms on pages of our own, written in the layouts where they were seen
(never copied pages): each page keeps its article, and what goes is in ``removed`` with a reason."""

from __future__ import annotations

import json
import warnings
from pathlib import Path

import pytest

from searcher.clean import clean
from searcher.clean.html import class_reason
from searcher.extract import extract

FIXTURES = Path(__file__).parent / "fixtures" / "html"


def _clean(name: str):
    return clean((FIXTURES / name).read_bytes(), name)


def _reasons(cleaned, reason: str) -> list[str]:
    return [r.text for r in cleaned.removed if r.reason == reason]


# 1. A teaser heading above the story (a sidebar's "Latest News") does not end the article.


def test_sidebar_heading_above_the_story_keeps_the_story():
    cleaned = _clean("sidebar-heading-first.html")
    assert cleaned.body.startswith("DA NANG, June 14 - Ships of the Vietnamese and Indian navies")
    assert cleaned.body.endswith("agreed to hold a similar exercise next year.")
    teasers = _reasons(cleaned, "teaser")
    assert "Latest News" in teasers
    assert "Port upgrade approved for Da Nang" in teasers  # (the sidebar's headlines go too)


STORY = (
    "HANOI, May 2 (VNA) – Vietnam and Cambodia agreed on Friday to step up joint patrols along "
    "their land border and to share information on smuggling, officials said after talks.\n\n"
    "The two sides also agreed to train border guard officers together at a school in Hanoi and "
    "to open two more border gates for trade before the end of the year.\n"
)


def test_plain_text_marker_above_the_story_keeps_the_story():
    text = "Vietnam, Cambodia step up border patrols\n\nRelated news\n\nLaos hosts ASEAN drill\n\n"
    cleaned = clean(text + STORY, "page.txt")
    assert cleaned.body.startswith("HANOI, May 2 (VNA)")
    assert "to open two more border gates" in cleaned.body
    assert {"Related news", "Laos hosts ASEAN drill"} <= set(_reasons(cleaned, "teaser"))


def test_plain_text_marker_after_the_story_still_ends_it():
    text = "Vietnam, Cambodia step up border patrols\n\n" + STORY + "\nRelated news\n\n"
    cleaned = clean(text + "Laos hosts ASEAN drill\n", "page.txt")
    assert cleaned.body.endswith("before the end of the year.")
    assert "Laos hosts ASEAN drill" in _reasons(cleaned, "teaser")


# 2. A container inside a <nav> or <footer> wrapper of the layout keeps its article.


def test_article_inside_a_nav_wrapper_is_kept():
    cleaned = _clean("nav-wrapper.html")
    assert cleaned.body.startswith("VIENTIANE, March 3 - Defence ministers of Laos and Vietnam")
    assert cleaned.body.endswith("agreed to meet again in Hanoi before the end of the year.")
    assert {"Home", "World"} <= set(_reasons(cleaned, "outside-article"))
    assert any("all rights reserved" in t for t in _reasons(cleaned, "page-chrome"))


# 3. A <button> left open in the menu swallows the page: it is see-through, not dropped.


def test_page_inside_an_open_button_is_kept():
    cleaned = _clean("open-button.html")
    assert cleaned.body.startswith("LAO CAI, May 9 - Border guards of Vietnam and China")
    assert "smuggling and illegal crossings" in cleaned.body
    assert "Menu" in _reasons(cleaned, "page-chrome")


# 4. Class words: layout boxes of page builders are not navigation.


def test_page_builder_boxes_are_not_navigation():
    cleaned = _clean("page-builder.html")
    assert cleaned.paragraphs == (
        "MANILA, July 8 - Japan and the Philippines signed a reciprocal access agreement on "
        "Monday that allows their forces to train on each other's soil.",
        "Officials said the pact would make joint exercises easier to organise.",
        "It still needs approval by the legislatures of both countries.",
    )
    gone = [r.text for r in cleaned.removed]
    assert "Facebook" in gone and "Navy chief visits Cam Ranh" in gone


@pytest.mark.parametrize(
    "hint,reason",
    [
        ("elementor-widget-wrap elementor-element-populated", None),  # a builder's layout box
        ("elementor-widget-container", None),
        ("widget widget_recent_entries", "navigation"),  # a sidebar's widget
        ("sidebar-wrapper", "navigation"),  # an unambiguous word counts in a wrapper's name
        ("comments-area", "comments"),
        ("field field--label-hidden", None),  # the label is hidden, not the field
        ("hidden", "page-chrome"),
        ("entryfooter", "page-chrome"),  # a word written into another
        ("news-letter-box", "page-chrome"),  # a word written in two parts
        ("full news commentary article", None),  # a commentary is an article
        ("post-content entry-content", None),
    ],
)
def test_class_words(hint, reason):
    assert class_reason(hint) == reason


def test_builder_widget_sharing_the_articles_layout_is_kept():
    page = (
        "<html><body><div class='builder-row builder-el'><div class='builder-el builder-widget'>"
        "<p>The two defence ministries signed a memorandum on training cooperation in Hanoi on "
        "Monday, covering officer courses and language training for the next five years.</p>"
        "</div><div class='builder-el builder-widget'><p>Short closing paragraph here.</p></div>"
        "<div class='builder-el builder-widget'><p>Another paragraph of the same article, which "
        "says the ministries will meet again next spring to review the plan.</p></div>"
        "</div></body></html>"
    )
    assert "Short closing paragraph here." in clean(page, "p.html").body


# 5. A <title> left open does not turn the page's markup and scripts into its title and body.


def test_unclosed_title_is_closed():
    cleaned = _clean("unclosed-title.html")
    assert cleaned.title == "Coast guards of Vietnam and Indonesia meet"
    assert "dataLayer" not in cleaned.body and "<" not in cleaned.body
    assert cleaned.body.startswith("JAKARTA, August 20 - The coast guards")


# 7. No warnings from the parser or the date parser reach stderr.


def test_xml_page_with_a_time_zone_name_raises_no_warning():
    page = (
        '<?xml version="1.0" encoding="utf-8"?>\n<!DOCTYPE html>\n'
        '<html xmlns="http://www.w3.org/1999/xhtml"><head><title>Talks held</title>'
        '<meta name="date" content="Mon, 12 Jan 2015 10:00:00 EST"/></head><body>'
        "<div class='article-body'><p>The two sides held talks on bilateral cooperation in "
        "Hanoi and agreed to meet again next year in Vientiane.</p></div></body></html>"
    )
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        cleaned = clean(page.encode(), "x.xhtml")
        found = extract(cleaned)
    assert cleaned.hints.meta_date == "2015-01-12"
    assert found.date is not None and found.date.isoformat() == "2015-01-12"


def test_explain_output_says_where_each_block_went(cli):
    data = json.loads(cli("clean", str(FIXTURES / "nav-wrapper.html"), "--format", "json").output)
    assert {"reason": "outside-article", "text": "World"} in data["removed"]
    explained = cli("clean", str(FIXTURES / "open-button.html"), "--explain").output
    assert "outside-article" in explained and "page-chrome" in explained
