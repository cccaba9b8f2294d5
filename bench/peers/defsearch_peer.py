"""defsearch as a library (``searcher.search.handle.Index``) for the warm loop, and the facet
table the other peers index: the dates, pairs, countries and officials defsearch extracted, read
back from its index. (The one-shot and ``--queries`` rows run the ``defsearch`` command itself.)"""

from __future__ import annotations

import json
import marshal
import sys

FACETS = ("pair", "country", "official")


def warm(index_dir: str, queries: str, offset: str, limit: str = "0", snippets: str = "0") -> None:
    """``snippets`` "1": a snippet for each of the 10 hits (the CLI's default), "0": none."""
    from shared import warm as loop

    from searcher.search.handle import Index
    from searcher.search.results import SearchOptions

    with Index(index_dir) as ix:

        def run(q: str) -> dict:
            options = SearchOptions(query=q, facets=FACETS, limit=10, snippets=snippets == "1")
            result = ix.search(options)
            top = [(hit.path, hit.title, hit.snippet) for hit in result.hits]
            facets = {f.name: [(c.value, c.count) for c in f.results] for f in result.facets}
            return {"count": result.total, "top": top, "facets": facets}

        loop(run, queries, int(offset), int(limit))


def table(index_dir: str, out: str) -> None:
    """path -> (date, pairs, countries, officials) of every indexed article, as a marshal file:
    the values of the keyword fields defsearch's facets count (stored comma-separated)."""
    from searcher.search.handle import Index

    rows = {}
    with Index(index_dir) as ix:
        reader = ix._reader  # (the stored keyword values; the export's record has the names)
        for docnum in reader.docnums():
            stored = reader.stored(docnum)
            date = stored.get("date")
            rows[stored["path"]] = (
                date.strftime("%Y-%m-%d") if date else None,
                *([v for v in (stored.get(f) or "").split(",") if v] for f in FACETS),
            )
    with open(out, "wb") as f:
        marshal.dump(rows, f)
    print(json.dumps({"docs": len(rows)}))


if __name__ == "__main__":
    command, *args = sys.argv[1:]
    {"warm": warm, "table": table}[command](*args)
