"""The sync that scales: folder records in the file table (files.bin), the nothing-changed sync
that reads only them, folders trusted by their ctime once settled, `--full`, and the JSON table
of earlier versions read once. Real files, a real index; no timing: a folder is "settled" by
``SyncOptions.settle_ns`` (0: at once), and which files a sync looked at is read from what it
did (a trusted folder is not listed again, but its files are still stat'ed)."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from searcher.index import SyncOptions, filetable, store, sync
from searcher.index.plan import rows_to_disk
from searcher.search.handle import Index
from searcher.search.results import SearchOptions

SETTLED = SyncOptions(workers=1, settle_ns=0)  # every folder trusted once listed
ARTICLE = "{0}\n\nHanoi, March 24, 2025 (VNA) - {0} Vietnam and Cuba talks.\n"


def write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(ARTICLE.format(text), encoding="utf-8")


def counts(report) -> tuple[int, int, int, int]:
    return report.added, report.updated, report.removed, report.unchanged


def ids(index: Path, query: str) -> set[str]:
    with Index(str(index)) as ix:
        return {h.id for h in ix.search(SearchOptions(query=query, limit=0)).hits}


@pytest.fixture
def built(tmp_path: Path) -> tuple[Path, Path]:
    corpus = tmp_path / "c"
    for rel in ("a.txt", "x/b.txt", "x/y/c.txt", "z/d.txt"):
        write(corpus / rel, rel.replace("/", " ").replace(".txt", ""))
    (corpus / "notes.pdf").write_bytes(b"%PDF")
    (corpus / ".hidden.txt").write_text("hidden")
    index = tmp_path / "ix"
    sync([str(corpus)], str(index), SETTLED)
    return corpus, index


def folders(index: Path) -> dict[str, filetable.FolderRecord]:
    table = filetable.read(str(store.current_version(str(index))))
    assert table is not None
    return table.folders


def test_the_table_records_every_folder_and_a_quiet_sync_rewrites_nothing(built):
    corpus, index = built
    records = folders(index)
    assert sorted(records) == [str(corpus), *(str(corpus / f) for f in ("x", "x/y", "z"))]
    assert records[str(corpus)].subfolders == ("x", "z")
    assert records[str(corpus)].skipped == (("notes.pdf", "unsupported file type"),)
    assert records[str(corpus)].ignored == (".hidden.txt",)
    table = Path(store.current_version(str(index)), store.FILES)
    written = table.stat().st_mtime_ns
    report = sync(None, str(index), SETTLED)
    assert counts(report) == (0, 0, 0, 4) and report.files == 6
    assert [s.rel for s in report.skipped] == ["notes.pdf"] and report.ignored == (".hidden.txt",)
    assert table.stat().st_mtime_ns == written  # nothing changed: the table is not rewritten


def test_a_changed_folder_is_listed_again_the_others_are_not(built):
    corpus, index = built
    write(corpus / "x" / "y" / "new.txt", "new")
    os.remove(corpus / "z" / "d.txt")
    report = sync(None, str(index), SETTLED)
    assert counts(report) == (1, 0, 1, 3)
    assert ids(index, "Vietnam") == {"a.txt", "x/b.txt", "x/y/c.txt", "x/y/new.txt"}


def test_a_file_rewritten_in_place_is_seen_by_the_next_plain_sync(built):
    """A settled folder is not listed again, but its files are stat'ed: an edit in place (its
    folder unchanged, the same inode) is seen, by the nothing-else-changed sync and beside a
    change elsewhere, also when the size stays the same."""
    corpus, index = built
    target = corpus / "x" / "b.txt"
    stat, folder = target.stat(), (corpus / "x").stat()
    with open(target, "a", encoding="utf-8") as f:  # in place: x/ itself does not change
        f.write("Hegseth joined them.\n")
    assert (corpus / "x").stat().st_ctime_ns == folder.st_ctime_ns
    assert counts(sync(None, str(index), SETTLED)) == (0, 1, 0, 3)
    assert ids(index, "Hegseth") == {"x/b.txt"}
    assert stat.st_ino == target.stat().st_ino

    other = corpus / "x" / "y" / "c.txt"
    text = other.read_text(encoding="utf-8")
    before = other.stat()
    with open(other, "r+", encoding="utf-8") as f:  # same length, new words
        f.write(text.replace("Vietnam", "Hegseth", 1))  # (as long as the word it replaces)
    os.utime(other, ns=(before.st_atime_ns, before.st_mtime_ns + 1_000_000_000))
    assert other.stat().st_size == before.st_size
    write(corpus / "z" / "f.txt", "elsewhere")
    assert counts(sync(None, str(index), SETTLED)) == (1, 1, 0, 3)
    assert "x/y/c.txt" in ids(index, "Hegseth")


def test_a_folder_whose_mtime_is_set_back_is_still_seen(built):
    """rsync -a puts a folder's mtime back to the source's after adding files: the ctime,
    which cannot be set, still tells."""
    corpus, index = built
    folder = corpus / "z"
    before = folder.stat()
    write(folder / "e.txt", "rsynced")
    os.utime(folder, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert folder.stat().st_mtime_ns == before.st_mtime_ns
    assert counts(sync(None, str(index), SETTLED)) == (1, 0, 0, 4)


def test_a_folder_still_changing_is_listed_again_next_time(tmp_path):
    """With the default settle time, folders changed just now are not trusted: an in-place edit
    right after the first sync (a file still being written) is seen by the next one."""
    corpus = tmp_path / "c"
    write(corpus / "a.txt", "first")
    index = tmp_path / "ix"
    sync([str(corpus)], str(index), SyncOptions(workers=1))  # (default: just written, unsettled)
    assert folders(index)[str(corpus)].ctime_ns == -1
    with open(corpus / "a.txt", "a", encoding="utf-8") as f:
        f.write("Hegseth joined them.\n")
    assert counts(sync(None, str(index), SyncOptions(workers=1))) == (0, 1, 0, 0)


def test_the_json_table_of_earlier_versions_is_read_once_and_replaced(built):
    _corpus, index = built
    version = Path(store.current_version(str(index)))
    table = filetable.read(str(version))
    from searcher.index.plan import known_of

    known = known_of(table, {})
    legacy = {
        "generation": table.header.generation,
        "files": rows_to_disk(known.files),
        "docs": known.docs,
    }
    (version / filetable.LEGACY).write_text(json.dumps(legacy))
    (version / store.FILES).unlink()
    report = sync(None, str(index), SETTLED)
    assert counts(report) == (0, 0, 0, 4) and not report.rebuilt  # nothing read again
    assert not (version / filetable.LEGACY).exists() and (version / store.FILES).exists()
    assert counts(sync(None, str(index), SETTLED)) == (0, 0, 0, 4)


def test_a_table_from_another_commit_or_damaged_is_rebuilt_from_the_index(built):
    corpus, index = built
    path = Path(store.current_version(str(index)), store.FILES)
    path.write_bytes(path.read_bytes()[:40])  # cut short
    report = sync(None, str(index), SETTLED)
    assert counts(report) == (0, 0, 0, 4) and not report.rebuilt
    write(corpus / "a.new", "changed")
    os.replace(corpus / "a.new", corpus / "a.txt")  # (saved by rename: its folder changes)
    assert counts(sync(None, str(index), SETTLED)) == (0, 1, 0, 3)
