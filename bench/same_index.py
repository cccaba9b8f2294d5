"""Two indexes of one corpus hold the same thing: document count, every exported article (id,
fields, cleaned body), and the same answers to a few queries (ids, order, scores, counts, every
facet's counts). For a change to how the index is written (issue 19, "Build memory").

    python bench/same_index.py bench/.work/speed-221360/base-index bench/.work/speed-221360/new-index
"""

from __future__ import annotations

import argparse
import hashlib
import json
import subprocess
import sys

from bench_speed import DEFSEARCH

QUERIES = ["defence cooperation", "Cuba", "merger", "year", '"prime minister"', "ababa",
           "autumn OR march", "pair:CU-VN", "title:vietnam"]  # fmt: skip
FACETS = [a for f in ("pair", "country", "official", "outlet", "year", "month")
          for a in ("--facet", f)]  # fmt: skip


def run(*args: str) -> str:
    out = subprocess.run([*DEFSEARCH, *args], capture_output=True, text=True)
    if out.returncode not in (0, 1):
        sys.exit(f"bench: defsearch {' '.join(args)} failed:\n{out.stderr[-2000:]}")
    return out.stdout


def answers(index: str) -> dict[str, object]:
    """What the index answers: its stats' count, a digest of its export, each query's hits and
    facets."""
    stats = json.loads(run("stats", "--index", index, "--format", "json"))
    export = run("export", "--index", index, "--format", "jsonl").splitlines()
    found: dict[str, object] = {
        "documents": stats.get("documents"),
        "exported": len(export),
        "export sha256 (sorted lines)": hashlib.sha256("\n".join(sorted(export)).encode()).hexdigest(),
    }  # fmt: skip
    for q in QUERIES:
        found[q] = json.loads(run("search", q, "--index", index, "--limit", "20", "--facet-limit",
                                  "0", *FACETS, "--format", "json"))  # fmt: skip
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("before")
    parser.add_argument("after")
    args = parser.parse_args()
    a, b = answers(args.before), answers(args.after)
    differ = [k for k in a if a[k] != b[k]]
    for k in a:
        if not isinstance(a[k], dict):
            print(f"{k}: {a[k]} / {b[k]}")
    print(
        f"{len(a) - len(differ)} of {len(a)} the same" + (f"; differ: {differ}" if differ else "")
    )
    sys.exit(1 if differ else 0)


if __name__ == "__main__":
    main()
