"""Score the HTML cleaner on every HTML set in ../shared/data, beside trafilatura and htmldate.

Sets and measures (one table per set; CPU time per page is the process time of one call, taken
in turns page by page with the peers, so the machine's drift hits all alike):

- ``aeb``: Article Extraction Benchmark, 181 pages (130 news pages: those that declare themselves
  articles with a JSON-LD NewsArticle or an article:published_time meta tag). 4-word-shingle
  precision, recall and F1 of the body against the hand-made ground truth, averaged over pages;
  bag-of-words F1; pages with F1 < 0.5; empty bodies.
- ``readability``: Mozilla Readability's 130 test pages; the same measures against the text of
  ``expected.html``, and exact-day date accuracy on the 33 pages with a published time.
- ``trafilatura-eval``: 990 pages with snippets the text must and must not contain. Snippet
  precision, recall and F1 counted over all snippets, as trafilatura's own evaluation does (a
  ``with`` snippet found is a true positive, a ``without`` snippet found a false positive); the
  share of ``without`` snippets leaked; pages scoring under 0.5 (share of ``with`` found less
  share of ``without`` found); exact-day date accuracy on the 728 pages with a day.

For defsearch the tables also count pages with text lost silently: characters of the page's
visible text that are neither in the title, the body nor any ``removed`` block (it must be 0).

Peers: trafilatura without comments (``include_comments=False``, its benchmark setting) and with
them (its default), htmldate (extensive search, original date) for dates. They are imported only
here and only where installed (``make bench`` puts them in .venv-bench).

    python bench/eval_clean.py                  # every set, every peer installed
    python bench/eval_clean.py --set aeb        # one set
    python bench/eval_clean.py --no-peers       # defsearch alone
    python bench/eval_clean.py --worst 15       # also list our 15 worst pages per set
"""

from __future__ import annotations

import argparse
import gzip
import json
import re
import sys
import time
import unicodedata
import warnings
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

from _common import DATA, require, table

from searcher.clean import clean
from searcher.extract import extract

_WORD = re.compile(r"\w+")
_NEWS = re.compile(
    r'"@type"\s*:\s*"(?:News|Reportage|Report)?Article"|article:published_time', re.I
)


@dataclass(frozen=True)
class Page:
    """One labelled page: its bytes, a reference text or snippets, and its day if known."""

    name: str
    html: bytes
    truth: str | None = None
    with_: tuple[str, ...] = ()
    without: tuple[str, ...] = ()
    day: str | None = None  # YYYY-MM-DD
    news: bool = False


@dataclass
class Run:
    """One extractor's output on one set: per-page bodies, dates and silent losses; CPU seconds."""

    bodies: list[str] = field(default_factory=list)
    days: list[str | None] = field(default_factory=list)
    lost: list[int] = field(default_factory=list)  # characters lost silently (defsearch only)
    cpu: float = 0.0


# An extractor: page bytes → (body, an untimed thunk giving its date and silent loss).
Extractor = Callable[[bytes], tuple[str, Callable[[], tuple[str | None, int]]]]


# --- the sets ------------------------------------------------------------------------------------


def _day(value: str | None) -> str | None:
    m = re.match(r"(\d{4})-(\d{1,2})[-.](\d{1,2})", value or "")
    return f"{m[1]}-{int(m[2]):02d}-{int(m[3]):02d}" if m else None


def aeb_pages() -> Iterator[Page]:
    base = require(DATA / "aeb")
    for line in (base / "index.jsonl").read_text(encoding="utf-8").splitlines():
        row = json.loads(line)
        html = gzip.decompress((base / row["html"]).read_bytes())
        truth = (base / row["ground_truth"]).read_text(encoding="utf-8")
        news = bool(_NEWS.search(html[:300_000].decode("utf-8", "replace")))
        yield Page(row["domain"] + " " + row["id"][:8], html, truth=truth, news=news)


def html_text(markup: bytes) -> str:
    """The text of a reference HTML fragment, one block per line (lxml, bench only)."""
    import lxml.html

    root = lxml.html.fromstring(markup.decode("utf-8", "replace"))  # (no charset is declared)
    for el in root.iter("p", "div", "li", "h1", "h2", "h3", "h4", "h5", "h6", "br", "tr", "pre"):
        el.tail = "\n" + (el.tail or "")
    return root.text_content()


def readability_pages() -> Iterator[Page]:
    base = require(DATA / "readability")
    for line in (base / "index.jsonl").read_text(encoding="utf-8").splitlines():
        row = json.loads(line)
        folder = base / "pages" / row["name"]
        html = gzip.decompress((folder / "source.html.gz").read_bytes())
        truth = html_text(gzip.decompress((folder / "expected.html.gz").read_bytes()))
        meta = json.loads((folder / "expected-metadata.json").read_text(encoding="utf-8"))
        yield Page(row["name"], html, truth=truth, day=_day(meta.get("publishedTime")))


def trafilatura_pages() -> Iterator[Page]:
    base = require(DATA / "trafilatura-eval")
    for line in (base / "truth.jsonl").read_text(encoding="utf-8").splitlines():
        row = json.loads(line)
        html = gzip.decompress((base / row["page"]).read_bytes())
        yield Page(
            row["file"],
            html,
            with_=tuple(row["with"]),
            without=tuple(row["without"]),
            day=_day(row.get("date")),
        )


SETS: dict[str, Callable[[], Iterator[Page]]] = {
    "aeb": aeb_pages,
    "readability": readability_pages,
    "trafilatura-eval": trafilatura_pages,
}


# --- the extractors ------------------------------------------------------------------------------


def defsearch_body(html: bytes) -> str:
    """The cleaner alone."""
    return clean(html, "page.html").body


def defsearch(html: bytes) -> tuple[str, Callable[[], tuple[str | None, int]]]:
    """The cleaner's body (timed); its date (the extractor's) and silent loss, untimed."""
    cleaned = clean(html, "page.html")

    def after() -> tuple[str | None, int]:
        found = extract(cleaned).date
        kept = " ".join([cleaned.title or "", cleaned.body, *(r.text for r in cleaned.removed)])
        lost = _characters(visible_text(html)) - _characters(kept)
        return (found.isoformat() if found else None), sum(lost.values())

    return cleaned.body, after


def visible_text(html: bytes) -> str:
    """A page's visible text, read as the cleaner reads the page (its decoding, its parser) but
    with nothing removed: every element of <body> but scripts, styles and the like."""
    import lxml.html

    from searcher.clean import html as cleaner_html
    from searcher.clean import page_text

    text = page_text(html, "page.html")
    root = lxml.html.document_fromstring(
        cleaner_html.close_rcdata(text).encode("utf-8", "replace"), parser=cleaner_html.new_parser()
    )
    body = root.find("body")
    if body is None:
        return ""
    for el in list(body.iter(*cleaner_html.SILENT)):
        el.drop_tree()
    return body.text_content()


def _characters(text: str) -> Counter:
    """Letters and digits, composed and without soft hyphens (as the cleaner writes them)."""
    text = unicodedata.normalize("NFC", text.replace("\xad", ""))
    return Counter(ch for ch in text if ch.isalnum())


def _trafilatura(comments: bool) -> Extractor:
    import trafilatura

    def run(html: bytes) -> tuple[str, Callable[[], tuple[str | None, int]]]:
        body = trafilatura.extract(html, include_comments=comments) or ""
        return body, lambda: (None, 0)

    return run


def _htmldate() -> Extractor:
    from htmldate import find_date

    def run(html: bytes) -> tuple[str, Callable[[], tuple[str | None, int]]]:
        try:
            found = find_date(html, extensive_search=True, original_date=True)
        except Exception:  # (a peer's failure on one page is its miss, not ours)
            found = None
        return "", lambda: (_day(found), 0)

    return run


def peers() -> dict[str, Extractor]:
    """Every peer that imports here: trafilatura both ways, htmldate."""
    found: dict[str, Extractor] = {}
    try:
        found["trafilatura"] = _trafilatura(False)
        found["trafilatura+comments"] = _trafilatura(True)
    except ImportError:
        print("trafilatura not installed: `make bench` installs it in .venv-bench", file=sys.stderr)
    try:
        found["htmldate"] = _htmldate()
    except ImportError:
        print("htmldate not installed (it comes with trafilatura)", file=sys.stderr)
    return found


def run_all(pages: list[Page], extractors: dict[str, Extractor]) -> dict[str, Run]:
    """Every extractor on every page, taking turns page by page (the machine's speed drifts)."""
    runs = {name: Run() for name in extractors}
    for page in pages:
        for name, fn in extractors.items():
            t0 = time.process_time()
            body, after = fn(page.html)
            runs[name].cpu += time.process_time() - t0
            day, lost = after()
            runs[name].bodies.append(body)
            runs[name].days.append(day)
            runs[name].lost.append(lost)
    return runs


# --- the measures --------------------------------------------------------------------------------


def shingles(text: str, n: int = 4) -> set[tuple[str, ...]]:
    words = _WORD.findall(text.lower())
    return {tuple(words[i : i + n]) for i in range(max(len(words) - n + 1, 0))} or (
        {tuple(words)} if words else set()
    )


def score(predicted: str, truth: str) -> tuple[float, float, float]:
    """4-word-shingle precision, recall, F1 of one page."""
    p, t = shingles(predicted), shingles(truth)
    if not p and not t:
        return 1.0, 1.0, 1.0
    common = len(p & t)
    precision = common / len(p) if p else 0.0
    recall = common / len(t) if t else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1


def word_f1(predicted: str, truth: str) -> float:
    """Bag-of-words F1 of one page (the measure of one of the hidden sets)."""
    p, t = Counter(_WORD.findall(predicted.lower())), Counter(_WORD.findall(truth.lower()))
    common = sum((p & t).values())
    if not common:
        return 1.0 if not p and not t else 0.0
    precision, recall = common / sum(p.values()), common / sum(t.values())
    return 2 * precision * recall / (precision + recall)


def mean(rows: list[tuple[float, float, float]], i: int) -> float:
    return sum(r[i] for r in rows) / len(rows) if rows else 0.0


def squash(text: str) -> str:
    return " ".join(text.split())


def snippet_counts(page: Page, body: str) -> tuple[int, int, int]:
    """(true positives, false negatives, false positives) of one page's snippets."""
    text = squash(body)
    found = sum(1 for s in page.with_ if squash(s) in text)
    leaked = sum(1 for s in page.without if squash(s) in text)
    return found, len(page.with_) - found, leaked


def date_accuracy(pages: list[Page], days: list[str | None]) -> tuple[int, int, int]:
    """(pages with a known day, exact days found, pages given no date)."""
    known = [(p.day, d) for p, d in zip(pages, days, strict=True) if p.day]
    return (
        len(known),
        sum(1 for want, got in known if got == want),
        sum(1 for _, d in known if not d),
    )


@dataclass(frozen=True)
class Summary:
    """The figures of one extractor on one set."""

    pages: int
    precision: float
    recall: float
    f1: float
    word_f1: float = 0.0
    low: int = 0  # pages with F1 (or snippet score) < 0.5
    empty: int = 0  # pages with an empty body
    leak: float = 0.0  # share of must-not snippets found (trafilatura-eval)
    cpu_ms: float = 0.0
    lost: int = 0  # pages with text lost silently
    per_page: tuple[float, ...] = ()


def summarise(pages: list[Page], run: Run) -> Summary:
    cpu = 1000 * run.cpu / max(len(pages), 1)
    empty = sum(1 for b in run.bodies if not b.strip())
    lost = sum(1 for n in run.lost if n)
    if pages and pages[0].truth is None:  # snippets
        tp = fn = fp = 0
        per_page = []
        for page, body in zip(pages, run.bodies, strict=True):
            a, b, c = snippet_counts(page, body)
            tp, fn, fp = tp + a, fn + b, fp + c
            per_page.append(a / max(len(page.with_), 1) - c / max(len(page.without), 1))
        precision = tp / (tp + fp) if tp + fp else 0.0
        recall = tp / (tp + fn) if tp + fn else 0.0
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        leak = fp / max(sum(len(p.without) for p in pages), 1)
        low = sum(1 for x in per_page if x < 0.5)
        return Summary(
            len(pages), precision, recall, f1, 0.0, low, empty, leak, cpu, lost, tuple(per_page)
        )
    scores = [score(b, p.truth or "") for p, b in zip(pages, run.bodies, strict=True)]
    wf1 = [word_f1(b, p.truth or "") for p, b in zip(pages, run.bodies, strict=True)]
    return Summary(
        len(pages),
        mean(scores, 0),
        mean(scores, 1),
        mean(scores, 2),
        sum(wf1) / max(len(wf1), 1),
        sum(1 for s in scores if s[2] < 0.5),
        empty,
        0.0,
        cpu,
        lost,
        tuple(s[2] for s in scores),
    )


def _subset(run: Run, keep: list[int], share: float) -> Run:
    return Run(
        [run.bodies[i] for i in keep],
        [run.days[i] for i in keep],
        [run.lost[i] for i in keep],
        run.cpu * share,
    )


def report(set_name: str, pages: list[Page], runs: dict[str, Run], worst: int) -> str:
    """One set's table (and its dates, and our worst pages)."""
    lines = [f"## {set_name} ({len(pages)} pages)", ""]
    snippets = pages[0].truth is None
    rows = []
    for name, run in runs.items():
        if name == "htmldate":
            continue
        groups = [("all", pages, run)]
        if any(p.news for p in pages):
            keep = [i for i, p in enumerate(pages) if p.news]
            sub = _subset(run, keep, len(keep) / len(pages))
            groups.insert(0, ("news", [pages[i] for i in keep], sub))
        for label, group, r in groups:
            s = summarise(group, r)
            row = [name, label, s.pages, s.precision, s.recall, s.f1]
            row += [f"{s.leak:.3f}"] if snippets else [s.word_f1]
            row += [s.low, s.empty, s.lost if name == "defsearch" else "", f"{s.cpu_ms:.1f}"]
            rows.append(row)
    head = ["extractor", "pages", "n", "precision", "recall", "F1"]
    head += ["must-not leaked"] if snippets else ["word F1"]
    head += ["score<0.5" if snippets else "F1<0.5", "empty", "lost", "CPU ms/page"]
    lines.append(table(head, rows))
    dated = [(name, run) for name, run in runs.items() if name in ("defsearch", "htmldate")]
    if any(p.day for p in pages) and dated:
        lines.append("")
        rows = []
        for name, run in dated:
            known, exact, none = date_accuracy(pages, run.days)
            rows.append([name, known, exact, exact / max(known, 1), none])
        lines.append(table(["dates", "pages with a day", "exact", "accuracy", "no date"], rows))
    if worst and "defsearch" in runs:
        s = summarise(pages, runs["defsearch"])
        ranked = sorted(zip(s.per_page, (p.name for p in pages), strict=True))[:worst]
        lines += ["", "lowest defsearch pages:"]
        lines += [f"  {v:+.3f}  {name}" for v, name in ranked]
    return "\n".join(lines)


def evaluate(set_name: str, with_peers: bool = True) -> tuple[list[Page], dict[str, Run]]:
    """Run defsearch (and the peers) over one set."""
    pages = list(SETS[set_name]())
    extractors: dict[str, Extractor] = {"defsearch": defsearch}
    if with_peers:
        extractors.update(peers())
    for fn in extractors.values():  # warm up: imports and caches are not a page's cost
        fn(pages[0].html)[1]()
    return pages, run_all(pages, extractors)


def main() -> None:
    ap = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    ap.add_argument("--set", choices=list(SETS), action="append", help="(repeatable; default all)")
    ap.add_argument("--no-peers", action="store_true", help="defsearch only")
    ap.add_argument("--worst", type=int, default=0, help="list our N lowest pages per set")
    args = ap.parse_args()
    warnings.simplefilter("ignore")  # (the peers' own warnings are not ours to show)
    for set_name in args.set or list(SETS):
        pages, runs = evaluate(set_name, not args.no_peers)
        print(report(set_name, pages, runs, args.worst), end="\n\n", flush=True)


if __name__ == "__main__":
    main()
