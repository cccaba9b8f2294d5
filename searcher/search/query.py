"""Query text and filter options → engine queries, with errors that say where and what.

Whoosh's parser never refuses input (it guesses); we check the syntax first so that a typo in a
shell script is an error with a position, not a silent, different search.
"""

from __future__ import annotations

import calendar
import functools
import re
from typing import TYPE_CHECKING

from searcher import data
from searcher.engine import queries as Q
from searcher.engine.queries import shown
from searcher.errors import BadQuery
from searcher.search.results import SearchOptions
from searcher.text import fold, key_of

if TYPE_CHECKING:
    from collections.abc import Callable, Collection

FIELDS = ("title", "body", "date", "year", "month", "outlet", "country", "pair", "official", "id")
ALIASES = {
    "body": ["text", "content"],
    "country": ["countries"],
    "pair": ["pairs", "country_pair", "country_pairs"],
    "official": ["officials", "person", "people"],
    "outlet": ["source"],
}
# (the patterns of check_syntax and check_length: strings, compiled by ``re`` when a query
# holds what they look for; a plain query compiles none, 0.5 ms of a one-shot search)
_FIELD_PREFIX = r"(?<![\w\\])([A-Za-z_]\w*):(?=[\S])"
_OPERATOR = r"\b(AND|OR|NOT|ANDNOT|ANDMAYBE)\b"
_FUZZY = r"(?<=[^\s\"~()])~\S*"  # a ~ glued to a word (a phrase's ~N is slop)
_PARTIAL_DATE = re.compile(r"^(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?$")
# The longest word (a run of characters without a space) a query may hold: longer ones are
# refused with one line (README, "Guarantees"), so parsing a query is linear in its length.
MAX_WORD = 1_000
_WORD = r"\S+"


def check_syntax(text: str) -> None:
    """Raise BadQuery (with the 1-based column) for unbalanced quotes, brackets, unknown fields,
    or a dangling operator."""
    check_length(text)
    known = set(FIELDS) | {a for names in ALIASES.values() for a in names}
    quote_at = None
    stack: list[tuple[str, int]] = []
    pairs = {")": "(", "]": "[", "}": "{"}
    for i, ch in enumerate(text):
        if ch == '"':
            quote_at = None if quote_at is not None else i
        elif quote_at is not None:
            continue
        elif ch in "([{":
            stack.append((ch, i))
        elif ch in ")]}":
            if ch == "}" and stack and stack[-1][0] == "[":  # Whoosh allows [a TO b}
                stack.pop()
                continue
            if ch == "]" and stack and stack[-1][0] == "{":
                stack.pop()
                continue
            if not stack or stack[-1][0] != pairs[ch]:
                raise BadQuery(f"query {shown(text)!r}: unmatched {ch!r} at column {i + 1}")
            stack.pop()
    if quote_at is not None:
        raise BadQuery(f"query {shown(text)!r}: unclosed quote at column {quote_at + 1}")
    if stack:
        ch, at = stack[-1]
        raise BadQuery(f"query {shown(text)!r}: unclosed {ch!r} at column {at + 1}")
    # phrases become same-length placeholders: still terms, but no operators or fields inside
    outside = text
    if '"' in text:
        outside = re.sub(r'"[^"]*"', lambda m: '"' + "_" * (len(m.group(0)) - 2) + '"', text)
    for m in re.finditer(_FIELD_PREFIX, outside) if ":" in outside else ():
        if m.group(1).lower() not in known:
            raise BadQuery(
                f"query {shown(text)!r}: unknown field {m.group(1)!r} at column {m.start() + 1}",
                hint="fields: " + ", ".join(f for f in FIELDS if f != "body"),
            )
    fuzzy = re.search(_FUZZY, outside) if "~" in outside else None
    if fuzzy:  # (Whoosh would read ``oil~2`` as the phrase "oil 2", ``a~b`` as ``b``)
        raise BadQuery(
            f"query {shown(text)!r}: fuzzy terms ({fuzzy.group(0)}) are not supported"
            f" (column {fuzzy.start() + 1})",
            hint="use a prefix such as oil*, or quote a ~ that is part of a word",
        )
    operators = "AND" in outside or "OR" in outside or "NOT" in outside
    for m in re.finditer(_OPERATOR, outside) if operators else ():
        before, after = _char_before(outside, m.start()), _char_after(outside, m.end())
        if after in ("", ")") or (m.group(1) != "NOT" and before in ("", "(")):
            raise BadQuery(
                f"query {shown(text)!r}: {m.group(1)} needs a term on each side"
                f" (column {m.start() + 1})"
            )


def _char_before(text: str, i: int) -> str:
    """The last character before ``i`` that is not a space ("" for none)."""
    while i > 0 and text[i - 1].isspace():
        i -= 1
    return text[i - 1] if i > 0 else ""


def _char_after(text: str, i: int) -> str:
    """The first character from ``i`` on that is not a space ("" for none)."""
    while i < len(text) and text[i].isspace():
        i += 1
    return text[i] if i < len(text) else ""


def check_length(text: str) -> None:
    """Raise BadQuery for a word (a run without spaces) longer than ``MAX_WORD`` characters.

    The work of parsing a word grows with the square of its length in parts of Whoosh's
    parser (its taggers are tried at every position and some scan to the end of the word from
    each: quotes, brackets, wildcards), and a word that long names nothing anyone types."""
    if len(text) <= MAX_WORD or max(map(len, text.split()), default=0) <= MAX_WORD:
        return  # (str.split breaks words where ``\S+`` does: at what str.isspace calls space)
    for m in re.finditer(_WORD, text):
        if m.end() - m.start() > MAX_WORD:
            raise BadQuery(
                f"query {shown(text)!r}: the word at column {m.start() + 1} has"
                f" {m.end() - m.start():,} characters, more than the {MAX_WORD:,} a query word"
                f" may have",
                hint="shorten it; a prefix of it with * finds the words that start with it",
            )


KEYWORD_FIELDS = ("country", "pair", "official", "outlet")


def parse(
    text: str, schema: object, any_word: bool = False, expansions: Q.Expansions | None = None
) -> Q.Query:
    """The user's query over title and body (a title word weighs more, by the title field's
    boost); empty means every document.

    Bare words must all match unless ``any_word`` (then any may, and more matches rank higher).
    Field values people type (``country:Vietnam``, ``pair:Cuba-Vietnam``, accents) become keys.
    Wildcards, prefixes and ranges count what they expand to in ``expansions`` (a new count
    for this query when None): past its limits, evaluating the query raises BadQuery.
    """
    q, excluded = parse_parts(text, schema, any_word, expansions)
    return q if excluded is None else Q.excluding(q, excluded)


def parse_parts(
    text: str, schema: object, any_word: bool = False, expansions: Q.Expansions | None = None
) -> tuple[Q.Query, Q.Query | None]:
    """The query without its top-level ``-excluded`` parts, and what those exclude (None when
    the query excludes nothing): ``Cuba -Japan`` is Cuba, excluding Japan; ``-Japan`` alone
    every article, excluding Japan. A minus inside a group is ``NOT``: ``(Cuba -Japan) OR
    Laos``. Whoosh itself reads ``-Japan`` as ``Japan``, the opposite. A hyphen inside a word
    (``Vietnam-China``) or a dash standing alone (``Cuba - Japan``) is no minus."""
    if not text.strip():
        return Q.every(), None
    check_syntax(text)
    if expansions is None:  # (one count for the query and the parts it excludes)
        expansions = Q.Expansions(text)
    kept, excluded = split_minus(text)
    if re.fullmatch(r"\s*\*?\s*", kept):
        q = Q.every()
    else:
        try:
            q = Q.parse(kept, schema, any_word, ALIASES, _normalise, KEYWORD_FIELDS, expansions)
        except ValueError as exc:
            raise BadQuery(f"query {shown(text)!r}: {exc}") from None
    if not excluded:
        return q, None
    return q, Q.any_of([parse(item, schema, expansions=expansions) for item in excluded])


def split_minus(text: str) -> tuple[str, list[str]]:
    """(the text without its top-level ``-item``s, nested ones made ``NOT item``; those
    items). An operator just before a top-level item goes with it (``Cuba AND -Japan``)."""
    if "-" not in text:
        return text, []
    out: list[str] = []
    excluded: list[str] = []
    depth = 0
    quoted = False
    i, n = 0, len(text)
    while i < n:
        ch = text[i]
        starts_item = (
            ch == "-"
            and not quoted
            and (i == 0 or text[i - 1].isspace() or text[i - 1] == "(")
            and i + 1 < n
            and not text[i + 1].isspace()
            and text[i + 1] not in "-)"
        )
        if starts_item and depth > 0:
            out.extend("NOT ")
            i += 1
            continue
        if starts_item:
            end = _item_end(text, i + 1)
            excluded.append(text[i + 1 : end])
            _drop_dangling(out)
            i = end
            continue
        if ch == '"':
            quoted = not quoted
        elif not quoted and ch in "([{":
            depth += 1
        elif not quoted and ch in ")]}":
            depth = max(0, depth - 1)
        out.append(ch)
        i += 1
    return "".join(out), excluded


_DANGLING = ("ANDMAYBE", "ANDNOT", "AND", "OR", "NOT")


def _drop_dangling(out: list[str]) -> None:
    """Take the spaces and an operator left at the end of ``out`` (characters) away: what is
    left when the item after it is excluded. Each character is taken away at most once, so
    splitting is linear in the text's length."""
    while out and out[-1].isspace():
        out.pop()
    for word in _DANGLING:
        n = len(word)
        if len(out) >= n and "".join(out[-n:]) == word and (len(out) == n or out[-n - 1].isspace()):
            del out[-n:]
            while out and out[-1].isspace():
                out.pop()
            return


def _item_end(text: str, i: int) -> int:
    """Where the item starting at ``i`` ends: the next space outside quotes and brackets."""
    depth = 0
    quoted = False
    while i < len(text):
        ch = text[i]
        if ch == '"':
            quoted = not quoted
        elif not quoted and ch in "([{":
            depth += 1
        elif not quoted and ch in ")]}":
            depth -= 1
            if depth < 0:
                return i
        elif not quoted and depth == 0 and ch.isspace():
            return i
        i += 1
    return i


def _normalise(field: str, value: str) -> str | None:
    if field == "country":
        code = resolve_country(value)
        return code.lower() if code else None
    if field == "pair":
        code = resolve_pair(value)
        return code.lower() if code else None
    return key_of(value) if field == "official" else fold(value).lower()


def resolve_country(value: str, known: Collection[str] = ()) -> str | None:
    """``VN``/``vn``/``Vietnam``/``Việt Nam`` → ``VN`` (None when unknown). A two-letter code
    is one in ``known`` (the index's countries: no table to load) or an ISO 3166-1 code."""
    value = value.strip()
    if re.fullmatch(r"[A-Za-z]{2}", value):
        code = value.upper()
        return code if code in known or is_country_code(code) else None
    from searcher.extract.countries import resolve  # rare path: loads the gazetteer

    return resolve(value)


@functools.cache
def _data_codes() -> frozenset[str]:
    """The codes of the data file's countries (read once; no pycountry)."""
    return frozenset(
        line.split("\t", 1)[0]
        for line in data.read("countries.tsv").splitlines()
        if line and not line.startswith("#")
    )


def is_country_code(code: str) -> bool:
    """Whether ``code`` is an ISO 3166-1 alpha-2 code (or a historic one the data file has)."""
    if code in _data_codes():
        return True
    import pycountry  # (rare path: a code no article of the data file names)

    return pycountry.countries.get(alpha_2=code) is not None


def resolve_pair(value: str, known: Collection[str] = ()) -> str | None:
    """``CU-VN``, ``Cuba,Vietnam``, ``Vietnam–Cuba`` → ``CU-VN``."""
    parts = [p for p in re.split(r"\s*[,/–—]\s*|(?<=\w)-(?=\w)|\s+and\s+", value.strip()) if p]
    if len(parts) != 2:
        return None
    a, b = (resolve_country(p, known) for p in parts)
    if a is None or b is None:
        return None
    if b < a:  # (in order)
        a, b = b, a
    return f"{a}-{b}"


def partial_date(value: str, end: bool) -> str:
    """``2025`` → ``20250101`` (or ``20251231`` as an end); ``2025-06`` → ``20250601``/``20250630``."""
    m = _PARTIAL_DATE.match(value.strip())
    if not m:
        raise BadQuery(f"date {value!r}: use YYYY, YYYY-MM or YYYY-MM-DD")
    year = int(m.group(1))
    month = int(m.group(2) or (12 if end else 1))
    if not 1 <= month <= 12:
        raise BadQuery(f"date {value!r}: month {month} is not 1-12")
    last = calendar.monthrange(year, month)[1]
    day = int(m.group(3) or (last if end else 1))
    if not 1 <= day <= last:
        raise BadQuery(f"date {value!r}: day {day} is not in {year}-{month:02d}")
    return f"{year:04d}{month:02d}{day:02d}"


def filters(options: SearchOptions, labels: dict[str, dict[str, str]]) -> Q.Query | None:
    """The option filters: AND across options, OR within a repeated option. ``labels`` are the
    index's (its countries and officials). A country or pair that is no country is an error,
    not a filter that silently matches nothing."""
    parts: list[Q.Query] = []
    known = labels.get("country", {})

    def any_of(field: str, values: list[str]) -> None:
        if values:
            parts.append(Q.any_of([Q.term(field, v) for v in values]))

    any_of("pair", [code.lower() for code in resolved_pairs(options.pairs, known)])
    any_of("country", [code.lower() for code in resolved_countries(options.countries, known)])
    keys: list[str] = []
    official_keys = labels.get("official", {})
    for name in options.officials:
        keys.extend(match_officials(name, official_keys))
    if options.officials:
        parts.append(Q.any_of([Q.term("official", k) for k in keys]) if keys else Q.nothing())
    any_of("outlet", [fold(outlet_key(o)).lower().strip() for o in options.outlets])
    if options.since or options.until:
        start = partial_date(options.since, end=False) if options.since else None
        stop = partial_date(options.until, end=True) if options.until else None
        if start and stop and start > stop:
            raise BadQuery(f"--since {options.since} is after --until {options.until}")
        parts.append(Q.term_range("day", start, stop))
    return Q.all_of(parts) if parts else None


def outlet_key(value: str) -> str:
    """An ``--outlet`` value as the index writes it: any name, brand or domain of a known outlet
    is its canonical name (``Viet Nam News``, ``vietnamnews.vn`` → ``VNS``); an unknown name is
    taken as written."""
    from searcher.outlet_names import canonical  # (reads outlets.tsv once)

    return canonical(value) or value.strip()


def resolved_pairs(values: tuple[str, ...], known: dict[str, str]) -> list[str]:
    """Each ``--pair`` value as its code (``CU-VN``); the first that is no pair is a BadQuery.
    ``known``: the index's country labels."""
    return _resolved(
        values,
        lambda value: resolve_pair(value, known),
        "--pair",
        "give two countries, as ISO codes (CU-VN) or names (Cuba,Vietnam)",
    )


def resolved_countries(values: tuple[str, ...], known: dict[str, str]) -> list[str]:
    """Each ``--country`` value as its ISO code (``VN``); the first unknown one is a BadQuery."""
    return _resolved(
        values,
        lambda value: resolve_country(value, known),
        "--country",
        "unknown country (use an ISO 3166 code such as VN, or a name)",
    )


def _resolved(
    values: tuple[str, ...], resolve: Callable[[str], str | None], option: str, problem: str
) -> list[str]:
    """Each value resolved to its code; the first unknown one is a BadQuery."""
    out = []
    for value in values:
        code = resolve(value)
        if code is None:
            raise BadQuery(f"{option} {value!r}: {problem}")
        out.append(code)
    return out


def match_officials(name: str, known: dict[str, str]) -> list[str]:
    """Official keys for a name: the exact key, else every key containing all its words
    (``--official Giang`` finds ``phan van giang``)."""
    key = key_of(name)
    if key in known or not known:
        return [key]
    words = set(key.split())
    return sorted(k for k in known if words <= set(k.split()))


COUNTRY_BOOST = 2.0
_NGRAM_WORDS = re.compile(r"[^\W_]+(?:['’.][^\W_]+)*\.?")


@functools.cache
def _data_variants() -> dict[str, str]:
    """Folded, lower-case country names, demonyms and institutions from the data file → ISO code
    (read once per process; no pycountry on the query path)."""
    table: dict[str, str] = {}
    text = data.read("countries.tsv")
    for line in text.splitlines():
        if line and not line.startswith("#"):
            code, kind, variant = line.split("\t")
            if kind in ("name", "demonym", "institution") and code != "-" and len(variant) > 2:
                table.setdefault(fold(variant).lower(), code)
    return table


def country_variants(labels: dict[str, str]) -> dict[str, str]:
    """The data file's variants plus the country names in an index's labels (which win): build
    it once per open index and pass it to ``entity_boosts``."""
    return {**_data_variants(), **{fold(name).lower(): code for code, name in labels.items()}}


def entity_boosts(text: str, variants: dict[str, str]) -> list[Q.Query]:
    """Entity-aware ranking: a country named in the query (``Viet Nam``, ``Cuban``) lifts the
    articles that are about it. Returns optional clauses to add to the query's score."""
    if not text.strip() or not variants:
        return []
    words = [w.rstrip(".") for w in _NGRAM_WORDS.findall(fold(text).lower())]
    codes: set[str] = set()
    i = 0
    while i < len(words):
        for n in (4, 3, 2, 1):
            gram = " ".join(words[i : i + n])
            if len(words[i : i + n]) == n and gram in variants:
                codes.add(variants[gram])
                i += n - 1
                break
        i += 1
    return [Q.term("country", c.lower(), boost=COUNTRY_BOOST) for c in sorted(codes)]


# Verbose queries (issue 21): words that ask rather than name a topic, as requests are phrased
# ("efforts of …", "number of …", "persons involved in …", "what …", "which …"), and the function
# words the index's short stop list keeps. In an ``--any`` query of at least REQUEST_MIN_WORDS
# words, one of them at least naming the topic, each counts REQUEST_WEIGHT of a word: it still
# matches, and the words naming the topic rank first. Chosen from how requests are worded (TREC
# topics, questions), not from TIME's judgments; bench/README.md "Ranking" has the
# cross-validated measurement (bench/rank_levers.py), and a list learnt from queries alone.
_REQUESTS = """
    about after against also any article articles being been between concerning case cases
    describe described describes describing discuss discussed discusses discussing discussion
    document documents during effort efforts example examples find had has he her his how
    identify include included includes including information instance instances into involve
    involved involves involving its mention mentioned number numbers other others our person
    persons regarding relating report reported reporting reports she some specific such than
    their them there these they those was were what whether which who whom whose why would
"""
REQUEST_WORDS = frozenset(_REQUESTS.split())
REQUEST_WEIGHT = 0.5
REQUEST_MIN_WORDS = 4


@functools.cache
def _request_terms(analysis: int | None) -> frozenset[str]:
    """The index terms of the request words under an analysis setting (None: the current)."""
    from searcher.engine.analysis import ANALYSIS, word_terms

    setting = ANALYSIS if analysis is None else analysis
    return frozenset(t for w in REQUEST_WORDS for t in word_terms(w, setting))


def request_weighted(q: Q.Query, analysis: int | None) -> Q.Query:
    """``q`` (an ``--any`` query) with its request words weighing REQUEST_WEIGHT, when it has at
    least REQUEST_MIN_WORDS distinct words and one of them is no request word; else ``q``."""
    if REQUEST_WEIGHT == 1.0:
        return q
    words = {t for f, t in q.iter_all_terms() if f in ("title", "body")}
    requests = _request_terms(analysis)
    asked = words & requests
    if len(words) < REQUEST_MIN_WORDS or not asked or asked == words:
        return q
    return Q.reweighted(q, dict.fromkeys(asked, REQUEST_WEIGHT), ("title", "body"))
