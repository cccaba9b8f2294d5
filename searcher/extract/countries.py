"""Country mentions: ISO names from pycountry plus the variants, demonyms, institutions and cities
in ``data/countries.tsv``. Matching is case-sensitive on accent-folded text, longest variant first.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Collection
from dataclasses import dataclass
from functools import cache, lru_cache

from searcher import data
from searcher.text import fold, trie_pattern

COUNTED_KINDS = ("name", "demonym", "institution")
_HISTORIC = {"SU": "Soviet Union", "DD": "East Germany", "YU": "Yugoslavia", "CS": "Czechoslovakia"}
# A historic state's successors: an article that names both tells one relation ("the former
# Soviet Union, now the Russian Federation", "Vietnam-USSR/Russia cooperation").
SUCCESSORS = {"SU": ("RU",), "DD": ("DE",), "YU": ("RS",), "CS": ("CZ", "SK")}
_SHORT_NAMES = {"US": "United States", "GB": "United Kingdom", "KR": "South Korea",
                "KP": "North Korea", "RU": "Russia", "LA": "Laos", "VN": "Vietnam",
                "IR": "Iran", "SY": "Syria", "TW": "Taiwan", "BO": "Bolivia", "VE": "Venezuela",
                "TZ": "Tanzania", "MD": "Moldova", "CZ": "Czechia"}  # fmt: skip


@dataclass(frozen=True)
class Mention:
    """One country mention in (folded) text."""

    code: str
    kind: str
    start: int
    end: int


ISO_TABLE = "iso_countries.tsv"  # pycountry's names, written by ``write_iso_table``
_ISO_NAMES = ("name", "common_name", "official_name")


def iso_rows() -> list[tuple[str, ...]]:
    """(alpha_2, name, common_name, official_name) of each of pycountry's countries, in its
    order ("" for a name it has not): what ``ISO_TABLE`` holds."""
    import pycountry

    return [(c.alpha_2, *(getattr(c, attr, None) or "" for attr in _ISO_NAMES))
            for c in pycountry.countries]  # fmt: skip


def write_iso_table(path: str | None = None) -> None:
    """Write ``ISO_TABLE`` from the pycountry installed (after upgrading it; a test compares
    them): ``python -c "from searcher.extract.countries import write_iso_table as w; w()"``."""
    import os
    from importlib.metadata import version

    lines = [f"# pycountry {version('pycountry')}: alpha_2, name, common_name, official_name"]
    lines += ["\t".join(row) for row in iso_rows()]
    target = path or os.path.join(os.path.dirname(data.__file__), ISO_TABLE)
    with open(target, "w", encoding="utf-8", newline="\n") as f:
        f.write("\n".join(lines) + "\n")


@cache
def _iso() -> list[tuple[str, ...]]:
    """``iso_rows()`` as ``ISO_TABLE`` keeps them: a sync of a few files need not import
    pycountry (its import reads every installed distribution's metadata, ~15 ms)."""
    return [tuple(line.split("\t")) for line in data.read(ISO_TABLE).splitlines()
            if line and not line.startswith("#")]  # fmt: skip


@cache
def _iso_names() -> dict[str, str]:
    """Lower-case alpha_2 → common name, else name (pycountry's ``get`` is case-blind)."""
    return {row[0].lower(): row[2] or row[1] for row in _iso()}


@cache
def _variants() -> dict[str, tuple[str, str]]:
    """Folded variant → (code, kind)."""
    table: dict[str, tuple[str, str]] = {}
    for alpha_2, *names in _iso():
        for name in names:
            if name and "," not in name and "(" not in name and len(name) > 3:
                table.setdefault(fold(name), (alpha_2, "name"))
    text = data.read("countries.tsv")
    for line in text.splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        code, kind, variant = line.split("\t")
        table[fold(variant.strip())] = (code.strip(), kind.strip())
    return table


@cache
def _pattern() -> re.Pattern[str]:
    return re.compile(rf"(?<![\w.-])(?:{trie_pattern(list(_variants()))})(?![\w-]|\.\w)")


def find(text: str) -> list[Mention]:
    """Every country mention in ``text`` (already folded, or folded here)."""
    if len(text) <= 64:  # tokens and names are looked up again and again
        return list(_find_short(text))
    return _find(text)


@lru_cache(maxsize=50_000)
def _find_short(text: str) -> tuple[Mention, ...]:
    return tuple(_find(text))


def _find(text: str) -> list[Mention]:
    return list(_scan(fold(text)))


_HYPHEN_CAPITAL = re.compile(r"-(?=[A-Z])")
_WORD_BEFORE = re.compile(r"(?:^|[^\w'])([A-Z][\w']*)$")
_WORD_AFTER = re.compile(r"[A-Z][\w']*")


@cache
def _hyphenated() -> frozenset[str]:
    return frozenset(v for v in _variants() if "-" in v)


def _unjoin(folded: str) -> str:
    """``Vietnam-China`` names two countries: the hyphen between two capitalised words becomes
    an en dash (same length: offsets hold), so each name matches on its own; ``US-based`` and
    ``pro-China`` stay one word, and ``Guinea-Bissau`` one country."""
    if "-" not in folded:
        return folded
    names = _hyphenated()

    def dash(m: re.Match[str]) -> str:
        before = _WORD_BEFORE.search(folded, max(0, m.start() - 40), m.start())
        if before is None:
            return "-"
        after = _WORD_AFTER.match(folded, m.end())
        joined = f"{before.group(1)}-{after.group(0) if after else ''}"
        return "-" if any(joined in n or n in joined for n in names) else "–"

    return _HYPHEN_CAPITAL.sub(dash, folded)


@lru_cache(maxsize=4)
def _scan(folded: str) -> tuple[Mention, ...]:
    """The mentions in folded text. (Kept for the last few texts: the pair finder and the
    country counter both read an article's body.)"""
    table = _variants()
    out = []
    for m in _pattern().finditer(_unjoin(folded)):
        code, kind = table[m.group(0)]
        if code != "-":
            out.append(Mention(code, kind, m.start(), m.end()))
    if "(" in folded:
        out = [m for i, m in enumerate(out) if not _placed_in(folded, m, out[i + 1 : i + 2])]
    return tuple(out)


_IN_PARENS = re.compile(r"\s*\(")


def _placed_in(folded: str, m: Mention, after: list[Mention]) -> bool:
    """``Hong Kong (China)``, ``Mondulkiri (Cambodia)``: a place followed by the country it is in,
    in brackets, is that country's (the next mention says which)."""
    if not after or after[0].code == m.code:
        return False
    gap = _IN_PARENS.fullmatch(folded, m.end, after[0].start)
    return gap is not None and folded.startswith(")", after[0].end)


def count(text: str, kinds: tuple[str, ...] = COUNTED_KINDS) -> Counter[str]:
    """Mentions per country code, counting only the given kinds."""
    return Counter(m.code for m in find(text) if m.kind in kinds)


def first(text: str, kinds: tuple[str, ...] = (*COUNTED_KINDS, "city")) -> str | None:
    """The first country named in ``text``, if any."""
    for m in find(text):
        if m.kind in kinds:
            return m.code
    return None


@cache
def name_of(code: str) -> str:
    """English short name for an ISO code: ``CU`` → ``Cuba``."""
    if code in _SHORT_NAMES:
        return _SHORT_NAMES[code]
    if code in _HISTORIC:
        return _HISTORIC[code]
    return _iso_names().get(code.lower(), code)


def resolve(value: str) -> str | None:
    """A user's country (``VN``, ``vn``, ``Vietnam``, ``Việt Nam``) → ISO code, else None."""
    value = value.strip()
    if len(value) == 2 and value.isalpha():
        return value.upper()
    hit = _variants().get(fold(value))
    if hit and hit[0] != "-":
        return hit[0]
    lowered = fold(value).lower()
    for variant, (code, _kind) in _variants().items():
        if variant.lower() == lowered and code != "-":
            return code
    return None


def successor(code: str, named: Collection[str]) -> str:
    """``code``, or the first of its successor states that ``named`` holds when it is a
    historic state (the Soviet Union is Russia in an article that also names Russia)."""
    for later in SUCCESSORS.get(code, ()):
        if later in named:
            return later
    return code


def fold_historic(pairs: tuple[str, ...], named: Collection[str]) -> tuple[str, ...]:
    """``pairs`` with each historic state that has a successor in ``named`` replaced by it
    (``SU-VN`` and ``RU-VN`` are one pair when the article names Russia); sorted, no
    duplicates, and no pair of a state with itself."""
    out = set()
    for pair in pairs:
        a, b = (successor(code, named) for code in pair.split("-"))
        if a != b:
            out.add(pair_code(a, b))
    return tuple(sorted(out))


def pair_code(a: str, b: str) -> str:
    """Sorted pair code: ``pair_code('VN', 'CU')`` → ``CU-VN``."""
    x, y = sorted((a, b))
    return f"{x}-{y}"


def pair_label(code: str) -> str:
    """``CU-VN`` → ``Cuba – Vietnam``."""
    a, _, b = code.partition("-")
    return f"{name_of(a)} – {name_of(b)}"
