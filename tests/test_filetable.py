"""The file table kept folder by folder (files.bin version 3): an unchanged folder's files are
carried to the next table as the bytes they were read as, only the folders that changed are
decoded, and a table in version 2's form (every file in one object) is still read and synced
without a rebuild. Real files, a real index."""

from __future__ import annotations

import json
import marshal
import struct
from pathlib import Path

import pytest

from searcher.index import SyncOptions, filetable, store, sync
from searcher.index.plan import known_of
from searcher.search.handle import Index
from searcher.search.results import SearchOptions
from tests.test_sync_scale import SETTLED, counts, write  # (the same corpus helpers)


def ids(index: Path, query: str = "Vietnam") -> set[str]:
    with Index(str(index)) as ix:
        return {h.id for h in ix.search(SearchOptions(query=query, limit=0)).hits}


def table_of(index: Path) -> filetable.Table:
    table = filetable.read(str(store.current_version(str(index))))
    assert table is not None
    return table


@pytest.fixture
def built(tmp_path: Path) -> tuple[Path, Path]:
    corpus = tmp_path / "c"
    for rel in ("a.txt", "x/b.txt", "x/b2.txt", "x/y/c.txt", "z/d.txt", "w/e.txt"):
        write(corpus / rel, rel.replace("/", " ").replace(".txt", ""))
    index = tmp_path / "ix"
    sync([str(corpus)], str(index), SETTLED)
    return corpus, index


def write_version_2(version: str, table: filetable.Table) -> None:
    """``table`` in the form files.bin had before version 3: the documents in aligned lists,
    every file in one object, grouped by folder."""
    ids, syncs, hashes, groups = [], [], [], []
    for folder, encoded in table.files.items():
        f = filetable.decode(encoded)
        for i, h, n in zip(f.ids, f.hashes, f.syncs, strict=True):
            for x, hx, nx in [(i, h, n)] if isinstance(i, str) else zip(i, h, n, strict=True):
                ids.append(x)
                hashes.append(hx)
                syncs.append(nx)
        groups.append((folder, f.names, f.sizes, f.mtimes, f.ids, f.outlets))
    h = table.header
    header = {"format": filetable.FORMAT, "version": 2, "generation": h.generation,
              "settings": h.settings, "found": h.found, "warnings": list(h.warnings)}  # fmt: skip
    objects = [header, {k: tuple(v) for k, v in table.folders.items()}, (ids, syncs), hashes,
               groups]  # fmt: skip
    with open(filetable.path_of(version), "wb") as out:
        for obj in objects:
            blob = marshal.dumps(obj)
            out.write(struct.pack("<Q", len(blob)) + blob)


def test_unchanged_folders_are_carried_as_the_bytes_they_were(built):
    corpus, index = built
    before = table_of(index)
    assert before.header.plain and before.header.documents == 6
    write(corpus / "x" / "new.txt", "Hegseth visit")
    assert counts(sync(None, str(index), SETTLED)) == (1, 0, 0, 6)
    after = table_of(index)
    for folder in (corpus, corpus / "x" / "y", corpus / "z", corpus / "w"):
        assert after.files[str(folder)] is not None
        assert after.files[str(folder)] == before.files[str(folder)]  # byte for byte
    assert after.files[str(corpus / "x")] != before.files[str(corpus / "x")]
    assert filetable.decode(after.files[str(corpus / "x")]).names == ["b.txt", "b2.txt", "new.txt"]
    assert after.header.documents == 7 and "x/new.txt" in ids(index, "Hegseth")


def test_edits_deletes_and_a_removed_folder_in_a_folder_by_folder_table(built):
    corpus, index = built
    write(corpus / "x" / "b.txt", "edited Hegseth")
    (corpus / "x" / "y" / "c.txt").unlink()
    (corpus / "x" / "y").rmdir()
    (corpus / "z" / "d.txt").unlink()
    (corpus / "z").rmdir()
    report = sync(None, str(index), SETTLED)
    assert counts(report) == (0, 1, 2, 3)
    assert ids(index) == {"a.txt", "x/b.txt", "x/b2.txt", "w/e.txt"}
    assert ids(index, "Hegseth") == {"x/b.txt"}
    table = table_of(index)
    assert set(table.files) == {str(corpus), str(corpus / "x"), str(corpus / "w")}
    assert table.header.documents == 4
    marks = dict(zip(*filetable.read_syncs(str(store.current_version(str(index)))), strict=True))
    assert marks["x/b.txt"] == report.sync and marks["a.txt"] < report.sync
    assert counts(sync(None, str(index), SETTLED)) == (0, 0, 0, 4)


def test_a_version_2_table_is_read_and_synced_without_a_rebuild(built):
    corpus, index = built
    version = str(store.current_version(str(index)))
    table = table_of(index)
    marks = dict(zip(*filetable.read_syncs(version), strict=True))
    write_version_2(version, table)
    old = filetable.read(version)  # (read in version 3's form)
    assert old is not None and old.header.documents == 6 and old.header.plain
    assert known_of(old, {}).files == known_of(table, {}).files
    assert dict(zip(*filetable.read_syncs(version), strict=True)) == marks
    write(corpus / "x" / "b.txt", "edited Hegseth")
    write(corpus / "z" / "new.txt", "Hegseth new")
    (corpus / "w" / "e.txt").unlink()
    report = sync(None, str(index), SETTLED)
    assert counts(report) == (1, 1, 1, 4) and not report.rebuilt
    assert ids(index, "Hegseth") == {"x/b.txt", "z/new.txt"}
    assert "w/e.txt" not in ids(index)
    raw = Path(filetable.path_of(version)).read_bytes()
    (size,) = struct.unpack("<Q", raw[:8])
    assert marshal.loads(raw[8 : 8 + size])["version"] == filetable.VERSION  # written anew
    now = dict(zip(*filetable.read_syncs(version), strict=True))
    assert now["a.txt"] == marks["a.txt"] and now["z/new.txt"] == report.sync
    assert counts(sync(None, str(index), SETTLED)) == (0, 0, 0, 6)


def test_a_record_id_held_by_an_unchanged_folder_is_a_duplicate(built):
    corpus, index = built
    feed = corpus / "feeds" / "f.jsonl"
    feed.parent.mkdir()
    records = [{"id": "z/d.txt", "text": "Vietnam and Cuba duplicate"},
               {"id": "r1", "text": "Vietnam and Cuba record"}]  # fmt: skip
    feed.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    report = sync(None, str(index), SETTLED)
    assert counts(report) == (1, 0, 0, 6)
    assert [s.rel for s in report.skipped] == ["z/d.txt"]
    assert not table_of(index).header.plain  # (records name themselves: looked up everywhere)
    feed.write_text(json.dumps({"id": "r2", "text": "Vietnam moved"}) + "\n", encoding="utf-8")
    write(corpus / "w" / "e2.txt", "another")
    report = sync(None, str(index), SETTLED)
    assert counts(report) == (2, 0, 1, 6)
    assert ids(index) == {"a.txt", "x/b.txt", "x/b2.txt", "x/y/c.txt", "z/d.txt", "w/e.txt",
                          "w/e2.txt", "r2"}  # fmt: skip


def hits(index: Path, query: str) -> list[str]:
    """Every hit's id, duplicates kept."""
    with Index(str(index)) as ix:
        return [h.id for h in ix.search(SearchOptions(query=query, limit=0)).hits]


@pytest.mark.parametrize("damage", ["cut short", "a byte changed"])
def test_a_damaged_table_is_rebuilt_from_the_index_and_nothing_is_lost(built, damage):
    corpus, index = built
    path = Path(filetable.path_of(str(store.current_version(str(index)))))
    raw = path.read_bytes()
    # (inside a folder's blob, the last object: neither cut nor change is at a length field)
    path.write_bytes(raw[: len(raw) - 40] if damage == "cut short" else
                     raw[: len(raw) - 40] + bytes([raw[-40] ^ 0x01]) + raw[len(raw) - 39 :])  # fmt: skip
    assert filetable.read(str(path.parent)) is None  # (treated as missing)
    assert filetable.read_syncs(str(path.parent)) is None
    report = sync(None, str(index), SETTLED)  # (the nothing-changed check reads it too)
    assert counts(report) == (0, 0, 0, 6) and not report.rebuilt
    assert ids(index) == {"a.txt", "x/b.txt", "x/b2.txt", "x/y/c.txt", "z/d.txt", "w/e.txt"}
    assert table_of(index).header.documents == 6  # (written anew, whole)
    write(corpus / "x" / "b.txt", "edited Hegseth")
    assert counts(sync(None, str(index), SETTLED)) == (0, 1, 0, 5)
    assert ids(index, "Hegseth") == {"x/b.txt"}


def test_a_failed_write_leaves_no_temporary_file(tmp_path):
    target = tmp_path / "files.bin"
    target.write_bytes(b"before")
    target.chmod(0o444)
    (tmp_path / "sub").mkdir()
    # a temporary file that cannot be renamed over a folder: the rename fails, after the write
    with pytest.raises(OSError):
        store.write_bytes(str(tmp_path / "sub"), b"after")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["files.bin", "sub"]
    store.write_bytes(str(target), b"after")  # (a rename replaces a read-only file's entry)
    assert target.read_bytes() == b"after"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["files.bin", "sub"]


def test_a_changed_record_that_fails_keeps_its_old_version_once(tmp_path):
    """A changed document the pipeline cannot process keeps the version the index had (counted
    as kept), and a later sync that reads it updates that one: never a second copy."""
    corpus, index = tmp_path / "c", tmp_path / "ix"
    feed = corpus / "f.jsonl"
    feed.parent.mkdir()

    def lines(word: str) -> str:  # (r1 long: r2's line is past what a read buffers of r1's)
        pad = " talks" * 40_000
        return "".join(json.dumps({"id": f"r{n}", "text": f"Vietnam and Cuba {word} {n}{pad}"})
                       + "\n" for n in (1, 2))  # fmt: skip

    feed.write_text(lines("first"), encoding="utf-8")
    assert counts(sync([str(corpus)], str(index), SETTLED)) == (2, 0, 0, 0)
    feed.write_text(lines("second"), encoding="utf-8")

    def cut(done: int, _total: int) -> None:  # (after r1: r2's line is no longer there)
        if done == 1:
            feed.write_text(lines("second").splitlines(keepends=True)[0], encoding="utf-8")

    report = sync(None, str(index), SyncOptions(workers=1, settle_ns=0, progress=cut))
    assert [s.rel for s in report.skipped] == ["r2"] and report.kept == 1
    assert sorted(hits(index, "Vietnam")) == ["r1", "r2"]
    feed.write_text(lines("third"), encoding="utf-8")
    assert counts(sync(None, str(index), SETTLED)) == (0, 2, 0, 0)
    assert sorted(hits(index, "Vietnam")) == ["r1", "r2"]
    assert sorted(hits(index, "third")) == ["r1", "r2"]
    feed.unlink()
    report = sync(None, str(index), SyncOptions(workers=1, settle_ns=0, allow_mass_delete=True))
    assert report.removed == 2 and hits(index, "Vietnam") == []


# --- deltas: a sync appends what changed -------------------------------------------------------


def _tables_written(monkeypatch) -> list[filetable.Table]:
    """Every table a sync gives ``filetable.write`` from now on."""
    written: list[filetable.Table] = []
    write_table = filetable.write

    def kept(version: str, table: filetable.Table, previous=None) -> None:
        written.append(table)
        write_table(version, table, previous)

    monkeypatch.setattr(filetable, "write", kept)
    return written


def _same(read: filetable.Table, written: filetable.Table) -> bool:
    return read[:3] == written[:3]  # (header, folders, files; not where the bytes are)


def test_a_sync_appends_a_delta_that_reads_as_the_table_it_wrote(built, monkeypatch):
    corpus, index = built
    path = Path(filetable.path_of(str(store.current_version(str(index)))))
    base = path.read_bytes()
    written = _tables_written(monkeypatch)
    monkeypatch.setattr(filetable, "COMPACT_SHARE", 0.99)  # (six files: a delta is a big share)
    changes = [
        lambda: write(corpus / "x" / "new.txt", "Hegseth visit"),  # a file added
        lambda: write(corpus / "x" / "b.txt", "edited Shoigu"),  # edited
        lambda: (corpus / "z" / "d.txt").unlink() or (corpus / "z").rmdir(),  # a folder gone
        lambda: write(corpus / "v" / "f.txt", "new folder Giang"),  # a folder added
        lambda: (corpus / "x" / "y" / "c.txt").unlink(),  # a file removed, its folder stays
    ]
    for n, change in enumerate(changes, start=1):
        change()
        sync(None, str(index), SETTLED)
        table = table_of(index)
        assert len(written) == n and _same(table, written[-1])
        assert table.deltas > 0 and path.read_bytes()[: len(base)] == base  # (appended)
    assert table.header.documents == 6
    assert ids(index) == {"a.txt", "x/b.txt", "x/b2.txt", "x/new.txt", "w/e.txt", "v/f.txt"}
    marks = dict(zip(*filetable.read_syncs(str(path.parent)), strict=True))
    assert set(marks) == {"a.txt", "x/b.txt", "x/b2.txt", "x/new.txt", "w/e.txt", "v/f.txt"}
    assert marks["v/f.txt"] > marks["x/b.txt"] > marks["a.txt"]
    assert counts(sync(None, str(index), SETTLED)) == (0, 0, 0, 6)


def test_deltas_past_their_share_write_the_table_whole_again(built, monkeypatch):
    corpus, index = built
    monkeypatch.setattr(filetable, "COMPACT_SHARE", 0.0)
    write(corpus / "x" / "new.txt", "Hegseth visit")
    sync(None, str(index), SETTLED)
    table = table_of(index)
    assert table.deltas == 0 and table.header.documents == 7
    path = Path(filetable.path_of(str(store.current_version(str(index)))))
    assert table.end == path.stat().st_size


@pytest.mark.parametrize("damage", ["cut short", "a byte changed"])
def test_a_damaged_delta_ends_the_table_and_is_written_over(built, damage, monkeypatch):
    """A delta a killed run left cut short (or a byte of it changed) is not read: the table is
    then the previous commit's, which a sync does not trust (it rebuilds the table from the
    index, and nothing is lost), and writes whole again."""
    corpus, index = built
    path, before, raw = _appended(built, monkeypatch)
    path.write_bytes(raw[:-10] if damage == "cut short" else
                     raw[:-20] + bytes([raw[-20] ^ 0x01]) + raw[-19:])  # fmt: skip
    table = table_of(index)
    assert _same(table, before) and table.end == before.end  # (the commit before)
    write(corpus / "w" / "e2.txt", "Giang visit")
    assert counts(sync(None, str(index), SETTLED)) == (1, 0, 0, 7)
    table = table_of(index)
    assert table.header.documents == 8 and table.end == path.stat().st_size
    assert ids(index, "Giang") == {"w/e2.txt"} and "x/new.txt" in ids(index, "Hegseth")
    assert counts(sync(None, str(index), SETTLED)) == (0, 0, 0, 8)


# --- an append interrupted, a reader from before deltas, a hard link ---------------------------


def _appended(built, monkeypatch) -> tuple[Path, filetable.Table, bytes]:
    """(files.bin, the table before, the file's bytes after) a sync that appended a delta."""
    corpus, index = built
    monkeypatch.setattr(filetable, "COMPACT_SHARE", 0.99)
    path = Path(filetable.path_of(str(store.current_version(str(index)))))
    before = table_of(index)
    write(corpus / "x" / "new.txt", "Hegseth visit")
    assert counts(sync(None, str(index), SETTLED)) == (1, 0, 0, 6)
    raw = path.read_bytes()
    assert table_of(index).deltas == len(raw) - before.end > 0
    return path, before, raw


def test_an_append_cut_at_any_byte_reads_as_the_table_before(built, monkeypatch):
    """A process killed at any point of an append (its length, object or CRC-32 torn), or a
    disk that grew the file but never wrote the bytes (zeros), leaves the table of the commit
    before, whole: never a mix."""
    path, before, raw = _appended(built, monkeypatch)
    for cut in range(before.end, len(raw)):
        path.write_bytes(raw[:cut])
        table = filetable.read(str(path.parent))
        assert table is not None and _same(table, before) and table.end == before.end, cut
    path.write_bytes(raw[: before.end] + bytes(len(raw) - before.end))
    assert _same(table_of(built[1]), before)
    path.write_bytes(raw)
    assert not _same(table_of(built[1]), before)


def test_a_sync_killed_after_its_append_loses_nothing(built, monkeypatch):
    """Killed after the delta was written and before the manifest: the table then describes a
    commit the manifest does not name; the next sync trusts neither and loses nothing."""
    from searcher.index import write as write_module

    corpus, index = built
    monkeypatch.setattr(filetable, "COMPACT_SHARE", 0.99)
    manifest = Path(store.current_version(str(index))) / store.MANIFEST
    generation = json.loads(manifest.read_text(encoding="utf-8"))["generation"]

    def killed(*_args, **_kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr(write_module, "log_sync", killed)
    write(corpus / "x" / "new.txt", "Hegseth visit")
    with pytest.raises(KeyboardInterrupt):
        sync(None, str(index), SETTLED)
    monkeypatch.undo()
    assert table_of(index).header.generation != generation  # (the delta is there)
    assert json.loads(manifest.read_text(encoding="utf-8"))["generation"] == generation
    write(corpus / "w" / "e2.txt", "Giang visit")
    report = sync(None, str(index), SETTLED)
    assert report.removed == 0 and report.added + report.updated + report.unchanged == 8
    assert ids(index, "Giang") == {"w/e2.txt"} and ids(index, "Hegseth") == {"x/new.txt"}
    assert counts(sync(None, str(index), SETTLED)) == (0, 0, 0, 8)


def test_an_append_that_fails_leaves_the_table_as_it_was_read(built, monkeypatch):
    """A full disk halfway through the delta: the file is cut back to the table read, the sync
    fails in one error, and the next one loses nothing."""
    corpus, index = built
    monkeypatch.setattr(filetable, "COMPACT_SHARE", 0.99)
    path = Path(filetable.path_of(str(store.current_version(str(index)))))
    base = path.read_bytes()

    class Full:
        def __init__(self, f):
            self.f = f

        def __enter__(self):
            return self

        def __exit__(self, *exc):
            self.f.close()

        def write(self, data: bytes) -> int:
            self.f.write(data[: len(data) // 2])
            self.f.flush()
            raise OSError(28, "No space left on device")

        def __getattr__(self, name):
            return getattr(self.f, name)

    opened = lambda p, mode: Full(open(p, mode))  # noqa: E731, SIM115 (closed by Full)
    monkeypatch.setattr(filetable, "open", opened, raising=False)
    write(corpus / "x" / "new.txt", "Hegseth visit")
    with pytest.raises(Exception, match="No space left"):
        sync(None, str(index), SETTLED)
    monkeypatch.undo()
    assert path.read_bytes() == base
    write(corpus / "w" / "e2.txt", "Giang visit")
    report = sync(None, str(index), SETTLED)
    assert report.added + report.updated + report.unchanged == 8 and report.removed == 0
    assert ids(index, "Giang") == {"w/e2.txt"} and ids(index, "Hegseth") == {"x/new.txt"}


def _old_reader(path: Path) -> int:
    """The generation a reader from before deltas takes the table for: it reads the header,
    the folders and the files, and stops."""
    with open(path, "rb") as f:
        header = marshal.loads(filetable._blob(f))
        f.read(4)
        for _ in range(2):
            marshal.loads(filetable._blob(f))
            f.read(4)
    return header["generation"]


def test_a_reader_from_before_deltas_sees_the_commit_before(built, monkeypatch):
    """An older defsearch reads the base table: it is of an earlier commit than the manifest
    names, so that reader does not trust it (it rebuilds it from the index)."""
    path, before, _raw = _appended(built, monkeypatch)
    manifest = json.loads((path.parent / store.MANIFEST).read_text(encoding="utf-8"))
    assert _old_reader(path) == before.header.generation != manifest["generation"]
    assert table_of(built[1]).header.generation == manifest["generation"]


def test_a_table_with_another_name_is_written_whole(built, monkeypatch):
    """A hard link to files.bin (a backup made with ``cp -al``) is not changed by the next
    sync: the table is written whole, under a new inode."""
    corpus, index = built
    monkeypatch.setattr(filetable, "COMPACT_SHARE", 0.99)
    path = Path(filetable.path_of(str(store.current_version(str(index)))))
    backup = path.parent.parent / "files.bin.backup"
    backup.hardlink_to(path)
    kept = backup.read_bytes()
    write(corpus / "x" / "new.txt", "Hegseth visit")
    assert counts(sync(None, str(index), SETTLED)) == (1, 0, 0, 6)
    assert backup.read_bytes() == kept and table_of(index).deltas == 0
    assert path.stat().st_ino != backup.stat().st_ino
    write(corpus / "w" / "e2.txt", "Giang visit")
    assert counts(sync(None, str(index), SETTLED)) == (1, 0, 0, 7)
    assert table_of(index).deltas > 0  # (one name again: appended)
