"""Queries as the engine takes them: query text parsed by Whoosh's parser, and constructors for
the clauses the search layer adds (filters, ranking boosts). Outside the engine a query is an
opaque value built only through these functions."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import Any

from whoosh import fields
from whoosh import query as Q
from whoosh.filedb.filestore import FileStorage
from whoosh.index import FileIndex
from whoosh.qparser import (
    AndGroup,
    FieldAliasPlugin,
    FieldsPlugin,
    MultifieldParser,
    OrGroup,
    RangePlugin,
    SingleQuotePlugin,
)
from whoosh.query import Query  # (a name mypy takes as a type; ``Q.Query`` assigned is not)
from whoosh.util.text import rcompile

from searcher.errors import BadQuery

INDEX_NAME = "MAIN"  # (storage.py's)
Normalise = Callable[[str, str], "str | None"]  # (field, value typed) -> indexed term, or None

# The most index terms (in one field) one wildcard, prefix or range of a query may match, and
# all of a query's together. A query's work grows with the terms it expands to (each one's
# postings are read: ``?*`` on 20k Reuters stories expanded to 57,000 terms and took 9 s), so
# past these a query is refused with a line naming the term (README, "Guarantees").
MAX_TERMS_PER_WILDCARD = 1_000
MAX_TERMS_PER_QUERY = 2_500
# The most wildcards, prefixes and ranges one query may hold: each reads the field's list of
# words (all of it for one that starts with * or ?), which the limits above do not bound.
MAX_WILDCARDS = 10
# Whoosh's parser tries each of its taggers at every position of the text, and three of them
# scan on from there: its field tagger, ``(?P<text>\w+|[*]):``, to the end of the word
# (quadratic in a word's length: a 20,000-letter word took 3.7 s to parse); its single-quote
# and range taggers to the end of the text or the next bracket (quadratic in the query's
# length: 40 words of ``'-'-…`` took 20 s). A field name starts a word, so it is tried only
# there; a single-quoted term or a range spans at most ``SPAN`` characters, so each position
# costs at most that much. Parsing is then linear in the query's length.
SPAN = 1_000
_FIELD_TAG = r"(?<!\w)(?P<text>\w+|[*]):"
_UP_TO, _ONE_TO = f"{{0,{SPAN}}}?", f"{{1,{SPAN}}}?"  # (lazy, at most SPAN characters)
_SINGLE_QUOTED = r"(^|(?<=\W))'(?P<text>." + _UP_TO + r")'(?=\s|\]|[)}]|$)"
_RANGE = rcompile(  # (Whoosh's RangePlugin.expr, its repeats bounded)
    r"(?P<open>\{|\[)"
    r"(?P<start>('[^']" + _UP_TO + r"'\s+)|([^\]}]" + _ONE_TO + r"(?=[Tt][Oo])))?"
    r"[Tt][Oo]"
    r"(?P<end>(\s+'[^']" + _UP_TO + r"')|([^\]}]" + _ONE_TO + r"))?"
    r"(?P<close>}|])"
)


def every() -> Query:
    """Every document."""
    return Q.Every()


def nothing() -> Query:
    """No document (a filter value that names nothing known)."""
    return Q.NullQuery


def term(field: str, value: str, boost: float = 1.0) -> Query:
    """Documents with ``value`` in ``field`` (an indexed term, already normalised)."""
    return Q.Term(field, value, boost=boost)


def any_of(queries: Sequence[Query]) -> Query:
    """Documents matching any of ``queries`` (one query is itself)."""
    return queries[0] if len(queries) == 1 else Q.Or(list(queries))


def all_of(queries: Sequence[Query]) -> Query:
    """Documents matching every one of ``queries`` (one query is itself)."""
    return queries[0] if len(queries) == 1 else Q.And(list(queries))


def excluding(q: Query, excluded: Query) -> Query:
    """Documents matching ``q`` and not ``excluded`` (scored as ``q``)."""
    return Q.AndNot(q, excluded)


def term_range(field: str, start: str | None, stop: str | None) -> Query:
    """Documents with a term of ``field`` from ``start`` to ``stop`` (both included; None is
    open)."""
    return Q.TermRange(field, start, stop)


def ranked_by(q: Query, boosts: Sequence[Query], any_word: bool) -> Query:
    """``q`` with optional clauses that add to the score: with ``any_word`` they count as more
    words (and can match alone); otherwise they only rank what ``q`` matches."""
    if not boosts:
        return q
    return Q.Or([q, *boosts]) if any_word else Q.AndMaybe(q, Q.Or(list(boosts)))


_parsers: dict[tuple[int, bool], MultifieldParser] = {}


def whoosh_parser(schema: Any, any_word: bool, aliases: dict[str, list[str]]) -> MultifieldParser:
    """Whoosh's parser of query text over title and body, one per schema and mode, reused
    (batch mode asks thousands)."""
    key = (id(schema), any_word)
    parser = _parsers.get(key)
    if parser is None:
        group = OrGroup.factory(0.9) if any_word else AndGroup
        # (no field boost here: the title's weight is its field boost, applied at index time;
        # both at once ranked worse, bench/README.md "Title weight")
        parser = MultifieldParser(["title", "body"], schema, group=group)
        for plugin in (FieldsPlugin(expr=_FIELD_TAG), SingleQuotePlugin(expr=_SINGLE_QUOTED),
                       RangePlugin(expr=_RANGE)):  # fmt: skip
            parser.replace_plugin(plugin)
        parser.add_plugin(FieldAliasPlugin(aliases))
        _parsers[key] = parser
    return parser


def parse(
    text: str,
    schema: object,
    any_word: bool,
    aliases: dict[str, list[str]],
    normalise: Normalise,
    keyword_fields: Iterable[str],
    expansions: Expansions | None = None,
) -> Query:
    """Query text → query over title and body (bare words all required unless ``any_word``);
    ``field:value`` terms of ``keyword_fields`` pass through ``normalise`` (None: match nothing).
    Its wildcards, prefixes and ranges count the terms they expand to in ``expansions`` (one
    for the whole query: a new one when None), which refuses a query that expands too far.
    Raises ValueError with Whoosh's message when the parser fails."""
    if expansions is None:
        expansions = Expansions(text)
    q = None if any_word else _plain_words(text, schema)
    if q is not None:  # (the parser's own tree, built without it: a fifth of a warm query)
        return _rewrite(q, frozenset(keyword_fields), normalise, schema, expansions)
    parser = whoosh_parser(schema, any_word, aliases)
    try:
        q = parser.parse(text)
    except Exception as exc:  # (Whoosh raises whatever its plugins raise)
        raise ValueError(str(exc)) from None
    return _rewrite(q, frozenset(keyword_fields), normalise, schema, expansions)


# ASCII words between single spaces, none of them an operator: no field, phrase, wildcard,
# group or boost, so the parser makes one AND of (title OR body) per word
_PLAIN = rcompile(r"[A-Za-z]+(?: [A-Za-z]+)*")
_OPERATORS = frozenset({"AND", "OR", "NOT", "ANDNOT", "ANDMAYBE", "REQUIRE", "TO"})
_TEXT_FIELDS = ("title", "body")  # (the parser's fields, in its order)


def _plain_words(text: str, schema: Any) -> Query | None:
    """The tree ``MultifieldParser`` makes of plain words, all required (its ``term_query`` on
    each field, its groups, its normalize), or None for any other text (an upper-case operator
    among them too) and for a word a field's analyzer makes more than one term of (the parser
    then decides)."""
    if not _PLAIN.fullmatch(text):
        return None
    words = text.split(" ")
    if not _OPERATORS.isdisjoint(words):
        return None
    groups = []
    for word in words:
        terms = []
        for name in _TEXT_FIELDS:
            field = schema[name]
            if field.self_parsing():
                return None
            found = list(field.process_text(word, mode="query", tokenize=True, removestops=True))
            if len(found) > 1:
                return None
            if found:
                terms.append(Q.Term(name, found[0], boost=1.0))
        groups.append(Q.Or(terms))
    return Q.And(groups).normalize()


def _rewrite(
    q: Query, fields: frozenset[str], normalise: Normalise, schema: object, bound: Expansions
) -> Query:
    if isinstance(q, Q.Term) and q.fieldname in fields:
        value = normalise(q.fieldname, str(q.text))
        return Q.Term(q.fieldname, value, boost=q.boost) if value else Q.NullQuery
    if isinstance(q, Q.Term) and not _a_term_of(schema, q.fieldname, q.text):
        return Q.NullQuery
    if type(q) in _BOUNDED:
        return _bounded(q, bound)
    if type(q) is Q.Or and all(_every_text(sub) for sub in q.subqueries):
        return Q.Every(boost=q.boost)  # (a bare ``*`` among words: every article, as alone)
    if type(q) is Q.Every and q.fieldname not in (None, "", "*"):
        # ``title:*``: the articles with any word in the field, read from each of its words,
        # so counted as a wildcard is (Whoosh reads every posting list of the field)
        return _bounded(Q.Wildcard(q.fieldname, "?*", boost=q.boost), bound, typed="*")
    if q.is_leaf():
        return q
    return q.apply(lambda sub: _rewrite(sub, fields, normalise, schema, bound))


class Expansions:
    """The index terms a query's wildcards, prefixes and ranges expand to, counted as they are
    read from the index (by the evaluator, per segment, and for snippets): a term is counted
    once however often it is read. More than ``per_term`` distinct terms for one of them, or
    ``total`` for the whole query, stops the reading with a BadQuery naming it, so a query's
    work is bounded by those numbers whatever the index holds."""

    def __init__(
        self, query: str, per_term: int = MAX_TERMS_PER_WILDCARD, total: int = MAX_TERMS_PER_QUERY
    ) -> None:
        self.query = query
        self.per_term = per_term
        self.total = total
        self.terms: set[tuple[str, bytes]] = set()  # (field, term) of every expansion so far
        self.by_term: dict[str, set[bytes]] = {}  # a wildcard's (as typed) distinct terms
        self.typed: set[str] = set()  # the wildcards, prefixes and ranges, as typed
        # each one's (field, as typed, how it expands), and the readers already counted whole
        self.leaves: list[tuple[str, str, Callable[[object], Iterable[bytes]]]] = []
        self._counted: set[int] = set()

    def precount(self, ixreader: object) -> None:
        """Count what every wildcard, prefix and range of the query expands to in the whole
        index ``ixreader`` is part of, once, before any of them is evaluated: a query past a
        limit is refused after reading the lists of words only, not after scoring a segment
        (where each holds only some of the words)."""
        if self._counted:
            return
        self._counted.add(id(ixreader))
        whole = _whole_index(ixreader)
        try:
            for field, typed, expand in self.leaves:
                for btext in expand(whole or ixreader):
                    self.count(field, typed, btext)
        finally:
            if whole is not None:
                whole.close()

    def add(self, typed: str) -> None:
        """Count one more wildcard, prefix or range of the query (``typed`` as the query gave
        it); raise BadQuery past ``MAX_WILDCARDS`` of them."""
        self.typed.add(typed)
        if len(self.typed) > MAX_WILDCARDS:
            raise BadQuery(
                f"query {shown(self.query)!r}: it has more than {MAX_WILDCARDS} wildcards,"
                f" prefixes and ranges, the most one query may have",
                hint="use fewer of them: each reads the index's list of words",
            )

    def count(self, field: str, typed: str, btext: bytes) -> None:
        """Count ``btext`` as a term ``field:typed`` expanded to; raise BadQuery past a limit."""
        mine = self.by_term.setdefault(f"{field}:{typed}", set())
        if btext in mine:
            return
        mine.add(btext)
        self.terms.add((field, btext))
        if len(mine) > self.per_term:
            raise BadQuery(
                f"query {shown(self.query)!r}: {typed} matches more than {self.per_term:,} words"
                f" in {field}, the most one wildcard, prefix or range may match",
                hint="narrow it: more letters before the * or ?, or a shorter range",
            )
        if len(self.terms) > self.total:
            raise BadQuery(
                f"query {shown(self.query)!r}: its wildcards, prefixes and ranges match more"
                f" than {self.total:,} words together ({typed} in {field} went past), the most"
                f" one query may match",
                hint="use fewer of them, or narrower ones: more letters before the * or ?",
            )


def _whole_index(ixreader: object) -> Any:
    """A reader of every segment of the index a segment's reader is one of (None for a reader
    of the whole index already, or one we cannot tell): the evaluator asks per segment. (Whoosh
    2.7's SegmentReader keeps its folder's storage under a compound file's overlay.)"""
    storage = getattr(ixreader, "_storage", None)
    base = getattr(storage, "b", storage)
    if not isinstance(base, FileStorage):
        return None
    try:
        return FileIndex(base, ixreader.schema, INDEX_NAME).reader()  # type: ignore[attr-defined]
    except Exception:  # (a commit swapped files meanwhile: count per segment then)
        return None


def shown(text: str, width: int = 60) -> str:
    """``text`` as a message names it: whole, or its start and its length when it is long."""
    if len(text) <= width:
        return text
    return f"{text[:width]}… ({len(text):,} characters)"


def _every_text(q: Query) -> bool:
    """Whether ``q`` is Whoosh's ``*`` over title or body (a bare ``*`` is both, ORed)."""
    return type(q) is Q.Every and q.fieldname in ("title", "body")


def _bounded(q: Query, bound: Expansions, typed: str | None = None) -> Query:
    """``q`` (a Wildcard, Prefix or TermRange) counting the terms it expands to in ``bound``.
    (Its own type is kept: the evaluator and the tests' oracle know the query types by type.
    Whoosh reads every expansion through ``_btexts``, so the instance's own one counts it.)"""
    field, typed = q.fieldname, typed or _typed(q)
    bound.add(typed)
    expand = type(q)._btexts.__get__(q)  # (Whoosh's own, bound to q)
    bound.leaves.append((field, typed, expand))

    def counted(ixreader: object) -> Iterator[bytes]:
        bound.precount(ixreader)
        for btext in expand(ixreader):
            bound.count(field, typed, btext)
            yield btext

    q._btexts = counted
    return q


def _typed(q: Query) -> str:
    """The term as the query gave it (``oil*``, ``*a*``, ``[a TO c]``)."""
    if isinstance(q, Q.Prefix):
        return f"{q.text}*"
    if isinstance(q, Q.TermRange):
        opening, closing = "{" if q.startexcl else "[", "}" if q.endexcl else "]"
        return f"{opening}{q.start or ''} TO {q.end or ''}{closing}"
    return str(q.text)


_BOUNDED = (Q.Wildcard, Q.Prefix, Q.TermRange)


def _a_term_of(schema: object, field: str, text: object) -> bool:
    """Whether a number or date field can hold ``text``. A quoted value (``date:""``) reaches
    such a field as a term of the text as typed: whoosh3 parses it to a query matching nothing,
    but whoosh-reloaded keeps it, and its date field then raises a bare ``Exception`` ("'' is
    not a parseable date") when the term is looked up, where every other bad value matches
    nothing."""
    try:
        kind = schema[field]  # type: ignore[index]
    except KeyError:
        return True
    if not isinstance(kind, fields.NUMERIC) or isinstance(text, bytes):
        return True
    try:
        kind.to_bytes(text)
    except Exception:  # (whatever the field raises: the value is not one of its terms)
        return False
    return True


def reweighted(q: Query, weights: dict[str, float], fields: Iterable[str]) -> Query:
    """``q`` with every term of ``fields`` whose text is in ``weights`` scored times its
    weight: the same documents match (and count for coordination), only the order changes."""
    wanted = frozenset(fields)

    def visit(sub: Query) -> Query:
        if type(sub) is Q.Term and sub.fieldname in wanted and sub.text in weights:
            return Q.Term(sub.fieldname, sub.text, boost=sub.boost * weights[sub.text])
        return sub if sub.is_leaf() else sub.apply(visit)

    return visit(q)
