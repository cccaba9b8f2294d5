"""Speed, side by side with the tools a user would pick instead, each doing the same work (issue
19): build, one-shot query, warm queries in one process, sync; medians, ratios within one run.

Peers (bench/peers/, each its own process): plain Whoosh (groupedby facets; built with procs=2,
multisegment=True and with 1 proc), tantivy and SQLite FTS5. Every tool indexes title and body with
a stemmer, a date and three keyword facet fields (the values defsearch extracted, read from our
index: peers neither clean nor extract), and answers with the top 10, the exact count and three
facet counts. Corpus: ../shared/data/news/news.jsonl.gz (55,340 items) as one .txt file per item,
and a 4x replication with new ids.

    python bench/bench_speed.py --sizes 55340 --runs 2            # the fair table at 55k
    python bench/bench_speed.py --sizes 221360 --runs 1 --skip whoosh-1proc
    python bench/bench_speed.py --sizes 2000 --runs 1 --query-runs 1   # a quick look
"""

from __future__ import annotations

import argparse
import json
import math
import os
import random
import re
import resource
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

from _common import ROOT, WORK, news_items, write_corpus

PEERS = Path(__file__).resolve().parent / "peers"
PY = sys.executable
FACETS = ("pair", "country", "official")
FACET_ARGS = [a for f in FACETS for a in ("--facet", f)]
# the command as a user runs it: the console script installed beside this interpreter
_SCRIPT = Path(sys.executable).parent / "defsearch"
DEFSEARCH = [str(_SCRIPT)] if _SCRIPT.exists() else [sys.executable, "-m", "searcher"]
PEER_QUERY = ("fts5", "tantivy", "whoosh")  # peers with a one-shot, warm and told-update path


def load() -> str:
    return "/".join(f"{x:.1f}" for x in os.getloadavg())


_T0 = time.perf_counter()


def say(*parts: object) -> None:
    print(f"[{time.perf_counter() - _T0:6.0f} s]", *parts, file=sys.stderr, flush=True)


# --- the corpus -----------------------------------------------------------------------------


def own_corpus(size: int, work: Path) -> Path:
    """A hard-linked copy of the shared corpus that this run may change (the sync rows edit
    files by renaming a new version over them, so the shared files are never written)."""
    target = work / "corpus"
    if target.exists() and not (target / ".changed").exists():
        return target
    shutil.rmtree(target, ignore_errors=True)
    subprocess.run(["cp", "-al", str(write_corpus(size)), str(target)], check=True)
    return target


# --- the queries ----------------------------------------------------------------------------

WORD = re.compile(r"[a-z]+")


def query_sets(n_warm: int) -> tuple[list[str], list[str]]:
    """(5 one-shot words from rare to common, n_warm distinct warm queries), chosen from the
    55,340 news items whatever the corpus size (the larger corpus repeats them): words that
    every tool's stemmer leaves as they are (Snowball English and Porter), no stop words, so
    each tool looks up the same term. Warm: 60% single words log-spread from 3 documents to
    30% of them, 40% two words that occur together in an item."""
    cache = WORK / f"speed-queries-{n_warm}.json"
    if cache.exists():
        return tuple(json.loads(cache.read_text()))  # type: ignore[return-value]
    import Stemmer
    from whoosh.analysis import STOP_WORDS

    english, porter = Stemmer.Stemmer("english"), Stemmer.Stemmer("porter")
    rows = news_items()
    df: dict[str, int] = {}
    words_of = []
    for row in rows:
        words = set(WORD.findall(f"{row.get('title') or ''} {row.get('text') or ''}".lower()))
        words_of.append(words)
        for w in words:
            df[w] = df.get(w, 0) + 1
    stop = set(STOP_WORDS) | {"and", "or", "not", "near", "to"}
    good = sorted(w for w, n in df.items() if 4 <= len(w) <= 12 and w not in stop and n >= 3
                  and english.stemWord(w) == w and porter.stemWord(w) == w)  # fmt: skip
    by_df = sorted(good, key=lambda w: (df[w], w))
    total = len(rows)

    def nearest(target: float, taken: set[str]) -> str:
        return min((w for w in good if w not in taken),
                   key=lambda w: (abs(math.log(df[w]) - math.log(target)), w))  # fmt: skip

    taken: set[str] = set()
    oneshot = []
    for share in (0.0002, 0.002, 0.01, 0.05, 0.2):
        oneshot.append(nearest(share * total, taken))
        taken.add(oneshot[-1])
    rnd = random.Random(19)
    singles = round(n_warm * 0.6)
    warm: list[str] = []
    low, high = math.log(3), math.log(0.3 * total)
    for i in range(singles):
        w = nearest(math.exp(low + (high - low) * i / max(1, singles - 1)), taken)
        taken.add(w)
        warm.append(w)
    common = {w for w in good if df[w] >= 0.001 * total}
    seen = set(warm)
    while len(warm) < n_warm:
        words = sorted(words_of[rnd.randrange(total)] & common)
        if len(words) < 2:
            continue
        q = " ".join(rnd.sample(words, 2))
        if q not in seen:
            seen.add(q)
            warm.append(q)
    rnd.shuffle(warm)
    del by_df
    cache.write_text(json.dumps([oneshot, warm]))
    return oneshot, warm


# --- processes, time and memory -------------------------------------------------------------


def _tree(root: int) -> tuple[int, int, dict[tuple[int, int], int]]:
    """(largest, total) resident set in KB over ``root`` and all its descendants, and the CPU
    ticks (user + system) each of them has used so far, keyed by (pid, start time)."""
    children: dict[int, list[int]] = {}
    stats: dict[int, tuple[int, int, int]] = {}
    page = os.sysconf("SC_PAGE_SIZE") // 1024
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as f:
                fields = f.read().rsplit(")", 1)[1].split()
        except OSError:
            continue
        pid = int(entry)
        children.setdefault(int(fields[1]), []).append(pid)
        stats[pid] = (int(fields[21]) * page, int(fields[11]) + int(fields[12]), int(fields[19]))
    stack, rss, ticks = [root], [], {}
    while stack:
        pid = stack.pop()
        if pid in stats:
            kb, cpu, start = stats[pid]
            rss.append(kb)
            ticks[(pid, start)] = cpu
        stack.extend(children.get(pid, ()))
    return max(rss, default=0), sum(rss), ticks


class Run:
    """One process, start to exit: wall and CPU seconds, peak resident memory of its whole
    process tree. With ``sample``, the tree is read every 0.1 s: memory, and the CPU of every
    process in it as last seen (worker processes that their own parent reaps, such as a
    forkserver's, are not in the rusage of the children this process waited for)."""

    def __init__(self, cmd: list[str], sample: bool = False, tolerate: bool = False) -> None:
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        t0 = time.perf_counter()
        proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        largest = total = 0
        seen: dict[tuple[int, int], int] = {}
        if sample:
            while proc.poll() is None:
                one, together, ticks = _tree(proc.pid)
                largest, total = max(largest, one), max(total, together)
                seen.update(ticks)
                time.sleep(0.1)
        self.out, self.err = proc.communicate()
        self.wall = time.perf_counter() - t0
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        self.cpu = after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime
        self.cpu = max(self.cpu, sum(seen.values()) / os.sysconf("SC_CLK_TCK"))
        self.peak_mb, self.largest_mb = total / 1024, largest / 1024
        self.rc = proc.returncode
        # (a Python traceback exits 1, as defsearch search does when nothing matched)
        self.failed = self.rc not in (0, 1) or "Traceback (most recent call last)" in self.err
        if self.failed and not tolerate:
            sys.exit(f"bench: {' '.join(cmd)} failed ({self.rc}):\n{self.err[-3000:]}")

    def summary(self) -> str:
        lines = self.err.strip().splitlines()
        return lines[-1] if lines else ""

    def json(self) -> dict:
        return json.loads(self.out.strip().splitlines()[-1])


def peer(name: str, *args: str) -> list[str]:
    return [PY, str(PEERS / f"{name}_peer.py"), *args]


def rotated(seq: list, r: int) -> list:
    r %= max(1, len(seq))
    return seq[r:] + seq[:r]


def med(values: list[float]) -> float:
    """The median; nan when there is none, or when a run failed (nan)."""
    if not values or any(math.isnan(v) for v in values):
        return float("nan")
    return statistics.median(values)


def pct(values: list[float], q: float) -> float:
    """The q-quantile by the nearest rank."""
    s = sorted(values)
    return s[min(len(s) - 1, max(0, math.ceil(q * len(s)) - 1))] if s else float("nan")


def clear(path: Path) -> None:
    if path.is_dir():
        shutil.rmtree(path)
    else:
        path.unlink(missing_ok=True)


# --- build ----------------------------------------------------------------------------------


def builders(corpus: Path, work: Path, table: Path) -> dict[str, tuple[list[str], Path]]:
    c, t = str(corpus), str(table)
    return {
        "defsearch": ([*DEFSEARCH, "index", c, "--index", str(work / "defsearch")],
                      work / "defsearch"),
        "whoosh-2procs": (peer("whoosh", "build", c, str(work / "whoosh2"), t, "2"),
                          work / "whoosh2"),
        "whoosh-1proc": (peer("whoosh", "build", c, str(work / "whoosh1"), t, "1"),
                         work / "whoosh1"),
        "tantivy": (peer("tantivy", "build", c, str(work / "tantivy"), t), work / "tantivy"),
        "fts5": (peer("fts5", "build", c, str(work / "fts5.db"), t), work / "fts5.db"),
    }  # fmt: skip


def build(corpus: Path, work: Path, runs: int, skip: set[str], reuse: bool) -> dict:
    """Each builder ``runs`` times, the order rotated each round; defsearch first in the first
    round, and its index gives the facet table the peers index."""
    table = work / "facets.marshal"
    todo = {k: v for k, v in builders(corpus, work, table).items() if k not in skip}
    results: dict[str, list[dict]] = {k: [] for k in todo}
    if reuse and all(out.exists() for _cmd, out in todo.values()) and table.exists():
        say("build: reusing the indexes of the last run (--reuse): no build rows")
        return {}
    for r in range(runs):
        for name in rotated(list(todo), r):
            cmd, out = todo[name]
            clear(out)
            say(f"build {name} (round {r + 1}, load {load()})")
            run = Run(cmd, sample=True)
            results[name].append({"wall": run.wall, "cpu": run.cpu, "peak": run.peak_mb,
                                  "largest": run.largest_mb, "load": os.getloadavg()[0]})  # fmt: skip
            if name == "defsearch" and r == 0:
                Run(peer("defsearch", "table", str(out), str(table)))
    sizes = {name: _size_mb(out) for name, (_cmd, out) in todo.items()}
    return {"runs": results, "index_mb": sizes}


def _size_mb(path: Path) -> float:
    if path.is_file():
        return path.stat().st_size / 1e6
    return sum(f.stat().st_size for f in path.rglob("*") if f.is_file()) / 1e6


# --- queries --------------------------------------------------------------------------------


def oneshot_cmd(tool: str, work: Path, word: str) -> list[str]:
    if tool == "defsearch":
        return [*DEFSEARCH, "search", word, "--index", str(work / "defsearch"), *FACET_ARGS,
                "--limit", "10", "--format", "json"]  # fmt: skip
    if tool == "python -c pass":
        return [PY, "-c", "pass"]
    target = {"fts5": "fts5.db", "tantivy": "tantivy", "whoosh": "whoosh2"}[tool]
    return peer(tool, "query", str(work / target), word)


def _answer(tool: str, out: str) -> dict:
    """count, top paths and facet values of one printed answer, in one shape for all tools."""
    if tool == "python -c pass":
        return {}
    data = json.loads(out)
    if tool == "defsearch":
        facets = data["facets"]
        return {"count": data["total"], "top": [h["path"] for h in data["hits"]],
                "facets": {f: [(v["value"].lower(), v["count"]) for v in facets[f]["results"]]
                           for f in FACETS}}  # fmt: skip
    return {"count": data["count"], "top": [t[0] for t in data["top"]],
            "facets": {f: [(v.lower(), n) for v, n in data["facets"][f]] for f in FACETS}}  # fmt: skip


def oneshot(work: Path, words: list[str], runs: int, tools: list[str]) -> dict:
    """Each word as a new process of each tool, tools and words taking turns."""
    times: dict[str, dict[str, list[float]]] = {t: {w: [] for w in words} for t in tools}
    answers: dict[str, dict[str, dict]] = {t: {} for t in tools}
    for r in range(runs):
        for tool in rotated(tools, r):
            for word in rotated(words, r):
                run = Run(oneshot_cmd(tool, work, word))
                times[tool][word].append(run.wall)
                answers[tool].setdefault(word, _answer(tool, run.out))
    return {"times": times, "answers": answers}


SNIPPETS = " + snippets"  # the tool's name with this: its 10 hits each with a body snippet


def warm_tools(tools: list[str]) -> list[str]:
    """The warm rows: every tool without snippets (top 10 paths and titles, count, 3 facets),
    then those that make snippets with them (plain Whoosh: not given, its groupedby alone takes
    a second)."""
    plain = ["defsearch", "defsearch --queries", *tools[1:]]
    return plain + [t + SNIPPETS for t in plain if t != "whoosh"]


def warm(work: Path, queries: Path, runs: int, tools: list[str], whoosh: int) -> dict:
    """The queries in one process per tool and run (each distinct query seen once: "first"),
    then all again ("repeat"); the start rotates with the run, tools take turns."""
    out: dict[str, list[dict]] = {t: [] for t in tools}
    for r in range(runs):
        offset = r * 67
        for tool in rotated(tools, r):
            say(f"warm {tool} (round {r + 1}, load {load()})")
            base, snippets = tool.removesuffix(SNIPPETS), tool.endswith(SNIPPETS)
            if base == "defsearch --queries":
                out[tool].append(_cli_batch(work, queries, offset, snippets))
                continue
            target = {"defsearch": "defsearch", "fts5": "fts5.db", "tantivy": "tantivy",
                      "whoosh": "whoosh2"}[base]  # fmt: skip
            limit = str(whoosh) if base == "whoosh" else "0"
            out[tool].append(Run(peer(base, "warm", str(work / target), str(queries),
                                      str(offset), limit, "1" if snippets else "0")).json())  # fmt: skip
    return out


def _cli_batch(work: Path, queries: Path, offset: int, snippets: bool) -> dict:
    """``defsearch search --queries FILE`` with every query, then all again: the time of each
    output line after the one before it (PYTHONUNBUFFERED: each line leaves as it is written);
    the first line's time includes the process's start-up, so it is kept apart. Without
    snippets: ``--fields path,title`` (a hit's fields without its snippet: none is made)."""
    lines = [q for q in queries.read_text(encoding="utf-8").splitlines() if q]
    lines = rotated(lines, offset)
    batch = work / "cli-queries.txt"
    batch.write_text("\n".join(lines + lines) + "\n", encoding="utf-8")
    cmd = [*DEFSEARCH, "search", "--queries", str(batch), "--index", str(work / "defsearch"),
           *FACET_ARGS, "--limit", "10"]  # fmt: skip
    if not snippets:
        cmd += ["--fields", "path,title"]
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    t0 = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, env=env)
    assert proc.stdout is not None
    stamps = []
    counts = {}
    for raw in proc.stdout:
        stamps.append(time.perf_counter())
        row = json.loads(raw)
        counts[row["query"]] = row.get("total")
    proc.wait()
    wall = time.perf_counter() - t0
    gaps = [b - a for a, b in zip([t0, *stamps], stamps, strict=False)]
    n = len(lines)
    return {"first": gaps[1:n], "repeat": gaps[n:], "startup_and_first": gaps[0], "wall": wall,
            "counts": counts}  # fmt: skip


# --- sync -----------------------------------------------------------------------------------


def make_changes(corpus: Path, table: dict, r: int, work: Path) -> Path:
    """120 changes, told to the peers as a file: 60 files edited (a new version renamed over
    each), 40 added (copies of other items with a new id), 20 deleted, in random folders."""
    files = sorted(p for p in corpus.rglob("*.txt") if "bench-" not in p.name)
    rnd = random.Random(1900 + r)
    picked = rnd.sample(files, 60 + 40 + 20)
    edited, sources, deleted = picked[:60], picked[60:100], picked[100:]
    rel = lambda p: str(p.relative_to(corpus))  # noqa: E731
    (corpus / ".changed").write_text("this copy was changed by bench_speed.py: made again\n")
    changes: dict = {"corpus": str(corpus), "edited": [], "added": [], "deleted": [],
                     "facets": {}}  # fmt: skip
    for p in edited:
        new = p.with_suffix(".new")
        new.write_text(p.read_text(encoding="utf-8") + f"\nUpdated for the benchmark ({r}).\n",
                       encoding="utf-8")  # fmt: skip
        new.replace(p)
        changes["edited"].append(rel(p))
    for i, p in enumerate(sources):
        new = p.parent / f"bench-{r}-{i}.txt"
        new.write_text(
            p.read_text(encoding="utf-8") + f"\n(bench copy {r}-{i})\n", encoding="utf-8"
        )
        changes["added"].append(rel(new))
        changes["facets"][rel(new)] = table.get(rel(p), (None, [], [], []))
    for p in deleted:
        p.unlink()
        changes["deleted"].append(rel(p))
    for path in changes["edited"]:
        changes["facets"][path] = table.get(path, (None, [], [], []))
    out = work / f"changes-{r}.json"
    out.write_text(json.dumps(changes))
    return out


WALK = """
import os, sys
n = 0
for folder, _, names in os.walk(sys.argv[1]):
    for name in names:
        os.stat(os.path.join(folder, name)); n += 1
print(n)
"""


def sync(corpus: Path, work: Path, runs: int) -> dict:
    """Nothing changed, then 120 changes, each round on a new set; every tool as a process."""
    import marshal

    table = marshal.loads((work / "facets.marshal").read_bytes())
    ds = [*DEFSEARCH, "index", "--index", str(work / "defsearch")]
    recipe_ix = work / "whoosh-recipe"
    clear(recipe_ix)
    source = work / "whoosh2" if (work / "whoosh2").exists() else work / "whoosh1"
    shutil.copytree(source, recipe_ix)  # (the told update changes whoosh2)
    recipe = peer("whoosh", "recipe", str(recipe_ix), str(corpus), str(work / "facets.marshal"))
    Run(ds, tolerate=True)  # (settles what the build left: not measured)
    res: dict[str, list[float]] = {}
    summaries: list[str] = []
    for r in range(runs):
        say(f"sync round {r + 1} (load {load()})")
        quiet = {"defsearch: nothing changed": ds, "whoosh recipe: nothing changed": recipe,
                 "walk + stat every file (python)": [PY, "-c", WALK, str(corpus)]}  # fmt: skip
        for name in rotated(list(quiet), r):
            run = Run(quiet[name], tolerate=True)
            res.setdefault(name, []).append(math.nan if run.failed else run.wall)
            if name.startswith("defsearch"):
                summaries.append(f"{name}: {run.summary()}")
        changes = make_changes(corpus, table, r, work)
        c = str(changes)
        told = {
            "defsearch: 120 changes": ds,
            "fts5: told, delete + insert": peer("fts5", "update", str(work / "fts5.db"), c),
            "tantivy: told, delete + add": peer("tantivy", "update", str(work / "tantivy"), c),
            "whoosh: told, delete + add": peer("whoosh", "update", str(work / "whoosh2"), c),
            "whoosh recipe: 120 changes": [*recipe, c],
        }
        told = {
            k: v
            for k, v in told.items()
            if Path(v[-2]).exists() or k.startswith(("def", "whoosh recipe"))
        }
        for name in rotated(list(told), r):
            run = Run(told[name], tolerate=True)
            res.setdefault(name, []).append(math.nan if run.failed else run.wall)
            if name.startswith("defsearch"):
                summaries.append(f"{name}: {run.summary()}")
    return {"times": res, "summaries": summaries}


# --- report ---------------------------------------------------------------------------------


def md(headers: list[str], rows: list[list]) -> str:
    def cell(v: object) -> str:
        if isinstance(v, float):
            return "—" if math.isnan(v) else f"{v:,.0f}" if v >= 100 else f"{v:.3g}"
        return str(v)

    lines = ["| " + " | ".join(headers) + " |", "|" + " --- |" * len(headers)]
    lines += ["| " + " | ".join(cell(c) for c in r) + " |" for r in rows]
    return "\n".join(lines)


def verdict(ok: bool) -> str:
    return "PASS" if ok else "FAIL"


def _agreement(base: dict, other: dict, words: list[str]) -> str:
    """How many of defsearch's (facet, value, count) for the words the peer gave the same."""
    same = total = 0
    for w in words:
        for f in FACETS:
            mine = set(map(tuple, base[w]["facets"][f]))
            total += len(mine)
            same += len(mine & set(map(tuple, other[w]["facets"][f])))
    return f"{same}/{total}"


def report(size: int, built: dict, one: dict, hot: dict, synced: dict, words: list[str],
           n_warm: int) -> list[list]:  # fmt: skip
    targets: list[list] = []
    if built:
        runs, mb = built["runs"], built["index_mb"]
        speed = {k: size / med([x["wall"] for x in v]) for k, v in runs.items()}
        rows = []
        for name, v in runs.items():
            rows.append([name, speed[name], size / med([x["cpu"] for x in v]),
                         max(x["peak"] for x in v), max(x["largest"] for x in v), mb[name],
                         speed["defsearch"] / speed[name], len(v),
                         "/".join(f"{x['load']:.1f}" for x in v)])  # fmt: skip
        print(md(["build", "docs/s (wall)", "docs/s of CPU", "peak RSS MB, all processes",
                  "largest process MB", "index MB", "defsearch ÷ peer (docs/s)", "runs",
                  "load at end"], rows))  # fmt: skip
        whoosh = [speed[k] for k in ("whoosh-2procs", "whoosh-1proc") if k in speed]
        if whoosh:
            ratio = speed["defsearch"] / max(whoosh)
            targets.append([f"build ≥ 1.5× plain Whoosh, same cores ({size:,})",
                            f"{ratio:.2f}× the faster Whoosh", "≥ 1.5×", verdict(ratio >= 1.5)])  # fmt: skip
        peak = max(x["peak"] for x in runs["defsearch"])
        if size >= 200_000:
            targets.append(["peak memory, all processes (220k)", f"{peak:,.0f} MB", "≤ 600 MB",
                            verdict(peak <= 600)])  # fmt: skip
        print()
    if one:
        t = one["times"]
        tools = list(t)
        base = one["answers"].get("defsearch", {})
        rows = []
        for tool in tools:
            per = [med(t[tool][w]) * 1000 for w in words]
            alls = [x * 1000 for w in words for x in t[tool][w]]
            same = agree = ""
            if tool not in ("defsearch", "python -c pass") and base:
                same = "/".join(str(one["answers"][tool][w]["count"]) for w in words)
                agree = _agreement(base, one["answers"][tool], words)
            rows.append([tool, med(alls), *per, same, agree])
        print(md(["one-shot: new process, top 10 + count + 3 facets, ms", "median",
                  *(f"{w} ({base[w]['count']:,})" if w in base else w for w in words),
                  "peer's counts", "facet values as defsearch's"], rows))  # fmt: skip
        ours = med([x for w in words for x in t["defsearch"][w]]) * 1000
        fts = med([x for w in words for x in t["fts5"][w]]) * 1000 if "fts5" in t else math.nan
        targets.append([f"one-shot, 3 facets ≤ FTS5's ({size:,})", f"{ours:.1f} vs {fts:.1f} ms",
                        "≤ FTS5", verdict(ours <= fts)])  # fmt: skip
        if size <= 60_000:
            targets.append([f"one-shot, 3 facets ≤ 50 ms ({size:,})", f"{ours:.1f} ms", "≤ 50 ms",
                            verdict(ours <= 50)])  # fmt: skip
        print()
    if hot:
        rows = []
        p50: dict[str, float] = {}
        for tool, runs in hot.items():
            first = [x * 1000 for r in runs for x in r["first"]]
            rep = [x * 1000 for r in runs for x in r["repeat"]]
            p50[tool] = med(first)
            extra = ""
            if tool == "defsearch --queries":
                extra = (f"start-up + first query {med([r['startup_and_first'] for r in runs]) * 1000:.0f} ms;"
                         f" whole process {med([r['wall'] for r in runs]):.2f} s for {2 * n_warm}")  # fmt: skip
            ours = "defsearch" + (SNIPPETS if tool.endswith(SNIPPETS) else "")
            if tool != ours and ours in hot:
                base = hot[ours][0]["counts"]
                mine = runs[0]["counts"]
                same = sum(1 for q, n in mine.items() if base.get(q) == n)
                extra = f"{same}/{len(mine)} counts as defsearch's" + (
                    f"; {extra}" if extra else ""
                )
            rows.append([tool, len(runs[0]["first"]), med(first), pct(first, 0.95), pct(first, 0.99),
                         max(first), med(rep), pct(rep, 0.95), len(runs), extra])  # fmt: skip
        print(md(["warm: one process, distinct queries, top 10 + count + 3 facets (+ snippets:"
                  " and a body snippet for each of the 10), ms",
                  "queries", "p50", "p95", "p99", "max", "repeats p50", "repeats p95", "runs",
                  ""], rows))  # fmt: skip
        pairs = [(t + s, "fts5" + s) for s in ("", SNIPPETS)
                 for t in ("defsearch", "defsearch --queries")]  # fmt: skip
        for tool, fts_tool in pairs:
            if tool in hot and fts_tool in hot:
                first = [x * 1000 for r in hot[tool] for x in r["first"]]
                mine, fts = med(first), p50[fts_tool]
                targets.append([f"warm p50 ≤ FTS5's: {tool} ({size:,})",
                                f"{mine:.2f} vs {fts:.2f} ms", "≤ FTS5", verdict(mine <= fts)])  # fmt: skip
                targets.append([f"warm p95 ≤ 2× p50: {tool} ({size:,})",
                                f"{pct(first, 0.95):.2f} vs 2 × {mine:.2f} ms", "≤ 2× p50",
                                verdict(pct(first, 0.95) <= 2 * mine)])  # fmt: skip
        print()
    if synced:
        times = synced["times"]
        rows = []
        for name, v in times.items():
            ok = [x for x in v if not math.isnan(x)]
            failed = len(v) - len(ok)
            rows.append([name, med(v), min(ok, default=math.nan), len(v),
                         f"{failed} failed (see below)" if failed else ""])  # fmt: skip
        print(md(["sync, one process each, s", "median", "best", "runs", ""], rows))
        print()
        for line in synced["summaries"]:
            print(f"    {line}")
        ours, fts = med(times["defsearch: 120 changes"]), med(times["fts5: told, delete + insert"])
        targets.append([f"sync 120 changes ≤ 5× FTS5's ({size:,})",
                        f"{ours:.2f} vs 5 × {fts:.2f} s", "≤ 5× FTS5", verdict(ours <= 5 * fts)])  # fmt: skip
        print()
    return targets


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="55340,221360", help="corpus sizes, comma-separated")
    parser.add_argument("--runs", type=int, default=2, help="build rounds")
    parser.add_argument("--query-runs", type=int, default=3, help="one-shot rounds")
    parser.add_argument("--warm-runs", type=int, default=2, help="warm processes per tool")
    parser.add_argument("--sync-runs", type=int, default=2, help="sync rounds")
    parser.add_argument("--warm-queries", type=int, default=200)
    parser.add_argument(
        "--whoosh-queries",
        type=int,
        default=40,
        help="plain Whoosh's warm queries (groupedby takes a second each at 55k)",
    )
    parser.add_argument("--skip", default="", help="builders to leave out, comma-separated "
                        "(whoosh-1proc, whoosh-2procs, tantivy, fts5)")  # fmt: skip
    parser.add_argument("--only", default="build,oneshot,warm,sync", help="sections to run")
    parser.add_argument("--reuse", action="store_true", help="query the last run's indexes")
    parser.add_argument("--report", metavar="FILES", help="print saved results.json files again")
    args = parser.parse_args()
    print(f"machine: {os.cpu_count()} cores; python {sys.version.split()[0]};"
          f" defsearch: {' '.join(DEFSEARCH)}; load average {load()} (1/5/15 min)")  # fmt: skip
    # time the tool as installed: with its bytecode compiled (pip does this for a user)
    subprocess.run([PY, "-m", "compileall", "-q", str(ROOT / "searcher")], check=True)
    if args.report:
        saved = [json.loads(Path(f).read_text()) for f in args.report.split(",")]
    else:
        # time the tool as installed: with its bytecode compiled (pip does this for a user)
        subprocess.run([PY, "-m", "compileall", "-q", str(ROOT / "searcher")], check=True)
        saved = [measure(int(size), args) for size in args.sizes.split(",")]
    all_targets = []
    for res in saved:
        print(f"\n## {res['size']:,} documents, {res['started']}: `{res['command']}`\n")
        print(
            "load average (1/5/15 min): " + "; ".join(f"{k} {v}" for k, v in res["loads"].items())
        )
        print()
        all_targets += report(res["size"], res["built"], res["oneshot"], res["warm"], res["sync"],
                              res["words"], res["n_warm"])  # fmt: skip
    print(md(["target (issue 19)", "measured", "target", ""], all_targets))
    print(f"\nload average at the end: {load()}")


def measure(size: int, args: argparse.Namespace) -> dict:
    """Every section at one corpus size; the raw figures are kept in the work folder's
    results.json (``--report`` prints them again)."""
    skip = {s for s in args.skip.split(",") if s}
    only = set(args.only.split(","))
    words, warm_queries = query_sets(args.warm_queries)
    work = WORK / f"speed-{size}"
    work.mkdir(parents=True, exist_ok=True)
    started = time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime())
    loads = {"start": load()}
    corpus = own_corpus(size, work)
    queries = work / "warm-queries.txt"
    queries.write_text("\n".join(warm_queries) + "\n", encoding="utf-8")
    built = build(corpus, work, args.runs, skip, args.reuse) if "build" in only else {}
    loads["after the builds"] = load()
    tools = ["defsearch", "fts5", "tantivy", "whoosh"]
    if "whoosh-2procs" in skip:
        tools.remove("whoosh")
    one = (oneshot(work, words, args.query_runs, [*tools, "python -c pass"])
           if "oneshot" in only else {})  # fmt: skip
    loads["after the one-shot runs"] = load()
    hot = (warm(work, queries, args.warm_runs, warm_tools(tools), args.whoosh_queries)
           if "warm" in only else {})  # fmt: skip
    loads["after the warm runs"] = load()
    synced = sync(corpus, work, args.sync_runs) if "sync" in only else {}
    loads["after the syncs"] = load()
    command = " ".join(["python bench/bench_speed.py", *sys.argv[1:]])
    res = {"size": size, "started": started, "command": command, "loads": loads,
           "words": words, "n_warm": args.warm_queries, "built": built, "oneshot": one,
           "warm": hot, "sync": synced}  # fmt: skip
    (work / "results.json").write_text(json.dumps(res, default=str))
    return res


if __name__ == "__main__":
    main()
