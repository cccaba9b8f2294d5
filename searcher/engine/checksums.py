"""Checksums of an index version's Whoosh files, so that damage is found instead of read.

Whoosh checks nothing it reads: 4 KB overwritten in the middle of a segment gave other results
with exit 0, and random bytes in the table of contents tracebacks. So every commit records, in
``checksums.json`` beside the files, the size and CRC-32 of the live table of contents
(``_MAIN_<generation>.toc``) and of every file of the segments it lists. Segment files are
never rewritten (a commit writes new ones under new names), so a commit hashes only the files
it wrote and keeps the entries of the others as recorded: damage that happened between two
commits is never taken for the new state.

They are verified at three depths: ``verify(folder, full=False)`` (every open: each file's
size, and the content of files up to ``SMALL`` bytes, the table of contents among them),
``verify(folder, full=True)`` (``defsearch check``, and before a sync writes into the live
version: every byte). Only files of the generation the record was made for are verified: an
index written before checksums, or whose last commit was not recorded (a process killed in
between), has nothing to compare with, which ``state`` says.
"""

from __future__ import annotations

import json
import os
import zlib
from typing import NamedTuple

from whoosh.index import TOC

from searcher.errors import IndexCorrupt

CHECKSUMS = "checksums.json"
_FORMAT = "defsearch-checksums"
INDEX_NAME = "MAIN"  # (engine/storage.py's)
SMALL = 256 * 1024  # files up to this size are read whole on every open (the TOC: a few KB)
_CHUNK = 1 << 20
# (the index names its corpus in its manifest; when that is lost, the folder is given too)
REPAIR = "repair it with: defsearch index --rebuild --force (or defsearch index CORPUS --rebuild --force)"


class Damage(NamedTuple):
    """One file of a version that is not as it was written."""

    name: str
    problem: str


class Record(NamedTuple):
    """What ``checksums.json`` holds: the table of contents it was made for, and each file's
    (size, CRC-32)."""

    toc: str
    files: dict[str, tuple[int, int]]


def crc32_of(path: str) -> tuple[int, int]:
    """(size, CRC-32) of a file, read in 1 MB chunks."""
    crc = size = 0
    with open(path, "rb") as f:
        while chunk := f.read(_CHUNK):
            crc = zlib.crc32(chunk, crc)
            size += len(chunk)
    return size, crc


def live_toc(folder: str) -> str | None:
    """The file name of the version's live table of contents (None when it has none)."""
    from searcher.engine.storage import storage

    generation = TOC._latest_generation(storage(folder), INDEX_NAME)
    return None if generation < 0 else TOC._filename(INDEX_NAME, generation)


def read(folder: str) -> Record | None:
    """The recorded checksums (None when there are none: an index written before them).
    Raises ValueError when the file is there but not a record we wrote (damaged)."""
    path = os.path.join(folder, CHECKSUMS)
    try:
        with open(path, "rb") as f:
            data = json.loads(f.read())
    except FileNotFoundError:
        return None
    except (OSError, ValueError) as exc:
        raise ValueError(f"{CHECKSUMS} cannot be read: {exc}") from None
    try:
        if data["format"] != _FORMAT:
            raise ValueError(f"{CHECKSUMS} is not defsearch's")
        files = {str(n): (int(s), int(c, 16)) for n, (s, c) in data["files"].items()}
        return Record(str(data["toc"]), files)
    except (KeyError, TypeError, ValueError, AttributeError) as exc:
        raise ValueError(f"{CHECKSUMS} is damaged: {exc!r}") from None


def record(folder: str) -> None:
    """Record the checksums of the version's live files after a commit: the files it wrote
    are hashed, those of an earlier record kept as recorded (see the module's docstring)."""
    from searcher.engine.storage import storage

    toc_name = live_toc(folder)
    if toc_name is None:
        return
    try:
        before = read(folder)
    except ValueError:
        before = None  # (a damaged record is replaced: every file is hashed again)
    if before is not None and before.toc == toc_name:
        return  # (nothing committed since)
    store = storage(folder)
    names = [toc_name]
    for segment in TOC.read(store, INDEX_NAME).segments:
        names.extend(segment.list_files(store))
    known = before.files if before is not None else {}
    files: dict[str, tuple[int, int]] = {}
    for name in names:
        path = os.path.join(folder, name)
        kept = known.get(name)
        files[name] = kept if kept is not None and name != toc_name else crc32_of(path)
    data = {
        "format": _FORMAT,
        "version": 1,
        "algorithm": "crc32",
        "toc": toc_name,
        "files": {n: [s, f"{c:08x}"] for n, (s, c) in sorted(files.items())},
    }
    tmp = os.path.join(folder, f"{CHECKSUMS}.tmp-{os.getpid()}")
    with open(tmp, "w", encoding="utf-8") as f:
        f.write(json.dumps(data, separators=(",", ":")))
        f.flush()
        os.fsync(f.fileno())
    os.replace(tmp, os.path.join(folder, CHECKSUMS))


def state(folder: str) -> str:
    """Whether the version can be verified: ``recorded`` (its live files are recorded),
    ``none`` (no record: written before checksums), ``stale`` (the record is of an earlier
    commit), ``damaged`` (the record itself is unreadable)."""
    try:
        found = read(folder)
    except ValueError:
        return "damaged"
    if found is None:
        return "none"
    return "recorded" if found.toc == live_toc(folder) else "stale"


def verify(folder: str, full: bool) -> list[Damage]:
    """The version's damaged files (none: intact, or nothing recorded to compare with). Sizes
    are always compared; contents of every file with ``full``, else of the small ones."""
    try:
        found = read(folder)
    except ValueError as exc:
        return [Damage(CHECKSUMS, str(exc))]
    if found is None or found.toc != live_toc(folder):
        return []
    damaged = []
    for name, (size, crc) in sorted(found.files.items()):
        path = os.path.join(folder, name)
        try:
            actual = os.path.getsize(path)
            if actual != size:
                damaged.append(Damage(name, f"{actual:,} bytes, written as {size:,}"))
                continue
            if (full or size <= SMALL) and crc32_of(path)[1] != crc:
                damaged.append(Damage(name, "its content differs from what was written"))
        except FileNotFoundError:
            damaged.append(Damage(name, "missing"))
        except OSError as exc:
            damaged.append(Damage(name, f"cannot be read: {exc.strerror}"))
    return damaged


def require_intact(folder: str, full: bool) -> None:
    """Raise IndexCorrupt (naming the first damaged file, with the repair) unless ``verify``
    finds nothing."""
    damaged = verify(folder, full)
    if damaged:
        more = f" (and {len(damaged) - 1} more: defsearch check lists them)" if damaged[1:] else ""
        raise IndexCorrupt(
            f"index at {folder} is damaged: {damaged[0].name}: {damaged[0].problem}{more}",
            hint=REPAIR,
        )
