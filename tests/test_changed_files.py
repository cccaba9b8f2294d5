"""`defsearch index --changed FILE`: a sync told which files changed reads those alone (added,
edited, deleted by each path's state), lists and stats nothing else, and leaves an index that a
full sync finds in line; a path outside the corpus is one line of error. And a sync that reads
no file does not load the cleaning and extraction pipeline. Real files, a real index, the real
CLI (in process and as a process)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from searcher.index import filetable, store
from tests.conftest import run_proc

ARTICLE = "{0}\n\nHanoi, March 24, 2025 (VNA) - {0} Vietnam and Cuba talks.\n"
PIPELINE = ("searcher.clean", "searcher.extract", "searcher.pipeline", "searcher.index.documents")


def write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(ARTICLE.format(text), encoding="utf-8")


def summary(stderr: str) -> str:
    """``1 added, 1 updated, 1 removed, 3 unchanged, 0 skipped`` out of the summary line."""
    return stderr.strip().splitlines()[-1].split(": ", 1)[1].split(" (")[0]


def found(cli, index: Path, query: str) -> set[str]:
    result = cli("search", query, "--index", str(index), "--format", "paths", "--all")
    return set(result.stdout.split())


@pytest.fixture
def built(cli, tmp_path: Path) -> tuple[Path, Path]:
    corpus = tmp_path / "c"
    for rel in ("a.txt", "x/b.txt", "x/b2.txt", "y/c.txt", "z/d.txt"):
        write(corpus / rel, rel.replace("/", " ").replace(".txt", ""))
    index = tmp_path / "ix"
    result = cli("index", str(corpus), "--index", str(index), "--workers", "1", "-v")
    assert result.exit_code == 0, result.stderr
    return corpus, index


def told(cli, index: Path, tmp_path: Path, paths: list[Path | str], *extra: str):
    listing = tmp_path / "changed.txt"
    listing.write_text("".join(f"{p}\n" for p in paths), encoding="utf-8")
    return cli("index", "--index", str(index), "--changed", str(listing), *extra)


def test_add_edit_and_delete_through_changed(cli, built, tmp_path):
    corpus, index = built
    write(corpus / "x" / "b.txt", "edited Hegseth")
    write(corpus / "new" / "e.txt", "Hegseth arrives")
    (corpus / "z" / "d.txt").unlink()
    result = told(
        cli, index, tmp_path, [corpus / "x/b.txt", corpus / "new/e.txt", corpus / "z/d.txt"]
    )
    assert result.exit_code == 0, result.stderr
    assert summary(result.stderr) == "1 added, 1 updated, 1 removed, 3 unchanged, 0 skipped"
    assert found(cli, index, "Hegseth") == {str(corpus / "x/b.txt"), str(corpus / "new/e.txt")}
    assert str(corpus / "z/d.txt") not in found(cli, index, "Vietnam")
    # a full sync afterwards finds the index in line (and the new folder, listed, the same)
    again = cli("index", "--index", str(index))
    assert summary(again.stderr) == "0 added, 0 updated, 0 removed, 5 unchanged, 0 skipped"
    assert cli("check", "--index", str(index)).exit_code == 0


def test_only_the_paths_told_are_looked_at(cli, built, tmp_path):
    corpus, index = built
    # an edit in place nobody tells of: a full sync would find it by its stats; --changed not
    with open(corpus / "y" / "c.txt", "a", encoding="utf-8") as f:
        f.write("Hegseth joined them.\n")
    write(corpus / "a.txt", "a edited")
    result = told(cli, index, tmp_path, [corpus / "a.txt"])
    assert summary(result.stderr) == "0 added, 1 updated, 0 removed, 4 unchanged, 0 skipped"
    assert found(cli, index, "Hegseth") == set()
    result = cli("index", "--index", str(index))
    assert summary(result.stderr) == "0 added, 1 updated, 0 removed, 4 unchanged, 0 skipped"
    assert found(cli, index, "Hegseth") == {str(corpus / "y/c.txt")}


def test_a_folder_gone_removes_its_files_and_unchanged_folders_keep_their_bytes(
    cli, built, tmp_path
):
    corpus, index = built
    version = str(store.current_version(str(index)))
    before = filetable.read(version)
    assert before is not None
    for name in ("b.txt", "b2.txt"):
        (corpus / "x" / name).unlink()
    (corpus / "x").rmdir()
    result = told(cli, index, tmp_path, [corpus / "x"])
    assert summary(result.stderr) == "0 added, 0 updated, 2 removed, 3 unchanged, 0 skipped"
    after = filetable.read(str(store.current_version(str(index))))
    assert after is not None and str(corpus / "x") not in after.files
    for folder in (corpus, corpus / "y", corpus / "z"):
        assert after.files[str(folder)] == before.files[str(folder)]
    assert summary(cli("index", "--index", str(index)).stderr).startswith("0 added, 0 updated, 0")


def test_a_path_outside_the_corpus_is_one_line_naming_it(cli, built, tmp_path):
    corpus, index = built
    outside = tmp_path / "elsewhere.txt"
    write(outside, "stray")
    write(corpus / "a.txt", "a edited")
    result = told(cli, index, tmp_path, [corpus / "a.txt", outside])
    assert result.exit_code == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and str(outside) in lines[0] and "not in the corpus" in lines[0]
    # nothing was changed: the edit is still to be synced
    assert summary(cli("index", "--index", str(index)).stderr).startswith("0 added, 1 updated")


def test_stdin_and_nul_separated_paths_in_a_real_process(built, tmp_path):
    corpus, index = built
    write(corpus / "x" / "b.txt", "edited Hegseth")
    write(corpus / "y" / "new file.txt", "Hegseth new")
    names = f"{corpus / 'x/b.txt'}\n{corpus / 'y/new file.txt'}\n"
    proc = run_proc("index", "--index", str(index), "--changed", "-", input=names)
    assert proc.returncode == 0, proc.stderr
    assert summary(proc.stderr) == "1 added, 1 updated, 0 removed, 4 unchanged, 0 skipped"
    (corpus / "y" / "new file.txt").unlink()
    write(corpus / "z" / "d.txt", "d edited")
    names = f"{corpus / 'y/new file.txt'}\0{corpus / 'z/d.txt'}\0"
    proc = run_proc("index", "--index", str(index), "--changed", "-", "-0", input=names)
    assert proc.returncode == 0, proc.stderr
    assert summary(proc.stderr) == "0 added, 1 updated, 1 removed, 4 unchanged, 0 skipped"
    relative = run_proc("index", "--index", str(index), "--changed", "-", cwd=corpus,
                        input="a.txt\n")  # fmt: skip
    assert summary(relative.stderr) == "0 added, 0 updated, 0 removed, 5 unchanged, 0 skipped"


def imported(stderr: str) -> set[str]:
    """The modules ``python -X importtime`` reported loading."""
    return {line.rsplit("|", 1)[1].strip() for line in stderr.splitlines() if "|" in line}


def test_a_sync_that_reads_no_file_does_not_load_the_pipeline(built, tmp_path):
    corpus, index = built

    def sync(*extra: str) -> subprocess.CompletedProcess:
        proc = subprocess.run(
            [sys.executable, "-X", "importtime", "-m", "searcher", "index", "--index", str(index),
             *extra],
            capture_output=True, text=True, timeout=60,
        )  # fmt: skip
        assert proc.returncode == 0, proc.stderr
        return proc

    quiet = sync()  # nothing changed
    assert summary(quiet.stderr).startswith("0 added, 0 updated, 0 removed")
    (corpus / "z" / "d.txt").unlink()
    deleted = sync()  # a file removed: nothing to read
    assert summary(deleted.stderr).startswith("0 added, 0 updated, 1 removed")
    (corpus / "y" / "c.txt").unlink()
    listing = tmp_path / "gone.txt"
    listing.write_text(f"{corpus / 'y/c.txt'}\n", encoding="utf-8")
    told_delete = sync("--changed", str(listing))
    assert summary(told_delete.stderr).startswith("0 added, 0 updated, 1 removed")
    for proc in (quiet, deleted, told_delete):
        loaded = imported(proc.stderr)
        assert not {m for m in loaded if m.startswith(PIPELINE)}
    write(corpus / "z" / "d.txt", "back")
    added = sync()  # (the same check sees the pipeline when a file is read)
    assert {m for m in imported(added.stderr) if m.startswith(PIPELINE)}


def test_json_lines_records_moved_between_feeds_through_changed(cli, built, tmp_path):
    corpus, index = built
    one, two = corpus / "feeds" / "one.jsonl", corpus / "feeds" / "two.jsonl"
    one.parent.mkdir()
    one.write_text(
        '{"id": "r1", "text": "Vietnam and Cuba first"}\n'
        '{"id": "r2", "text": "Vietnam and Cuba second"}\n',
        encoding="utf-8",
    )
    result = told(cli, index, tmp_path, [one])
    assert summary(result.stderr) == "2 added, 0 updated, 0 removed, 5 unchanged, 0 skipped"
    # r2 moves to another feed, unchanged; a record claims the id of a file nobody told about
    one.write_text('{"id": "r1", "text": "Vietnam and Cuba first"}\n', encoding="utf-8")
    two.write_text(
        '{"id": "r2", "text": "Vietnam and Cuba second"}\n'
        '{"id": "z/d.txt", "text": "Vietnam and Cuba stolen id"}\n',
        encoding="utf-8",
    )
    result = told(cli, index, tmp_path, [one, two], "-v")
    assert summary(result.stderr) == "0 added, 0 updated, 0 removed, 7 unchanged, 1 skipped"
    assert "skipped z/d.txt: duplicate id" in result.stderr
    assert found(cli, index, "stolen") == set()
    assert summary(cli("index", "--index", str(index)).stderr).startswith("0 added, 0 updated, 0")


def test_a_path_that_cannot_be_stated_is_skipped_and_what_it_held_kept(cli, built, tmp_path):
    corpus, index = built
    # x becomes a symlink loop (root is refused it too): its files cannot be stat'ed, not gone
    (corpus / "x").rename(tmp_path / "x-moved")
    (corpus / "x").symlink_to("x")
    result = told(cli, index, tmp_path, [corpus / "x/b.txt", corpus / "x/b2.txt"], "-v")
    assert result.exit_code == 1, result.stderr
    assert "skipped x/b.txt: cannot stat: Too many levels of symbolic links" in result.stderr
    assert summary(result.stderr) == "0 added, 0 updated, 0 removed, 3 unchanged, 2 skipped"
    assert "(2 indexed articles kept)" in result.stderr.splitlines()[-1]
    assert {str(corpus / "x/b.txt"), str(corpus / "x/b2.txt")} <= found(cli, index, "Vietnam")
    # the folder is put back: the next sync finds everything as it was
    (corpus / "x").unlink()
    (tmp_path / "x-moved").rename(corpus / "x")
    again = cli("index", "--index", str(index))
    assert summary(again.stderr) == "0 added, 0 updated, 0 removed, 5 unchanged, 0 skipped"


def test_a_file_through_a_folder_linked_outside_is_skipped_as_a_sync_skips_it(cli, built, tmp_path):
    corpus, index = built
    write(tmp_path / "outside" / "o.txt", "outside Hegseth")
    (corpus / "link").symlink_to(tmp_path / "outside")
    result = told(cli, index, tmp_path, [corpus / "link/o.txt", corpus / "link"], "-v")
    assert summary(result.stderr).startswith("0 added, 0 updated, 0 removed, 5 unchanged")
    assert "skipped link/o.txt: symlink to outside the corpus" in result.stderr
    assert "skipped link: symlink to outside the corpus" in result.stderr
    assert found(cli, index, "Hegseth") == set()
    plain = cli("index", "--index", str(index), "-v")  # (the same as a plain sync's verdict)
    assert "skipped link: symlink to outside the corpus" in plain.stderr
    assert found(cli, index, "Hegseth") == set()


def test_a_folder_told_about_is_listed_whole(cli, built, tmp_path):
    corpus, index = built
    staging = tmp_path / "staging" / "new"
    for rel in ("e.txt", "f.txt", "sub/g.txt", ".hidden.txt"):
        write(staging / rel, f"{rel} Hegseth")
    staging.rename(corpus / "new")  # (moved in whole: one path for it all)
    result = told(cli, index, tmp_path, [corpus / "new"])
    assert result.exit_code == 0, result.stderr
    assert summary(result.stderr) == (
        "3 added, 0 updated, 0 removed, 5 unchanged, 0 skipped, 1 hidden ignored"
    )
    assert found(cli, index, "Hegseth") == {str(corpus / p) for p in ("new/e.txt", "new/f.txt",
                                                                     "new/sub/g.txt")}  # fmt: skip
    # a folder the table has: an edit, a file gone, a file added, a subfolder gone
    write(corpus / "x" / "b.txt", "x b edited")
    (corpus / "x" / "b2.txt").unlink()
    write(corpus / "x" / "b3.txt", "x b3")
    (corpus / "new" / "sub" / "g.txt").unlink()
    (corpus / "new" / "sub").rmdir()
    result = told(cli, index, tmp_path, [corpus / "x", corpus / "new", corpus / "x/b.txt"])
    assert summary(result.stderr) == (
        "1 added, 1 updated, 2 removed, 5 unchanged, 0 skipped, 1 hidden ignored"
    )
    again = cli("index", "--index", str(index))
    assert summary(again.stderr) == (
        "0 added, 0 updated, 0 removed, 7 unchanged, 0 skipped, 1 hidden ignored"
    )
    assert cli("check", "--index", str(index)).exit_code == 0


def test_changed_without_a_usable_table_says_the_whole_corpus_was_listed(cli, built, tmp_path):
    corpus, index = built
    Path(filetable.path_of(str(store.current_version(str(index))))).write_bytes(b"damaged")
    write(corpus / "a.txt", "a edited")
    result = told(cli, index, tmp_path, [corpus / "a.txt"])
    assert result.exit_code == 0, result.stderr
    warned = [line for line in result.stderr.splitlines() if "--changed:" in line]
    assert len(warned) == 1 and warned[0].endswith("; the whole corpus was listed")
    assert summary(result.stderr) == "0 added, 1 updated, 0 removed, 4 unchanged, 0 skipped"
    quiet = told(cli, index, tmp_path, [corpus / "a.txt"])  # (the table written anew: trusted)
    assert "--changed:" not in quiet.stderr


def test_an_odd_path_outside_the_corpus_is_named_on_one_safe_line(cli, built, tmp_path):
    _corpus, index = built
    listing = tmp_path / "changed0"
    listing.write_bytes(f"{tmp_path}/odd\nname\x1b[31m.txt\0".encode())
    result = cli("index", "--index", str(index), "--changed", str(listing), "-0")
    assert result.exit_code == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "not in the corpus" in lines[0], lines
    assert "\x1b" not in lines[0] and "odd\\nname\\e[31m.txt'" in lines[0]


def test_a_file_become_a_folder_and_a_folder_become_a_file(cli, built, tmp_path):
    corpus, index = built
    (corpus / "y" / "c.txt").unlink()
    write(corpus / "y" / "c.txt" / "inner.txt", "inner Hegseth")
    for name in ("b.txt", "b2.txt"):
        (corpus / "x" / name).unlink()
    (corpus / "x").rmdir()
    write(corpus / "x", "now a file")
    paths = [corpus / "y/c.txt", corpus / "x"]
    result = told(cli, index, tmp_path, paths, "-v", "--allow-mass-delete")  # (3 of 5)
    assert summary(result.stderr) == "1 added, 0 updated, 3 removed, 2 unchanged, 1 skipped"
    assert "skipped x: unsupported file type" in result.stderr
    assert found(cli, index, "Vietnam") == {str(corpus / p) for p in ("a.txt", "z/d.txt",
                                                                     "y/c.txt/inner.txt")}  # fmt: skip
    again = cli("index", "--index", str(index))
    assert summary(again.stderr) == "0 added, 0 updated, 0 removed, 3 unchanged, 1 skipped"


def test_a_told_sync_of_text_files_loads_neither_pycountry_nor_the_html_parser(built, tmp_path):
    corpus, index = built
    write(corpus / "x" / "b.txt", "edited Japan")
    listing = tmp_path / "one.txt"
    listing.write_text(f"{corpus / 'x/b.txt'}\n", encoding="utf-8")
    proc = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "searcher", "index", "--index", str(index),
         "--changed", str(listing)],
        capture_output=True, text=True, timeout=60,
    )  # fmt: skip
    assert proc.returncode == 0, proc.stderr
    assert summary(proc.stderr).startswith("0 added, 1 updated, 0 removed")
    loaded = imported(proc.stderr)
    assert {m for m in loaded if m.startswith(PIPELINE)}  # (the file was read)
    assert not {m for m in loaded if m.split(".")[0] in ("pycountry", "bs4", "lxml")}
