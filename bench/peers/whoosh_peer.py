"""Plain Whoosh (the same whoosh-reloaded defsearch runs on, none of our code): title and body
with Whoosh's StemmingAnalyzer (Porter), both stored, the title's field boost 2.0 as ours; the
path as the unique ID; a DATETIME; the three facet fields as comma-separated KEYWORDs, counted
with ``groupedby`` and ``FieldFacet(allow_overlap=True)`` (multi-valued, as the documentation
says); the exact count (``len(results)``). Built with ``procs=1`` or with ``procs=2,
multisegment=True``. Updates: told the changes (``delete_by_term`` + ``add_document``), or the
documentation's incremental-indexing recipe (every stored field read, a file's mtime against
the one stored)."""

from __future__ import annotations

import datetime as dt
import json
import os
import sys

FIELDS = ("pair", "country", "official")


def _schema():
    from whoosh import fields
    from whoosh.analysis import StemmingAnalyzer

    stem = StemmingAnalyzer()
    return fields.Schema(
        path=fields.ID(stored=True, unique=True),
        mtime=fields.STORED(),
        title=fields.TEXT(analyzer=stem, stored=True, field_boost=2.0),
        body=fields.TEXT(analyzer=stem, stored=True),
        date=fields.DATETIME(stored=True),
        **{field: fields.KEYWORD(commas=True) for field in FIELDS},
    )


def _fields(path: str, title: str, body: str, mtime: float, row) -> dict:
    doc = {"path": path, "title": title, "body": body, "mtime": mtime}
    if row[0]:
        doc["date"] = dt.datetime.fromisoformat(row[0])
    for field, values in zip(FIELDS, row[1:], strict=True):
        if values:
            doc[field] = ",".join(values)
    return doc


def build(corpus: str, out: str, table_file: str, procs: str = "1") -> None:
    from shared import documents, load_table
    from whoosh import index

    table = load_table(table_file)
    os.makedirs(out, exist_ok=True)
    ix = index.create_in(out, _schema())
    n = int(procs)
    writer = ix.writer(procs=n, multisegment=True) if n > 1 else ix.writer()
    docs = 0
    for path, title, body, mtime, row in documents(corpus, table):
        writer.add_document(**_fields(path, title, body, mtime, row))
        docs += 1
    writer.commit()
    print(json.dumps({"docs": docs}))


def _searcher(out: str):
    from whoosh import index, sorting
    from whoosh.qparser import MultifieldParser

    ix = index.open_dir(out)
    facets = {field: sorting.FieldFacet(field, allow_overlap=True) for field in FIELDS}
    return ix.searcher(), MultifieldParser(["title", "body"], ix.schema), facets


def search(searcher, parser, facets, text: str) -> dict:
    results = searcher.search(parser.parse(text), limit=10, groupedby=facets)
    top = [(hit["path"], hit["title"]) for hit in results]
    out = {}
    for field in FIELDS:
        counts = [(k, len(v)) for k, v in results.groups(field).items() if k is not None]
        out[field] = sorted(counts, key=lambda kv: (-kv[1], kv[0]))[:10]
    return {"count": len(results), "top": top, "facets": out}


def query(out: str, *words: str) -> None:
    print(json.dumps(search(*_searcher(out), " ".join(words))))


def warm(out: str, queries: str, offset: str, limit: str = "0", snippets: str = "0") -> None:
    """(No snippets: ``snippets`` "1" is refused, the warm rows give Whoosh none.)"""
    from shared import warm as loop

    if snippets != "0":
        sys.exit("whoosh_peer: no snippet mode")

    searcher, parser, facets = _searcher(out)
    loop(lambda q: search(searcher, parser, facets, q), queries, int(offset), int(limit))


def update(out: str, changes_file: str) -> None:
    """Told the changes: delete the edited and deleted paths, add the edited and added files."""
    from shared import read
    from whoosh import index

    with open(changes_file, encoding="utf-8") as f:
        changes = json.load(f)
    writer = index.open_dir(out).writer()
    for path in changes["edited"] + changes["deleted"]:
        writer.delete_by_term("path", path)
    for path in changes["edited"] + changes["added"]:
        full = f"{changes['corpus']}/{path}"
        title, body = read(full)
        row = changes["facets"][path]
        writer.add_document(**_fields(path, title, body, os.stat(full).st_mtime, row))
    writer.commit()
    print(json.dumps({"changed": len(changes["edited"] + changes["added"] + changes["deleted"])}))


def recipe(out: str, corpus: str, table_file: str, changes_file: str = "") -> None:
    """The documentation's incremental indexing ("How to index documents"): read every stored
    field, delete what is gone or newer on disk, add what is new or changed. Facet values come
    from the table (and, for files the changes added, from the changes)."""
    from shared import EMPTY, load_table, paths, read
    from whoosh import index

    table = load_table(table_file)
    if changes_file:
        with open(changes_file, encoding="utf-8") as f:
            table.update(json.load(f)["facets"])
    ix = index.open_dir(out)
    indexed, to_index = set(), set()
    with ix.searcher() as searcher:
        writer = ix.writer()
        for fields in searcher.all_stored_fields():
            path = fields["path"]
            indexed.add(path)
            full = os.path.join(corpus, path)
            if not os.path.exists(full):
                writer.delete_by_term("path", path)
            elif os.path.getmtime(full) > fields["mtime"]:
                writer.delete_by_term("path", path)
                to_index.add(path)
        added = 0
        for path, full in paths(corpus):
            if path in to_index or path not in indexed:
                title, body = read(full)
                row = table.get(path, EMPTY)
                writer.add_document(**_fields(path, title, body, os.stat(full).st_mtime, row))
                added += 1
        writer.commit()
    print(json.dumps({"indexed": added}))


if __name__ == "__main__":
    command, *args = sys.argv[1:]
    {"build": build, "query": query, "warm": warm, "update": update, "recipe": recipe}[command](
        *args
    )
