"""The event finder's quick tests (``extract/event_scan.py``) change nothing it finds: every
expression is run the slow way here (on every sentence holding a cue of its kind) and the
results compared, on the seeds, the fixtures and sentences written here."""

from __future__ import annotations

import hashlib
import re

import pytest

from searcher.extract import events
from searcher.extract.event_scan import Text, needs, sentences, words_of
from searcher.extract.event_words import CUES, HEADLINE, KINDS, TRIGGERS
from searcher.models import RawDocument
from searcher.pipeline import article_of
from searcher.text import fold, fold_aligned
from tests.conftest import FIXTURES, SEEDS

WRITTEN = [
    "General Ramos met with Minister Phan Van Giang in Hanoi on May 2.",
    "The two navies conducted theexercises off Da Nang.",  # (a word glued to its article)
    "Vietnamese, Lao border guards hold joint patrol",
    "The ministers co-chaired the third defence policy dialogue, which took  place in Canberra.",
    "He telephoned his counterpart; the talks between them were held online.",
    "Đại tướng Phan Văn Giang received the İstanbul delegation (“a visit of friendship”).",
    "The frigate docked at Cam Ranh port; the crew welcomed the visitors.",
    "They signed a memorandum of understanding and inked three agreements.",
    "The method was met with metal; meetings with hosts.",
]


def _articles() -> list:
    out = []
    for path in sorted([*SEEDS.glob("*.txt"), *FIXTURES.glob("*.txt")]):
        data = path.read_bytes()
        raw = RawDocument(id=path.name, path=path.name, name=path.name, data=data,
                          content_hash=hashlib.sha1(data).hexdigest())  # fmt: skip
        out.append(article_of(raw)[0])
    return out


def _sentences() -> list[tuple[str, bool]]:
    found = [(fold(s), False) for s in WRITTEN] + [(fold(s), True) for s in WRITTEN]
    for article in _articles():
        for i, f in enumerate(sentences(article.title, article.body)[1]):
            found.append((f, article.title is not None and i == 0))
    return found


def _slow_kinds(folded: str, headline: bool, multilateral: bool) -> list[tuple[int, str, int]]:
    """Every kind's every expression on a sentence holding one of its cues at a word start."""
    low = folded.lower()
    found = []
    for kind in KINDS:
        if not any(re.search(r"\b" + re.escape(c), low) for c in CUES[kind]):
            continue
        if kind == "conference" and not (multilateral or events._MULTI.search(folded)):
            continue
        for p in TRIGGERS[kind] + (HEADLINE.get(kind, ()) if headline else ()):
            for m in re.finditer(p, folded, re.IGNORECASE):
                if p in events._NEEDS_OBJECT and not events._OBJECT.match(folded, m.end()):
                    continue
                future = events._FUTURE.search(folded, 0, m.start())  # (before the trigger)
                if events._reported(folded, m, kind, future):
                    found.append((m.start(), kind, m.end()))
    found.sort(key=lambda f: (f[0], KINDS.index(f[1])))
    return found


def test_quick_tests_find_what_every_expression_run_finds():
    checked = 0
    for folded, headline in _sentences():
        for multilateral in (False, True):
            assert events._kinds(folded, headline, multilateral) == _slow_kinds(
                folded, headline, multilateral
            ), folded
            checked += 1
    assert checked > 200


def test_no_need_fails_a_sentence_an_expression_matches():
    for folded, headline in _sentences():
        low = folded.lower()
        words = words_of(low)
        for kind in KINDS:
            for p in TRIGGERS[kind] + (HEADLINE.get(kind, ()) if headline else ()):
                if re.search(p, folded, re.IGNORECASE):
                    for need in needs(p):
                        assert (need.words & words) or any(a in low for a in need.anywhere), (
                            p,
                            need,
                            folded,
                        )


@pytest.mark.parametrize(
    ("pattern", "words", "anywhere"),
    [
        (r"\bmet\b|\bmeets\b", {"met", "meets"}, set()),
        (r"\b(?:held|had)\s+talks\b", {"talks"}, set()),  # ("had": too common to test)
        (r"\b(?:a|the)?\s*joint\s+drills?\b", {"drill", "drills"}, set()),
        (r"\bco-?chaired\b", {"cochaired", "chaired"}, set()),
        (r"(?:the|a)\s*dialogue\b", set(), {"dialogue"}),  # (may follow "the" unspaced)
    ],
)
def test_needs_read_off_an_expression(pattern, words, anywhere):
    found = needs(pattern)
    assert any(n.words == words and set(n.anywhere) == anywhere for n in found), found


def test_words_of_ascii_and_other_text_are_the_regex_words():
    texts = (
        "a (visit), co-chaired; 2025-05-02.",
        "đã “hội đàm” với",
        "x_y z",
        "talks\u00a0held\u2003in 北京 – ‘twice’…",  # (non-ASCII spaces and punctuation)
        "a\udc80b ab\u0307c \x1cq\x1fr ٣٤",  # (a lone surrogate, a combining mark, digits)
    )
    for text in texts:
        assert words_of(text) == set(re.findall(r"\w+", text))


def test_folding_once_gives_each_sentence_folded_alone():
    body = "Đại tướng Phan Văn Giang “met” Gen. Ramos. Straße… and ß.\nÆ second paragraph!Next"
    raw, folded = Text("Tiêu đề", body).sentences()
    assert folded == [fold(s) for s in raw]
    assert fold_aligned("Nguyễn")[0] == "Nguyen"
    assert fold_aligned("Straße") == ("Strasse", False)  # (not one character each)
    # (a fold that is not ASCII: "ǿ" folds to "ø", which folds on to "o")
    for text in ("ǿ and ø", "Đà Nẵng – “Hội An”", "x\udc80y é"):
        assert fold_aligned(text)[0] == fold(text)
