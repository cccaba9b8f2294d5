"""One search answered from the index files without Whoosh: what ``search/handle.py``'s
``Index.search`` computes (query, boosts, exclusions, scores, page, facet counts, hits with
snippets) and the lines ``output.py`` writes for it, for the requests ``argv.py`` accepts.

Whatever it cannot answer exactly (an index in another layout or analysis, one whose checksums
say it is damaged, no match, which the full path answers with a suggestion) raises ``Fallback``
before anything is written: the full command then runs and answers.
"""

from __future__ import annotations

import os
import re
import zlib
from bisect import bisect_right
from collections import Counter

from searcher.fast import jsonc, syntax
from searcher.fast.evaluate import Evaluator, top
from searcher.fast.labels import Labels
from searcher.fast.parse import Query, Unsupported, parse
from searcher.fast.segments import Segment, live_toc, read_toc
from searcher.fast.snippets import MARK_END, MARK_START, snippet
from searcher.fast.terms import SNOWBALL, STOP_WORDS, TOKEN_PATTERN
from searcher.text import sanitize

TYPE_CHECKING = False  # (typing.TYPE_CHECKING without importing typing: ~2 ms a start)

if TYPE_CHECKING:
    from collections.abc import Callable
    from typing import Any

FACET_FIELDS = ("pair", "country", "official", "outlet", "year", "month")  # (schema's)
FACET_SEP = b"\x1e"
COUNTRY_BOOST = 2.0
SMALL = 256 * 1024  # (engine/checksums.py: files verified whole on every open)
EVERY: Query = ("every",)


class Fallback(Exception):
    """The fast path cannot answer this exactly: the full command answers."""


class Request:
    """A search the fast path answers (the options of ``defsearch search`` it reads). (A
    plain class: a NamedTuple costs ``typing`` and a class build on every start.)"""

    __slots__ = ("facet_limit", "facets", "fmt", "index_dir", "limit", "limit_given", "offset",
                 "query")  # fmt: skip

    def __init__(self, query: str, index_dir: str, facets: tuple[str, ...], facet_limit: int,
                 limit: int, offset: int, fmt: str, limit_given: bool) -> None:  # fmt: skip
        self.query = query
        self.index_dir = index_dir
        self.facets = facets
        self.facet_limit = facet_limit
        self.limit = limit
        self.offset = offset
        self.fmt = fmt
        self.limit_given = limit_given


class Answer:
    """What the command writes: stdout, stderr and the exit code."""

    __slots__ = ("code", "err", "out")

    def __init__(self, out: str, err: str, code: int) -> None:
        self.out = out
        self.err = err
        self.code = code


# --- the index folder --------------------------------------------------------------------------


def _version(root: str) -> str:
    """The live version folder (store.require_version's, without its errors: those fall back)."""
    with open(os.path.join(root, "CURRENT"), "rb") as f:
        name = f.read(64).decode("ascii", "replace").strip()
    if not (name.startswith("v") and name[1:].isdigit()):
        raise Fallback("CURRENT names no version")
    path = os.path.join(root, name)
    if not os.path.isdir(path):
        raise Fallback("no version folder")
    return path


def _read_json(path: str) -> dict | None:
    try:
        with open(path, encoding="utf-8") as f:
            data = jsonc.loads(f.read())
        return data if isinstance(data, dict) else None
    except (OSError, ValueError):
        return None


def _verify(folder: str, toc: str) -> None:
    """engine/checksums.py's ``require_intact(folder, full=False)``: any damage falls back."""
    path = os.path.join(folder, "checksums.json")
    try:
        with open(path, "rb") as f:
            data = jsonc.loads(f.read())
    except FileNotFoundError:
        return
    if not isinstance(data, dict) or data.get("format") != "defsearch-checksums":
        raise Fallback("checksums unreadable")
    try:
        files = {str(n): (int(s), int(c, 16)) for n, (s, c) in data["files"].items()}
        recorded = str(data["toc"])
    except (KeyError, TypeError, ValueError, AttributeError):
        raise Fallback("checksums unreadable") from None
    if recorded != toc:
        return
    for name, (size, crc) in files.items():
        full = os.path.join(folder, name)
        if os.path.getsize(full) != size:
            raise Fallback(f"{name} damaged")
        if size <= SMALL:
            with open(full, "rb") as f:
                if zlib.crc32(f.read()) != crc:
                    raise Fallback(f"{name} damaged")


_ANALYZER_ITEMS = ("whoosh.analysis.tokenizers.RegexTokenizer",
                   "searcher.engine.analysis.NormalizeFilter")  # fmt: skip


def _check_schema(schema: Any) -> frozenset[str]:
    """The schema's field names, once its title and body are analysed as ``terms.py`` does
    (setting 2) and its keyword fields are not scored; any other schema falls back."""
    fields = schema._fields
    for name in ("title", "body"):
        field = fields[name]
        items = field.analyzer.items
        if (
            field.kind != "searcher.engine.schema.Text"
            or field.format.kind != "searcher.engine.codec.Positions"
            or field.multitoken_query != "phrase"
            or not field.scorable
            or tuple(i.kind for i in items) != _ANALYZER_ITEMS
            or items[0].expression.args[0] != TOKEN_PATTERN
            or items[0].gaps
            or frozenset(items[1].stops) != STOP_WORDS
            or items[1].__dict__.get("stemmer") != SNOWBALL
            or items[1].__dict__.get("spellings") != 1
        ):
            raise Fallback(f"{name} analysed otherwise")
    for name in ("country", *FACET_FIELDS[:4]):
        if fields[name].kind != "searcher.engine.schema.Keyword" or fields[name].scorable:
            raise Fallback(f"{name} is not a keyword field")
    return frozenset(fields)


class Version:
    """The live version of an index folder, opened for one search."""

    def __init__(self, root: str) -> None:
        self.path = _version(root)
        toc = live_toc(self.path, os.listdir(self.path))
        if toc is None:
            raise Fallback("no table of contents")
        _verify(self.path, toc)
        schema, segments = read_toc(os.path.join(self.path, toc))
        self.fields = _check_schema(schema)
        self.segments: list[Segment] = []
        offset = 0
        for seg in segments:
            self.segments.append(Segment(self.path, seg, offset))
            offset += seg._doccount
        self.labels = Labels(os.path.join(self.path, "labels.json"))

    def segment_of(self, docnum: int) -> tuple[Segment, int]:
        starts = [s.offset for s in self.segments]
        seg = self.segments[bisect_right(starts, docnum) - 1]
        return seg, docnum - seg.offset

    def manifest(self) -> dict:
        return _read_json(os.path.join(self.path, "manifest.json")) or {}


# --- the query --------------------------------------------------------------------------------


def _parts(text: str) -> tuple[Query, Query | None]:
    """search/query.py's ``parse_parts``: the query without its top-level exclusions, and
    what those exclude."""
    if not text.strip():
        return EVERY, None
    syntax.check_syntax(text)
    kept, excluded = syntax.split_minus(text)
    q = EVERY if not kept.strip() else parse(kept)  # (a bare * falls back: parse refuses it)
    if not excluded:
        return q, None
    items = [_excluding(*_parts(item)) for item in excluded]
    return q, items[0] if len(items) == 1 else ("or", tuple(items), 1.0)


def _excluding(q: Query, excluded: Query | None) -> Query:
    return q if excluded is None else ("andnot", q, excluded)


def ranked(text: str, labels: Labels) -> Query:
    """handle.Index._queries's ranked query (no --any, no filters)."""
    q, excluded = _parts(text)
    countries = labels.facet("country")
    kept = syntax.split_minus(text)[0]
    variants = syntax.query_variants(kept, countries) if countries else {}
    codes = syntax.country_codes(kept, variants)
    if codes:
        boosts = tuple(("term", "country", c, COUNTRY_BOOST) for c in codes)
        q = ("andmaybe", q, ("or", boosts, 1.0))
    return _excluding(q, excluded)


def text_terms(q: Query) -> frozenset[str]:
    """Reader.query_terms(q, ("title", "body")): every term and phrase word of the query in
    title or body, those it excludes too."""
    found: set[str] = set()

    def visit(sub: Query) -> None:
        kind = sub[0]
        if kind == "term":
            if sub[1] in ("title", "body"):
                found.add(sub[2])
        elif kind == "phrase":
            if sub[1] in ("title", "body"):
                found.update(sub[2])
        elif kind in ("and", "or"):
            for s in sub[1]:
                visit(s)
        elif kind == "not":
            visit(sub[1])
        elif kind in ("andmaybe", "andnot"):
            visit(sub[1])
            visit(sub[2])

    visit(q)
    return frozenset(found)


# --- facets and hits --------------------------------------------------------------------------


def _facets(version: Version, names: tuple[str, ...], docnums: dict, limit: int) -> list:
    """[(facet, [(value, label, count)], truncated)] as search/facets.py and handle.py count."""
    if not names:
        return []
    tagged: Counter[bytes] = Counter()
    for seg in version.segments:
        lo, hi = seg.offset, seg.offset + seg.doc_count_all
        local = [d - lo for d in docnums if lo <= d < hi]
        if not local:
            continue
        # (each value's parts are its split: joined by the separator, split once)
        pieces = [value for value in seg.values("facets", local) if value]
        tagged.update(FACET_SEP.join(pieces).split(FACET_SEP) if pieces else ())
    counts: dict[str, Counter[str]] = {name: Counter() for name in names}
    wanted = {48 + FACET_FIELDS.index(name): counts[name] for name in names}
    for value, n in tagged.items():
        counter = wanted.get(value[0])
        if counter is not None:
            counter[value[1:].decode("utf-8")] = n
    out = []
    for name, found in counts.items():
        items = sorted(found.items(), key=lambda kv: (-kv[1], kv[0]))
        shown = items if limit <= 0 else items[:limit]
        label = version.labels.label
        out.append((name, [(v, label(name, v), n) for v, n in shown], len(shown) < len(items)))
    return out


def _hit(version: Version, docnum: int, score: float, terms: frozenset[str], snippets: bool):
    seg, local = version.segment_of(docnum)
    stored = seg.stored(local)
    record = jsonc.loads(stored.get("record") or "{}")
    text = ""
    if snippets:
        body = stored.get("body") or ""
        text = snippet(body, terms, spellings=2) if terms else ""
        if not text:
            text = " ".join(body[:200].split())
            if len(body) > 200:
                text += " …"
    return {
        "id": stored["id"],
        "path": stored.get("path") or stored["id"],
        "title": record.get("title"),
        "date": record.get("date"),
        "outlet": record.get("outlet"),
        "countries": list(record.get("countries", ())),
        "country_pairs": list(record.get("country_pairs", ())),
        "officials": [o["name"] for o in record.get("officials", ())],
        "score": round(float(score), 4),
        "snippet": _plain(text),
    }


def _plain(text: str) -> str:
    """output.plain_snippet, ``sanitize`` run only on a text it may change: one of printable
    characters, tabs and newlines holds none of the escapes and controls it removes, and
    sanitizing it only joins its words."""
    text = text.replace(MARK_START, "").replace(MARK_END, "")
    spaced = text.replace("\n", " ").replace("\t", " ")
    if spaced.isprintable():
        return " ".join(spaced.split())
    return sanitize(text, keep_newlines=False)


# --- output (output.py's shapes) --------------------------------------------------------------

# output._UNSAFE_IN_JSON's characters in two classes of at most two runs each: one class of four
# runs is compiled to a 64K-bit map, 0.2 ms of a one-shot search; these take 0.05 ms, compiled
# only for a text that is not printable (each of these characters is not)
_UNSAFE_IN_JSON = ("[\x7f-\x9f\u200e\u200f]", "[\u2028-\u202e\u2066-\u2069]")
_UNPLAIN = r"[\x00-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069]|^\$'"  # (compiled for ids)
_ESCAPES = {"\\": "\\\\", "'": "\\'", "\n": "\\n", "\t": "\\t", "\r": "\\r", "\x1b": "\\e"}
QUOTED_NOTE = (
    "defsearch: {n} {what} held a newline or a control character: written quoted as"
    " $'…' (as bash and zsh read it); with -0 each is written as it is, for xargs -0"
)


def dumps(obj: object) -> str:
    """output.dumps."""
    text = jsonc.dumps(obj)
    if text.isprintable():
        return text
    for unsafe in _UNSAFE_IN_JSON:  # (each writes ASCII: the second finds none of the first's)
        text = re.sub(unsafe, lambda m: f"\\u{ord(m.group()):04x}", text)
    return text


def shell_quoted(name: str) -> str:
    """output.shell_quoted."""
    out = []
    for ch in name:
        code = ord(ch)
        if ch in _ESCAPES:
            out.append(_ESCAPES[ch])
        elif re.match(_UNPLAIN, ch):
            out.append(f"\\x{code:02x}" if code < 0x80 else f"\\u{code:04x}")
        else:
            out.append(ch)
    return "$'" + "".join(out) + "'"


def _path_resolver(version: Version) -> Callable[[dict], str]:
    """cli._path_resolver."""
    roots = version.manifest().get("corpus", [])
    cwd = os.getcwd()

    def path_of(hit: dict) -> str:
        for root in roots:
            full = os.path.join(root, hit["path"])
            if os.path.exists(full) or len(roots) == 1:
                rel = os.path.relpath(full, cwd)
                return rel if not rel.startswith("..") else full
        return hit["path"]

    return path_of


def _names(hits: list[dict], fmt: str, path_of: Any, notes: list[str]) -> list[str]:
    """output._names without --null."""
    seen = set()
    quoted = 0
    out = []
    for h in hits:
        name = h["id"] if fmt == "ids" else path_of(h)
        if name in seen:
            continue
        seen.add(name)
        if re.search(_UNPLAIN, name):
            quoted += 1
            out.append(shell_quoted(name))
        else:
            out.append(name)
    if quoted:
        what = ("id" if fmt == "ids" else "path") + ("s" if quoted > 1 else "")
        notes.append(QUOTED_NOTE.format(n=quoted, what=what))
    return out


def _facets_dict(facets: list) -> dict:
    return {
        name: {
            "results": [{"value": v, "label": label, "count": n} for v, label, n in results],
            "truncated": truncated,
        }
        for name, results, truncated in facets
    }


def answer(request: Request) -> Answer:
    """The command's output for ``request``; raises Fallback (or any error) when the full path
    must answer."""
    version = Version(request.index_dir)
    q = ranked(request.query, version.labels)
    scores = Evaluator(version.segments, version.fields).scores(q)
    if not scores:
        raise Fallback("no match: the full path suggests a spelling")
    fmt = request.fmt
    snippets = fmt not in ("paths", "ids", "count")
    order = [d for d, _ in top(scores, request.offset + request.limit)][request.offset :]
    terms = text_terms(q) if snippets and order else frozenset()
    facets = _facets(version, request.facets, scores, request.facet_limit)
    hits = [_hit(version, d, scores[d], terms, snippets) for d in order]
    total = len(scores)
    notes: list[str] = []
    if fmt == "count":
        lines = [str(total)]
    elif fmt == "json":
        lines = [dumps({"query": request.query, "total": total, "hits": hits,
                        "facets": _facets_dict(facets)})]  # fmt: skip
    elif fmt == "jsonl":
        lines = [dumps(h) for h in hits]
        if facets:
            lines.append(dumps({"facets": _facets_dict(facets)}))
    elif fmt in ("ids", "paths"):
        lines = _names(hits, fmt, _path_resolver(version) if fmt == "paths" else None, notes)
    else:
        raise Unsupported(fmt)
    err = [sanitize(note) for note in notes]
    if not request.limit_given and request.limit and fmt not in ("table", "json", "count"):
        shown = max(0, min(request.limit, total - request.offset))
        if request.offset + shown < total:
            err.append(
                f"defsearch: wrote {shown} of {total} matches; --all writes every one (or"
                f" --limit N)"
            )
    return Answer("".join(line + "\n" for line in lines), "".join(e + "\n" for e in err), 0)
