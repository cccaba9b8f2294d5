"""Score the extractor on Reuters-21578 (../shared/data/reuters21578): countries against PLACES,
officials against PEOPLE, and dates against the story date.

Each story with a body goes through the extractor as title + dateline + body (an all-caps title is
title-cased first). Countries are scored micro-averaged against the PLACES codes mapped to ISO by
``bench/reuters_places.tsv``; officials by surname against the PEOPLE codes, whose full names come
from ``people_codes.tsv``, on the stories that carry PEOPLE.

    python bench/eval_extract.py [--limit N]
"""

from __future__ import annotations

import argparse
import gzip
import json
import multiprocessing
from collections import Counter
from pathlib import Path

from _common import DATA, require, table

from searcher.clean import split_blocks
from searcher.extract import extract
from searcher.models import CleanedArticle, Hints
from searcher.text import key_of

HERE = Path(__file__).resolve().parent


def places_map() -> dict[str, str]:
    rows = (
        line.split("\t")
        for line in (HERE / "reuters_places.tsv").read_text().splitlines()
        if line and line[0] != "#"
    )
    return {code: iso.strip() for code, iso in rows}


def people_map() -> dict[str, str]:
    """Reuters people code → surname key (last word of the name as the description spells it)."""
    out = {}
    lines = (
        require(DATA / "reuters21578" / "people_codes.tsv").read_text(encoding="utf-8").splitlines()
    )
    for line in lines[1:]:
        code, in_description, _group, _description = line.split("\t")
        out[code] = key_of(in_description.replace("-", " ")).split()[-1]
    return out


def stories(limit: int | None = None):
    path = require(DATA / "reuters21578" / "articles.jsonl.gz")
    n = 0
    with gzip.open(path, "rt", encoding="utf-8") as f:
        for line in f:
            row = json.loads(line)
            if not row.get("body"):
                continue
            yield row
            n += 1
            if limit and n >= limit:
                return


def predict(row: dict) -> dict:
    title = row.get("title") or None
    if title and title.isupper():
        title = title.title()
    dateline = row.get("dateline") or ""
    paragraphs = tuple(split_blocks(f"{dateline} {row['body']}"))
    cleaned = CleanedArticle(
        title=title, paragraphs=paragraphs, hints=Hints(dateline=dateline or None)
    )
    found = extract(cleaned)
    return {
        "id": row["id"],
        "countries": list(found.countries),
        "officials": [o.key for o in found.officials],
        "date": found.date.isoformat() if found.date else None,
        "date_partial": found.date_partial,
    }


def evaluate(limit: int | None = None, workers: int = 2) -> dict:
    places, people = places_map(), people_map()
    known = set(people.values())
    rows = list(stories(limit))
    with multiprocessing.get_context("fork").Pool(workers) as pool:
        predictions = pool.map(predict, rows, chunksize=64)
    c = Counter()
    fp_countries, fn_countries, fp_people, fn_people = Counter(), Counter(), Counter(), Counter()
    for row, pred in zip(rows, predictions, strict=True):
        truth = {places[p] for p in row["places"] if places.get(p, "-") != "-"}
        got = set(pred["countries"])
        c["c_tp"] += len(got & truth)
        c["c_fp"] += len(got - truth)
        c["c_fn"] += len(truth - got)
        fp_countries.update(got - truth)
        fn_countries.update(truth - got)
        if pred["date"]:
            c["dated"] += 1
            c["date_ok"] += pred["date"] == row["date"]
            c["date_wrong_year"] += pred["date"][:4] != (row["date"] or "")[:4]
        elif pred["date_partial"]:
            # "--MM-DD": the month and day, the year unknown (Reuters datelines state none).
            c["partial"] += 1
            c["partial_ok"] += pred["date_partial"][2:] == (row["date"] or "")[5:10]
        if row["people"]:
            surnames = {people[p] for p in row["people"] if p in people}
            for key in pred["officials"]:
                hit = any(s in key.split() for s in surnames)
                c["o_tp" if hit else "o_fp"] += 1
                if not hit:
                    fp_people[key] += 1
                # Reuters indexes only 267 people: also score the predictions it could have tagged.
                if any(s in key.split() for s in known):
                    c["k_tp" if hit else "k_fp"] += 1
            for s in surnames:
                if not any(s in key.split() for key in pred["officials"]):
                    c["o_fn"] += 1
                    fn_people[s] += 1
    return {"stories": len(rows), "counts": c, "fp_countries": fp_countries, "fn_countries": fn_countries,
            "fp_people": fp_people, "fn_people": fn_people}  # fmt: skip


def ratio(a: int, b: int) -> float:
    return a / b if b else 0.0


def scores(result: dict) -> dict[str, float]:
    c = result["counts"]
    return {
        "countries_precision": ratio(c["c_tp"], c["c_tp"] + c["c_fp"]),
        "countries_recall": ratio(c["c_tp"], c["c_tp"] + c["c_fn"]),
        "officials_precision": ratio(c["o_tp"], c["o_tp"] + c["o_fp"]),
        "officials_recall": ratio(c["o_tp"], c["o_tp"] + c["o_fn"]),
        "officials_precision_known": ratio(c["k_tp"], c["k_tp"] + c["k_fp"]),
        "date_coverage": ratio(c["dated"], result["stories"]),
        "date_accuracy": ratio(c["date_ok"], c["dated"]),
        "date_wrong_year": c["date_wrong_year"],
        "partial_coverage": ratio(c["partial"], result["stories"]),
        "partial_accuracy": ratio(c["partial_ok"], c["partial"]),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--limit", type=int, help="only the first N stories with a body")
    args = parser.parse_args()
    result = evaluate(args.limit)
    s = scores(result)
    print(f"Reuters-21578: {result['stories']} stories with a body\n")
    print(table(["field", "precision", "recall", "goal"], [
        ["countries (vs PLACES)", s["countries_precision"], s["countries_recall"], "P>=0.9 R>=0.8"],
        ["officials (vs PEOPLE)", s["officials_precision"], s["officials_recall"], "P>=0.9"],
        ["officials Reuters indexes", s["officials_precision_known"], s["officials_recall"], ""],
    ]))  # fmt: skip
    print(
        f"\ndates: {s['date_coverage']:.3f} of stories dated; {s['date_accuracy']:.3f} of those exact;"
        f" {s['date_wrong_year']} with a wrong year\n"
        f"month and day only (year unknown): {s['partial_coverage']:.3f} of stories;"
        f" {s['partial_accuracy']:.3f} of those the story's month and day"
    )
    for title, counter in (("countries predicted, not in PLACES", result["fp_countries"]),
                           ("countries in PLACES, missed", result["fn_countries"]),
                           ("officials predicted, not in PEOPLE", result["fp_people"]),
                           ("PEOPLE surnames missed", result["fn_people"])):  # fmt: skip
        print(f"\n{title} (top 20):")
        print("  " + ", ".join(f"{k} {n}" for k, n in counter.most_common(20)))


if __name__ == "__main__":
    main()
