"""Query text → a query tree, as Whoosh's parser (``engine/queries.py``'s configuration) builds
it and normalises it, for the syntax the fast path reads: words, "phrases", AND, OR, NOT and
parentheses. Any other syntax (fields, wildcards, ranges, boosts, single quotes, slop, ANDNOT,
ANDMAYBE, REQUIRE) raises ``Unsupported`` and the full path parses the query.

The steps are Whoosh 2.7's, in its order: its taggers at each position (``QueryParser.tag``),
brackets to groups, each unfielded word or phrase an OR of a title and a body copy
(``MultifieldPlugin``), whitespace dropped, then the operators (NOT, AND, OR; each merging into a
group of its own kind on its left, as ``InfixOperator.replace_self`` does), then ``query()`` and
``normalize()``. Queries are tuples (``Query``), equal and hashable as Whoosh's are::

    ("term", field, text, boost)    ("phrase", field, words, boost)   (slop 1)
    ("and", subqueries, boost)      ("or", subqueries, boost)          ("not", query)
    ("andmaybe", a, b)              ("andnot", a, b)                   ("every",)   NULL
"""

from __future__ import annotations

from searcher.fast.terms import query_terms

TYPE_CHECKING = False  # (typing.TYPE_CHECKING without importing typing: ~2 ms a start)

if TYPE_CHECKING:
    from typing import Any

Query = tuple
NULL: Query = ("null",)
FIELDS = ("title", "body")


class Unsupported(Exception):
    """Syntax the fast path does not read (the full path parses it)."""


# Characters that start a tagger of Whoosh's that the fast path leaves to the full path:
# wildcards (and the question marks Whoosh's takes for one), boosts, fields, ranges, slop.
_OTHERS = frozenset("*?\u055e\u061f\u1367^:[]{}~")


class _Node:
    __slots__ = ("kind", "text")

    def __init__(self, kind: str, text: str) -> None:
        self.kind = kind  # word, phrase, not, and, or, ws, open, close
        self.text = text


class _Group:
    __slots__ = ("kind", "nodes")

    def __init__(self, kind: str, nodes: list | None = None) -> None:
        self.kind = kind  # and, or, not
        self.nodes: list[Any] = nodes if nodes is not None else []


def _word_char(ch: str) -> bool:
    """What ``\\w`` matches (sre's Unicode word test: alphanumeric, or the underscore)."""
    return ch.isalnum() or ch == "_"


def _operator(text: str, pos: int, word: str, after_bracket: bool = False) -> bool:
    """Whether the operator ``word`` is at ``pos`` as Whoosh's tagger takes it: a space (\\s,
    which is str.isspace) after it and before it (NOT: or the start, or a bracket)."""
    end = pos + len(word)
    if not (text.startswith(word, pos) and end < len(text) and text[end].isspace()):
        return False
    if after_bracket and (pos == 0 or text[pos - 1] in "()"):
        return True
    return pos > 0 and text[pos - 1].isspace()


def _match(text: str, pos: int) -> _Node | None:
    """The node Whoosh's taggers make at ``pos``, tried in its order (ANDNOT, ANDMAYBE,
    phrase, brackets, NOT, AND, OR, REQUIRE, whitespace); None where none matches."""
    ch = text[pos]
    if _operator(text, pos, "ANDNOT") or _operator(text, pos, "ANDMAYBE"):
        raise Unsupported("ANDNOT and ANDMAYBE")
    if ch == '"':  # ("(?P<text>.*?)": the next quote on the same line)
        end = text.find('"', pos + 1)
        if end >= 0 and "\n" not in text[pos + 1 : end]:
            return _Node("phrase", text[pos + 1 : end])
        return None
    if ch == "(" or ch == ")":
        return _Node("open" if ch == "(" else "close", ch)
    for word, kind in (("NOT", "not"), ("AND", "and"), ("OR", "or")):
        if _operator(text, pos, word, after_bracket=kind == "not"):
            return _Node(kind, word)
    if text.startswith("REQUIRE", pos) and (pos == 0 or text[pos - 1].isspace()):
        end = pos + 7
        if end < len(text) and text[end].isspace():
            raise Unsupported("REQUIRE")
    if ch.isspace():
        end = pos + 1
        while end < len(text) and text[end].isspace():
            end += 1
        return _Node("ws", text[pos:end])
    return None


def _tag(text: str) -> list[_Node]:
    """QueryParser.tag: the nodes of the taggers, and the words between them."""
    if not _OTHERS.isdisjoint(text):
        raise Unsupported("syntax the fast path does not read")
    for i, ch in enumerate(text):  # (where Whoosh's single-quote tagger could start)
        if ch == "'" and (i == 0 or not _word_char(text[i - 1])):
            raise Unsupported("single quotes")
    out: list[_Node] = []
    prev = pos = 0
    n = len(text)
    while pos < n:
        node = _match(text, pos)
        if node is None:
            pos += 1
            continue
        if prev < pos:
            out.append(_Node("word", text[prev:pos]))
        out.append(node)
        # (a phrase spans its quotes; other nodes their text)
        pos += len(node.text) + 2 if node.kind == "phrase" else len(node.text)
        prev = pos
    if prev < n:
        out.append(_Node("word", text[prev:]))
    return out


def _groups(nodes: list[_Node]) -> _Group:
    """GroupPlugin.do_groups (brackets are balanced: check_syntax ran)."""
    stack = [_Group("and")]
    for node in nodes:
        if node.kind == "open":
            stack.append(_Group("and"))
        elif node.kind == "close":
            if len(stack) > 1:
                last = stack.pop()
                stack[-1].nodes.append(last)
        else:
            stack[-1].nodes.append(node)
    top = stack[0]
    if len(stack) > 1:
        raise Unsupported("unbalanced brackets")
    if len(top.nodes) == 1 and isinstance(top.nodes[0], _Group):
        top = top.nodes[0]
    return top


def _multifield(group: _Group) -> _Group:
    """MultifieldPlugin, then WhitespacePlugin.remove_whitespace."""
    out = _Group(group.kind)
    for node in group.nodes:
        if isinstance(node, _Group):
            out.nodes.append(_multifield(node))
        elif node.kind in ("word", "phrase"):
            out.nodes.append(_Group("or", [(f, node) for f in FIELDS]))
        elif node.kind != "ws":
            out.nodes.append(node)
    return out


def _operators(group: _Group) -> _Group:
    """OperatorsPlugin.do_operators: NOT, then AND, then OR, each left to right."""
    nodes = group.nodes
    for op in ("not", "and", "or"):
        i = 0
        while i < len(nodes):
            t = nodes[i]
            if not (isinstance(t, _Node) and t.kind == op):
                i += 1
                continue
            if op == "not":  # (prefix)
                length = len(nodes)
                del nodes[i]
                if i < length - 1:
                    nodes[i] = _Group("not", [nodes[i]])
            elif 0 < i < len(nodes) - 1:
                left, right = nodes[i - 1], nodes[i + 1]
                if isinstance(left, _Group) and left.kind == op:
                    left.nodes.append(right)
                    del nodes[i : i + 2]
                else:
                    nodes[i - 1 : i + 2] = [_Group(op, [left, right])]
            else:
                del nodes[i]
    for i, t in enumerate(nodes):
        if isinstance(t, _Group):
            nodes[i] = _operators(t)
    return group


def _truthy(q: Query | None) -> bool:
    """A Whoosh query's truth: a compound query is false when it has no subqueries."""
    if q is None:
        return False
    return not (q[0] in ("and", "or") and not q[1])


def _leaf(field: str, node: _Node) -> Query | None:
    words = query_terms(node.text)
    if node.kind == "phrase":
        return ("phrase", field, tuple(words), 1.0)
    if not words:
        return None
    if len(words) > 1:
        return ("phrase", field, tuple(words), 1.0)
    return ("term", field, words[0], 1.0)


def _query(node: Any) -> Query | None:
    if isinstance(node, tuple):  # (field, a word or phrase node)
        return _leaf(*node)
    if isinstance(node, _Node):
        raise Unsupported(f"operator {node.text} left over")
    if node.kind == "not":
        q = _query(node.nodes[0])
        return ("not", q) if _truthy(q) else None
    subs = [q for q in map(_query, node.nodes) if q is not None]
    return (node.kind, tuple(subs), 1.0)


def normalize(q: Query) -> Query:
    """Whoosh's ``normalize()`` of each query type the parser builds."""
    kind = q[0]
    if kind == "phrase":
        if not q[2]:
            return NULL
        if len(q[2]) == 1:
            return ("term", q[1], q[2][0], 1.0)
        return q
    if kind == "not":
        sub = normalize(q[1])
        return NULL if sub is NULL else ("not", sub)
    if kind not in ("and", "or"):
        return q
    subqueries: list[Query] = []
    for s in q[1]:
        s = normalize(s)
        if s[0] == kind:
            subqueries += [_with_boost(ss, _boost(ss) * s[2]) for ss in s[1]]
        else:
            subqueries.append(s)
    if all(s is NULL or s == NULL for s in subqueries):
        return NULL
    subqs: list[Query] = []
    seen: set[Query] = set()
    for s in subqueries:
        if s in seen:
            continue
        seen.add(s)
        subqs.append(s)
    subqs = [s for s in subqs if s != NULL]
    if not subqs:
        return NULL
    if len(subqs) == 1:
        sub = subqs[0]
        if not (q[2] == 1.0 and _boost(sub) == 1.0):
            raise Unsupported("boosts")
        return sub
    return (kind, tuple(subqs), q[2])


def _boost(q: Query) -> float:
    if q[0] in ("term", "phrase"):
        return q[3]
    if q[0] in ("and", "or"):
        return q[2]
    return 1.0


def _with_boost(q: Query, boost: float) -> Query:
    if boost == _boost(q):
        return q
    raise Unsupported("boosts")


def parse(text: str) -> Query:
    """The normalised query of ``text`` over title and body, every bare word required."""
    group = _operators(_multifield(_groups(_tag(text))))
    q = _query(group)
    if not _truthy(q):
        return NULL
    assert q is not None
    return normalize(q)
