"""Formatting results for people (tables, colour on a terminal) and for pipes (JSON, CSV, TSV,
paths, ids).

Every formatter is a generator of lines without their ends (``line_end`` says what ends them:
a newline, CRLF for CSV, NUL for ``--null``); nothing here prints. Article text is sanitised
before it reaches a terminal: escape sequences and control characters from articles are never
written raw. The one-article views (show, clean, stats) and the exports are in ``records.py``.
"""

from __future__ import annotations

import json
import os
import re
import textwrap
from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING, NamedTuple

from searcher.search.results import (
    MARK_END,
    MARK_START,
    Facet,
    Hit,
    SearchResult,
    Timeline,
    Version,
)
from searcher.text import sanitize

if TYPE_CHECKING:
    from collections.abc import Callable
    from typing import IO

SEARCH_FORMATS = ("table", "json", "jsonl", "tsv", "csv", "paths", "ids", "count")
# Formats that can carry facet counts (jsonl: a last line ``{"facets": …}``), that take
# ``--fields``, that take ``--null``.
FACET_FORMATS = ("table", "json", "jsonl")
FIELD_FORMATS = ("jsonl", "csv", "tsv")
NULL_FORMATS = ("paths", "ids")
HIT_FIELDS = ("id", "path", "title", "date", "outlet", "countries", "country_pairs", "officials",
              "score", "snippet")  # fmt: skip
COLUMNS = ("id", "date", "outlet", "country_pairs", "score", "title")  # tsv and csv by default
COLORS = ("auto", "always", "never")


class Style(NamedTuple):
    """How to draw for this output: colour or not, and the width to fit."""

    color: bool = False
    width: int = 80

    @classmethod
    def detect(cls, stream: IO[str], color: str = "auto") -> Style:
        """Colour on a terminal without NO_COLOR (``auto``), or as ``color`` says (``always``,
        ``never``: a flag given beats NO_COLOR); width from the terminal."""
        tty = hasattr(stream, "isatty") and stream.isatty()
        if color == "auto":
            on = tty and not os.environ.get("NO_COLOR") and os.environ.get("TERM") != "dumb"
        else:
            on = color == "always"
        width = 80
        if tty:
            try:
                width = max(40, min(os.get_terminal_size(stream.fileno()).columns, 120))
            except (OSError, ValueError):
                width = 80
        return cls(color=bool(on), width=width)

    def bold(self, text: str) -> str:
        return f"\x1b[1m{text}\x1b[0m" if self.color else text

    def dim(self, text: str) -> str:
        return f"\x1b[2m{text}\x1b[0m" if self.color else text

    def mark(self, text: str) -> str:
        return f"\x1b[1;31m{text}\x1b[0m" if self.color else text


def line_end(fmt: str, null: bool = False) -> str:
    """What ends each line of ``fmt``: NUL with ``--null``, CRLF for CSV (RFC 4180), else a
    newline."""
    if null:
        return "\0"
    return "\r\n" if fmt == "csv" else "\n"


def plain_snippet(snippet: str) -> str:
    """The snippet without highlight markers, on one line, safe for any output."""
    return sanitize(snippet.replace(MARK_START, "").replace(MARK_END, ""), keep_newlines=False)


def safe_name(name: str) -> str:
    """A path or an id as written, spaces kept, with escape sequences and control characters
    (tabs and newlines too) taken out: one field of one line."""
    return sanitize(name).replace("\n", "").replace("\t", "")


# What a path or id cannot hold as one plain line: a newline, a tab, any other control
# character, a bidirectional override; and a name that starts as a quoted one does.
_UNPLAIN = re.compile(r"[\x00-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069]|^\$'")
_ESCAPES = {"\\": "\\\\", "'": "\\'", "\n": "\\n", "\t": "\\t", "\r": "\\r", "\x1b": "\\e"}
QUOTED_NOTE = (
    "defsearch: {n} {what} held a newline or a control character: written quoted as"
    " $'…' (as bash and zsh read it); with -0 each is written as it is, for xargs -0"
)


def shell_quoted(name: str) -> str:
    """``name`` as one line that bash and zsh read back as exactly ``name``: ``$'…'`` with
    backslash escapes for quotes, backslashes and control characters (``$'a\\nb.txt'``)."""
    out = []
    for ch in name:
        code = ord(ch)
        if ch in _ESCAPES:
            out.append(_ESCAPES[ch])
        elif _UNPLAIN.match(ch):  # (\x for ASCII; \u for the rest, as UTF-8 encodes it)
            out.append(f"\\x{code:02x}" if code < 0x80 else f"\\u{code:04x}")
        else:
            out.append(ch)
    return "$'" + "".join(out) + "'"


def _names(hits: Iterable[Hit], fmt: str, path_of: Callable[[Hit], str] | None,
           null: bool, notes: list[str] | None) -> Iterator[str]:  # fmt: skip
    """The paths or ids of ``hits``, each once. A name that a line cannot hold as it is (a
    newline, a control character) is written quoted (``shell_quoted``), and ``notes`` says
    so; with ``null`` (NUL-terminated) only escape sequences and control characters other
    than newline and tab are taken out."""
    seen = set()
    quoted = 0
    for h in hits:
        name = h.id if fmt == "ids" else path_of(h) if path_of else h.path
        if name in seen:
            continue
        seen.add(name)
        if null:
            yield sanitize(name)
        elif _UNPLAIN.search(name):
            quoted += 1
            yield shell_quoted(name)
        else:
            yield name
    if quoted and notes is not None:
        what = ("id" if fmt == "ids" else "path") + ("s" if quoted > 1 else "")
        notes.append(QUOTED_NOTE.format(n=quoted, what=what))


def hit_dict(hit: Hit, fields: Iterable[str] | None = None) -> dict:
    """The stable JSON shape of one hit (documented in the README), or only ``fields``."""
    full = {
        "id": hit.id,
        "path": hit.path,
        "title": hit.title,
        "date": hit.date,
        "outlet": hit.outlet,
        "countries": list(hit.countries),
        "country_pairs": list(hit.country_pairs),
        "officials": list(hit.officials),
        "score": hit.score,
        "snippet": plain_snippet(hit.snippet),
    }
    if hit.versions is not None:  # (--collapse: the story's other versions)
        full["versions"] = list(hit.versions)
    return full if fields is None else {name: full[name] for name in fields}


def versions_lines(doc_id: str, versions: Iterable[Version], fmt: str) -> Iterator[str]:
    """``show --versions``: the story's versions other than ``doc_id``, as JSON (``{"id",
    "versions": [{"id", "date", "outlet", "title"}]}``) or a line each (id · date · outlet ·
    title)."""
    others = [v for v in versions if v.id != doc_id]
    if fmt == "json":
        yield dumps({"id": doc_id, "versions": [v._asdict() for v in others]})
        return
    for v in others:
        about = " · ".join(x for x in (v.date or "no date", v.outlet, v.title) if x)
        yield f"{safe_name(v.id)} · {sanitize(about, keep_newlines=False)}"


def facets_dict(facets: Iterable[Facet]) -> dict:
    """datasette's facet shape: ``{field: {results: [{value, label, count}], truncated}}``."""
    return {
        f.name: {
            "results": [{"value": c.value, "label": c.label, "count": c.count} for c in f.results],
            "truncated": f.truncated,
        }
        for f in facets
    }


def timeline_dict(timeline: Timeline) -> dict:
    """``{"unit", "buckets": [{"period", "count"}], "undated", "total"}``."""
    return {
        "unit": timeline.unit,
        "buckets": [{"period": b.period, "count": b.count} for b in timeline.buckets],
        "undated": timeline.undated,
        "total": timeline.total,
    }


def _head(result: SearchResult) -> dict:
    if result.stories is not None:  # (grouped by story: articles and stories)
        return {"query": result.query, "total": result.total, "stories": result.stories}
    return {"query": result.query, "total": result.total}


def _tail(result: SearchResult, timeline: Timeline | None) -> dict:
    out: dict = {"facets": facets_dict(result.facets)}
    if result.suggestion:
        out["suggestion"] = result.suggestion
    if timeline is not None:
        out["timeline"] = timeline_dict(timeline)
    return out


def result_dict(result: SearchResult, timeline: Timeline | None = None) -> dict:
    """The whole answer as one JSON object (reads every hit of a streamed result)."""
    return {**_head(result), "hits": [hit_dict(h) for h in result.hits], **_tail(result, timeline)}


def dumps(obj: object) -> str:
    """Compact, stable JSON (non-ASCII kept; control characters escaped: json escapes those
    below U+0020, and DEL, the C1 controls and the bidirectional overrides are escaped here,
    so that no string from the corpus acts on a terminal)."""
    text = json.dumps(obj, ensure_ascii=False, separators=(", ", ": "))
    return _UNSAFE_IN_JSON.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


# (they never occur in JSON's own syntax, only inside strings: escaping them keeps the data)
_UNSAFE_IN_JSON = re.compile("[\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069\u2028\u2029]")


def _clip(text: str, width: int) -> str:
    return text if len(text) <= width else text[: max(width - 1, 1)] + "…"


def search_lines(
    result: SearchResult,
    fmt: str,
    style: Style,
    offset: int = 0,
    path_of: Callable[[Hit], str] | None = None,
    fields: tuple[str, ...] | None = None,
    timeline: Timeline | None = None,
    null: bool = False,
    notes: list[str] | None = None,
) -> Iterator[str]:
    """Lines for one search result in one of SEARCH_FORMATS (``fields`` for jsonl, csv and
    tsv; ``timeline`` goes into json; ``null``: paths and ids end with NUL). Hits are written
    as they come: a streamed result's hits are read once, one at a time. What the caller
    should tell on stderr once the lines are written is added to ``notes``."""
    if fmt == "count":
        yield str(result.total)
    elif fmt == "json":
        if isinstance(result.hits, tuple):
            yield dumps(result_dict(result, timeline))
        else:  # (streamed: one hit a line, inside the one object)
            yield dumps(_head(result))[:-1] + ', "hits": ['
            for n, h in enumerate(result.hits):
                yield ("" if n == 0 else ", ") + dumps(hit_dict(h))
            yield "], " + dumps(_tail(result, timeline))[1:]
    elif fmt == "jsonl":
        for h in result.hits:
            yield dumps(hit_dict(h, fields))
        if result.facets:  # (asked for with --facet: the last line)
            yield dumps({"facets": facets_dict(result.facets)})
    elif fmt in ("paths", "ids"):
        yield from _names(result.hits, fmt, path_of, null, notes)
    elif fmt in ("tsv", "csv"):
        yield from _rows(result.hits, fields or COLUMNS, fmt)
    else:
        yield from _table(result, style, offset)


def _cell(hit: Hit, field: str) -> str:
    if field == "score":
        return f"{hit.score:.4f}"
    if field == "snippet":
        return plain_snippet(hit.snippet)
    value = getattr(hit, field)
    if isinstance(value, tuple):
        return ",".join(sanitize(v, keep_newlines=False) for v in value)
    if field in ("id", "path"):
        return safe_name(value)
    return sanitize(value or "", keep_newlines=False)


def _rows(hits: Iterable[Hit], fields: tuple[str, ...], fmt: str) -> Iterator[str]:
    """A header, then a row per hit: tab-separated (tabs in values become spaces), or CSV as
    RFC 4180 has it (a value holding a comma or a quote quoted, quotes doubled)."""
    if fmt == "tsv":
        yield "\t".join(fields)
        for h in hits:
            yield "\t".join(_cell(h, f).replace("\t", " ") for f in fields)
        return
    yield ",".join(fields)
    for h in hits:
        yield ",".join(_csv_value(_cell(h, f)) for f in fields)


def _csv_value(value: str) -> str:
    if any(c in value for c in ',"\r\n'):
        return '"' + value.replace('"', '""') + '"'
    return value


FIRST_SENTENCE = "(first sentence)"  # marks what stands in for a missing title


def headline(title: str | None, lede: str | None) -> str:
    """An article's title; without one, its first sentence, marked as such."""
    if title:
        return sanitize(title, keep_newlines=False)
    if lede:
        return f"{FIRST_SENTENCE} {sanitize(lede, keep_newlines=False)}"
    return "(no title)"


def _table(result: SearchResult, style: Style, offset: int) -> Iterator[str]:
    width = style.width
    n = offset
    for n, h in enumerate(result.hits, start=offset + 1):
        line = _clip(f"{n:>3}. {headline(h.title, h.lede)}", width)
        if not h.title and style.color:
            line = line.replace(FIRST_SENTENCE, style.dim(FIRST_SENTENCE) + "\x1b[1m", 1)
        yield style.bold(line)
        about = " · ".join(x for x in (h.date or "no date", h.outlet, ", ".join(h.country_pairs))
                           if x)  # fmt: skip
        about = sanitize(about, keep_newlines=False)
        doc_id = safe_name(h.id)
        # the id is never cut (it is what `defsearch show` takes): on its own line if need be
        if len(about) + len(doc_id) + 8 <= width:
            yield style.dim(f"     {about} · {doc_id}")
        else:
            yield style.dim(_clip(f"     {about}", width))
            yield style.dim(f"     {doc_id}")
        if h.versions:  # (--collapse: the outlets of every version)
            told = f"{len(h.versions) + 1} versions: {', '.join(h.outlets) or 'outlets unknown'}"
            yield style.dim(_clip(f"     {sanitize(told, keep_newlines=False)}", width))
        snippet = plain_snippet(h.snippet)
        if snippet:
            for line in textwrap.wrap(snippet, width - 5)[:3]:
                yield "     " + (_highlight_words(line, h.snippet, style) if style.color else line)
        yield ""
    shown_range = f"{offset + 1}–{n}" if n > offset else "none"
    total = f"{result.total} match{'es' if result.total != 1 else ''}"
    if result.stories is not None:
        total += f", {result.stories} stor{'ies' if result.stories != 1 else 'y'}"
    yield f"{total} (showing {shown_range})"
    for facet in result.facets:
        yield from facet_lines(facet, style)


def _highlight_words(line: str, snippet: str, style: Style) -> str:
    words = {w.lower() for w in re.findall(f"{MARK_START}([^{MARK_END}]*){MARK_END}", snippet)}
    if not words:
        return line
    rx = re.compile(
        r"\b(" + "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True)) + r")\b", re.I
    )
    return rx.sub(lambda m: style.mark(m.group(0)), line)


def facet_lines(facet: Facet, style: Style, more: str = "--facet-limit") -> Iterator[str]:
    """A facet as an aligned two-column table with its label and code; ``more`` is the option
    that shows more values."""
    yield ""
    yield style.bold(facet.name)
    if not facet.results:
        yield "  (none)"
    for c in facet.results:
        label = sanitize(c.label, keep_newlines=False)
        value = sanitize(c.value, keep_newlines=False)
        name = label if label == value else f"{label} ({value})"
        yield f"  {_clip(name, style.width - 12):<{min(style.width - 12, 60)}} {c.count:>7}"
    if facet.truncated:
        yield style.dim(f"  … more values (raise {more}; 0 shows all)")


def facet_only_lines(facet: Facet, fmt: str, style: Style) -> Iterator[str]:
    """Output of `defsearch facets`."""
    if fmt == "json":
        yield dumps(facets_dict([facet]))
    elif fmt == "jsonl":
        for c in facet.results:
            yield dumps({"value": c.value, "label": c.label, "count": c.count})
    elif fmt == "tsv":
        yield "value\tlabel\tcount"
        for c in facet.results:
            yield f"{sanitize(c.value, False)}\t{sanitize(c.label, False)}\t{c.count}"
    else:
        yield from list(facet_lines(facet, style, more="--limit"))[1:]


def timeline_lines(timeline: Timeline, style: Style) -> Iterator[str]:
    """Matches per day, month or year as a horizontal bar chart (periods without matches
    included), under a line saying how many matches it leaves out for want of a date."""
    dated = timeline.total - timeline.undated
    undated = f" ({timeline.undated} undated, not shown)" if timeline.undated else ""
    if not timeline.buckets:
        yield f"timeline: no dated matches{undated}"
        return
    yield f"timeline by {timeline.unit}: {dated} of {timeline.total} matches{undated}"
    peak = max(b.count for b in timeline.buckets) or 1
    label_width = max(len(b.period) for b in timeline.buckets)
    bar_width = max(style.width - label_width - 9, 10)
    for b in timeline.buckets:
        bar = "█" * max(1 if b.count else 0, round(b.count / peak * bar_width))
        yield f"{b.period:<{label_width}} {b.count:>6} {bar}"
