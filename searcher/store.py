"""The index folder on disk: which version is current, the writer lock, the manifest, labels.

Layout of an index folder::

    CURRENT            name of the live version folder ("v3"), replaced atomically
    v3/                the Whoosh index; manifest.json (corpus, last sync: small, read by
                       every search); files.json (each file's size, mtime, hash and ids:
                       read only by `defsearch index`); labels.json (facet display names)
    defsearch.lock     held (flock) by the one process writing; holds its pid

A full rebuild writes a new version folder and then swaps CURRENT, so readers always see a
complete index; the previous version is kept until the next write, for readers still on it.
"""

from __future__ import annotations

import contextlib
import fcntl
import json
import os
import time
from collections.abc import Iterator
from typing import NamedTuple

from searcher.errors import IndexLocked, IndexMissing, NotAnIndex

CURRENT = "CURRENT"
LOCK = "defsearch.lock"
MANIFEST = "manifest.json"
FILES = "files.json"
LABELS = "labels.json"
_HARMLESS = {".gitkeep", "README.md", ".gitignore", LOCK}


def default_index_dir() -> str:
    """``$DEFSEARCH_INDEX`` or ``index`` in the working directory."""
    return os.environ.get("DEFSEARCH_INDEX") or "index"


def current_version(root: str) -> str | None:
    """The live version folder's path, or None when ``root`` holds no defsearch index."""
    try:
        with open(os.path.join(root, CURRENT), encoding="utf-8") as f:
            name = f.read().strip()
    except FileNotFoundError:
        return None
    if not name or "/" in name or name.startswith("."):
        return None
    return os.path.join(root, name)


def require_version(root: str) -> str:
    """Like current_version, but a missing index is an IndexMissing error."""
    path = current_version(root)
    if path is None or not os.path.isdir(path):
        raise IndexMissing(f"no index at {root}")
    return path


def check_replaceable(root: str, force: bool) -> None:
    """Refuse to write into a folder that holds something other than a defsearch index."""
    if not os.path.exists(root) or force:
        return
    if not os.path.isdir(root):
        raise NotAnIndex(f"{root} is a file, not an index folder")
    if os.path.exists(os.path.join(root, CURRENT)):
        return
    others = [n for n in os.listdir(root) if not _ours(n)]
    if others:
        raise NotAnIndex(f"{root} is not a defsearch index (it holds {others[0]!r} and more)")


def _ours(name: str) -> bool:
    """Names a defsearch index folder holds (a first build has versions before CURRENT)."""
    return name in _HARMLESS or name.startswith(".tmp-") or _is_version(name)


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
    return path


def publish(root: str, version_dir: str) -> None:
    """Make ``version_dir`` the live index (atomic rename), then prune old versions."""
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
    prune(root, keep)


def prune(root: str, keep: set[str]) -> None:
    """Delete version folders and temp files not in ``keep`` (leftovers of interrupted runs)."""
    import shutil  # (writing only: the query path does not pay for it)

    for name in os.listdir(root):
        path = os.path.join(root, name)
        if name in keep:
            continue
        if (_is_version(name) and os.path.isdir(path)) or (
            name.startswith(".tmp-") and os.path.getmtime(path) < time.time() - 5
        ):
            shutil.rmtree(path, ignore_errors=True) if os.path.isdir(path) else _unlink(path)


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
    """Write JSON atomically (temp file, fsync, rename)."""
    tmp = f"{path}.tmp-{os.getpid()}"
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))  # (C; json.dump is not)
    with open(tmp, "w", encoding="utf-8") as f:
        f.write(text)
        f.flush()
        os.fsync(f.fileno())
    os.replace(tmp, path)
