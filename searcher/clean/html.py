"""HTML pages: head metadata, the article container, and every other block with its reason.

One walk over the page's body yields its text blocks in page order. A block is the article's when
it lies inside the chosen container and is not boilerplate there; every other block goes to
``removed`` with its reason (``outside-article``, ``navigation``, ``page-chrome``, ``comments``,
``caption``, …), so no text is lost silently. The article's blocks then go through the same line
rules as plain text (captions, sign-offs, teasers). The page is parsed with lxml (libxml2), here
and nowhere else; the publication date is found here too (meta tags, JSON-LD, ``<time>``, visible
dates, the address) and handed on as one ISO string.
"""

from __future__ import annotations

import codecs
import html as html_lib
import json
import re
import unicodedata
from dataclasses import dataclass, field
from itertools import pairwise

import lxml.html  # type: ignore[import-untyped]
from lxml import etree

from searcher.clean.patterns import TEASER_MARKER
from searcher.clean.rules import clock_date
from searcher.models import Removed

# Not text a reader sees: left out without a record (``rt``: the reading printed over a ruby).
SILENT = ("script", "style", "template", "link", "meta", "base", "title", "head", "rt", "rp")
# Controls and embedded objects: their text is page chrome, unless the parser put the page inside
# one (a <button> or <noscript> left open swallows everything after it): then they are see-through.
CONTROLS = frozenset(
    ("button", "input", "select", "textarea", "option", "noscript", "svg", "canvas", "video",
     "audio", "object", "embed", "map", "iframe", "datalist")
)  # fmt: skip
BLOCK_TAGS = frozenset(
    ("p", "h1", "h2", "h3", "h4", "h5", "h6", "li", "blockquote", "pre", "td", "th", "dd", "dt",
     "div", "section", "article", "main", "header", "footer", "ul", "ol", "dl", "table", "tr",
     "figure", "figcaption", "aside", "nav", "center", "address", "hr", "br", "form", "fieldset",
     "legend", "details", "summary", "caption", "option", "noscript", "iframe", "menu", "hgroup",
     "body", "dialog", "select", "textarea", "button", "video", "audio", "svg")
)  # fmt: skip
_STRUCTURE = frozenset(
    ("p", "div", "section", "article", "main", "table", "ul", "ol", "h1", "h2", "h3", "blockquote")
)
STRUCTURAL = {
    "nav": "navigation", "header": "page-chrome", "footer": "page-chrome", "aside": "related-links",
    "form": "page-chrome", "figcaption": "caption", "figure": "caption",
}  # fmt: skip
OUTSIDE = "outside-article"  # the reason of text outside the article's container

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
_STRONG_CHROME_RE = re.compile(rf"^(?:{_STRONG_CHROME})$", re.IGNORECASE)
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
_TOKEN_SPLIT = re.compile(r"[\s_-]+|(?<=[a-z])(?=[A-Z])")
_SPACE = re.compile(r"[ \t\r\n\f\v\u00a0\u2000-\u200b\u3000]+")
_HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.IGNORECASE)


@dataclass
class Page:
    """What the HTML stage hands back to the cleaner."""

    title: str | None = None
    blocks: list[str] = field(default_factory=list)
    removed: list[Removed] = field(default_factory=list)
    date: str | None = None
    site_name: str | None = None
    url: str | None = None
    byline: str | None = None
    clock: str | None = None  # a clock line found in a date element of the page
    title_parts: tuple[str, ...] = ()  # other parts of <title> ("People's Army Newspaper")


def _attr(el: etree._Element, name: str) -> str:
    return el.get(name) or ""


def _squash(text: str) -> str:
    return _SPACE.sub(" ", text).strip()


def _line(text: str) -> str:
    """One line of text as it reads: spaces squashed, soft hyphens gone, composed (NFC)."""
    text = _SPACE.sub(" ", text).strip()
    if not text.isascii():
        text = unicodedata.normalize("NFC", text.replace("\xad", ""))
    return text


_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([\w:.-]+)""", re.IGNORECASE)


def declared_charset(data: bytes) -> str | None:
    """The character set a page declares in its head (``<meta charset="gb2312">``), if Python
    knows it."""
    m = _CHARSET.search(data[:8192])
    if m is None:
        return None
    try:
        return codecs.lookup(m.group(1).decode("ascii")).name
    except (LookupError, UnicodeDecodeError):
        return None


# --- markup repairs ------------------------------------------------------------------------------

_RCDATA_OPEN = re.compile(r"<(title|textarea)\b[^>]*>", re.IGNORECASE)
_NEXT_TAG = re.compile(r"<(/?)([a-zA-Z][\w:-]*)")


def close_rcdata(markup: str) -> str:
    """Close a ``<title>`` or ``<textarea>`` left open: the parser would read the rest of the page
    (markup and scripts) as its text. Their text holds no tags, so one ends at the next tag."""
    out, pos = [], 0
    for m in _RCDATA_OPEN.finditer(markup, 0, min(len(markup), 2_000_000)):
        nxt = _NEXT_TAG.search(markup, m.end())
        if nxt is None:
            break
        if nxt.group(1) == "/" and nxt.group(2).lower() == m.group(1).lower():
            continue
        out += [markup[pos : nxt.start()], f"</{m.group(1)}>"]
        pos = nxt.start()
    return "".join(out) + markup[pos:] if out else markup


# --- head: title, site, address, byline, metadata -----------------------------------------------


def _metas(root: etree._Element) -> dict[str, str]:
    """Every ``<meta>`` with content, by its lower-cased property, name or itemprop (first wins)."""
    found: dict[str, str] = {}
    for tag in root.iter("meta"):
        content = (tag.get("content") or tag.get("datetime") or "").strip()
        if not content:
            continue
        for key in ("property", "name", "itemprop", "http-equiv"):
            name = tag.get(key)
            if name:
                found.setdefault(name.strip().lower(), content)
    return found


_SCRIPT_DATE = re.compile(
    r'["\'](?:datePublished|published_?at|publishedDate|publish_?date|pubDate|createdAt|created_at'
    r'|dateCreated|publication_?time|first_?published(?:_at)?)["\']\s*:\s*["\']'
    r"((?:19|20)\d\d-\d\d-\d\d[^\"']{0,30})"
)


def _script_date(root: etree._Element) -> str | None:
    """A publication date in the page's data scripts (``"published_at": "2019-03-02T…"``)."""
    for script in root.iter("script"):
        text = script.text
        if text and len(text) < 500_000 and "ate" in text:
            m = _SCRIPT_DATE.search(text)
            if m:
                return m.group(1)
    return None


_CDATA = re.compile(r"^\s*(?://\s*)?<!\[CDATA\[|(?://\s*)?\]\]>\s*$")


def _jsonld(root: etree._Element) -> list[dict]:
    found: list[dict] = []
    for script in root.iter("script"):
        if "ld+json" not in (script.get("type") or "").lower():
            continue
        text = _CDATA.sub("", script.text or "").strip().rstrip(";") or "null"
        try:
            data = json.loads(text, strict=False)
        except (ValueError, RecursionError):
            continue
        stack = [data]
        while stack and len(found) < 50:
            item = stack.pop()
            if isinstance(item, list):
                stack.extend(reversed(item))
            elif isinstance(item, dict):
                found.append(item)
                if "@graph" in item:
                    stack.append(item["@graph"])
    return found


def _clean_title(raw: str | None, site: str | None) -> str | None:
    if not raw:
        return None
    title = _squash(raw)
    parts = re.split(r"\s+[|–—:»]\s+|\s+-\s+", title)
    if len(parts) > 1:
        if site:
            kept = [p for p in parts if p.strip().lower() != site.strip().lower()]
            parts = kept or parts
        # A site name is the short part at the end (or the start): keep the longest.
        title = max(parts, key=len).strip() if len(parts) > 1 else parts[0]
    return title or None


def read_head(root: etree._Element, page: Page, metas: dict[str, str], ld: list[dict]) -> None:
    """Title, site name, address and byline from meta tags, JSON-LD, <title> and <h1>."""
    site = metas.get("og:site_name") or metas.get("application-name") or metas.get("publisher")
    for item in ld:
        pub = item.get("publisher")
        if not site and isinstance(pub, dict) and isinstance(pub.get("name"), str):
            site = pub["name"]
    page.site_name = site
    page.url = metas.get("og:url") or metas.get("twitter:url") or _canonical(root)
    h1 = next(root.iter("h1"), None)
    h1_text = _squash(h1.text_content()) if h1 is not None else ""
    og = metas.get("og:title") or metas.get("twitter:title")
    title_tag = next(root.iter("title"), None)
    tag_text = (title_tag.text_content() if title_tag is not None else "")[:1000]
    page.title = _clean_title(og or h1_text or tag_text or None, site)
    parts = re.split(r"\s+[|–—:»]\s+|\s+-\s+", _squash(tag_text))
    page.title_parts = tuple(p for p in parts[1:] if p and p != page.title)
    if h1_text and page.title and h1_text.lower().startswith(page.title.lower()[:20]):
        page.title = h1_text  # the page's own headline beats a shortened og:title
    author = metas.get("author") or metas.get("article:author") or metas.get("byl")
    if author and not author.startswith("http"):
        page.byline = author


def _canonical(root: etree._Element) -> str | None:
    for link in root.iter("link"):
        if "canonical" in (link.get("rel") or "").lower().split() and link.get("href"):
            return link.get("href")
    return None


# --- measuring the tree --------------------------------------------------------------------------


@dataclass
class Tree:
    """Per element of the body: visible text length, the part of it in links, the article-like
    text (``good``: paragraphs of prose) and the rest that counts against a region (``bad``:
    links, boilerplate zones); and the controls the page sits in (a parse accident)."""

    text: dict[etree._Element, int]
    links: dict[etree._Element, int]
    direct: dict[etree._Element, int]  # text written straight into a <div>
    through: set[etree._Element]
    good: dict[etree._Element, int] = field(default_factory=dict)
    bad: dict[etree._Element, int] = field(default_factory=dict)
    zones: set[etree._Element] = field(default_factory=set)  # boilerplate by tag or class


def _len(text: str | None) -> int:
    return len(text.strip()) if text else 0


# Class and id words that mark a zone as boilerplate whatever its size (``widget``, ``meta`` or
# ``header`` alone do not: page builders name their layout boxes so).
_ZONE_WORDS = re.compile(
    r"^(?:comments?|disqus|related|recommend(?:ed|ations?)?|outbrain|taboola|breadcrumbs?|nav"
    r"|navbar|navigation|menu|sidebar|pagination|pager|cookies?|consent|gdpr|dsgvo|privacy|newsletter"
    r"|subscribe|share|sharing|social|modal|popup|advert|ads?|banner|sponsor(?:ed)?|footer"
    r"|teasers?|promo)$",
    re.IGNORECASE,
)
_ZONE_TAGS = frozenset(("nav", "aside", "footer"))
_zone_cache: dict[str, bool] = {}


def _zone_hint(hint: str) -> bool:
    found = _zone_cache.get(hint)
    if found is None:
        found = any(_ZONE_WORDS.match(t) for t in _TOKEN_SPLIT.split(hint) if t)
        if len(_zone_cache) < 20_000:
            _zone_cache[hint] = found
    return found


_AWAY_WORDS = re.compile(
    r"^(?:comments?|disqus|reviews|related|recommend(?:ed|ations?)?|outbrain|taboola|teasers?"
    r"|cookies?|consent|gdpr|dsgvo|privacy|popup|modal|newsletter|subscribe)$",
    re.IGNORECASE,
)


def _away_hint(hint: str) -> bool:
    """Class words of zones whose prose is still not the article (comments, related stories)."""
    return any(_AWAY_WORDS.match(t) for t in _TOKEN_SPLIT.split(hint) if t)


def measure(body: etree._Element) -> Tree:
    """Two bottom-up passes: each element's visible text and link lengths, then its good and bad
    text (the inline text of each block judged as prose, links or neither)."""
    text: dict[etree._Element, int] = {}
    links: dict[etree._Element, int] = {}
    direct: dict[etree._Element, int] = {}
    structure: set[etree._Element] = set()
    through: set[etree._Element] = set()
    elements = list(body.iter())
    for el in reversed(elements):
        tag = el.tag
        own = _len(el.text)
        tails = total = link = 0
        nested = False
        for child in el:
            tails += _len(child.tail)
            total += text.get(child, 0)
            link += links.get(child, 0)
            nested = nested or child in structure or child.tag in _STRUCTURE
        total += own + tails
        if nested:
            structure.add(el)
        if tag in CONTROLS:
            if nested and total >= 200:
                through.add(el)
            else:
                total = link = 0
        elif tag == "a":
            link = total
        elif tag == "div":
            direct[el] = own + tails
        text[el], links[el] = total, link
    tree = Tree(text, links, direct, through)
    _judge(elements, tree, max(text.get(body, 0), 1))
    return tree


def _judge(elements: list[etree._Element], tree: Tree, page: int) -> None:
    """Good and bad text per element, bottom up. Each block's inline text is judged: 50
    characters or more, at most half of them in links, is prose (links in prose are prose too);
    the links of any other block are bad, and so is everything in links and boilerplate zones."""
    inline: dict[etree._Element, int] = {}  # text not inside a nested block or a link
    linked: dict[etree._Element, int] = {}  # the inline text inside links
    good, bad, zones, text = tree.good, tree.bad, tree.zones, tree.text
    for el in reversed(elements):
        tag = el.tag
        if not isinstance(tag, str) or (tag in CONTROLS and el not in tree.through):
            inline[el] = linked[el] = good[el] = bad[el] = 0
            continue
        own, link, g, b = _len(el.text), 0, 0, 0
        for child in el:
            own += _len(child.tail)
            g += good[child]
            b += bad[child]
            if child.tag not in BLOCK_TAGS:
                own += inline[child]
                link += linked[child]
        if tag == "a":
            own, link, g, b = 0, own + link, 0, b + g
        if tag in BLOCK_TAGS or tag == "body":
            if own >= 50 and link <= own:
                g += own + link
            else:
                b += link
            inline[el] = linked[el] = 0
        else:
            inline[el], linked[el] = own, link
        size = text.get(el, 0)
        if (
            (tag in _ZONE_TAGS or _zone_hint(_hint(el)))
            and size < 0.5 * page
            and not (g >= 300 and g >= 0.5 * size and not _away_hint(_hint(el)))
        ):
            zones.add(el)
            g = 0  # (its prose is neither good nor bad: the walk removes the zone anyway)
        good[el], bad[el] = g, b


# --- the article container -----------------------------------------------------------------------

_CONTAINER_TAGS = frozenset(("div", "section", "article", "main", "td", "body", "font", "center"))
_NEGATIVE = re.compile(
    r"comment(?!ary)|disqus|reply|footer|sidebar|related|widget|share|sponsor|promo|menu|contact|address"
    r"|masthead|forum|discussion|replies",
    re.IGNORECASE,
)


def _hint(el: etree._Element) -> str:
    return _attr(el, "class") + " " + _attr(el, "id")


def _direct_text(el: etree._Element) -> str:
    return _squash(" ".join([el.text or "", *(c.tail or "" for c in el)]))


def _objective(el: etree._Element, tree: Tree) -> float:
    """How much an element is the article: its prose, less twice its links and chrome."""
    return tree.good.get(el, 0) - 2 * tree.bad.get(el, 0)


def _in_zone(el: etree._Element, tree: Tree) -> bool:
    return el in tree.zones or any(a in tree.zones for a in el.iterancestors())


def _hinted(el: etree._Element) -> bool:
    """Marked up as the article's body (``itemprop=articleBody``, ``<article>``, a content class)."""
    return (
        el.get("itemprop") == "articleBody"
        or el.tag == "article"
        or bool(_CONTENT.search(_hint(el)))
    )


def find_container(body: etree._Element, tree: Tree) -> etree._Element:
    """The element holding the article. Readability's score (paragraphs counted into their
    parents, markup hints, link density) picks a candidate, which is not in a boilerplate zone;
    it widens to the ancestor with the most prose for its links and chrome (an article split
    over several boxes); and when it holds under a third of the page's prose, the page's prose
    decides: the deepest element with four fifths of it."""
    scores: dict[etree._Element, float] = {}
    paragraphs = [
        (p, _squash(p.text_content()))
        for p in body.iter("p", "pre", "td", "blockquote")
        if tree.text.get(p, 0) >= 25
    ]
    # Text written straight into a <div> with <br> line breaks counts like a paragraph.
    paragraphs += [(d, _direct_text(d)) for d, n in tree.direct.items() if n >= 150]
    for p, text in paragraphs:
        if len(text) < 25:
            continue
        points = 1 + text.count(",") + min(len(text) // 100, 3)
        parent = p.getparent()
        for weight in (1.0, 0.5, 0.25):
            if parent is None or parent.tag == "html":
                break
            scores[parent] = scores.get(parent, 0.0) + points * weight
            parent = parent.getparent()
    for el in body.iter(*_CONTAINER_TAGS):
        if _hinted(el):
            scores[el] = scores.get(el, 0.0) * 1.5 + 5
    best, best_score = body, 0.0
    for el, raw in scores.items():
        if el.tag not in _CONTAINER_TAGS:
            continue
        total = tree.text.get(el, 0)
        if total < 80:
            continue
        density = 1 - min(tree.links.get(el, 0) / total, 1.0)
        score = raw * density
        if _negative(el):
            score *= 0.2
        if score > best_score and _in_zone(el, tree):
            score *= 0.2  # (a cookie notice or a sidebar with prose)
        if score > best_score:
            best, best_score = el, score
    top, value = best, _objective(best, tree)
    # (a container the markup names as the article body widens for more than a summary above it)
    floor = tree.good.get(best, 0) + 200 if _hinted(best) else 0
    for node in best.iterancestors():
        if node.tag == "html":
            break
        if _objective(node, tree) > value and tree.good.get(node, 0) >= floor:
            top, value = node, _objective(node, tree)
    best = top
    total = tree.good.get(body, 0)
    if total and tree.good.get(best, 0) < 0.3 * total:
        node = body
        while True:
            kids = [k for k in node if isinstance(k.tag, str)]
            widest = max(kids, key=lambda k: tree.good.get(k, 0), default=None)
            if widest is None or tree.good.get(widest, 0) < 0.8 * total:
                break
            node = widest
        if node.tag in _CONTAINER_TAGS:
            best = node
    return best


def _negative(el: etree._Element) -> bool:
    """Readability's rule: containers named like comments, footers or sidebars are unlikely."""
    parent = el.getparent()
    return any(
        node is not None and _NEGATIVE.search(_hint(node)) is not None for node in (el, parent)
    )


# --- what is boilerplate -------------------------------------------------------------------------


_HIDDEN_CLASSES = frozenset(
    ("hidden", "is-hidden", "u-hidden", "hide", "visually-hidden", "visuallyhidden", "sr-only",
     "screen-reader-text", "element-invisible", "invisible", "d-none")
)  # fmt: skip
_class_cache: dict[str, str | None] = {}


def _marked(el: etree._Element) -> str | None:
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
        names = [[t for t in _TOKEN_SPLIT.split(name) if t] for name in hint.split()]
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
        if any(_STRONG_CHROME_RE.match(t) for t in joined):
            return "page-chrome"
    return None


def boiler_reason(el: etree._Element) -> str | None:
    """The reason an element is boilerplate by its role, visibility or class and id words."""
    return _marked(el) or class_reason(_hint(el))


_HEADINGS = {"h1": 1, "h2": 2, "h3": 3, "h4": 4, "h5": 5, "h6": 6}
_LABELS = frozenset(("p", "div", "span", "strong", "b", "header"))  # a heading not marked up as one
_LINK_BLOCKS = frozenset(("ul", "ol", "dl", "div", "section", "table", "p", "menu"))
# Headings over lists of other stories, in the languages of the evaluation sets (the English and
# Vietnamese ones of ``patterns.TEASER_MARKER`` count too).
_RELATED_HEADING = re.compile(
    r"^\W*(?:mehr\s+zu(?:m|r)?\s+(?:thema|den\s+themen)|mehr\s+(?:artikel|beiträge|news|nachrichten)"
    r"|lesen\s+sie\s+(?:auch|mehr)|auch\s+interessant|das\s+könnte\s+(?:sie|dich)\s+(?:auch\s+)?interessieren"
    r"|(?:weitere|ähnliche|verwandte|passende)\s+(?:artikel|beiträge|themen|meldungen|nachrichten|news)"
    r"|empfehlungen(?:\s+aus\s+der\s+redaktion)?|unsere\s+empfehlungen|meistgelesen\w*|top\s+themen"
    r"|zobacz\s+(?:też|także|również)|czytaj\s+(?:też|także|również|więcej)|polecamy|podobne\s+artykuły"
    r"|veja\s+(?:também|mais)|leia\s+(?:também|mais)|notícias\s+relacionadas|mais\s+lidas"
    r"|(?:à\s+)?lire\s+(?:aussi|également)|sur\s+le\s+même\s+sujet|articles?\s+(?:similaires|liés|connexes)"
    r"|dans\s+la\s+même\s+rubrique|les\s+plus\s+lus"
    r"|(?:también\s+)?te\s+puede\s+interesar|lee\s+(?:también|más)|noticias\s+relacionadas"
    r"|artículos\s+relacionados|lo\s+más\s+(?:leído|visto)|más\s+noticias"
    r"|leggi\s+anche|articoli\s+correlati|potrebbe\s+interessarti|lees\s+ook|gerelateerde\s+artikelen"
    r"|mehr\s+aus\s+(?:der|dem|den)\s+\w+|aktuelle\s+(?:news|nachrichten|meldungen|stories|artikel|beiträge)"
    r"|weitere\s+informationen|themen\s+im\s+artikel|kommende\s+(?:events|termine|veranstaltungen)"
    r"|über\s+(?:den|die)\s+autor(?:in)?|about\s+the\s+authors?|o\s+autorze|sobre\s+el\s+autor"
    r"|autor(?:in|innen|:innen|\*innen)?|autoren|authors?)"
    r"\W*$",
    re.IGNORECASE,
)

# --- the walk ------------------------------------------------------------------------------------

_PATH = "\x00path"  # an ancestor of the container: its own text is outside the article


# The labels of a page's controls and boxes in the languages of the evaluation sets (English and
# Vietnamese ones are the line rules' ``patterns.CHROME``): a line that is only one is chrome.
_CHROME_LABEL = re.compile(
    r"^\W*(?:kontakt|impressum|datenschutz(?:erklärung)?|teilen|(?:seite\s+)?drucken|zurück"
    r"(?:\s+zu(?:r|m)?\s+\w+(?:\s+\w+)?)?|weiter|mehr\s+erfahren|weiterlesen"
    r"|(?:diesen\s+)?(?:artikel|beitrag)\s+teilen|mit\s+freunden\s+teilen|kommentare?(?:\s+geschlossen)?"
    r"|kommentieren|aufrufe|von|kategorien?|schlagwörter|stichwörter|themen|permalink|permalien"
    r"|anzeige|werbung|externer\s+inhalt|quellen\s+(?:ausblenden|einblenden|anzeigen)"
    r"|inhaltsverzeichnis|nach\s+oben|zum\s+seitenanfang|partager|imprimer|lire\s+la\s+suite"
    r"|vos\s+réactions|réagir|commentaires?|publicité|compartir|imprimir|leer\s+más|publicidad"
    r"|comentarios?|udostępnij|drukuj|czytaj\s+więcej|reklama|komentarze|źródło|opublikowano"
    r"|tagged|tags|filed\s+under|permalink|views?)"
    r"\W*(?:\d+\W*)?$",
    re.IGNORECASE,
)
# A caption's photo credit in the languages of the evaluation sets (the English and Vietnamese
# ones are the line rules' ``patterns.CAPTION``): "(Foto: dpa)", "Bild: Getty", "/ Getty Images".
_PHOTO_CREDIT = re.compile(
    r"(?:\((?:foto|fotos|bild|bilder|fot\.|zdjęcie|photo\s*:|crédit|créditos?)\s*:?[^()]{1,60}\)"
    r"|(?:^|\s)(?:foto|bild|fot\.|zdjęcie|crédit\s+photo)\s*:\s*[^.!?]{1,60}"
    r"|[/|©]\s*(?:getty\s+images|imago(?:\s+images)?|picture[\s-]alliance|istock(?:photo)?"
    r"|shutterstock|adobe\s*stock|dpa(?:/\w+)?|afp|reuters|keystone|epa))\s*\.?$",
    re.IGNORECASE,
)
_ITEMS = frozenset(("li", "td", "th", "dd", "dt"))
_ADDRESS = re.compile(r"://|\bwww\.|@|\.(?:com|org|net|de|vn)\b", re.IGNORECASE)


class _Sink:
    """The lines of one zone of the page (the article, or one removed element)."""

    __slots__ = ("credits", "labels", "line", "lines", "linked", "links", "order", "reason")

    def __init__(self, reason: str | None, order: list[tuple[str, str | None]]) -> None:
        self.reason, self.order = reason, order
        self.lines: list[str] = []  # the zone's finished lines
        self.line: list[str] = []  # the pieces of the line being read
        self.linked = True  # whether all text of the current line is link text
        self.links: list[str] = []  # the article's lines that are one short link
        self.labels: list[str] = []  # the article's lines that are a control's or a box's label
        self.credits: list[str] = []  # the article's lines that end in a photo credit

    def add(self, text: str | None, linked: bool) -> None:
        """Add text; ``linked`` is False for text outside links and for list or table items
        (a list of links in the article is the article's)."""
        if text:
            self.line.append(text)
            if not linked and not text.isspace():
                self.linked = False

    def cut(self) -> None:
        if self.line:
            text = _line("".join(self.line))
            if text:
                if (
                    self.reason is None
                    and self.linked
                    and len(text) < 60
                    and not _ADDRESS.search(text)
                    and not TEASER_MARKER.match(text)  # (the line rules end the article there)
                ):
                    self.links.append(text)  # "Weiterlesen", "Back to the overview"
                elif self.reason is None and len(text) < 50 and _CHROME_LABEL.match(text):
                    self.labels.append(text)  # "Teilen", "Kontakt:", "Aufrufe: 120"
                elif self.reason is None and len(text) < 250 and _PHOTO_CREDIT.search(text):
                    self.credits.append(text)  # "Der Hafen. (Foto: dpa)", "… /Getty Images"
                else:
                    self.lines.append(text)
                if len(self.order) < 400:  # (the page's lines in order, for its date)
                    self.order.append((text, self.reason))
            self.line = []
        self.linked = True


class Walk:
    """Split the body into the article's blocks and removed blocks, each with its reason."""

    def __init__(
        self,
        body: etree._Element,
        container: etree._Element,
        tree: Tree,
        by_tags: bool = False,
    ) -> None:
        self.body, self.container, self.tree = body, container, tree
        self.by_tags = by_tags  # inside the container, only tags and visibility remove
        # Class names of the container and its ancestors are the page's layout: a box inside
        # that carries one too is part of the layout, named by its builder (an Elementor
        # "elementor-element" box is also an "elementor-widget"); the builder's words don't count.
        self.layout = {
            name
            for node in (container, *container.iterancestors())
            if node.tag not in ("body", "html")
            for name in (node.get("class") or "").split()
        }
        self.path = set(container.iterancestors())
        self.total = max(tree.text.get(container, 0), 1)
        self.removed: list[Removed] = []
        self.clock: str | None = None
        self.byline: str | None = None
        self.cut: dict[etree._Element, str] = {}  # siblings of a related heading, ahead
        self.order: list[tuple[str, str | None]] = []  # the page's lines, with their reasons

    def inside(self, el: etree._Element) -> str | None:
        """Why an element inside the article's container is not the article, if it is not."""
        tag = el.tag
        if tag in CONTROLS:
            return None if el in self.tree.through else "page-chrome"
        if el in self.cut:
            return self.cut[el]
        listed = self.listed(el)
        if listed:
            return listed
        if tag in _HEADINGS or tag in _LABELS:
            heading = self.heading(el)
            if heading:
                return heading
        reason = STRUCTURAL.get(tag) or _marked(el)
        by_class = reason is None
        if by_class and self.by_tags:
            return None
        if tag == "figure" and (self.prose(el) or el.find(".//table") is not None):
            return None  # a table or a slide with its text, not a photo's caption
        if by_class:
            layout = bool(self.layout) and not self.layout.isdisjoint(
                (el.get("class") or "").split()
            )
            reason = class_reason(_hint(el), strong_only=layout)
            if reason is None:
                return None
        size = self.tree.text.get(el, 0)
        if size > 0.5 * self.total and (reason != "caption" or size > 500):
            return None  # a wrapper that holds the article itself
        vetoed = by_class and self.prose(el)  # (a class name against a box of prose)
        if vetoed and reason in ("navigation", "page-chrome") and not self.strong(el):
            return None  # a layout box named like a widget or a share bar, holding the article
        if vetoed and reason == "related-links" and self.tree.links.get(el, 0) < 0.1 * size:
            return None  # no links: a "read more" box unfolding the article, or its teaser
        if tag == "header" and self.prose(el):
            return None  # the article's own header, with its lede (its title and byline go by rule)
        return reason

    def listed(self, el: etree._Element) -> str | None:
        """A short block that is (almost) all links: a list of other pages or a lone link line
        ("Weiterlesen", "Back to overview")."""
        if el.tag not in _LINK_BLOCKS:
            return None
        size = self.tree.text.get(el, 0)
        if not size or size > 0.5 * self.total:
            return None
        links = self.tree.links.get(el, 0)
        if el.tag == "p":  # (a link in a paragraph of its own is the article's, unless it is tiny)
            return "navigation" if size < 30 and links >= 0.8 * size else None
        if links >= 0.9 * size or (size < 300 and links >= 0.8 * size):
            return "related-links"
        return None

    def heading(self, el: etree._Element) -> str | None:
        """A heading over other stories ("Related articles", "Mehr zum Thema", "Zobacz także"):
        it goes, with the list or section under it."""
        size = self.tree.text.get(el, 0)
        if not 0 < size <= 80:
            return None
        text = _squash(el.text_content())
        nxt = el.getnext()
        marker = TEASER_MARKER.match(text)
        if marker or _RELATED_HEADING.match(text):
            level = _HEADINGS.get(el.tag)
            listed = False
            for sib in el.itersiblings():
                if not isinstance(sib.tag, str):
                    continue
                if _HEADINGS.get(sib.tag, 9) <= (level or 9) or self.story(sib):
                    break  # (a paragraph of prose after it: the article goes on)
                if sib.tag in ("ul", "ol") or self.linky(sib):
                    self.cut[sib] = "related-links"
                    listed = True
                if level is None:  # a label: only the list under it
                    break
            # A marker the line rules know, over plain headlines, is theirs: they tell a teaser
            # list after the story (the rest goes) from a sidebar's above it (the story stays).
            return "related-links" if listed or not marker else None
        if nxt is not None and el.tag in _HEADINGS and self.listed(nxt) == "related-links":
            return "related-links"  # the heading of a list of links
        return None

    @staticmethod
    def strong(el: etree._Element) -> bool:
        """Named as chrome whose prose is never the article (a cookie notice, an advert)."""
        return any(_STRONG_CHROME_RE.match(t) for t in _TOKEN_SPLIT.split(_hint(el)) if t)

    def story(self, el: etree._Element) -> bool:
        """Article prose: paragraphs with few links."""
        good, size = self.tree.good.get(el, 0), self.tree.text.get(el, 0)
        return good >= 300 and self.tree.links.get(el, 0) < 0.15 * size

    def linky(self, el: etree._Element) -> bool:
        """Mostly links (a list of teasers, with or without their summaries)."""
        size = self.tree.text.get(el, 0)
        return size > 0 and self.tree.links.get(el, 0) >= 0.4 * size

    def prose(self, el: etree._Element) -> bool:
        """Whether an element holds paragraphs of prose (more than half of its text)."""
        good, size = self.tree.good.get(el, 0), self.tree.text.get(el, 0)
        return good >= 200 and good >= 0.5 * size and self.tree.links.get(el, 0) < 0.25 * size

    def outside(self, el: etree._Element) -> str:
        """The reason of an element outside the container: its own, or ``outside-article``."""
        tag = el.tag
        if tag in CONTROLS and el not in self.tree.through:
            return "page-chrome"
        return STRUCTURAL.get(tag) or boiler_reason(el) or OUTSIDE

    def run(self) -> list[str]:
        article = _Sink(None, self.order)
        sinks: list[_Sink] = [
            article if self.container is self.body else _Sink(OUTSIDE, self.order)
        ]
        zones: list[str | None] = []  # the zone of each open element
        owned: list[bool] = []  # whether that element opened a sink of its own
        pre = link = item = 0
        cards: set[etree._Element] = set()
        for event, el in etree.iterwalk(self.body, events=("start", "end")):
            tag = el.tag
            if not isinstance(tag, str):
                continue
            if event == "start":
                parent = zones[-1] if zones else (None if self.container is self.body else _PATH)
                if el is self.container:
                    zone: str | None = None
                elif parent == _PATH:
                    zone = _PATH if el in self.path else self.outside(el)
                elif parent is None:
                    zone = self.inside(el)
                elif parent == OUTSIDE:
                    zone = self.outside(el)
                else:
                    zone = parent
                opened = zone != parent and zone != _PATH
                if opened:
                    sinks.append(article if zone is None else _Sink(zone, self.order))
                zones.append(zone)
                owned.append(opened)
                if tag in BLOCK_TAGS:
                    for s in sinks:
                        s.cut()
                if tag == "pre":
                    pre += 1
                elif tag == "a":
                    if not any(c.tag in BLOCK_TAGS for c in el.iterdescendants()):
                        link += 1  # (a link around whole blocks is a card, not a link line)
                    else:
                        cards.add(el)
                elif tag in _ITEMS:
                    item += 1
                text = el.text
                if text and pre and "\n" in text:
                    self._pre(sinks, text)
                else:
                    sinks[-1].add(text, link > 0 and not item)
            else:
                if tag == "pre":
                    pre -= 1
                elif tag == "a":
                    if el not in cards:
                        link -= 1
                elif tag in _ITEMS:
                    item -= 1
                if tag in BLOCK_TAGS:
                    for s in sinks:
                        s.cut()
                zones.pop()
                if owned.pop():
                    self._close(sinks.pop(), el)
                tail = el.tail
                if tail and pre and "\n" in tail:
                    self._pre(sinks, tail)
                else:
                    sinks[-1].add(tail, link > 0 and not item)
        while sinks:
            self._close(sinks.pop(), None)
        self.removed.extend(Removed("navigation", line) for line in article.links)
        self.removed.extend(Removed("page-chrome", line) for line in article.labels)
        self.removed.extend(Removed("caption", line) for line in article.credits)
        return article.lines

    @staticmethod
    def _pre(sinks: list[_Sink], text: str) -> None:
        """Preformatted text keeps its line breaks."""
        first, *rest = text.split("\n")
        sinks[-1].add(first, False)
        for line in rest:
            for s in sinks:
                s.cut()
            sinks[-1].add(line, False)

    def _close(self, sink: _Sink, el: etree._Element | None) -> None:
        sink.cut()
        if sink.reason is None or not sink.lines:
            return
        self.removed.extend(Removed(sink.reason, line) for line in sink.lines)
        if el is None or sink.reason not in ("page-chrome", "byline"):
            return
        if not (self.container is el or self.container in el.iterancestors()):
            return  # (the article's own clock and byline are inside it)
        text = " ".join(sink.lines)
        if sink.reason == "page-chrome" and not self.clock and clock_date(text):
            self.clock = text
        if sink.reason == "byline" and not self.byline and len(text) < 120:
            self.byline = text


# --- the publication date ------------------------------------------------------------------------

# Meta names that state the publication date (lower case), most specific first; ``date`` and
# ``dc.date`` come last: some systems put the last change there.
_META_PUBLISHED = (
    "article:published_time", "og:article:published_time", "og:published_time",
    "article:published", "article.published", "article:post_date", "article:publicationdate",
    "datepublished", "date_published", "published_time", "published-date", "publish-date",
    "publish_date", "publishdate", "pubdate", "publication_date", "dc.date.issued",
    "dcterms.issued", "dc.date.publication", "dc.date.created", "dcterms.created", "dc.created",
    "citation_publication_date", "citation_date", "citation_online_date", "parsely-pub-date",
    "sailthru.date", "article_date_original", "originalpublicationdate", "bt:pubdate",
    "cxenseparse:recs:publishtime", "rnews:datepublished", "datecreated", "date_created",
    "dateposted", "og:pubdate", "date", "dc.date", "dcterms.date",
)  # fmt: skip
_GENERIC_META = frozenset(("date", "dc.date", "dcterms.date"))
_LD_ARTICLE = re.compile(r"article|posting|report|review|recipe|blog", re.IGNORECASE)
_MONTHS = {
    name: number
    for number, names in enumerate(
        (
            "january jan januar jänner janvier janv enero ene janeiro gennaio januari styczeń stycznia sty",
            "february feb februar février févr fevrier febrero fevereiro fev febbraio februari luty lutego lut",
            "march mar märz maerz mär mars marzo março marco maart marzec marca",
            "april apr avril abril abr aprile kwiecień kwietnia kwi",
            "may mai mayo maio maggio mei maj maja",
            "june jun juni juin junio junho giugno czerwiec czerwca cze",
            "july jul juli juillet juil julio julho luglio lipiec lipca lip",
            "august aug août aout agosto ago augustus sierpień sierpnia sie",
            "september sep sept septembre septiembre setiembre setembro set settembre wrzesień września wrz",
            "october oct oktober okt octobre octubre outubro out ottobre październik października paź",
            "november nov novembre noviembre novembro listopad listopada lis",
            "december dec dezember dez décembre déc decembre diciembre dic dezembro dicembre grudzień grudnia gru",
        ),
        start=1,
    )
    for name in names.split()
}
_MONTH_RX = "|".join(sorted(_MONTHS, key=len, reverse=True))
_DAY_FORMS = [
    # 2019-08-02, 2019/08/02, 2019.08.02
    ("ymd", re.compile(r"(?<!\d)((?:19|20)\d\d)[-/.](\d{1,2})[-/.](\d{1,2})(?!\d)")),
    # 2. August 2019, 2 de agosto de 2019, 1er mars 2020, 2 sierpnia 2019
    ("dmy", re.compile(
        rf"(?<!\d)(\d{{1,2}})(?:\.|er|st|nd|rd|th)?\s*(?:de\s+)?({_MONTH_RX})\.?,?\s+(?:de\s+)?((?:19|20)\d\d)(?!\d)",
        re.IGNORECASE)),
    # August 2, 2019
    ("mdy", re.compile(
        rf"\b({_MONTH_RX})\.?\s+(\d{{1,2}})(?:st|nd|rd|th)?,?\s+((?:19|20)\d\d)(?!\d)", re.IGNORECASE)),
    # ngày 2 tháng 8 năm 2019
    ("dmy-vi", re.compile(r"(\d{1,2})\s+tháng\s+(\d{1,2})\s*(?:năm|,)\s*((?:19|20)\d\d)", re.IGNORECASE)),
    # 02.08.2019, 2/8/2019 (day first; month first on US pages when the day says so)
    ("num", re.compile(r"(?<![\d.])(\d{1,2})([./-])(\d{1,2})\2((?:19|20)\d\d)(?!\d)")),
]  # fmt: skip
_ISO_PREFIX = re.compile(r"^\s*(?:19|20)\d\d-\d\d-\d\d")
_URL_DAY = re.compile(
    r"/((?:19|20)\d\d)/(0?[1-9]|1[0-2])/(0?[1-9]|[12]\d|3[01])(?:/|$|[-_.])"
    r"|[/_-]((?:19|20)\d\d)-?(0[1-9]|1[0-2])-?(0[1-9]|[12]\d|3[01])(?:[/_.-]|$)"
)
_UPDATED = re.compile(
    r"updated|modified|aktualisiert|geändert|mis\s+à\s+jour|actualizad|atualizad|aggiornat"
    r"|zaktualizowan|cập\s+nhật|edited|revised",
    re.IGNORECASE,
)
_PUBLISHED = re.compile(
    r"publi|posted|created|erschienen|veröffentlicht|ver[öo]ffentlicht|erstellt|pubdate|entry-date"
    r"|opublikowan|đăng|date-?time|datum|fecha|data",
    re.IGNORECASE,
)
_DATE_HINT = re.compile(r"date|time|publi|posted|datum|fecha|meta|byline", re.IGNORECASE)
_AWAY = ("comments", "related-links", "navigation")
# Zones whose lines are other pages'; for dates, a "navigation" class is too often the header's.
_AWAY_DATES = ("comments", "related-links")


def day_of(text: str, month_first: bool = False) -> str | None:
    """The first full date written in ``text`` (any of the forms above), as ``YYYY-MM-DD``."""
    best: tuple[int, str] | None = None
    for form, rx in _DAY_FORMS:
        m = rx.search(text)
        if m is None or (best is not None and m.start() >= best[0]):
            continue
        if form == "ymd":
            y, mo, d = int(m[1]), int(m[2]), int(m[3])
        elif form == "dmy":
            y, mo, d = int(m[3]), _MONTHS[m[2].lower()], int(m[1])
        elif form == "mdy":
            y, mo, d = int(m[3]), _MONTHS[m[1].lower()], int(m[2])
        elif form == "dmy-vi":
            y, mo, d = int(m[3]), int(m[2]), int(m[1])
        else:
            a, b, y = int(m[1]), int(m[3]), int(m[4])
            first = month_first and m[2] == "/"
            mo, d = (a, b) if (first and a <= 12) or b > 12 else (b, a)
        day = _valid(y, mo, d)
        if day:
            best = (m.start(), day)
    return best[1] if best else None


def _valid(y: int, mo: int, d: int) -> str | None:
    import datetime as dt

    try:
        day = dt.date(y, mo, d)
    except ValueError:
        return None
    if not dt.date(1990, 1, 1) <= day <= dt.date.today() + dt.timedelta(days=2):
        return None
    return day.isoformat()


def _stated(value: str | None, month_first: bool = False) -> str | None:
    """A stated date kept as written when it is ISO (``2024-06-20T10:15:00+07:00``), else its
    day as ``YYYY-MM-DD``; None when it names no plausible day."""
    if not value or not isinstance(value, str):
        return None
    value = value.strip()
    if _ISO_PREFIX.match(value):
        return value if _valid(int(value[:4]), int(value[5:7]), int(value[8:10])) else None
    if value.isdigit() and len(value) in (10, 13):  # a Unix time stamp
        import datetime as dt

        stamp = int(value[:10])
        return dt.datetime.fromtimestamp(stamp, dt.UTC).date().isoformat() if stamp > 6e8 else None
    return day_of(value, month_first)


def url_day(url: str | None) -> str | None:
    """The day an address is dated by (``/2019/08/02/``, ``-20190802-``), as ``YYYY-MM-DD``."""
    m = _URL_DAY.search(url or "")
    if m is None:
        return None
    y, mo, d = (int(x) for x in (m.groups()[:3] if m[1] else m.groups()[3:]))
    return _valid(y, mo, d)


def _away(el: etree._Element, container: etree._Element) -> bool:
    """Whether an element lies in a zone whose dates belong to other pages (lists, comments):
    one below the article's common ancestor with it (a page's body classes say nothing)."""
    path = {container, *container.iterancestors()}
    for node in (el, *el.iterancestors()):
        if node in path:
            return False
        if node.tag in ("nav", "aside", "footer") or class_reason(_hint(node)) in _AWAY_DATES:
            return True
    return False


def _near(el: etree._Element, container: etree._Element) -> int:
    """2 inside the container, 1 beside it (the article's header), 0 elsewhere."""
    ancestors = set(el.iterancestors())
    if container in ancestors or el is container:
        return 2
    top = container.getparent()
    if top is not None and top.getparent() is not None and top.tag != "body":
        top = top.getparent()
    return 1 if top is not None and top in ancestors else 0


def html_date(
    root: etree._Element,
    metas: dict[str, str],
    ld: list[dict],
    container: etree._Element,
    url: str | None,
    lines: list[tuple[str, str | None]] | None = None,
    headlines: tuple[str | None, ...] = (),
    scripts: str | None = None,
) -> str | None:
    """The page's publication date, from the most to the least specific evidence: a
    published-date meta tag, the article's JSON-LD, a ``<time>`` or element marked as the
    publication's, the address, a date in a date-named element or in the lines around the
    headline (``lines``: the page's lines in order, with their removal reasons), a generic
    ``date`` meta tag, other JSON-LD, the title; only then a date the page says it was last
    changed. ISO values are kept as written. None when a clock line is the page's only date:
    the clock rules read it."""
    month_first = (root.get("lang") or "").lower() in ("en-us", "en_us")
    found = url_day(url)
    if found:
        return found
    for name in _META_PUBLISHED:
        if name not in _GENERIC_META:
            found = _stated(metas.get(name), month_first)
            if found:
                return found
    ranked = sorted(
        (not _LD_ARTICLE.search(str(item.get("@type", ""))), i, item) for i, item in enumerate(ld)
    )
    for other, _, item in ranked:
        if other:
            break
        for key in ("datePublished", "dateCreated"):
            found = _stated(item.get(key), month_first)
            if found:
                return found
    candidates, changed = _marked_dates(root, container, month_first)
    scripted = _stated(scripts, month_first)
    if candidates:
        return min(candidates)[2]
    visible = _visible_date(root, container, month_first)
    if visible == "clock":
        return None
    found = visible or _line_date(lines or [], headlines, month_first, changed)
    if found:
        return found
    for name in _GENERIC_META:
        found = _stated(metas.get(name), month_first)
        if found:
            return found
    for other, _, item in ranked:
        if other:
            found = _stated(item.get("datePublished") or item.get("uploadDate"), month_first)
            if found:
                return found
    for name in ("og:title", "twitter:title"):
        found = day_of(metas.get(name) or "", month_first)
        if found:
            return found
    for name in _META_MODIFIED:
        found = _stated(metas.get(name), month_first)
        if found:
            changed.append(found)
    for _, _, item in ranked:
        found = _stated(item.get("dateModified"), month_first)
        if found:
            changed.append(found)
    return changed[0] if changed else (scripted or _labelled_date(lines or [], month_first))


_META_MODIFIED = (
    "article:modified_time", "og:updated_time", "og:modified_time", "datemodified",
    "dcterms.modified", "dc.date.modified", "last-modified", "lastmod", "modified", "revised",
    "dateupdate", "dateupdated",
)  # fmt: skip
_MARKED = etree.XPath(
    "(//*[@itemprop or @property or self::time or (@title and (self::abbr or self::span))])"
    "[position() <= 2000]"
)
_MARKED_PROPS = re.compile(
    r"datepublished|datecreated|uploaddate|dc:date|dc:created|dcterms:created|dcterms:issued"
    r"|article:published_time|schema:datecreated|schema:datepublished",
    re.IGNORECASE,
)


def _marked_dates(
    root: etree._Element, container: etree._Element, month_first: bool
) -> tuple[list[tuple[int, int, str]], list[str]]:
    """Dates of ``<time>`` elements and of elements marked as the publication date (itemprop,
    RDFa property, ``<abbr class="published" title>``), ranked: 0 marked, 1–3 unmarked by
    nearness to the article; and, apart, the dates marked as changes."""
    candidates: list[tuple[int, int, str]] = []
    changed: list[str] = []
    for order, el in enumerate(_MARKED(root)):
        tag = el.tag
        prop = (el.get("itemprop") or "") + " " + (el.get("property") or "")
        titled = tag in ("abbr", "span") and not prop.strip()  # <abbr class="published" title>
        if tag == "meta" or (tag != "time" and not titled and not _MARKED_PROPS.search(prop)):
            continue
        if titled and not _PUBLISHED.search(_hint(el)) and not _UPDATED.search(_hint(el)):
            continue
        value = el.get("datetime") or el.get("content") or el.get("title") or el.text_content()
        found = _stated(value, month_first)
        if not found or _away(el, container):
            continue
        parent = el.getparent()
        if parent is None:
            parent = el
        hint = _hint(el) + " " + prop + " " + _hint(parent)
        label = _squash(parent.text_content())[:80]
        if _UPDATED.search(hint) or (_UPDATED.search(label) and not _PUBLISHED.search(label)):
            changed.append(found)
            continue
        marked = el.get("pubdate") is not None or tag != "time" or bool(_PUBLISHED.search(hint))
        candidates.append((0 if marked else 3 - _near(el, container), order, found))
    return candidates, changed


_LABEL_PUBLISHED = re.compile(
    r"\b(?:published|posted|released|veröffentlicht|erschienen|erstellt|datum|date|publié|publicado"
    r"|publicada|opublikowano|pubblicato|am|vom|on|le|el|du|dnia)\b\W*$",
    re.IGNORECASE,
)


def _line_date(
    lines: list[tuple[str, str | None]],
    headlines: tuple[str | None, ...],
    month_first: bool,
    changed: list[str],
) -> str | None:
    """The first date written in the short lines around the headline (from three lines above
    it to twelve below; the page's title and its first ``<h1>`` are tried), outside lists of
    other pages and comments; a date labelled as a change is only noted (``changed``)."""
    if not lines:
        return None
    starts = []
    for headline in headlines:
        found = _headline_at(lines, (headline,))
        if found is not None and found not in starts:
            starts.append(found)
    if not starts:
        starts = [next((i for i, (_, r) in enumerate(lines) if r is None), 0)]
    best: tuple[int, int, str] | None = None
    for start in starts:
        zone = lines[start][1]  # (the headline's own zone is the article's header)
        for i in range(max(0, start - 3), min(len(lines), start + 13)):
            text, reason = lines[i]
            if reason in _AWAY and reason != zone and (abs(i - start) > 1 or len(text) > 40):
                continue  # (a date right by the headline is its, whatever the box is called)
            head = text if len(text) <= 160 else text[:60]
            day = day_of(head, month_first) or _short_day(head)
            if not day:
                continue
            before = head[: head.find(day[:4])] if day[:4] in head else head[:20]
            if _UPDATED.search(before) and not _PUBLISHED.search(before):
                changed.append(day)
                continue
            rank = (0 if _LABEL_PUBLISHED.search(before[-30:]) else 1, abs(i - start))
            if best is None or rank < best[:2]:
                best = (*rank, day)
    return best[2] if best else None


_LABELLED = re.compile(
    r"\b(?:veröffentlicht|erschienen|published|posted|publié|publicado|opublikowano|datum|date"
    r"|stand|aktualisiert|updated|last\s+(?:edited|modified|updated)|zuletzt|geändert|copyright"
    r"|pressemitteilung|vom)\b",
    re.IGNORECASE,
)


def _labelled_date(lines: list[tuple[str, str | None]], month_first: bool) -> str | None:
    """The last resort: a date labelled as the page's (``Veröffentlicht am``, ``Stand:``, ``last
    edited``, ``©``) anywhere on the page, else the first date of the article's own lines."""
    first = None
    for text, reason in lines:
        if reason in _AWAY_DATES or len(text) > 300:
            continue
        found = day_of(text, month_first)
        if not found:
            continue
        at = text.find(found[:4])
        if _LABELLED.search(text[max(0, at - 40) : at] if at >= 0 else text) or "©" in text:
            return found
        if first is None:
            first = found
    return first


_SHORT_DAY = re.compile(r"(?<![\d.])(\d{1,2})\.(\d{1,2})\.(\d\d)(?![\d.])")


def _short_day(text: str) -> str | None:
    """A German-style date with a two-digit year (``26.10.13``)."""
    import datetime as dt

    m = _SHORT_DAY.search(text)
    if m is None:
        return None
    yy = int(m[3])
    year = 2000 + yy if 2000 + yy <= dt.date.today().year else 1900 + yy
    return _valid(year, int(m[2]), int(m[1]))


def _visible_date(root: etree._Element, container: etree._Element, month_first: bool) -> str | None:
    """A date written in a date-, time- or meta-named element near the article (a clock line is
    left for the clock rules)."""
    best: tuple[int, int, str] | None = None
    named = (
        el
        for el in root.iter()
        if isinstance(el.tag, str) and (el.get("class") or el.get("id") or el.get("itemprop"))
    )
    order = 0
    for el in named:
        if not _DATE_HINT.search(_hint(el) + " " + _attr(el, "itemprop")):
            continue
        order += 1
        if order > 60:
            break
        if el.tag in ("html", "body", "script", "style") or _away(el, container):
            continue
        text = _squash(el.text_content())
        if not text or len(text) > 200:
            continue
        if clock_date(text):
            return "clock"  # the clock rules read it (and tell the article's clock from the page's)
        found = day_of(text, month_first)
        if not found:
            continue
        hint = _hint(el)
        before = text[: text.find(found[:4])] if found[:4] in text else text
        if _UPDATED.search(hint) or (_UPDATED.search(before) and not _PUBLISHED.search(before)):
            continue
        rank = (0 if _PUBLISHED.search(hint + " " + before) else 1) + 2 * (2 - _near(el, container))
        if best is None or (rank, order) < best[:2]:
            best = (rank, order, found)
    return best[2] if best else None


_CLOCK_HINT = re.compile(r"date|time|publish|posted|updated", re.IGNORECASE)


def clock_in(body: etree._Element) -> str | None:
    """A clock line (``Wednesday, March 12, 2025, 14:00 (GMT+7)``) in a date-named element."""
    seen = 0
    for el in body.iter():
        if not isinstance(el.tag, str) or not _CLOCK_HINT.search(_hint(el)):
            continue
        seen += 1
        if seen > 25:
            break
        text = _squash(el.text_content())
        if clock_date(text):
            return text
    return None


# --- the page ------------------------------------------------------------------------------------

MAX_DEPTH = 2048  # libxml2's limit with huge_tree: a deeper page stops parsing there
_TAG = re.compile(r"<(/?)([a-zA-Z][\w:-]*)[^>]*?(/?)>")


def _headline_at(
    lines: list[tuple[str, str | None]], headlines: tuple[str | None, ...]
) -> int | None:
    """The index of the first of the headlines found in the page's lines."""
    for headline in headlines:
        key = _line(headline or "")[:60]
        found = next((i for i, (t, _) in enumerate(lines) if key and t.startswith(key)), None)
        if found is not None:
            return found
    return None


def _lede(lines: list[tuple[str, str | None]], headlines: tuple[str | None, ...]) -> list[str]:
    """The article's lede printed between its headline and the container, outside it (a
    standfirst in the page's header): paragraphs of prose right above the article's first line."""
    start = _headline_at(lines, headlines)
    first = next((i for i, (_, r) in enumerate(lines) if r is None), None)
    if start is None or first is None or not start < first <= start + 8:
        return []
    return [text for text, reason in lines[start + 1 : first] if reason == OUTSIDE and _para(text)]


def _para(text: str) -> bool:
    """A paragraph of prose: a dozen words or more, ending as a sentence ends."""
    return len(text) >= 80 and len(text.split()) >= 12 and text.rstrip()[-1:] in '.!?"”“«»:)'


def _parser() -> lxml.html.HTMLParser:
    return lxml.html.HTMLParser(
        encoding="utf-8", remove_comments=True, remove_pis=True, huge_tree=True
    )


def _as_text(markup: str, page: Page, why: str) -> Page:
    """The page with its tags dropped: for markup the parser cannot take whole."""
    text = html_lib.unescape(_TAG.sub("\n", markup))
    page.removed.append(Removed("page-chrome", why))
    page.blocks = [b for b in (_squash(x) for x in text.split("\n")) if b]
    return page


def parse(markup: str, url: str | None = None) -> Page:
    """Parse an HTML page into title, blocks, removals (each with its reason) and head metadata.

    ``url`` is the page's address when the source gives one (it can date the page). Markup
    nested deeper than the parser goes is read as text with its tags dropped.
    """
    page = Page()
    parser = _parser()
    try:
        root = lxml.html.document_fromstring(
            close_rcdata(markup).encode("utf-8", "replace"), parser=parser
        )
    except (etree.ParserError, ValueError):
        return page
    if any("Excessive depth" in e.message for e in parser.error_log):
        return _as_text(markup, page, f"markup nested deeper than {MAX_DEPTH} levels; tags dropped")
    metas, ld, scripted = _metas(root), _jsonld(root), _script_date(root)
    read_head(root, page, metas, ld)
    body = root.find("body")
    if body is None:
        body = root
    for el in list(body.iter(*SILENT)):
        el.drop_tree()
    tree = measure(body)
    container = find_container(body, tree)
    walk = Walk(body, container, tree)
    page.blocks = walk.run()
    good = tree.good.get(container, 0)
    if good >= 150 and sum(len(b) for b in page.blocks) < 0.2 * good:
        # The class rules took nearly all of the article's prose (a page whose layout boxes are
        # all named like boilerplate): read the container again by its tags alone.
        walk = Walk(body, container, tree, by_tags=True)
        page.blocks = walk.run()
    page.removed.extend(walk.removed)
    h1 = next(body.iter("h1"), None)
    headlines = (page.title, _squash(h1.text_content()) if h1 is not None else None)
    if not _hinted(container):  # (a container named as the article body has its own lede)
        lede = _lede(walk.order, headlines)
        page.blocks[:0] = lede
        for line in lede:
            page.removed.remove(Removed(OUTSIDE, line))
    page.byline = page.byline or walk.byline
    page.url = page.url or url
    page.date = html_date(root, metas, ld, container, page.url, walk.order, headlines, scripted)
    if not page.date:
        page.clock = clock_in(body) or walk.clock
    return page
