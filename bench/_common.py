"""Helpers shared by the bench scripts: where the data is, tables, medians."""

from __future__ import annotations

import gzip
import json
import os
import shutil
import statistics
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA = Path(os.environ.get("DEFSEARCH_DATA", ROOT.parent / "shared" / "data"))
WORK = Path(os.environ.get("DEFSEARCH_BENCH_WORK", ROOT / "bench" / ".work"))


def require(path: Path) -> Path:
    """The data path, or exit with a clear message when ../shared/data is not there."""
    if not path.exists():
        sys.exit(f"bench: {path} not found (the evaluation data lives in ../shared/data)")
    return path


def news_items() -> list[dict]:
    """The 55,340 items of ../shared/data/news, as dicts."""
    with gzip.open(require(DATA / "news" / "news.jsonl.gz"), "rt", encoding="utf-8") as f:
        return [json.loads(line) for line in f]


def write_corpus(size: int) -> Path:
    """One text file per news item (replicated with new ids past 55k), in 100 folders, under
    bench/.work/news-<size>: the corpus every speed script shares (written once)."""
    target = WORK / f"news-{size}"
    done = target / ".complete"
    if done.exists():
        return target
    shutil.rmtree(target, ignore_errors=True)
    rows = news_items()
    for n in range(size):
        row = rows[n % len(rows)]
        copy = n // len(rows)
        folder = target / f"{n % 100:02d}"
        folder.mkdir(parents=True, exist_ok=True)
        text = f"{row.get('title') or ''}\n\n{row.get('text') or ''}\n"
        if copy:
            text += f"\n(copy {copy})\n"
        (folder / f"{row['id']}-{copy}.txt").write_text(text, encoding="utf-8")
    done.write_text("ok")
    return target


def table(headers: list[str], rows: list[list]) -> str:
    """A plain aligned text table."""
    cells = [[str(h) for h in headers]] + [[_fmt(c) for c in r] for r in rows]
    widths = [max(len(r[i]) for r in cells) for i in range(len(headers))]
    lines = ["  ".join(c.ljust(w) if i == 0 else c.rjust(w) for i, (c, w) in enumerate(zip(r, widths, strict=True)))
             for r in cells]  # fmt: skip
    lines.insert(1, "  ".join("-" * w for w in widths))
    return "\n".join(lines)


def _fmt(value) -> str:
    if isinstance(value, float):
        return f"{value:.3f}"
    return str(value)


def median(values: list[float]) -> float:
    return statistics.median(values) if values else float("nan")
