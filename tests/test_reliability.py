"""Reliability with real processes and real files: kills, Ctrl-C, readers during a rebuild, two
writers, hostile files, fuzzed queries, damaged indexes. The slow ones carry the `slow` marker
(`make test` runs them; `make test-fast` skips them)."""

from __future__ import annotations

import json
import os
import random
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from searcher.corpus import CorpusFile, content_hash
from searcher.errors import BadQuery, IndexCorrupt
from searcher.index import SyncOptions, store, sync
from searcher.index.plan import Known, Plan, make_plan, plan_file
from searcher.search.handle import Index
from searcher.search.results import SearchOptions

from .conftest import FIXTURES, run_proc, write_articles

BODY = (FIXTURES / "vov-australia-dialogue.txt").read_text(encoding="utf-8")


def index_state(index_dir: Path) -> dict[str, str]:
    """id → content hash of every indexed article."""
    with Index(str(index_dir)) as ix:
        return {r["id"]: r["content_hash"] for r in ix.export()}


def descendants(pid: int) -> set[int]:
    """Every process below ``pid`` (Linux /proc)."""
    found, todo = set(), [pid]
    while todo:
        current = todo.pop()
        try:
            tasks = os.listdir(f"/proc/{current}/task")
        except FileNotFoundError:
            continue
        for task in tasks:
            try:
                children = Path(f"/proc/{current}/task/{task}/children").read_text().split()
            except FileNotFoundError:
                continue
            for child in map(int, children):
                if child not in found:
                    found.add(child)
                    todo.append(child)
    return found


def alive(pid: int) -> bool:
    try:
        return Path(f"/proc/{pid}/stat").read_text().split(")")[-1].split()[0] != "Z"
    except FileNotFoundError:
        return False


def corpus_state(corpus: Path) -> dict[str, str]:
    return {
        p.relative_to(corpus).as_posix(): content_hash(p.read_bytes())
        for p in corpus.rglob("*.txt")
    }


@pytest.mark.slow
def test_sigkill_at_twenty_random_moments(tmp_path):
    corpus, snapshot, index_dir = tmp_path / "corpus", tmp_path / "snapshot", tmp_path / "index"
    write_articles(corpus, 0, 300)
    sync([str(corpus)], str(snapshot), SyncOptions(workers=1))
    old = corpus_state(corpus)
    for i in range(0, 100):  # state B: 100 changed, 30 deleted, 300 added
        (corpus / f"a{i:05d}.txt").write_text(BODY + f" changed{i}\n", encoding="utf-8")
    for i in range(270, 300):
        (corpus / f"a{i:05d}.txt").unlink()
    write_articles(corpus, 1000, 1300)
    new = corpus_state(corpus)
    rnd = random.Random(20261123)
    for attempt in range(20):
        shutil.rmtree(index_dir, ignore_errors=True)
        shutil.copytree(snapshot, index_dir)
        proc = subprocess.Popen([sys.executable, "-m", "searcher", "index", "--index", str(index_dir)],
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)  # fmt: skip
        time.sleep(rnd.uniform(0.05, 3.0))
        helpers = descendants(proc.pid)
        proc.kill()
        proc.wait()
        deadline = time.monotonic() + 5
        while any(alive(p) for p in helpers) and time.monotonic() < deadline:
            time.sleep(0.1)
        assert not any(alive(p) for p in helpers), "worker processes outlived a killed indexer"
        state = index_state(index_dir)  # opens and reads: never an error
        for doc_id, digest in state.items():
            assert digest in (old.get(doc_id), new.get(doc_id)), (attempt, doc_id)
        assert set(old) & set(new) <= set(state), attempt  # unchanged articles never vanish
        with Index(str(index_dir)) as ix:
            assert ix.search(SearchOptions(query="Australia", limit=1)).total == len(state)
        report = sync(None, str(index_dir), SyncOptions(workers=1))
        assert report.stale_lock_pid in (None, proc.pid)
        assert index_state(index_dir) == new, attempt


@pytest.mark.slow
def test_readers_see_old_or_new_during_rebuild(tmp_path):
    corpus, index_dir = tmp_path / "corpus", tmp_path / "index"
    write_articles(corpus, 0, 200)
    sync([str(corpus)], str(index_dir), SyncOptions(workers=1))
    write_articles(corpus, 200, 700)  # the rebuild will see 700
    reader = f"""
import json, sys, time
from searcher.search.results import SearchOptions
from searcher.search.handle import Index
seen, errors, end = set(), [], time.time() + float(sys.argv[1])
while time.time() < end:
    try:
        with Index({str(index_dir)!r}) as ix:
            seen.add(ix.search(SearchOptions(query="Australia", limit=1, snippets=False)).total)
    except Exception as exc:
        errors.append(repr(exc))
print(json.dumps({{"seen": sorted(seen), "errors": errors}}))
"""
    readers = [subprocess.Popen([sys.executable, "-c", reader, "8"], stdout=subprocess.PIPE, text=True)
               for _ in range(3)]  # fmt: skip
    time.sleep(0.5)
    rebuild = run_proc("index", "--rebuild", "--index", str(index_dir), timeout=120)
    assert rebuild.returncode == 0, rebuild.stderr
    for proc in readers:
        out, _ = proc.communicate(timeout=60)
        result = json.loads(out)
        assert result["errors"] == []
        assert set(result["seen"]) <= {200, 700} and result["seen"]


@pytest.mark.slow
def test_second_writer_gets_one_line_and_can_wait(tmp_path):
    corpus, index_dir = tmp_path / "corpus", tmp_path / "index"
    write_articles(corpus, 0, 1000)
    first = subprocess.Popen([sys.executable, "-m", "searcher", "index", str(corpus), "--index", str(index_dir)],
                             stderr=subprocess.PIPE, text=True)  # fmt: skip
    deadline = time.time() + 20
    while not (index_dir / store.LOCK).exists() or not (index_dir / store.LOCK).read_text().strip():
        assert time.time() < deadline
        time.sleep(0.05)
    second = run_proc("index", str(corpus), "--index", str(index_dir))
    assert second.returncode == 2
    lines = second.stderr.strip().splitlines()
    assert len(lines) == 1 and f"being updated by process {first.pid}" in lines[0]
    waited = run_proc("index", str(corpus), "--index", str(index_dir), "--wait", "120", timeout=180)
    assert first.wait(timeout=120) == 0
    assert waited.returncode == 0 and "1000 unchanged" in waited.stderr


def test_hostile_files_each_indexed_or_skipped(tmp_path, cli):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "huge.txt").write_bytes(b"Vietnam and Cuba. " * (50 * 1024 * 1024 // 18))
    (corpus / "deep.html").write_text(
        "<html><body>" + "<div>" * 10_000 + "<p>Cuba deep text</p>" + "</div>" * 10_000
    )
    (corpus / "nobody.html").write_text("<html><head><title>Empty</title></head></html>")
    (corpus / "invalid-utf8.txt").write_bytes(
        b"Vietnam talks\n\nHanoi \xff\xfe\xfa bytes and Cuba text.\n"
    )
    (corpus / "bom.txt").write_bytes("\ufeffCuba talks\n\nThey met in Havana.".encode())
    (corpus / "nested").mkdir()
    (corpus / "nested" / "loop").symlink_to(corpus / "nested")
    (corpus / "russian.txt").write_text(
        "Вьетнам и Куба\n\nСтороны обсудили сотрудничество.", encoding="utf-8"
    )
    result = cli("index", str(corpus), "--index", str(tmp_path / "ix"), "-v")
    assert result.exit_code == 1
    assert "skipped huge.txt: cannot read: file too large" in result.output
    assert "symlink loop" in result.output
    summary = result.output.strip().splitlines()[-1]
    numbers = [int(w) for w in summary.replace(",", " ").replace("(", " ").split() if w.isdigit()]
    added, updated, removed, unchanged, skipped, files = numbers[:6]
    assert removed == 0 and added + updated + unchanged + skipped == files
    assert (
        cli("search", "deep", "--index", str(tmp_path / "ix"), "--format", "count").output.strip()
        == "1"
    )


def test_file_vanishing_between_listing_and_reading(tmp_path):
    path = tmp_path / "gone.txt"
    path.write_text("Cuba")
    listed = CorpusFile(str(tmp_path), "gone.txt", 4, path.stat().st_mtime_ns)
    path.unlink()
    plan = Plan()
    plan_file(listed, plan, None, {})
    assert plan.skipped[0].reason.startswith("cannot read: No such file")
    assert make_plan((str(tmp_path),), Known(), True).found == 0


def test_file_vanishing_before_a_full_build_worker_reads_it(tmp_path):
    from searcher.pipeline import outcome_of

    path = tmp_path / "gone.txt"
    path.write_text("Cuba and Vietnam\n\nThey met.")
    plan = make_plan((str(tmp_path),), Known(), True)  # a full build: the plan does not read files
    st_ = path.stat()
    assert plan.todo == [CorpusFile(str(tmp_path), "gone.txt", st_.st_size, st_.st_mtime_ns)]
    assert outcome_of(plan.todo[0]).article.content_hash == content_hash(path.read_bytes())
    path.unlink()
    outcome = outcome_of(plan.todo[0])
    assert outcome.id == "gone.txt" and outcome.article is None
    assert outcome.reason.startswith("cannot read: No such file")


def test_deleted_segment_file_then_rebuild(corpus, index_dir, cli):
    version = Path(store.current_version(str(index_dir)))
    for name in os.listdir(version):
        if name.endswith(".seg"):
            (version / name).unlink()
    broken = cli("search", "Cuba", "--index", str(index_dir))
    assert broken.exit_code == 2
    assert broken.output.count("\n") == 1 and "defsearch index --rebuild" in broken.output
    assert cli("index", "--rebuild", "--index", str(index_dir)).exit_code == 0
    assert (
        cli("search", "Cuba", "--index", str(index_dir), "--format", "count").output.strip() == "3"
    )


def test_truncated_segment_is_reported(corpus, index_dir):
    version = Path(store.current_version(str(index_dir)))
    seg = next(p for p in version.iterdir() if p.suffix == ".seg")
    seg.write_bytes(seg.read_bytes()[: seg.stat().st_size // 3])
    with pytest.raises(IndexCorrupt), Index(str(index_dir)) as ix:
        ix.search(SearchOptions(query="Cuba"))


QUERY_TEXT = st.one_of(
    st.text(max_size=200),
    st.lists(
        st.sampled_from(
            [
                '"',
                "(",
                ")",
                "[",
                "]",
                "{",
                "}",
                "AND",
                "OR",
                "NOT",
                "*",
                "?",
                ":",
                "title:",
                "pair:",
                "nosuch:",
                "date:",
                "date:[",
                " TO ",
                "2025",
                "Cuba",
                "Việt",
                "-",
                "~2",
                "^3",
                "\\",
                "'",
                "\x00",
                "\x1b[31m",
                " ",
            ]
        ),
        max_size=25,
    ).map("".join),
    st.just("x" * 5000),
)


@settings(
    max_examples=300, deadline=5000, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(text=QUERY_TEXT)
def test_fuzzed_queries_give_results_or_bad_query(shared_index, text):
    with Index(str(shared_index)) as ix:
        started = time.monotonic()
        try:
            result = ix.search(SearchOptions(query=text, facets=("pair",), limit=3))
            assert result.total >= 0
        except BadQuery as exc:
            assert "\n" not in str(exc)
        assert time.monotonic() - started < 5


DATE_TEXT = st.one_of(
    st.text(max_size=12),
    st.from_regex(r"\A-?\d{1,6}(-\d{1,3}(-\d{1,3})?)?\Z"),
    st.dates().map(lambda d: d.isoformat()),
)


@settings(
    max_examples=200, deadline=5000, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(since=st.none() | DATE_TEXT, until=st.none() | DATE_TEXT)
def test_fuzzed_date_filters(shared_index, since, until):
    with Index(str(shared_index)) as ix:
        try:
            ix.search(SearchOptions(since=since, until=until, limit=1))
        except BadQuery as exc:
            assert "\n" not in str(exc)


@settings(
    max_examples=40, deadline=10_000, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(text=QUERY_TEXT)
def test_fuzzed_queries_through_the_cli(cli, shared_index, text):
    if "\x00" in text or text.startswith("-"):
        text = "q" + text.replace("\x00", "")
    result = cli("search", text, "--index", str(shared_index), "--format", "count")
    assert result.exit_code in (0, 1, 2)
    if result.exit_code == 2:
        assert result.output.count("\n") == 1 and result.output.startswith("defsearch: error:")
