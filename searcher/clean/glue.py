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
            if m is None or m.start() < 10 or len(block) - m.end() < 20:
                break
            out.append(block[: m.end()].rstrip())
            block = block[m.end() :].lstrip()
        block = P.LOST_SPACE.sub(_respace, block)
        if "to" in block or "of" in block:
            block = P.GLUED_TITLE_WORD.sub(r"\1 \2", block)
        out.append(P.GLUED_WORDS.sub(_unglue, block) if P.CAMEL.search(block) else block)
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
    for i in range(4, len(word) - 2):
        if word[i].isupper() and word[i - 1].islower():
            head, tail = word[:i], word[i:]
            if not (tail[1:].islower() and _latin(word)):
                return word
            if head.islower() or head in P.GLUED_TITLES:
                return f"{head} {tail}"
            return word
    return word


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
