"""Helpers shared by the bench scripts: where the data is, tables, medians."""

from __future__ import annotations

import os
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
