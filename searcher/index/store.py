"""The index folder on disk: which version is current, the writer lock, the manifest, labels.

Layout of an index folder::

    defsearch-index.json   the marker: written before anything else, it is what makes a folder
                           ours (a folder is never taken for an index by names that look alike)
    CURRENT                name of the live version folder ("v3"), replaced atomically
    v3/                    the Whoosh index; defsearch-version.json (its marker, written first);
                           manifest.json (corpus, last sync: small, read by every search);
                           files.bin (each file's size, mtime and ids, each folder's ctime:
                           see filetable.py); synclog.json (the numbered syncs: see
                           synclog.py); labels.json (facet display names);
                           checksums.json (size and CRC-32 of each Whoosh file of the last
                           commit: engine/checksums.py)
    defsearch.lock         held (flock) by the one process writing; holds its pid
    defsearch-alerts.json  saved alerts and what each has reported (alerts.py): outside the
                           versions, so that it survives rebuilds; defsearch-alerts.lock
                           held (flock) while an alert command reads or changes it

A full rebuild writes a new version folder and then swaps CURRENT, so readers always see a
complete index; the previous version is kept until the next write, for readers still on it.
Only what defsearch wrote is ever deleted: a superseded version folder that carries our marker
loses the files we write there (by name), and is removed once nothing else is left in it.
"""

from __future__ import annotations

import contextlib
import fcntl
import json
import os
import re
import time
from collections.abc import Iterator
from typing import NamedTuple

from searcher.errors import IndexAccess, IndexCorrupt, IndexLocked, IndexMissing, NotAnIndex

CURRENT = "CURRENT"
# 2: the file table moved to files.json; 3: its rows lost an unused slot (and, unchanged since,
# the table became files.bin: a files.json beside a version-3 manifest is read once)
MANIFEST_VERSION = 3
LOCK = "defsearch.lock"
MANIFEST = "manifest.json"
FILES = "files.bin"  # (files.json before: read once by the next sync, then replaced)
LABELS = "labels.json"
MARKER = "defsearch-index.json"
ALERTS = "defsearch-alerts.json"
ALERTS_LOCK = "defsearch-alerts.lock"
VERSION_MARKER = "defsearch-version.json"
_FORMAT = "defsearch-index"
_VERSION_FORMAT = "defsearch-version"
# Files a repository keeps in a folder so that the folder exists: such a folder is as good as empty.
_PLACEHOLDERS = frozenset({".gitkeep", ".gitignore", ".keep"})
# Names we write at the top of an index folder: one there that we did not write is never replaced.
_RESERVED = (MARKER, CURRENT, LOCK, ALERTS, ALERTS_LOCK)
# What we write inside a version folder: Whoosh's files for index "MAIN" (segments, their column
# files such as MAIN_<segment>._body_len.col, tables of contents and their temporary copies named
# by the clock, ``_MAIN_1.toc.1764646000.123456``, the write lock), our JSON files and their
# temporary copies; and the temporary folders of segment writers (``MAIN.tmp``, a worker's
# ``MAIN.tmp.<pid>``) holding the term runs of engine/pool.py (``<pid>-<hex>-<n>.terms``).
_VERSION_FILE = re.compile(
    r"_MAIN_\d+\.toc(\.\w+){0,2}|MAIN_\w+(\.\w+){0,2}"
    r"|(manifest|files|labels|synclog|checksums)\.json(\.tmp-\d+)?|files\.bin(\.tmp-\d+)?"
    r"|defsearch-version\.json(\.tmp-\d+)?"
)
_TEMP_FOLDER = re.compile(r"MAIN\.tmp(\.\d+)?")
_RUN_FILE = re.compile(r"\d+-[0-9a-f]+-\d+\.terms")
_TEMP_CURRENT = re.compile(r"\.tmp-CURRENT-\d+")


def current_version(root: str) -> str | None:
    """The live version folder's path, or None when ``root`` holds no defsearch index."""
    try:
        with open(os.path.join(root, CURRENT), "rb") as f:
            name = f.read(64).decode("ascii", "replace").strip()
    except FileNotFoundError:
        return None
    except NotADirectoryError:
        raise NotAnIndex(
            f"{root} is a file, not an index folder", hint="give the index's folder with --index"
        ) from None
    except PermissionError as exc:
        raise IndexAccess(f"cannot read the index at {root}: {exc.strerror}") from None
    if not _is_version(name):  # (damaged: require_version says so; a build replaces it)
        return None
    return os.path.join(root, name)


def require_version(root: str) -> str:
    """Like current_version, but a missing index is an IndexMissing error."""
    path = current_version(root)
    if (
        path is None
        and os.path.isfile(os.path.join(root, CURRENT))
        and _marked(root, MARKER, _FORMAT)
    ):
        raise IndexCorrupt(
            f"index at {root}: its {CURRENT} file does not name a version",
            hint="repair it with: defsearch index CORPUS --rebuild",
        )
    if path is None or not os.path.isdir(path):
        where = root if root.endswith("/") else f"{root}/"
        option = "" if os.path.normpath(root) == "index" else f" --index {root}"
        hint = f"build it with: defsearch index CORPUS{option}"
        if not os.path.exists(root):
            raise IndexMissing(f"no index: the folder {where} does not exist", hint=hint)
        raise IndexMissing(f"no index in {where}: it holds no defsearch index yet", hint=hint)
    return path


def claim(root: str, force: bool) -> None:
    """Make sure ``root`` is a folder defsearch may build an index in, and mark it as ours.

    Ours is a folder holding our marker, or an index an earlier defsearch wrote (its live
    version holds our manifest: the marker is added). A new folder, or one holding nothing but
    placeholders such as ``.gitkeep``, is taken and marked. Any other folder is refused unless
    ``force``; even then a file there under one of the names we write (``CURRENT``, …) is never
    replaced. Nothing in the folder is deleted either way.
    """
    if os.path.lexists(root) and not os.path.isdir(root):
        raise NotAnIndex(f"{root} is a file, not an index folder", hint="choose a folder")
    if is_index(root):
        if not os.path.exists(os.path.join(root, MARKER)):
            _mark(root, MARKER, _FORMAT)  # an earlier defsearch's index, known by its manifest
        return
    names = sorted(os.listdir(root)) if os.path.isdir(root) else []
    others = [n for n in names if n not in _PLACEHOLDERS]
    if others and not force:
        raise NotAnIndex(f"{root} is not a defsearch index: it holds {_some(others)}")
    clash = next((n for n in _RESERVED if n in names), None)
    if clash:
        raise NotAnIndex(
            f"{root} holds {clash!r}, which defsearch did not write",
            hint="move that file away, or choose another folder: defsearch never replaces it",
        )
    os.makedirs(root, exist_ok=True)
    _mark(root, MARKER, _FORMAT)


def unclaim(root: str) -> None:
    """Undo ``claim`` for a folder this run created, when the run failed before writing an
    index: our marker and lock file go, then the folder if nothing else is in it (anything
    else keeps it, untouched)."""
    if current_version(root) is not None:
        return
    if _marked(root, MARKER, _FORMAT):
        _unlink(os.path.join(root, MARKER))
    lock = os.path.join(root, LOCK)
    with contextlib.suppress(OSError):
        if os.path.isfile(lock) and os.path.getsize(lock) == 0:
            os.unlink(lock)  # (emptied by the run on release; a live holder's holds its pid)
    with contextlib.suppress(OSError):
        os.rmdir(root)


def is_index(root: str) -> bool:
    """True when ``root`` holds our marker, or is an index written before markers existed."""
    marked = _marked(root, MARKER, _FORMAT)
    if marked is not None:
        return marked
    if os.path.exists(os.path.join(root, MARKER)):
        return False  # a file of that name that is not ours
    version = current_version(root)
    return version is not None and _our_manifest(version)


def _mark(folder: str, name: str, fmt: str) -> None:
    write_json(os.path.join(folder, name), {"format": fmt, "version": 1, "created": _now()})


def _marked(folder: str, name: str, fmt: str) -> bool | None:
    """Whether the marker ``name`` in ``folder`` is ours; None when there is no JSON marker."""
    marker = read_json(os.path.join(folder, name))
    return None if marker is None else marker.get("format") == fmt


def _our_manifest(version_dir: str) -> bool:
    """A manifest we wrote: how version folders of indexes from before markers are known."""
    manifest = read_json(os.path.join(version_dir, MANIFEST))
    return manifest is not None and {"version", "schema", "corpus"} <= manifest.keys()


def _our_version(path: str) -> bool:
    marked = _marked(path, VERSION_MARKER, _VERSION_FORMAT)
    return _our_manifest(path) if marked is None else marked


def _some(names: list[str]) -> str:
    """``'a'``, or ``'a' and 2 more``: the first of ``names`` and how many others."""
    return f"{names[0]!r} and {len(names) - 1} more" if len(names) > 1 else repr(names[0])


def _now() -> str:
    return time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())


def _is_version(name: str) -> bool:
    """A version folder name: ``v1``, ``v2``, …"""
    return name.startswith("v") and name[1:].isdigit()


def new_version_dir(root: str) -> str:
    """A fresh, empty version folder name under ``root`` (not yet live)."""
    os.makedirs(root, exist_ok=True)
    n = 1
    for name in os.listdir(root):
        if _is_version(name):
            n = max(n, int(name[1:]) + 1)
    path = os.path.join(root, f"v{n}")
    os.makedirs(path)
    _mark(path, VERSION_MARKER, _VERSION_FORMAT)
    return path


def publish(root: str, version_dir: str) -> list[str]:
    """Make ``version_dir`` the live index (atomic rename), then prune old versions. Returns
    warnings about version folders kept because they hold files that are not ours."""
    previous = current_version(root)
    tmp = os.path.join(root, f".tmp-{CURRENT}-{os.getpid()}")
    with open(tmp, "w", encoding="utf-8") as f:
        f.write(os.path.basename(version_dir) + "\n")
        f.flush()
        os.fsync(f.fileno())
    os.replace(tmp, os.path.join(root, CURRENT))
    keep = {os.path.basename(version_dir)}
    if previous:
        keep.add(os.path.basename(previous))
    return prune(root, keep)


def prune(root: str, keep: set[str]) -> list[str]:
    """Delete what earlier runs left in ``root`` except the versions in ``keep``: our version
    folders (by their marker) and our temporary pointer files, nothing else. Returns a warning
    for each version folder kept because it holds files we did not write."""
    warnings = []
    for name in os.listdir(root):
        path = os.path.join(root, name)
        if name in keep:
            continue
        if _TEMP_CURRENT.fullmatch(name) and os.path.isfile(path):
            _unlink(path)  # (only the lock holder writes these: any left is a killed run's)
        elif _is_version(name) and os.path.isdir(path) and _our_version(path):
            left = remove_version(path)
            if left:
                warnings.append(
                    f"kept old version {path}: it holds {_some(left)}, not written by defsearch"
                )
    return warnings


def remove_unpublished(root: str) -> list[str]:
    """Remove our version folders newer than the live one: what a killed build left (only the
    writer-lock holder builds versions, so with the lock held none is in use). Returns warnings
    for folders kept because they hold files that are not ours."""
    live = current_version(root)
    if live is None:
        return []
    number = int(os.path.basename(live)[1:])
    newer = {n for n in os.listdir(root) if _is_version(n) and int(n[1:]) > number}
    return prune(root, {n for n in os.listdir(root) if n not in newer}) if newer else []


def remove_version(path: str) -> list[str]:
    """Delete the files defsearch writes in a version folder, then the folder if it is empty.
    Returns the names of what was left (files of someone else's), sorted."""
    left: list[str] = []
    with os.scandir(path) as entries:
        for entry in entries:
            if entry.name == VERSION_MARKER:
                continue  # last: while anything is left, the folder stays recognisably ours
            if _VERSION_FILE.fullmatch(entry.name) and entry.is_file(follow_symlinks=False):
                _unlink(entry.path)
            elif _TEMP_FOLDER.fullmatch(entry.name) and entry.is_dir(follow_symlinks=False):
                left.extend(f"{entry.name}/{name}" for name in _remove_temp_folder(entry.path))
            else:
                left.append(entry.name)
    if left:
        return sorted(left)
    _unlink(os.path.join(path, VERSION_MARKER))
    with contextlib.suppress(OSError):
        os.rmdir(path)
    return []


def _remove_temp_folder(path: str) -> list[str]:
    """Delete a segment writer's temporary folder (its term runs, then the folder; a worker
    killed or stopped mid-build leaves one). Returns the names of what was left, not ours."""
    left = []
    with os.scandir(path) as entries:
        for entry in entries:
            if _RUN_FILE.fullmatch(entry.name) and entry.is_file(follow_symlinks=False):
                _unlink(entry.path)
            else:
                left.append(entry.name)
    if not left:
        with contextlib.suppress(OSError):
            os.rmdir(path)
    return sorted(left)


def _unlink(path: str) -> None:
    with contextlib.suppress(FileNotFoundError):
        os.unlink(path)


class LockInfo(NamedTuple):
    """Who held the lock before us, when they died holding it."""

    stale_pid: int | None


def _pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


@contextlib.contextmanager
def writer_lock(root: str, wait: float = 0.0) -> Iterator[LockInfo]:
    """Hold the index's writer lock. A live holder raises IndexLocked (after ``wait`` seconds);
    a lock file left by a dead process is taken over and reported in LockInfo."""
    os.makedirs(root, exist_ok=True)
    path = os.path.join(root, LOCK)
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    deadline = time.monotonic() + wait
    try:
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    holder = _read_pid(fd)
                    who = f"process {holder}" if holder else "another process"
                    raise IndexLocked(f"index {root} is being updated by {who}") from None
                time.sleep(0.1)
        previous = _read_pid(fd)
        stale = (
            previous if previous and previous != os.getpid() and not _pid_alive(previous) else None
        )
        os.ftruncate(fd, 0)
        os.pwrite(fd, f"{os.getpid()}\n".encode(), 0)
        try:
            yield LockInfo(stale_pid=stale)
        finally:
            os.ftruncate(fd, 0)
            fcntl.flock(fd, fcntl.LOCK_UN)
    finally:
        os.close(fd)


def _read_pid(fd: int) -> int | None:
    try:
        text = os.pread(fd, 32, 0).decode("ascii", "replace").strip()
        return int(text) if text.isdigit() else None
    except OSError:
        return None


def read_json(path: str) -> dict | None:
    """A JSON file's object, or None when missing or unreadable."""
    try:
        with open(path, encoding="utf-8") as f:
            data = json.load(f)
        return data if isinstance(data, dict) else None
    except (OSError, ValueError):
        return None


def write_json(path: str, data: dict) -> None:
    """Write JSON atomically (``write_bytes``)."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))  # (C; json.dump is not)
    write_bytes(path, text.encode("utf-8"))


def write_bytes(path: str, data: bytes) -> None:
    """Write ``data`` to ``path`` atomically: a temporary file beside it, fsync, rename; on any
    failure (a full disk) the temporary file is removed and ``path`` left as it was."""
    tmp = f"{path}.tmp-{os.getpid()}"
    try:
        with open(tmp, "wb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
