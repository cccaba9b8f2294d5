"""HTML pages: metadata from the head, the article container, boilerplate removed by tag and class.

The output is a list of text blocks in page order, which then goes through the same line rules as
plain text (captions, sign-offs, teasers). bs4 is imported here and nowhere else.
"""

from __future__ import annotations

import html as html_lib
import json
import re
from dataclasses import dataclass, field

from bs4 import BeautifulSoup, Comment, Doctype, NavigableString, Tag

from searcher.clean.rules import clock_date
from searcher.models import Removed

DROP_TAGS = (
    "script", "style", "noscript", "template", "svg", "iframe", "button", "input",
    "select", "textarea", "canvas", "video", "audio", "object", "embed", "link", "meta", "map",
)  # fmt: skip
BLOCK_TAGS = (
    "p", "h1", "h2", "h3", "h4", "h5", "h6", "li", "blockquote", "pre", "td", "th", "dd", "dt",
    "div", "section", "article", "main", "header", "footer", "ul", "ol", "dl", "table", "tr",
    "figure", "figcaption", "aside", "nav", "center", "address", "hr",
)  # fmt: skip
STRUCTURAL = {
    "nav": "navigation", "header": "page-chrome", "footer": "page-chrome", "aside": "related-links",
    "form": "page-chrome",
    "figcaption": "caption", "figure": "caption",
}  # fmt: skip

_CONTENT = re.compile(
    r"article[-_]?(?:body|content|text|detail|main|entry)|story[-_]?(?:body|content|text)"
    r"|entry[-_]?content|post[-_]?(?:body|content|entry|text)|content[-_]?(?:detail|body|article|main|text)"
    r"|detail[-_]?(?:content|body|news)|news[-_]?(?:content|body|detail|text)|main[-_]?content"
    r"|body[-_]?text|text[-_]?content|cms[-_]?body|rich[-_]?text|article__body|single[-_]?content"
    r"|td-post-content|articlebody|storybody|newsbody|fck_detail|maincontent|the[-_]?content",
    re.IGNORECASE,
)
_BOILER = [
    (
        "comments",
        r"comments?|comment[-_]?(?:box|list|form|area)|disqus|binh[-_]?luan|fb[-_]?comments",
    ),
    (
        "related-links",
        r"related|relate|recommend(?:ed|ations?)?|read[-_]?more|see[-_]?also|more[-_]?news"
        r"|other[-_]?news|tin[-_]?lien[-_]?quan|outbrain|taboola|most[-_]?(?:read|viewed|popular)|trending",
    ),
    (
        "navigation",
        r"breadcrumbs?|nav|navbar|navigation|menu|pagination|pager|sidebar|widget|toc"
        r"|skip[-_]?link|jump",
    ),
    ("caption", r"caption|figcaption|wp-caption-text|credit|photo[-_]?credit|image[-_]?caption"),
    ("byline", r"byline|author|authors|writer|contributor"),
    (
        "page-chrome",
        r"share|sharing|social|sns|tags?|tag[-_]?list|keywords?|newsletter|subscribe"
        r"|subscription|cookie|consent|gdpr|promo|advert|ads?|ad[-_]?slot|banner|sponsor(?:ed)?|popup"
        r"|modal|toolbar|print|rating|vote|poll|hidden|sr-only|visually[-_]?hidden|signup|paywall"
        r"|footer|header|masthead|meta|dateline|timestamp|date|time",
    ),
]
_BOILER_RE = [(reason, re.compile(rf"^(?:{rx})$", re.IGNORECASE)) for reason, rx in _BOILER]
_DATE_CLASS = re.compile(r"date|time|publish|posted|updated", re.IGNORECASE)
_TOKEN_SPLIT = re.compile(r"[\s_-]+|(?<=[a-z])(?=[A-Z])")
_SPACE = re.compile(r"[ \t\r\f\v\u00a0\u2000-\u200b\u3000]+")


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


def _attr(tag: Tag, name: str) -> str:
    value = tag.get(name)
    if isinstance(value, list):
        return " ".join(value)
    return value or ""


def _meta(soup: BeautifulSoup, *names: str) -> str | None:
    for name in names:
        for key in ("property", "name", "itemprop"):
            tag = soup.find("meta", attrs={key: name})
            if isinstance(tag, Tag) and _attr(tag, "content").strip():
                return _attr(tag, "content").strip()
    return None


def _jsonld(soup: BeautifulSoup) -> list[dict]:
    found: list[dict] = []
    for script in soup.find_all("script", attrs={"type": "application/ld+json"}):
        try:
            data = json.loads(script.get_text() or "null")
        except (ValueError, RecursionError):
            continue
        stack = [data]
        while stack and len(found) < 50:
            item = stack.pop()
            if isinstance(item, list):
                stack.extend(item)
            elif isinstance(item, dict):
                found.append(item)
                if "@graph" in item:
                    stack.append(item["@graph"])
    return found


def _clean_title(raw: str | None, site: str | None) -> str | None:
    if not raw:
        return None
    title = _SPACE.sub(" ", raw).strip()
    parts = re.split(r"\s+[|–—:»]\s+|\s+-\s+", title)
    if len(parts) > 1:
        if site:
            kept = [p for p in parts if p.strip().lower() != site.strip().lower()]
            parts = kept or parts
        # A site name is the short part at the end (or the start): keep the longest.
        title = max(parts, key=len).strip() if len(parts) > 1 else parts[0]
    return title or None


def read_head(soup: BeautifulSoup, page: Page) -> None:
    """Title, date, site name and URL from meta tags, JSON-LD, <time> and <h1>."""
    ld = _jsonld(soup)
    site = _meta(soup, "og:site_name", "application-name", "publisher")
    for item in ld:
        pub = item.get("publisher")
        if not site and isinstance(pub, dict) and isinstance(pub.get("name"), str):
            site = pub["name"]
    page.site_name = site
    page.url = _meta(soup, "og:url", "twitter:url") or _canonical(soup)
    date = _meta(
        soup, "article:published_time", "og:published_time", "datePublished", "pubdate",
        "publishdate", "publish-date", "publish_date", "date", "dc.date", "dc.date.issued",
        "DC.date.issued", "citation_publication_date", "parsely-pub-date", "sailthru.date",
    )  # fmt: skip
    if not date:
        for item in ld:
            value = item.get("datePublished") or item.get("dateCreated")
            if isinstance(value, str) and value.strip():
                date = value.strip()
                break
    if not date:
        tag = soup.find(None, attrs={"itemprop": "datePublished"})  # (bs4's types want a name)
        if isinstance(tag, Tag):
            date = _attr(tag, "content") or _attr(tag, "datetime") or None
    if not date:
        tag = soup.find("time", attrs={"datetime": True})
        if isinstance(tag, Tag):
            date = _attr(tag, "datetime") or None
    page.date = date
    if not date:
        for tag in (
            soup.find_all(None, attrs={"class": _DATE_CLASS})[:20]
            + soup.find_all(None, attrs={"id": _DATE_CLASS})[:5]
        ):
            text = " ".join(tag.get_text(" ").split())
            if clock_date(text):
                page.clock = text
                break
    h1 = soup.find("h1")
    h1_text = _SPACE.sub(" ", h1.get_text(" ")).strip() if isinstance(h1, Tag) else ""
    og = _meta(soup, "og:title", "twitter:title")
    title_tag = soup.find("title")
    tag_text = title_tag.get_text() if isinstance(title_tag, Tag) else ""
    raw = og or h1_text or tag_text or None
    page.title = _clean_title(raw, site)
    parts = re.split(r"\s+[|–—:»]\s+|\s+-\s+", _SPACE.sub(" ", tag_text).strip())
    page.title_parts = tuple(p for p in parts[1:] if p and p != page.title)
    if h1_text and page.title and h1_text.lower().startswith(page.title.lower()[:20]):
        page.title = h1_text  # the page's own headline beats a shortened og:title
    author = _meta(soup, "author", "article:author", "byl")
    if author and not author.startswith("http"):
        page.byline = author


def _canonical(soup: BeautifulSoup) -> str | None:
    link = soup.find("link", attrs={"rel": "canonical"})
    return _attr(link, "href") or None if isinstance(link, Tag) else None


_CONTAINER_TAGS = ("div", "section", "article", "main", "td", "body", "font", "center")


def _direct_text(tag: Tag) -> str:
    return " ".join(
        " ".join(str(c).split())
        for c in tag.children
        if isinstance(c, NavigableString) and not isinstance(c, Comment)
    ).strip()


def _text_len(tag: Tag) -> int:
    return len(" ".join(tag.get_text(" ").split()))


def _link_len(tag: Tag) -> int:
    return sum(len(" ".join(a.get_text(" ").split())) for a in tag.find_all("a"))


def find_container(soup: BeautifulSoup) -> Tag:
    """The element holding the article: markup hints first, then a text-density score."""
    body = soup.body or soup
    scores: dict[int, float] = {}
    nodes: dict[int, Tag] = {}
    paragraphs = [
        (p, " ".join(p.get_text(" ").split()))
        for p in body.find_all(["p", "pre", "td", "blockquote"])
    ]
    # Text written straight into a <div> with <br> line breaks counts like a paragraph.
    direct = ((d, _direct_text(d)) for d in body.find_all("div"))
    paragraphs += [(d, text) for d, text in direct if len(text) >= 150]
    for p, text in paragraphs:
        if len(text) < 25:
            continue
        points = 1 + text.count(",") + min(len(text) // 100, 3)
        parent = p.parent
        for weight in (1.0, 0.5, 0.25):
            if not isinstance(parent, Tag) or parent.name in ("html", "[document]"):
                break
            scores[id(parent)] = scores.get(id(parent), 0.0) + points * weight
            nodes[id(parent)] = parent
            parent = parent.parent
    for tag in body.find_all(_CONTAINER_TAGS):
        hint = _attr(tag, "class") + " " + _attr(tag, "id")
        if (
            _attr(tag, "itemprop") == "articleBody"
            or tag.name == "article"
            or (hint.strip() and _CONTENT.search(hint))
        ):
            nodes[id(tag)] = tag
            scores[id(tag)] = scores.get(id(tag), 0.0) * 1.5 + 5
    best, best_score = None, 0.0
    for key, tag in nodes.items():
        if tag.name not in _CONTAINER_TAGS:
            continue
        total = _text_len(tag)
        if total < 80:
            continue
        density = 1 - min(_link_len(tag) / total, 1.0)
        score = scores.get(key, 0.0) * density
        if _negative(tag):
            score *= 0.2
        if score > best_score:
            best, best_score = tag, score
    return best if best is not None else body


_NEGATIVE = re.compile(
    r"comment|disqus|reply|footer|sidebar|related|widget|share|sponsor|promo|menu|contact|address"
    r"|masthead|forum|discussion|replies",
    re.IGNORECASE,
)


def _negative(tag: Tag) -> bool:
    """Readability's rule: containers named like comments, footers or sidebars are unlikely."""
    for node in (tag, tag.parent):
        if isinstance(node, Tag) and _NEGATIVE.search(
            _attr(node, "class") + " " + _attr(node, "id")
        ):
            return True
    return False


def _boiler_reason(tag: Tag) -> str | None:
    tokens = [t for t in _TOKEN_SPLIT.split(_attr(tag, "class") + " " + _attr(tag, "id")) if t]
    role = _attr(tag, "role")
    if role in ("navigation", "menubar", "complementary", "banner", "contentinfo"):
        return "navigation"
    if tag.get("aria-hidden") == "true" or tag.get("hidden") is not None:
        return "page-chrome"
    for reason, rx in _BOILER_RE:
        if any(rx.match(t) for t in tokens):
            return reason
    return None


def strip_boilerplate(container: Tag, page: Page) -> None:
    """Drop structural and class-marked boilerplate inside the container."""
    total = max(_text_len(container), 1)
    for tag in list(container.find_all(True)):
        if tag.decomposed:
            continue
        reason = STRUCTURAL.get(tag.name) or _boiler_reason(tag)
        if reason is None or tag is container:
            continue
        size = _text_len(tag)
        if reason != "caption" and size > 0.5 * total:
            continue  # a wrapper that holds the article itself
        text = " ".join(tag.get_text(" ").split())
        if text:
            page.removed.append(Removed(reason, text[:500]))
            if reason == "page-chrome" and not page.clock and clock_date(text):
                page.clock = text
            if reason == "byline" and not page.byline and len(text) < 120:
                page.byline = text
        tag.decompose()


def to_blocks(container: Tag) -> list[str]:
    """Text blocks in page order: one per paragraph-level element; <br> splits lines."""
    for br in container.find_all("br"):
        br.replace_with("\n")
    for tag in container.find_all(BLOCK_TAGS):
        tag.insert_before("\n\n")
        tag.append("\n\n")
    parts = []
    for node in container.descendants:
        if isinstance(node, NavigableString) and not isinstance(node, (Comment, Doctype)):
            parts.append(str(node))
    text = "".join(parts)
    blocks = []
    for chunk in re.split(r"\n\s*\n", text):
        for line in chunk.split("\n"):
            line = _SPACE.sub(" ", line).strip()
            if line:
                blocks.append(line)
    return blocks


MAX_DEPTH = 400
_TAG = re.compile(r"<(/?)([a-zA-Z][\w:-]*)[^>]*?(/?)>")
_VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param",
         "source", "track", "wbr", "p", "li", "td", "tr", "option"}  # fmt: skip


def too_deep(markup: str, limit: int = MAX_DEPTH) -> bool:
    """True for pathological nesting (a parse tree deeper than any real page)."""
    depth = 0
    for m in _TAG.finditer(markup):
        name = m.group(2).lower()
        if m.group(3) or name in _VOID:
            continue
        depth += -1 if m.group(1) else 1
        if depth > limit:
            return True
    return False


def parse(markup: str) -> Page:
    """Parse an HTML page into title, blocks, removals and head metadata.

    Pathologically nested markup is parsed as text with its tags dropped, so cost stays linear.
    """
    page = Page()
    if too_deep(markup):
        text = html_lib.unescape(_TAG.sub("\n", markup))
        page.removed.append(
            Removed("page-chrome", f"markup nested deeper than {MAX_DEPTH} levels; tags dropped")
        )
        page.blocks = [b for b in (_SPACE.sub(" ", x).strip() for x in text.split("\n")) if b]
        return page
    soup = BeautifulSoup(markup, "lxml")
    read_head(soup, page)
    for tag in soup.find_all(DROP_TAGS):
        tag.decompose()
    for comment in soup.find_all(string=lambda s: isinstance(s, Comment)):
        comment.extract()
    container = find_container(soup)
    for tag in soup.find_all(["nav", "footer"]):
        if tag.parent is not None and container not in tag.parents and tag is not container:
            tag.decompose()
    strip_boilerplate(container, page)
    page.blocks = to_blocks(container)
    return page
