"""Outlet: who published the article, from sign-offs, datelines, HTML metadata and layout."""

from __future__ import annotations

import re

from searcher.models import Hints, Removed
from searcher.outlet_names import canonical, host_of
from searcher.text import is_english, sanitize

__all__ = ["VIETNAMESE", "canonical", "find_outlet", "find_outlets"]

# Evidence in order of trust: a sign-off names the producing newsroom; HTML metadata the site that
# published the page; a dateline the agency; the page layout (each outlet's house style) the
# publisher of a plain-text copy; last, the credit of its photos (``(Photo: VNA)``).
_ORDER = ("sign-off", "meta", "url", "dateline", "byline", "source", "title", "layout", "credit")
VIETNAMESE = {"VNA", "VNS", "VOV", "QDND", "Nhân Dân", "Tuổi Trẻ", "Thanh Niên",
              "VnExpress", "VietNamNet", "Hanoi Times", "SGGP", "The Saigon Times", "VTV"}  # fmt: skip


# Việt Nam News writes the country and its places with their diacritics, in English copy, and
# opens with an upper-case dateline and an em dash ("HÀ NỘI —", "SƠN LA —").
_VNS_DATELINE = re.compile(
    r"^(?P<place>[^\W\d_][^\W\d_ .'-]*(?:[ .'-]+[^\W\d_]+){0,3})\s+(?P<dash>[—–])\s", re.M
)
_VNS_STYLE = re.compile(r"\bViệt Nam\b")


# english.vov.vn's comment box keeps its Vietnamese wording on the English pages ("your comment
# is being reviewed", "the dialog box will close after 4s")
_VOV_BOX = re.compile(r"Bình luận của bạn đang được xem xét|Hộp thư thoại sẽ đóng sau \d+\s*s")


# The box asking the reader to follow the outlet names it ("Mời quý độc giả theo dõi VOV.VN
# trên", VOV's English pages in Vietnamese; "Follow VietnamPlus on …"): the site's own furniture
_FOLLOW_NAMED = re.compile(
    r"^\W{0,3}(?:mời\s+(?:quý\s+)?(?:bạn\s+đọc|độc\s+giả)\s+)?(?:theo\s+dõi|follow)\s+"
    r"(?P<outlet>[\w.]+(?:\s+[A-Z][\w.]*){0,2}?)\s+(?:trên|on)\b",
    re.IGNORECASE,
)


# en.qdnd.vn's image widget leaves its controls as a line of text above each caption
# ("leftcenterrightdel"); of the six outlets' English pages only QDND's carry it.
_QDND_WIDGET = re.compile(r"\s*left\s*center\s*right\s*del\s*$", re.I)


def _vns_dateline(text: str) -> bool:
    """An upper-case dateline with an em dash opening one of the first lines (``SƠN LA —``), or
    with an en dash when the place has its Vietnamese diacritics (``HÀ NỘI –``); ``BEIJING -``
    with a hyphen is everyone's."""
    for m in _VNS_DATELINE.finditer(text[:600]):
        place = m.group("place")
        if place.isupper() and (m.group("dash") == "—" or not place.isascii()):
            return True
    return False


def _layout(hints: Hints, removed: tuple[Removed, ...], text: str) -> str | None:
    """Plain-text copies keep their site's house style: QDND's English pages print clock lines
    with ``(GMT+7)`` and a ``Your Comment (N)`` box, and close translations with ``Translated by``;
    VNA's copy ends with ``/.``; QDND's image widget leaves ``leftcenterrightdel``; Việt Nam News spells ``Việt Nam`` and ``HÀ NỘI —``; VOV's
    English pages keep a comment box in Vietnamese; a box asking to follow the site names it."""
    clocks = (hints.article_clock or "", *hints.page_clocks)
    gmt7 = any(re.search(r"\(GMT\+7\)", c) for c in clocks)
    comment_box = any(re.match(r"your comment", r.text, re.I) for r in removed)
    if gmt7 and comment_box:
        return "QDND"
    english = is_english(text)
    if english and (_vns_dateline(text) or len(_VNS_STYLE.findall(text)) >= 2):
        return "VNS"
    if english and any(
        r.reason in ("comments", "page-chrome") and _VOV_BOX.match(r.text) for r in removed
    ):
        return "VOV"
    if english:
        for r in removed:
            m = _FOLLOW_NAMED.match(r.text) if r.reason == "prompt" else None
            if m and (named := canonical(m.group("outlet"))):
                return named
    if english and any(r.reason == "sign-off" and r.text == "/." for r in removed):
        return "VNA"  # (in English copy: "./." closes much of the Vietnamese-language press)
    if english and any(
        r.reason == "byline" and re.match(r"\s*translated\s+by\b", r.text, re.I) for r in removed
    ):
        return "QDND"
    if english and any(r.reason == "page-chrome" and _QDND_WIDGET.match(r.text) for r in removed):
        return "QDND"
    return None


def find_outlet(hints: Hints, removed: tuple[Removed, ...] = (), text: str = "") -> str | None:
    """The outlet named by the strongest evidence, or None when there is none. ``text`` is the
    article's title and body (for its house style)."""
    evidence = list(hints.outlets)
    if hints.url:
        evidence.append((hints.url, "url"))
    layout = _layout(hints, removed, text)
    if layout:
        evidence.append((layout, "layout"))
    ranked = sorted(
        enumerate(evidence), key=lambda e: (_ORDER.index(e[1][1]) if e[1][1] in _ORDER else 9, e[0])
    )
    for _, (value, _where) in ranked:
        name = canonical(value)
        if name:
            return name
    # An outlet we do not know by name: its own site name, else its web host.
    for value, where in evidence:
        if where == "meta" and 2 <= len(value) <= 60:
            return sanitize(value, keep_newlines=False) or None
    if hints.url:
        return host_of(hints.url) or None
    return None


def find_outlets(
    hints: Hints, removed: tuple[Removed, ...] = (), text: str = ""
) -> tuple[str, ...]:
    """Every outlet the article is credited to, the one ``find_outlet`` names first: a joint
    sign-off (``— VNA/VNS``: VNA's story as Việt Nam News printed it) credits both newsrooms,
    and each is an answer to ``--outlet``. A photo credit (even ``VNA/VNS Photo``: the photo's,
    not the story's) or a dateline credits no one jointly."""
    first = find_outlet(hints, removed, text)
    if first is None:
        return ()
    names = [first]
    for value, where in hints.outlets:
        name = canonical(value) if where == "sign-off" else None
        if name and name not in names:
            names.append(name)
    return tuple(names)
