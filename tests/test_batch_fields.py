"""``--fields`` without ``snippet`` makes no snippet (cli.py): the hits written are the same
fields of the same hits as with snippets made, for one query and for ``--queries``."""

from __future__ import annotations

import json
from pathlib import Path


def _lines(out: str) -> list[dict]:
    return [json.loads(line) for line in out.splitlines() if line]


def test_batch_fields_without_snippet(cli, shared_index: Path, tmp_path: Path) -> None:
    queries = tmp_path / "queries.txt"
    queries.write_text("australia dialogue\nDefence OR cooperation\nminister\n", encoding="utf-8")
    base = ["search", "--queries", str(queries), "--index", str(shared_index), "--facet", "pair"]
    full = cli(*base)
    some = cli(*base, "--fields", "path,title,score")
    assert full.exit_code == some.exit_code == 0
    wide, narrow = _lines(full.output), _lines(some.output)
    assert len(wide) == len(narrow) == 3
    for a, b in zip(wide, narrow, strict=True):
        assert a["total"] == b["total"] > 0
        assert a["facets"] == b["facets"]
        assert [{k: h[k] for k in ("path", "title", "score")} for h in a["hits"]] == b["hits"]
        assert all(h["snippet"] for h in a["hits"])


def test_one_query_fields_without_snippet(cli, shared_index: Path) -> None:
    base = ["search", "australia", "--index", str(shared_index), "--format", "jsonl"]
    full, some = cli(*base), cli(*base, "--fields", "id,path")
    assert full.exit_code == some.exit_code == 0
    assert [{"id": h["id"], "path": h["path"]} for h in _lines(full.output)] == _lines(some.output)
