"""tantivy (the Python package, Rust underneath): title and body with the `en_stem` tokenizer
(Snowball English), both stored, the title boosted 2.0 at query time; the path as a raw stored
term (the id that updates delete by); a date field (indexed, fast); the three facet fields as raw
multi-valued fast fields, counted with one terms aggregation each (in one aggregate call). The
writer uses tantivy's own threads (as many as the cores) and its default heap."""

from __future__ import annotations

import datetime as dt
import json
import sys

import tantivy

FIELDS = ("pair", "country", "official")


def _schema() -> tantivy.Schema:
    sb = tantivy.SchemaBuilder()
    sb.add_text_field("path", stored=True, tokenizer_name="raw")
    sb.add_text_field("title", stored=True, tokenizer_name="en_stem")
    sb.add_text_field("body", stored=True, tokenizer_name="en_stem")
    sb.add_date_field("date", stored=True, indexed=True, fast=True)
    for field in FIELDS:
        sb.add_text_field(field, tokenizer_name="raw", fast=True)
    return sb.build()


def _document(path: str, title: str, body: str, row) -> tantivy.Document:
    doc = tantivy.Document(path=path, title=title, body=body)
    if row[0]:
        doc.add_date("date", dt.datetime.fromisoformat(row[0]))
    for field, values in zip(FIELDS, row[1:], strict=True):
        for value in values:
            doc.add_text(field, value)
    return doc


def build(corpus: str, out: str, table_file: str) -> None:
    import os

    from shared import documents, load_table

    table = load_table(table_file)
    os.makedirs(out, exist_ok=True)
    writer = tantivy.Index(_schema(), path=out).writer()
    n = 0
    for path, title, body, _mtime, row in documents(corpus, table):
        writer.add_document(_document(path, title, body, row))
        n += 1
    writer.commit()
    writer.wait_merging_threads()
    print(json.dumps({"docs": n}))


AGG = {field: {"terms": {"field": field, "size": 10}} for field in FIELDS}


def _searcher(out: str):
    index = tantivy.Index.open(out)
    return index, index.searcher()


def search(index, searcher, text: str, snippets: bool = False) -> dict:
    q = index.parse_query(text, ["title", "body"], field_boosts={"title": 2.0},
                          conjunction_by_default=True)  # fmt: skip
    result = searcher.search(q, 10, count=True)
    top = []
    # with snippets: tantivy's SnippetGenerator on the body (its default 150 characters)
    generator = (tantivy.SnippetGenerator.create(searcher, q, index.schema, "body")
                 if snippets else None)  # fmt: skip
    for _score, address in result.hits:
        doc = searcher.doc(address)
        if generator is None:
            top.append((doc["path"][0], doc["title"][0]))
        else:
            snippet = generator.snippet_from_doc(doc)
            top.append((doc["path"][0], doc["title"][0], snippet.fragment()))
    aggs = searcher.aggregate(q, AGG)
    facets = {f: [(b["key"], b["doc_count"]) for b in aggs[f]["buckets"]] for f in FIELDS}
    return {"count": result.count, "top": top, "facets": facets}


def query(out: str, *words: str) -> None:
    print(json.dumps(search(*_searcher(out), " ".join(words))))


def warm(out: str, queries: str, offset: str, limit: str = "0", snippets: str = "0") -> None:
    from shared import warm as loop

    index, searcher = _searcher(out)
    loop(lambda q: search(index, searcher, q, snippets == "1"), queries, int(offset), int(limit))


def update(out: str, changes_file: str) -> None:
    """Told the changes: delete the edited and deleted paths' documents, add the edited and added."""
    from shared import read

    with open(changes_file, encoding="utf-8") as f:
        changes = json.load(f)
    writer = tantivy.Index.open(out).writer()
    for path in changes["edited"] + changes["deleted"]:
        writer.delete_documents_by_term("path", path)
    for path in changes["edited"] + changes["added"]:
        title, body = read(f"{changes['corpus']}/{path}")
        writer.add_document(_document(path, title, body, changes["facets"][path]))
    writer.commit()
    writer.wait_merging_threads()
    print(json.dumps({"changed": len(changes["edited"] + changes["added"] + changes["deleted"])}))


if __name__ == "__main__":
    command, *args = sys.argv[1:]
    {"build": build, "query": query, "warm": warm, "update": update}[command](*args)
