"""Score cleaning, extraction and search on real pages of the target outlets (issue 13).

The labels (``bench/realpages/*.jsonl``: address, date, outlet, countries, pairs, officials,
boilerplate and keep snippets, written by hand) are in the repository; the page texts are not:
collect them into a folder each session (``bench/realpages/README.md`` says how) and pass it:

    python bench/eval_real.py [--texts DIR] [--show KIND] [--json]

Each text goes through the pipeline as a saved plain-text copy: no address, no folder name, so
the outlet must come from the text itself. Then the texts are indexed (a real index in a
temporary folder) and ten analyst searches are run; one is answered completely when it returns
every labelled article and nothing else.
"""

from __future__ import annotations

import argparse
import json
import re
import shutil
import sys
import tempfile
from collections import Counter
from pathlib import Path

from _common import WORK, table

from searcher.clean import clean
from searcher.extract import extract
from searcher.text import fold, key_of

HERE = Path(__file__).resolve().parent
LABELS = HERE / "realpages"
TEXTS = WORK / "realpages" / "texts"
SAME_OUTLET = {"VietnamPlus": "VNA"}  # VNA publishes VietnamPlus: counted alike
HONORIFICS = {"datuk", "seri", "dato", "dato'", "tan", "sri", "haji", "hj", "dr", "mr", "mrs", "ms",
              "h.e.", "jr", "jr.", "sr", "pehin", "awang", "dayang", "samdech", "techo", "u", "daw"}  # fmt: skip


def load_labels(folder: Path = LABELS) -> list[dict]:
    rows = []
    for path in sorted(folder.glob("*.jsonl")):
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if line.strip():
                try:
                    rows.append(json.loads(line))
                except json.JSONDecodeError as exc:
                    sys.exit(f"eval_real: {path.name} line {n}: {exc}")
    return rows


def outlet_of(name: str | None) -> str | None:
    return SAME_OUTLET.get(name, name) if name else None


def person_key(name: str) -> str:
    """A name compared without honorifics, suffixes or accents: ``Datuk Seri Mohamad bin Hasan``
    and ``Mohamad bin Hasan`` are one person."""
    words = [w for w in key_of(name.replace(".", " ")).split() if w not in HONORIFICS]
    return " ".join(words)


def same_person(a: str, b: str) -> bool:
    if a == b:
        return True
    ta, tb = a.split(), b.split()
    # one name written with fewer parts ("Mohamad Hasan", "Mohamad bin Hasan")
    short, long_ = (ta, tb) if len(ta) <= len(tb) else (tb, ta)
    return len(short) >= 2 and set(short) <= set(long_) and short[-1] == long_[-1]


def squash(text: str) -> str:
    return " ".join(fold(text).lower().split())


def score_page(label: dict, text: str) -> dict:
    cleaned = clean(text, f"{label['id']}.txt")
    found = extract(cleaned)
    body = squash((cleaned.title or "") + "\n" + cleaned.body)
    got_officials = [(person_key(o.name), o.country) for o in found.officials]
    want_officials = [(person_key(o["name"]), o.get("country")) for o in label["officials"]]
    matched, country_right, country_known = 0, 0, 0
    unmatched_got = list(got_officials)
    missed = []
    for key, country in want_officials:
        hit = next((g for g in unmatched_got if same_person(key, g[0])), None)
        if hit is None:
            missed.append(key)
            continue
        unmatched_got.remove(hit)
        matched += 1
        if country:
            country_known += 1
            country_right += hit[1] == country
            if hit[1] != country:
                missed.append(f"{key}: country {hit[1]}, want {country}")
    left = [b for b in label.get("boilerplate", []) if squash(b) and squash(b) in body]
    lost = [k for k in label.get("keep", []) if squash(k) not in body]
    return {
        "id": label["id"],
        "date": found.date.isoformat() if found.date else None,
        "date_source": found.date_source,
        "outlet": found.outlet,
        "pairs": sorted(found.country_pairs),
        "countries": sorted(found.countries),
        "officials_got": len(got_officials),
        "officials_want": len(want_officials),
        "officials_matched": matched,
        "officials_extra": [g[0] for g in unmatched_got],
        "officials_missed": missed,
        "country_right": country_right,
        "country_known": country_known,
        "boilerplate_left": left,
        "keep_lost": lost,
        "body_words": len(body.split()),
    }


def date_rows(labels: dict[str, dict], results: list[dict]) -> dict[str, int]:
    c: Counter[str] = Counter()
    for r in results:
        lab = labels[r["id"]]
        kind, want, truth = lab["date_kind"], lab["date"], lab.get("true_date") or lab["date"]
        c[f"{kind}_pages"] += 1
        if kind in ("stamp", "text"):
            if r["date"] == want:
                c[f"{kind}_right"] += 1
            elif r["date"] is None:
                c[f"{kind}_unknown"] += 1
            else:
                c[f"{kind}_wrong"] += 1
                if r["date"][:4] != want[:4]:
                    c[f"{kind}_wrong_year"] += 1
        elif r["date"] is not None:
            c["none_given"] += 1
            if truth and r["date"][:4] != truth[:4]:
                c["none_wrong_year"] += 1
    return c


def analyst_searches(labels: dict[str, dict]) -> list[tuple[str, dict, set[str], set[str]]]:
    """Ten searches an analyst runs, each with the articles the labels say it must return and
    those it may return: a label's ``outlet_also`` (a VNS page with a VNA photo) is an outlet
    the page may be credited to, as the outlet measure counts it, not one it must be."""
    rows = list(labels.values())
    pairs = Counter(p for r in rows for p in r["pairs"])
    people = Counter(person_key(o["name"]) for r in rows for o in r["officials"])
    names = {person_key(o["name"]): o["name"] for r in rows for o in r["officials"]}

    def with_pair(p):
        return {r["id"] for r in rows if p in r["pairs"]}

    def with_official(k):
        return {
            r["id"]
            for r in rows
            if any(same_person(k, person_key(o["name"])) for o in r["officials"])
        }

    def with_outlet(o):
        return {r["id"] for r in rows if outlet_of(r["outlet"]) == o}

    def may_have_outlet(o):
        return {
            r["id"]
            for r in rows
            if o in {outlet_of(x) for x in [r["outlet"], *r.get("outlet_also", [])]}
        }

    def text_has(*patterns: str, any_word: bool = False) -> set[str]:
        """Pages whose cleaned title and body (the cleaner is scored on its own above) have
        every pattern, or any with ``any_word``: an oracle for the words, spellings and
        inflections a text search must match."""
        rxs = [re.compile(p, re.IGNORECASE) for p in patterns]
        test = any if any_word else all
        return {r["id"] for r in rows if test(rx.search(fold(r["_article"])) for rx in rxs)}

    out: list[tuple[str, dict, set[str], set[str]]] = []
    for pair, _ in pairs.most_common(3):
        out.append((f"--pair {pair}", {"pairs": (pair,)}, with_pair(pair), with_pair(pair)))
    for key, _ in people.most_common(2):
        found = with_official(key)
        out.append((f"--official '{names[key]}'", {"officials": (names[key],)}, found, found))
    for outlet in ("VNA", "VNS"):
        out.append((f"--outlet {outlet}", {"outlets": (outlet,)}, with_outlet(outlet),
                    may_have_outlet(outlet)))  # fmt: skip
    dated = {r["id"] for r in rows if r["date"] and r["date"] >= "2020-01-01"}
    out.append(("--since 2020-01-01", {"since": "2020-01-01"}, dated, dated))
    defence = r"\bdefen[cs](?:e|es|ive)\b"
    both = text_has(defence, r"\bcooperat(?:e|es|ed|ing|ion|ions|ive)\b")
    out.append(("defence cooperation", {"query": "defence cooperation"}, both, both))
    either = text_has(defence, r"\bprogram(?:me)?s?\b", any_word=True)
    out.append(("defense programme --any", {"query": "defense programme", "any_word": True},
                either, either))  # fmt: skip
    return out


MISSES: list[str] = []  # the searches' misses, for --show searches


def run_searches(labels: dict[str, dict], texts: dict[str, str]) -> list[list]:
    from searcher.index import SyncOptions, sync
    from searcher.search.handle import Index
    from searcher.search.results import SearchOptions

    work = Path(tempfile.mkdtemp(prefix="eval-real-"))
    try:
        corpus = work / "corpus"
        corpus.mkdir()
        for ident, text in texts.items():
            (corpus / f"{ident}.txt").write_text(text, encoding="utf-8")
        sync([str(corpus)], str(work / "index"), SyncOptions(rebuild=True, workers=1))
        rows = []
        with Index(str(work / "index")) as ix:
            for name, opts, want, allowed in analyst_searches(labels):
                want &= set(texts)
                res = ix.search(SearchOptions(limit=10_000, snippets=False, **opts))
                got = {h.id.removesuffix(".txt") for h in res.hits}
                complete = want <= got and got <= allowed
                if not complete:
                    MISSES.append(
                        f"{name}: missing {sorted(want - got)}, extra {sorted(got - allowed)}"
                    )
                rows.append([name, len(want), len(got & want), len(got - allowed),
                             "yes" if complete else "no"])  # fmt: skip
        return rows
    finally:
        shutil.rmtree(work, ignore_errors=True)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--texts", type=Path, default=TEXTS, help="folder of <id>.txt page texts")
    ap.add_argument("--show", choices=["date", "outlet", "pairs", "officials", "boilerplate", "searches"],
                    help="list the pages that miss on one measure")  # fmt: skip
    ap.add_argument("--json", action="store_true", help="per-page results as JSON Lines")
    ap.add_argument("--labels", type=Path, default=LABELS,
                    help="folder of labels-*.jsonl (default: the development set)")  # fmt: skip
    args = ap.parse_args()
    labels = {r["id"]: r for r in load_labels(args.labels)}
    texts = {}
    for ident in labels:
        path = args.texts / f"{ident}.txt"
        if path.is_file():
            texts[ident] = path.read_text(encoding="utf-8")
            labels[ident]["_text"] = texts[ident]
            cleaned = clean(texts[ident], f"{ident}.txt")
            labels[ident]["_article"] = f"{cleaned.title or ''}\n{cleaned.body}"
    if not texts:
        sys.exit(f"eval_real: no page texts in {args.texts} (see bench/realpages/README.md)")
    labels = {k: v for k, v in labels.items() if k in texts}
    results = [score_page(labels[i], texts[i]) for i in texts]
    if args.json:
        for r in results:
            print(json.dumps(r, ensure_ascii=False))
        return
    n = len(results)
    d = date_rows(labels, results)
    outlet_right = outlet_wrong = 0
    pair_exact = pair_tp = pair_got = pair_want = 0
    o_match = o_got = o_want = c_right = c_known = 0
    left = marked = lost = 0
    misses: list[str] = []
    for r in results:
        lab = labels[r["id"]]
        ok = {outlet_of(x) for x in [lab["outlet"], *lab.get("outlet_also", [])]}
        if r["outlet"]:
            if outlet_of(r["outlet"]) in ok:
                outlet_right += 1
            else:
                outlet_wrong += 1
                if args.show == "outlet":
                    misses.append(f"{r['id']}: got {r['outlet']}, want {sorted(ok)}")
        elif args.show == "outlet":
            misses.append(f"{r['id']}: none, want {sorted(ok)}")
        want, got = set(lab["pairs"]), set(r["pairs"])
        pair_exact += want == got
        pair_tp, pair_got, pair_want = (
            pair_tp + len(want & got),
            pair_got + len(got),
            pair_want + len(want),
        )
        if args.show == "pairs" and want != got:
            misses.append(f"{r['id']}: got {sorted(got)}, want {sorted(want)}")
        o_match += r["officials_matched"]
        o_got += r["officials_got"]
        o_want += r["officials_want"]
        c_right += r["country_right"]
        c_known += r["country_known"]
        if args.show == "officials" and (r["officials_extra"] or r["officials_missed"]):
            misses.append(
                f"{r['id']}: extra {r['officials_extra']}, missed {r['officials_missed']}"
            )
        marked += len(lab.get("boilerplate", []))
        left += len(r["boilerplate_left"])
        lost += len(r["keep_lost"])
        if args.show == "boilerplate" and (r["boilerplate_left"] or r["keep_lost"]):
            misses.append(f"{r['id']}: left {r['boilerplate_left']}, lost {r['keep_lost']}")
        if args.show == "date":
            kind = lab["date_kind"]
            if (kind != "none" and r["date"] != lab["date"]) or (kind == "none" and r["date"]):
                misses.append(
                    f"{r['id']}: got {r['date']} ({r['date_source']}), want {lab['date']} ({kind})"
                )
    p = o_match / o_got if o_got else 0.0
    rc = o_match / o_want if o_want else 0.0
    f1 = 2 * p * rc / (p + rc) if p + rc else 0.0
    searches = run_searches(labels, texts)
    complete = sum(1 for s in searches if s[-1] == "yes")
    rows = [
        ["pages", n, ""],
        ["date, page stamp or date prefix", f"{d['stamp_right']}/{d['stamp_pages']}", "all"],
        ["date, year fixed by the text", f"{d['text_right']}/{d['text_pages']} right, "
         f"{d['text_wrong_year']} wrong year, {d['text_unknown']} unknown", "no wrong year"],
        ["date given where the text cannot fix the year",
         f"{d['none_given']} of {d['none_pages']} ({d['none_wrong_year']} wrong year)", "<= 3 in 51"],
        ["outlet named (VNA = VietnamPlus)", f"{outlet_right}/{n}, {outlet_wrong} wrong",
         ">= 75%, none wrong"],
        ["country pairs: exact set", f"{pair_exact}/{n} (P {pair_tp / max(pair_got, 1):.2f}, "
         f"R {pair_tp / max(pair_want, 1):.2f})", ">= 94%"],
        ["officials F1", f"{f1:.3f} (P {p:.2f}, R {rc:.2f})", ">= 0.95"],
        ["officials' country right", f"{c_right}/{c_known}", ">= 95%"],
        ["boilerplate left in the body", f"{left} of {marked} marked", "<= 4%"],
        ["article text lost (keep snippets)", f"{lost}", "0"],
        ["analyst searches answered completely", f"{complete}/{len(searches)}", "all"],
    ]  # fmt: skip
    print(table(["measure", "defsearch", "required"], rows))
    print()
    print(table(["analyst search", "want", "found", "extra", "complete"], searches))
    if args.show == "searches":
        misses.extend(MISSES)
    for line in misses:
        print(line)


if __name__ == "__main__":
    main()
