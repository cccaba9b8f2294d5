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
``verify(folder, full=True)`` (``defsearch check``: every byte), and between the two
``verify(folder, full=True, since=True)`` (before a sync writes into the live version): every
byte of each file written to since its content was last found as recorded. The record also
keeps each file's inode, size, mtime and ctime as they were when its content was hashed or last
verified whole (``stats``); any write to a file, by any process (an overwrite, a killed run, a
copy), changes its ctime, which cannot be set back, so a file whose stats are those is read
again only by ``check``: a sync's cost no longer grows with the index. Stats are kept only
when they are trustworthy: the ctime older than that of the record itself when it was
created (a file changed in the same tick of the disk's clock could be changed again unseen),
the file not written to while it was hashed, and a record's stats not in this form (an older
or newer version's) are dropped, not taken for damage; a copied or restored index has new
inodes and ctimes, so everything in it is read whole once. A segment a commit merges
is read whole and written anew under new checksums, so its files are verified whole first,
whatever their stats (``require_files_intact``, from the writer): damage is never copied into
the new state. Only files of the generation the record was made for are verified: an index
written before checksums, or whose last commit was not recorded (a process killed in between),
has nothing to compare with, which ``state`` says.
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


# (inode, size, mtime_ns, ctime_ns) of a file: any write to it changes the ctime
Stat = tuple[int, int, int, int]


class Record(NamedTuple):
    """What ``checksums.json`` holds: the table of contents it was made for, each file's
    (size, CRC-32), and the stats of the files as they were when their content was last found
    as recorded (a record written before stats were kept has none)."""

    toc: str
    files: dict[str, tuple[int, int]]
    stats: dict[str, Stat]


def stat_of(path: str) -> Stat:
    """A file's (inode, size, mtime_ns, ctime_ns)."""
    st = os.stat(path)
    return st.st_ino, st.st_size, st.st_mtime_ns, st.st_ctime_ns


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
        toc = str(data["toc"])
    except (KeyError, TypeError, ValueError, AttributeError) as exc:
        raise ValueError(f"{CHECKSUMS} is damaged: {exc!r}") from None
    return Record(toc, files, _stats_of(data.get("stats")))


def _stats_of(raw: object) -> dict[str, Stat]:
    """The record's stats; none when absent or not as this version writes them (an older or
    newer record's): they only spare reads, so without them every file is read whole once."""
    if not isinstance(raw, dict):
        return {}
    stats: dict[str, Stat] = {}
    for name, v in raw.items():
        if not (isinstance(v, list) and len(v) == 4 and all(type(x) is int for x in v)):
            return {}
        stats[str(name)] = (v[0], v[1], v[2], v[3])
    return stats


def record(folder: str, checked: dict[str, Stat] | None = None) -> None:
    """Record the checksums of the version's live files after a commit: the files it wrote
    are hashed, those of an earlier record kept as recorded (see the module's docstring), with
    the stats of each file when its content was last found as recorded (``checked``: the files
    verified whole before the commit, as ``verify`` found them)."""
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
    seen = {**(before.stats if before is not None else {}), **(checked or {})}
    files: dict[str, tuple[int, int]] = {}
    stats: dict[str, Stat] = {}
    for name in names:
        path = os.path.join(folder, name)
        kept = known.get(name)
        if kept is not None and name != toc_name:
            files[name] = kept
            if name in seen:  # (a stale one differs from the file's stats: read whole next time)
                stats[name] = seen[name]
            continue
        was = stat_of(path)
        files[name] = crc32_of(path)
        if stat_of(path) == was:  # (not written to while it was hashed)
            stats[name] = was
    tmp = os.path.join(folder, f"{CHECKSUMS}.tmp-{os.getpid()}")
    with open(tmp, "w", encoding="utf-8") as f:
        # (the disk's clock now, after every stat above: see _settled)
        stamp = stat_of(tmp)[3]
        data = {
            "format": _FORMAT,
            "version": 1,
            "algorithm": "crc32",
            "toc": toc_name,
            "files": {n: [s, f"{c:08x}"] for n, (s, c) in sorted(files.items())},
            "stats": {n: list(v) for n, v in sorted(stats.items()) if _settled(v, stamp)},
        }
        f.write(json.dumps(data, separators=(",", ":")))
        f.flush()
        os.fsync(f.fileno())
    os.replace(tmp, os.path.join(folder, CHECKSUMS))


def _settled(stat: Stat, stamp: int) -> bool:
    """Whether a file's stats can stand for its content: its ctime is older than ``stamp``
    (the ctime of a file created after its stats were taken, on the same disk, by the same
    clock). A file changed within the same tick of the disk's clock (a second on some file
    systems) as it was hashed could be written again in that tick with nothing to show for it;
    such a file is read whole by the next sync instead (git's "racy clean" entries). A ctime
    ahead of the stamp (a clock set back) is not trusted either."""
    return stat[3] < stamp


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


def verify(
    folder: str,
    full: bool,
    since: bool = False,
    checked: dict[str, Stat] | None = None,
    only: set[str] | None = None,
) -> list[Damage]:
    """The version's damaged files (none: intact, or nothing recorded to compare with). Sizes
    are always compared; contents of every file with ``full``, else of the small ones; with
    ``since`` too, not of a file whose stats are those recorded when its content was last
    found as recorded (nothing has written to it since). ``checked`` receives the stats of
    the files whose content is now known as recorded; ``only``: these files alone."""
    try:
        found = read(folder)
    except ValueError as exc:
        return [Damage(CHECKSUMS, str(exc))]
    if found is None or found.toc != live_toc(folder):
        return []
    damaged = []
    for name, (size, crc) in sorted(found.files.items()):
        if only is not None and name not in only:
            continue
        path = os.path.join(folder, name)
        try:
            was = stat_of(path)
            if was[1] != size:
                damaged.append(Damage(name, f"{was[1]:,} bytes, written as {size:,}"))
                continue
            if since and found.stats.get(name) == was:
                if checked is not None:
                    checked[name] = was
                continue
            if full or size <= SMALL:
                if crc32_of(path)[1] != crc:
                    damaged.append(Damage(name, "its content differs from what was written"))
                elif checked is not None and stat_of(path) == was:
                    checked[name] = was
        except FileNotFoundError:
            damaged.append(Damage(name, "missing"))
        except OSError as exc:
            damaged.append(Damage(name, f"cannot be read: {exc.strerror}"))
    return damaged


def require_intact(folder: str, full: bool, since: bool = False) -> dict[str, Stat]:
    """Raise IndexCorrupt (naming the first damaged file, with the repair) unless ``verify``
    finds nothing; returns the stats of the files whose content it found as recorded (for
    ``record``)."""
    checked: dict[str, Stat] = {}
    _raise_damage(folder, verify(folder, full, since, checked))
    return checked


def require_files_intact(folder: str, names: list[str]) -> None:
    """Raise IndexCorrupt unless every byte of these files of the live version is as recorded
    (a segment about to be merged: its bytes are copied into a new segment)."""
    _raise_damage(folder, verify(folder, True, only=set(names)))


def _raise_damage(folder: str, damaged: list[Damage]) -> None:
    if damaged:
        more = f" (and {len(damaged) - 1} more: defsearch check lists them)" if damaged[1:] else ""
        raise IndexCorrupt(
            f"index at {folder} is damaged: {damaged[0].name}: {damaged[0].problem}{more}",
            hint=REPAIR,
        )
