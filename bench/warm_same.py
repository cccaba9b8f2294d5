"""Do two trees of ``searcher`` answer the warm queries alike? Each tree dumps, in its own
process, every query's ids in order, count, facet counts and snippets (``Index.search`` with
the 3 facets, top 10, snippets on and off); the dumps must be equal.

    git archive HEAD searcher | tar -x -C /tmp/old
    python bench/warm_same.py --before /tmp/old --index bench/.work/speed-55340/defsearch \\
        --queries bench/.work/speed-55340/warm-queries.txt
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
from pathlib import Path

FACETS = ("pair", "country", "official")


def dump(index_dir: str, queries: list[str]) -> list[dict]:
    """Every query's answer, with and without snippets, as plain data."""
    from searcher.search.handle import Index
    from searcher.search.results import SearchOptions

    out = []
    with Index(index_dir) as ix:
        for q in queries:
            for snippets in (True, False):
                r = ix.search(SearchOptions(query=q, facets=FACETS, limit=10, snippets=snippets))
                out.append({
                    "query": q,
                    "snippets": snippets,
                    "total": r.total,
                    "hits": [(h.id, h.path, h.title, h.score, h.snippet) for h in r.hits],
                    "facets": [(f.name, [(c.value, c.count) for c in f.results]) for f in r.facets],
                })  # fmt: skip
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--before", required=True, help="a tree holding the old searcher/")
    parser.add_argument("--index", required=True)
    parser.add_argument("--queries", required=True, help="one query a line")
    parser.add_argument("--dump", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    queries = [q for q in Path(args.queries).read_text(encoding="utf-8").splitlines() if q]
    if args.dump:
        print(json.dumps(dump(args.index, queries)))
        return
    here = Path(__file__).resolve().parent.parent
    dumps = []
    for tree in (args.before, str(here)):
        env = {**os.environ, "PYTHONPATH": str(Path(tree).resolve())}
        cmd = [sys.executable, __file__, "--dump", "--before", tree, "--index", args.index,
               "--queries", args.queries]  # fmt: skip
        run = subprocess.run(cmd, capture_output=True, text=True, check=True, env=env)
        dumps.append(json.loads(run.stdout))
    old, new = dumps
    differ = [a["query"] for a, b in zip(old, new, strict=True) if a != b]
    print(f"{len(old)} answers ({len(queries)} queries, snippets on and off): "
          f"{len(differ)} differ" + (f": {differ[:10]}" if differ else ""))  # fmt: skip
    sys.exit(1 if differ else 0)


if __name__ == "__main__":
    main()
