"""One HTML page → title, the article's blocks, every other block in ``removed`` with its
reason, and the head's metadata (site, address, byline, date): ``parse``."""

from __future__ import annotations

from dataclasses import dataclass, field

import lxml.html  # type: ignore[import-untyped]
from lxml import etree

from searcher.clean.html.classes import hinted
from searcher.clean.html.container import find_container, measure
from searcher.clean.html.dates import clock_in, html_date
from searcher.clean.html.elements import OUTSIDE, SILENT, squash
from searcher.clean.html.head import read_head, read_jsonld, read_metas, script_date
from searcher.clean.html.lines import lede
from searcher.clean.html.markup import MAX_DEPTH, close_rcdata, new_parser, text_blocks
from searcher.clean.html.walk import Walk
from searcher.models import Removed


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


def parse(markup: str, url: str | None = None) -> Page:
    """Parse an HTML page into title, blocks, removals (each with its reason) and head metadata.

    ``url`` is the page's address when the source gives one (it can date the page). Markup
    nested deeper than the parser goes is read as text with its tags dropped.
    """
    page = Page()
    parser = new_parser()
    try:
        root = lxml.html.document_fromstring(
            close_rcdata(markup).encode("utf-8", "replace"), parser=parser
        )
    except (etree.ParserError, ValueError):
        return page
    if any("Excessive depth" in e.message for e in parser.error_log):
        why = f"markup nested deeper than {MAX_DEPTH} levels; tags dropped"
        page.removed.append(Removed("page-chrome", why))
        page.blocks = text_blocks(markup)
        return page
    metas, ld, scripted = read_metas(root), read_jsonld(root), script_date(root)
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
    headlines = (page.title, squash(h1.text_content()) if h1 is not None else None)
    if not hinted(container):  # (a container named as the article body has its own lede)
        found = lede(walk.order, headlines)
        page.blocks[:0] = found
        for line in found:
            page.removed.remove(Removed(OUTSIDE, line))
    page.byline = page.byline or walk.byline
    page.url = page.url or url
    page.date = html_date(root, metas, ld, container, page.url, walk.order, headlines, scripted)
    if not page.date:
        page.clock = clock_in(body) or walk.clock
    return page
