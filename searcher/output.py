"""Formatting results for people (tables, colour on a terminal) and for pipes (JSON, TSV, paths).

Every formatter is a generator of lines; nothing here prints. Article text is sanitised before it
reaches a terminal: escape sequences and control characters from articles are never written raw.
"""

from __future__ import annotations

import json
import os
import re
import textwrap
from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING, NamedTuple

from searcher.search.results import MARK_END, MARK_START, Facet, Hit, SearchResult
from searcher.text import sanitize

if TYPE_CHECKING:
    from collections.abc import Callable
    from typing import IO

    from searcher.models import CleanedArticle, Extraction

SEARCH_FORMATS = ("table", "json", "jsonl", "tsv", "paths", "count")


class Style(NamedTuple):
    """How to draw for this output: colour or not, and the width to fit."""

    color: bool = False
    width: int = 80

    @classmethod
    def detect(cls, stream: IO[str]) -> Style:
        """Colour only on a terminal and only without NO_COLOR; width from the terminal."""
        tty = hasattr(stream, "isatty") and stream.isatty()
        color = tty and not os.environ.get("NO_COLOR") and os.environ.get("TERM") != "dumb"
        width = 80
        if tty:
            try:
                width = max(40, min(os.get_terminal_size(stream.fileno()).columns, 120))
            except (OSError, ValueError):
                width = 80
        return cls(color=bool(color), width=width)

    def bold(self, text: str) -> str:
        return f"\x1b[1m{text}\x1b[0m" if self.color else text

    def dim(self, text: str) -> str:
        return f"\x1b[2m{text}\x1b[0m" if self.color else text

    def mark(self, text: str) -> str:
        return f"\x1b[1;31m{text}\x1b[0m" if self.color else text


def plain_snippet(snippet: str) -> str:
    """The snippet without highlight markers, on one line, safe for any output."""
    return sanitize(snippet.replace(MARK_START, "").replace(MARK_END, ""), keep_newlines=False)


def hit_dict(hit: Hit) -> dict:
    """The stable JSON shape of one hit (documented in the README)."""
    return {
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


def facets_dict(facets: Iterable[Facet]) -> dict:
    """datasette's facet shape: ``{field: {results: [{value, label, count}], truncated}}``."""
    return {
        f.name: {
            "results": [{"value": c.value, "label": c.label, "count": c.count} for c in f.results],
            "truncated": f.truncated,
        }
        for f in facets
    }


def result_dict(result: SearchResult) -> dict:
    """The whole answer as one JSON object."""
    out = {
        "query": result.query,
        "total": result.total,
        "hits": [hit_dict(h) for h in result.hits],
        "facets": facets_dict(result.facets),
    }
    if result.suggestion:
        out["suggestion"] = result.suggestion
    return out


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
) -> Iterator[str]:
    """Lines for one search result in one of SEARCH_FORMATS."""
    if fmt == "count":
        yield str(result.total)
    elif fmt == "json":
        yield dumps(result_dict(result))
    elif fmt == "jsonl":
        for h in result.hits:
            yield dumps(hit_dict(h))
    elif fmt == "paths":
        seen = set()
        for h in result.hits:
            path = path_of(h) if path_of else h.path
            if path not in seen:
                seen.add(path)
                yield sanitize(path, keep_newlines=False)
    elif fmt == "tsv":
        yield "id\tdate\toutlet\tcountry_pairs\tscore\ttitle"
        for h in result.hits:
            cells = [h.id, h.date or "", h.outlet or "", ",".join(h.country_pairs), f"{h.score:.4f}",
                     h.title or ""]  # fmt: skip
            yield "\t".join(sanitize(c, keep_newlines=False).replace("\t", " ") for c in cells)
    else:
        yield from _table(result, style, offset)


def _table(result: SearchResult, style: Style, offset: int) -> Iterator[str]:
    width = style.width
    for n, h in enumerate(result.hits, start=offset + 1):
        title = sanitize(h.title or "(no title)", keep_newlines=False)
        yield style.bold(_clip(f"{n:>3}. {title}", width))
        meta = " · ".join(x for x in (h.date or "no date", h.outlet, ", ".join(h.country_pairs),
                                      h.id) if x)  # fmt: skip
        meta = sanitize(meta, keep_newlines=False)
        yield style.dim(_clip(f"     {meta}", width))
        plain = plain_snippet(h.snippet)
        if plain:
            for line in textwrap.wrap(plain, width - 5)[:3]:
                yield "     " + (_highlight_words(line, h.snippet, style) if style.color else line)
        yield ""
    shown = f"{offset + 1}–{offset + len(result.hits)}" if result.hits else "none"
    yield f"{result.total} match{'es' if result.total != 1 else ''} (showing {shown})"
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


def facet_lines(facet: Facet, style: Style) -> Iterator[str]:
    """A facet as an aligned two-column table with its label and code."""
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
        yield style.dim("  … more values (raise --facet-limit)")


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
        yield from list(facet_lines(facet, style))[1:]


def timeline_lines(months: dict[str, int], style: Style) -> Iterator[str]:
    """Matches per month as a horizontal bar chart, months without matches included."""
    if not months:
        yield "timeline: no dated matches"
        return
    keys = sorted(months)
    y, m = map(int, keys[0].split("-"))
    last = tuple(map(int, keys[-1].split("-")))
    span: list[str] = []
    while (y, m) <= last and len(span) < 600:
        span.append(f"{y:04d}-{m:02d}")
        y, m = (y + 1, 1) if m == 12 else (y, m + 1)
    peak = max(months.values())
    bar_width = max(style.width - 18, 10)
    for key in span:
        n = months.get(key, 0)
        bar = "█" * max(1 if n else 0, round(n / peak * bar_width))
        yield f"{key} {n:>6} {bar}"


def _date_line(record: dict) -> str | None:
    """``2025-02-07 (text)``; a date whose year the text does not fix: ``year unknown (--07-28)``."""
    if record.get("date"):
        return f"{record['date']} ({record.get('date_source')})"
    if record.get("date_partial"):
        return f"year unknown ({record['date_partial']}, month and day from the text)"
    return None


def record_lines(record: dict, fmt: str, style: Style) -> Iterator[str]:
    """One article (show): JSON, or a readable header and the cleaned body."""
    if fmt == "json":
        yield dumps(record)
        return
    yield style.bold(sanitize(record.get("title") or "(no title)", keep_newlines=False))
    officials = "; ".join(
        f"{o['name']} ({o['title']}, {o['country']})" if o.get("title") else o["name"]
        for o in record.get("officials", [])
    )
    for key, value in (
        ("id", record.get("id")),
        ("date", _date_line(record)),
        ("outlet", record.get("outlet")),
        ("countries", ", ".join(record.get("countries", []))),
        ("pairs", ", ".join(record.get("country_pairs", []))),
        ("officials", officials),
    ):
        if value:
            for i, line in enumerate(textwrap.wrap(sanitize(str(value), False), style.width - 11)):
                yield style.dim(f"{key if i == 0 else '':<10} {line}")
    yield ""
    for para in record.get("body", "").split("\n\n"):
        yield from textwrap.wrap(sanitize(para, keep_newlines=False), style.width) or [""]
        yield ""


def cleaned_dict(cleaned: CleanedArticle, found: Extraction) -> dict:
    """The JSON of `defsearch clean --format json` (documented in the README)."""
    from searcher.models import extracted_fields  # the pipeline's classes: not on the search path

    return {
        "title": cleaned.title,
        "body": cleaned.body,
        "removed": [{"reason": r.reason, "text": r.text} for r in cleaned.removed],
        **extracted_fields(found),
    }


def cleaned_lines(
    cleaned: CleanedArticle, found: Extraction, fmt: str, explain: bool, style: Style
) -> Iterator[str]:
    """Output of `defsearch clean`: the cleaned article, its fields, and (--explain) removals."""
    data = cleaned_dict(cleaned, found)
    if fmt == "json":
        yield dumps(data)
        return
    record = {**data, "id": None, "body": data["body"]}
    yield from record_lines(record, "text", style)
    if explain:
        yield style.bold(f"removed ({len(cleaned.removed)})")
        for r in cleaned.removed:
            text = _clip(sanitize(r.text, keep_newlines=False), style.width - 18)
            yield f"  {r.reason:<15} {text}"
