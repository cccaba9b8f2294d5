"""Glue repairs: text that lost a line break or a space when a page was saved.

A caption whose credit runs into the next paragraph (``… on July 28 (Photo: VNA)Hanoi (VNA) –``),
two sentences or a title and a name glued by a lost space (``Vietnam.Sen.``, ``MinisterPhan``),
a sign-off glued to the last sentence (``… cooperation.- VNA``, ``… ties./.``), and a copy
site's ``… Read full this story`` glued to the paragraph it cut. These are
pure text functions: the passes in ``rules`` decide what to record as removed.
"""

from __future__ import annotations

import re
from typing import NamedTuple

from searcher.clean import patterns as P


def split_glued(blocks: list[str]) -> list[str]:
    """Undo lost line breaks: a caption whose credit runs into the next paragraph is split after
    the credit; two sentences glued by a lost space get it back."""
    out: list[str] = []
    for n, block in enumerate(blocks):
        glued = P.GLUED_CAPTION.search(block) if n < 6 and "nh" in block else None
        if glued and glued.start() >= 10:  # "<headline> ảnh 1<caption>": the headline, then it
            out.append(block[: glued.start()].strip())
            block = block[glued.start() :].strip()
        while True:
            m = P.GLUED_CREDIT.search(block) if _has_credit_word(block) else None
            if m is not None and m.start() == 0 and len(block) - m.end() >= 20 and block[0] == "(":
                # "(Photo: VNA)Jakarta (VNA) – …": the credit of the caption above, glued to
                # the paragraph under it: a line of its own
                out.append(block[: m.end()].rstrip())
                block = block[m.end() :].lstrip()
                continue
            if m is None or m.start() < 10 or len(block) - m.end() < 20:
                break
            out.append(block[: m.end()].rstrip())
            block = block[m.end() :].lstrip()
        block = P.LOST_SPACE.sub(_respace, block)
        if " n " in block:
            block = P.SPLIT_DEMONYM.sub(_demonym, block)
        if "to" in block or "of" in block:
            block = P.GLUED_TITLE_WORD.sub(r"\1 \2", block)
        if P.CAMEL.search(block):
            block = P.GLUED_WORDS.sub(_unglue, P.GLUED_SMALL_WORD.sub(r"\1 ", block))
        out.append(block)
    return out


def _respace(m: re.Match[str]) -> str:
    """The space back after ``.`` glued to a capitalised word, when it ends a sentence (three
    lower-case letters, or a number, before it), a title's abbreviation (``Gen.Vinh``) or an
    initial (``D.Bilegdorj``; not ``U.S.Navy``: a letter after a dot is an acronym's)."""
    before = m.string[max(0, m.start() - 4) : m.start()]
    if m.group(0) == ",":  # "Ho Xuan Son,Vietnamese Ambassador": after a word, a space
        return ", " if before[-1:].isalpha() else ","
    if P.SENTENCE_END_BEFORE.search(before) or (
        m.group(0) == "." and _abbreviation(m.string, m.start())
    ):
        return m.group(0) + " "
    return m.group(0)


def _abbreviation(text: str, dot: int) -> bool:
    word = re.search(r"(?:^|\W)(\w+)$", text[max(0, dot - 6) : dot])  # ("Lt.Gen.Vinh" too)
    return word is not None and word.group(1) in P.GLUED_ABBREVIATIONS


def _latin(word: str) -> bool:
    return all(ch < "\u0250" or "\u1e00" <= ch <= "\u1eff" for ch in word)


def _unglue(m: re.Match[str]) -> str:
    """``MinisterPhan`` → ``Minister Phan``, ``counterpartLloyd`` → ``counterpart Lloyd``: a
    Latin word whose lower-case run meets a capitalised one. Names written in camel case
    (``VietnamPlus``, ``YouTube``, ``McDonald``) start with a capital and are left alone."""
    word = m.group(0)
    parts = _vietnamese_name_glued(m)
    if parts:
        return " ".join(parts)
    for i in range(4, len(word) - 2):
        if word[i].isupper() and word[i - 1].islower():
            head, tail = word[:i], word[i:]
            if not (tail[1:].islower() and _latin(word)):
                return word
            if head.islower() or head in P.GLUED_TITLES:
                return f"{head} {tail}"
            return word
    return word


def _demonym(m: re.Match[str]) -> str:
    """``Cambodia n`` → ``Cambodian`` when the joined word is a country's demonym."""
    from searcher.extract.countries import find  # (the country table)

    word = m.group(1) + m.group(2)
    found = find(word)
    whole = (
        len(found) == 1
        and found[0].kind == "demonym"
        and found[0].end - found[0].start == len(word)
    )
    return word if whole else m.group(0)


def _vietnamese_name_glued(m: re.Match[str]) -> tuple[str, str] | None:
    """``Hoang XuanChien``: two syllables of a Vietnamese name (each one capital and a few
    letters) after its surname, glued by a lost space: the two syllables, else None."""
    from searcher.extract.official_words import VIETNAMESE_SURNAMES  # (the surnames' list)
    from searcher.text import key_of

    word = m.group(0)
    cuts = [i for i in range(1, len(word)) if word[i].isupper()]
    if len(cuts) != 1 or not 2 <= cuts[0] <= 7 or not 2 <= len(word) - cuts[0] <= 7:
        return None
    head, tail = word[: cuts[0]], word[cuts[0] :]
    if not (head[0].isupper() and head[1:].islower() and tail[1:].islower()):
        return None
    # the name's surname right before, or before one more of its syllables ("Ho XuanSon",
    # "Nguyen Van AnhTuan")
    words = m.string[max(0, m.start() - 30) : m.start()].split()[-2:]
    syllable = [w[:1].isupper() and w[1:].islower() and len(w) <= 7 for w in words]
    surname = bool(words) and syllable[-1] and key_of(words[-1]) in VIETNAMESE_SURNAMES
    if not surname and len(words) == 2 and all(syllable):
        surname = key_of(words[0]) in VIETNAMESE_SURNAMES
    return (head, tail) if surname else None


def _has_credit_word(block: str) -> bool:
    low = block.lower()
    return "photo" in low or "ảnh" in low or "source" in low or "foto" in low


def _has_dash(line: str) -> bool:
    """Whether a line can end in an ``— VNS`` sign-off (tested first: the pattern is slow)."""
    return "—" in line or "–" in line


# An address that ends a sentence ("… at http://example.org/drafts/."), not VNA's end mark "/."
_URL_SLASH_DOT = re.compile(r"(?:https?://|www\.)\S*/\.\s*$")


def ends_article(line: str) -> bool:
    """Whether a paragraph ends with the article's end mark glued to it (``… ties./.``,
    ``… cooperation — VNS``, ``… prochain. - AVI``): nothing after it is the article's."""
    return (
        (line.rstrip().endswith("/.") and not _URL_SLASH_DOT.search(line))
        or (_has_dash(line) and P.SIGNOFF_TAIL.search(line) is not None)
        or ("-" in line[-40:] and P.SIGNOFF_TAIL_HYPHEN.search(line[-40:]) is not None)
    )


class Tail(NamedTuple):
    """A last paragraph without its glued sign-off: the text left, the outlet codes the sign-off
    named, and the removed pieces."""

    text: str
    codes: str | None
    removed: tuple[str, ...]


def strip_tail_signoff(line: str) -> Tail:
    """Remove ``/.`` and ``— VNS`` from the end of the last paragraph."""
    codes, removed = None, []
    m = (
        P.SIGNOFF_TAIL.search(line)
        or P.SIGNOFF_TAIL_HYPHEN.search(line)
        or P.SIGNOFF_TAIL_BARE.search(line)
    )
    if m:
        codes = m.group("codes")
        removed.append(m.group(0).strip())
        line = line[: m.start()].rstrip()
    m = P.SLASH_DOT.search(line)
    if m and not _URL_SLASH_DOT.search(line):
        removed.append("/.")
        line = line[: m.start()].rstrip() + "."
    return Tail(line, codes, tuple(removed))


_LINK_NOUNS = ("story", "article", "text", "report")


def strip_read_full(line: str) -> tuple[str, str | None]:
    """A copy's ``… Read full this story`` glued to the paragraph it cut: the paragraph, and
    the link's text (None when there is none)."""
    tail = line[-8:].rstrip(" .").lower()  # (a gate: the pattern is slow to fail)
    m = P.READ_FULL_TAIL.search(line) if tail.endswith((*_LINK_NOUNS, "more")) else None
    if m is None or m.start() < 40:
        return line, None
    return line[: m.start()].rstrip(), m.group(0).strip()
