"""No silent loss (issue 14): every character of a page's visible text is in the cleaned title,
the body or a ``removed`` block with its reason. Here on our own fixtures and odd markup; the
quality gate (tests/test_quality.py) checks it on every page of the evaluation sets."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from searcher.clean import clean

from .conftest import ROOT

sys.path.insert(0, str(ROOT / "bench"))

FIXTURES = Path(__file__).parent / "fixtures"
PAGES = sorted((FIXTURES / "html").glob("*.html")) + sorted((FIXTURES / "articles").glob("*.html"))


def lost(markup: bytes | str) -> str:
    """The characters of the page's visible text that the cleaner accounted for nowhere."""
    import eval_clean

    data = markup.encode() if isinstance(markup, str) else markup
    cleaned = clean(data, "page.html")
    kept = " ".join([cleaned.title or "", cleaned.body, *(r.text for r in cleaned.removed)])
    missing = eval_clean._characters(eval_clean.visible_text(data)) - eval_clean._characters(kept)
    return "".join(sorted(missing.elements()))


@pytest.mark.parametrize("path", PAGES, ids=[p.name for p in PAGES])
def test_fixture_pages_lose_nothing_silently(path):
    assert lost(path.read_bytes()) == ""


@pytest.mark.parametrize(
    "markup",
    [
        "<html><body><nav><div class='story'><p>"
        + "Long paragraph text of the story. " * 8
        + "</p></div></nav><footer>Site footer text</footer></body></html>",
        "<body><button>Menu<div><p>" + "Swallowed page text goes on. " * 10 + "</p></div>",
        "<body><div class='share'>Share this</div><p>Short line</p><aside>Aside text</aside>",
        "<body><select><option>Choice one</option></select><noscript>Enable scripts</noscript>"
        "<div hidden>Hidden text</div><div style='display:none'>Invisible text</div></body>",
        "<body><pre>line one\nline two\n  indented three</pre><table><tr><td>cell a</td>"
        "<td>cell b</td></tr></table></body>",
        "<body>" + "<div>" * 3000 + "deep text" + "</div>" * 3000 + "</body>",
    ],
)
def test_odd_markup_loses_nothing_silently(markup):
    assert lost(markup) == ""


def test_every_block_outside_the_article_has_a_reason():
    cleaned = clean((FIXTURES / "html" / "nav-wrapper.html").read_bytes(), "nav.html")
    reasons = {r.reason for r in cleaned.removed}
    assert reasons <= {"outside-article", "navigation", "page-chrome", "duplicate-title"}
    assert all(r.text.strip() for r in cleaned.removed)
