"""The article's container when a page's prose points elsewhere (issue 14, the trafilatura-eval
pages whose whole article was lost): markup that names the article or the page's main content
wins over a sidebar, a sign-up dialog or a cookie notice with more prose; a box its CMS calls a
teaser that links nowhere is the article's; the page's ``<main>`` is never in a zone. Pages of
our own, written in the layouts where the losses were seen."""

from __future__ import annotations

from searcher.clean import clean

STORY = (
    "The defence ministers of Vietnam and Japan met in Hanoi on Monday and agreed to hold a "
    "first joint search and rescue exercise of their coast guards next spring.",
    "Both sides also discussed training for officers, the repair of ships and a programme for "
    "young officers to study at each other's academies, the ministry said in a statement.",
)
FILLER = (
    "Our association has been working for more than twenty years to bring people together, "
    "and every member is welcome to join the meetings, the walks and the summer festival. "
)


def _page(body: str) -> bytes:
    return f"<html><head><title>Talks</title></head><body>{body}</body></html>".encode()


def _article(tag: str = "article", attrs: str = "") -> str:
    paragraphs = "".join(f"<p>{p}</p>" for p in STORY)
    return f"<{tag} {attrs}><h1>Vietnam and Japan agree a drill</h1>{paragraphs}</{tag}>"


def _links(n: int, label: str = "Another post of ours") -> str:
    return "<ul>" + "".join(f"<li><a href='/p{i}'>{label} {i}</a></li>" for i in range(n)) + "</ul>"


def _reasons(cleaned, text: str) -> set[str]:
    return {r.reason for r in cleaned.removed if text[:40] in r.text}


NAV = f"<header class='site-header'><nav>{_links(30, 'Section')}</nav></header>"


def test_a_named_article_wins_over_a_sidebar_with_more_prose():
    """A blog's short post beside a sidebar of text widgets (WordPress's ``#secondary``)."""
    post = (
        f"<article class='post'><h1>Talks</h1><div class='entry-content'><p>{STORY[0]}</p>"
        f"</div><footer class='entry-footer'>{_links(25, 'Tag')}</footer></article>"
    )
    widget = (
        f"<section class='widget widget_text'><h2>About</h2><div class='textwidget'>"
        f"<p>{FILLER * 2}</p></div>{_links(5)}</section>"
    )
    page = _page(
        f"<div id='page' class='site'>{NAV}<div id='content' class='site-content'>"
        f"<div id='primary' class='content-area'><main id='main' class='site-main'>{post}</main>"
        f"</div><div id='secondary' class='widget-area'>{widget * 2}</div></div></div>"
    )
    cleaned = clean(page, "page.html")
    assert list(cleaned.paragraphs) == [STORY[0]]
    assert _reasons(cleaned, FILLER)  # (recorded with its reason, not lost)


def test_a_named_article_wins_over_a_cookie_notice_larger_than_the_page():
    notice = "".join(f"<p>{FILLER * 3}</p>" for _ in range(12))
    popup = (
        "<div class='sp-dsgvo sp-dsgvo-popup-overlay'><div class='sp-dsgvo-privacy-popup'>"
        f"<div class='sp-dsgvo-privacy-content'>{_links(3, 'Settings')}"
        f"<div class='sp-dsgvo-category-container'>{notice}</div></div></div></div>"
    )
    article = "<article class='node'><h1>Talks</h1><div class='field'>"
    article += "".join(f"<p>{p}</p>" for p in STORY) + "</div></article>"
    page = _page(f"{NAV}<main>{article}</main><footer>{_links(20, 'Footer')}</footer>{popup}")
    cleaned = clean(page, "page.html")
    assert list(cleaned.paragraphs) == list(STORY)
    assert _reasons(cleaned, FILLER)


def test_a_teaser_box_that_links_nowhere_is_the_articles_own():
    """A CMS that names its article box a teaser (``blog_teaser_text``), beside a scroller of
    other stories' titles and a list of teasers that link to them."""
    scroller = (
        "<div id='titleScroller'>"
        + "".join(f"<p>Headline {i}, a place, a day, and more</p>" for i in range(8))
        + f"{_links(12, 'Headline')}</div>"
    )
    teasers = "".join(
        f"<div class='teaser'><a href='/n{i}'>Other story {i} in the news today</a></div>"
        for i in range(6)
    )
    article = "".join(f"<p>{p}</p>" for p in STORY)
    page = _page(
        f"{NAV}{scroller}<div class='span8'><div class='blog_teaser_text' id='blog_detail'>"
        f"<div class='text'>{article}</div></div></div><div class='teaser-list'>{teasers}</div>"
    )
    cleaned = clean(page, "page.html")
    assert list(cleaned.paragraphs) == list(STORY)
    assert not any("Other story" in p for p in cleaned.paragraphs)


def test_the_pages_main_is_in_no_zone_whatever_its_wrapper_is_called():
    """A layout wrapper named for its side menu (``left-navigation_page-wrapper``) around the
    menu and the page's ``<main>``, beside an off-canvas menu of the whole site and a slider of
    short captions (the page's only prose outside the wrapper's zone, before)."""
    article = "".join(f"<p>{p}</p>" for p in STORY * 2)
    slider = (
        "<div class='slider'>"
        + "".join(f"<p>Slide {i}, a place, a day, and more</p>" for i in range(10))
        + "</div>"
    )
    page = _page(
        f"<div id='offcanvas-menu'>{_links(300, 'Section')}</div>"
        f"<div class='page-wrapper' id='left-navigation_page-wrapper'>"
        f"<div class='left-menu'>{_links(150, 'Topic')}</div>"
        f"<main id='main'><h1>Talks</h1>{article}</main></div>{slider}"
    )
    cleaned = clean(page, "page.html")
    assert list(cleaned.paragraphs) == list(STORY)  # (the repeat is a duplicate, removed)
    assert "navigation" in _reasons(cleaned, "Topic 3") | _reasons(cleaned, "Section 3")
