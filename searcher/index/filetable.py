"""The file table on disk: what `defsearch index` remembers of the corpus between syncs, in a
form that loads fast (``files.bin`` in the version folder).

It is a sequence of ``marshal`` objects, each after its length (8 bytes, little-endian: read
whole, as ``marshal.load`` on a file reads each string separately) and before its CRC-32 (4
bytes, little-endian: a table cut short or with a byte changed is found before any of it is
used), in order and only as far as needed:

1. the header: format, the commit generation it describes, the settings the listing was made
   with (corpus roots, each root's config, ``follow_links``), the counts and warnings a sync
   that finds nothing changed reports again, the number of documents, and whether every file
   holds one document named by its path (``plain``: no JSON Lines file);
2. the folders: each folder walked, with its ctime (-1: list it again next time), the names of
   its subfolders and what its listing skipped or ignored (``folders_unchanged``: none has
   changed);
3. the files, by folder: for each folder that holds files, two ``marshal`` strings of its own
   (``FolderFiles``), its files' names, sizes and mtimes, and their documents' ids, folder
   outlets, content hashes and the number of the sync that added or last changed each (read by
   ``search --new``/``--changed-since``), with the count of those documents;
4. after those three, any number of deltas: a sync that changed a few folders of a table it read
   appends one object (``write`` with ``previous``: the new header, the folder records and
   folders' files that differ, those that went) instead of writing the whole table again (21 MB
   at 220,000 files), then fsyncs. The reader applies them in order. A delta cut short or
   damaged (a process killed while appending) ends the table there: the table is then the
   state of an earlier commit than the manifest's, which a sync never trusts (it rebuilds the
   table from the index, as for any table of another commit, and writes it whole). Once the
   deltas would pass ``COMPACT_SHARE`` of the file, the table is written whole again,
   atomically, and so is a file with another name (a hard link: a backup made with ``cp -al``
   would be changed too). (A reader written before deltas reads the first three objects: a
   table of an earlier commit, not trusted either; or, when every delta since was a sync that
   committed nothing, the same commit's with older stats, which costs it reads, not files.)

A folder's files are bytes within bytes so that a sync carries an unchanged folder's to the next
table as they are, whole, and decodes only the folders that changed: its cost in Python objects
follows the changes, not the corpus; with deltas, so do its bytes written. Version 2 (one object
for every file, the documents in lists of their own) is still read, and written anew as version
3 by the next sync that saves.

``marshal`` (rather than JSON, pickle or SQLite) because it is the fastest reader of plain lists
and dicts in the standard library and runs no code from the file. A table that cannot be read
(damaged, or written by a Python whose marshal format differs) is treated as missing: the sync
rebuilds it from the index, hashing every file once.

This module reads and writes values only; ``plan`` turns them into a plan's rows.
"""

from __future__ import annotations

import contextlib
import marshal
import os
import struct
import zlib
from collections.abc import Iterable, Iterator
from typing import IO, Any, NamedTuple

from searcher.index import store

FORMAT = "defsearch-filetable"
VERSION = 3  # 3: each folder's files as bytes of their own; 2: all files in one object
_READABLE = (2, VERSION)
NAME = "files.bin"
LEGACY = "files.json"  # the JSON table of manifest versions 1-3: read once, then replaced
_JSONL = (".jsonl", ".ndjson", ".jsonl.gz", ".ndjson.gz")  # (corpus.JSONL_SUFFIXES, gzipped)
# the table is written whole again once its deltas would pass this share of its size
COMPACT_SHARE = 0.5
_DELTA = "defsearch-filetable-delta"


class FolderRecord(NamedTuple):
    """One folder as the last listing saw it."""

    ctime_ns: int  # -1: list it again next time (it was changing, or could not be read)
    subfolders: tuple[str, ...] = ()  # names of the folders below it that were walked
    skipped: tuple[tuple[str, str], ...] = ()  # (rel, reason) of entries its listing skipped
    ignored: tuple[str, ...] = ()  # rels of its hidden entries


class FolderFiles(NamedTuple):
    """One folder's files, encoded (see ``encode``): what an unchanged folder carries to the
    next table without being decoded."""

    stats: bytes  # marshal of (names, sizes, mtimes)
    docs: bytes  # marshal of (ids, outlets or None, hashes, syncs), aligned with the names
    files: int  # how many files
    documents: int  # how many documents they hold (ids with a content hash)


class Header(NamedTuple):
    """What the table was made from and what a nothing-changed sync reports again."""

    generation: int | None
    settings: str  # roots, configs and follow_links, as one comparable string
    found: int  # entries found by the listing (files, skipped, ignored)
    warnings: tuple[str, ...]
    documents: int = 0  # documents its files hold
    plain: bool = False  # every file holds one document whose id is its path below its root


class Table(NamedTuple):
    """Everything the table holds: the header, the folder records and each folder's files;
    as read from disk, where its last valid byte ends and how many of its bytes are deltas
    (``end`` 0: not one a delta can be appended to)."""

    header: Header
    folders: dict[str, FolderRecord]  # absolute folder path -> record
    files: dict[str, FolderFiles]  # absolute folder path -> its files (folders with files)
    end: int = 0
    deltas: int = 0


class Files(NamedTuple):
    """One folder's files, decoded: per file its name, size, mtime, ids (one id as a string,
    more as a list), outlet (``outlets`` None: none has one), and per id its content hash and
    sync number (a string and an int for a one-id file, else lists; a hash None: the id's
    document was not indexed, and is read again next time)."""

    names: list[str]
    sizes: list[int]
    mtimes: list[int]
    ids: list[Any]
    outlets: list[Any] | None
    hashes: list[Any]
    syncs: list[Any]


def encode(files: Files) -> FolderFiles:
    """A folder's files as the table stores them."""
    count = 0
    for h in files.hashes:
        if isinstance(h, str):
            count += 1
        elif h is not None:
            count += sum(1 for x in h if x is not None)
    return FolderFiles(
        marshal.dumps((files.names, files.sizes, files.mtimes)),
        marshal.dumps((files.ids, files.outlets, files.hashes, files.syncs)),
        len(files.names),
        count,
    )


def stats_of(files: FolderFiles) -> tuple[list[str], list[int], list[int]]:
    """A folder's files' names, sizes and mtimes (only these decoded)."""
    names, sizes, mtimes = marshal.loads(files.stats)
    return names, sizes, mtimes


def decode(files: FolderFiles) -> Files:
    """A folder's files, every value."""
    names, sizes, mtimes = marshal.loads(files.stats)
    ids, outlets, hashes, syncs = marshal.loads(files.docs)
    if not (len(names) == len(sizes) == len(mtimes) == len(ids) == len(hashes) == len(syncs)):
        raise ValueError("file table: a folder's lists differ in length")
    return Files(names, sizes, mtimes, ids, outlets, hashes, syncs)


def is_plain(names: Iterable[str]) -> bool:
    """Whether none of these file names is a JSON Lines file's (whose records' ids are their
    own, not the file's path)."""
    return not any(n.lower().endswith(_JSONL) for n in names)


def path_of(version: str) -> str:
    """Where a version folder's file table is."""
    return os.path.join(version, NAME)


def _open(version: str) -> IO[bytes] | None:
    try:
        return open(path_of(version), "rb")
    except OSError:
        return None


def _blob(f: IO[bytes]) -> bytes:
    """The next object's bytes."""
    head = f.read(8)
    if len(head) < 8:
        raise EOFError("file table cut short")
    (size,) = struct.unpack("<Q", head)
    blob = f.read(size)
    if len(blob) < size:
        raise EOFError("file table cut short")
    return blob


def _check(f: IO[bytes], blob: bytes) -> None:
    """The CRC-32 after an object (version 3), compared with its bytes."""
    crc = f.read(4)
    if len(crc) < 4:
        raise EOFError("file table cut short")
    if struct.unpack("<I", crc)[0] != zlib.crc32(blob):
        raise ValueError("file table damaged (checksum)")


def _load(f: IO[bytes], version: int = VERSION) -> Any:
    """The next object of the table (``version`` 2: without a checksum)."""
    blob = _blob(f)
    if version != 2:
        _check(f, blob)
    return marshal.loads(blob)


def _header(f: IO[bytes]) -> tuple[Header, int] | None:
    blob = _blob(f)
    raw = marshal.loads(blob)
    if not isinstance(raw, dict) or raw.get("format") != FORMAT:
        return None
    version = raw.get("version")
    if version not in _READABLE:
        return None
    if version != 2:
        _check(f, blob)
    return _header_of(raw), version


def _header_of(raw: dict) -> Header:
    return Header(
        raw["generation"],
        raw["settings"],
        raw["found"],
        tuple(raw["warnings"]),
        raw.get("documents", 0),
        bool(raw.get("plain", False)),
    )


def read_syncs(version: str) -> tuple[list[str], list[int]] | None:
    """Each document's id and the number of the sync that added or last changed it."""
    table = read(version)
    if table is None:
        return None
    ids: list[str] = []
    syncs: list[int] = []
    try:
        for files in table.files.values():
            folder_ids, folder_syncs = _marks(files, table.header.plain)
            ids.extend(folder_ids)
            syncs.extend(folder_syncs)
    except (EOFError, ValueError, TypeError, KeyError):
        return None
    return ids, syncs


def _marks(files: FolderFiles, plain: bool) -> tuple[list[str], list[int]]:
    """A folder's documents' ids and sync numbers, flat (``plain``: of a plain table)."""
    ids, _outlets, hashes, syncs = marshal.loads(files.docs)
    if plain and None not in hashes and [] not in ids:
        return ids, syncs  # (one id a file, every one indexed: the lists as they are)
    flat_ids: list[str] = []
    flat_syncs: list[int] = []
    for i, h, n in zip(ids, hashes, syncs, strict=True):
        if isinstance(i, str):
            if h is not None:
                flat_ids.append(i)
                flat_syncs.append(n)
        else:
            for x, hx, nx in zip(i, h, n, strict=True):
                if hx is not None:
                    flat_ids.append(x)
                    flat_syncs.append(nx)
    return flat_ids, flat_syncs


def read(version: str) -> Table | None:
    """The whole table (each folder's files left encoded), or None when there is none or it
    cannot be read."""
    f = _open(version)
    if f is None:
        return None
    with f:
        try:
            head = _header(f)
            if head is None:
                return None
            header, format_version = head
            folders = {k: FolderRecord(*v) for k, v in _load(f, format_version).items()}
            if format_version == 2:
                return _from_version_2(header, folders, f)
            files = {k: FolderFiles(*v) for k, v in _load(f).items()}
        except (EOFError, ValueError, TypeError, KeyError):
            return None
        base = end = f.tell()
        while True:  # (the deltas, up to the first that is cut short or damaged)
            try:
                delta = _load(f)
                if not isinstance(delta, dict) or delta.get("format") != _DELTA:
                    break
                header = _header_of(delta["header"])
                new_folders = {k: FolderRecord(*v) for k, v in delta["folders"].items()}
                new_files = {k: FolderFiles(*v) for k, v in delta["files"].items()}
                gone, dropped = list(delta["gone"]), list(delta["dropped"])
            except (EOFError, ValueError, TypeError, KeyError):
                break
            for k in gone:
                folders.pop(k, None)
            for k in dropped:
                files.pop(k, None)
            folders.update(new_folders)
            files.update(new_files)
            end = f.tell()
        return Table(header, folders, files, end, end - base)


def _from_version_2(header: Header, folders: dict[str, FolderRecord], f: IO[bytes]) -> Table | None:
    """A version-2 table (the documents in aligned lists, the files in groups by folder) in
    version 3's form."""
    ids, syncs = _load(f, 2)
    hashes = _load(f, 2)
    groups = _load(f, 2)
    if not (len(ids) == len(syncs) == len(hashes)):
        return None
    hash_of = dict(zip(ids, hashes, strict=True))
    sync_of = dict(zip(ids, syncs, strict=True))
    files: dict[str, FolderFiles] = {}
    plain = True
    for folder, names, sizes, mtimes, file_ids, outlets in groups:
        plain = plain and is_plain(names)
        h = [hash_of.get(i) if isinstance(i, str) else [hash_of.get(x) for x in i]
             for i in file_ids]  # fmt: skip
        s = [sync_of.get(i, 0) if isinstance(i, str) else [sync_of.get(x, 0) for x in i]
             for i in file_ids]  # fmt: skip
        files[folder] = encode(Files(names, sizes, mtimes, file_ids, outlets, h, s))
    return Table(header._replace(documents=len(ids), plain=plain), folders, files)


def write(version: str, table: Table, previous: Table | None = None) -> None:
    """Write the table: as a delta appended to ``previous`` (the table as read from this
    version's file, which nothing has written to since) while the deltas stay under
    ``COMPACT_SHARE`` of the file, else whole and atomically (``store.write_bytes``)."""
    if previous is not None and previous.end and _append(version, table, previous):
        return
    parts: list[bytes] = []
    for obj in _objects(table, table.header):
        parts += _framed(marshal.dumps(obj))
    store.write_bytes(path_of(version), b"".join(parts))


def _framed(blob: bytes) -> tuple[bytes, bytes, bytes]:
    return struct.pack("<Q", len(blob)), blob, struct.pack("<I", zlib.crc32(blob))


def _append(version: str, table: Table, previous: Table) -> bool:
    """Append ``table`` as a delta from ``previous``; False (nothing written) when the file is
    not as ``previous`` was read or the deltas would pass ``COMPACT_SHARE`` of it."""
    folders, files = table.folders, table.files
    old_folders, old_files = previous.folders, previous.files
    delta = {
        "format": _DELTA,
        "header": _header_dict(table.header),
        "folders": {k: tuple(v) for k, v in folders.items() if old_folders.get(k) != v},
        "gone": [k for k in old_folders if k not in folders],
        # (a folder carried is the very object read: compared by identity first)
        "files": {k: tuple(v) for k, v in files.items() if old_files.get(k) != v},
        "dropped": [k for k in old_files if k not in files],
    }
    blob = marshal.dumps(delta)
    size = len(blob) + 12
    if previous.deltas + size > COMPACT_SHARE * (previous.end + size):
        return False
    path = path_of(version)
    with open(path, "r+b") as f:
        if f.seek(0, os.SEEK_END) < previous.end:
            return False
        if os.fstat(f.fileno()).st_nlink != 1:
            return False  # (a hard link's other name, a backup's: written whole, it keeps its own)
        f.seek(previous.end)
        try:
            f.write(b"".join(_framed(blob)))
            f.truncate()  # (a delta cut short by a killed run, after the last one read)
            f.flush()
            os.fsync(f.fileno())
        except BaseException:
            with contextlib.suppress(OSError):  # (a full disk: the table as it was read)
                f.truncate(previous.end)
            raise
    return True


def _header_dict(h: Header) -> dict[str, Any]:
    return {
        "format": FORMAT,
        "version": VERSION,
        "generation": h.generation,
        "settings": h.settings,
        "found": h.found,
        "warnings": list(h.warnings),
        "documents": h.documents,
        "plain": h.plain,
    }


def _objects(table: Table, h: Header) -> Iterator[Any]:
    yield _header_dict(h)
    yield {k: tuple(v) for k, v in table.folders.items()}
    yield {k: tuple(v) for k, v in table.files.items()}


def file_rows(
    table: Table,
) -> Iterator[tuple[str, str, int, int, tuple[str, ...], str | None]]:
    """(folder, path, size, mtime, ids, outlet) of every file in the table."""
    for folder, encoded in table.files.items():
        files = decode(encoded)
        prefix = folder + "/"
        for k, name in enumerate(files.names):
            i = files.ids[k]
            yield (
                folder,
                prefix + name,
                files.sizes[k],
                files.mtimes[k],
                (i,) if isinstance(i, str) else tuple(i),
                files.outlets[k] if files.outlets else None,
            )


def folders_unchanged(folders: dict[str, FolderRecord]) -> bool:
    """Whether every folder recorded still has the ctime recorded (none was marked to list
    again): no file was added, removed or renamed in any of them. A folder's ctime changes
    whenever its entries do, and unlike its mtime it cannot be set back (``rsync -a``,
    ``touch -d``)."""
    stat = os.stat
    try:
        for folder, record in folders.items():
            if record.ctime_ns < 0 or stat(folder).st_ctime_ns != record.ctime_ns:
                return False
    except OSError:
        return False
    return bool(folders)


def files_intact(folder: str, files: FolderFiles) -> bool:
    """Whether every file of a folder still has the size and mtime recorded. A file rewritten
    in place changes neither its folder's ctime nor its entries, only its own stats: a folder's
    record says that no file came or went, this says that none changed."""
    stat = os.stat
    names, sizes, mtimes = stats_of(files)
    prefix = folder + "/"
    try:
        for k, name in enumerate(names):
            st = stat(prefix + name)
            if st.st_size != sizes[k] or st.st_mtime_ns != mtimes[k]:
                return False
    except OSError:
        return False
    return True


def files_unchanged(table: Table) -> bool:
    """Whether every file in the table still has the size and mtime recorded (``files_intact``
    for every folder)."""
    return all(files_intact(folder, files) for folder, files in table.files.items())
