"""Formatting one article and the index as a whole: `show`, `clean`, `stats`, and `export`'s
records (JSON lines, or OpenSearch's bulk format). Generators of lines, like ``output.py``;
nothing here prints, and text is sanitised for the terminal."""

from __future__ import annotations

import textwrap
from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING

from searcher.output import Style, dumps, headline
from searcher.text import sanitize

if TYPE_CHECKING:
    from searcher.models import CleanedArticle, Extraction


def _date_line(record: dict) -> str | None:
    """``2025-02-07 (text)``; a date whose year the text does not fix: ``year unknown (--07-28)``."""
    if record.get("date"):
        source = record.get("date_source")
        return f"{record['date']} ({source})" if source else record["date"]
    if record.get("date_partial"):
        return f"year unknown ({record['date_partial']}, month and day from the text)"
    return None


def official_line(official: dict) -> str:
    """``Fidel Castro (President, CU)``: the name, with what is known of the title and country."""
    about = ", ".join(str(x) for x in (official.get("title"), official.get("country")) if x)
    return f"{official['name']} ({about})" if about else official["name"]


def record_lines(record: dict, fmt: str, style: Style) -> Iterator[str]:
    """One article (show): JSON, or a readable header and the cleaned body."""
    if fmt == "json":
        yield dumps(record)
        return
    body = record.get("body") or ""
    if record.get("title"):
        title = headline(record["title"], None)
    else:
        from searcher.search.snippets import lede

        title = headline(None, lede(body))
    for line in textwrap.wrap(title, style.width) or [title]:
        yield style.bold(line)
    officials = "; ".join(official_line(o) for o in record.get("officials", []))
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
    for para in body.split("\n\n"):
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
            text = sanitize(r.text, keep_newlines=False)
            text = text if len(text) <= style.width - 18 else text[: style.width - 19] + "…"
            yield f"  {r.reason:<15} {text}"


def human_size(size: int) -> str:
    """``3192`` → ``3.1 KB``; ``103_000_000`` → ``98.2 MB`` (powers of 1024)."""
    value = float(size)
    for unit in ("bytes", "KB", "MB", "GB", "TB"):
        if value < 1024 or unit == "TB":
            return f"{size} bytes" if unit == "bytes" else f"{value:.1f} {unit}"
        value /= 1024
    raise AssertionError("unreachable")


def stats_lines(stats: dict, fmt: str) -> Iterator[str]:
    """Output of `defsearch stats`: JSON (sizes in bytes), or aligned lines for people."""
    if fmt == "json":
        yield dumps(stats)
        return
    if stats.get("date_min"):
        dates = f"{stats['date_min']} to {stats['date_max']}"
    else:
        dates = "none (no article has a date)" if stats["documents"] else "none (no articles)"
    undated = stats.get("undated")
    if undated and stats.get("date_min"):
        dates += f" ({undated} undated)"
    rows = (
        ("documents", stats["documents"]),
        ("dates", dates),
        ("index", stats["index"]),
        ("index size", human_size(stats["index_bytes"])),
        ("corpus", ", ".join(stats.get("corpus") or []) or "none"),
        ("last sync", stats.get("last_sync") or "never"),
    )
    for key, value in rows:
        yield f"{key:<12} {sanitize(str(value), keep_newlines=False)}"


def bulk_lines(records: Iterable[dict], index: str) -> Iterator[str]:
    """OpenSearch's (and Elasticsearch's) bulk format, streamed: per article an action line
    ``{"index": {"_index", "_id"}}`` and the record (the ``export`` schema) on the next."""
    for record in records:
        yield dumps({"index": {"_index": index, "_id": record["id"]}})
        yield dumps(record)
