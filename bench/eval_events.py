"""Event extraction against hand labels: precision and recall of events, and of their kind, date,
participants and pair.

The labels (``bench/events/labels.jsonl``: an article's address or fixture name and the events a
reader found in it, no page text) cover the five seed articles (``../shared/seeds``), the test
fixtures (``tests/fixtures/articles``) and real outlet pages of the development set, whose texts
are collected as ``bench/realpages/README.md`` says. Each article is cleaned and extracted as the
indexer does, then ``extract/events.py`` finds its events.

    python bench/eval_events.py [--texts DIR] [--split dev|holdout|all] [--show]

Matching, per article: a found event is the labelled one with the same pair (None for a
multilateral event) sharing a participant (or, when the label has none, the same pair alone),
each labelled event matched at most once. Then, for each aspect, a matched event counts as right
when: kind the same; date the same (a label without a year accepts any year with its month and
day); participants the same set of people (names compared as word sets, so ``Giang`` is ``Phan Van
Giang``); pair the same. P = right / found, R = right / labelled. ``event`` is the match alone;
``all`` needs every aspect right.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench._common import ROOT, WORK, table
from searcher.extract.events import find_events
from searcher.models import Event, RawDocument
from searcher.pipeline import article_of
from searcher.text import key_of

LABELS = ROOT / "bench" / "events" / "labels.jsonl"
SEEDS = ROOT.parent / "shared" / "seeds"
FIXTURES = ROOT / "tests" / "fixtures" / "articles"
TEXTS = WORK / "realpages" / "texts"
ASPECTS = ("event", "kind", "date", "participants", "pair", "all")


def load_labels(path: Path = LABELS) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]


def source_of(label: dict, texts: Path) -> Path:
    """Where the article's text is: a seed, a fixture, or a collected page text."""
    if label["source"] == "seed":
        return SEEDS / label["article"]
    if label["source"] == "fixture":
        return FIXTURES / label["article"]
    return texts / f"{label['id']}.txt"


def events_of(path: Path) -> tuple[Event, ...]:
    """The events the pipeline finds in one file, read as the indexer reads it."""
    data = path.read_bytes()
    raw = RawDocument(
        id=path.name, path=path.name, name=path.name, data=data,
        content_hash=hashlib.sha1(data).hexdigest(),
    )  # fmt: skip
    article, _warnings = article_of(raw)
    return find_events(article)


def _same(a: str, b: str) -> bool:
    x, y = set(key_of(a).split()), set(key_of(b).split())
    return bool(x) and bool(y) and (x <= y or y <= x)


def _people_match(gold: list[str], found: list[str]) -> bool:
    return all(any(_same(g, f) for f in found) for g in gold) and all(
        any(_same(g, f) for g in gold) for f in found
    )


def _date_match(gold: str | None, found: str | None) -> bool:
    if gold is None or found is None:
        return gold == found
    if gold.startswith("--"):
        return found[-6:] == gold[-6:]
    return gold == found


def score_article(gold: list[dict], found: tuple[Event, ...]) -> dict[str, list[int]]:
    """Per aspect: [right, found, labelled] for one article."""
    free = list(range(len(gold)))
    right = dict.fromkeys(ASPECTS, 0)
    misses = []
    for event in found:
        names = [o.name for o in event.participants]
        best = None
        for i in free:
            g = gold[i]
            if g["pair"] != event.pair:
                continue
            if g["participants"] and not any(_same(p, n) for p in g["participants"] for n in names):
                continue
            best = i
            break
        if best is None:
            misses.append(("extra", event))
            continue
        free.remove(best)
        g = gold[best]
        ok = {
            "event": True,
            "kind": g["kind"] == event.kind,
            "date": _date_match(g["date"], event.date),
            "participants": _people_match(g["participants"], names),
            "pair": g["pair"] == event.pair,
        }
        ok["all"] = all(ok.values())
        for aspect, good in ok.items():
            right[aspect] += good
        if not ok["all"]:
            misses.append(("wrong " + ",".join(a for a, v in ok.items() if not v), event, g))
    misses.extend(("missed", gold[i]) for i in free)
    return {a: [right[a], len(found), len(gold)] for a in ASPECTS} | {"_misses": misses}  # type: ignore[dict-item]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--texts", type=Path, default=TEXTS, help="folder of <id>.txt page texts")
    ap.add_argument("--split", choices=("dev", "holdout", "all"), default="dev")
    ap.add_argument("--show", action="store_true", help="list every miss, extra and wrong event")
    args = ap.parse_args()
    texts = args.texts if args.texts.is_dir() else ROOT.parent / "realpages" / "texts"
    labels = [lb for lb in load_labels() if args.split == "all" or lb["split"] == args.split]
    totals = {a: [0, 0, 0] for a in ASPECTS}
    by_source: dict[str, dict[str, list[int]]] = {}
    missing = []
    for label in labels:
        path = source_of(label, texts)
        if not path.exists():
            missing.append(str(path))
            continue
        scored = score_article(label["events"], events_of(path))
        for a in ASPECTS:
            for i in range(3):
                totals[a][i] += scored[a][i]
                by_source.setdefault(label["source"], {x: [0, 0, 0] for x in ASPECTS})[a][i] += (
                    scored[a][i]
                )
        if args.show:
            for miss in scored["_misses"]:
                print(label.get("id", label["article"]), *miss, sep="\n  ")
    if missing:
        sys.exit(f"eval_events: {len(missing)} texts not found, first {missing[0]}")
    rows = []
    for a in ASPECTS:
        right, found, gold = totals[a]
        rows.append(
            [a, right, found, gold, right / found if found else 0.0, right / gold if gold else 0.0]
        )
    print(f"{len(labels) - len(missing)} articles ({args.split}), "
          f"{totals['event'][2]} labelled events, {totals['event'][1]} found")  # fmt: skip
    print(table(["aspect", "right", "found", "labelled", "P", "R"], rows))
    print()
    src_rows = []
    for source, t in sorted(by_source.items()):
        r, f, g = t["all"]
        e = t["event"]
        src_rows.append([source, g, f, e[0] / e[1] if e[1] else 0.0, e[0] / e[2] if e[2] else 0.0,
                         r / f if f else 0.0, r / g if g else 0.0])  # fmt: skip
    print(table(["source", "labelled", "found", "event P", "event R", "all P", "all R"], src_rows))


if __name__ == "__main__":
    main()
