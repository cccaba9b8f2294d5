"""Measuring the body (each element's text, links, prose and chrome) and choosing the element
that holds the article."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from lxml import etree  # type: ignore[import-untyped]

from searcher.clean.html.classes import ZONE_TAGS, away_hint, hinted, zone_hint
from searcher.clean.html.elements import (
    BLOCK_TAGS,
    CONTROLS,
    STRUCTURE,
    hint_of,
    squash,
    stripped_len,
    text_head,
)


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
    blocky: set[etree._Element] = field(default_factory=set)  # elements holding a block
    zoned: dict[etree._Element, bool] = field(default_factory=dict)  # in a zone? (as asked)


def measure(body: etree._Element) -> Tree:
    """Two bottom-up passes: each element's visible text and link lengths, then its good and bad
    text (the inline text of each block judged as prose, links or neither)."""
    text: dict[etree._Element, int] = {}
    links: dict[etree._Element, int] = {}
    direct: dict[etree._Element, int] = {}
    structure: set[etree._Element] = set()
    through: set[etree._Element] = set()
    blocky: set[etree._Element] = set()
    elements = list(body.iter())
    for el in reversed(elements):
        tag = el.tag
        own = stripped_len(el.text)
        tails = total = link = 0
        nested = False
        for child in el:
            tails += stripped_len(child.tail)
            total += text.get(child, 0)
            link += links.get(child, 0)
            nested = nested or child in structure or child.tag in STRUCTURE
            if child.tag in BLOCK_TAGS or child in blocky:
                blocky.add(el)
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
    tree = Tree(text, links, direct, through, blocky=blocky)
    _judge(elements, tree, max(text.get(body, 0), 1))
    return tree


def _judge(elements: list[etree._Element], tree: Tree, page: int) -> None:
    """Good and bad text per element, bottom up. Each block's inline text is judged: 50
    characters or more, at most half of them in links, is prose (links in prose are prose too);
    the links of any other block are bad, and so is everything in links and boilerplate zones.
    A box named as boilerplate (by tag or class words) is a zone unless it is mostly prose and
    not named as comments, a cookie notice or the like (a teaser box that links nowhere is the
    article's own summary), or it holds the page's ``<main>``."""
    inline: dict[etree._Element, int] = {}  # text not inside a nested block or a link
    linked: dict[etree._Element, int] = {}  # the inline text inside links
    good, bad, zones, text = tree.good, tree.bad, tree.zones, tree.text
    main: dict[etree._Element, int] = {}  # the prose of the <main> an element holds
    mains: list[etree._Element] = []
    for el in reversed(elements):
        tag = el.tag
        if not isinstance(tag, str) or (tag in CONTROLS and el not in tree.through):
            inline[el] = linked[el] = good[el] = bad[el] = 0
            continue
        own, link, g, b = stripped_len(el.text), 0, 0, 0
        for child in el:
            own += stripped_len(child.tail)
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
        if (tag == "main" or el.get("role") == "main") and len(mains) < 20:
            mains.append(el)
            main[el] = max(main.get(el, 0), g)
            for node in el.iterancestors():  # (its prose, for the boxes around it)
                if main.get(node, 0) >= g:
                    break
                main[node] = g
        if (
            (tag in ZONE_TAGS or zone_hint(hint_of(el)))
            and size < 0.5 * page
            and not (
                g >= 300
                and g >= 0.5 * size
                and not away_hint(hint_of(el), tree.links.get(el, 0) >= 0.1 * size)
            )
            and main.get(el, 0) < 300  # (the page's <main> is in no zone)
        ):
            zones.add(el)
            g = 0  # (its prose is neither good nor bad: the walk removes the zone anyway)
        good[el], bad[el] = g, b


_CONTAINER_TAGS = frozenset(("div", "section", "article", "main", "td", "body", "font", "center"))
_NEGATIVE = re.compile(
    r"comment(?!ary)|disqus|reply|footer|sidebar|related|widget|share|sponsor|promo|menu|contact|address"
    r"|masthead|forum|discussion|replies",
    re.IGNORECASE,
)


def _direct_text(el: etree._Element) -> str:
    return squash(" ".join([el.text or "", *(c.tail or "" for c in el)]))


def _objective(el: etree._Element, tree: Tree) -> float:
    """How much an element is the article: its prose, less twice its links and chrome."""
    return tree.good.get(el, 0) - 2 * tree.bad.get(el, 0)


def _in_zone(el: etree._Element, tree: Tree) -> bool:
    """Whether an element is in a boilerplate zone (itself or an ancestor), remembered for each
    element on the way up: asked of every candidate, it costs each element once."""
    zoned, zones = tree.zoned, tree.zones
    path = []
    node: etree._Element | None = el
    found = False
    while node is not None:
        known = zoned.get(node)
        if known is not None:
            found = known
            break
        if node in zones:
            found = True
            break
        path.append(node)
        node = node.getparent()
    for node in path:
        zoned[node] = found
    return found


def find_container(body: etree._Element, tree: Tree) -> etree._Element:
    """The element holding the article. Readability's score (paragraphs counted into their
    parents, markup hints, link density) picks a candidate, which is not in a boilerplate zone;
    it widens to the ancestor with the most prose for its links and chrome (an article split
    over several boxes); and when it holds under a third of the page's prose, the page's prose
    decides: the deepest element with four fifths of it."""
    scores: dict[etree._Element, float] = {}
    paragraphs: list[tuple[etree._Element, int, int]] = []  # (element, length, commas)
    # Paragraphs nested in each other (table cells, quotes) would each read the text of those
    # inside them: the characters read are bounded, and past the bound a paragraph's length is
    # its measured text's, without commas (a page of hundreds of nested cells, not an article).
    budget = 4 * tree.text.get(body, 0) + 100_000
    for p in body.iter("p", "pre", "td", "blockquote"):
        size = tree.text.get(p, 0)
        if size < 25:
            continue
        read = text_head(p, budget) if budget > 0 else ""
        budget -= len(read)
        if budget > 0:
            text = squash(read)
            paragraphs.append((p, len(text), text.count(",")))
        else:
            paragraphs.append((p, size, 0))
    # Text written straight into a <div> with <br> line breaks counts like a paragraph.
    for d, n in tree.direct.items():
        if n >= 150:
            text = _direct_text(d)
            paragraphs.append((d, len(text), text.count(",")))
    for p, length, commas in paragraphs:
        if length < 25:
            continue
        points = 1 + commas + min(length // 100, 3)
        parent = p.getparent()
        for weight in (1.0, 0.5, 0.25):
            if parent is None or parent.tag == "html":
                break
            scores[parent] = scores.get(parent, 0.0) + points * weight
            parent = parent.getparent()
    marked = []  # elements the markup names as the article or the page's main content
    for el in body.iter(*_CONTAINER_TAGS):
        if hinted(el):
            scores[el] = scores.get(el, 0.0) * 1.5 + 5
            marked.append(el)
        elif el.tag == "main" or el.get("role") == "main":
            marked.append(el)
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
    floor = tree.good.get(best, 0) + 200 if hinted(best) else 0
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
    return _named_instead(best, marked, tree)


_NAMED_SHARE = 0.2  # the share of the container's prose a named element needs to win


def _named_instead(
    best: etree._Element, marked: list[etree._Element], tree: Tree
) -> etree._Element:
    """The element the markup names as the article (or the page's ``<main>``), when the
    container chosen by its prose lies outside every such element and holds none: a sidebar, a
    sign-up dialog or a toolbar with more prose than a short article. The named element wins
    with a fifth of the container's prose, or with any prose when the container is in a box
    named like one whose prose is never the article (a cookie notice, comments, a pop-up)."""
    good = tree.good
    named = [m for m in marked if good.get(m, 0) >= 150 and not _in_zone(m, tree)]
    if not named or best.tag == "body":
        return best
    around = {best, *best.iterancestors()}
    within = set(best.iter())
    if any(m in around or m in within for m in named):
        return best
    top = max(named, key=lambda m: good.get(m, 0))
    # (the innermost of those holding its prose: an <article> in a <main>; they are nested, as
    # two apart cannot each hold nine tenths of it, so the last in page order)
    inside = set(top.iter())
    top = [m for m in named if m in inside and good.get(m, 0) >= 0.9 * good.get(top, 0)][-1]
    away = any(away_hint(hint_of(node)) for node in around if node.tag not in ("body", "html"))
    if away or good.get(top, 0) >= _NAMED_SHARE * good.get(best, 0):
        return top
    return best


def _negative(el: etree._Element) -> bool:
    """Readability's rule: containers named like comments, footers or sidebars are unlikely."""
    parent = el.getparent()
    return any(
        node is not None and _NEGATIVE.search(hint_of(node)) is not None for node in (el, parent)
    )
