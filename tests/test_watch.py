"""`defsearch index --watch` as a real subprocess following a real corpus: files dropped, moved,
edited in place and saved by rename become searchable; a burst is a few commits; SIGTERM and
SIGKILL leave an index that the next sync completes. Waits poll the index; their deadlines are
hang guards only, never what a test asserts."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from searcher.index import SyncOptions, sync
from searcher.search.handle import Index
from searcher.search.results import SearchOptions
from tests.conftest import ROOT, ctrl_c_as_at_a_terminal

HANG_GUARD = 180.0  # seconds: only a watcher that hangs ever reaches it


def article(text: str, day: int = 24) -> str:
    return f"{text.split('.')[0]}\n\nHanoi, March {day}, 2025 (VNA) - {text}\n"


def write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(article(text), encoding="utf-8")


class Watcher:
    """`defsearch index CORPUS --index IX --watch` in a process of its own."""

    def __init__(self, corpus: Path, index: Path, *extra: str) -> None:
        self.log = index.parent / "watch.log"
        self.index = index
        with open(self.log, "wb") as err:
            self.proc = subprocess.Popen(
                [sys.executable, "-m", "searcher", "index", str(corpus), "--index", str(index),
                 "--workers", "1", "--watch", *extra],
                stdout=subprocess.DEVNULL, stderr=err, cwd=ROOT,
                preexec_fn=ctrl_c_as_at_a_terminal,
            )  # fmt: skip
        self.until(lambda: "Ctrl-C stops" in self.stderr())

    def stderr(self) -> str:
        return self.log.read_text(encoding="utf-8", errors="replace")

    def until(self, ready, what: str = "the watcher") -> None:
        deadline = time.monotonic() + HANG_GUARD
        while not ready():
            assert self.proc.poll() is None, f"{what}: watcher exited\n{self.stderr()}"
            assert time.monotonic() < deadline, f"{what}: hang guard\n{self.stderr()}"
            time.sleep(0.1)

    def ids(self, query: str) -> set[str]:
        with Index(str(self.index)) as ix:
            result = ix.search(SearchOptions(query=query, limit=0, snippets=False))
            return {h.id for h in result.hits}

    def until_ids(self, query: str, expected: set[str]) -> None:
        self.until(lambda: self.ids(query) == expected, f"{query!r} → {sorted(expected)}")

    def commits(self) -> int:
        return sum(1 for line in self.stderr().splitlines() if line.startswith("defsearch: commit"))

    def stop(self, sig: int = signal.SIGTERM) -> int:
        if self.proc.poll() is None:
            self.proc.send_signal(sig)
        return self.proc.wait(timeout=HANG_GUARD)


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    write(tmp_path / "c" / "a.txt", "Vietnam and Cuba held defence talks.")
    return tmp_path / "c"


@pytest.fixture
def watcher(corpus: Path, tmp_path: Path):
    w = Watcher(corpus, tmp_path / "ix")
    yield w
    w.stop()


def test_a_dropped_file_becomes_searchable_and_renames_moves_deletes_follow(watcher, corpus):
    write(corpus / "b.txt", "Laos and Cuba signed a memorandum.")
    watcher.until_ids("Cuba", {"a.txt", "b.txt"})
    (corpus / "sub").mkdir()
    os.rename(corpus / "b.txt", corpus / "sub" / "b.txt")  # moved into a new folder
    watcher.until_ids("Cuba", {"a.txt", "sub/b.txt"})
    moved_in = corpus.parent / "outside"
    write(moved_in / "m.txt", "Japan and Cuba held naval talks.")
    os.rename(moved_in, corpus / "in")  # a folder moved in whole
    watcher.until_ids("Cuba", {"a.txt", "sub/b.txt", "in/m.txt"})
    (corpus / "sub" / "b.txt").unlink()
    watcher.until_ids("Cuba", {"a.txt", "in/m.txt"})


def test_edits_in_place_and_saves_by_rename(watcher, corpus):
    with open(corpus / "a.txt", "a", encoding="utf-8") as f:  # in place: its folder unchanged
        f.write("Hegseth joined them.\n")
    watcher.until_ids("Hegseth", {"a.txt"})
    tmp = corpus / ".a.txt.swp"  # an editor's save: a hidden file renamed over the article
    tmp.write_text(article("Vietnam and Cuba held talks on Saito."), encoding="utf-8")
    os.replace(tmp, corpus / "a.txt")
    watcher.until_ids("Saito", {"a.txt"})
    assert watcher.ids("Hegseth") == set()


def test_a_thousand_files_dropped_at_once_are_a_few_commits(watcher, corpus):
    before = watcher.commits()
    folder = corpus / "burst"
    folder.mkdir()
    for n in range(1000):
        (folder / f"{n:04d}.txt").write_text(article(f"Burst {n} Vietnam and Laos talks."))
    expected = {f"burst/{n:04d}.txt" for n in range(1000)}
    watcher.until_ids("Laos", expected)
    # (a commit is searchable a moment before the watcher logs it: wait for the log line)
    watcher.until(lambda: watcher.commits() > before, "the burst's commit line")
    assert watcher.stop() == 143
    assert 1 <= watcher.commits() - before <= 5, watcher.stderr()


def test_sigterm_exits_143_with_the_index_intact(watcher, corpus):
    write(corpus / "b.txt", "Laos and Cuba signed a memorandum.")
    watcher.until_ids("Cuba", {"a.txt", "b.txt"})
    assert watcher.stop(signal.SIGTERM) == 143
    assert watcher.stderr().splitlines()[-1] == "defsearch: stopped (SIGTERM); the index is intact"
    assert watcher.ids("Cuba") == {"a.txt", "b.txt"}
    report = sync(None, str(watcher.index), SyncOptions(workers=1))
    assert (report.added, report.updated, report.removed) == (0, 0, 0)


def test_sigkill_loses_nothing_the_next_sync_does_not_pick_up(watcher, corpus):
    for n in range(50):
        write(corpus / "k" / f"{n}.txt", f"Kill {n} Vietnam and Japan talks.")
    watcher.stop(signal.SIGKILL)  # wherever it was: waiting, listing, committing
    sync(None, str(watcher.index), SyncOptions(workers=1, wait=30))
    assert watcher.ids("Japan") == {f"k/{n}.txt" for n in range(50)}
    assert watcher.ids("Cuba") == {"a.txt"}


def test_poll_mode_scans_on_its_period(corpus, tmp_path):
    w = Watcher(corpus, tmp_path / "ix", "--poll", "0.2")
    try:
        assert "scanning every 0.2 s" in w.stderr()
        write(corpus / "sub" / "p.txt", "Polled Cuba and Laos talks.")
        w.until_ids("Cuba", {"a.txt", "sub/p.txt"})
    finally:
        assert w.stop() == 143


def test_poll_needs_watch(cli, corpus, tmp_path):
    result = cli("index", str(corpus), "--index", str(tmp_path / "ix"), "--poll", "1")
    assert result.exit_code == 2 and "--poll applies to --watch" in result.stderr


def test_ctrl_c_exits_130_with_the_index_intact(watcher, corpus):
    write(corpus / "b.txt", "Laos and Cuba signed a memorandum.")
    watcher.until_ids("Cuba", {"a.txt", "b.txt"})
    assert watcher.stop(signal.SIGINT) == 130
    assert (
        watcher.stderr().splitlines()[-1] == "defsearch: interrupted; the previous index is intact"
    )
    assert watcher.ids("Cuba") == {"a.txt", "b.txt"}
