"""The HTML cleaner's work grows linearly with the page (issue 20, items 5 and 11): a page twice
as large costs at most about twice the work, counted, not timed. Work is the number of Python
function calls the cleaner makes plus the characters of text it reads or squashes (an element's
``text_content()``, its first characters, a line squashed): the measure that caught the
quadratic cases, where each of a thousand nested quotes or ``<time>`` elements read the text of
all the page around it. The pages are built in memory; a generous time guard catches a hang."""

from __future__ import annotations

import sys
import time
from collections.abc import Callable

import lxml.html
import pytest

from searcher.clean import MAX_CHARS, clean
from searcher.clean.html import container, dates, elements, head, markup, page, walk

S = "Vietnam and Japan held defence talks in Hanoi on Monday, the ministry said in a statement. "


def _page(inner: str) -> bytes:
    return f"<html><head><title>Talks</title></head><body>{inner}</body></html>".encode()


SHAPES: dict[str, Callable[[int], bytes]] = {
    # the issue's: thousands of paragraphs, one long flat text
    "paragraphs": lambda n: _page("<article>" + f"<p>{S}</p>" * n + "</article>"),
    "flat text": lambda n: _page(S * n),
    # each of these read the whole page around every element before (seconds to minutes)
    "nested quotes": lambda n: _page(f"<blockquote>{S * 2}" * n),
    "nested table cells": lambda n: _page(f"<table><tr><td>{S * 2}" * n),
    "dates in a long body": lambda n: _page(f"<time datetime='2020-01-02'>x</time>{S * 3}" * n),
    "date boxes": lambda n: _page(f"<div class='date'>{S}" * n),
    # and the shapes of the other loops: headings over lists, links left open, boxes and lines
    "related headings": lambda n: _page(
        "<article>" + f"<h2>Related articles</h2><ul><li><a href='/x'>{S}</a></li></ul>" * n
    ),
    "links left open": lambda n: _page(f"<a href='/x'>{S}" * n),
    "named boxes": lambda n: _page(f"<div class='sidebar'><p>{S}</p></div><article><p>{S}</p>" * n),
    "line breaks": lambda n: _page("<div>" + f"{S}<br>" * n + "</div>"),
}
SIZES = {
    "paragraphs": 8_000,
    "flat text": 44_000,  # (16k paragraphs; 4 and 8 MB)
    "nested quotes": 500,
    "nested table cells": 300,
}


class Work:
    """Counts the cleaner's work while it runs: Python calls and characters of text read."""

    def __init__(self) -> None:
        self.calls = 0
        self.chars = 0

    def __enter__(self) -> Work:
        self._undo: list[tuple[object, str, object]] = []
        for module in (container, dates, elements, head, markup, page, walk):
            for name in ("squash", "as_line", "squash_head", "text_head"):
                if hasattr(module, name):
                    self._wrap(module, name, result=name.endswith("_head"))
        self._wrap(lxml.html.HtmlMixin, "text_content", result=True)
        sys.setprofile(self._profile)
        return self

    def __exit__(self, *exc: object) -> None:
        sys.setprofile(None)
        for owner, name, original in self._undo:
            setattr(owner, name, original)

    def _wrap(self, owner: object, name: str, result: bool) -> None:
        original = getattr(owner, name)

        def counted(*args, **kwargs):
            value = original(*args, **kwargs)
            self.chars += len(value if result else args[0])
            return value

        self._undo.append((owner, name, original))
        setattr(owner, name, counted)

    def _profile(self, frame, event: str, arg) -> None:
        if event == "call":
            self.calls += 1

    @property
    def total(self) -> int:
        return self.calls + self.chars


def _work(data: bytes) -> Work:
    clean(data, "page.html")  # (imports and caches warm)
    started = time.process_time()
    with Work() as work:
        clean(data, "page.html")
    assert time.process_time() - started < 120  # (a hang guard; the runs take well under 5 s)
    return work


@pytest.mark.parametrize("shape", SHAPES)
def test_twice_the_page_costs_about_twice_the_work(shape):
    n = SIZES.get(shape, 1_000)
    small, large = SHAPES[shape](n), SHAPES[shape](2 * n)
    once, twice = _work(small), _work(large)
    assert twice.total <= 2.3 * once.total, (once.calls, once.chars, twice.calls, twice.chars)
    # and the work per character of the page is bounded (a flat 8 MB page is cut at MAX_CHARS)
    assert twice.total <= 20 * min(len(large), MAX_CHARS), (twice.calls, twice.chars)
