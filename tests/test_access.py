"""Index folders that cannot be read or written, and an index given as a file: one line on
stderr, exit 2, and the previous index intact (issue 20, item 4)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import as_user_without_overrides


def defsearch(*args: str) -> subprocess.CompletedProcess:
    """``defsearch ARGS`` in a process where file permissions hold (see conftest)."""
    return subprocess.run(
        [sys.executable, "-m", "searcher", *args],
        capture_output=True, text=True, timeout=120, preexec_fn=as_user_without_overrides(),
    )  # fmt: skip


def one_error_line(proc: subprocess.CompletedProcess, *parts: str) -> None:
    lines = proc.stderr.strip().splitlines()
    assert proc.returncode == 2, proc.stderr
    assert len(lines) == 1 and lines[0].startswith("defsearch: error: "), proc.stderr
    for part in parts:
        assert part in lines[0], lines[0]


@pytest.mark.parametrize("command", [("search", "Cuba"), ("stats",), ("export",), ("show", "x")])
def test_an_index_given_as_a_file(cli, tmp_path, command):
    path = tmp_path / "notes.txt"
    path.write_text("not an index")
    result = cli(*command, "--index", str(path))
    assert result.exit_code == 2
    assert result.stderr.strip().splitlines() == [
        f"defsearch: error: {path} is a file, not an index folder (give the index's folder with"
        " --index)"
    ]
    assert path.read_text() == "not an index"


def test_a_read_only_index_folder_cannot_be_rebuilt_and_stays_usable(corpus, index_dir):
    before = defsearch("search", "Cuba", "--index", str(index_dir), "--format", "count").stdout
    os.chmod(index_dir, 0o555)
    try:
        proc = defsearch("index", str(corpus), "--index", str(index_dir), "--rebuild")
        one_error_line(proc, "cannot write the index at", "Permission denied", "intact")
        found = defsearch("search", "Cuba", "--index", str(index_dir), "--format", "count")
        assert (found.returncode, found.stdout) == (0, before) and int(before) > 0
    finally:
        os.chmod(index_dir, 0o755)


def test_an_index_in_a_folder_that_cannot_be_written(corpus, tmp_path):
    parent = tmp_path / "locked"
    parent.mkdir()
    os.chmod(parent, 0o555)
    try:
        proc = defsearch("index", str(corpus), "--index", str(parent / "ix"))
        one_error_line(proc, "cannot write the index at", "Permission denied")
        assert list(parent.iterdir()) == []
    finally:
        os.chmod(parent, 0o755)


def test_an_index_folder_that_cannot_be_read(index_dir):
    os.chmod(index_dir, 0o000)
    try:
        proc = defsearch("search", "Cuba", "--index", str(index_dir))
        one_error_line(proc, "cannot read the index at", "Permission denied")
    finally:
        os.chmod(index_dir, 0o755)
    assert Path(index_dir, "CURRENT").exists()


def test_an_unreadable_indexed_file_is_skipped_kept_and_counted_once(corpus, index_dir):
    """(issue 20, item 14) Its article stays in the index; the summary counts it once, as
    skipped, and says its article was kept."""
    victim = sorted(corpus.iterdir())[0]
    os.chmod(victim, 0o000)
    try:
        os.utime(victim)  # (a changed mtime: the sync must read it, and cannot)
        proc = defsearch("index", "--index", str(index_dir), "-v")
    finally:
        os.chmod(victim, 0o644)
    assert proc.returncode == 1, proc.stderr
    assert f"skipped {victim.name}: cannot read: Permission denied" in proc.stderr
    assert "0 removed, 4 unchanged, 1 skipped (1 indexed article kept) (5 files" in proc.stderr
    listed = defsearch("export", "--index", str(index_dir)).stdout
    assert f'"id": "{victim.name}"' in listed
