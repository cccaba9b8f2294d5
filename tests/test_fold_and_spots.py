"""Two fast paths against the plain definitions they replace: ``text.fold`` (a replacement per
distinct non-ASCII character) against folding character by character, and the events' name
search against ``re.finditer`` with word boundaries."""

from __future__ import annotations

import random
import re
import unicodedata

from searcher.extract.events import _word_spots
from searcher.text import _SPECIAL, fold

# Latin with accents, Vietnamese, combining marks, punctuation, lone surrogates (from
# surrogateescape), compatibility characters that fold to several (ligatures, squared words)
RANGES = [(0x20, 0x250), (0x1E00, 0x2100), (0x300, 0x370), (0xDC80, 0xDD00), (0xFB00, 0xFB50),
          (0x3300, 0x3400), (0x1F100, 0x1F200)]  # fmt: skip


def folded_one_by_one(text: str) -> str:
    out = []
    for ch in text:
        if ch < "\x80":
            out.append(ch)
        elif ch in _SPECIAL:
            out.append(_SPECIAL[ch])
        else:
            decomposed = unicodedata.normalize("NFKD", ch)
            out.append("".join(c for c in decomposed if not unicodedata.combining(c)))
    return "".join(out)


def test_fold_is_folding_each_character():
    rng = random.Random(7)
    for _ in range(3000):
        text = "".join(chr(rng.randrange(*rng.choice(RANGES))) for _ in range(rng.randrange(60)))
        assert fold(text) == folded_one_by_one(text), ascii(text)
    assert fold("Nguyễn Tân Cương – ‘Đà Nẵng’") == "Nguyen Tan Cuong – 'Da Nang'"


def test_name_spots_are_the_word_bounded_matches():
    rng = random.Random(3)
    alphabet = "ab -'_é1."
    for _ in range(50_000):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randrange(14)))
        word = "".join(rng.choice(alphabet) for _ in range(rng.randrange(1, 4)))
        want = [m.start() for m in re.finditer(rf"\b{re.escape(word)}\b", text)]
        assert _word_spots(text, word) == want, (text, word)
