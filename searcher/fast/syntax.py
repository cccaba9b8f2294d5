"""Query text checks, top-level exclusions and country boosts, as ``search/query.py`` has them,
without the engine (``search/query.py`` imports Whoosh's parser). ``check_syntax``,
``check_length``, ``split_minus`` and their helpers are copies of query.py's, character for
character; ``tests/test_fast_terms.py`` compares their source."""

from __future__ import annotations

import functools
import os
import re

from searcher import data
from searcher.errors import BadQuery
from searcher.fast.terms import plain_words
from searcher.text import fold

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


COUNTRY_BOOST = 2.0
# search/query.py's ``[^\W_]+(?:['’.][^\W_]+)*\.?`` with ``’`` in a branch of its own, the same
# matches (as terms._TOKEN; tests/test_fast_terms.py compares them), compiled in half the time
# (a string, compiled by ``re`` for a query that is not plain: ``terms.plain_words``)
_NGRAM_WORDS = r"[^\W_]+(?:['.][^\W_]+|’[^\W_]+)*\.?"


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


def _words(text: str) -> list[str]:
    """The words ``entity_boosts`` reads n-grams of."""
    folded = fold(text).lower()
    if "_" not in folded:  # (``_`` joins nothing here: it is no word character of the pattern)
        plain = plain_words(folded)
        if plain is not None:
            return plain
    return [w.rstrip(".") for w in re.findall(_NGRAM_WORDS, folded)]


def _grams(text: str) -> set[str]:
    """Every n-gram ``country_codes`` may look up in ``text``."""
    words = _words(text)
    return {" ".join(words[i : i + n]) for n in (1, 2, 3, 4) for i in range(len(words) - n + 1)}


def query_variants(text: str, labels: dict[str, str]) -> dict[str, str]:
    """search/query.py's ``country_variants(labels)`` for the n-grams of ``text`` only (all that
    ``country_codes`` looks up in it): the same entries for those, without making the whole
    table (folding every line of the data file: half a millisecond a process)."""
    grams = _grams(text) if text.strip() else set()
    if not grams:
        return {}
    found = _data_entries(grams)
    for code, name in labels.items():  # (the labels win, the last of a key as in a dict's)
        if name.isascii():
            key = name.lower()
        else:
            first, last = 0, len(name) - 1
            while name[first] < "\x80":
                first += 1
            while name[last] < "\x80":
                last -= 1
            if not _may_be(name[:first], name[last + 1 :], grams):
                continue
            key = fold(name).lower()
        if key in grams:
            found[key] = code
    return found


# what str.splitlines also breaks lines at, in UTF-8 ("\r" too: data.read reads it as "\n")
_BREAKS = (b"\r", b"\x0b", b"\x0c", b"\x1c", b"\x1d", b"\x1e", "\x85".encode(), "\u2028".encode(),
           "\u2029".encode())  # fmt: skip


def _data_entries(grams: set[str]) -> dict[str, str]:
    """``_data_variants()``'s entries for ``grams``, from the lines that can give one: those
    ending with a tab and a gram (in any case), and those beyond ASCII whose variant's ASCII
    start and end (folding keeps them) begin and end a gram, lower-cased; ``_data_variants()``
    itself for a file of other line breaks. (Lines are read as _data_variants reads them, of
    three fields: tests/test_fast_terms.py looks up every one.)"""
    with open(os.path.join(os.path.dirname(data.__file__), "countries.tsv"), "rb") as f:
        raw = f.read()
    if any(b in raw for b in _BREAKS):
        whole = _data_variants()
        return {g: whole[g] for g in grams if g in whole}
    text = raw.decode("utf-8")  # (as data.read reads it, without "\r")
    replaced = text.encode("ascii", "replace")  # (a "?" for each character beyond ASCII)
    lowered = replaced.lower()
    starts = set()
    for gram in grams:
        if not gram.isascii():  # (a variant that folds to it is beyond ASCII too: below)
            continue
        needle = b"\t" + gram.encode()
        at = lowered.find(needle)
        while at >= 0:
            end = at + len(needle)
            if end == len(lowered) or lowered[end] == 10:  # ("\n")
                starts.add(lowered.rfind(b"\n", 0, at) + 1)
            at = lowered.find(needle, at + 1)
    at = replaced.find(b"?")
    while at >= 0:
        if text[at] == "?":
            at = replaced.find(b"?", at + 1)
            continue
        start = replaced.rfind(b"\n", 0, at) + 1
        end = replaced.find(b"\n", at)
        end = len(replaced) if end < 0 else end
        field = replaced.rfind(b"\t", start, at) + 1  # (the first beyond ASCII is in it)
        last = replaced.rfind(b"?", at, end)  # (the last beyond ASCII, or a "?" after it)
        tail = text[last + 1 : end]
        if text.count("\t", start, at) < 2 or _may_be(text[field:at], tail, grams):
            starts.add(start)
        at = replaced.find(b"?", end)
    table: dict[str, str] = {}
    for start in sorted(starts):  # (the first line of a key wins, as in _data_variants)
        end = text.find("\n", start)
        line = text[start : end if end >= 0 else len(text)]
        if line and not line.startswith("#"):
            code, kind, variant = line.split("\t")
            if kind in ("name", "demonym", "institution") and code != "-" and len(variant) > 2:
                key = fold(variant).lower()
                if key in grams:
                    table.setdefault(key, code)
    return table


def _may_be(head: str, tail: str, grams: set[str]) -> bool:
    """Whether a text that begins with ``head`` and ends with ``tail`` (ASCII) may fold to one
    of ``grams``, lower-cased."""
    head, tail = head.lower(), tail.lower()
    return any(gram.startswith(head) and gram.endswith(tail) for gram in grams)


def country_codes(text: str, variants: dict[str, str]) -> list[str]:
    """The countries named in the query (``Viet Nam``, ``Cuban``), as ``entity_boosts`` finds
    them: the codes of its boost terms, in order."""
    if not text.strip() or not variants:
        return []
    words = _words(text)
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
    return [c.lower() for c in sorted(codes)]


def shown(text: str, width: int = 60) -> str:
    """``text`` as a message names it (engine/queries.py's)."""
    if len(text) <= width:
        return text
    return f"{text[:width]}… ({len(text):,} characters)"
