"""Country pairs: the bilateral relationship(s) an article is about.

Evidence, strongest first: the headline; the lede; explicit pair phrases anywhere (``Vietnam–Cuba
relations``, ``between Vietnam and Cuba``); sentences where officials of two countries meet. A
country named only in passing never forms a pair, and a multilateral meeting yields only the
bilateral contacts the article reports.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections import Counter
from itertools import combinations, pairwise

from searcher.extract import countries
from searcher.models import Official
from searcher.text import fold

_MULTILATERAL = re.compile(
    r"\b(?:ASEAN|ADMM|summit|multilateral|trilateral|forum|conference|G7|G20|APEC|United Nations"
    r"|UN General Assembly|Shangri-La|ministers'? meeting|regional)\b",
    re.IGNORECASE,
)
_MEETING = re.compile(
    r"\b(?:met|meet|meets|meeting|talks?|received|receives|receiving|hosted|hosts|welcomed|welcomes"
    r"|held\s+(?:phone\s+)?talks|phone\s+(?:talks|call)|called\s+on|visit(?:ed|s|ing)?|bilateral"
    r"|counterparts?|signed|agreed|co-chaired|exchanged)\b",
    re.IGNORECASE,
)
_SENTENCES = re.compile(r"(?<=[.!?])\s+(?=[A-ZÀ-Ỹ\"“])")
_COUNTED = ("name", "demonym", "institution")


def _codes_in_order(text: str) -> list[str]:
    seen: list[str] = []
    for m in countries.find(text):
        if m.kind in _COUNTED and m.code not in seen:
            seen.append(m.code)
    return seen


def _mentions(folded: str) -> list[countries.Mention]:
    """The counted country mentions of already folded text (offsets into it)."""
    return [m for m in countries.find(folded) if m.kind in _COUNTED]


def _explicit_pairs(
    folded: str, mentions: list[countries.Mention], hyphen_only: bool = False
) -> Counter[str]:
    """``A–B`` / ``A-B`` / ``between A and B`` / ``A and B`` with two country names."""
    found: Counter[str] = Counter()
    for a, b in pairwise(mentions):
        gap = folded[a.end : b.start]
        joint = r"\s*[-–—/]\s*" if hyphen_only else r"\s*(?:[-–—/]|and|,|&)\s*"
        if a.code != b.code and re.fullmatch(joint, gap):
            found[countries.pair_code(a.code, b.code)] += 1
    return found


def find_pairs(
    title: str | None, paragraphs: tuple[str, ...], officials: tuple[Official, ...] = ()
) -> tuple[str, ...]:
    """Sorted pair codes such as ``('CU-VN',)``; empty when no bilateral relation is reported."""
    lede = paragraphs[0] if paragraphs else ""
    head = " ".join(t for t in (title, lede) if t)
    head_codes = _codes_in_order(head)
    multilateral = bool(_MULTILATERAL.search(head)) or len(head_codes) > 2
    scores: Counter[str] = Counter()
    if title and not multilateral:
        folded_title = fold(title)
        for pair, n in _explicit_pairs(folded_title, _mentions(folded_title)).items():
            scores[pair] += 3 * n
        tcodes = _codes_in_order(title)
        if len(tcodes) == 2:
            scores[countries.pair_code(*tcodes)] += 3
    lcodes = _codes_in_order(lede)
    if not multilateral and len(lcodes) == 2:
        scores[countries.pair_code(*lcodes)] += 2
    if not multilateral and not title and len(lcodes) == 2:
        scores[countries.pair_code(*lcodes)] += 1
    body = fold("\n".join(paragraphs))  # folded once: mention offsets index into it
    mentions = _mentions(body)
    for pair, n in _explicit_pairs(body, mentions, hyphen_only=multilateral).items():
        scores[pair] += n
    by_name = {o.key: o.country for o in officials if o.country}
    # (one pass over the body: no match crosses a sentence end, so a sentence has one of these
    # exactly when a search of the sentence alone finds one)
    meetings = [m.start() for m in _MEETING.finditer(body)]
    starts = [m.start for m in mentions]  # (in order: mentions are found left to right)
    start = 0
    for sentence in _SENTENCES.split(body):
        begin = body.find(sentence, start)
        start = end = begin + len(sentence)
        if not meetings or meetings[-1] < begin:
            break
        i = bisect_left(meetings, begin)
        if i == len(meetings) or meetings[i] >= end:
            continue
        inside = mentions[bisect_left(starts, begin) : bisect_left(starts, end)]
        codes = list(dict.fromkeys(m.code for m in inside))
        lowered = sentence.lower()
        people = {c for k, c in by_name.items() if k in lowered or k.split()[-1] in lowered.split()}
        involved = set(codes) | people
        if len(involved) == 2:
            # At a multilateral event a two-party meeting is the bilateral contact reported.
            scores[countries.pair_code(*sorted(involved))] += 2 if multilateral else 1
        elif multilateral and len(people) >= 2 and len(involved) <= 3:
            for a, b in combinations(sorted(people), 2):
                scores[countries.pair_code(a, b)] += 1
    if not scores:
        return ()
    best = scores.most_common(1)[0][1]
    keep = [p for p, s in scores.items() if s >= 2 and s * 2 >= best]
    return tuple(sorted(keep))
