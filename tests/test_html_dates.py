"""HTML publication dates (issue 14, item 6): found where pages put them, in order of how
specific they are, and handed to the extractor as ``Hints.meta_date``; a date the page marks
as a change never counts while a publication date is there."""

from __future__ import annotations

import pytest

from searcher.clean import clean
from searcher.clean.html import day_of
from searcher.extract import extract

LEDE = (
    "<p>The two navies held a joint search and rescue exercise off the coast on Tuesday, with "
    "three ships and a helicopter taking part, the organisers said in a statement.</p>"
    "<p>They agreed to hold the exercise every year and to invite observers from other "
    "countries of the region to the next one.</p>"
)


def _page(head: str = "", before: str = "", body: str = LEDE, after: str = "") -> str:
    return (
        f"<!DOCTYPE html><html><head><title>Navies hold joint drill</title>{head}</head><body>"
        f"<div class='menu'><a href='/'>Home</a> <a href='/news'>News</a></div>"
        f"<div class='post'><h1>Navies hold joint drill</h1>{before}"
        f"<div class='post-content'>{body}</div>{after}</div></body></html>"
    )


def _date(markup: str, url: str | None = None) -> tuple[str | None, str | None]:
    from searcher.models import Hints

    cleaned = clean(markup, "page.html", Hints(url=url) if url else None)
    found = extract(cleaned)
    return cleaned.hints.meta_date, found.date.isoformat() if found.date else None


CASES = [
    # meta tags: the publication's, kept as written; the change's never first
    (
        _page(
            "<meta property='article:modified_time' content='2021-05-09T10:00:00+02:00'>"
            "<meta property='article:published_time' content='2021-05-01T08:00:00+02:00'>"
        ),
        "2021-05-01",
    ),
    # JSON-LD: the article's datePublished, not its dateModified, not another item's date
    (
        _page(
            '<script type=\'application/ld+json\'>{"@graph": [{"@type": "WebSite", '
            '"datePublished": "2010-01-01"}, {"@type": "NewsArticle", "dateModified": '
            '"2022-03-04", "datePublished": "2022-03-01T09:00:00Z"}]}</script>'
        ),
        "2022-03-01",
    ),
    # JSON-LD wrapped in CDATA, as some publishing systems print it
    (
        _page(
            '<script type=\'application/ld+json\'><![CDATA[{"@type": "Article", '
            '"datePublished": "2003-02-28T21:51:08Z"}]]></script>'
        ),
        "2003-02-28",
    ),
    # a <time> in the article's header; the sidebar's list of other stories has its own
    (
        _page(
            before="<time datetime='2020-04-09T07:59:57+02:00'>9 April</time>",
            after="<aside><ul><li><time datetime='2020-04-20'>20 April</time> Other</li></ul></aside>",
        ),
        "2020-04-09",
    ),
    # an <abbr class="published" title=…> (Blogger)
    (
        _page(before="<abbr class='published' title='2017-09-09T10:52:00+02:00'>10:52</abbr>"),
        "2017-09-09",
    ),
    # a visible German date in a date-named element
    (_page(before="<span class='meta-date'>Veröffentlicht am 2. August 2019</span>"), "2019-08-02"),
    # a visible date by the headline in no date-named element
    (_page(before="<p class='sub'>Hamburg, 2. November 2021</p>"), "2021-11-02"),
    # a date with a time zone name in a meta tag, as an RFC date (ISO to the extractor)
    (_page("<meta name='date' content='Mon, 12 Jan 2015 10:00:00 EST'>"), "2015-01-12"),
    # only a date of change: better than none
    (_page("<meta property='article:modified_time' content='2019-11-10T13:28:18'>"), "2019-11-10"),
]


@pytest.mark.parametrize("markup,day", CASES)
def test_publication_date(markup, day):
    meta_date, found = _date(markup)
    assert found == day
    assert meta_date is not None and meta_date[:10] == day  # (handed on as ISO)


def test_address_dates_the_page():
    page = _page("<link rel='canonical' href='https://example.org/2016/05/22/navies-drill/'>")
    assert _date(page)[1] == "2016-05-22"
    assert (
        _date(_page(), url="https://example.org/news/20190802-navies-drill.html")[1] == "2019-08-02"
    )


def test_clock_line_stays_the_clock_rules():
    page = _page(before="<span class='post-date'>Wednesday, March 12, 2025, 14:00 (GMT+7)</span>")
    cleaned = clean(page, "p.html")
    assert cleaned.hints.meta_date is None
    assert cleaned.hints.article_clock == "Wednesday, March 12, 2025, 14:00 (GMT+7)"
    assert extract(cleaned).date_source == "clock"


@pytest.mark.parametrize(
    "text,day",
    [
        ("Posted on August 2, 2019 by admin", "2019-08-02"),
        ("2 de agosto de 2019", "2019-08-02"),
        ("1er mars 2020", "2020-03-01"),
        ("12 sierpnia 2019, 10:15", "2019-08-12"),
        ("Stand: 05. Februar 2020", "2020-02-05"),
        ("ngày 2 tháng 8 năm 2019", "2019-08-02"),
        ("19.12.2019 - 12:14", "2019-12-19"),
        ("2019/08/02", "2019-08-02"),
        ("31.02.2020", None),  # no such day
        ("version 3.12.1", None),
        ("1.2.2020", "2020-02-01"),  # (German: 1 February)
    ],
)
def test_day_of(text, day):
    assert day_of(text) == day


def test_us_pages_read_slashed_dates_month_first():
    assert day_of("3/4/2021") == "2021-04-03"
    assert day_of("3/4/2021", month_first=True) == "2021-03-04"
    assert day_of("25/4/2021", month_first=True) == "2021-04-25"  # (no 25th month)
