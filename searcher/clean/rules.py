"""Line-level cleaning shared by plain text and HTML: the article is a list of blocks; each rule
either keeps a block in the body or removes it with a reason.

Order matters and follows the page: header (date prefix, clocks, title), body (captions, chrome,
related links), the end of the article (sign-off, byline, teasers), then the repeated lede.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from searcher.clean import glue
from searcher.clean import patterns as P
from searcher.models import Removed
from searcher.outlet_names import canonical
from searcher.text import fold

_WORD = re.compile(r"\w+")


@dataclass
class Draft:
    """Mutable working state of one article while the rules run (never leaves this package)."""

    blocks: list[str]
    title: str | None = None
    removed: list[Removed] = field(default_factory=list)
    header_date: str | None = None
    clocks: list[tuple[str, str]] = field(default_factory=list)  # (zone, date text)
    outlets: list[tuple[str, str]] = field(default_factory=list)
    byline: str | None = None
    dateline: str | None = None
    plain: bool = True  # a plain-text copy (an HTML page marks its headings and figures itself)

    def drop(self, reason: str, text: str) -> None:
        self.removed.append(Removed(reason, text))


# --- block classifiers --------------------------------------------------------------------------


def clock_date(line: str) -> str | None:
    """The date text of a clock line (``Monday, November 29, 2021, 10:24 (GMT+7)``), else None."""
    if len(line) > 80:
        return None
    m = P.CLOCK_LINE.match(line)
    return m.group(0).strip(" ,|-–—") if m else None


def is_caption(line: str) -> bool:
    """A photo caption: ends in ``(Photo: VNA)``, ``Photo: …``, ``— VNA/VNS Photo …``, ``ảnh 1``
    (an image box's ``|`` separator after it is part of it)."""
    if len(line) > 500:
        return False  # a caption is a line or two: a paragraph ending in a credit is prose glued to one
    if (
        len(line) < 300
        and "(" in line
        and ". " not in P.TITLE_ABBREVIATION.sub(" ", line)  # (one sentence: "Sr. Lt. Gen." is one)
        and P.POSITION_IN_PHOTO.search(line)
        and not _REPORTING.search(line)  # "Senator Lindsey Graham (R) said …" is a party
    ):
        return True  # "Minister Giang (R) and his guest": who stands where in a photo
    if len(line) < 160 and P.CAPTION_PHRASE.match(line):
        return True
    end = line.rstrip()[-1:]  # (cheap gates: most lines end in a full stop)
    if len(line) < 300 and (
        (end == "|" and P.IMAGE_BOX.search(line))
        or (end == ")" and P.SOURCE_CREDIT.search(line) and not _REPORTING.search(line))
    ):
        return True
    line = line.rstrip(" |")
    if "nh" in line and P.GLUED_CAPTION.search(line):  # ("ảnh", "hinh anh": cheap gate first)
        return True
    lowered = line.lower()  # (each caption pattern needs one of these words)
    if not any(w in lowered for w in P.CAPTION_WORDS):
        return False
    return any(p.search(line) for p in P.CAPTION)


def is_chrome(line: str) -> bool:
    """Page furniture: comment counters, share/print labels, tag lists."""
    return len(line) < 200 and bool(P.CHROME.match(line))


def is_prompt(line: str) -> bool:
    """The site asking the reader to follow it, give feedback or read the story elsewhere."""
    return len(line) < 220 and bool(P.PROMPT.match(line))


def signoff_codes(line: str) -> str | None:
    """The outlet codes of a line that is only a sign-off (``VNA``, ``— VNS``), else None."""
    if len(line) > 60:
        return None
    m = P.SIGNOFF_LINE.match(line)
    return m.group("codes") if m else None


def is_headline(line: str) -> bool:
    """Could this first line be a headline? Short, capitalised, not a sentence, not a dateline."""
    words = line.split()
    if not 2 <= len(words) <= 30 or len(line) > 220:
        return False
    if line.rstrip().endswith((".", ",", ";", ":")) and not line.rstrip().endswith("..."):
        return False
    first = line.lstrip("\"'“‘«([")[:1]
    if not (first.isupper() or first.isdigit()):
        return False
    if (P.DATELINE.match(line) and len(words) > 12) or P.FEED_DATELINE.match(line):
        return False
    return not (is_caption(line) or clock_date(line) or is_chrome(line))


_TITLE_WORDS = re.compile(
    r"\b(?:director|editor|professor|lecturer|researcher|correspondent|reporter|journalist|author"
    r"|ambassador|minister|officer|chief|head|member|chairman|chairwoman|president|secretary"
    r"|commander|deputy|vice|staff|fellow|analyst|student|doctor|dr|phd|ph\.d|university|institute"
    r"|academy|department|newspaper|magazine|agency|college|school|faculty|expert|colonel|general)\b",
    re.IGNORECASE,
)
_NAME_TOKEN = re.compile(
    r"^(?:[A-ZÀ-ỸĐ][\w'’.-]*|(?:Gen|Lt|Lieut|Maj|Col|Sen|Brig|Dr|Prof|Capt)\.?)$"
)


# Verbs of a sentence about someone (never in a byline's "Name, Title of Organisation").
_REPORTING = re.compile(
    r"\b(?:said|says|told|added|noted|stressed|affirmed|expressed|highlighted|praised|thanked"
    r"|welcomed|pledged|proposed|suggested|emphasi[sz]ed|underlined|underscored|congratulated|spoke"
    r"|briefed|informed|asked|urged|agreed|called|lauded|hailed|reaffirmed|reiterated|wished|hoped"
    r"|believed|showed|shared|affirms|expresses|met|received|visited|led|attended|presented)\b"
)


def is_byline(line: str) -> bool:
    """A closing byline: ``By …``, ``Translated by …``, ``Maj. Gen. Le Xuan Sang, Deputy Director
    of …``, or a bare author name (``Thu Hang``, ``Minh Anh (VNA)``)."""
    if len(line) > 220:
        return False
    if P.BYLINE_PREFIX.match(line):
        return True
    text = re.sub(r"\s*\([^()]{2,25}\)\s*$", "", line.strip()).rstrip(".")
    head, _, tail = text.partition(",")
    tokens = head.split()
    if not 2 <= len(tokens) <= 8 or not all(_NAME_TOKEN.match(t) for t in tokens):
        return False
    if not tail:
        return len(tokens) <= 5 and "." not in text.replace(". ", " ")[-1:]
    # "Name, Title of Organisation": one clause, a title word, no sentence inside.
    return (
        len(tail.split()) <= 25
        and not re.search(r"[.!?]\s+[A-Z]", tail)
        and bool(_TITLE_WORDS.search(tail))
        and not _REPORTING.search(text)
    )


def words(text: str) -> set[str]:
    """Folded lower-case word set, for near-duplicate checks."""
    return set(_WORD.findall(fold(text).lower()))


def near_duplicate(a: str, b: str, threshold: float = 0.8) -> bool:
    """True when most words of ``a`` also appear in ``b``."""
    wa, wb = words(a), words(b)
    if len(wa) < 5:
        return False
    return len(wa & wb) / len(wa) >= threshold


# --- the passes ---------------------------------------------------------------------------------


def take_header(d: Draft) -> None:
    """Date prefix, clock lines and the headline at the top of the article."""
    if d.blocks:
        m = P.HEADER_DATE.match(d.blocks[0])
        if m:
            d.header_date = m.group("date")
            d.drop("page-chrome", m.group(0).strip())
            rest = d.blocks[0][m.end() :].strip()
            d.blocks[0:1] = [rest] if rest else []
    i = 0
    while i < len(d.blocks) and i < 8:
        line = d.blocks[i]
        date = clock_date(line)
        if date:
            d.clocks.append(("header", date))
            d.drop("page-chrome", line)
            del d.blocks[i]
            continue
        if is_chrome(line) or (len(d.blocks) > 2 and P.SECTION_LABEL.match(line)):
            d.drop("page-chrome", line)
            del d.blocks[i]
            continue
        hb = P.HEAD_BYLINE.match(line) if len(line) < 160 else None
        if hb:
            d.drop("byline", line)
            d.byline = d.byline or line.strip()
            _note_outlets(d, hb.group("outlet"), "byline")
            del d.blocks[i]
            continue
        if d.title is None and i == 0 and len(d.blocks) > 1 and is_headline(line):
            d.title = line.strip()
            del d.blocks[i]
            nxt = d.blocks[0] if len(d.blocks) > 1 else ""
            if (
                len(nxt) > len(d.title)
                and is_headline(nxt)
                and near_duplicate(d.title, nxt)
                and not _same_headline(nxt, d.title)  # ("<headline> -": its image's alt text)
            ):
                # a page's short title, then its headline ("VN-China …", "Vietnam-China …")
                d.drop("duplicate-title", d.title)
                d.title = nxt.strip()
                del d.blocks[0]
            continue
        break


def split_glued(d: Draft) -> None:
    """Undo lost line breaks and spaces (``glue.split_glued``)."""
    d.blocks = glue.split_glued(d.blocks)


def _same_headline(line: str, title: str) -> bool:
    """The headline printed again (``<headline> -``, ``<headline> |``: an image's alt text)."""

    def key(text: str) -> str:
        return " ".join(fold(text).lower().strip(" -–—|:").split())

    return key(line) == key(title)


def take_body(d: Draft) -> None:
    """Walk the body: captions, chrome, prompts, related links, clocks; stop at a teaser marker."""
    kept: list[str] = []
    # On a page with image boxes ("… |"), credits name the photo agency, not the publisher.
    boxes = any("|" in b and P.IMAGE_BOX.search(b) for b in d.blocks)
    widget = False  # the line after an image widget's controls is the image's caption
    headlines = False  # after a marker above the story: the headlines under it, until the story
    for i, line in enumerate(d.blocks):
        line, link = glue.strip_read_full(line)
        if link:
            d.drop("prompt", link)
        if not kept and d.plain:
            line = _without_lead_credit(d, line)
        if (
            len(line) < 600
            and ("words," in line or "cached" in line)
            and P.COPY_FOOTER.search(line)
        ):
            d.drop("prompt", line)  # a copy site's footer: the headline, a word count, its cache
            continue
        short = len(line) < 300  # (a paragraph is none of the short furniture: skip its tests)
        if headlines and not _prose(line):
            d.drop("teaser", line)
            continue
        headlines = False
        marker = short and (
            P.TEASER_MARKER.match(line) or (P.OTHERS.match(line) and i >= len(d.blocks) // 2)
        )
        if marker and _story_follows(kept, d.blocks[i + 1 :]):
            # A sidebar's heading above the story ("Latest news" in a left column, issue 14):
            # it and the headlines under it go; the story after them stays.
            d.drop("teaser", line)
            headlines = True
            continue
        if marker or (short and _follow_box(line, kept, d.blocks, i)):
            d.drop("prompt" if not marker else "teaser", line)
            for rest in d.blocks[i + 1 :]:  # (a photo here is a teaser's, not the article's)
                reason = _trailing_reason(rest)
                d.drop("teaser" if reason == "caption" else reason, rest)
            break
        after_widget, widget = widget, False
        if short and P.IMAGE_WIDGET.match(line):
            d.drop("page-chrome", line)
            widget = True
        elif is_caption(line) or (after_widget and short and not _lede_opening(line)):
            d.drop("caption", line)
            if P.IMAGE_NUMBER.fullmatch(line.strip()):
                widget = True  # VOV's "<headline> - ảnh 1": the image's caption on the next line
            if not boxes:
                _note_credit(d, line)
            if P.CREDIT_ONLY.match(line) and kept and _caption_like(kept[-1]):
                d.drop("caption", kept.pop())  # the caption above its credit line
        elif not short:
            if P.RELATED_LINK.match(line):
                d.drop("related-links", line)
            else:
                kept.append(line)
        elif is_chrome(line):
            d.drop("comments" if P.COMMENTS.match(line) else "page-chrome", line)
        elif is_prompt(line):
            d.drop("prompt", line)
        elif P.REPORTER_LINE.match(line):
            m = P.REPORTER_LINE.match(line)
            _note_outlets(d, (m.group("outlet") or m.group("outlet2")) if m else "", "byline")
            d.drop("byline", line)
        elif P.COPY_CREDIT.match(line):
            _note_copy_credit(d, line)
            d.drop("sign-off", line)
        elif P.RELATED_LINK.match(line) or P.BRACKETED_HEADLINE.match(line):
            d.drop("related-links", line)
        elif clock_date(line):
            d.clocks.append(("body", clock_date(line) or line))
            d.drop("page-chrome", line)
        elif d.title is not None and _same_headline(line, d.title):
            d.drop("duplicate-title", line)
        else:
            kept.append(line)
    d.blocks = _without_bare_captions(d, kept)


def _prose(line: str) -> bool:
    """A paragraph of prose: long, and ending as a sentence ends."""
    return len(line) >= 120 and line.rstrip()[-1:] in '.!?"”’)'


def _follow_box(line: str, kept: list[str], blocks: list[str], i: int) -> bool:
    """Whether ``line`` (``blocks[i]``) is a box asking the reader to follow the outlet, under
    the article's prose and over at most one paragraph of prose (a teaser's lede): the article
    ends there, and what follows (teasers of other stories, their headlines and ledes) goes.
    With more prose under it, the box sits inside the article ("Follow us on Pinterest" between
    a recipe's steps) and the article goes on."""
    return (
        is_prompt(line)
        and bool(P.FOLLOW_PROMPT.match(line))
        and any(_prose(b) for b in kept)
        and sum(map(_prose, blocks[i + 1 :])) <= 1
    )


def _story_follows(kept: list[str], rest: list[str]) -> bool:
    """Whether a teaser marker stands above the story rather than after it: no paragraph of
    prose before it, and paragraphs after it."""
    if any(_prose(b) for b in kept):
        return False
    return sum(len(b) for b in rest if _prose(b)) >= 200


# A sentence of news prose is in the past tense or says how things stand; an uncredited
# caption says what the photo shows, in the present, or names it without a verb.
_PROSE_VERB = re.compile(
    r"\b(?:\w{3,}ed|was|were|is|are|has|have|had|will|would|should|can|could|may|must|said|says"
    r"|met|held|took|made|gave|told|came|became|began|led|paid|saw|went|won|sent|set|kept|put)\b",
    re.IGNORECASE,
)


def _without_bare_captions(d: Draft, blocks: list[str]) -> list[str]:
    """Captions printed without a credit between the paragraphs of a plain-text copy ("The
    patrol team at a border marker"): a line of five words or more that is no sentence (no
    full stop, no verb of prose) between two paragraphs. A one-line paragraph of prose ends in
    a full stop and stays ("Vietnam denies the accusation."), as does a subheading of a few
    capitalised words. A caption saying what the pictured are doing may close with the photo's
    date and a full stop ("Visiting <name>, <office>, in May 2016."): with no verb, it is
    still no sentence. (Not in HTML, where headings and figures are marked up.)"""
    if not d.plain:
        return blocks
    kept = []
    for i, line in enumerate(blocks):
        if _caption_sentence(blocks, i, untitled=d.title is None):
            d.drop("caption", line)
            continue
        pictured = _pictured(line)
        # ("Visiting <who> in August 2013.": what the pictured do, the photo's date, a full stop)
        core = _DATED_END.sub("", line) if pictured else line
        if (
            len(blocks) >= 4
            and (i > 0 or (d.title is not None and pictured))
            and i < len(blocks) - 1
            # (a longer one says what the pictured are doing: "<name>, <office>, welcoming …")
            and (len(line) <= 110 or (len(line) <= 220 and pictured))
            and len(core.split()) >= 5
            and line[:1].isupper()
            and (i == 0 or len(blocks[i - 1]) >= 150 or _question(blocks[i - 1]))
            and len(blocks[i + 1]) >= 150
            and not core.rstrip().endswith((".", ":", "?", "!", '"', "”", ",", ";"))
            and _FUNCTION_WORD.search(core)
            and not re.search(r"[\"“”]|\b(?:1[89]|20)\d\d\b", core)  # (a year: "Ship 8001" is none)
            and not _PROSE_VERB.search(core)
        ):
            d.drop("caption", line)
            continue
        kept.append(line)
    return kept


# What people in a photo are doing, said as a caption says it ("Crew members visiting the
# centre"): a line under the headline is a caption only with one (a deck has none)
_PICTURED = re.compile(
    r"\b(?:visiting|attending|inspecting|receiving|meeting|shaking\s+hands|posing|presenting"
    r"|laying|welcoming|greeting|holding\s+talks|signing|saluting|touring|reviewing|handing"
    r"|taking\s+(?:a|part)|at\s+the\s+(?:ceremony|meeting|talks|event|reception))\b"
)


# A name in quotes, as a caption names the document or event it shows: “Terms of Reference for
# Joint Patrols.” (a quoted sentence of speech has words in lower case and a verb)
_QUOTED = re.compile(r"[“\"]([^“”\"]{3,160})[”\"]")


def _without_quoted_titles(line: str) -> str:
    """The line with each quoted name replaced by a plain word (a full stop inside the closing
    quote moved out), so the caption tests read what is around it."""

    def plain(m: re.Match[str]) -> str:
        inner = m.group(1)
        words = [w for w in re.findall(r"[^\W\d_][\w’'-]*", inner) if len(w) > 3]
        named = (
            inner[:1].isupper()
            and bool(words)
            and 3 * sum(w[0].isupper() for w in words) >= 2 * len(words)
            and not P.NOT_CAPTION_VERB.search(inner)
        )
        if not named:
            return m.group(0)
        return "Name." if inner.rstrip().endswith(".") else "Name"

    return _QUOTED.sub(plain, line) if '"' in line or "“" in line else line


def _pictured(line: str) -> bool:
    """Whether a line says what the pictured are doing, also as its first word ("Visiting …")."""
    return _PICTURED.search(line[:1].lower() + line[1:]) is not None


_MONTH = (
    r"(?:January|February|March|April|May|June|July|August|September|October|November|December)"
)
# The photo's date closing a caption: "… in August 2013.", "… on May 5, 2019.", "… in 2013."
_DATED_END = re.compile(
    rf",?\s+(?:in|on)\s+(?:(?:early|mid|late)[\s-]+)?"
    rf"(?:{_MONTH}\s+(?:\d{{1,2}},?\s+)?|\d{{1,2}}\s+{_MONTH}\s+)?(?:19|20)\d\d\.$"
)


def _lede_opening(line: str) -> bool:
    """A line opening as a lede does, with an outlet's tag or a dateline (``(VOVworld) –``)."""
    return bool(re.match(r"\(\w[\w .]{1,20}\)\s*[–—-]|[A-ZÀ-Ỹ][\w ,.]{1,30}\(\w+\)\s*[–—-]", line))


def _question(line: str) -> bool:
    """An interviewer's question (``Reporter: Could you …?``): a paragraph however short."""
    return len(line) > 60 and line.rstrip().endswith("?")


_FUNCTION_WORD = re.compile(
    r"\b(?:in|at|of|on|to|with|from|during|for|the|a|an|his|her|their|before|after|into|by)\b"
)  # ("<minister> and his Lao counterpart <name>": two people named, with no verb)


def _caption_sentence(blocks: list[str], i: int, untitled: bool = False) -> bool:
    """An uncredited caption written as one sentence in a photo's present tense, above a
    paragraph and after one (or first, or second in an excerpt with no headline, whose first
    line is as likely a caption): "Officers of the academy see off the mission." (QDND), "The
    two ministers witness the signing of the “Plan for Joint Patrols.”" (a quoted name is read
    as a word). A paragraph of one sentence reports in the past, or opens with a pronoun or an
    adverbial, or quotes what someone said."""
    line = _without_quoted_titles(blocks[i])
    return (
        25 <= len(blocks[i]) <= 260
        and line.endswith(".")
        and i + 1 < len(blocks)
        and (len(blocks[i + 1]) >= 150 or (i + 2 == len(blocks) and _cut_paragraph(blocks[i + 1])))
        and (i == 0 or len(blocks[i - 1]) >= 150 or (i == 1 and untitled))
        and P.CAPTION_VERB_WORD.search(line) is not None  # (a fast gate: few lines have one)
        and len(line.split()) >= 5
        and not re.search(r"[\"“”:;]", line)
        and P.CAPTION_VERB.search(line) is not None
        and (not P.PROSE_OPENING.match(line) or _both_sides_caption(line))
        and not P.INNER_SENTENCE_END.search(line[:-1])
        and not P.NOT_CAPTION_VERB.search(line)
    )


def _cut_paragraph(line: str) -> bool:
    """An excerpt's last paragraph cut at a length, however short: prose of eight words or more
    that stops with no punctuation ("Within the framework of the visit, the delegation also to")."""
    return len(line.split()) >= 8 and line.rstrip()[-1:].isalnum() and line[:1].isupper()


def _both_sides_caption(line: str) -> bool:
    """ "The two sides discuss the exchange programme.": both sides pictured, the caption's
    verb right after them (a paragraph of prose says what they agreed, in the past)."""
    m = P.BOTH_SIDES_CAPTION.match(line)
    return m is not None and P.CAPTION_VERB.match(line, m.end()) is not None


def _caption_like(line: str) -> bool:
    """A line that can be a caption whose credit went to the next line: short, no full stop."""
    return len(line) < 300 and not line.rstrip().endswith((".", "!", "?", ":", '"', "”"))


def _without_lead_credit(d: Draft, line: str) -> str:
    """A copy's first paragraph opening with the outlet it copied, in brackets ("(Viet Nam
    News) Philippines' Secretary …"): the credit is the copy's source, not the story's text.
    Only a known outlet's name: "(Reuters)" stays for the dateline rules, "(AP)" too."""
    m = P.LEAD_CREDIT.match(line)
    if m is None or not canonical(m.group("who").strip()):
        return line
    d.drop("byline", m.group(0).strip())
    d.outlets.append((m.group("who").strip(), "source"))
    return line[m.end() :]


def _note_copy_credit(d: Draft, line: str) -> None:
    """ "View the original article at Vietnamplus": a copy names the outlet it copied."""
    m = P.COPY_CREDIT.match(line)
    who = (m.group("who") if m else "").strip(" .")
    for cut in range(len(who.split()), 0, -1):
        name = " ".join(who.split()[:cut])
        if canonical(name):
            d.outlets.append((name, "source"))
            return


def _trailing_reason(line: str) -> str:
    if is_caption(line):
        return "caption"
    if is_prompt(line):
        return "prompt"
    if is_chrome(line):
        return "comments" if P.COMMENTS.match(line) else "page-chrome"
    return "teaser"


def _note_credit(d: Draft, caption: str) -> None:
    """The outlet a caption's photo credit names (weak evidence of the publisher). A picture
    credited to a web address (``(Source: qdnd.vn)``, ``(Source: https://tuoitre.vn)``) was
    taken from that site: it names the lender, never the page's outlet; a picture agency's
    name (``(Source: VNA)``, ``(Photo: VNA)``) is the weak evidence."""
    for m in P.CREDIT.finditer(caption):
        who = m.group("who") or m.group("code") or ""
        if re.search(r"://|^\s*(?:www\.)?[\w-]+(?:\.[\w-]+)*\.[a-z]{2,}\s*$", who, re.IGNORECASE):
            continue
        for part in re.split(r"\s*/\s*", who.strip(" .")):
            if canonical(part):
                d.outlets.append((part, "credit"))
                return


def _note_outlets(d: Draft, codes: str, where: str) -> None:
    """Note each outlet of ``VNA/VNS``, the last first: the story came from VNA, the page is
    Việt Nam News' (an unknown last code, ``VNA/VNBS``, falls back to the known one)."""
    for code in reversed(re.split(r"\s*/\s*", codes)):
        d.outlets.append((code.strip(), where))


def take_end(d: Draft) -> None:
    """Find where the article ends (its sign-off) and remove what follows; then the byline."""
    article_end = trailing = None
    for i, line in enumerate(d.blocks):
        codes = signoff_codes(line)
        if codes:
            _note_outlets(d, codes, "sign-off")
            d.drop("sign-off", line)
            article_end, trailing = i, i + 1
            break
        if glue.ends_article(line) or _bare_signoff_end(d.blocks, i):
            article_end = trailing = i + 1
            codes = signoff_codes(d.blocks[i + 1]) if i + 1 < len(d.blocks) else None
            if codes:
                _note_outlets(d, codes, "sign-off")
                d.drop("sign-off", d.blocks[i + 1])
                trailing = i + 2
            break
    if article_end is not None and trailing is not None:
        tail = d.blocks[trailing:]
        d.blocks = d.blocks[:article_end]
        for line in tail:
            if is_byline(line) or P.SOURCE_LINE.match(line):
                _take_byline(d, line)
            elif signoff_codes(line):
                d.drop("sign-off", line)
            else:  # (after the article's end, a photo is a teaser's)
                reason = _trailing_reason(line)
                d.drop("teaser" if reason == "caption" else reason, line)
    # Closing bylines and sign-offs, read from the bottom up.
    while d.blocks:
        last = d.blocks[-1]
        codes = signoff_codes(last)
        if codes:
            _note_outlets(d, codes, "sign-off")
            d.drop("sign-off", last)
        elif P.SOURCE_LINE.match(last) or (len(d.blocks) > 1 and is_byline(last)):
            _take_byline(d, last)
        else:
            break
        d.blocks.pop()
    if d.blocks:
        d.blocks[-1] = _strip_tail_signoff(d, d.blocks[-1])
        if not d.blocks[-1]:
            d.blocks.pop()


def _bare_signoff_end(blocks: list[str], i: int) -> bool:
    """Whether ``blocks[i]`` is a paragraph ending in a bare outlet code (``… activities. VNS``)
    with lines but no prose after it: the article's end, and the short lines under it
    (``E-paper``) are the page's footer."""
    return (
        i + 1 < len(blocks)
        and bool(P.SIGNOFF_TAIL_BARE.search(blocks[i]))
        and not any(map(_prose, blocks[i + 1 :]))
    )


def _take_byline(d: Draft, line: str) -> None:
    src = P.SOURCE_LINE.match(line)
    if src:
        m = re.search(P.OUTLET_CODES, line)
        if m:
            _note_outlets(d, m.group(0), "source")
        d.drop("sign-off", line)
        return
    d.drop("byline", line)
    if not re.match(r"^\s*(?:translated|edited|compiled)\s+by", line, re.IGNORECASE):
        d.byline = d.byline or line.strip()


def _strip_tail_signoff(d: Draft, line: str) -> str:
    """Remove ``/.`` and ``— VNS`` from the end of the last paragraph, noting the outlet."""
    tail = glue.strip_tail_signoff(line)
    if tail.codes:
        _note_outlets(d, tail.codes, "sign-off")
    for piece in tail.removed:
        d.drop("sign-off", piece)
    return tail.text


def take_dateline(d: Draft) -> None:
    """Note the dateline (``Hanoi (VNA) -``) and drop a summary that the dated lede repeats."""
    _join_split_dateline(d)
    for i, line in enumerate(d.blocks[:4]):
        if P.FEED_DATELINE.match(line) and i + 1 < len(d.blocks) and _dated(d.blocks[i + 1]):
            d.drop("dateline", line)  # a feed's dateline above the story's own
            del d.blocks[i]
            break
    for i, line in enumerate(d.blocks[:5]):
        om = P.OUTLET_DATELINE.match(line)
        named = om and (om.group("outlet") or om.group("paren"))
        if om and named and canonical(named):
            d.dateline = named
            _note_outlets(d, named, "dateline")
            if om.group("agency") and canonical(om.group("agency")):
                _note_outlets(d, om.group("agency"), "dateline")
            # the outlet's tag is not article text ("(VOVworld) –", "VOV.VN -"); a place is
            tag = line[: om.end()]
            d.drop("dateline", tag.strip())
            d.blocks[i] = line[om.end() :]
            _drop_repeated_lede(d, i, d.blocks[i])
            if i < len(d.blocks) and d.blocks[i].startswith(tag):  # the full lede, tagged again
                d.blocks[i] = d.blocks[i][len(tag) :]
            break
        m = P.DATELINE.match(line)
        if not m or len(m.group("place")) > 40:
            continue
        place = m.group("place")
        if not (m.group("outlet") or place.isupper() or m.group("when")):
            continue
        d.dateline = m.group(0).strip(" -–—")
        if m.group("outlet"):
            _note_outlets(d, m.group("outlet"), "dateline")
        _drop_repeated_lede(d, i, line[m.end() :])
        break


def _join_split_dateline(d: Draft) -> None:
    """A dateline whose dash and lede went to the next line (``Hanoi (VNA)``, then ``- The
    minister …``): the two are one paragraph again, so the dateline is read as one. Only with
    an outlet the table knows in the brackets: ``Hanoi (file photo)`` is a caption's."""
    for i, line in enumerate(d.blocks[:5]):
        m = P.SPLIT_DATELINE.match(line)
        if m and i + 1 < len(d.blocks) and canonical(m.group("outlet")):
            nxt = d.blocks[i + 1]
            if re.match(r"[—–-]{1,2}\s+\S", nxt):
                d.blocks[i : i + 2] = [f"{line.strip()} {nxt}"]
                return


def _dated(line: str) -> bool:
    """Whether a block opens with a dateline (``HÀ NỘI —``, ``Hanoi (VNA) -``)."""
    return bool(P.DATELINE.match(line) or P.OUTLET_DATELINE.match(line))


def _drop_repeated_lede(d: Draft, i: int, lede: str) -> None:
    """The summary a page prints before the dated lede, or a dated summary the full lede repeats
    right after it, is kept once (the longer)."""
    if i + 1 < len(d.blocks) and len(lede) >= 40:
        nxt = d.blocks[i + 1]
        if squash(nxt).find(squash(lede)[:120]) >= 0 and len(nxt) >= len(d.blocks[i]):
            d.drop("duplicate-lede", d.blocks[i])
            del d.blocks[i]
            return
    for j in range(i - 1, -1, -1):
        if near_duplicate(d.blocks[j], lede):
            d.drop("duplicate-lede", d.blocks[j])
            del d.blocks[j]


def squash(text: str) -> str:
    """Folded, lower-case, single-spaced text, for containment checks."""
    return " ".join(fold(text).lower().split())


def take_duplicates(d: Draft) -> None:
    """A paragraph printed twice (a repeated caption or pull quote) is kept once."""
    seen: set[str] = set()
    kept = []
    for line in d.blocks:
        key = " ".join(fold(line).lower().split())
        if key in seen and len(key) > 20:
            d.drop("duplicate", line)
            continue
        seen.add(key)
        kept.append(line)
    d.blocks = kept


def take_credits(d: Draft) -> None:
    """Outlet credits above the article text (``Source: VNS`` under the headline). A sign-off
    line is a credit only with the article's prose after it: at the end of a short article it is
    the sign-off, and ``take_end`` reads it as one. Above the dated lede (a summary, a caption,
    ``Viet Nam News``, then ``ĐÀ NẴNG — …``) it is a credit even after the summary's prose: the
    story starts under it."""
    prose = 0
    for i, line in enumerate(d.blocks):
        if prose >= 150 and i >= 6:
            break
        codes = signoff_codes(line)
        if prose >= 150 and not (codes and _lede_follows(d.blocks, i)):
            continue  # (after the prose, only a credit over the dated lede)
        if codes and any(len(b) > 60 for b in d.blocks[i + 1 :]):
            _note_outlets(d, codes, "source")
            d.drop("sign-off", line)
            d.blocks[i] = ""
        prose += len(line) if len(line) > 60 else 0
    d.blocks = [b for b in d.blocks if b]


def _lede_follows(blocks: list[str], i: int) -> bool:
    """The block after ``i`` is the story's dated lede, and none before ``i`` opened with one."""
    nxt = blocks[i + 1] if i + 1 < len(blocks) else ""
    return _prose(nxt) and _dated(nxt) and not any(map(_dated, blocks[:i]))


def run(d: Draft) -> Draft:
    """Apply every pass in page order."""
    split_glued(d)
    take_header(d)
    take_credits(d)
    take_body(d)
    take_end(d)
    take_dateline(d)
    take_duplicates(d)
    return d
