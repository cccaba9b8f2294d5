"""The file table on disk: what `defsearch index` remembers of the corpus between syncs, in a
form that loads fast (``files.bin`` in the version folder).

It is a sequence of ``marshal`` objects, each after its length (8 bytes, little-endian: read
whole, as ``marshal.load`` on a file reads each string separately), in order and only as far
as needed:

1. the header: format, the commit generation it describes, the settings the listing was made
   with (corpus roots, each root's config, ``follow_links``), the counts and warnings a sync
   that finds nothing changed reports again;
2. the folders: each folder walked, with its ctime (-1: list it again next time), the names of
   its subfolders and what its listing skipped or ignored (``folders_unchanged``: none has
   changed);
3. the documents: ids and, aligned, the number of the sync that added or last changed each
   (read by ``search --new``/``--changed-since``);
4. the documents' content hashes, aligned with 3;
5. the files, grouped by folder: names, sizes, mtimes, ids and folder outlets.

``marshal`` (rather than JSON, pickle or SQLite) because it is the fastest reader of plain lists
and dicts in the standard library and runs no code from the file. A table that cannot be read
(damaged, or written by a Python whose marshal format differs) is treated as missing: the sync
rebuilds it from the index, hashing every file once.

This module reads and writes values only; ``indexer`` turns them into a plan's rows.
"""

from __future__ import annotations

import marshal
import os
import struct
from collections.abc import Iterable, Iterator
from typing import IO, Any, NamedTuple

FORMAT = "defsearch-filetable"
VERSION = 2  # 2: each object after its length
NAME = "files.bin"
LEGACY = "files.json"  # the JSON table of manifest versions 1-3: read once, then replaced


class FolderRecord(NamedTuple):
    """One folder as the last listing saw it."""

    ctime_ns: int  # -1: list it again next time (it was changing, or could not be read)
    subfolders: tuple[str, ...] = ()  # names of the folders below it that were walked
    skipped: tuple[tuple[str, str], ...] = ()  # (rel, reason) of entries its listing skipped
    ignored: tuple[str, ...] = ()  # rels of its hidden entries


class Header(NamedTuple):
    """What the table was made from and what a nothing-changed sync reports again."""

    generation: int | None
    settings: str  # roots, configs and follow_links, as one comparable string
    found: int  # entries found by the listing (files, skipped, ignored)
    warnings: tuple[str, ...]


class Table(NamedTuple):
    """Everything the table holds, as plain values."""

    header: Header
    folders: dict[str, FolderRecord]  # absolute folder path -> record
    doc_ids: list[str]
    doc_syncs: list[int]
    doc_hashes: list[str]
    # (folder, names, sizes, mtimes, ids per file, outlets per file or None)
    groups: list[tuple[str, list[str], list[int], list[int], list[Any], list[Any] | None]]


def path_of(version: str) -> str:
    """Where a version folder's file table is."""
    return os.path.join(version, NAME)


def _open(version: str) -> IO[bytes] | None:
    try:
        return open(path_of(version), "rb")
    except OSError:
        return None


def _load(f: IO[bytes]) -> Any:
    """The next object of the table."""
    head = f.read(8)
    if len(head) < 8:
        raise EOFError("file table cut short")
    (size,) = struct.unpack("<Q", head)
    blob = f.read(size)
    if len(blob) < size:
        raise EOFError("file table cut short")
    return marshal.loads(blob)


def _header(f: IO[bytes]) -> Header | None:
    raw = _load(f)
    if not isinstance(raw, dict) or raw.get("format") != FORMAT or raw.get("version") != VERSION:
        return None
    return Header(raw["generation"], raw["settings"], raw["found"], tuple(raw["warnings"]))


def read_syncs(version: str) -> tuple[list[str], list[int]] | None:
    """Each document's id and the number of the sync that added or last changed it."""
    f = _open(version)
    if f is None:
        return None
    with f:
        try:
            if _header(f) is None:
                return None
            _load(f)  # (the folders)
            ids, syncs = _load(f)
            return list(ids), list(syncs)
        except (EOFError, ValueError, TypeError, KeyError):
            return None


def read(version: str) -> Table | None:
    """The whole table, or None when there is none or it cannot be read."""
    f = _open(version)
    if f is None:
        return None
    with f:
        try:
            header = _header(f)
            if header is None:
                return None
            folders = {k: FolderRecord(*v) for k, v in _load(f).items()}
            ids, syncs = _load(f)
            hashes = _load(f)
            groups = _load(f)
            if not (len(ids) == len(syncs) == len(hashes)):
                return None
            return Table(header, folders, list(ids), list(syncs), list(hashes), list(groups))
        except (EOFError, ValueError, TypeError, KeyError):
            return None


def write(version: str, table: Table) -> None:
    """Write the table atomically (temporary file, fsync, rename)."""
    path = path_of(version)
    tmp = f"{path}.tmp-{os.getpid()}"
    h = table.header
    with open(tmp, "wb") as f:
        for obj in _objects(table, h):
            blob = marshal.dumps(obj)
            f.write(struct.pack("<Q", len(blob)))
            f.write(blob)
        f.flush()
        os.fsync(f.fileno())
    os.replace(tmp, path)


def _objects(table: Table, h: Header) -> Iterator[Any]:
    yield {
        "format": FORMAT,
        "version": VERSION,
        "generation": h.generation,
        "settings": h.settings,
        "found": h.found,
        "warnings": list(h.warnings),
    }
    yield {k: tuple(v) for k, v in table.folders.items()}
    yield (table.doc_ids, table.doc_syncs)
    yield table.doc_hashes
    yield table.groups


def group_files(
    rows: Iterable[tuple[str, int, int, tuple[str, ...], str | None]],
) -> list[tuple[str, list[str], list[int], list[int], list[Any], list[Any] | None]]:
    """(path, size, mtime, ids, outlet) rows, grouped by folder (rows sorted by path keep each
    folder's files together). A file's ids are stored as one string when it holds one id."""
    groups: dict[str, tuple[list[str], list[int], list[int], list[Any], list[Any]]] = {}
    for path, size, mtime, ids, outlet in rows:
        folder, _, name = path.rpartition("/")
        g = groups.get(folder)
        if g is None:
            g = groups[folder] = ([], [], [], [], [])
        g[0].append(name)
        g[1].append(size)
        g[2].append(mtime)
        g[3].append(ids[0] if len(ids) == 1 else list(ids))
        g[4].append(outlet)
    return [
        (folder, n, s, m, i, o if any(x is not None for x in o) else None)
        for folder, (n, s, m, i, o) in groups.items()
    ]


def file_rows(
    table: Table,
) -> Iterator[tuple[str, str, int, int, tuple[str, ...], str | None]]:
    """(folder, path, size, mtime, ids, outlet) of every file in the table."""
    for folder, names, sizes, mtimes, ids, outlets in table.groups:
        prefix = folder + "/"
        for k, name in enumerate(names):
            i = ids[k]
            yield (
                folder,
                prefix + name,
                sizes[k],
                mtimes[k],
                (i,) if isinstance(i, str) else tuple(i),
                outlets[k] if outlets else None,
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


def files_unchanged(table: Table) -> bool:
    """Whether every file in the table still has the size and mtime recorded. A file rewritten
    in place changes neither its folder's ctime nor its entries, only its own stats: a folder's
    record says that no file came or went, this says that none changed."""
    stat = os.stat
    try:
        for folder, names, sizes, mtimes, _ids, _outlets in table.groups:
            prefix = folder + "/"
            for k, name in enumerate(names):
                st = stat(prefix + name)
                if st.st_size != sizes[k] or st.st_mtime_ns != mtimes[k]:
                    return False
    except OSError:
        return False
    return True
