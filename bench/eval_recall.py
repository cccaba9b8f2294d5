"""Recall of inflections (issue 21): every word of a family finds what any word of it finds.

For each family of words a reader takes for one concept (a verb's forms, a noun's plural, the
-ize/-ise spellings, -ization/-isation, contractions typed three ways, possessives), every member
is searched alone in an index of the 55,340 news items; the family matches as one when each
member finds every document that any member finds. The same words are searched, each quoted,
in a tantivy index of the same files with its default English stemmer (``en_stem``: split at
every non-alphanumeric, lower case, Snowball English), where tantivy installs (.venv-bench).

    python bench/eval_recall.py               # the families, and the totals beside tantivy
    python bench/eval_recall.py --members     # and every member's own total
    python bench/eval_recall.py --no-peer     # defsearch only
    python bench/eval_recall.py --speed 20    # each analyst query's warm time (median of 20)

Every member of the list below occurs in the corpus. The index is bench/.work/recall-index
(synced on each run: rebuilt when the schema changed); tantivy's is made once beside it.
"""

from __future__ import annotations

import argparse
import importlib.util
import shutil
import sys
from pathlib import Path

from _common import WORK, table
from bench_speed import QUERIES, write_corpus

from searcher.index import SyncOptions, sync
from searcher.search.handle import Index
from searcher.search.results import SearchOptions

SIZE = 55_340
# (kind, members): each member is typed as a reader would, and is in the corpus
FAMILIES: list[tuple[str, str]] = [
    ("verb", "drop dropped dropping drops"),
    ("verb", "run running runs"),
    ("verb", "plan planned planning plans"),
    ("verb", "stop stopped stopping stops"),
    ("verb", "cut cutting cuts"),
    ("verb", "exercise exercised exercising exercises"),
    ("verb", "cooperate cooperated cooperating cooperation"),
    ("verb", "negotiate negotiated negotiating negotiates negotiation negotiations"),
    ("verb", "agree agreed agreeing agrees"),
    ("verb", "sign signed signing signs"),
    ("verb", "visit visited visiting visits"),
    ("verb", "strengthen strengthened strengthening strengthens"),
    ("verb", "deploy deployed deploying deploys deployment deployments"),
    ("verb", "increase increased increasing increases"),
    ("verb", "reduce reduced reducing reduces"),
    ("verb", "refer referred referring refers"),
    ("verb", "commit committed committing commits"),
    ("verb", "admit admitted admitting admits"),
    ("verb", "control controlled controlling controls"),
    ("verb", "occur occurred occurring occurs"),
    ("verb", "try tried trying tries"),
    ("verb", "rely relied relying relies"),
    ("verb", "apply applied applying applies"),
    ("verb", "permit permitted permitting permits"),
    ("verb", "travel traveled travelled traveling travelling travels"),
    ("verb", "cancel canceled cancelled canceling cancelling cancels"),
    ("verb", "label labeled labelled labeling labelling labels"),
    ("verb", "fuel fueled fuelled fueling fuelling fuels"),
    ("verb", "model modeled modelled modeling modelling models"),
    ("verb", "ban banned banning bans"),
    ("verb", "win winning wins"),
    ("verb", "begin beginning begins"),
    ("verb", "program programs programmed programming programme programmes"),
    ("noun", "policy policies"),
    ("noun", "country countries"),
    ("noun", "ally allies allied"),
    ("noun", "economy economies"),
    ("noun", "ministry ministries"),
    ("noun", "company companies"),
    ("noun", "army armies"),
    ("noun", "strategy strategies"),
    ("noun", "treaty treaties"),
    ("noun", "party parties"),
    ("noun", "facility facilities"),
    ("noun", "capability capabilities"),
    ("noun", "activity activities"),
    ("noun", "partnership partnerships"),
    ("noun", "sanction sanctions sanctioned"),
    ("noun", "missile missiles"),
    ("noun", "defence defense defences defenses"),
    ("noun", "security securities"),
    ("-ize/-ise", "modernize modernise modernized modernised modernizing modernising"),
    ("-ize/-ise", "organize organise organized organised organizing organising organizes"),
    ("-ize/-ise", "recognize recognise recognized recognised recognizing recognising"),
    ("-ize/-ise", "prioritize prioritized prioritised prioritizing prioritising"),
    ("-ize/-ise", "emphasize emphasise emphasized emphasised emphasizing emphasising"),
    ("-ize/-ise", "criticize criticise criticized criticised criticizing criticising"),
    ("-ize/-ise", "authorize authorise authorized authorised"),
    ("-ize/-ise", "minimize minimise minimized minimised"),
    ("-ize/-ise", "maximize maximise"),
    ("-ize/-ise", "stabilize stabilise stabilized stabilised stabilizing stabilising"),
    ("-ize/-ise", "utilize utilise utilized utilised"),
    ("-ize/-ise", "normalize normalise normalized"),
    ("-ize/-ise", "privatize privatise privatized privatised"),
    ("-ize/-ise", "annualized annualised"),
    ("-ize/-ise", "mobilize mobilise mobilized mobilised"),
    ("-ize/-ise", "finalize finalise finalized finalised"),
    ("-ize/-ise", "apologize apologise apologized apologised"),
    ("-ize/-ise", "summarise summarized summarised"),
    ("-ize/-ise", "legalize legalise legalized"),
    ("-ize/-ise", "characterize characterise characterized characterised"),
    ("-ize/-ise", "specialize specialise specialized specialised"),
    ("-ize/-ise", "subsidize subsidise subsidized subsidised"),
    ("-ize/-ise", "jeopardize jeopardise jeopardized jeopardised"),
    ("-ize/-ise", "revitalize revitalise revitalized revitalised"),
    ("-ize/-ise", "capitalize capitalise capitalized capitalised"),
    ("-ize/-ise", "sympathize sympathise"),
    ("-ize/-ise", "realize realise realized realised realizing realising"),
    ("-ization/-isation", "organization organisation organizations organisations"),
    ("-ization/-isation", "modernization modernisation"),
    ("-ization/-isation", "privatization privatisation"),
    ("-ization/-isation", "globalization globalisation"),
    ("-ization/-isation", "stabilization stabilisation"),
    ("-ization/-isation", "normalization normalisation"),
    ("-ization/-isation", "liberalization liberalisation"),
    ("-ization/-isation", "civilization civilisation civilizations"),
    ("-ization/-isation", "authorization authorisation"),
    ("-ization/-isation", "industrialization industrialisation"),
    ("-ization/-isation", "democratization democratisation"),
    ("-ization/-isation", "utilization utilisation"),
    ("-ization/-isation", "realization realisation"),
    ("-ization/-isation", "modernize modernization modernisation"),
    ("-ization/-isation", "organize organization organisations"),
    ("contraction", "didn't didn’t didnt"),
    ("contraction", "don't don’t dont"),
    ("contraction", "doesn't doesn’t doesnt"),
    ("contraction", "can't can’t cant"),
    ("contraction", "won't won’t wont"),
    ("contraction", "isn't isn’t isnt"),
    ("contraction", "wasn't wasn’t wasnt"),
    ("contraction", "couldn't couldn’t"),
    ("contraction", "wouldn't wouldn’t wouldnt"),
    ("contraction", "haven't haven’t"),
    ("possessive", "Vietnam Vietnam's Vietnam’s"),
    ("possessive", "China China's China’s"),
    ("possessive", "Japan Japan's Japan’s"),
    ("possessive", "minister minister's ministers ministers'"),
    ("possessive", "nation nation's nations nations'"),
    ("possessive", "government government's governments governments'"),
    ("possessive", "Britain Britain's Britain’s"),
]

TANTIVY_BUILD = """
import os, sys, tantivy
root, out = sys.argv[1], sys.argv[2]
os.makedirs(out, exist_ok=True)
schema = tantivy.SchemaBuilder()
schema.add_text_field("id", stored=True, tokenizer_name="raw")
schema.add_text_field("content", tokenizer_name="en_stem")
w = tantivy.Index(schema.build(), path=out).writer(heap_size=256_000_000)
for folder, _, names in os.walk(root):
    for name in names:
        if name.endswith(".txt"):
            with open(os.path.join(folder, name), encoding="utf-8") as f:
                w.add_document(tantivy.Document(id=name, content=f.read()))
w.commit()
w.wait_merging_threads()
"""


def defsearch_matches(index: Path, words: list[str]) -> dict[str, set[str]]:
    """Each word's matching documents (their file names), searched as typed."""
    out = {}
    with Index(str(index)) as ix:
        for word in words:
            result = ix.search(SearchOptions(query=word, limit=0, snippets=False))
            out[word] = {h.id.rsplit("/", 1)[-1] for h in result.hits}
    return out


def tantivy_matches(corpus: Path, where: Path, words: list[str]) -> dict[str, set[str]]:
    """Each word's matching documents in tantivy with ``en_stem`` (the word quoted: its query
    parser refuses a bare apostrophe)."""
    import subprocess

    import tantivy

    if not (where / "meta.json").exists():
        shutil.rmtree(where, ignore_errors=True)
        subprocess.run([sys.executable, "-c", TANTIVY_BUILD, str(corpus), str(where)], check=True)
    ix = tantivy.Index.open(str(where))
    searcher = ix.searcher()
    out = {}
    for word in words:
        q = ix.parse_query('"' + word + '"', ["content"])
        hits = searcher.search(q, SIZE).hits
        out[word] = {searcher.doc(address)["id"][0] for _score, address in hits}
    return out


def speed(index: Path, repeats: int, against: Path | None = None) -> list[list]:
    """Each query of bench/queries.txt, and a word of each kind of family, searched as the
    speed bench does: its median CPU time over ``repeats`` runs, after a first one (warm), in
    ``index`` and, taking turns query by query in this process, in ``against`` (an index
    written before, which this code searches with that index's own analysis). CPU time, not
    wall time: on a shared machine another process's turn is not this query's."""
    import statistics
    import time
    from contextlib import ExitStack

    queries = [q for q in QUERIES.read_text(encoding="utf-8").splitlines() if q and q[0] != "#"]
    queries += ["dropped", "modernisation", "didn't", "Vietnam's", "organizations"]
    rows = []
    with ExitStack() as stack:
        opened = [stack.enter_context(Index(str(p))) for p in (against, index) if p]
        for q in queries:
            options = SearchOptions(query=q, facets=("pair", "country", "official"), limit=10)
            times: list[list[float]] = [[] for _ in opened]
            totals = [ix.search(options).total for ix in opened]
            for _ in range(repeats):
                for ix, spent in zip(opened, times, strict=True):
                    t0 = time.process_time()
                    ix.search(options)
                    spent.append(time.process_time() - t0)
            medians = [statistics.median(t) * 1000 for t in times]
            row = [q, *totals, *medians]
            rows.append(row + ([medians[1] / medians[0]] if against else []))
    return rows


def families(matches: dict[str, set[str]]) -> list[tuple[int, bool, list[str]]]:
    """Per family: (documents any member finds, whether every member finds them all, the
    members that miss some)."""
    out = []
    for _kind, text in FAMILIES:
        members = text.split()
        union = set().union(*(matches[w] for w in members))
        short = [w for w in members if matches[w] != union]
        out.append((len(union), not short, short))
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--members", action="store_true", help="every member's own total too")
    parser.add_argument("--no-peer", action="store_true", help="defsearch only")
    parser.add_argument("--rebuild", action="store_true", help="rebuild defsearch's index")
    parser.add_argument("--speed", type=int, metavar="N", help="time the analyst queries instead")
    parser.add_argument("--against", type=Path, help="with --speed: an older index to time too")
    args = parser.parse_args()
    corpus = write_corpus(SIZE)
    index = WORK / "recall-index"
    report = sync([str(corpus)], str(index), SyncOptions(rebuild=args.rebuild))
    if report.rebuilt:
        print(f"built {index} ({report.added} documents, {report.seconds:.0f} s)", file=sys.stderr)
    if args.speed:
        heads = ["query (warm, top 10, 3 facets, snippets)", "matches", "median CPU ms"]
        if args.against:
            heads = [heads[0], "matches before", "after", "CPU ms before", "after", "after/before"]
        print(table(heads, speed(index, args.speed, args.against)))
        return
    words = list(dict.fromkeys(w for _kind, text in FAMILIES for w in text.split()))
    ours = defsearch_matches(index, words)
    peer = None
    if not args.no_peer and importlib.util.find_spec("tantivy"):
        peer = tantivy_matches(corpus, WORK / "recall-tantivy", words)
    elif not args.no_peer:
        print("tantivy is not installed (make bench installs it in .venv-bench)\n")
    ours_f = families(ours)
    peer_f = families(peer) if peer else None
    kinds = list(dict.fromkeys(kind for kind, _ in FAMILIES))
    rows = []
    for kind in kinds:
        picked = [i for i, (k, _) in enumerate(FAMILIES) if k == kind]
        row: list = [kind, len(picked), sum(ours_f[i][1] for i in picked)]
        row.append(sum(ours_f[i][0] for i in picked))
        if peer_f:
            row += [sum(peer_f[i][1] for i in picked), sum(peer_f[i][0] for i in picked)]
        rows.append(row)
    total: list = ["all", len(FAMILIES), sum(f[1] for f in ours_f), sum(f[0] for f in ours_f)]
    if peer_f:
        total += [sum(f[1] for f in peer_f), sum(f[0] for f in peer_f)]
    rows.append(total)
    heads = ["kind", "families", "defsearch: as one", "defsearch: documents"]
    if peer_f:
        heads += ["tantivy en_stem: as one", "tantivy: documents"]
    print(f"inflection families in the news corpus ({SIZE:,} items)\n")
    print(table(heads, rows))
    print("\n(documents: summed over the families, each family's documents any member finds)\n")
    rows = []
    for i, (kind, text) in enumerate(FAMILIES):
        row: list = [text.split()[0], kind, ours_f[i][0], " ".join(ours_f[i][2]) or "as one"]
        if peer and peer_f:
            row += [peer_f[i][0], " ".join(peer_f[i][2]) or "as one"]
        rows.append(row)
    heads = ["family", "kind", "defsearch", "defsearch misses in"]
    if peer_f:
        heads += ["tantivy", "tantivy misses in"]
    print(table(heads, rows))
    if args.members:
        rows = [[w, len(ours[w])] + ([len(peer[w])] if peer else []) for w in words]
        print()
        print(table(["word", "defsearch"] + (["tantivy en_stem"] if peer else []), rows))
    failed = [text.split()[0] for (_k, text), f in zip(FAMILIES, ours_f, strict=True) if not f[1]]
    if failed:
        sys.exit(f"\n{len(failed)} families do not match as one: {', '.join(failed)}")


if __name__ == "__main__":
    Path(WORK).mkdir(parents=True, exist_ok=True)
    main()
