"""The Vietnamese-language copy of the outlets, read by the English rules: each country, office,
rank and meeting word of ``data/vietnamese.tsv`` is replaced by the English words the rules
know ("Bộ trưởng Quốc phòng Ngô Xuân Lịch gặp … Bộ trưởng Quốc phòng Anh" → "Defence Minister
Ngô Xuân Lịch met … Defence Minister United Kingdom"). Names stay as written. Only the facets are
read from this view; the article keeps its own text.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import cache

from searcher import data
from searcher.text import is_english

# Letters only Vietnamese writes (the tone marks below a vowel, the hooked vowels, đ).
_VIETNAMESE_LETTERS = re.compile(r"[ạảấầẩẫậắằẳẵặẹẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹđơư]", re.I)


def is_vietnamese(text: str) -> bool:
    """Whether ``text`` is written in Vietnamese (not English copy naming ``Hà Nội``)."""
    if not _VIETNAMESE_LETTERS.search(text, 0, 600):
        return False  # (most articles: decided on their first lines)
    head = text[:3000]
    letters = sum(ch.isalpha() for ch in head)
    return (
        letters > 0
        and len(_VIETNAMESE_LETTERS.findall(head)) >= letters // 25
        and not is_english(head)
    )


@cache
def _table() -> tuple[re.Pattern[str], dict[str, tuple[str, bool]], re.Pattern[str]]:
    """The phrases' pattern, each phrase's English and flag, and the office-country pattern."""
    words: dict[str, tuple[str, bool]] = {}
    offices: set[str] = set()
    places: set[str] = set()
    for line in data.read("vietnamese.tsv").splitlines():
        if line.strip() and not line.startswith("#"):
            phrase, english, *rest = line.split("\t")
            flags = rest[0].split(",") if rest else []
            words[phrase] = (english, "after-lower" in flags)
            if "office" in flags:
                offices.add(english)
            if "country" in flags:
                places.add(english)
    pattern = re.compile(rf"(?<!\w)(?:{_alternation(words)})(?!\w)")
    swap = re.compile(
        rf"(?<!\w)(?P<office>{_alternation(offices)})\s+(?P<country>{_alternation(places)})(?!\w)"
    )
    return pattern, words, swap


def _alternation(phrases: Iterable[str]) -> str:
    return "|".join(re.escape(p) for p in sorted(phrases, key=len, reverse=True))


_WORD_BEFORE = re.compile(r"(\w+)\W*$")


def as_english(text: str) -> str:
    """``text`` with its Vietnamese country, office and meeting words in English, and an office
    followed by its country in the English order (``United Kingdom Defence Minister``)."""
    pattern, words, swap = _table()

    def english(m: re.Match[str]) -> str:
        word, after_lower = words[m.group(0)]
        if after_lower:
            before = _WORD_BEFORE.search(m.string, max(0, m.start() - 30), m.start())
            if before is None or not before.group(1)[:1].islower():
                return m.group(0)  # "Nguyễn Thị Anh": a name
        return word

    return swap.sub(r"\g<country> \g<office>", pattern.sub(english, text))
