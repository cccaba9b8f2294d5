"""Damage is found, said in one line, and repaired (issue 20, items 10, 12 and 14): checksums of
every index file written at each commit, verified on open (small files), by a sync before it
writes, and by ``defsearch check``; random bytes in the table of contents and an id that is not
UTF-8 give one line and exit 2 in every command; a path holding a newline is written quoted."""

from __future__ import annotations

import json
import os
import random
import shlex
import shutil
import subprocess
from pathlib import Path

import pytest

from searcher.engine import checksums
from searcher.index import SyncOptions, store, sync
from tests.conftest import run_proc, write_articles

DOC = "001-vna-vietnam-cuba-strengthen-defence-cooperation.txt"


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> tuple[Path, Path]:
    """(corpus, index) of the five seeds, built once; tests damage copies."""
    from tests.conftest import SEEDS

    base = tmp_path_factory.mktemp("checked")
    corpus = base / "corpus"
    shutil.copytree(SEEDS, corpus)
    sync([str(corpus)], str(base / "index"), SyncOptions(workers=1))
    return corpus, base / "index"


def _copy(built: tuple[Path, Path], target: Path) -> Path:
    shutil.copytree(built[1], target)
    return target


def _live(index: Path) -> Path:
    return Path(store.require_version(str(index)))


def _segment(index: Path) -> Path:
    return max((p for p in _live(index).iterdir() if p.suffix == ".seg"), key=os.path.getsize)


def _overwrite_middle(path: Path, size: int = 4096, seed: int = 0) -> None:
    """``size`` random bytes over the middle of a file (its length unchanged)."""
    data = bytearray(path.read_bytes())
    start = max(0, len(data) // 2 - size // 2)
    data[start : start + size] = random.Random(seed).randbytes(min(size, len(data) - start))
    path.write_bytes(bytes(data))


def _one_error_line(result) -> str:
    lines = result.stderr.strip().splitlines()
    assert result.exit_code == 2, result.output
    assert len(lines) == 1 and lines[0].startswith("defsearch: error: "), result.stderr
    assert "Traceback" not in result.output
    return lines[0]


# --- checksums written, verified, repaired ---------------------------------------------------


def test_every_commit_records_the_live_files(tmp_path, built, cli):
    index = _copy(built, tmp_path / "index")
    record = checksums.read(str(_live(index)))
    assert record is not None and record.toc == checksums.live_toc(str(_live(index)))
    assert _segment(index).name in record.files
    # a sync that adds an article commits a new segment: it is recorded, the old ones kept
    (built[0] / "new-article.txt").write_text(
        "Vietnam, Laos talk\n\nHANOI — Defence ministers of Vietnam and Laos met today.\n",
        encoding="utf-8",
    )
    try:
        assert cli("index", str(built[0]), "--index", str(index)).exit_code == 0
    finally:
        (built[0] / "new-article.txt").unlink()
    after = checksums.read(str(_live(index)))
    assert after is not None and after.toc != record.toc
    assert set(after.files) >= {n for n in record.files if (_live(index) / n).exists()}
    done = cli("check", "--index", str(index))
    assert done.exit_code == 0 and "intact" in done.stderr


def test_a_damaged_segment_is_found_and_the_repair_works(tmp_path, built, cli):
    index = _copy(built, tmp_path / "index")
    assert cli("search", "Cuba", "--index", str(index), "--format", "count").exit_code == 0
    segment = _segment(index)
    _overwrite_middle(segment)
    found = cli("check", "--index", str(index))
    assert found.exit_code == 2 and found.stdout == ""
    lines = found.stderr.strip().splitlines()
    assert lines[0] == (
        f"defsearch: damaged: {_live(index)}/{segment.name}: its content differs from what"
        " was written"
    )
    assert lines[-1].startswith("defsearch: repair it with: defsearch index ")
    # a small segment is verified on every open: a search says so instead of answering wrong
    line = _one_error_line(cli("search", "Cuba", "--index", str(index)))
    assert segment.name in line and "--rebuild --force" in line
    # the repair, as the message gives it, rebuilds; check is then clean
    repair = shlex.split(lines[-1].split("repair it with: ", 1)[1])
    assert repair[:2] == ["defsearch", "index"] and str(built[0]) in repair
    assert cli(*repair[1:]).exit_code == 0
    again = cli("check", "--index", str(index))
    assert again.exit_code == 0 and "intact" in again.stderr
    assert cli("search", "Cuba", "--index", str(index), "--format", "count").exit_code == 0


def test_a_big_segment_is_verified_by_check_and_before_a_sync(tmp_path, cli):
    corpus = tmp_path / "corpus"
    write_articles(corpus, 0, 300)
    index = tmp_path / "index"
    assert cli("index", str(corpus), "--index", str(index), "--workers", "1").exit_code == 0
    segment = _segment(index)
    assert segment.stat().st_size > checksums.SMALL  # (not read whole on every open)
    _overwrite_middle(segment)
    damaged = cli("check", "--index", str(index))
    assert damaged.exit_code == 2 and segment.name in damaged.stderr
    # a killed run left its lock; the next sync that would write verifies every byte first
    dead = subprocess.Popen(["true"])
    dead.wait()
    (index / store.LOCK).write_text(f"{dead.pid}\n")
    write_articles(corpus, 300, 301)
    before = sorted(p.name for p in _live(index).iterdir())
    line = _one_error_line(cli("index", str(corpus), "--index", str(index)))
    assert segment.name in line and "--rebuild --force" in line
    assert sorted(p.name for p in _live(index).iterdir()) == before  # (nothing written)
    assert cli("index", str(corpus), "--index", str(index), "--rebuild", "--force").exit_code == 0
    assert cli("check", "--index", str(index)).exit_code == 0


def test_an_index_without_checksums_is_never_called_damaged(tmp_path, built, cli):
    index = _copy(built, tmp_path / "index")
    (_live(index) / checksums.CHECKSUMS).unlink()
    done = cli("check", "--index", str(index))
    assert done.exit_code == 0
    assert "written before defsearch recorded checksums" in done.stderr
    assert "--rebuild" in done.stderr and "damaged" not in done.stderr
    assert cli("search", "Cuba", "--index", str(index), "--format", "count").exit_code == 0


def test_a_damaged_checksum_file_is_damage(tmp_path, built, cli):
    index = _copy(built, tmp_path / "index")
    (_live(index) / checksums.CHECKSUMS).write_bytes(b"\x00garbage{")
    done = cli("check", "--index", str(index))
    assert done.exit_code == 2 and "checksums.json" in done.stderr
    assert cli("index", str(built[0]), "--index", str(index), "--rebuild", "--force").exit_code == 0
    assert cli("check", "--index", str(index)).exit_code == 0


# --- random bytes in the table of contents, every command ------------------------------------

COMMANDS = (
    ("search", "Cuba"),
    ("search", "--queries", "-"),
    ("facets", "pair"),
    ("show", DOC),
    ("similar", DOC),
    ("stats",),
    ("export",),
    ("check",),
)


def _damage_toc(toc: Path, rng: random.Random, kind: int) -> None:
    data = bytearray(toc.read_bytes())
    if kind == 0:  # a few bytes here and there
        for _ in range(rng.randint(1, 30)):
            data[rng.randrange(len(data))] = rng.randrange(256)
    elif kind == 1:  # a run of random bytes
        start = rng.randrange(len(data))
        run = rng.randbytes(rng.randint(1, 4096))[: len(data) - start]
        data[start : start + len(run)] = run
    else:  # the whole file
        data = bytearray(rng.randbytes(rng.randint(0, len(data))))
    toc.write_bytes(bytes(data))


@pytest.mark.parametrize("recorded", [True, False], ids=["with checksums", "without"])
def test_random_bytes_in_the_toc_are_one_line_in_every_command(tmp_path, built, cli, recorded):
    """12 damaged tables of contents each way (the fuzzing that found Whoosh's own IndexError
    and re.error escaping): every read command, and a sync, gives one line and exit 2; the
    documented repair works from each."""
    for trial in range(12):
        rng = random.Random(trial)
        index = _copy(built, tmp_path / f"index{trial}")
        version = _live(index)
        if not recorded:
            (version / checksums.CHECKSUMS).unlink()
        toc = version / str(checksums.live_toc(str(version)))
        original = toc.read_bytes()
        _damage_toc(toc, rng, trial % 3)
        if toc.read_bytes() == original:
            continue
        for command in COMMANDS:
            result = cli(*command, "--index", str(index), input="Cuba\n")
            if command == ("check",):
                assert result.exit_code == 2 and "damaged" in result.stderr
                continue
            assert "cannot be read" in _one_error_line(result) or "damaged" in result.stderr
        changed = built[0] / "000-extra.txt"
        changed.write_text("Extra\n\nCuba and Vietnam meet.\n", encoding="utf-8")
        try:
            _one_error_line(cli("index", str(built[0]), "--index", str(index)))
            repaired = cli("index", str(built[0]), "--index", str(index), "--rebuild", "--force")
        finally:
            changed.unlink()
        assert repaired.exit_code == 0
        assert cli("check", "--index", str(index)).exit_code == 0
        shutil.rmtree(index)


# --- an id that is not UTF-8 -----------------------------------------------------------------


def test_show_of_an_id_that_is_not_utf8_is_one_line(built, cli):
    index = str(built[1])
    for command in ("show", "similar"):
        line = _one_error_line(cli(command, "\udcff", "--index", index))
        assert "no article with id '\\xff'" in line and "not UTF-8" in line
    done = run_proc("show", "\udcff", "--index", index)  # (the byte 0xff on the command line)
    assert done.returncode == 2 and done.stdout == ""
    assert len(done.stderr.strip().splitlines()) == 1 and "Traceback" not in done.stderr


# --- a path holding a newline ----------------------------------------------------------------


def test_a_path_with_a_newline_is_quoted_and_minus_0_writes_it_as_is(tmp_path, cli):
    from tests.conftest import FIXTURES

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    text = (FIXTURES / "vov-australia-dialogue.txt").read_text(encoding="utf-8")
    (corpus / "line\nbreak.txt").write_text(text, encoding="utf-8")
    (corpus / "plain name.txt").write_text(text + " plain\n", encoding="utf-8")
    index = tmp_path / "index"
    assert cli("index", str(corpus), "--index", str(index)).exit_code == 0

    done = run_proc("search", "Australia", "--index", str(index), "--format", "paths", cwd=tmp_path)
    assert done.returncode == 0
    lines = done.stdout.splitlines()
    assert sorted(lines) == ["$'corpus/line\\nbreak.txt'", "corpus/plain name.txt"]
    assert "-0" in done.stderr and "quoted" in done.stderr
    # the quoted line is the real path to a shell: bash reads it back to a file that exists
    quoted = next(line for line in lines if line.startswith("$'"))
    echoed = subprocess.run(
        ["bash", "-c", f"printf '%s' {quoted}"], capture_output=True, text=True, check=True
    ).stdout
    assert echoed == "corpus/line\nbreak.txt" and (tmp_path / echoed).is_file()

    nul = run_proc(
        "search", "Australia", "--index", str(index), "--format", "paths", "-0", cwd=tmp_path
    )
    names = nul.stdout.split("\0")
    assert names[-1] == "" and sorted(names[:-1]) == [
        "corpus/line\nbreak.txt",
        "corpus/plain name.txt",
    ]
    assert all((tmp_path / n).is_file() for n in names[:-1]) and nul.stderr == ""


def test_the_record_is_json_we_can_read(built):
    """(The format the README documents: what a user's own tool can verify.)"""
    data = json.loads((_live(built[1]) / checksums.CHECKSUMS).read_text(encoding="utf-8"))
    assert data["format"] == "defsearch-checksums" and data["algorithm"] == "crc32"
    for name, (size, crc) in data["files"].items():
        assert checksums.crc32_of(str(_live(built[1]) / name)) == (size, int(crc, 16))


# --- what a sync reads before it writes ------------------------------------------------------


def _big_index(tmp_path: Path, cli) -> tuple[Path, Path, Path]:
    """(corpus, index, its one segment): 300 articles, a segment over ``checksums.SMALL``."""
    corpus = tmp_path / "corpus"
    write_articles(corpus, 0, 300)
    index = tmp_path / "index"
    assert cli("index", str(corpus), "--index", str(index), "--workers", "1").exit_code == 0
    segment = _segment(index)
    assert segment.stat().st_size > checksums.SMALL
    return corpus, index, segment


def _reads(monkeypatch) -> list[str]:
    """The names of the index files whose every byte is read from now on."""
    names: list[str] = []
    crc32_of = checksums.crc32_of

    def counted(path: str) -> tuple[int, int]:
        names.append(os.path.basename(path))
        return crc32_of(path)

    monkeypatch.setattr(checksums, "crc32_of", counted)
    return names


@pytest.fixture
def ticking(monkeypatch):
    """The disk's clock has ticked between any write and the record made after it (as on a
    file system with fine timestamps), whatever the kernel's clock granularity: a test of
    which files a sync reads does not depend on it (the other case: ``test_a_coarse_clock…``)."""
    monkeypatch.setattr(checksums, "_settled", lambda stat, stamp: True)


def test_a_sync_reads_whole_only_the_files_written_to_since_they_were_checked(
    tmp_path, cli, monkeypatch, ticking
):
    corpus, index, segment = _big_index(tmp_path, cli)
    recorded = checksums.read(str(_live(index)))
    assert recorded is not None and recorded.stats[segment.name] == checksums.stat_of(str(segment))
    reads = _reads(monkeypatch)
    write_articles(corpus, 300, 301)
    assert cli("index", str(corpus), "--index", str(index)).exit_code == 0
    assert segment.name not in reads  # (hashed when written; nothing has written to it since)
    # a write that leaves the bytes as they were still changes the ctime: read whole once
    os.utime(segment)
    reads.clear()
    write_articles(corpus, 301, 302)
    assert cli("index", str(corpus), "--index", str(index)).exit_code == 0
    assert reads.count(segment.name) == 1
    reads.clear()
    write_articles(corpus, 302, 303)
    assert cli("index", str(corpus), "--index", str(index)).exit_code == 0
    assert segment.name not in reads
    assert cli("check", "--index", str(index)).exit_code == 0


def test_damage_no_stat_shows_is_found_by_check_and_never_merged(tmp_path, cli):
    """Damage that changed no stat of its file (a failing disk) is left to ``check`` by a sync
    that does not read the file; a commit that merges the segment (reading it whole and writing
    it anew under new checksums) verifies every byte first, and refuses."""
    from searcher import engine
    from searcher.errors import IndexCorrupt

    corpus, index, segment = _big_index(tmp_path, cli)
    version = _live(index)
    _overwrite_middle(segment)
    data = json.loads((version / checksums.CHECKSUMS).read_text(encoding="utf-8"))
    data["stats"][segment.name] = list(checksums.stat_of(str(segment)))
    (version / checksums.CHECKSUMS).write_text(json.dumps(data), encoding="utf-8")
    write_articles(corpus, 300, 301)
    assert cli("index", str(corpus), "--index", str(index)).exit_code == 0  # (not merged)
    found = cli("check", "--index", str(index))
    assert found.exit_code == 2 and segment.name in found.stderr
    toc = checksums.live_toc(str(version))
    writer = engine.writer(engine.open_index(str(version)))
    with pytest.raises(IndexCorrupt, match=segment.name):
        writer.commit(optimize=True)  # (every segment merged into one)
    engine.discard(writer)
    assert checksums.live_toc(str(version)) == toc
    assert segment.name in checksums.read(str(version)).files


def _set_stats(version: Path, name: str, stat: tuple[int, ...]) -> None:
    data = json.loads((version / checksums.CHECKSUMS).read_text(encoding="utf-8"))
    data["stats"][name] = list(stat)
    (version / checksums.CHECKSUMS).write_text(json.dumps(data), encoding="utf-8")


def _damage_keeping_mtime(segment: Path) -> None:
    """Bytes changed in place, its size and mtime as they were (only the ctime shows it)."""
    st = segment.stat()
    _overwrite_middle(segment)
    os.utime(segment, ns=(st.st_atime_ns, st.st_mtime_ns))


def test_a_copied_or_restored_index_is_read_whole_once(tmp_path, cli, monkeypatch, ticking):
    """A copy (to another machine, out of a backup) keeps sizes and mtimes (``cp -a``) but not
    inodes or ctimes: every file is read whole by the copy's first sync, not trusted."""
    corpus, index, segment = _big_index(tmp_path, cli)
    copy = tmp_path / "copy"
    shutil.copytree(index, copy, copy_function=shutil.copy2)
    copied = _segment(copy)
    assert copied.stat().st_mtime_ns == segment.stat().st_mtime_ns
    assert checksums.stat_of(str(copied)) != checksums.read(str(_live(copy))).stats[copied.name]
    reads = _reads(monkeypatch)
    write_articles(corpus, 300, 301)
    assert cli("index", str(corpus), "--index", str(copy)).exit_code == 0
    assert reads.count(copied.name) == 1
    reads.clear()
    write_articles(corpus, 301, 302)
    assert cli("index", str(corpus), "--index", str(copy)).exit_code == 0
    assert copied.name not in reads


def test_a_restored_file_whose_other_stats_match_is_read_if_its_inode_differs(
    tmp_path, cli, ticking
):
    """Stats are trusted only all together: a file with the size, mtime and ctime recorded but
    another inode (another file: restored, or on another disk) is read whole, and its damage
    found."""
    corpus, index, segment = _big_index(tmp_path, cli)
    version = _live(index)
    _damage_keeping_mtime(segment)
    ino, size, mtime, ctime = checksums.stat_of(str(segment))
    _set_stats(version, segment.name, (ino + 1, size, mtime, ctime))
    toc = checksums.live_toc(str(version))
    write_articles(corpus, 300, 301)
    result = cli("index", str(corpus), "--index", str(index))
    assert segment.name in _one_error_line(result)
    assert checksums.live_toc(str(version)) == toc  # (nothing committed)


@pytest.mark.parametrize("stats", ["none", "a list of five", "strings", "not a mapping"])
def test_a_record_of_another_version_is_read_whole_not_taken_for_damage(
    tmp_path, cli, monkeypatch, stats, ticking
):
    """A ``checksums.json`` without stats (an older version's) or with stats in another form
    (a newer one's) is no damage: every file is read whole once, then the stats are recorded
    in this version's form."""
    corpus, index, segment = _big_index(tmp_path, cli)
    path = _live(index) / checksums.CHECKSUMS
    data = json.loads(path.read_text(encoding="utf-8"))
    one = data["stats"][segment.name]
    data["stats"] = {
        "none": None,
        "a list of five": {n: [*v, 0] for n, v in data["stats"].items()},
        "strings": {n: [str(x) for x in v] for n, v in data["stats"].items()},
        "not a mapping": [one],
    }[stats]
    if stats == "none":
        del data["stats"]
    path.write_text(json.dumps(data), encoding="utf-8")
    assert checksums.read(str(_live(index))).stats == {}
    assert cli("search", "Vietnam", "--index", str(index)).exit_code in (0, 1)
    reads = _reads(monkeypatch)
    write_articles(corpus, 300, 301)
    assert cli("index", str(corpus), "--index", str(index)).exit_code == 0
    assert reads.count(segment.name) == 1
    recorded = checksums.read(str(_live(index)))
    assert recorded.stats[segment.name] == checksums.stat_of(str(segment))
    assert cli("check", "--index", str(index)).exit_code == 0


@pytest.mark.parametrize("clock", ["one tick for everything", "set back after the writes"])
def test_a_coarse_clock_or_one_set_back_keeps_no_stats_and_damage_is_found(
    tmp_path, cli, monkeypatch, clock
):
    """On a disk whose clock has not ticked since a file was written (timestamps of a second:
    the file replaced by another of its size and mtime within that second), or whose ctimes
    are ahead of the record's (the clock set back), a file's stats do not show a later write:
    they are not recorded, and the next sync reads the file whole and finds the damage."""
    real = checksums.stat_of
    if clock == "one tick for everything":

        def seen(path: str) -> checksums.Stat:  # (every time in the same tick)
            ino, size, _mtime, _ctime = real(path)
            return ino, size, 0, 0
    else:

        def seen(path: str) -> checksums.Stat:  # (the index's files written "in the future")
            ino, size, mtime, ctime = real(path)
            return ino, size, mtime, ctime + (0 if ".json" in path else 10**18)

    monkeypatch.setattr(checksums, "stat_of", seen)
    corpus, index, segment = _big_index(tmp_path, cli)
    version = _live(index)
    assert segment.name not in checksums.read(str(version)).stats
    before = checksums.stat_of(str(segment))
    _damage_keeping_mtime(segment)
    if clock == "one tick for everything":
        assert checksums.stat_of(str(segment)) == before  # (what the stats alone would miss)
    toc = checksums.live_toc(str(version))
    write_articles(corpus, 300, 301)
    result = cli("index", str(corpus), "--index", str(index))
    assert segment.name in _one_error_line(result)
    assert checksums.live_toc(str(version)) == toc  # (nothing committed)
