"""The index folder: what makes a folder ours, and that nothing we did not write is deleted.

Each folder shape is built for real, indexed into through the real CLI, rebuilt and synced; every
file the user had must come out byte for byte as it went in.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from searcher.errors import NotAnIndex
from searcher.index import SyncOptions, store, sync

from .conftest import run_proc


def user_files(folder: Path, names: dict[str, str]) -> dict[str, bytes]:
    """Write ``names`` (relative path → text) under ``folder``; returns their bytes."""
    for rel, text in names.items():
        path = folder / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return {rel: (folder / rel).read_bytes() for rel in names}


def assert_intact(folder: Path, before: dict[str, bytes]) -> None:
    after = {rel: (folder / rel).read_bytes() for rel in before if (folder / rel).is_file()}
    assert after == before


def rebuild_and_sync(cli, corpus: Path, folder: Path, *extra: str) -> None:
    """A first build, two rebuilds (each publishes a version and prunes) and a sync."""
    for args in [(), ("--rebuild",), ("--rebuild",), ()]:
        result = cli("index", str(corpus), "--index", str(folder), *extra, *args)
        assert result.exit_code == 0, result.output


SHAPES = {
    "notes and drafts": {
        "README.md": "my index notes\n",
        ".gitignore": "*\n",
        ".tmp-draft": "half-written thoughts\n",
        "v2/important-thesis.txt": "chapter one\n",
    },
    "folders named like versions": {
        "v1/photos-2019.txt": "holiday\n",
        "v7/backup.txt": "backup\n",
    },
    "a file named CURRENT": {"CURRENT": "my current work\n"},
    "a file named like our lock": {"defsearch.lock": "mine\n"},
    "a file named like our marker": {"defsearch-index.json": '{"mine": true}\n'},
}


@pytest.mark.parametrize("shape", list(SHAPES), ids=list(SHAPES))
def test_a_users_folder_is_refused_and_untouched(cli, corpus, tmp_path, shape):
    folder = tmp_path / "F"
    before = user_files(folder, SHAPES[shape])
    result = cli("index", str(corpus), "--index", str(folder))
    assert result.exit_code == 2
    assert result.output.count("\n") == 1 and "not a defsearch index" in result.output
    assert sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file()) == (
        sorted(before)
    )
    assert_intact(folder, before)


@pytest.mark.parametrize("shape", ["notes and drafts", "folders named like versions"])
def test_force_builds_beside_a_users_files_and_deletes_none(cli, corpus, tmp_path, shape):
    folder = tmp_path / "F"
    before = user_files(folder, SHAPES[shape])
    rebuild_and_sync(cli, corpus, folder, "--force")
    assert_intact(folder, before)
    assert cli("search", "Hegseth", "--index", str(folder), "--format", "count").output == "1\n"
    # once marked, the folder is ours: no --force needed any more, and still nothing is lost
    rebuild_and_sync(cli, corpus, folder)
    assert_intact(folder, before)


@pytest.mark.parametrize("shape", ["a file named CURRENT", "a file named like our lock",
                                   "a file named like our marker"])  # fmt: skip
def test_force_never_replaces_a_file_under_a_name_we_write(cli, corpus, tmp_path, shape):
    folder = tmp_path / "F"
    before = user_files(folder, SHAPES[shape])
    result = cli("index", str(corpus), "--index", str(folder), "--force")
    assert result.exit_code == 2 and "which defsearch did not write" in result.output
    assert_intact(folder, before)
    assert not (folder / "v1").exists()


def test_a_users_files_inside_a_real_index_survive_rebuilds(cli, corpus, index_dir):
    live = store.current_version(str(index_dir))
    assert live is not None
    mine = f"{Path(live).name}/mine.txt"  # inside one of our version folders
    before = user_files(
        index_dir, {"v99/keep.txt": "keep me\n", "notes.txt": "my notes\n", mine: "mine\n"}
    )
    first = cli("index", str(corpus), "--index", str(index_dir), "--rebuild")
    second = cli("index", str(corpus), "--index", str(index_dir), "--rebuild")
    assert first.exit_code == second.exit_code == 0
    # the version holding mine.txt is now two writes old: our files go, the folder and mine.txt stay
    assert "not written by defsearch" in second.output and "'mine.txt'" in second.output
    assert sorted(p.name for p in Path(live).iterdir()) == ["defsearch-version.json", "mine.txt"]
    assert_intact(index_dir, before)


def test_superseded_versions_and_killed_runs_temp_files_are_removed(corpus, index_dir):
    first = store.current_version(str(index_dir))
    (index_dir / ".tmp-CURRENT-99999").write_text("v1\n")
    sync([str(corpus)], str(index_dir), SyncOptions(rebuild=True, workers=1))
    sync([str(corpus)], str(index_dir), SyncOptions(rebuild=True, workers=1))
    names = sorted(p.name for p in index_dir.iterdir())
    assert names == ["CURRENT", "defsearch-index.json", "defsearch.lock", "v2", "v3"]
    assert first is not None and not Path(first).exists()


@pytest.mark.parametrize("names", [{}, {".gitkeep": ""}, {".gitignore": "*\n", ".keep": ""}])
def test_a_new_or_placeholder_only_folder_is_taken_without_force(corpus, tmp_path, names):
    folder = tmp_path / "F"
    folder.mkdir()
    before = user_files(folder, names)
    assert sync([str(corpus)], str(folder), SyncOptions(workers=1)).added == 5
    assert store.is_index(str(folder))
    assert_intact(folder, before)


def test_an_index_from_before_markers_is_still_ours(corpus, index_dir):
    (index_dir / store.MARKER).unlink()  # as an earlier defsearch left it
    for version in index_dir.glob("v*"):
        (version / store.VERSION_MARKER).unlink()
    assert store.is_index(str(index_dir))
    report = sync([str(corpus)], str(index_dir), SyncOptions(rebuild=True, workers=1))
    assert report.added == 5
    marker = json.loads((index_dir / store.MARKER).read_text(encoding="utf-8"))
    assert marker["format"] == "defsearch-index"


def test_names_alone_never_make_an_index(corpus, tmp_path):
    folder = tmp_path / "F"
    before = user_files(folder, {"CURRENT": "v1\n", "v1/manifest.json": '{"mine": 1}\n'})
    assert not store.is_index(str(folder))
    with pytest.raises(NotAnIndex):
        sync([str(corpus)], str(folder), SyncOptions(force=True, workers=1))
    assert_intact(folder, before)


def test_a_file_given_as_the_index_is_refused(corpus, tmp_path):
    path = tmp_path / "thesis.txt"
    path.write_text("do not touch\n")
    with pytest.raises(NotAnIndex, match="is a file"):
        sync([str(corpus)], str(path), SyncOptions(force=True, workers=1))
    assert path.read_text() == "do not touch\n"


def test_refusal_through_a_real_process(corpus, tmp_path):
    folder = tmp_path / "F"
    before = user_files(folder, SHAPES["folders named like versions"])
    proc = run_proc("index", str(corpus), "--index", str(folder))
    assert proc.returncode == 2 and proc.stdout == ""
    assert proc.stderr.count("\n") == 1 and "--force" in proc.stderr
    assert_intact(folder, before)


@pytest.mark.parametrize("garbage", [b"\xff\xfe\x00garbage", b"", b"../../etc", b"v1\x00x"])
def test_a_damaged_current_pointer_is_one_line_and_a_rebuild_repairs_it(
    cli, corpus, index_dir, garbage
):
    """(issue 20, item 12) Readers say so in one line; the documented repair works."""
    (index_dir / "CURRENT").write_bytes(garbage)
    result = cli("search", "Cuba", "--index", str(index_dir))
    assert result.exit_code == 2
    assert result.stderr.strip().splitlines() == [
        f"defsearch: error: index at {index_dir}: its CURRENT file does not name a version"
        " (repair it with: defsearch index CORPUS --rebuild)"
    ]
    assert cli("index", str(corpus), "--index", str(index_dir), "--rebuild").exit_code == 0
    assert cli("search", "Cuba", "--index", str(index_dir), "--format", "count").stdout == "3\n"


def test_a_plain_sync_removes_what_a_killed_build_left(cli, corpus, index_dir):
    """(issue 20, item 13) A killed rebuild leaves a marked version folder newer than the live
    one; the next sync (holding the writer lock, so no build is running) removes it, and only
    our files in it."""
    partial = Path(store.new_version_dir(str(index_dir)))  # as a killed build leaves it
    (partial / "MAIN_abcdefgh12345678.seg").write_bytes(b"\0" * 4096)
    (partial / "_MAIN_1.toc").write_bytes(b"\0" * 64)
    kept = Path(store.new_version_dir(str(index_dir)))
    (kept / "MAIN_zzzzzzzz12345678.seg").write_bytes(b"\0" * 64)
    (kept / "thesis.txt").write_text("not ours")
    result = cli("index", "--index", str(index_dir))
    assert result.exit_code == 0
    assert not partial.exists()
    assert sorted(p.name for p in kept.iterdir()) == ["defsearch-version.json", "thesis.txt"]
    assert f"kept old version {kept}" in result.stderr
    assert cli("search", "Cuba", "--index", str(index_dir), "--format", "count").stdout == "3\n"
