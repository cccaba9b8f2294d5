"""The page's publication date, from its meta tags, JSON-LD, ``<time>`` and marked elements,
address, date-named elements and the lines around its headline; changes only as a last resort."""

from __future__ import annotations

import re

from lxml import etree  # type: ignore[import-untyped]

from searcher.clean.html.classes import class_reason
from searcher.clean.html.days import day_of, short_day, stated, url_day
from searcher.clean.html.elements import attr, hint_of, squash_head, text_head
from searcher.clean.html.lines import headline_at
from searcher.clean.rules import clock_date

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


def _away(el: etree._Element, path: set[etree._Element]) -> bool:
    """Whether an element lies in a zone whose dates belong to other pages (lists, comments):
    one below the article's common ancestor with it (``path``: the container and its
    ancestors; a page's body classes say nothing)."""
    for node in (el, *el.iterancestors()):
        if node in path:
            return False
        if node.tag in ("nav", "aside", "footer") or class_reason(hint_of(node)) in _AWAY_DATES:
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
            found = stated(metas.get(name), month_first)
            if found:
                return found
    ranked = sorted(
        (not _LD_ARTICLE.search(str(item.get("@type", ""))), i, item) for i, item in enumerate(ld)
    )
    for other, _, item in ranked:
        if other:
            break
        for key in ("datePublished", "dateCreated"):
            found = stated(item.get(key), month_first)
            if found:
                return found
    candidates, changed = _marked_dates(root, container, month_first)
    scripted = stated(scripts, month_first)
    if candidates:
        return min(candidates)[2]
    visible = _visible_date(root, container, month_first)
    if visible == "clock":
        return None
    found = visible or _line_date(lines or [], headlines, month_first, changed)
    if found:
        return found
    for name in _GENERIC_META:
        found = stated(metas.get(name), month_first)
        if found:
            return found
    for other, _, item in ranked:
        if other:
            found = stated(item.get("datePublished") or item.get("uploadDate"), month_first)
            if found:
                return found
    for name in ("og:title", "twitter:title"):
        found = day_of(metas.get(name) or "", month_first)
        if found:
            return found
    for name in _META_MODIFIED:
        found = stated(metas.get(name), month_first)
        if found:
            changed.append(found)
    for _, _, item in ranked:
        found = stated(item.get("dateModified"), month_first)
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
    path = {container, *container.iterancestors()}
    for order, el in enumerate(_MARKED(root)):
        tag = el.tag
        prop = (el.get("itemprop") or "") + " " + (el.get("property") or "")
        titled = tag in ("abbr", "span") and not prop.strip()  # <abbr class="published" title>
        if tag == "meta" or (tag != "time" and not titled and not _MARKED_PROPS.search(prop)):
            continue
        if titled and not _PUBLISHED.search(hint_of(el)) and not _UPDATED.search(hint_of(el)):
            continue
        value = el.get("datetime") or el.get("content") or el.get("title") or text_head(el, 2000)
        found = stated(value, month_first)
        if not found or _away(el, path):
            continue
        parent = el.getparent()
        if parent is None:
            parent = el
        hint = hint_of(el) + " " + prop + " " + hint_of(parent)
        label = squash_head(parent, 80)
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
        found = headline_at(lines, (headline,))
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
            day = day_of(head, month_first) or short_day(head)
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


def _visible_date(root: etree._Element, container: etree._Element, month_first: bool) -> str | None:
    """A date written in a date-, time- or meta-named element near the article (a clock line is
    left for the clock rules)."""
    best: tuple[int, int, str] | None = None
    path = {container, *container.iterancestors()}
    named = (
        el
        for el in root.iter()
        if isinstance(el.tag, str) and (el.get("class") or el.get("id") or el.get("itemprop"))
    )
    order = 0
    for el in named:
        if not _DATE_HINT.search(hint_of(el) + " " + attr(el, "itemprop")):
            continue
        order += 1
        if order > 60:
            break
        if el.tag in ("html", "body", "script", "style") or _away(el, path):
            continue
        text = squash_head(el, 201)
        if not text or len(text) > 200:
            continue
        if clock_date(text):
            return "clock"  # the clock rules read it (and tell the article's clock from the page's)
        found = day_of(text, month_first)
        if not found:
            continue
        hint = hint_of(el)
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
        if not isinstance(el.tag, str) or not _CLOCK_HINT.search(hint_of(el)):
            continue
        seen += 1
        if seen > 25:
            break
        text = squash_head(el, 81)  # (a clock line is 80 characters at most)
        if clock_date(text):
            return text
    return None
