"""The page's head: title, site name, address and byline, from meta tags, JSON-LD, ``<title>``
and ``<h1>``; the meta tags, JSON-LD items and data-script date the date finder reads."""

from __future__ import annotations

import json
import re
from typing import TYPE_CHECKING

from lxml import etree  # type: ignore[import-untyped]

from searcher.clean.html.elements import squash

if TYPE_CHECKING:
    from searcher.clean.html.page import Page


def read_metas(root: etree._Element) -> dict[str, str]:
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


def script_date(root: etree._Element) -> str | None:
    """A publication date in the page's data scripts (``"published_at": "2019-03-02T…"``)."""
    for script in root.iter("script"):
        text = script.text
        if text and len(text) < 500_000 and "ate" in text:
            m = _SCRIPT_DATE.search(text)
            if m:
                return m.group(1)
    return None


_CDATA = re.compile(r"^\s*(?://\s*)?<!\[CDATA\[|(?://\s*)?\]\]>\s*$")


def read_jsonld(root: etree._Element) -> list[dict]:
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
    title = squash(raw)
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
    h1_text = squash(h1.text_content()) if h1 is not None else ""
    og = metas.get("og:title") or metas.get("twitter:title")
    title_tag = next(root.iter("title"), None)
    tag_text = (title_tag.text_content() if title_tag is not None else "")[:1000]
    page.title = _clean_title(og or h1_text or tag_text or None, site)
    parts = re.split(r"\s+[|–—:»]\s+|\s+-\s+", squash(tag_text))
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
