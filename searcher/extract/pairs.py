"""Country pairs: the bilateral relationship(s) an article is about.

Evidence, strongest first: the headline; the lede; explicit pair phrases anywhere (``Vietnam–Cuba
relations``, ``between Vietnam and Cuba``); sentences where officials of two countries meet. A
country named only in passing never forms a pair, and a multilateral meeting yields only the
bilateral contacts the article reports.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections import Counter
from itertools import pairwise

from searcher.extract import countries
from searcher.models import Official
from searcher.regex_starts import compile_started
from searcher.text import fold, trie_pattern

_MULTILATERAL = compile_started(
    r"\b(?:ASEAN|ADMM|summit|multilateral|trilateral|forum|conference|G7|G20|APEC|United Nations"
    r"|UN General Assembly|Shangri-La|ministers'? meeting|regional)\b",
    re.IGNORECASE,
)
_MEETING_WORDS = (
    "met", "meet", "meets", "meeting", "meetings", "talk", "talks", "received", "receives",
    "receiving", "reception", "receptions", "hosted", "hosts", "hosting", "welcomed", "welcomes",
    "greeted", "paid", "paying", "pays", "visit", "visited", "visits", "visiting", "bilateral",
    "counterpart", "counterparts", "signed", "agreed", "co-chaired", "exchanged", "called on",
    "courtesy call", "phone call",
)  # fmt: skip
# (a prefix trie of the words as written, capitalised and in capitals: several times faster than
# one case-insensitive alternation, and it runs on every article's body)
_MEETING = compile_started(
    r"\b(?:"
    + trie_pattern([v for w in _MEETING_WORDS for v in (w, w.capitalize(), w.upper())])
    + r")\b"
)
# A pair that begins an institution's name: "Vietnam-Japan University", "… Tropical Centre".
_NAMED_AFTER = re.compile(
    r"\s+(?:[A-Z][\w'’-]*\s+){0,3}(?:Centre|Center|University|Hospital|Bank|Company|Institute"
    r"|School|College|Association|Society|Chamber|Park|Bridge|Enterprise|Corporation|Fund|Club"
    r"|Museum|Stadium|Highway|Road|Joint\s+Venture|Industrial\s+Zone|Academy|Foundation)\b"
)
# "ties with the UK, the US and Brazil": each a partner of the home country
# "received the ambassadors of Laos, Cambodia, China and Russia", "counterparts from …"
_WITH = compile_started(
    r"\b(?:(?:ties|relations|meetings?|talks|cooperation|partnerships?|friendship|exchanges)"
    r"\s+with"
    r"|(?:ambassadors?|envoys?|counterparts?|delegations?|embass(?:y|ies))\s+(?:of|from)"
    r"|visited"
    r"|(?:state\s+|official\s+|working\s+)?visits?\s+(?:of\s+[^,.;]{0,40}?\s+)?to"
    # (the French, German and Spanish services: "une visite officielle au Japon", "Besuch in")
    r"|visites?\s+(?:officielles?\s+|d'etat\s+|de\s+travail\s+|d'amitie\s+)?(?:au|aux|en)"
    r"|(?:relations|cooperation)\s+avec|Besuch(?:e|s)?\s+in|(?:Beziehungen|Zusammenarbeit)\s+mit"
    r"|visitas?\s+(?:oficial(?:es)?\s+|de\s+Estado\s+)?a|(?:relaciones|cooperacion)\s+con)"
    r"\s+(?:the\s+)?",
    re.IGNORECASE,
)
_TIES_WITH = re.compile(
    r"(?:ties|relations|cooperation|partnerships?|friendship)\s+with\b", re.IGNORECASE
)
_LIST_JOINT = re.compile(r"\s*,?\s*(?:and|&)?\s*(?:the\s+)?")
_WORDS = re.compile(r"\w+")
_TOPIC_BEFORE = re.compile(
    r"\b(?:including|such\s+as|situation\s+in|regarding|concerning)\s+(?:the\s+)?$",
    re.IGNORECASE,
)
# "held bilateral meetings with A, B, C and D": one meeting each, however many
_SEPARATE = re.compile(r"\b(?:bilateral|separate|respectively|one-on-one)\b", re.IGNORECASE)
# "the annual meeting of the defence ministers of Vietnam, Laos and Cambodia": home meets each
_AMONG = compile_started(
    r"\b(?:meeting|meetings|talks|conference|exchange|dialogue|cooperation|consultation)\s+"
    r"(?:of|among|between)\s+(?:the\s+)?(?:[\w'-]+\s+){0,4}?(?:of\s+|from\s+)?(?=(?-i:[A-Z]))",
    re.IGNORECASE,
)
# "The defence ministries of Việt Nam, Laos and Cambodia … launched a joint … exercise": the
# bodies of a list of countries doing one thing together (with a joint word in the sentence)
_JOINT_PARTIES = compile_started(
    r"\b(?:(?:defen[cs]e\s+)?ministries|armies|militaries|navies|air\s+forces|border\s+guards"
    r"|coast\s+guards|forces)\s+of\s+(?:the\s+)?(?=(?-i:[A-Z]))",
    re.IGNORECASE,
)
_JOINT = re.compile(r"\b(?:joint|jointly|together|trilateral)\b", re.IGNORECASE)
_TWO = compile_started(
    r"\b(?:two\s+(?:countries|nations|sides|armies|militaries|ministries|peoples|parties|states)"
    r"|bilateral|both\s+(?:countries|nations|sides))\b",
    re.IGNORECASE,
)
_COUNTERPARTS = compile_started(
    r"\b(?:his|her|their|its|the)\s+(?P<who>[A-Z][\w'’-]+)\s+counterparts?\b"
)
# A sentence ends at a full stop before a capital, but not after a title's abbreviation
# ("Gen. Phan Van Giang", "Sen. Lt. Gen.", "Mr. Lich", "No. 2").
_SENTENCES = re.compile(
    r"(?<=[.!?])(?<!\bGen\.)(?<!\bSen\.)(?<!\bLt\.)(?<!\bCol\.)(?<!\bMaj\.)(?<!\bAdm\.)"
    r"(?<!\bLieut\.)(?<!\bBrig\.)(?<!\bCapt\.)(?<!\bMr\.)(?<!\bMrs\.)(?<!\bMs\.)(?<!\bDr\.)"
    r"(?<!\bNo\.)(?<!\bSt\.)(?<!\bU\.S\.)(?<!\bProf\.)"
    r"(?<!\b[A-Z]\.)"  # (a name's initial: "Irineo C. Espino", "George W. Bush")
    r"\s+(?=[A-ZÀ-Ỹ\"“])"
)
_COUNTED = ("name", "demonym", "institution")


# What follows a person's name standing alone as a sentence's subject: a verb in the past,
# maybe after an adverb ("Thai further noted"); a demonym before a noun ("Thai delegation") stays.
_NAME_VERB = re.compile(
    r"\s+(?:(?:also|further|then|later|again)\s+)?(?:[a-z]+ed|said|told|spoke)\b"
)


def _a_name(body: str, m: countries.Mention, names: list[str]) -> bool:
    """Whether the demonym at ``m`` is an official's last name (``Colonel Tran Van Thai``, then
    ``Thai further noted``): in the full name, or alone before a verb, it names no country."""
    if m.kind != "demonym":
        return False
    word = body[m.start : m.end]
    for name in names:
        if not name.endswith(" " + word):
            continue
        if body.startswith(name, m.end - len(name)) or _NAME_VERB.match(body, m.end):
            return True
    return False


def _codes_in_order(text: str) -> list[str]:
    seen: list[str] = []
    for m in countries.find(text):
        if m.kind in _COUNTED and m.code not in seen:
            seen.append(m.code)
    return seen


def _mentions(folded: str) -> list[countries.Mention]:
    """The counted country mentions of already folded text (offsets into it)."""
    return [m for m in countries.find(folded) if m.kind in _COUNTED]


# A bloc that can be the other side of "both sides" ("Japan's expertise and ASEAN's demands").
_BLOC = re.compile(r"\b(?:ASEAN|EU|European Union|African Union|NATO|Mekong-\w+|GCC)\b")
_HYPHEN = re.compile(r"\s*[-–—/]\s*")
# (and the outlets' French, German and Spanish services: "entre le Vietnam et la Chine")
_AND = re.compile(
    r"\s*(?:and|,|&|et|und|y)\s*(?:(?:le|la|les|l'|de|du|des|der|die|dem|den|el|los|las)\s*)?"
)
# "A and B" is a relation only with words of one around it; "delegates from India and Japan"
# is a list of two, not a pair.
_RELATION = re.compile(
    r"\b(?:relations?|ties|cooperation|co-operation|partnership|friendship|bilateral|between|both"
    r"|two\s+(?:countries|nations|sides|armies|militaries|ministries|peoples|parties|states)"
    r"|agreed|signed|talks|met|meet|discussed|pledged|vowed|joint|jointly|each\s+other"
    r"|amitie|partenariat|entre|deux\s+pays|Zusammenarbeit|Beziehungen|zwischen"
    r"|Freundschaft|beiden\s+Lander|cooperacion|relaciones|amistad|ambos\s+paises)\b",
    re.IGNORECASE,
)


def _explicit_pairs(
    folded: str, mentions: list[countries.Mention], hyphen_only: bool = False
) -> Counter[str]:
    """``A–B`` / ``A-B`` / ``between A and B`` / ``A and B`` (said to relate) with two country
    names; never two names out of a longer list (``Japan, India and Australia``)."""
    found: Counter[str] = Counter()
    joined = [
        bool(_AND.fullmatch(folded[a.end : b.start])) for a, b in pairwise(mentions)
    ]  # each neighbour pair joined as a list
    for i, (a, b) in enumerate(pairwise(mentions)):
        if a.code == b.code or _NAMED_AFTER.match(folded, b.end):
            continue  # "the Vietnam-Russia Tropical Centre" is an institution's name
        gap = folded[a.end : b.start]
        if _HYPHEN.fullmatch(gap):
            if _chained(folded, mentions, i):
                continue  # "the Vietnam-Laos-Cambodia exchange": a trilateral's name, no pair
            found[countries.pair_code(a.code, b.code)] += 1
        elif not hyphen_only and joined[i]:
            if (i > 0 and joined[i - 1]) or (i + 1 < len(joined) and joined[i + 1]):
                continue  # part of a list of three or more
            around = folded[max(0, a.start - 40) : b.end + 60]
            if _RELATION.search(around):
                found[countries.pair_code(a.code, b.code)] += 1
    return found


# "the Vietnam-Belarus cooperative relations", "the Vietnam-Russia comprehensive strategic
# partnership": a hyphened pair that names a relation, reported as one however briefly
_RELATION_AFTER = re.compile(
    r"(?:['’]s?)?\s+(?:[a-z][\w-]*\s+){0,3}(?:relations|relationship|ties|partnership|friendship)\b"
)


def _named_relations(folded: str, mentions: list[countries.Mention]) -> set[str]:
    """The pairs ``folded`` writes hyphened before a relation word (``A-B relations``)."""
    out = set()
    for i, (a, b) in enumerate(pairwise(mentions)):
        if (
            a.code != b.code
            and _HYPHEN.fullmatch(folded[a.end : b.start])
            and _RELATION_AFTER.match(folded, b.end)
            and not _chained(folded, mentions, i)
        ):
            out.add(countries.pair_code(a.code, b.code))
    return out


def _chained(folded: str, mentions: list[countries.Mention], i: int) -> bool:
    """Whether the hyphened pair of mentions ``i`` and ``i + 1`` is part of a longer chain
    (``Vietnam-Laos-Cambodia``)."""
    before = i > 0 and _HYPHEN.fullmatch(folded[mentions[i - 1].end : mentions[i].start])
    after = i + 2 < len(mentions) and _HYPHEN.fullmatch(
        folded[mentions[i + 1].end : mentions[i + 2].start]
    )
    return bool(before or after)


def _home_place(text: str, home: str) -> bool:
    """Whether ``text`` names a city of the home country (``Ho Chi Minh City``, ``Hanoi``)."""
    return any(m.code == home and m.kind == "city" for m in countries.find(fold(text)))


# The place a story was filed from ("HÀ NỘI —", "Hanoi (VNA) –") opening the lede: where the
# reporter is, not a party to anything the story reports.
_DATELINE = re.compile(
    r"^[A-ZÀ-Ỹ][\w.'’À-ỹ-]*(?:[ ,]+[A-ZÀ-Ỹ][\w.'’À-ỹ-]*){0,3}\s*(?:\([^()]{2,25}\))?\s*[—–-]{1,2}\s+",
)
# Where a meeting took place: "in Singapore", "in Bonn, Germany", "at the Shangri-La in Singapore"
_VENUE_BEFORE = re.compile(r"\b(?:in|at)\s+(?:the\s+)?(?:[A-Z][\w'’.-]*,?\s+){0,3}$")
_PLACE_BEFORE = re.compile(r"\b(?:in|at|across|around|near|inside)\s+(?:the\s+)?$")
# "the UN peacekeeping mission in South Sudan", "UN missions in the Central African Republic":
# where a mission serves, not a partner of those who serve in it
_MISSION_BEFORE = re.compile(
    r"\b(?:peace-?keeping|peace\s+operations?|(?-i:UN)|U\.N\.|United\s+Nations)\s+(?:[\w-]+\s+){0,3}?"
    r"(?:missions?|operations?|forces?|peacekeepers|contingents?)\s+(?:in|to)\s+(?:the\s+)?$"
    r"|\bpeace-?keeping\s+(?:duty|duties|work)?\s*in\s+(?:the\s+)?$",
    re.IGNORECASE,
)


_BOUNDARY = re.compile(r"(?<=[.!?])\s+|\n")


def _sentence_bounds(text: str) -> list[int]:
    """Where each sentence of ``text`` starts (one pass; ``_sentence_at`` looks one up)."""
    return [0] + [m.end() for m in _BOUNDARY.finditer(text)]


def _sentence_at(bounds: list[int], pos: int, length: int) -> tuple[int, int]:
    i = bisect_right(bounds, pos) - 1
    return bounds[i], (bounds[i + 1] if i + 1 < len(bounds) else length)


_OPEN_PAREN = re.compile(r"\s*\(\s*")
# "talks between the Dien Bien Border Guard Command (Vietnam) and the Phongsaly Military
# Command of Laos": two parties, each named with its country, either side of an "and"
_BETWEEN = compile_started(r"\bbetween\s+", re.IGNORECASE)
_PART_END = re.compile(r"[,.;:!?]|\s(?:and|as well as|while|which|who)\s")


def _between_pairs(folded: str, mentions: list[countries.Mention], starts: list[int]) -> set[str]:
    """Pairs said as ``between <party of A> and <party of B>``: the words after "between" up
    to an "and" name one country, the words after it up to the next comma or "and" another,
    and the phrase no third."""
    found: set[str] = set()
    for m in _BETWEEN.finditer(folded):
        window_end = min(len(folded), m.end() + 160)
        for j in re.finditer(r"\sand\s", folded[m.end() : window_end]):
            split = m.end() + j.start()
            rest = folded[split + len(j.group()) : window_end]
            stop = _PART_END.search(rest)
            right_end = split + len(j.group()) + (stop.start() if stop else len(rest))
            inside = mentions[bisect_left(starts, m.end()) : bisect_left(starts, right_end)]
            left = {x.code for x in inside if x.start < split}
            right = {x.code for x in inside if x.start > split}
            if left and right:
                if len(left) == 1 and len(right) == 1 and left != right:
                    found.add(countries.pair_code(*left, *right))
                break
    return found


def _listed(
    folded: str, at: int, mentions: list[countries.Mention], starts: list[int]
) -> list[str]:
    """The countries of a list starting at ``at`` ("the UK, the US and Brazil")."""
    codes: list[str] = []
    i = bisect_left(starts, at)
    pos = at
    while i < len(mentions):
        m = mentions[i]
        gap = folded[pos : m.start]
        if codes and m.code == codes[-1] and _OPEN_PAREN.fullmatch(gap):
            close = folded.find(")", m.end, m.end + 3)
            if close != -1:  # "the United Arab Emirates (UAE) and Qatar": one item
                pos = close + 1
                i += 1
                continue
        if not (re.fullmatch(r"\s*(?:the\s+)?", gap) if not codes else _LIST_JOINT.fullmatch(gap)):
            break
        codes.append(m.code)
        pos = m.end
        i += 1
    return codes


def _only_a_place(text: str, code: str) -> bool:
    """Whether every mention of ``code`` in ``text`` is a location (``in South Sudan``)."""
    folded = fold(text)
    spots = [m for m in _mentions(folded) if m.code == code]
    return bool(spots) and all(
        m.kind == "name" and _PLACE_BEFORE.search(folded[max(0, m.start - 12) : m.start])
        for m in spots
    )


def _first_at(sentence: str, code: str, by_name: dict[str, str]) -> int:
    """Where an official of ``code`` is first named in ``sentence`` (folded, lower case)."""
    lowered = sentence.lower()
    spots = [lowered.find(k.split()[-1]) for k, c in by_name.items() if c == code]
    return min((p for p in spots if p >= 0), default=len(sentence))


def _home_pairs(
    scores: Counter[str], strong: set[str], home: str, by_name: dict[str, str]
) -> Counter[str]:
    """In a home outlet's story of its own officials' meetings, a pair of two foreign countries
    said only as a list ("Defence Minister hosts Australian, Armenian ambassadors") is two
    meetings with home; a pair written as one (``US–China``, ``between A and B``) stays."""
    if home not in by_name.values():
        return scores
    out: Counter[str] = Counter()
    for pair, n in scores.items():
        if home in pair.split("-") or pair in strong:
            out[pair] += n
        else:
            for code in pair.split("-"):
                out[countries.pair_code(home, code)] += n
    return out


def _joint_parties(body: str, bounds: list[int]) -> list[re.Match[str]]:
    """The bodies of listed countries (``armies of …``) in a sentence saying they act jointly."""
    found = []
    for m in _JOINT_PARTIES.finditer(body):
        begin, end = _sentence_at(bounds, m.start(), len(body))
        if _JOINT.search(body, begin, end):
            found.append(m)
    return found


def find_pairs(
    title: str | None,
    paragraphs: tuple[str, ...],
    officials: tuple[Official, ...] = (),
    home: str | None = None,
    captions: tuple[str, ...] = (),
) -> tuple[str, ...]:
    """Sorted pair codes such as ``('CU-VN',)``; empty when no bilateral relation is reported.
    ``home`` is the reporting outlet's country (its officials' meetings are the story);
    ``captions`` the article's photo captions, where two named officials of two countries are a
    meeting pictured."""
    lede = paragraphs[0] if paragraphs else ""
    head = " ".join(t for t in (title, lede) if t)
    # countries with an official in the story are parties, wherever else they are named
    parties = {home} | {o.country for o in officials if o.country}
    # (a country the headline and lede name only as a place, "a contingent to South Sudan", does
    # not make the story multilateral)
    head_codes = [c for c in _codes_in_order(head) if c in parties or not _only_a_place(head, c)]
    tcodes = _codes_in_order(title) if title else []
    multilateral = bool(_MULTILATERAL.search(head)) or len(head_codes) > 2
    if len(tcodes) == 2 and not _MULTILATERAL.search(title or ""):
        multilateral = False  # "Vietnam, Australia strengthen security ties": the headline says
    scores: Counter[str] = Counter()
    if title and not multilateral:
        folded_title = fold(title)
        for pair, n in _explicit_pairs(folded_title, _mentions(folded_title)).items():
            scores[pair] += 3 * n
        if len(tcodes) == 2 and not any(
            _only_a_place(title, c) for c in tcodes if c not in parties
        ):
            scores[countries.pair_code(*tcodes)] += 3
    lcodes = _codes_in_order(lede)
    if (
        home
        and home not in lcodes
        and _home_place(f"{title or ''} {_DATELINE.sub('', lede)}", home)
    ):
        lcodes.append(home)  # "ROKS Hansando anchored at Ho Chi Minh City's port": home's city
    # two countries in the lede are a relation unless one is only where things happen ("a field
    # hospital in South Sudan", and nobody of South Sudan in it)
    related = not any(_only_a_place(lede, code) for code in lcodes if code not in parties)
    if not multilateral and len(lcodes) == 2 and related:
        scores[countries.pair_code(*lcodes)] += 2
    if not multilateral and not title and len(lcodes) == 2 and related:
        scores[countries.pair_code(*lcodes)] += 1
    body = fold("\n".join(paragraphs))  # folded once: mention offsets index into it
    names = [fold(o.name) for o in officials]
    mentions = [m for m in _mentions(body) if not _a_name(body, m, names)]
    strong = set(_explicit_pairs(body, mentions, hyphen_only=True))
    if title:
        strong |= set(_explicit_pairs(fold(title), _mentions(fold(title)), hyphen_only=True))
    for pair, n in _explicit_pairs(body, mentions, hyphen_only=multilateral).items():
        scores[pair] += n + (
            n if pair in strong else 0
        )  # "Vietnam - Cambodia border": written as one
    by_name = {o.key: o.country for o in officials if o.country}
    named_relations = _named_relations(body, mentions)
    # (one pass over the body: no match crosses a sentence end, so a sentence has one of these
    # exactly when a search of the sentence alone finds one)
    sure: set[str] = set()  # pairs reported as meetings or ties of named parties: kept at 2
    meetings = [m.start() for m in _MEETING.finditer(body)]
    # (the countries of a trilateral's name, "the Vietnam-Laos-Cambodia exchange", meet no one)
    in_chain = {
        mentions[k].start
        for i in range(len(mentions) - 1)
        if _HYPHEN.fullmatch(body[mentions[i].end : mentions[i + 1].start])
        and _chained(body, mentions, i)
        for k in (i, i + 1)
    }
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
        inside = [
            m
            for m in mentions[bisect_left(starts, begin) : bisect_left(starts, end)]
            if m.start not in in_chain
        ]
        # "… the situation in the East Sea, including China's reclamation": a topic, no party
        codes = list(
            dict.fromkeys(
                m.code
                for m in inside
                if not _TOPIC_BEFORE.search(body, max(0, m.start - 30), m.start)
            )
        )
        lowered = sentence.lower()
        words = set(_WORDS.findall(lowered))
        people = {c for k, c in by_name.items() if k in lowered or k.split()[-1] in words}
        involved = set(codes) | people
        if len(people) < 2 and _MULTILATERAL.search(sentence) and not _TWO.search(sentence):
            continue  # "an informal meeting of ASEAN-Japan defence ministers": no one met one
        if len(involved) == 2:
            # At a multilateral event a two-party meeting is the bilateral contact reported; an
            # official of each side named in the sentence is a meeting reported.
            named = len(people) == 2 or bool(home in involved and people - {home})
            scores[countries.pair_code(*sorted(involved))] += 2 if multilateral or named else 1
            if named:
                sure.add(countries.pair_code(*sorted(involved)))
        elif home and not multilateral and len(involved - {home}) == 1 and people - {home}:
            # "At a meeting with Cambodian Ambassador Chay Navuth, Giang …": a home story's
            # meeting with one named foreign official is a meeting with home
            scores[countries.pair_code(home, *(involved - {home}))] += 2
        elif len(people) >= 2 and (len(involved) <= 4 or _SEPARATE.search(sentence)):
            # three parties in one sentence: the first named meets the others ("Giang met his
            # Singaporean and Bruneian counterparts"), who did not meet each other
            order = sorted(people, key=lambda c: _first_at(sentence, c, by_name))
            # (home's official meeting several: each a reported meeting, as is a sentence of
            # "separate" or "bilateral" meetings)
            named_star = order[0] == home or bool(_SEPARATE.search(sentence))
            for other in order[1:]:
                scores[countries.pair_code(order[0], other)] += (
                    2 if multilateral or named_star else 1
                )
                if named_star:
                    sure.add(countries.pair_code(order[0], other))
        elif home in codes and _SEPARATE.search(sentence):
            # "Vietnam's minister held bilateral meetings with the US and UK ministers in
            # Singapore": home met each party; the venue is none
            for other in {
                m.code
                for m in inside
                if not _VENUE_BEFORE.search(body, max(0, m.start - 40), m.start)
            } - {home}:
                scores[countries.pair_code(home, other)] += 2
                sure.add(countries.pair_code(home, other))
    for pair in _between_pairs(body, mentions, starts):
        scores[pair] = max(scores[pair], 2)
        strong.add(pair)  # (written as one relation: not two meetings of home's)
    # "… between the two nations' armies": a sentence on the relation of the two it names
    bounds = _sentence_bounds(body)
    others = {x.code for x in mentions} - {home}  # (the only other country the body names)
    for m in _TWO.finditer(body):
        begin, end = _sentence_at(bounds, m.start(), len(body))
        two = {x.code for x in mentions[bisect_left(starts, begin) : bisect_left(starts, end)]}
        if home and len(two - {home}) == 1 and len(two) <= 2 and not _BLOC.search(body, begin, end):
            two |= {home}  # "the two countries' diplomatic ties", in a story told from home
            # (but "both sides" of "Japan-ASEAN cooperation" are Japan and the bloc)
        if home and two == {home} and len(others) == 1 and not _BLOC.search(body, begin, end):
            two |= others  # "the two armies", said by home's envoy where one other country is
        if len(two) == 2:
            scores[countries.pair_code(*sorted(two))] += 2
    for caption in captions:
        low = fold(caption).lower()
        pictured = {c for k, c in by_name.items() if k in low}
        if len(pictured) == 2:
            scores[countries.pair_code(*sorted(pictured))] += 2
            sure.add(countries.pair_code(*sorted(pictured)))
    if home:

        def home_in(pos: int) -> bool:
            """Whether home is a party in the sentence at ``pos`` (named, or its official)."""
            begin, end = _sentence_at(bounds, pos, len(body))
            inside = mentions[bisect_left(starts, begin) : bisect_left(starts, end)]
            sentence = body[begin:end].lower()
            return any(x.code == home for x in inside) or any(
                k.split()[-1] in sentence for k, c in by_name.items() if c == home
            )

        for m in [*_AMONG.finditer(body), *_joint_parties(body, bounds)]:
            listed = _listed(body, m.end(), mentions, starts)
            if home in listed and len(set(listed)) == 3:  # (a trilateral: ASEAN lists are no pairs)
                for code in set(listed) - {home}:
                    scores[countries.pair_code(home, code)] += 2
                    sure.add(countries.pair_code(home, code))
        if title and not _codes_in_order(title)[1:]:
            # "President to begin state visit to Indonesia": the headline of a home story
            folded_title = fold(title)
            title_mentions = _mentions(folded_title)
            for m in _WITH.finditer(folded_title):
                found = _listed(
                    folded_title, m.end(), title_mentions, [x.start for x in title_mentions]
                )
                for code in found:
                    if code != home:
                        scores[countries.pair_code(home, code)] += 3

        def alone_in(pos: int, listed: list[str]) -> bool:
            """Whether the sentence at ``pos`` names no party but ``listed`` and home (a home
            story's "… in combination with a friendly visit to Malaysia": home's visit)."""
            begin, end = _sentence_at(bounds, pos, len(body))
            inside = {
                x.code for x in mentions[bisect_left(starts, begin) : bisect_left(starts, end)]
            }
            sentence = body[begin:end].lower()
            return inside <= {home, *listed} and not any(
                k.split()[-1] in sentence for k, c in by_name.items() if c != home
            )

        for m in _WITH.finditer(body):
            listed = _listed(body, m.end(), mentions, starts)
            if listed == [home] and _TIES_WITH.match(m.group(0)):
                # "the Royal Malaysian Navy hopes to promote cooperation with Vietnam's Navy":
                # the one other country of the sentence is home's partner
                begin, end = _sentence_at(bounds, m.start(), len(body))
                others = {
                    x.code for x in mentions[bisect_left(starts, begin) : bisect_left(starts, end)]
                } - {home}
                if len(others) == 1:
                    scores[countries.pair_code(home, *others)] += 2
                    sure.add(countries.pair_code(home, *others))
                continue
            if not (home_in(m.start()) or alone_in(m.start(), listed)):
                continue  # "Biden said … ties with Japan, South Korea and Australia": not home's
            for code in listed:
                if code != home:
                    scores[countries.pair_code(home, code)] += 2
                    sure.add(countries.pair_code(home, code))
        # "their Lao counterparts": a counterpart is a partner of home
        for m in _COUNTERPARTS.finditer(body):
            if not home_in(m.start()):
                continue  # "Ishiba held talks with his US counterpart": not home's
            partner = countries.first(m.group("who"), _COUNTED)
            if partner and partner != home:
                scores[countries.pair_code(home, partner)] += 2
        scores = _home_pairs(scores, strong, home, by_name)
    # the country a UN mission serves in, with none of its officials in the story, is the
    # mission's place ("a field hospital departs for South Sudan"): no partner of anyone's
    served = {
        m.code for m in mentions if _MISSION_BEFORE.search(body, max(0, m.start - 80), m.start)
    } - parties
    scores = Counter({p: n for p, n in scores.items() if not served & set(p.split("-"))})
    for pair in named_relations & set(scores):
        sure.add(pair)
    if not scores:
        return ()
    best = scores.most_common(1)[0][1]
    keep = [p for p, s in scores.items() if s >= 2 and (s * 3 >= best or p in sure)]
    return tuple(sorted(keep))
