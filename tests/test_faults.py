"""Faults that used to stop or hang a run (issue 20, items 9, 10 and 13), with real files and
real processes: one bad entry (a file name that is not UTF-8, a JSON Lines line nested a
thousand deep) is skipped with its reason and the run goes on; a full disk at any point of a
build is one line and exit 2 with the previous index intact and nothing left behind; workers
end with a main process killed outright, so a caller reading its pipes does not hang."""

from __future__ import annotations

import json
import os
import resource
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from searcher.index import SyncOptions, store, sync
from searcher.search.handle import Index
from searcher.search.results import SearchOptions

from .conftest import FIXTURES, ROOT, run_proc, write_articles
from .test_index import _wait_for
from .test_reliability import descendants

BODY = (FIXTURES / "vov-australia-dialogue.txt").read_text(encoding="utf-8")
BAD = b"bad-\xff.txt"  # (Latin-1's ÿ: not UTF-8)


def _write(path: bytes, data: bytes) -> None:
    with open(path, "wb") as f:  # (a bytes path: the name as the file system holds it)
        f.write(data)


def _total(index: Path, query: str = "Australia") -> int:
    with Index(str(index)) as ix:
        return ix.search(SearchOptions(query=query, limit=1)).total


# -- item 9: one bad entry never stops a run ---------------------------------------------------


def test_a_file_name_that_is_not_utf8_is_skipped_and_later_syncs_work(tmp_path, cli):
    corpus, index = tmp_path / "corpus", tmp_path / "ix"
    write_articles(corpus, 0, 3)
    first = cli("index", str(corpus), "--index", str(index))
    assert first.exit_code == 0, first.output
    # added to an indexed corpus: the sync goes on, and so does every later one
    _write(os.fsencode(corpus) + b"/" + BAD, BODY.encode())
    os.mkdir(os.fsencode(corpus) + b"/folder-\xff")
    _write(os.fsencode(corpus) + b"/folder-\xff/inside.txt", BODY.encode())
    for _ in range(2):
        result = cli("index", "--index", str(index), "-v")
        assert result.exit_code == 1, result.output  # (some entries skipped)
        assert "skipped bad-\\xff.txt: name is not valid UTF-8 (rename it to index it)" in (
            result.output
        )
        assert "skipped folder-\\xff: name is not valid UTF-8" in result.output
        assert "0 added, 0 updated, 0 removed, 3 unchanged, 2 skipped" in result.output
    assert _total(index) == 3
    # and a first build of such a corpus, in a real process (the name reaches stderr escaped)
    proc = run_proc("index", str(corpus), "--index", str(tmp_path / "ix2"), "-v")
    assert proc.returncode == 1, proc.stderr
    assert "Traceback" not in proc.stderr
    assert "skipped bad-\\xff.txt: name is not valid UTF-8" in proc.stderr
    assert _total(tmp_path / "ix2") == 3
    # renamed, it is indexed
    os.rename(os.fsencode(corpus) + b"/" + BAD, corpus / "renamed.txt")
    shutil.rmtree(os.fsencode(corpus) + b"/folder-\xff")
    assert cli("index", "--index", str(index)).exit_code == 0
    assert _total(index) == 4


def test_a_jsonl_line_nested_a_thousand_deep_is_skipped_and_the_run_goes_on(tmp_path, cli):
    corpus, index = tmp_path / "corpus", tmp_path / "ix"
    corpus.mkdir()
    deep = "[" * 1000 + "]" * 1000
    lines = [
        json.dumps({"id": "before", "text": BODY}),
        deep,
        '{"id": "nested", "text": ' + deep + "}",
        json.dumps({"id": "after", "text": BODY.replace("Canberra", "Perth")}),
    ]
    (corpus / "feed.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    write_articles(corpus, 0, 1)
    result = cli("index", str(corpus), "--index", str(index), "-v")
    assert result.exit_code == 1, result.output
    assert "skipped feed.jsonl:2: invalid JSON: nested too deeply to read" in result.output
    assert "skipped feed.jsonl:3: invalid JSON: nested too deeply to read" in result.output
    assert "3 added" in result.output
    assert _total(index) == 3 and _total(index, "Perth") == 1
    assert cli("index", "--index", str(index)).exit_code == 0  # (the file is unchanged)


# -- item 10: a full disk at any point of a build ------------------------------------------


def _file_size_limit(limit: int):
    """(In the child, before exec.) No file may grow past ``limit`` bytes (RLIMIT_FSIZE, which
    the fork server and the workers inherit): a write past it fails with EFBIG, as a full disk
    fails one with ENOSPC (SIGXFSZ ignored, so that it is an OSError and not a kill)."""

    def limited() -> None:
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))

    return limited


@pytest.fixture(scope="module")
def disk_corpus(tmp_path_factory) -> Path:
    corpus = tmp_path_factory.mktemp("disk") / "c"
    write_articles(corpus, 0, 300)
    return corpus


WAYS = {
    "rebuild, one process": ["--rebuild", "--workers", "1"],
    "rebuild, two workers": ["--rebuild", "--workers", "2"],
    "sync": ["--workers", "2"],
}
# Where the run fails, by the limit on a file's size in bytes: the first file written (the new
# version's marker; a sync: the first column file of its new segment), the table of contents at
# the commit, a column or postings file of a segment, and (a rebuild) the segment being merged.
# A sync of 20 articles writes no file over 120 kB: it succeeds there, so it has no such case.
CASES = [(way, limit) for way in WAYS for limit in (40, 3000, 20_000, 120_000)]
CASES.remove(("sync", 120_000))


@pytest.mark.parametrize(("way", "limit"), CASES)
def test_a_full_disk_is_one_line_exit_2_and_the_index_as_it_was(tmp_path, disk_corpus, way, limit):
    corpus, index = tmp_path / "c", tmp_path / "ix"
    shutil.copytree(disk_corpus, corpus)
    sync([str(corpus)], str(index), SyncOptions(workers=1))
    before = sorted(p.relative_to(index).as_posix() for p in index.rglob("*"))
    write_articles(corpus, 300, 320, tag="new")  # (a sync has something to write)
    proc = subprocess.run(
        [sys.executable, "-m", "searcher", "index", str(corpus), "--index", str(index),
         *WAYS[way]],
        capture_output=True, text=True, cwd=ROOT, timeout=300,
        preexec_fn=_file_size_limit(limit),
    )  # fmt: skip
    lines = proc.stderr.strip().splitlines()
    assert (proc.returncode, len(lines)) == (2, 1), proc.stderr
    assert lines[0].startswith(f"defsearch: error: cannot write the index at {index}: "), lines
    assert "the previous index is intact" in lines[0] and "free space" in lines[0]
    # the previous index, as it was: readable, the same articles, nothing of the run left in it
    assert _total(index) == 300
    after = sorted(p.relative_to(index).as_posix() for p in index.rglob("*"))
    assert after == before
    # with room again, the next run does the work
    report = sync([str(corpus)], str(index), SyncOptions(workers=1))
    assert (report.added, _total(index)) == (20, 320)


# -- item 13: workers end with their parent ------------------------------------------------


@pytest.fixture(scope="module")
def long_corpus(tmp_path_factory) -> Path:
    """4,000 articles: a full build writes a segment per worker (2,000 articles each)."""
    corpus = tmp_path_factory.mktemp("long") / "c"
    write_articles(corpus, 0, 4000)
    return corpus


def _gone(pid: int) -> bool:
    """Whether ``pid`` has ended (gone, or a zombie: all that is left is its exit status)."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[-1].split()[0]
    except FileNotFoundError:
        return True
    return state == "Z"


def _command(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode()[:200]
    except FileNotFoundError:
        return "(gone)"


@pytest.mark.slow
def test_workers_end_with_a_killed_main_process_and_its_pipes_close(tmp_path, long_corpus):
    """The main process SIGKILLed while its workers write their segments, and not reaped (the
    caller is still reading its pipes): the pipes close and every worker ends at once, each
    with nearly all of its 2,000 articles still to do (no segment finished)."""
    index = tmp_path / "ix"
    proc = subprocess.Popen(
        [sys.executable, "-m", "searcher", "index", str(long_corpus), "--index", str(index),
         "--workers", "2"],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, cwd=ROOT,
    )  # fmt: skip
    try:
        _wait_for(lambda: len(list((index / "v1").glob("MAIN.tmp.*"))) == 2, proc, "workers")
        helpers = descendants(proc.pid)
        assert len(helpers) >= 3  # (the fork server, two workers; the resource tracker)
        proc.send_signal(signal.SIGKILL)  # (not reaped: communicate() reads the pipes first)
        proc.communicate(timeout=120)  # (a hang guard: the pipes close at once)
    finally:
        proc.kill()
    assert proc.returncode == -signal.SIGKILL
    # (the workers hold no pipe: they may end just after the pipes close; the deadline is only a
    # hang guard, what is asserted is that they end, with their work undone)
    deadline = time.monotonic() + 60
    while not all(_gone(p) for p in helpers) and time.monotonic() < deadline:
        time.sleep(0.01)
    survivors = {p: _command(p) for p in helpers if not _gone(p)}
    assert survivors == {}, "processes outlived the killed indexer"
    assert not list((index / "v1").glob("*.seg")), "a worker went on to finish its segment"
    assert store.current_version(str(index)) is None  # (never published)
    report = sync([str(long_corpus)], str(index), SyncOptions(workers=2))
    assert report.added == 4000
