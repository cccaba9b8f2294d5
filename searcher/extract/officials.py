"""Officials: people named with a military rank or an office.

Two shapes are recognised: ``<rank/office> <Name>`` (``US Secretary of Defence Pete Hegseth``,
``Sen. Lieut. Gen. Trịnh Văn Quyết``) and ``<Name>, <office> …`` (``Tran Don, Deputy Defence
Minister``). Later short mentions (``Giang``, ``Hegseth``) merge into the full name.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass
from functools import lru_cache

from searcher.extract import countries
from searcher.extract.official_words import (  # the word lists: names, titles, non-persons
    HONORIFICS,
    MIDDLE_NAMES,
    NOT_NAME,
    NOT_PERSON,
    OFFICES,
    PARTICLES,
    RANKS,
    SUFFIXES,
    TITLE_WORDS,
    TWO_WORD_HONORIFICS,
    VIETNAMESE_SURNAMES,
)
from searcher.models import Official
from searcher.regex_starts import compile_started
from searcher.text import accent_count, fold, is_english, key_of

_RANK_SEQS = sorted((tuple(r.split()) for r in RANKS), key=len, reverse=True)
_OFFICE_SEQS = sorted((tuple(o.split()) for o in OFFICES), key=len, reverse=True)
_KEYWORDS = (
    {t for seq in _RANK_SEQS + _OFFICE_SEQS for t in seq}
    | {t.rstrip(".") for seq in _RANK_SEQS for t in seq}
    | {"counterpart", "counterparts"}
)
_FUNCTION = {"of", "the", "for", "and", "&", "on", "to"}
_TOKEN = re.compile(r"[\w'’.-]+|[^\w\s]")
_SENTENCE = re.compile(r"(?<=[.!?])[\"”’']?\s+(?=[\"“‘']?[A-ZÀ-Ỹ])")
_ABBREV_DOT = compile_started(
    r"\b(?:Gen|Lt|Lieut|Maj|Col|Brig|Sen|Capt|Cmdr|Adm|Rear|Mr|Mrs|Ms|Dr|Prof|Sgt|St|No|Jr|Corp|Co|Inc)\."
    r"|\b(?:[A-Z]\.){1,3}"
)
_APPOSITIVE = (  # after a comma or a spaced dash ("Earl Howe - Minister of State for Defence")
    r"(?:,|\s[-–—])\s+(?!(?:and|or|while|but)\b)(?:(?:the|a|an|then|former|also|currently)\s+)?"
    r"(?P<t>(?:[\w'’.-]+\s+){0,3}?"
    r"(?:deputy|vice|chief|head|director|minister|member|secretary|ambassador|chairman|chairwoman"
    r"|president|commander|attach[ée]|spokes\w+|envoy|governor|chancellor|leader|officer|adviser"
    r"|advisor|general|colonel|admiral|premier|consul|counsellor|counselor|representative)\b[^.;:(),]{0,160})"
)
_APPOSITIVE_HEAD = re.compile("^" + _APPOSITIVE, re.IGNORECASE)
_RETIRED = re.compile(r"\((?:Retired|Rtd\.?|Ret\.?)\)")
# The verb after an appositive ends it: "…, Commander of the Coast Guard expressed confidence in
# the Japanese official's …" (the Japanese are not his).
_VERB_AFTER = re.compile(
    r"\s+(?:said|says|expressed|stressed|affirmed|noted|highlighted|emphasi[sz]ed|underlined"
    r"|underscored|praised|thanked|welcomed|pledged|proposed|suggested|asked|urged|agreed|called"
    r"|hailed|reaffirmed|reiterated|congratulated|spoke|briefed|informed|wished|hoped|believed"
    r"|showed|shared|met|received|visited|attended|presented|paid|held|told|added|described"
    r"|appreciated|lauded|voiced|conveyed|extended|wants|has|had|have|was|were|is|are|will"
    r"|would)\b"
)
# What ends an appositive office though no verb follows: "…, Minister of National Defence
# during talks with …" (no office goes on with one of these words).
_CLAUSE_AFTER = re.compile(r"\s+(?:during|while|whilst|when|amid|following|upon|after|before)\b")
# A sentence names an official only with a rank or office word (a title before the name) or an
# appositive office after it: most sentences have neither and are skipped before tokenising.
_KEYWORD = compile_started(
    r"(?<![\w'’.-])(?:"
    + "|".join(re.escape(k) for k in sorted(_KEYWORDS, key=len, reverse=True))
    + r")(?![\w-])"
)
_APPOSITIVE_ANYWHERE = re.compile(_APPOSITIVE.replace("(?P<t>", "(?:"), re.IGNORECASE)
# A one-word name is accepted after an office (President Reagan, Chancellor Kohl), not a rank.
_OFFICE_BEFORE = re.compile(
    r"\b(?:President|Premier|Chancellor|Minister|Secretary|Chairman|Chairwoman|King|Queen|Prince"
    r"|Sultan|Emperor|Governor|Senator|Ambassador|Speaker|Mayor|Pope)\s*$"
)
# "The head of the US delegation, …": who leads a delegation, its country named (ends at a comma)
_DELEGATION_HEAD = re.compile(
    r"\b(?i:head|leader|chief)\s+of\s+(?:the\s+)?(?:[A-ZÀ-Ỹ][\w'’.-]*\s+){1,3}delegation\s*,$"
)
# People given as examples of a body its country names: "members of the British royal family
# such as Prince Andrew and Prince William"
_SUCH_AS = re.compile(
    r"\b(?P<dem>[A-ZÀ-Ỹ][\w'’-]+)\s+(?:[a-z]+\s+){0,2}[a-z]+,?\s+(?:such\s+as|including)\s+$"
)
# The one who takes over (or held) the office of the person named before: of their country
_SUCCESSOR = re.compile(r"\b(?:his|her|their)\s+(?:successors?|predecessors?)\s+$")
# A school named for a titled person ("the FAR Academy of General Máximo Gómez"): only ranks
# and offices between "of" and the name
_NAMESAKE = re.compile(
    r"\b(?:Academy|School|University|College|Institute)\s+of\s+(?:the\s+)?(?:late\s+)?"
    r"(?P<t>(?:[A-Z][\w.'’-]*\s+){1,4})$"
)
_PLURAL_RANK = re.compile(r"(?:Generals|Colonels|Admirals)$")
_COUNTERPART = compile_started(r"\b(?P<dem>[A-Z][\w'-]+)\s+counterparts?\b")
_NATIONAL_OFFICE = re.compile(
    r"\b(?:National Defence|Politburo|Central Military Commission|General Department|"
    r"Party Central Committee|National Assembly|Government Office|Party)\b"
)


@dataclass
class _Found:
    name: str
    title: str | None
    country: str | None
    position: int


_ABBREVIATIONS = {t for t in _KEYWORDS if t.endswith(".")} | {
    "Mr.",
    "Mrs.",
    "Ms.",
    "Dr.",
    "Prof.",
    "St.",
    "Jr.",
    "U.S.",
    "U.K.",
}


def _tokens(sentence: str) -> list[tuple[int, int]]:
    """Token spans; a final dot is split off unless the token is an abbreviation or initial."""
    spans = []
    for m in _TOKEN.finditer(sentence):
        a, b = m.span()
        tok = m.group(0)
        if tok.endswith(".") and len(tok) > 2 and tok not in _ABBREVIATIONS and "." not in tok[:-1]:
            spans.extend([(a, b - 1), (b - 1, b)])
        else:
            spans.append((a, b))
    return spans


def _is_capitalized(tok: str) -> bool:
    return tok[:1].isupper() and not (tok.isupper() and len(tok.strip(".")) > 1)


def _bare(tok: str) -> str:
    for suffix in ("’s", "'s"):
        if tok.endswith(suffix):
            return tok[: -len(suffix)]
    return tok


def _split_sentences(text: str) -> list[tuple[int, str]]:
    """(offset, sentence) pairs; a line break ends a sentence too (a headline has no full stop,
    and its last words must never become the title of an official in the lede)."""
    protected = _ABBREV_DOT.sub(lambda m: m.group(0).replace(".", "\x00"), text)
    out, pos = [], 0
    for line in protected.split("\n"):
        for piece in _SENTENCE.split(line):
            if not piece.strip():
                continue
            start = text.find(piece.replace("\x00", ".")[:20], pos)
            pos = start if start >= 0 else pos
            out.append((pos, piece.replace("\x00", ".")))
            pos += len(piece)  # (the next piece starts after this one, whatever it repeats)
    return out


_INITIAL = re.compile(r"^(?:[A-Z]\.){1,3}$")
_CUT = frozenset("ABCDEFGHJKLMNOPQRSTUWYZ")  # a lone capital ending a name: a cut word ("I", "V",
# "X" are regnal numbers: "Elizabeth I")


def _name_runs(tokens: list[str]) -> list[tuple[int, int]]:
    """[start, end) spans of capitalised tokens that can be a person's name."""
    runs, i = [], 0
    while i < len(tokens):
        tok = tokens[i]
        leading = (_INITIAL.match(tok) or _chinese_he(tokens, i)) and (
            i + 1 < len(tokens) and _is_name_token(tokens[i + 1])
        )
        if _is_name_token(tok) or leading:  # ("S. Lukashevich", "V.B. Zarudnitsky": initials)
            j = i + 1
            while j < len(tokens) and not tokens[j - 1].endswith(("’s", "'s")):
                if _is_name_token(tokens[j]):
                    j += 1
                elif _rank_lead_as_surname(tokens, j):
                    j += 1  # "Mark Field, former …": a rank's first word, no rank after it
                elif (
                    _INITIAL.match(tokens[j])
                    and j + 1 < len(tokens)
                    and _is_name_token(tokens[j + 1])
                ):
                    j += 2  # "Marc E. Knapper": a middle initial
                elif (
                    _INITIAL.match(tokens[j])
                    and j + 2 < len(tokens)
                    and tokens[j + 1] in PARTICLES
                    and _is_name_token(tokens[j + 2])
                ):
                    j += 3  # "Albert F. del Rosario": an initial, then a particle
                elif (
                    tokens[j] in PARTICLES and j + 1 < len(tokens) and _is_name_token(tokens[j + 1])
                ):
                    j += 2
                elif _unaccented_the(tokens, i, j):
                    j += 2  # "Nguyen The Anh", "Nguyen Co Thach": Thế, Cơ without accents
                else:
                    break
            runs.append((i, j))
            i = j
        else:
            i += 1
    return runs


# The first words of ranks that are no rank alone nor a title's word ("Field Marshal"), which
# are surnames too
_RANK_LEADS: dict[str, set[str]] = {}
for _seq in _RANK_SEQS:
    if len(_seq) > 1 and not _seq[0].endswith(".") and (_seq[0],) not in _RANK_SEQS:
        _RANK_LEADS.setdefault(_seq[0], set()).add(_seq[1])
for _lead in [w for w in _RANK_LEADS if w in TITLE_WORDS or any(w in o for o in _OFFICE_SEQS)]:
    del _RANK_LEADS[_lead]


def _rank_lead_as_surname(tokens: list[str], j: int) -> bool:
    """Whether ``tokens[j]``, a rank's first word, ends a name: no rest of the rank follows."""
    rest = _RANK_LEADS.get(_bare(tokens[j]))
    return rest is not None and (j + 1 == len(tokens) or tokens[j + 1] not in rest)


def _unaccented_the(tokens: list[str], i: int, j: int) -> bool:
    """``The`` or ``Co`` inside a Vietnamese name written without accents (``Nguyen The Anh``,
    ``Nguyen Co Thach``: the middle names Thế, Cơ): after a Vietnamese family name and before a
    syllable (never a sentence's "The", which follows a full stop, nor a company's "Co", which
    a full stop or "Ltd" follows)."""
    return (
        tokens[j] in ("The", "Co")
        and j - i <= 2
        and key_of(tokens[i]) in VIETNAMESE_SURNAMES
        and j + 1 < len(tokens)
        and _is_name_token(tokens[j + 1])
        and len(tokens[j + 1]) <= 7
    )


def _chinese_he(tokens: list[str], i: int) -> bool:
    """``Chinese Ambassador to Việt Nam He Wei``: the family name He after a capitalised word
    inside a sentence (the pronoun opens its sentence or follows punctuation)."""
    return tokens[i] == "He" and i > 0 and _is_capitalized(tokens[i - 1])


_ACRONYM_WORD = re.compile(r"^[A-Z]{2,}-")  # "PDP-Laban", "ADMM-Plus": a body's name, no person's


@lru_cache(maxsize=100_000)
def _is_name_token(tok: str) -> bool:  # called for every token of every sentence: cached
    bare = _bare(tok)
    return (
        _is_capitalized(bare)
        and not _ACRONYM_WORD.match(bare)
        and bare not in TITLE_WORDS
        and bare not in _KEYWORDS
        and bare not in NOT_NAME
        and not bare.endswith(".")
        and any(ch.isalpha() for ch in bare)
    )


def _past_country(tokens: list[str], start: int, end: int) -> int:
    """Skip a country that opens a name run: in ``Ambassador to Vietnam Marc Knapper`` the run
    ``Vietnam Marc Knapper`` is a place, then the name (but ``Thai Van Hung`` is a name)."""
    if (
        start + 1 < end
        and tokens[start + 1] in MIDDLE_NAMES
        and key_of(tokens[start]) in VIETNAMESE_SURNAMES
    ):
        return start  # ("Ambassador to Spain Hoang Xuan Hai": Spain is no surname)
    for k in range(min(end - 1, start + 3), start, -1):
        head = " ".join(_bare(t) for t in tokens[start:k])
        found = countries.find(head)
        if len(found) == 1 and found[0].start == 0 and found[0].end == len(fold(head)):
            return k
    return start


_DAY_OR_MONTH = frozenset((
    "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday", "January",
    "February", "March", "April", "May", "June", "July", "August", "September", "October",
    "November", "December",
))  # fmt: skip
_GLUED = re.compile(r"(?P<stem>[A-ZÀ-Ỹ][^\W\d_]{3,}?)(?:on|in|at)")


def _unglued(tok: str, text: str) -> str:
    """``Fan Changlongon September 24``: a space lost before ``on``, ``in`` or ``at`` glues the
    preposition to the name before a date. A name that really ends so (``Tillerson Tuesday``)
    is written elsewhere in the text before another word, and stays."""
    m = _GLUED.fullmatch(tok)
    if m is None:
        return tok
    for seen in re.finditer(rf"\b{re.escape(tok)}\b\W*(\w*)", text):
        if seen.group(1) not in _DAY_OR_MONTH:
            return tok
    return m.group("stem")


def _past_honorifics(tokens: list[str], start: int, end: int) -> int:
    while end - start > 2:
        if tuple(tokens[start : start + 2]) in TWO_WORD_HONORIFICS and end - start > 3:
            start += 2
        elif tokens[start] in HONORIFICS:
            start += 1
        else:
            break
    return start


def _with_suffix(tokens: list[str], end: int) -> int:
    """``Ferdinand Marcos Jr.``: a generational suffix belongs to the name (``, Jr.`` too)."""
    if end < len(tokens) and tokens[end] in SUFFIXES:
        return end + 1
    if end + 1 < len(tokens) and tokens[end] == "," and tokens[end + 1] in ("Jr.", "Sr."):
        return end + 2
    return end


def _country_before(tokens: list[str], i: int) -> int | None:
    """Where a country's name ending at ``tokens[i - 1]`` begins (up to four words), if it
    is one: ``Papua New Guinea’s``, ``South Korea``, ``Lao``."""
    for j in range(max(0, i - 4), i):
        words = " ".join(_bare(t) for t in tokens[j:i])
        found = countries.find(words)
        if (
            len(found) == 1
            and found[0].kind != "city"
            and found[0].start == 0
            and found[0].end == len(fold(words))
        ):
            return j
    return None


# The level of a local body, between its place and its name: "the Lam Son provincial People's
# Committee".
_LOCAL_LEVEL = {"provincial", "municipal", "city", "district", "commune", "town"}


# A local unit's word after a place's name: the name before it is no person.
_LOCAL_UNIT = {"province", "provincial", "district", "commune", "municipality"}
# Words that open a second person's rank or office after "and".
_HEAD_WORDS = {"Vice", "Deputy", "Senior", "Lieutenant", "Major", "Colonel", "General", "Admiral",
               "Rear", "Brigadier", "Captain", "Commander", "Commandant"}  # fmt: skip


def _place_of_body(tokens: list[str], i: int) -> int | None:
    """Where ``the`` (or ``of``) opens the place (and level) of a body whose name starts at
    ``tokens[i]`` (``Vice Chairman of the Lam Son provincial People's Committee``, ``… of Lam Son
    People's Committee``): up to four capitalised or level words after ``of the`` or ``of``, a
    title word after them."""
    if _bare(tokens[i]) not in TITLE_WORDS:
        return None
    k = i
    while k > 0 and i - k < 4 and (_is_capitalized(tokens[k - 1]) or tokens[k - 1] in _LOCAL_LEVEL):
        k -= 1
    if k == i or k < 2:
        return None
    if tokens[k - 1] == "of":  # (then the body's word is capitalised, the place no country's)
        place = " ".join(_bare(t) for t in tokens[k:i])
        nations = [m for m in countries.find(place) if m.kind in ("name", "demonym")]
        return k - 1 if _is_capitalized(tokens[i]) and not nations else None
    if tokens[k - 1] != "the" or tokens[k - 2] != "of":
        return None
    return k - 1


def _body_name_before(tokens: list[str], i: int) -> int:
    """Where the proper name of a body that its bracketed acronym closes at ``tokens[i]``
    begins after its ``of`` (``Chairman of the Party of Lam Son and Ba Vi (PLB) <name>``): the
    acronym bounds the name, so its words are the title's even when they name no country."""
    k = i
    while k > 0 and i - k < 6 and (_is_capitalized(tokens[k - 1]) or tokens[k - 1] == "and"):
        k -= 1
    while k < i and tokens[k] == "and":
        k += 1
    return k if k < i and k > 0 and tokens[k - 1] == "of" else i


def _title_before(tokens: list[str], start: int, after_preposition: bool = False) -> int | None:
    """Where the rank/office phrase ending right before ``tokens[start]`` begins, if any."""
    i = start
    if i > 0 and tokens[i - 1] in _FUNCTION and not after_preposition:
        return None  # "Commander of the Quang Tri …": a place or a body follows a preposition
    while i > 0:
        tok = _bare(tokens[i - 1])
        nxt = tokens[i] if i < start else ""
        if (
            tok == "and"
            and nxt in _HEAD_WORDS
            and any(_bare(t) in _KEYWORDS for t in tokens[i:start])
        ):
            break  # "… of the Vietnam Coast Guard and Vice Admiral <B>": B's office starts anew
        if tok == ")" and i > 2 and tokens[i - 3] == "(" and tokens[i - 2].isupper():
            i -= 3  # "… Consultative Conference (CPPCC) National Committee Wang Yang"
            i = _body_name_before(tokens, i)
            continue
        if (
            tok == ","
            and i > 1
            and _bare(tokens[i - 2]) in TITLE_WORDS
            and (
                nxt in TITLE_WORDS - _KEYWORDS - _FUNCTION
                # "Strategy, Policy, and Industry": an Oxford comma inside one title
                or (
                    nxt == "and"
                    and i + 1 < start
                    and tokens[i + 1] in TITLE_WORDS - _KEYWORDS - _FUNCTION
                )
            )
        ):
            i -= 1  # a list inside one title: "Secretary for Strategy, Policy and Industry"
        elif _is_capitalized(tok) and (j := _country_before(tokens, i)) is not None:
            i = j  # "Papua New Guinea’s Ambassador": the whole name, not "Guinea"
        elif tok in ("country", "nation") and i > 2 and _is_capitalized(tokens[i - 2]):
            i -= 2  # "Ambassador to the European country Duong Hoai Nam": the host, said so
        elif (
            tok in TITLE_WORDS
            or ("-" in tok and all(part in TITLE_WORDS for part in tok.split("-")))
            or tok in _KEYWORDS
            or tok in _FUNCTION
            or tok.endswith(".")
            or (_is_capitalized(tok) and countries.find(tok))
            or (tok.isupper() and tok.isalpha() and len(tok) <= 6)
            or re.fullmatch(r"[A-Z]{2,6}-[A-Z][A-Za-z]{1,10}", tok)  # "of PDP-Laban"
        ):
            i -= 1
        elif i < start and (j := _place_of_body(tokens, i)) is not None:
            i = j  # "Chairman of the Lam Son provincial People's Committee": a local body
        else:
            break
    while i < start and tokens[i] in _FUNCTION:
        i += 1
    if i == start or not any(_bare(t) in _KEYWORDS for t in tokens[i:start]):
        return None
    return i


_OF_COUNTRY = re.compile(
    r"\s+of\s+(?:the\s+)?([A-Z][\w'’ -]{2,40}?)(?=[,.;:]|\s+(?:on|in|at|and|who)\b|$)"
)
# The country an official is posted to or visiting is not theirs: "Ambassador to Vietnam".
_HOST = re.compile(r"\b(?:to|in)\s+(?:the\s+)?((?:[A-ZÀ-Ỹ][\w'’.-]*\s*){1,4})")
# one posted to several: "Ambassador to South Africa and Zimbabwe"
_HOSTS = re.compile(
    r"\b(?:to|in)\s+(?:the\s+)?((?:[A-ZÀ-Ỹ][\w'’.-]*\s*){1,4}"
    r"(?:(?:,\s*|\s*\band\s+)(?:the\s+)?(?:[A-ZÀ-Ỹ][\w'’.-]*\s*){1,4})+)"
)
_HOST_PARTS = re.compile(r"\s*,\s*|\s+and\s+")


def _without_host(title: str) -> str:
    """``Ambassador to Vietnam`` → ``Ambassador``: the country an official is posted to or
    visiting is not theirs; ``in the Italian Ministry`` (an employer) stays."""

    def is_country(words: str) -> bool:
        found = countries.find(words)
        return bool(found) and found[0].start == 0 and found[0].kind != "demonym"

    def hosts(m: re.Match[str]) -> str:
        parts = [p for p in _HOST_PARTS.split(m.group(1).strip()) if p]
        return " " if all(is_country(p) for p in parts) else m.group(0)

    def host(m: re.Match[str]) -> str:
        return " " if is_country(m.group(1)) else m.group(0)

    if " and " in title or "," in title:
        title = _HOSTS.sub(hosts, title)
    return _HOST.sub(host, title)


# "the Chinese delegation will be headed by Senior Lieutenant General Wei Fenghe"
_LED_BY = re.compile(
    r"\b(?P<dem>[A-Z][\w'’-]+)\s+(?:delegation|side|team|fleet|flotilla|ship|vessel|guests?|"
    r"navy|army|military|forces?)\b[^.;]{0,60}?\b(?:led|headed|captained|commanded|chaired)\s+by\s+$"
)


def _last_country(title: str, kinds: tuple[str, ...]) -> str | None:
    """The country a title names nearest the name: in "the Indian Defence Secretary and
    Vietnamese Deputy Minister … Hoàng Xuân Chiến" he is Vietnamese. (Offsets are into the
    folded title: ``countries.find`` folds what it is given.)"""
    text = fold(_without_host(title))
    found = [m for m in countries.find(text) if m.kind in kinds]
    # "Chairman of the Vietnam-China Steering Committee": a body of both names neither
    paired = {
        i
        for i in range(len(found) - 1)
        if text[found[i].end : found[i + 1].start].strip() in ("-", "–", "—", "/")
    }
    alone = [m.code for i, m in enumerate(found) if i not in paired and i - 1 not in paired]
    return alone[-1] if alone else None


# "Commander of the Indonesian National Army, General Gatot Nurmanto": an office of a body
# before a comma, and the rank and name after it, are one person's.
_OFFICE_OF_BODY = re.compile(
    r"\b(?:Commander|Chief|Head|Director|Minister|Secretary|Chairman|Chairwoman|President"
    r"|Ambassador|Commissioner|Commandant)(?:\s+[\w'’-]+){0,2}\s+of\s+(?:the\s+)?"
    r"(?P<body>[^,;]{2,80}),\s*$"
)


def _appositive(app: re.Match[str]) -> str | None:
    """An appositive office up to the verb after it; none when it is the next clause's subject
    (``…, the Vietnamese officer said``: a few words and the verb)."""
    head, *verb = _VERB_AFTER.split(app.group("t"), 1)
    head = _CLAUSE_AFTER.split(head, 1)[0]
    if verb and len(head.split()) <= 3 and re.match(r",\s+(?:the|a|an)\s", app.group(0)):
        return None
    cut = _before_next_head(head)
    if cut != head and _names_someone(cut, before_verb=True):
        return None  # "…, Philippine Secretary … Gilberto Teodoro and Thai …": a list, cut
    head = cut
    if _names_someone(head, before_verb=bool(verb)):
        # "…, Philippine Secretary of Defence Gilberto Teodoro and …": a list; "At a meeting
        # with …, Vietnamese Minister … Phung Quang Thanh praised …": the next clause's subject
        return None
    return head.strip()


_AND_SPLIT = re.compile(r"\s+and\s+")


def _before_next_head(head: str) -> str:
    """An appositive office up to an ``and`` after which a second person's office and name
    begin (``…, Deputy Commander of the Vietnam Coast Guard and Vice Admiral <B> of the …``):
    what follows is the other person's, with his own body."""
    for m in _AND_SPLIT.finditer(head):
        tail = head[m.end() :]
        tokens = [tail[a:b] for a, b in _tokens(tail)]
        # (a demonym opening the office is a run of its own: "and Vietnamese Foreign Minister …")
        runs = [r for r in _name_runs(tokens) if not _is_country_run(tokens, *r)]
        if not runs:
            continue
        start, end = runs[0]
        if (
            end - start >= 2
            and start > 0
            and _title_before(tokens, start) == 0
            and not countries.find(" ".join(_bare(t) for t in tokens[start:end]))
        ):
            return head[: m.start()]
    return head


def _is_country_run(tokens: list[str], start: int, end: int) -> bool:
    """Whether a run of capitalised tokens is a country's name or demonym, whole."""
    words = " ".join(_bare(t) for t in tokens[start:end])
    found = countries.find(words)
    return len(found) == 1 and found[0].start == 0 and found[0].end == len(fold(words))


# Countries where many people have one name only: Indonesia ("Rear Admiral Supardi").
_ONE_NAME_COUNTRIES = {"ID"}


def _one_name_country(title: str | None, word: str) -> bool:
    """Whether a one-word name after a rank is a person's because the title names a country
    whose people often have one name (``Governor of the Indonesian Naval Academy Rear Admiral
    Supardi``); "General Motors" names no country."""
    return (
        title is not None
        and len(word) >= 4
        and word[1:].islower()
        and not countries.find(word)
        and _last_country(title, ("name", "demonym")) in _ONE_NAME_COUNTRIES
    )


def _names_someone(phrase: str, before_verb: bool = False) -> bool:
    """Whether a phrase holds a person of its own: an office word right before a name of two
    words or more that is no place, and an ``and`` after it (the next items of a list of
    officials, not an office: "Assistant Secretary Southeast Asia at …" is one), or, with
    ``before_verb``, the phrase ending in it right before a verb (the subject of that verb)."""
    tokens = [phrase[a:b] for a, b in _tokens(phrase)]
    for start, end in _name_runs(tokens):
        before = _bare(tokens[start - 1]) if start else ""
        if end - start < 2 or not (before in _KEYWORDS or before in TITLE_WORDS):
            continue
        if not (end < len(tokens) and tokens[end] == "and") and not (
            before_verb and end == len(tokens)
        ):
            continue
        if not countries.find(" ".join(_bare(t) for t in tokens[start:end])):
            return True
    return False


# "received the Laotian Defense Minister, Senior Lieutenant General …": an office its country
# qualifies, before a comma, and the rank and name after it, are one person's.
_QUALIFIED_OFFICE = re.compile(
    r"\b(?:the|his|her|their)\s+(?P<body>[A-ZÀ-Ỹ][\w'’-]+(?:\s+[A-Z][\w'’-]+){0,3}?)\s+"
    r"(?:Minister|Ambassador|Commander|Chief|Secretary|Chairman|Chairwoman|President|Director"
    r"|Attach[ée]|Envoy|counterpart)\s*,\s*$"
)


def _office_before_comma(before: str) -> str | None:
    """The country named by an office of a body, or by an office its country qualifies, that
    ends ``before`` at a comma."""
    m = _OFFICE_OF_BODY.search(before[-160:]) or _QUALIFIED_OFFICE.search(before[-160:])
    return _last_country(m.group("body"), ("name", "demonym")) if m else None


def _runs_into(text: str, end: int, cut: int) -> bool:
    """Whether what ends at ``end`` runs into the cut at ``cut`` (nothing but spaces between)."""
    return end <= cut and not text[end:cut].strip()


def _country_of(title: str | None, name: str, home: str | None) -> str | None:
    if title:
        code = _last_country(title, ("name", "demonym", "institution"))
        if code:
            return code
    if vietnamese_name(name):
        return "VN"
    if home and title and _NATIONAL_OFFICE.search(title):
        if home == "VN" and len(name.split()) >= 2:
            return None  # "President of the National Assembly Esteban Lazo": no Vietnamese name
        return home
    return None


def find(text: str, home: str | None = None, cut_at: int | None = None) -> list[Official]:
    """Officials named in ``text``, in order of first mention, merged by key.

    ``home`` is the country of the reporting outlet, used only for unqualified national offices.
    ``cut_at`` is where an excerpt's text stops mid-sentence: a name running into it may have
    lost its last words ("… his Vietnamese counterpart Ngo Xuan") and is not taken.
    """
    found: list[_Found] = []
    for offset, sentence in _split_sentences(text):
        if any(w in sentence for w in _PLURAL_GATE):
            found.extend(_listed_officials(sentence, offset))
        if (
            not _KEYWORD.search(sentence)
            and not _APPOSITIVE_ANYWHERE.search(sentence)
            and "delegation," not in sentence
        ):
            continue
        if "(R" in sentence:  # "Major General (Retired) Dato …": the rank goes on (same offsets)
            sentence = _RETIRED.sub(lambda m: " " * len(m.group(0)), sentence)
        spans = _tokens(sentence)
        tokens = [sentence[a:b] for a, b in spans]
        counterpart = _COUNTERPART.search(sentence)
        led_end, led_country = -1, None  # (where the last person a "… headed by" names ends)
        before: str | None = None  # (the country of the person found before, in this sentence)
        shared_rank: tuple[int, str] | None = None  # (where a plural rank's first name ends)
        for start, end in _name_runs(tokens):
            institution = start  # "… of the People's Power Esteban Lazo": Power is the body's
            if end - start >= 3 and start > 0 and tokens[start - 1] in ("People's", "People’s"):
                start += 1  # "the National Assembly of the People's Power Esteban Lazo"
            country_start = start
            run_start = start = _past_country(tokens, start, end)
            start = _past_honorifics(tokens, start, end)
            if (
                sum(t not in HONORIFICS and t.lower() not in PARTICLES for t in tokens[start:end])
                > 5
            ):
                continue
            while (
                end - start > 1
                and len(tokens[end - 1]) == 1
                and tokens[end - 1] in _CUT
                and (end == len(tokens) or not tokens[end][:1].islower())
            ):
                end -= 1  # "… of Việt Nam’s Sơn L": a word cut off, no initial (those have dots)
                # ("Vu A highlighted": a verb after the letter, so the name went on; "A" is
                # a syllable of the northern peoples' names)
            if end < len(tokens) and tokens[end] in _DAY_OR_MONTH:
                tokens[end - 1] = _unglued(tokens[end - 1], text)
            end = _with_suffix(tokens, end)
            name = " ".join(_bare(t) for t in tokens[start:end]).replace(" ,", ",")
            if all(t in SUFFIXES or t in HONORIFICS for t in tokens[start:end]):
                continue  # "Minister, Sr. …": a suffix or honorific alone names no one
            if end < len(tokens) and tokens[end] in _LOCAL_UNIT:
                continue  # "Cambodia's Kampong Dara province Police Department": a place
            if any(_bare(t) in NOT_PERSON for t in tokens[start:end]):
                continue  # "Meeting Plus", "Hospital No": a thing named like a person
            vietnamese = end - start >= 3 and tokens[start + 1] in MIDDLE_NAMES  # "Thai Van Hung"
            place = countries.find(name)
            if place and not vietnamese and (place[0].start == 0 or not vietnamese_name(name)):
                continue  # a place or an institution ("Việt Nam People's Army"), not a person
            begin = _title_before(tokens, run_start)
            if begin is None and institution < run_start:
                begin = _title_before(tokens, institution)
            if begin is None and country_start < run_start:
                # "Secretary of the Security Council of the Russian Federation Sergey Shoigu":
                # the country ends the title
                begin = _title_before(tokens, country_start, after_preposition=True)
            if begin is None and run_start < start:  # "Datuk Seri Mohamad Hasan, Minister …"
                begin = run_start
                if _APPOSITIVE_HEAD.match(sentence[spans[end - 1][1] :]) is None:
                    begin = None
            title_end = start - 1  # (the title's last token)
            if (
                begin is None
                and run_start == start
                and start >= 2
                and tokens[start - 1] == ","
                and (
                    end == len(tokens)
                    or tokens[end] in (",", ".", ";")
                    or tokens[end][:1].islower()
                )
            ):
                # "… at the Australian Department of Defence, Peter Tesch, co-chaired": the name
                # set off by commas after its title
                begin = _title_before(tokens, start - 1)
                title_end = start - 2
            if (
                begin is None
                and run_start == start
                and start >= 2
                and tokens[start - 1] == ","
                and end < len(tokens)
                and tokens[end] == ","
                and (head := _DELEGATION_HEAD.search(sentence, 0, spans[start - 1][1]))
            ):
                # "The head of the US delegation, Heather Bowser, said": who leads a
                # delegation its country names, set off by commas
                begin = bisect_left([a for a, _ in spans], head.start())
                title_end = start - 2
            title = (
                None
                if begin is None
                else " ".join(sentence[spans[begin][0] : spans[title_end][1]].split())
            )
            namesake = title and _NAMESAKE.search(sentence, 0, spans[start][0])
            if namesake and all(_bare(w) in _KEYWORDS for w in namesake.group("t").split()):
                continue  # "the Academy of General <Name>": the school's namesake, not a person here
            if (
                title is None
                and shared_rank
                and sentence[shared_rank[0] : spans[start][0]].strip() == "and"
            ):
                title = shared_rank[1]  # "Senior Colonels <A> and <B>": the rank is B's too
            shared_rank = None
            if title and _PLURAL_RANK.search(title):
                shared_rank = (spans[end - 1][1], title[:-1])  # ("Senior Colonel")
                title = shared_rank[1]
            after = sentence[spans[end - 1][1] :]
            app = _APPOSITIVE_HEAD.match(after)
            if title is None and (app is None or end - start < 2):
                continue
            if (
                end - start == 1
                and not _OFFICE_BEFORE.search(title or "")
                and not _one_name_country(title, tokens[start])
            ):
                continue  # "General Motors", "Colonel Sanders": a lone word after a rank is no one
            appositive = _appositive(app) if app else None
            full = ", ".join(t for t in (title, appositive) if t)
            cut = spans[begin if begin is not None else start][0]
            led = _LED_BY.search(sentence[max(0, cut - 120) : cut])  # (a window: linear)
            # A country or demonym in the title names it; else "his Lao counterpart", "the
            # Chinese delegation … headed by"; then an institution (two countries may have a
            # Central Military Commission), a Vietnamese name, an unqualified national office.
            country = _last_country(title, ("name", "demonym")) if title else None
            if country is None and appositive:  # "…, Deputy Minister of Defence of Laos"
                country = _last_country(appositive, ("name", "demonym"))
            of = _OF_COUNTRY.match(after)
            if country is None and of:  # "Secretary-General Datuk Lokman Hakim bin Ali of Malaysia"
                country = countries.first(of.group(1), ("name",))
            if country is None and counterpart and "counterpart" in (title or ""):
                country = countries.first(counterpart.group("dem"))
            if country is None and led:
                country = countries.first(led.group("dem"))
            if country is None and sentence[led_end:cut].strip() == "and":
                country = led_country  # "… headed by <A> and <B>": both lead the delegation
            if led:
                led_end, led_country = spans[end - 1][1], countries.first(led.group("dem"))
            if country is None and _SUCCESSOR.search(sentence, max(0, cut - 40), cut):
                country = before  # "X, Japanese Defence Attaché, and his successor Colonel Y"
            such = _SUCH_AS.search(sentence, max(0, cut - 80), cut) if country is None else None
            if such:
                country = countries.first(such.group("dem"), ("name", "demonym"))
                led_end, led_country = spans[end - 1][1], country  # ("… such as A and B")
            if country is None:
                country = _country_of(full, name, home)
            if country is None and begin is not None:
                country = _office_before_comma(sentence[: spans[begin][0]])
            if cut_at is not None and _runs_into(text, offset + spans[end - 1][1], cut_at):
                continue  # (the name runs into the excerpt's cut: it may be cut too)
            found.append(_Found(name, full or None, country, offset + spans[start][0]))
            before = country
    if not is_english(text):
        found.extend(_foreign(text))
    return _merge(found)


# "the Ambassadors to Việt Nam of Argentina Marcos Bednarski, Brazil Marco Farani, and Uruguay
# Raúl Pollak": one office for several people, each after the name of their country
_PLURAL_OFFICE = re.compile(
    r"\b(?P<office>Ambassadors|ambassadors|Defen[cs]e Ministers|defen[cs]e ministers|envoys"
    r"|Envoys|Chiefs of (?:the )?General Staff|chiefs of (?:the )?general staff)"
    r"(?:\s+(?:to|in)\s+(?:the\s+)?[A-ZÀ-Ỹ][\w'’.-]*(?:\s+[A-ZÀ-Ỹ][\w'’.-]*)?)?\s+(?:of|from)\s+"
)
# "… for the ambassadors - Maria del Pilar Mendez Jimenez of Spain, Ali Akbar Nazari of Iran":
# each name before its country
_PLURAL_DASH = re.compile(
    r"\b(?P<office>Ambassadors|ambassadors|Defen[cs]e Ministers|defen[cs]e ministers|envoys|Envoys)"
    r"\s*(?:[-–—:]|,\s+(?:namely|including))\s*"
)
_NAME_OF = re.compile(
    r"(?P<name>[A-ZÀ-Ỹ][\w'’.-]*(?:\s+(?:[A-ZÀ-Ỹ][\w'’.-]*|de|del|van|von|bin|binti|los|la)){1,6})"
    r"\s+of\s+(?:the\s+)?(?P<country>[A-ZÀ-Ỹ][\w'’.-]*(?:\s+[A-ZÀ-Ỹ][\w'’.-]*){0,3})"
    r"(?P<sep>\s*,\s*(?:and\s+)?|\s+and\s+|)"
)
_PLURAL_GATE = ("mbassadors", "inisters", "nvoys", "hiefs of")
_LIST_ITEM = re.compile(
    r"(?:the\s+)?(?P<item>[A-ZÀ-Ỹ][\w'’.-]*(?:\s+(?:[A-ZÀ-Ỹ][\w'’.-]*|of|de|del|van|von|bin"
    r"|binti)){1,9})(?P<sep>\s*,\s*(?:and\s+)?|\s+and\s+|)"
)


def _listed_officials(sentence: str, offset: int) -> list[_Found]:
    """The people of a list after a plural office, each named after their country: the
    country's name (or demonym) opens each item, two to five words of the name follow."""
    out: list[_Found] = []
    for m in _PLURAL_OFFICE.finditer(sentence):
        pos = m.end()
        while True:
            item = _LIST_ITEM.match(sentence, pos)
            if item is None:
                break
            words = item.group("item")
            found = countries.find(words)
            if not found or found[0].start != 0 or found[0].kind not in ("name", "demonym"):
                break
            country_end = found[0].end  # (fold keeps offsets: one letter for one)
            name = words[country_end:].strip()
            parts = name.split()
            if not 2 <= len(parts) <= 5 or countries.find(name):
                break
            if any(p in NOT_PERSON or p in TITLE_WORDS or p in _KEYWORDS for p in parts):
                break
            office = re.sub(r"s\b", "", m.group("office"), count=1)  # ("Chiefs of …", "Envoys")
            title = f"{office} of {words[:country_end].strip()}"
            out.append(
                _Found(name, title, found[0].code, offset + item.start("item") + country_end)
            )
            if not item.group("sep"):
                break
            pos = item.end()
    for m in _PLURAL_DASH.finditer(sentence):
        pos = m.end()
        while (item := _NAME_OF.match(sentence, pos)) is not None:
            name, where = item.group("name"), item.group("country").rstrip(".")
            code = countries.first(where, ("name",))
            parts = name.split()
            if code is None or countries.find(name) or len(parts) > 6:
                break
            if any(p in NOT_PERSON or p in TITLE_WORDS or p in _KEYWORDS for p in parts):
                break
            office = re.sub(r"s\b", "", m.group("office"), count=1)
            out.append(_Found(name, f"{office} of {where}", code, offset + item.start("name")))
            if not item.group("sep"):
                break
            pos = item.end()
    return out


# The outlets' French, German and Spanish services: an office word (often a compound:
# "Verteidigungsminister", "Staatspräsident", "ministre des Affaires étrangères", "l'ambassadeur
# israélien"), a few words of its own, then the name.
_FOREIGN_OFFICE = re.compile(
    r"(?i:\b\w*(?:minist|präsident|president|présid|ambassad|botschaft|embajador|général|general"
    r"|secrétaire|sekretär|secretari|commandant|kommandeur|comandante|amiral|admiral|colonel"
    r"|oberst|chef|jefe|vice|premier|führer|dirigeant|líder|leader)\w*)"
    r"(?P<words>(?:[\s,]+(?:[a-zà-ÿß'’]+|d[’']\w+|l[’']\w+|[A-ZÀ-Ý][a-zà-ÿß]+(?=\s+[a-zà-ÿß])))"
    r"{0,5}?)[\s,]+(?P<name>[A-ZÀ-ÝĐ][\w’'-]+(?:\s+(?:[A-ZÀ-ÝĐ][\w’'-]+|de|del|van|von|bin)){1,4})"
)
# A long office, then the name after a comma, ending the sentence: "la secrétaire d’État adjointe
# américaine chargée du contrôle des armes et de la sécurité internationale, Rose Gottemoeller."
_FOREIGN_LONG_OFFICE = re.compile(
    r"(?i:\b\w*(?:minist|secrétaire|secretari|ambassad|embajador|botschaft|sekretär|présid"
    r"|president|präsident|commandant|comandante|direct|chef|jefe)\w*)"
    r"(?P<words>(?:\s+(?:[a-zà-ÿß'’-]+|d[’']\w+|l[’']\w+)){5,14}),\s+"
    r"(?P<name>[A-ZÀ-ÝĐ][\w’'-]+(?:\s+(?:[A-ZÀ-ÝĐ][\w’'-]+|de|del|van|von|bin)){1,3})(?=\s*[.;])"
)


def _foreign(text: str) -> list[_Found]:
    """Officials of a French, German or Spanish article: a name of two to five words after an
    office word; Vietnamese by the family name, else by a country named in the words between."""
    out = []
    matches = list(_FOREIGN_OFFICE.finditer(text))
    taken = {m.start("name") for m in matches}
    matches += [m for m in _FOREIGN_LONG_OFFICE.finditer(text) if m.start("name") not in taken]
    for m in matches:
        name = m.group("name").rstrip(",.")
        words = name.split()
        # "vice-ministre de la Défense Nguyen Chi Vinh": the office's last word, then the name
        cut = next(
            (
                i
                for i, w in enumerate(words[1:-2], 1)
                if key_of(w) in VIETNAMESE_SURNAMES  # (three words on: "Jean Le Pen" stays)
                and key_of(w) not in _NOT_SYLLABLE  # ("… Kadar To Wipe Out" in capitals)
                and _vietnamese_syllables(words[i:])
            ),
            0,
        )
        if cut and key_of(words[0]) not in VIETNAMESE_SURNAMES:
            words = words[cut:]
            name = " ".join(words)
        host = countries.find(words[0]) if len(words) >= 3 else []
        if host and host[0].kind == "name" and host[0].end == len(fold(words[0])):
            words = words[1:]  # "l'ambassadeur russe au Vietnam Vnukov Konstantin": his post
            name = " ".join(words)
        if countries.find(name) or any(w in NOT_PERSON or w in TITLE_WORDS for w in words):
            continue
        country = "VN" if vietnamese_name(name) else None
        if country is None:
            country = countries.first(
                m.group(0)[: m.start("name") - m.start()], ("name", "demonym")
            )
        out.append(_Found(name, None, country, m.start("name")))
    return out


_NOT_SYLLABLE = {"the", "to", "of", "and", "be", "for", "by", "in", "on", "at", "their", "his",
                 "her", "its", "have", "has", "had", "is", "are", "was", "only", "one",
                 "it", "not", "all", "who", "he", "she", "they", "we", "as", "or", "but"}  # fmt: skip


def vietnamese_name(name: str) -> bool:
    """Whether ``name`` reads as a Vietnamese name: a Vietnamese surname, then syllables."""
    words = name.split()
    return (
        len(words) >= 2 and key_of(words[0]) in VIETNAMESE_SURNAMES and _vietnamese_syllables(words)
    )


def _vietnamese_syllables(words: list[str]) -> bool:
    """Whether words can be a Vietnamese name: capitalised syllables of a few letters, none
    after the first a small English word (text set in capitals reads "To Their Liking Be"; "Tô
    Lâm" is a name)."""
    return all(
        w[:1].isupper()
        and len(w) <= 7
        and (i == 0 or key_of(w) not in _NOT_SYLLABLE or _middle_the(words, i))
        for i, w in enumerate(words)
    )


def _middle_the(words: list[str], i: int) -> bool:
    """``The`` second of three syllables or more (``Nguyen The Anh``): Thế without its accent."""
    return words[i] == "The" and i == 1 and len(words) >= 3


def _one_edit(a: str, b: str) -> bool:
    """Whether ``b`` is ``a`` with one letter added or dropped ("Loong", "Long"; a changed
    letter is as often another name: "Thanh", "Thang")."""
    if abs(len(a) - len(b)) != 1:
        return False
    if len(a) > len(b):
        a, b = b, a
    i = next((k for k, (x, y) in enumerate(zip(a, b, strict=False)) if x != y), len(a))
    return a[i:] == b[i + 1 :]


def _misspelt(a: str, b: str) -> bool:
    """Two keys of three words or more that differ by one letter more or less in one word of
    four letters or more: a typo of one name."""
    ta, tb = a.split(), b.split()
    if len(ta) != len(tb) or len(ta) < 3:
        return False
    diff = [(x, y) for x, y in zip(ta, tb, strict=True) if x != y]
    return len(diff) == 1 and min(map(len, diff[0])) >= 4 and _one_edit(*diff[0])


def _merge(found: list[_Found]) -> list[Official]:
    found.sort(key=lambda f: f.position)
    people: list[dict] = []
    for f in found:
        key = key_of(f.name)
        tokens = set(key.split())
        target = None
        for p in people:
            if p["key"] == key or tokens <= set(p["key"].split()):
                target = p
                break
            if _misspelt(key, p["key"]) and (
                not f.country or not p["country"] or f.country == p["country"]
            ):
                target = p  # "Lee Hsien Long" after "Lee Hsien Loong": a typo of the same name
                break
            if set(p["key"].split()) <= tokens:
                # the earlier mention was the short one: the full name takes over
                p["key"], p["name"] = key, f.name
                target = p
                break
        if target is None:
            people.append({"key": key, "name": f.name, "title": f.title, "country": f.country})
            continue
        if fold(f.name) == fold(target["name"]) and accent_count(f.name) > accent_count(
            target["name"]
        ):
            target["name"] = f.name
        if f.title and (not target["title"] or len(f.title) > len(target["title"])):
            target["title"] = f.title
        target["country"] = target["country"] or f.country
    return [Official(p["name"], p["key"], p["title"], p["country"]) for p in people]


_INTERNATIONAL = re.compile(
    r"\b(?:UN|U\.N\.|United Nations|UNDP|UNICEF|UNODC|UNESCO|WHO|ICRC|Red Cross|ASEAN|APEC|EU"
    r"|European|World|International|Interpol|IMF|NATO)\b"
)


def with_partner_country(
    found: tuple[Official, ...], pairs: tuple[str, ...], home: str | None
) -> tuple[Official, ...]:
    """In an article on one bilateral relation of the home country (``LA-VN`` in a Vietnamese
    outlet), an official of no stated country and no Vietnamese name is the partner's."""
    if home is None or len(pairs) != 1 or home not in pairs[0].split("-"):
        return found
    partner = (
        next(c for c in pairs[0].split("-") if c != home) if pairs[0] != f"{home}-{home}" else None
    )
    if partner is None:
        return found
    out = []
    for o in found:
        international = o.title and _INTERNATIONAL.search(o.title)  # (a UN official is neither's)
        if o.country is None and len(o.key.split()) >= 2 and not international:
            o = Official(o.name, o.key, o.title, partner)
        out.append(o)
    return tuple(out)
