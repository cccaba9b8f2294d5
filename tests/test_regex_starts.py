"""An expression compiled with its first characters in front (``regex_starts.py``) finds the
same matches as the expression alone: on the seeds', the fixtures' and written texts, for the
extractor's own expressions and for written ones (case twins, empty matches, groups)."""

from __future__ import annotations

import re

import pytest

from searcher.clean import patterns
from searcher.extract import events, officials, pairs
from searcher.regex_starts import compile_started, first_chars
from searcher.text import fold
from tests.conftest import FIXTURES, SEEDS

WRITTEN = [
    "Ties with Vietnam; TIES WITH LAOS; ties  with the US. Between Japan and India.",
    "The \u212aelvin visit to Hanoi, a \u017ftate visit to Laos; \u0130stanbul talks with Turkey.",
    "Gen. Giang met Lt. Col. A.B. Smith, No. 2, and his Cambodian counterparts.",
    "the two armies, both sides, multilateral-ish, Shangri-La, ministers' meeting.",
    "",
]


def _texts() -> list[str]:
    paths = sorted([*SEEDS.glob("*.txt"), *FIXTURES.glob("*.txt")])
    texts = [p.read_text(encoding="utf-8", errors="replace") for p in paths]
    return WRITTEN + texts + [fold(t) for t in texts]


def _matches(pattern: re.Pattern[str], text: str) -> list:
    return [(m.span(), m.groups(), m.groupdict()) for m in pattern.finditer(text)]


GUARDED = [
    pairs._WITH, pairs._JOINT_PARTIES, pairs._AMONG, pairs._MEETING, pairs._MULTILATERAL,
    pairs._TWO, pairs._BETWEEN, pairs._COUNTERPARTS, officials._KEYWORD, officials._ABBREV_DOT,
    officials._COUNTERPART, patterns.GLUED_TITLE_WORD, events._FUTURE, events._MODAL,
    events._RECALLED, events._BODIES, events._TOPIC_BEFORE, events._PLACE_BEFORE,
    *(t.pattern for t in events._triggers(True)._all),  # (every kind's, the headline's too)
]  # fmt: skip


@pytest.mark.parametrize("guarded", GUARDED, ids=lambda p: p.pattern[:40])
def test_the_extractors_expressions_match_as_before(guarded: re.Pattern[str]) -> None:
    assert guarded.pattern.startswith("(?=["), "no first characters found: no faster"
    source = guarded.pattern[guarded.pattern.index("])(?:") + 5 : -1]
    plain = re.compile(source, guarded.flags)
    for text in _texts():
        assert _matches(guarded, text) == _matches(plain, text)


@pytest.mark.parametrize(
    ("pattern", "flags", "chars"),
    [
        (r"\b(?:met|talks)\b", 0, "mt"),
        (r"(?<![\w.])(?:Gen|Lt)\.", 0, "GL"),
        (r"(?:the\s+)?visit", 0, "tv"),  # (an optional part: what follows may begin too)
        (r"[A-C]x|\d", 0, None),  # (\d: any of many)
        (r"a*", 0, None),  # (may match empty)
        (r"(?i:a)b", 0, None),  # (ignores case inside a part that does not)
        (r".b", 0, None),
        (r"(?=(?-i:[A-Z]))x|y", re.IGNORECASE, "xy"),
    ],
)
def test_first_chars(pattern: str, flags: int, chars: str | None) -> None:
    found = first_chars(pattern, flags)
    assert (None if found is None else "".join(sorted(found))) == chars


@pytest.mark.parametrize(
    ("pattern", "flags"),
    [
        (r"\b(?:kelvin|state|istanbul)\b", re.IGNORECASE),  # (case twins: K, ſ, İ)
        (r"(?P<who>[A-Z]\w+)\s+(?:visit|talks)", 0),
        (r"(?:ab|a)(c)?", 0),
        (r"x*y|z", re.IGNORECASE),
    ],
)
def test_compile_started_matches_as_the_expression(pattern: str, flags: int) -> None:
    started, plain = compile_started(pattern, flags), re.compile(pattern, flags)
    assert started.pattern != plain.pattern
    for text in _texts():
        assert _matches(started, text) == _matches(plain, text)
