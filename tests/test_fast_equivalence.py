"""The fast one-shot path (``searcher/fast/``) against the full click command, on real indexes
of several segments (written by three syncs, with deleted and changed documents), undated
articles, non-ASCII text and a file name holding a tab: for generated queries and options,
stdout, stderr and the exit code are the same, and every search the fast path reads and that
matches is answered by it (not handed over); whatever it does not read is handed over."""

from __future__ import annotations

import io
import json
import random
import re
import shutil
import sys
from pathlib import Path

import pytest

from searcher.fast import segments
from searcher.fast.entry import FULL, fast
from searcher.index import SyncOptions, sync
from tests.conftest import FIXTURES, SEEDS, write_articles

HANDED_OVER = None  # (what ``fast`` returns when the full command must answer)


def _sync(corpus: Path, index: Path) -> None:
    sync([str(corpus)], str(index), SyncOptions(workers=1))


@pytest.fixture(scope="module")
def index(tmp_path_factory) -> Path:
    """Seeds and fixture articles, then two more syncs: articles added, one deleted, one
    changed (the first sync's segment and the second's keep their deleted documents)."""
    base = tmp_path_factory.mktemp("fast")
    corpus = base / "corpus"
    shutil.copytree(SEEDS, corpus)
    shutil.copytree(FIXTURES, corpus / "fixtures")
    (corpus / "tab\tname.txt").write_text(
        "Defence ministers meet\n\nThe defence ministers of Vietnam and Laos met in Hà Nội on"
        " border cooperation and naval training.\n",
        encoding="utf-8",
    )
    index = base / "index"
    _sync(corpus, index)
    write_articles(corpus / "more", 0, 6, "alpha")
    _sync(corpus, index)
    (corpus / "more" / "a00001.txt").unlink()
    changed = corpus / "more" / "a00002.txt"
    changed.write_text(changed.read_text(encoding="utf-8") + " changed beta\n", encoding="utf-8")
    (corpus / "fixtures" / "vna-pm-plain.txt").unlink()
    write_articles(corpus / "more2", 10, 13, "gamma")
    _sync(corpus, index)
    return index


def test_the_index_has_several_segments_and_deletions(index):
    version = index / (index / "CURRENT").read_text().strip()
    toc = segments.live_toc(str(version), [p.name for p in version.iterdir()])
    _schema, found = segments.read_toc(str(version / toc))
    assert len(found) >= 2
    assert any(s._deleted for s in found)


def fast_run(args: list[str], env: dict[str, str] | None = None) -> tuple[int | None, str, str]:
    """(exit code or None when handed over, stdout, stderr) of the fast path in-process."""
    out, err = io.BytesIO(), io.BytesIO()
    streams = io.TextIOWrapper(out, encoding="utf-8"), io.TextIOWrapper(err, encoding="utf-8")
    saved = sys.stdout, sys.stderr
    sys.stdout, sys.stderr = streams
    try:
        code = fast(args)
    finally:
        sys.stdout, sys.stderr = saved
    for stream in streams:
        stream.flush()
    written = out.getvalue().decode("utf-8"), err.getvalue().decode("utf-8")
    for stream in streams:
        stream.detach()  # (the buffers are not closed with the wrappers)
    return code, *written


def full_run(cli, args: list[str]) -> tuple[int, str, str]:
    result = cli(*args)
    return result.exit_code, result.stdout, result.stderr


def _words(index: Path) -> list[str]:
    """Words of the indexed articles, rare and common (as written, accents and case kept)."""
    corpus = json.loads((index / (index / "CURRENT").read_text().strip() / "manifest.json")
                        .read_text())["corpus"][0]  # fmt: skip
    counts: dict[str, int] = {}
    for path in sorted(Path(corpus).rglob("*.txt")):
        for word in path.read_text(encoding="utf-8", errors="replace").split():
            word = re.sub(r"^\W+|\W+$", "", word)
            if word and word.isalpha():
                counts[word] = counts.get(word, 0) + 1
    ranked = sorted(counts, key=lambda w: (-counts[w], w))
    return ranked[:40] + ranked[len(ranked) // 2 : len(ranked) // 2 + 40] + ranked[-40:]


EXTRA = ["Vietnam", "Việt Nam", "Viet Nam", "Cuba", "Cuban", "Japanese", "U.S.", "Vietnam's",
         "didn't", "the", "of", "defense", "defence", "organisation", "Nguyễn", "Hà Nội",
         "zzqqxx", "Laos-Vietnam", "Hanoi"]  # fmt: skip


def queries(words: list[str], n: int, rng: random.Random) -> list[str]:
    """Queries of the syntax the fast path reads: words, phrases, AND, OR, NOT, brackets,
    top-level ``-word`` exclusions, stop words, unknown words."""
    pool = words + EXTRA

    def w() -> str:
        return rng.choice(pool)

    shapes = [
        lambda: w(),
        lambda: f"{w()} {w()}",
        lambda: f'"{w()} {w()}"',
        lambda: f"{w()} OR {w()}",
        lambda: f"{w()} AND NOT {w()}",
        lambda: f"NOT {w()}",
        lambda: f"({w()} OR {w()}) {w()}",
        lambda: f"{w()} -{w()}",
        lambda: f"-{w()} {w()}",
        lambda: f"{w()} OR {w()} AND {w()}",
        lambda: f'"{w()} {w()} {w()}" OR {w()}',
        lambda: f"({w()} -{w()}) OR {w()}",
        lambda: f"{w()} {w()} {w()}",
    ]
    return [rng.choice(shapes)() for _ in range(n)]


def options(rng: random.Random) -> list[str]:
    out: list[str] = []
    for facet in rng.sample(["pair", "country", "official", "outlet", "year", "month"],
                            rng.choice([0, 0, 1, 3])):  # fmt: skip
        out += ["--facet", facet]
    if rng.random() < 0.6:
        out += [rng.choice(["--limit", "--limit="]), str(rng.choice([1, 3, 10, 50]))]
    if rng.random() < 0.2:
        out += ["--offset", str(rng.choice([1, 2, 5]))]
    if rng.random() < 0.2:
        out += ["--facet-limit", str(rng.choice([0, 1, 2]))]
    fmt = rng.choice(["json", "jsonl", "jsonl", "ids", "paths", "count", None])
    if fmt and out and "--facet" in out and fmt not in ("json", "jsonl"):
        fmt = "json"
    if fmt:
        out += ["--format", fmt]
    return out


def _joined(args: list[str]) -> list[str]:
    """``--limit= 5`` written as click takes it: ``--limit=5``."""
    out: list[str] = []
    for arg in args:
        if out and out[-1].endswith("="):
            out[-1] += arg
        else:
            out.append(arg)
    return out


def test_generated_searches_answer_as_the_full_command(cli, index, monkeypatch):
    monkeypatch.chdir(index.parent)  # (--format paths: relative to the working folder)
    rng = random.Random(19)
    answered = handed = 0
    for query in queries(_words(index), 260, rng):
        args = _joined(["search", query, "--index", str(index), *options(rng)])
        if rng.random() < 0.2:  # (options before the words, or the words after --)
            args = ["search", *args[2:], "--", query] if query.startswith("-") else args
        expected = full_run(cli, args)
        code, out, err = fast_run(args)
        if code is HANDED_OVER:
            assert out == err == "", args
            assert expected[0] != 0, f"a match the fast path handed over: {args}"
            handed += 1
            continue
        answered += 1
        assert (code, out, err) == expected, args
    assert answered > 150 and handed > 5, (answered, handed)


@pytest.mark.parametrize(
    "extra",
    [
        [
            "--facet",
            "pair",
            "--facet",
            "country",
            "--facet",
            "official",
            "--limit",
            "10",
            "--format",
            "json",
        ],
        ["--format", "jsonl"],  # (stderr: wrote 10 of N matches)
        [],  # (a pipe: jsonl)
        ["--format", "ids"],  # (the tab in a name: quoted, and a note on stderr)
        ["--format", "paths", "--limit", "50"],
        [
            "--facet",
            "year",
            "--facet",
            "month",
            "--facet",
            "pair",
            "--facet-limit",
            "0",
            "--format",
            "jsonl",
            "--limit",
            "3",
            "--offset",
            "2",
        ],
        ["--facet", "pair", "--facet", "pair", "--format", "json"],  # (a facet once)
    ],
    ids=lambda e: " ".join(e)[:40] or "default",
)
@pytest.mark.parametrize("query", ["defence", "defence cooperation", "Vietnam", '"naval training"',
                                   "Laos -Cuba", "ministers OR Việt", ""])  # fmt: skip
def test_option_combinations_answer_as_the_full_command(cli, index, monkeypatch, query, extra):
    monkeypatch.chdir(index.parent)
    args = ["search", query, "--index", str(index), *extra]
    code, out, err = fast_run(args)
    assert code is not HANDED_OVER, args
    assert (code, out, err) == full_run(cli, args)


@pytest.mark.parametrize(
    "args",
    [
        ["search", "title:Cuba"], ["search", "oil*"], ["search", "Cuba^2"],
        ["search", "date:[2024 TO 2025]"], ['search', '"naval cooperation"~2'],
        ["search", "'Cuba'"], ["search", "Cuba ANDNOT Japan"], ["search", "Cuba ANDMAYBE Japan"],
        ["search", "REQUIRE Cuba"], ["search", "zzzqqq"], ["search", "("], ["search", '"open'],
        ["search", "AND Cuba"], ["search", "Cuba", "--sort", "date"],
        ["search", "Cuba", "--format", "table"], ["search", "Cuba", "--format", "csv"],
        ["search", "Cuba", "--fields", "id"], ["search", "Cuba", "--any"],
        ["search", "Cuba", "--pair", "CU-VN"], ["search", "Cuba", "--since", "2024"],
        ["search", "Cuba", "--all"], ["search", "Cuba", "--limit", "0"],
        ["search", "Cuba", "--limit", "-1"], ["search", "Cuba", "--collapse"],
        ["search", "Cuba", "--new"], ["search", "Cuba", "--timeline"], ["search", "--help"],
        ["search", "Cuba", "-0", "--format", "ids"], ["search", "Cuba", "--facet", "nope"],
        ["search", "Cuba", "--facet", "pair", "--format", "ids"], ["search", "Cuba", "--limit"],
        ["search", "--queries", "-"], ["facets", "pair"], ["stats"], ["--version"], [],
    ],
    ids=lambda a: " ".join(a)[:40] or "nothing",
)  # fmt: skip
def test_what_the_fast_path_does_not_read_is_handed_over(index, args):
    code, out, err = fast_run([*args, "--index", str(index)] if args else args)
    assert (code, out, err) == (HANDED_OVER, "", "")


def test_the_full_command_is_forced_by_the_environment(index, monkeypatch):
    args = ["search", "defence", "--index", str(index), "--format", "json"]
    assert fast_run(args)[0] == 0
    monkeypatch.setenv(FULL, "1")
    assert fast_run(args) == (HANDED_OVER, "", "")


def test_a_damaged_or_missing_index_is_handed_over(cli, tmp_path, index):
    copy = tmp_path / "index"
    shutil.copytree(index, copy)
    args = ["search", "defence", "--index", str(copy), "--format", "json"]
    assert fast_run(args)[0] == 0
    version = copy / (copy / "CURRENT").read_text().strip()
    toc = next(version.glob("_MAIN_*.toc"))
    data = bytearray(toc.read_bytes())
    data[-5] ^= 0xFF  # (same size, other bytes: the checksum says so)
    toc.write_bytes(bytes(data))
    assert fast_run(args) == (HANDED_OVER, "", "")
    assert full_run(cli, args)[0] == 2
    missing = ["search", "defence", "--index", str(tmp_path / "none"), "--format", "json"]
    assert fast_run(missing) == (HANDED_OVER, "", "")
