"""Score the cleaner on the Article Extraction Benchmark (../shared/data/aeb), beside trafilatura.

Metric: 4-word-shingle precision, recall and F1 of the extracted body against the hand-made
ground truth, averaged over pages; for all 181 pages and for the news pages (pages that declare
themselves articles: a JSON-LD NewsArticle or an article:published_time meta tag).

    python bench/eval_clean.py            # table: defsearch and trafilatura (if installed)
"""

from __future__ import annotations

import gzip
import json
import re
import sys
import time

from _common import DATA, require, table

from searcher.clean import clean

_WORD = re.compile(r"\w+")
_NEWS = re.compile(
    r'"@type"\s*:\s*"(?:News|Reportage|Report)?Article"|article:published_time', re.I
)


def shingles(text: str, n: int = 4) -> set[tuple[str, ...]]:
    words = _WORD.findall(text.lower())
    return {tuple(words[i : i + n]) for i in range(max(len(words) - n + 1, 0))} or (
        {tuple(words)} if words else set()
    )


def score(predicted: str, truth: str) -> tuple[float, float, float]:
    p, t = shingles(predicted), shingles(truth)
    if not p and not t:
        return 1.0, 1.0, 1.0
    common = len(p & t)
    precision = common / len(p) if p else 0.0
    recall = common / len(t) if t else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1


def pages():
    base = require(DATA / "aeb")
    for line in (base / "index.jsonl").read_text(encoding="utf-8").splitlines():
        row = json.loads(line)
        html = gzip.decompress((base / row["html"]).read_bytes())
        truth = (base / row["ground_truth"]).read_text(encoding="utf-8")
        yield row, html, truth


def defsearch_body(html: bytes) -> str:
    return clean(html, "page.html").body


def trafilatura_body(html: bytes) -> str:
    import trafilatura

    return trafilatura.extract(html.decode("utf-8", "replace")) or ""


def evaluate(extractors: dict) -> tuple[dict, list]:
    results = {name: {"all": [], "news": []} for name in extractors}
    misses = []
    timing = dict.fromkeys(extractors, 0.0)
    for row, html, truth in pages():
        is_news = bool(_NEWS.search(html[:300_000].decode("utf-8", "replace")))
        for name, fn in extractors.items():
            t0 = time.perf_counter()
            body = fn(html)
            timing[name] += time.perf_counter() - t0
            s = score(body, truth)
            results[name]["all"].append(s)
            if is_news:
                results[name]["news"].append(s)
            if name == "defsearch":
                misses.append((s[2], row["domain"], row["id"][:12], s))
    return {"results": results, "timing": timing}, sorted(misses)


def mean(rows: list[tuple[float, float, float]], i: int) -> float:
    return sum(r[i] for r in rows) / len(rows) if rows else 0.0


def main() -> None:
    extractors = {"defsearch": defsearch_body}
    try:
        import trafilatura  # noqa: F401

        extractors["trafilatura"] = trafilatura_body
    except ImportError:
        print("trafilatura not installed: `make bench` installs it in .venv-bench", file=sys.stderr)
    out, misses = evaluate(extractors)
    rows = []
    for name, res in out["results"].items():
        for subset in ("news", "all"):
            r = res[subset]
            rows.append(
                [
                    name,
                    subset,
                    len(r),
                    mean(r, 0),
                    mean(r, 1),
                    mean(r, 2),
                    f"{out['timing'][name]:.1f}s",
                ]
            )
    print(table(["extractor", "pages", "n", "precision", "recall", "F1", "time"], rows))
    print("\nreference (published): trafilatura 2.0 F1 0.958 (P 0.938, R 0.978)")
    print("\nlowest defsearch F1 pages:")
    for f1, domain, pid, s in misses[:12]:
        print(f"  {f1:.3f}  P {s[0]:.2f} R {s[1]:.2f}  {domain} {pid}")


if __name__ == "__main__":
    main()
