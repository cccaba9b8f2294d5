"""SQLite FTS5 (the stdlib's sqlite3): title and body in an FTS5 table with the porter
tokenizer (stemming), ranked by bm25 with the title weighted 2.0; the path and date in a table
beside it (the date indexed); the facet values in a table of (doc, field, value) rows, counted
with GROUP BY over the matches. Contentful: FTS5 stores title and body, as the others do."""

from __future__ import annotations

import json
import sqlite3
import sys

FIELDS = ("pair", "country", "official")  # (shared.FACETS: not imported on the query path)

TOP_SQL = """SELECT m.path, t.title FROM (SELECT rowid, title FROM docs WHERE docs MATCH ?
ORDER BY rank LIMIT 10) t JOIN meta m ON m.id = t.rowid"""
# with a snippet of the body for each of the 10 (FTS5's snippet(): up to 12 tokens around the
# matches, the matched words marked as ours are)
TOP_SNIPPET_SQL = """SELECT m.path, t.title, t.snip FROM (SELECT rowid, title,
snippet(docs, 1, char(2), char(3), '…', 12) AS snip FROM docs WHERE docs MATCH ?
ORDER BY rank LIMIT 10) t JOIN meta m ON m.id = t.rowid"""
COUNT_SQL = "SELECT count(*) FROM docs WHERE docs MATCH ?"
FACET_SQL = """SELECT f.field, f.value, count(*) AS n FROM docs JOIN facet f ON f.doc = docs.rowid
WHERE docs MATCH ? GROUP BY f.field, f.value ORDER BY f.field, n DESC, f.value"""


def build(corpus: str, out: str, table_file: str) -> None:
    from shared import documents, load_table

    table = load_table(table_file)
    db = sqlite3.connect(out)
    db.executescript("""
        CREATE VIRTUAL TABLE docs USING fts5(title, body, tokenize='porter unicode61');
        INSERT INTO docs(docs, rank) VALUES('rank', 'bm25(2.0, 1.0)');
        CREATE TABLE meta(id INTEGER PRIMARY KEY, path TEXT NOT NULL UNIQUE, date TEXT);
        CREATE INDEX meta_date ON meta(date);
        CREATE TABLE facet(doc INTEGER NOT NULL, field INTEGER NOT NULL, value TEXT NOT NULL,
                           PRIMARY KEY (doc, field, value)) WITHOUT ROWID;
    """)
    n = 0
    with db:
        for n, (path, title, body, _mtime, row) in enumerate(documents(corpus, table), 1):
            _insert(db, n, path, title, body, row)
    db.close()
    print(json.dumps({"docs": n}))


def _insert(db: sqlite3.Connection, doc: int, path: str, title: str, body: str, row) -> None:
    db.execute("INSERT INTO docs(rowid, title, body) VALUES (?, ?, ?)", (doc, title, body))
    db.execute("INSERT INTO meta(id, path, date) VALUES (?, ?, ?)", (doc, path, row[0]))
    db.executemany(
        "INSERT OR IGNORE INTO facet VALUES (?, ?, ?)",
        [(doc, i, v) for i, values in enumerate(row[1:]) for v in values],
    )


def search(db: sqlite3.Connection, text: str, snippets: bool = False) -> dict:
    top = db.execute(TOP_SNIPPET_SQL if snippets else TOP_SQL, (text,)).fetchall()
    (count,) = db.execute(COUNT_SQL, (text,)).fetchone()
    facets: dict[str, list] = {f: [] for f in FIELDS}
    for field, value, n in db.execute(FACET_SQL, (text,)):
        values = facets[FIELDS[field]]
        if len(values) < 10:
            values.append((value, n))
    return {"count": count, "top": top, "facets": facets}


def query(out: str, *words: str) -> None:
    print(json.dumps(search(sqlite3.connect(out), " ".join(words))))


def warm(out: str, queries: str, offset: str, limit: str = "0", snippets: str = "0") -> None:
    from shared import warm as loop

    db = sqlite3.connect(out)
    loop(lambda q: search(db, q, snippets == "1"), queries, int(offset), int(limit))


def update(out: str, changes_file: str) -> None:
    """Told the changes: delete the edited and deleted files' rows, insert the edited and added."""
    from shared import read

    with open(changes_file, encoding="utf-8") as f:
        changes = json.load(f)
    db = sqlite3.connect(out)
    with db:
        for path in changes["edited"] + changes["deleted"]:
            (doc,) = db.execute("SELECT id FROM meta WHERE path = ?", (path,)).fetchone()
            db.execute("DELETE FROM docs WHERE rowid = ?", (doc,))
            db.execute("DELETE FROM meta WHERE id = ?", (doc,))
            db.execute("DELETE FROM facet WHERE doc = ?", (doc,))
        (last,) = db.execute("SELECT coalesce(max(id), 0) FROM meta").fetchone()
        for n, path in enumerate(changes["edited"] + changes["added"], last + 1):
            title, body = read(f"{changes['corpus']}/{path}")
            _insert(db, n, path, title, body, changes["facets"][path])
    db.close()
    print(json.dumps({"changed": len(changes["edited"] + changes["added"] + changes["deleted"])}))


if __name__ == "__main__":
    command, *args = sys.argv[1:]
    {"build": build, "query": query, "warm": warm, "update": update}[command](*args)
