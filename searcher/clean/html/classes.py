"""What a box's markup says it is: the boilerplate reason its role, visibility, class and id
words give (``related-posts``: related-links; a page builder's ``elementor-widget-wrap`` is
layout, not navigation), the zones that are boilerplate whatever their size, and the marks of an
article's body (``itemprop=articleBody``, ``<article>``, a content class)."""

from __future__ import annotations

import re
from itertools import pairwise

from lxml import etree  # type: ignore[import-untyped]

from searcher.clean.html.elements import TOKEN_SPLIT, hint_of

_CONTENT = re.compile(
    r"article[-_]?(?:body|content|text|detail|main|entry)|story[-_]?(?:body|content|text)"
    r"|entry[-_]?content|post[-_]?(?:body|content|entry|text)|content[-_]?(?:detail|body|article|main|text)"
    r"|detail[-_]?(?:content|body|news)|news[-_]?(?:content|body|detail|text)|main[-_]?content"
    r"|body[-_]?text|text[-_]?content|cms[-_]?body|rich[-_]?text|article__body|single[-_]?content"
    r"|td-post-content|articlebody|storybody|newsbody|fck_detail|maincontent|the[-_]?content",
    re.IGNORECASE,
)
# Page chrome whose prose is never the article's (a cookie notice, an advertisement, a
# newsletter box): no layout exception saves it.
_STRONG_CHROME = (
    r"newsletter|subscribe|subscription|cookies?|consent|gdpr|dsgvo|promo|advert\w*|ads?"
    r"|ad[-_]?slot|sponsor(?:ed)?|popup|modal|signup|copyright|disclaimer|licen[cs]e|legal"
    r"|werbung|anzeige|reklama|publicidad|donations?"
)
STRONG_CHROME_RE = re.compile(rf"^(?:{_STRONG_CHROME})$", re.IGNORECASE)
_BOILER = [
    (
        "comments",
        r"comments?|comment[-_]?(?:box|list|form|area)|disqus|binh[-_]?luan|fb[-_]?comments"
        r"|kommentare|reactions",
    ),
    (
        "related-links",
        r"related|relate|recommend(?:ed|ations?)?|read[-_]?more|see[-_]?also|more[-_]?news"
        r"|other[-_]?news|tin[-_]?lien[-_]?quan|outbrain|taboola|most[-_]?(?:read|viewed|popular)|trending"
        r"|teasers?",
    ),
    (
        "navigation",
        r"breadcrumbs?|nav|navbar|navigation|menu|pagination|pager|sidebar|widgets?|toc"
        r"|skip[-_]?link|jump",
    ),
    (
        "caption",
        r"caption|figcaption|wp-caption-text|credit|photo[-_]?credit|image[-_]?caption|legend"
        r"|bildunterschrift|bilduntertitel|bildtext",
    ),
    ("byline", r"byline|author|authors|writer|contributor|bio|autor|autorin"),
    (
        "page-chrome",
        rf"{_STRONG_CHROME}|share|sharing|social|socials|sns|tags?|tag[-_]?list|keywords?|banner"
        r"|toolbar|print|ratings?|vote|poll|paywall|metadata|infobox|categor(?:y|ies)|kategorien?"
        r"|footer|header|masthead|meta|timestamp|date",
    ),
]
_BOILER_RE = [(reason, re.compile(rf"^(?:{rx})$", re.IGNORECASE)) for reason, rx in _BOILER]
# Words that also mark a class when written into one word with another (``entryfooter``,
# ``authorbox``, ``shareblock``, ``textwidget``), and the same words in other languages.
_AFFIX = [
    ("comments", r"comments?(?!ary)|kommentare|disqus|reactions"),  # (a commentary is an article)
    ("related-links", r"related|teasers?|recommend\w*|trending|popular"),
    ("navigation", r"sidebar|breadcrumbs?|pagination|navbar|navigation|widgets?|menu"),
    ("byline", r"author|autor|bio"),
    (
        "page-chrome",
        r"share|socials?|newsletter|subscribe|cookies?|consent|copyright|disclaimer|advert\w*"
        r"|werbung|anzeige|reklama|publicidad|sponsor\w*|banner|ratings?|donations?|footer|meta"
        r"|metadata|licen[cs]e",
    ),
]
_AFFIX_RE = [
    (reason, re.compile(rf"^(?:{rx})(?=[a-z0-9]{{2}})|(?<=[a-z]{{2}})(?:{rx})$", re.IGNORECASE))
    for reason, rx in _AFFIX
]
_HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.IGNORECASE)


# Class and id words that mark a zone as boilerplate whatever its size (``widget``, ``meta`` or
# ``header`` alone do not: page builders name their layout boxes so).
_ZONE_WORDS = re.compile(
    r"^(?:comments?|disqus|related|recommend(?:ed|ations?)?|outbrain|taboola|breadcrumbs?|nav"
    r"|navbar|navigation|menu|sidebar|pagination|pager|cookies?|consent|gdpr|dsgvo|privacy|newsletter"
    r"|subscribe|share|sharing|social|modal|popup|advert|ads?|banner|sponsor(?:ed)?|footer"
    r"|teasers?|promo)$",
    re.IGNORECASE,
)
ZONE_TAGS = frozenset(("nav", "aside", "footer"))
_zone_cache: dict[str, bool] = {}


def zone_hint(hint: str) -> bool:
    found = _zone_cache.get(hint)
    if found is None:
        found = any(_ZONE_WORDS.match(t) for t in TOKEN_SPLIT.split(hint) if t)
        if len(_zone_cache) < 20_000:
            _zone_cache[hint] = found
    return found


_AWAY_WORDS = re.compile(
    r"^(?:comments?|disqus|reviews|related|recommend(?:ed|ations?)?|outbrain|taboola|cookies?"
    r"|consent|gdpr|dsgvo|privacy|popup|modal|newsletter|subscribe)$",
    re.IGNORECASE,
)
_OTHER_STORIES = re.compile(r"^teasers?$", re.IGNORECASE)


def away_hint(hint: str, linked: bool = True) -> bool:
    """Class words of zones whose prose is still not the article: comments, a cookie notice,
    and (``linked``: when the box links to them) other stories. A box named as a teaser or as
    related that links nowhere is the article's (its summary, a "read more" that unfolds it)."""
    return any(
        _AWAY_WORDS.match(t) or (linked and _OTHER_STORIES.match(t))
        for t in TOKEN_SPLIT.split(hint)
        if t
    )


def hinted(el: etree._Element) -> bool:
    """Marked up as the article's body (``itemprop=articleBody``, ``<article>``, a content class)."""
    return (
        el.get("itemprop") == "articleBody"
        or el.tag == "article"
        or bool(_CONTENT.search(hint_of(el)))
    )


_HIDDEN_CLASSES = frozenset(
    ("hidden", "is-hidden", "u-hidden", "hide", "visually-hidden", "visuallyhidden", "sr-only",
     "screen-reader-text", "element-invisible", "invisible", "d-none")
)  # fmt: skip
_class_cache: dict[str, str | None] = {}


def marked_reason(el: etree._Element) -> str | None:
    """Boilerplate by its role or because it is hidden."""
    role = el.get("role")
    if role in ("navigation", "menubar", "complementary", "banner", "contentinfo"):
        return "navigation"
    if el.get("aria-hidden") == "true" or el.get("hidden") is not None:
        return "page-chrome"
    style = el.get("style")
    if style and _HIDDEN_STYLE.search(style):
        return "page-chrome"
    return None


def class_reason(hint: str, strong_only: bool = False) -> str | None:
    """The boilerplate reason that class and id words give (``related-posts``: related-links).
    A word that only modifies a class name does not count: ``hidden`` in ``label-hidden`` or
    ``hidden-xs``, and a page builder's word for a box (``widget``, ``module``, ``block``) in a
    layout box's name (``elementor-widget-wrap``, ``vc-widget-container``).
    ``strong_only``: the builder's words never count (a box of the article's own layout)."""
    if not hint.strip():
        return None
    key = hint if not strong_only else "\x00" + hint
    found = _class_cache.get(key, "")
    if found != "":
        return found
    found = None
    if any(name.lower() in _HIDDEN_CLASSES for name in hint.split()):
        found = None if strong_only else "page-chrome"
    else:
        names = [[t for t in TOKEN_SPLIT.split(name) if t] for name in hint.split()]
        found = _name_reason(names, strong_only)
    if len(_class_cache) < 20_000:
        _class_cache[key] = found
    return found


_LAYOUT_WORDS = frozenset(
    ("wrap", "wrapper", "container", "inner", "outer", "holder", "column", "columns", "col", "row",
     "grid", "cell", "layout", "inside")
)  # fmt: skip
# What page builders call their boxes: layout, not navigation.
_BUILDER_WORD = re.compile(r"^(?:widgets?|modules?|blocks?|components?|elements?)$", re.IGNORECASE)


def _name_reason(names: list[list[str]], strong_only: bool) -> str | None:
    """The first reason (in the order of ``_BOILER``) that a word of one class name gives."""
    plain = [
        (parts, strong_only or (len(parts) > 1 and parts[-1].lower() in _LAYOUT_WORDS))
        for parts in names
    ]
    for reason, rx in _BOILER_RE:
        for parts, strict in plain:
            if any(rx.match(t) and not (strict and _BUILDER_WORD.match(t)) for t in parts):
                return reason
    for reason, rx in _AFFIX_RE:  # ("entryfooter", "authorbox")
        for parts, strict in plain:
            if any(rx.search(t) and not (strict and "widget" in t.lower()) for t in parts):
                return reason
    for parts, _ in plain:  # (and words written in two parts: "news-letter", "side-bar")
        joined = [a + b for a, b in pairwise(parts)]
        for reason, rx in _BOILER_RE[:3]:
            if any(rx.match(t) for t in joined):
                return reason
        if any(STRONG_CHROME_RE.match(t) for t in joined):
            return "page-chrome"
    return None


def boiler_reason(el: etree._Element) -> str | None:
    """The reason an element is boilerplate by its role, visibility or class and id words."""
    return marked_reason(el) or class_reason(hint_of(el))
