"""HTML pages: head metadata, the article container, and every other block with its reason.

One walk over the page's body yields its text blocks in page order. A block is the article's when
it lies inside the chosen container and is not boilerplate there; every other block goes to
``removed`` with its reason (``outside-article``, ``navigation``, ``page-chrome``, ``comments``,
``caption``, …), so no text is lost silently. The article's blocks then go through the same line
rules as plain text (captions, sign-offs, teasers). The page is parsed with lxml (libxml2), here
and nowhere else; the publication date is found here too (meta tags, JSON-LD, ``<time>``, visible
dates, the address) and handed on as one ISO string.

The modules, in the order a page goes through them:

- ``markup``: the declared character set, repairs before parsing, the parser's settings;
- ``page``: ``parse``, the whole path for one page;
- ``head``: title, site, address, byline, meta tags and JSON-LD;
- ``elements``: what tags are to the cleaner, how text reads; ``classes``: what class, id and
  role words say a box is;
- ``container``: each element measured, the article's container chosen;
- ``walk``: every line of the body in the article or removed with its reason; ``lines``: the
  headline and the lede among the walk's lines;
- ``dates``: the publication date; ``days``: a day written in text or an address.
"""

from searcher.clean.html.classes import boiler_reason, class_reason
from searcher.clean.html.days import day_of, url_day
from searcher.clean.html.elements import OUTSIDE, SILENT
from searcher.clean.html.markup import MAX_DEPTH, close_rcdata, declared_charset, new_parser
from searcher.clean.html.page import Page, parse

__all__ = [
    "MAX_DEPTH",
    "OUTSIDE",
    "SILENT",
    "Page",
    "boiler_reason",
    "class_reason",
    "close_rcdata",
    "day_of",
    "declared_charset",
    "new_parser",
    "parse",
    "url_day",
]
