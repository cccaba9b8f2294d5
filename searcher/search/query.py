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
_FIELD_PREFIX = re.compile(r"(?<![\w\\])([A-Za-z_]\w*):(?=[\S])")
_OPERATOR = re.compile(r"\b(AND|OR|NOT|ANDNOT|ANDMAYBE)\b")
_FUZZY = re.compile(r"(?<=[^\s\"~()])~\S*")  # a ~ glued to a word (a phrase's ~N is slop)
_PARTIAL_DATE = re.compile(r"^(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?$")


def check_syntax(text: str) -> None:
    """Raise BadQuery (with the 1-based column) for unbalanced quotes, brackets, unknown fields,
    or a dangling operator."""
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
                raise BadQuery(f"query {text!r}: unmatched {ch!r} at column {i + 1}")
            stack.pop()
    if quote_at is not None:
        raise BadQuery(f"query {text!r}: unclosed quote at column {quote_at + 1}")
    if stack:
        ch, at = stack[-1]
        raise BadQuery(f"query {text!r}: unclosed {ch!r} at column {at + 1}")
    # phrases become same-length placeholders: still terms, but no operators or fields inside
    outside = re.sub(r'"[^"]*"', lambda m: '"' + "_" * (len(m.group(0)) - 2) + '"', text)
    for m in _FIELD_PREFIX.finditer(outside):
        if m.group(1).lower() not in known:
            raise BadQuery(
                f"query {text!r}: unknown field {m.group(1)!r} at column {m.start() + 1}",
                hint="fields: " + ", ".join(f for f in FIELDS if f != "body"),
            )
    fuzzy = _FUZZY.search(outside)
    if fuzzy:  # (Whoosh would read ``oil~2`` as the phrase "oil 2", ``a~b`` as ``b``)
        raise BadQuery(
            f"query {text!r}: fuzzy terms ({fuzzy.group(0)}) are not supported"
            f" (column {fuzzy.start() + 1})",
            hint="use a prefix such as oil*, or quote a ~ that is part of a word",
        )
    for m in _OPERATOR.finditer(outside):
        before, after = outside[: m.start()].strip(), outside[m.end() :].strip()
        if (not after or after.startswith(")")) or (
            m.group(1) != "NOT" and (not before or before.endswith("("))
        ):
            raise BadQuery(
                f"query {text!r}: {m.group(1)} needs a term on each side (column {m.start() + 1})"
            )


KEYWORD_FIELDS = ("country", "pair", "official", "outlet")


def parse(text: str, schema: object, any_word: bool = False) -> Q.Query:
    """The user's query over title and body (a title word weighs more, by the title field's
    boost); empty means every document.

    Bare words must all match unless ``any_word`` (then any may, and more matches rank higher).
    Field values people type (``country:Vietnam``, ``pair:Cuba-Vietnam``, accents) become keys.
    """
    q, excluded = parse_parts(text, schema, any_word)
    return q if excluded is None else Q.excluding(q, excluded)


def parse_parts(
    text: str, schema: object, any_word: bool = False
) -> tuple[Q.Query, Q.Query | None]:
    """The query without its top-level ``-excluded`` parts, and what those exclude (None when
    the query excludes nothing): ``Cuba -Japan`` is Cuba, excluding Japan; ``-Japan`` alone
    every article, excluding Japan. A minus inside a group is ``NOT``: ``(Cuba -Japan) OR
    Laos``. Whoosh itself reads ``-Japan`` as ``Japan``, the opposite. A hyphen inside a word
    (``Vietnam-China``) or a dash standing alone (``Cuba - Japan``) is no minus."""
    if not text.strip():
        return Q.every(), None
    check_syntax(text)
    kept, excluded = split_minus(text)
    if re.fullmatch(r"\s*\*?\s*", kept):
        q = Q.every()
    else:
        try:
            q = Q.parse(kept, schema, any_word, ALIASES, _normalise, KEYWORD_FIELDS)
        except ValueError as exc:
            raise BadQuery(f"query {text!r}: {exc}") from None
    if not excluded:
        return q, None
    return q, Q.any_of([parse(item, schema) for item in excluded])


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
            out.append("NOT ")
            i += 1
            continue
        if starts_item:
            end = _item_end(text, i + 1)
            excluded.append(text[i + 1 : end])
            before = "".join(out)
            out = [_DANGLING.sub("", before)]
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


_DANGLING = re.compile(r"(?:^|(?<=\s))(?:AND|OR|NOT|ANDNOT|ANDMAYBE)\s*$")


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

    any_of(
        "pair",
        _resolved(
            options.pairs,
            lambda value: resolve_pair(value, known),
            "--pair",
            "give two countries, as ISO codes (CU-VN) or names (Cuba,Vietnam)",
        ),
    )
    any_of(
        "country",
        _resolved(
            options.countries,
            lambda value: resolve_country(value, known),
            "--country",
            "unknown country (use an ISO 3166 code such as VN, or a name)",
        ),
    )
    keys: list[str] = []
    official_keys = labels.get("official", {})
    for name in options.officials:
        keys.extend(match_officials(name, official_keys))
    if options.officials:
        parts.append(Q.any_of([Q.term("official", k) for k in keys]) if keys else Q.nothing())
    any_of("outlet", [fold(o).lower().strip() for o in options.outlets])
    if options.since or options.until:
        start = partial_date(options.since, end=False) if options.since else None
        stop = partial_date(options.until, end=True) if options.until else None
        if start and stop and start > stop:
            raise BadQuery(f"--since {options.since} is after --until {options.until}")
        parts.append(Q.term_range("day", start, stop))
    return Q.all_of(parts) if parts else None


def _resolved(
    values: tuple[str, ...], resolve: Callable[[str], str | None], option: str, problem: str
) -> list[str]:
    """Each value resolved to its lower-case code; the first unknown one is a BadQuery."""
    out = []
    for value in values:
        code = resolve(value)
        if code is None:
            raise BadQuery(f"{option} {value!r}: {problem}")
        out.append(code.lower())
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
