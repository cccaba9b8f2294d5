"""Events: the contacts an article reports (who met whom, when, where, in what form).

A contact is reported in a sentence that names it (``held talks with``, ``hosted a reception
for``, ``conducted a joint drill``: the word lists are in ``event_words.py``) and names its parties:
the article's officials found in it, else the countries it names, else the officials of the next
sentence (``… led the two forces``), else the article's one relation. Several sentences about one
contact merge into one event. What is not reported as having happened is left out: plans and
proposals (``will visit``, ``agreed to hold``), and contacts recalled as background (``the
recent phone talks``, a date more than two months before the article's). A multilateral meeting
gives the bilateral contacts reported at it, or one multilateral event when none is.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable
from functools import cache

from searcher.extract import countries
from searcher.extract.event_dates import background, date_in, old_month, old_year, resolved
from searcher.extract.event_scan import Guarded, Plan, Text, Triggers, words_of
from searcher.extract.event_words import (
    BODIES,
    CUES,
    FUTURE_BEFORE,
    HEADLINE,
    KINDS,
    MODAL_BEFORE,
    MULTILATERAL,
    NEEDS_OBJECT,
    PERSON_NOUNS,
    RECALLED,
    TRIGGERS,
    WEAK,
)
from searcher.models import Article, Event, Official
from searcher.regex_starts import compile_started

__all__ = ["event_record", "find_events"]

# kinds that need someone on each side (a visit, a port call or an exercise does not imply that
# the host's named official took part): a side left unnamed is the article's one official of it
_NAMED_FORMS = frozenset({"dialogue", "phone-talks", "port-call", "exercise"})
_FACE_TO_FACE = frozenset({"reception", "talks", "phone-talks", "meeting", "dialogue", "signing"})

_MULTI = Guarded(re.compile(MULTILATERAL, re.IGNORECASE))
_MODAL = compile_started(MODAL_BEFORE, re.IGNORECASE)
_FUTURE = compile_started(FUTURE_BEFORE, re.IGNORECASE)
_WEAK = compile_started("|".join(WEAK), re.IGNORECASE)
_BODIES = compile_started(BODIES, re.IGNORECASE)
_ATTENDED = compile_started(r"\battend\w*\s+(?:the\s+|a\s+)?(?:[\w'-]+\s+){0,3}$", re.IGNORECASE)
_RECALLED = compile_started(RECALLED + r"\s+(?:[\w'-]+\s+){0,3}$", re.IGNORECASE)
# "the signed agreements", "in line with signed documents": a signing recalled, not reported
_SIGNED_BEFORE = compile_started(
    r"\b(?:the|all|with|of|under|already|previously|newly|and|existing|to|for|have|has|had|on"
    r"|in|by|from|at|into|per)"
    r"\s+$",
    re.I,
)
_TOPIC_BEFORE = compile_started(
    r"\b(?:including|such\s+as|situation\s+in|regarding|concerning|like|in|across|near)\s+"
    r"(?:the\s+)?$",
    re.IGNORECASE,
)
_PLACE_BEFORE = compile_started(r"\b(?:in|at)\s+(?:the\s+)?(?:[\w'-]+\s+){0,4}?$")
_COUNTED = ("name", "demonym", "institution")
# "paid tribute to late President Ho Chi Minh": the dead take part in no contact
_LATE = compile_started(r"\blate\s+(?:[\w.'-]+\s+){0,3}$")


# what follows a bare verb when it names a person: up to six words, then a full name (two
# capitalised words, not all capitals) or a word for an official
_OBJECT = re.compile(
    r"\s+(?:with\s+)?(?!(?:in|at|on|from|by|for|to|as)\b)(?:[\w'’.()-]+\s+){0,6}?"
    rf"(?:(?i:{PERSON_NOUNS})\b|[A-Z][a-z][\w'’-]*\s+(?:[A-Z]\.\s*)*[A-Z][a-z])"
)
_NEEDS_OBJECT = frozenset(NEEDS_OBJECT)


@cache
def _triggers(headline: bool = False) -> Triggers:
    """Each kind's expressions (and, in a headline, its present-tense ones), in KINDS order."""
    expressions = {k: list(TRIGGERS[k] + (HEADLINE.get(k, ()) if headline else ())) for k in KINDS}
    return Triggers(expressions, KINDS, _NEEDS_OBJECT, CUES)


def _kinds(
    folded: str,
    headline: bool = False,
    multilateral: bool = False,
    low: str | None = None,
    plan: Plan | None = None,
    words: set[str] | None = None,
) -> list[tuple[int, str, int]]:
    """(start, kind, end) of each contact the sentence reports, earliest first; plans and
    recalled contacts are left out. ``multilateral``: the article's headline or lede names a
    multilateral meeting (then "attended the meeting" is attending it). ``low``, ``words``:
    the sentence lower-cased and its words, when the caller has them; ``plan``: its article's
    (``Triggers.plan``)."""
    found: list[tuple[int, str, int]] = []
    low = folded.lower() if low is None else low
    future: list[re.Match[str] | None] = []  # (the sentence's first plan word, when looked for)
    for kind, triggers in _triggers(headline).candidates(folded, low, plan, words):
        if kind == "conference" and not (multilateral or _MULTI.search(folded, low, words)):
            continue
        for trigger in triggers:
            for m in trigger.pattern.finditer(folded):
                if trigger.bare and not _OBJECT.match(folded, m.end()):
                    continue  # "welcomed the rise in the yen": no one received
                if not future:
                    future.append(_FUTURE.search(folded))
                if _reported(folded, m, kind, future[0]):
                    found.append((m.start(), kind, m.end()))
    found.sort(key=lambda f: (f[0], KINDS.index(f[1])))
    return found


def _reported(folded: str, m: re.Match[str], kind: str, future: re.Match[str] | None) -> bool:
    """Whether a trigger reports a contact: not a plan, a wish or a recollection, not a
    signing recalled ("the signed agreements"), not attending a multilateral meeting.
    ``future``: the first match of ``_FUTURE`` in the sentence (a plan word before the
    trigger is one that ends before it: every trigger begins a word, so none can end where
    it begins without being a match in the whole sentence too)."""
    before = folded[max(0, m.start() - 60) : m.start()]
    if (
        _ends_with(_MODAL, before, 5)
        or _ends_with(_RECALLED, before, 6)
        or (
            future is not None
            and (future.end() <= m.start() or _FUTURE.search(folded, 0, m.start()))
        )
    ):
        return False
    if kind == "signing" and _SIGNED_BEFORE.search(before):
        return False
    return not (kind == "meeting" and _ends_with(_ATTENDED, before, 5))


def _ends_with(pattern: re.Pattern[str], text: str, chunks: int, start: int = 0) -> bool:
    """``pattern.search(text, start)`` for an expression whose matches end at the end of
    ``text`` and hold at most ``chunks`` runs of non-space characters: searched from where the
    last ``chunks`` of them begin (no match can begin before; the search still sees what is
    before it, for ``\\b``)."""
    head = text[start:].rsplit(None, chunks)
    at = start + len(head[0]) if len(head) > chunks else start
    return pattern.search(text, at) is not None


def _late(low: str, at: int) -> bool:
    """Whether the name at ``at`` follows "late" ("late President Ho Chi Minh")."""
    start = max(0, at - 40)
    if "late" not in low[start:at]:
        return False
    return _ends_with(_LATE, low[:at], 4, start)


class _Names:
    """How a sentence names the article's officials: by full name, or by a family or given name
    no other official of the article shares (given names only for foreigners)."""

    def __init__(self, officials: tuple[Official, ...]) -> None:
        lasts: dict[str, int] = {}
        firsts: dict[str, int] = {}
        for o in officials:
            words = o.key.split()
            lasts[words[-1]] = lasts.get(words[-1], 0) + 1
            firsts[words[0]] = firsts.get(words[0], 0) + 1
        # (official, its key, its family name or None, its given name or None), the names
        # only where they name no one else
        self._names: list[tuple[Official, str, str | None, str | None]] = []
        for o in officials:
            words = o.key.split()
            if len(words[-1]) < 2:
                continue  # (an initial names no one)
            last = words[-1] if lasts[words[-1]] == 1 and len(words[-1]) >= 3 else None
            by_first = len(words) > 1 and firsts[words[0]] == 1 and o.country != "VN"
            self._names.append((o, o.key, last, words[0] if by_first else None))

    def people(self, low: str) -> list[tuple[int, Official]]:
        """The officials named in a lower-cased sentence, with where each is first named."""
        out = []
        for o, key, last, first in self._names:
            spots = [low.find(key)] if key in low else []
            if not spots and last is not None and last in low:
                spots = _word_spots(low, last)
            if not spots and first is not None and first in low:
                spots = _word_spots(low, first)
            spots = [p for p in spots if not _late(low, p)]
            if spots:
                out.append((min(spots), o))
        out.sort(key=lambda p: p[0])
        return out


def _is_word(text: str, i: int) -> bool:
    """Whether ``text[i]`` is a word character as ``re``'s ``\\w`` reads one."""
    return 0 <= i < len(text) and (text[i].isalnum() or text[i] == "_")


def _word_spots(text: str, word: str) -> list[int]:
    """Where ``re.finditer(rf"\\b{re.escape(word)}\\b", text)`` matches, without a pattern
    compiled per name (each article's names are new ones: ``re``'s cache does not keep them)."""
    spots = []
    end = len(word)
    i = text.find(word)
    while i >= 0:
        if _is_word(text, i - 1) != _is_word(text, i) and _is_word(text, i + end - 1) != _is_word(
            text, i + end
        ):
            spots.append(i)
            i = text.find(word, i + end)
        else:
            i = text.find(word, i + 1)
    return spots


def _mentioned(folded: str, mentions: list[countries.Mention]) -> list[tuple[int, str]]:
    """Countries named in a sentence as parties (not as a topic: "including China's …"), of its
    country ``mentions``."""
    out = []
    for m in mentions:
        if m.kind in _COUNTED and not _TOPIC_BEFORE.search(folded[max(0, m.start - 30) : m.start]):
            out.append((m.start, m.code))
    return out


def _place(
    sentence: str, folded: str, mentions: list[countries.Mention]
) -> tuple[str | None, str | None]:
    """(city, country) where the sentence says the contact happened: ``in Hanoi``, ``in the
    central city of Da Nang``; a country alone when only it is named (``in Laos``); of its
    country ``mentions``."""
    same = len(folded) == len(sentence)
    country_only = None
    for m in mentions:
        if not _PLACE_BEFORE.search(folded[max(0, m.start - 40) : m.start]):
            continue
        if m.kind == "city":
            return (sentence if same else folded)[m.start : m.end], m.code
        if m.kind == "name" and country_only is None and folded[: m.start].endswith(("in ", ", ")):
            country_only = m.code
    return None, country_only


class _Draft:
    """An event being assembled from the sentences that report it."""

    def __init__(self, kind: str, countries_: list[str], evidence: str) -> None:
        self.kind = kind
        self.countries = countries_
        self.people: dict[str, Official] = {}
        self.evidence = evidence
        self.date: str | None = None
        self.precision = "none"
        self.explicit = False
        self.city: str | None = None
        self.place: str | None = None
        self.weak = False  # named only by a ceremony or an opening
        self.headline = False  # named only by the headline (its present tense: "meets")

    @property
    def pair(self) -> str | None:
        if self.kind == "conference" or len(self.countries) != 2:
            return None
        return countries.pair_code(*self.countries)

    def side(self, code: str) -> set[str]:
        return {k for k, o in self.people.items() if o.country == code}

    def accepts(self, other: _Draft) -> bool:
        """Whether ``other`` reports the same contact (same parties, no rival participant on
        either side, a compatible date and form)."""
        if ("signing" in (self.kind, other.kind) or "conference" in (self.kind, other.kind)) and (
            self.kind != other.kind
        ):
            return False
        if set(self.countries) != set(other.countries):
            return False
        if self.explicit and other.explicit and self.date != other.date:
            return False
        for code in self.countries:
            mine, theirs = self.side(code), other.side(code)
            if mine and theirs and not _overlap(mine, theirs):
                return False
        return True

    def absorb(self, other: _Draft) -> None:
        for k, o in other.people.items():
            if not any(_same_person(k, mine) for mine in self.people):
                self.people[k] = o
        self.weak = self.weak and other.weak
        if self.headline and not other.headline:  # the body's word for it, and its sentence
            if other.kind != "meeting" or self.kind == "reception":
                self.kind = other.kind
            self.evidence, self.headline = other.evidence, False
        elif self.kind == "meeting" and other.kind in _NAMED_FORMS:
            self.kind = other.kind  # "the meeting" of a dialogue or a drill: its own name
        if other.explicit and not self.explicit:
            self.date, self.precision, self.explicit = other.date, other.precision, True
        if self.city is None and other.city:
            self.city, self.place = other.city, other.place
        self.place = self.place or other.place


def _same_person(a: str, b: str) -> bool:
    x, y = set(a.split()), set(b.split())
    return x <= y or y <= x


def _overlap(a: set[str], b: set[str]) -> bool:
    return any(_same_person(x, y) for x in a for y in b)


def _parties(people: list[tuple[int, Official]], mentioned: list[tuple[int, str]]) -> list[str]:
    """The countries a sentence's contact is between: its officials' first, in the order named,
    then the countries it names."""
    out: list[str] = []
    for _, o in people:
        if o.country and o.country not in out:
            out.append(o.country)
    for _, code in mentioned:
        if code not in out:
            out.append(code)
    return out


def _who(
    i: int, people: Callable[[int], list[tuple[int, Official]]], count: int, reporting: list[bool]
) -> list[tuple[int, Official]]:
    """The officials a sentence's contact is between (``people(i)``: those sentence ``i`` of
    ``count`` names): those it names, else those of the sentence before when it names two sides
    ("The officials reached the agreement at their meeting"), else those of the next one when
    it reports no contact of its own ("… led the two forces")."""
    found = people(i)
    if found:
        return found
    if i > 0:
        before = people(i - 1)
        if len({o.country for _, o in before if o.country}) >= 2:
            return before
    if i + 1 < count and not reporting[i + 1]:
        return people(i + 1)
    return []


def find_events(article: Article) -> tuple[Event, ...]:
    """The contacts one article reports, in the order it first reports them."""
    text = Text(article.title, article.body)
    titled = article.title is not None
    # the body's expressions may match any sentence; the headline's only the headline (what
    # it may report is read off it alone)
    words = words_of(text.low)
    plans = {False: _triggers(False).plan(text.folded, text.low, words), True: None}
    if article.title:
        plans[True] = _triggers(True).plan(text.headline, text.headline.lower())
    elif titled:  # (an empty headline: the body's first sentence is read as the headline)
        plans[True] = _triggers(True).plan(text.folded, text.low, words)
    if plans[False] is None and plans[True] is None:
        return ()  # (no expression can match any sentence of it)
    raw_all, folded_all = text.sentences()
    lows = [f.lower() for f in folded_all]
    drafts: list[_Draft] = []
    head = " ".join(folded_all[: 2 if titled else 1])
    context = bool(_MULTI.search(head))
    kinds_all: list[list[tuple[int, str, int]]] = []
    words_all: list[set[str] | None] = []  # (the words of each sentence that may report one)
    for i, f in enumerate(folded_all):
        plan = plans[titled and i == 0]
        if plan is None or (
            plan.keys is not None and not any(map(lows[i].__contains__, plan.keys))
        ):
            kinds_all.append([])  # (no expression can match it: ``Triggers.candidates``)
            words_all.append(None)
            continue
        words_all.append(words_of(lows[i]))
        kinds_all.append(_kinds(f, titled and i == 0, context, lows[i], plan, words_all[i]))
    reporting = [bool(k) for k in kinds_all]
    names = _Names(article.officials)
    named: dict[int, list[tuple[int, Official]]] = {}  # (each sentence's, read once)

    def people_of(i: int) -> list[tuple[int, Official]]:
        found = named.get(i)
        if found is None:
            found = named[i] = names.people(lows[i])
        return found

    for i, (sentence, folded) in enumerate(zip(raw_all, folded_all, strict=True)):
        kinds = kinds_all[i]
        if not kinds:
            continue
        mentions = countries.find(folded)
        city, place = _place(sentence, folded, mentions)
        mentioned = _mentioned(folded, mentions)
        everyone = _who(i, people_of, len(folded_all), reporting)
        for start, kind, end, people in _clauses(kinds, everyone, len(folded), folded):
            parties = _parties(people, mentioned)
            if kind == "conference":
                parties += [c for c in (place,) if c and c not in parties]
                parties += [o.country for o in article.officials if o.country]
                parties = list(dict.fromkeys(parties))
            elif len(parties) < 2:
                parties = _partnered(parties, article)
            if len(parties) < 2:
                continue
            if not people and not _BODIES.search(folded):
                continue  # "the café owners met Cuban officials": no party of a state named
            if not people and len(parties) > 2:
                continue  # "agreements with counterparts in Cambodia, Indonesia, …": a list
            found = date_in(folded, start, lows[i], words_all[i])
            date, precision, explicit = resolved(found, article)
            if background(date, precision, article) or (
                not explicit
                and (old_year(folded, start, end, article) or old_month(folded, start, article))
            ):
                continue
            weak = bool(_WEAK.fullmatch(folded[start:end]))
            for group in _groups(kind, parties, people, folded, lows[i], words_all[i]):
                draft = _Draft(kind if group[1] else "conference", group[0], sentence)
                for _, o in people:
                    if o.country in group[0] or (not o.country and not group[1]):
                        draft.people[o.key] = o
                draft.date, draft.precision, draft.explicit = date, precision, explicit
                draft.city, draft.place, draft.weak = city, place, weak
                draft.headline = titled and i == 0
                into = next((d for d in drafts if d.accepts(draft)), None)
                if into is None:
                    drafts.append(draft)
                else:
                    into.absorb(draft)
    return tuple(_finished(drafts, article))


def _clauses(
    kinds: list[tuple[int, str, int]], people: list[tuple[int, Official]], length: int, folded: str
) -> list[tuple[int, str, int, list[tuple[int, Official]]]]:
    """(start, kind, end, people) of each contact a sentence reports: its first form of contact
    (and a signing) with everyone it names; and when its subject goes on to another contact
    with others ("Trong held talks with Xi Jinping … and met with Premier Li Keqiang and Chairman
    Wang Yang"), that one with the subject and them (one each when "separate")."""
    mains: list[tuple[int, str, int]] = []
    for k in kinds:
        if k[1] != "signing" and all(k[0] >= m[2] for m in mains):
            mains.append(k)
    signing = next((k for k in kinds if k[1] == "signing"), None)
    subject = [p for p in people if mains and p[0] < mains[0][0]]
    home = {o.country for _, o in subject}
    out: list[tuple[int, str, int, list[tuple[int, Official]]]] = []
    for j, (start, kind, end) in enumerate(mains):
        stop = mains[j + 1][0] if j + 1 < len(mains) else length
        own = [p for p in people if start <= p[0] < stop]
        if j == 0 or not subject:
            if j == 0:
                out.append((start, kind, end, people))
            continue
        if not any(o.country not in home for _, o in own):
            continue  # "… and received the Friendship Order": no one else met
        if len(own) > 1 and "separate" in folded[start:stop]:
            out.extend((start, kind, end, [*subject, p]) for p in own)
        else:
            out.append((start, kind, end, subject + own))
    if len(out) > 1:  # the first contact is with the people of its own clause
        first_stop = mains[1][0]
        out[0] = (*out[0][:3], [p for p in people if p[0] < first_stop])
    if signing:
        out.append((*signing, people))
    return out


def _partnered(parties: list[str], article: Article) -> list[str]:
    """A contact with one party named (``a separate meeting``, ``the Cuban official``) is with
    the other party of the article's one relation that includes it."""
    pairs = [p.split("-") for p in article.country_pairs]
    if parties:
        having = [p for p in pairs if parties[0] in p]
        if len(having) == 1:
            other = [c for c in having[0] if c != parties[0]]
            return parties + other if other else parties
        return parties
    return list(pairs[0]) if len(pairs) == 1 else parties


def _groups(
    kind: str,
    parties: list[str],
    people: list[tuple[int, Official]],
    folded: str,
    low: str | None = None,
    words: set[str] | None = None,
) -> list[tuple[list[str], bool]]:
    """(countries, bilateral?) of each contact a sentence reports: two parties are one contact;
    more are one multilateral meeting, or the first-named party meeting each of the others
    ("hosted receptions for the Australian and Armenian ambassadors"). ``low``, ``words``:
    the sentence lower-cased and its words, when known."""
    if len(parties) == 2 and kind != "conference":
        return [(parties, True)]
    if kind == "conference" or (
        kind not in ("reception", "talks") and _MULTI.search(folded, low, words)
    ):
        return [(parties, False)]
    star = parties[0]
    return [([star, other], True) for other in parties[1:]]


def _finished(drafts: list[_Draft], article: Article) -> list[Event]:
    strong = {frozenset(d.countries) for d in drafts if not d.weak}
    # a ceremony beside the visit, talks or port call of the same parties is part of it
    drafts = [d for d in drafts if not d.weak or frozenset(d.countries) not in strong]
    bilateral = [d for d in drafts if d.kind != "conference"]
    kept = bilateral or drafts  # a multilateral meeting: its side meetings, when reported
    for n, d in enumerate(kept):  # a contact not dated itself: the date of its occasion
        if not d.explicit:
            dated = [e for e in kept[:n] if e.explicit and set(e.countries) == set(d.countries)]
            if dated:
                d.date, d.precision = dated[-1].date, dated[-1].precision
    by_country: dict[str, list[Official]] = {}
    for o in article.officials:
        if o.country:
            by_country.setdefault(o.country, []).append(o)
    out = []
    for d in kept:
        if d.kind == "conference":
            for o in article.officials:  # everyone the article names at it
                if o.country and not any(_same_person(o.key, k) for k in d.people):
                    d.people[o.key] = o
            d.countries = sorted(
                set(d.countries) | {o.country for o in d.people.values() if o.country}
            )
        for code in d.countries if d.kind in _FACE_TO_FACE else ():
            known = by_country.get(code, [])
            if not d.side(code) and len(known) == 1:  # "the Cuban official": the only one named
                d.people[known[0].key] = known[0]
        order = {c: i for i, c in enumerate(sorted(d.countries))}
        people = tuple(
            sorted(d.people.values(), key=lambda o: order.get(o.country or "", len(order)))
        )
        keys = ",".join(sorted(o.key for o in people))
        codes = d.pair or ",".join(sorted(d.countries))
        digest = hashlib.sha1(f"{d.date}|{codes}|{d.kind}|{keys}".encode()).hexdigest()[:12]
        out.append(
            Event(
                event_id=digest,
                kind=d.kind,
                date=d.date,
                date_precision=d.precision,
                city=d.city,
                place_country=d.place,
                participants=people,
                countries=tuple(sorted(d.countries)),
                pair=d.pair,
                article_id=article.id,
                evidence=" ".join(d.evidence.split())[:400],
            )
        )
    return out


def event_record(event: Event) -> dict:
    """An event as a JSON-ready dict (the schema of ``defsearch events --format jsonl``)."""
    return {
        "event_id": event.event_id,
        "kind": event.kind,
        "date": event.date,
        "date_precision": event.date_precision,
        "place": {"city": event.city, "country": event.place_country},
        "participants": [
            {"key": o.key, "name": o.name, "title": o.title, "country": o.country}
            for o in event.participants
        ],
        "countries": list(event.countries),
        "pair": event.pair,
        "article": event.article_id,
        "evidence": event.evidence,
    }
