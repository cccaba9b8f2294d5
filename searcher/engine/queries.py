"""Queries as the engine takes them: query text parsed by Whoosh's parser, and constructors for
the clauses the search layer adds (filters, ranking boosts). Outside the engine a query is an
opaque value built only through these functions."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence

from whoosh import fields
from whoosh import query as Q
from whoosh.qparser import AndGroup, FieldAliasPlugin, MultifieldParser, OrGroup
from whoosh.query import Query  # (a name mypy takes as a type; ``Q.Query`` assigned is not)

Normalise = Callable[[str, str], "str | None"]  # (field, value typed) -> indexed term, or None


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


def parse(
    text: str,
    schema: object,
    any_word: bool,
    aliases: dict[str, list[str]],
    normalise: Normalise,
    keyword_fields: Iterable[str],
) -> Query:
    """Query text → query over title and body (bare words all required unless ``any_word``);
    ``field:value`` terms of ``keyword_fields`` pass through ``normalise`` (None: match nothing).
    Raises ValueError with Whoosh's message when the parser fails."""
    key = (id(schema), any_word)
    parser = _parsers.get(key)
    if parser is None:  # one parser per schema and mode, reused (batch mode asks thousands)
        group = OrGroup.factory(0.9) if any_word else AndGroup
        # (no field boost here: the title's weight is its field boost, applied at index time;
        # both at once ranked worse, bench/README.md "Title weight")
        parser = MultifieldParser(["title", "body"], schema, group=group)
        parser.add_plugin(FieldAliasPlugin(aliases))
        _parsers[key] = parser
    try:
        q = parser.parse(text)
    except Exception as exc:  # (Whoosh raises whatever its plugins raise)
        raise ValueError(str(exc)) from None
    return _rewrite(q, frozenset(keyword_fields), normalise, schema)


def _rewrite(q: Query, fields: frozenset[str], normalise: Normalise, schema: object) -> Query:
    if isinstance(q, Q.Term) and q.fieldname in fields:
        value = normalise(q.fieldname, str(q.text))
        return Q.Term(q.fieldname, value, boost=q.boost) if value else Q.NullQuery
    if isinstance(q, Q.Term) and not _a_term_of(schema, q.fieldname, q.text):
        return Q.NullQuery
    return q if q.is_leaf() else q.apply(lambda sub: _rewrite(sub, fields, normalise, schema))


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
