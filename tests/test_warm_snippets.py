"""Snippet marking without a pattern compiled per article (issue 19): ``snippets._marked``
finds exactly what the per-article regular expression it replaced found, and the patterns of
candidate words are shared by queries with the same initials."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from searcher.engine.analysis import TOKEN_PATTERN
from searcher.search import snippets
from searcher.search.snippets import _candidates, _marked, _starting, _tokens, snippet


def _finder(words: frozenset[str]) -> re.Pattern:
    """The pattern ``_render`` compiled for each article before (the reference)."""
    alternatives = "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))
    return re.compile(rf"(?<!\w)(?<!\w[.'’])(?:{alternatives})(?!\w)(?![.'’]\w)")


_TEXT = st.text(alphabet="abAB_1é .'’-", max_size=60)
_WORDS = st.frozensets(st.from_regex(r"[abAé1_]{1,3}(?:[.'’][abA]{1,2})?", fullmatch=True),
                       min_size=1, max_size=4)  # fmt: skip


@settings(max_examples=400, deadline=None)
@given(_TEXT, _WORDS, st.integers(0, 60), st.integers(0, 60))
def test_marked_is_what_the_pattern_finds(text: str, words: frozenset[str], a: int, b: int) -> None:
    left, right = sorted((min(a, len(text)), min(b, len(text))))
    expected = [m.span() for m in _finder(words).finditer(text, left, right)]
    assert _marked(text, words, left, right) == expected


def test_marked_on_article_text() -> None:
    text = ("The U.S. minister's visit: Minister Giang met U.S.-Vietnam ministers; "
            "minister_x and minister.s and minister’s aide, minister.")  # fmt: skip
    words = frozenset({"minister", "Minister", "U.S", "U.S.", "minister's", "minister’s"})
    for left in range(0, len(text), 7):
        for right in range(left, len(text) + 1, 5):
            expected = [m.span() for m in _finder(words).finditer(text, left, right)]
            assert _marked(text, words, left, right) == expected


def test_candidate_patterns_are_shared_by_initials() -> None:
    assert _candidates(frozenset({"tank", "trade"})) is _candidates(frozenset({"talk"}))
    assert _candidates(frozenset({"tank"})) is not _candidates(frozenset({"bank"}))


def test_snippet_marks_whole_words_only() -> None:
    body = "Oil prices rose. The oilfield and oil's price; OIL exports. " * 3
    text = snippet(body, frozenset({"oil"}))
    marked = re.findall(f"{snippets.MARK_START}(.*?){snippets.MARK_END}", text)
    assert marked and set(marked) <= {"Oil", "oil", "oil's", "OIL"}
    assert "oilfield" not in marked


def _reference(initials: str) -> re.Pattern:
    """One pattern of the candidate tokens: whole tokens (TOKEN_PATTERN's) that begin with a
    non-ASCII character or with one of ``initials`` in either case."""
    cased = "".join(
        re.escape(c) for i in initials for c in {i, i.lower(), i.upper()} if len(c) == 1
    )
    first = r"[^\x00-\x7f]" + (f"|[{cased}]" if cased else "")
    return re.compile(rf"(?<!\w)(?<!\w[.'’])(?={first})" + TOKEN_PATTERN)


@settings(max_examples=600, deadline=None)
@given(st.text(alphabet="abkKsSiIıİſKß_1é .'’-Ézx\u212a\u0301\u00a0", max_size=50),
       st.text(alphabet="abksiz1_éß", max_size=4), st.integers(0, 50))  # fmt: skip
def test_candidate_tokens_are_the_patterns(text: str, initials: str, end: int) -> None:
    initials = "".join(sorted(set(initials)))
    end = min(end, len(text))
    expected = [m.span() for m in _reference(initials).finditer(text, 0, end)]
    assert [m.span() for m in _tokens(_starting(initials), text, end)] == expected
