"""Following a corpus: after a first sync, each burst of file system events becomes one normal
sync (a commit readers see whole, or not at all), until Ctrl-C or SIGTERM.

Events come from Linux's inotify, called through ``ctypes`` (no dependency: ``watchdog`` would
add a package and a thread per observer for what three system calls do; its portability is not
needed where the rest of defsearch assumes POSIX file locks). Every folder of the corpus is
watched (new ones as they appear). Where inotify is missing or its watch limit is reached
(``fs.inotify.max_user_watches``), and on request (``--poll SECONDS``), the corpus is synced
every few seconds instead: with nothing changed such a sync reads only the folder records.

An event only says which folder to look at again: the sync lists it (``SyncOptions.relist``)
and compares its files' size, mtime and content hash as any sync does, so an event that is
lost (a queue overflow, a kill between event and commit) costs nothing that the next sync does
not pick up. Renames, moves, deletes and editors' save-by-rename are changes of the folders
that hold the names; a folder moved in is new to the file table and listed whole.
"""

from __future__ import annotations

import contextlib
import ctypes
import ctypes.util
import os
import select
import signal
import struct
import time
from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING, NamedTuple

if TYPE_CHECKING:
    from types import FrameType

    from searcher.index.indexer import SyncOptions, SyncReport

# inotify(7)
IN_MODIFY, IN_ATTRIB, IN_CLOSE_WRITE = 0x2, 0x4, 0x8
IN_MOVED_FROM, IN_MOVED_TO, IN_CREATE, IN_DELETE = 0x40, 0x80, 0x100, 0x200
IN_DELETE_SELF, IN_MOVE_SELF = 0x400, 0x800
IN_Q_OVERFLOW, IN_IGNORED, IN_ISDIR = 0x4000, 0x8000, 0x40000000
IN_ONLYDIR, IN_NONBLOCK, IN_CLOEXEC = 0x01000000, 0o4000, 0o2000000
MASK = (
    IN_MODIFY | IN_ATTRIB | IN_CLOSE_WRITE | IN_MOVED_FROM | IN_MOVED_TO | IN_CREATE
    | IN_DELETE | IN_DELETE_SELF | IN_MOVE_SELF | IN_ONLYDIR
)  # fmt: skip
_EVENT = struct.Struct("iIII")

QUIET = 0.5  # seconds without an event that end a burst
MOST = 10.0  # seconds a burst may last before it is committed anyway (a long copy: a few)
TICK = 1.0  # how often a wait looks at whether to stop


class Terminated(BaseException):
    """SIGTERM arrived: stop (the sync under way, if any, is cancelled; the index intact)."""


class Unavailable(Exception):
    """inotify cannot watch the corpus here (not Linux, or its limits): poll instead."""


def _terminate(_signum: int, _frame: FrameType | None) -> None:
    raise Terminated


@contextlib.contextmanager
def terminable() -> Iterator[None]:
    """SIGTERM raises Terminated inside the block (restored after)."""
    previous = signal.signal(signal.SIGTERM, _terminate)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


class Inotify:
    """Watches on every folder below some roots; ``wait`` returns the folders where something
    happened in one burst."""

    def __init__(self, roots: tuple[str, ...]) -> None:
        name = ctypes.util.find_library("c")
        try:
            self._libc = ctypes.CDLL(name, use_errno=True)
            init = self._libc.inotify_init1
        except (OSError, AttributeError):
            raise Unavailable("inotify is not available on this system") from None
        self.fd = init(IN_NONBLOCK | IN_CLOEXEC)
        if self.fd < 0:
            raise Unavailable(f"inotify: {os.strerror(ctypes.get_errno())}")
        self._folders: dict[int, str] = {}
        try:
            for root in roots:
                self.add_tree(root if os.path.isdir(root) else os.path.dirname(root))
        except BaseException:
            self.close()
            raise

    def close(self) -> None:
        """Stop watching."""
        with contextlib.suppress(OSError):
            os.close(self.fd)

    def add_tree(self, top: str) -> None:
        """Watch ``top`` and every folder below it (hidden ones excepted, as the sync skips
        them); Unavailable when the watch limit is reached."""
        for folder, subfolders, _files in os.walk(top):
            subfolders[:] = [d for d in subfolders if not d.startswith(".")]
            wd = self._libc.inotify_add_watch(self.fd, os.fsencode(folder), MASK)
            if wd < 0:
                err = ctypes.get_errno()
                if err == 28:  # ENOSPC: fs.inotify.max_user_watches
                    raise Unavailable(
                        "too many folders for inotify (raise fs.inotify.max_user_watches)"
                    )
                continue  # (gone already, or unreadable: the sync reports it)
            self._folders[wd] = folder

    def folders(self) -> set[str]:
        """Every folder watched."""
        return set(self._folders.values())

    def _read(self) -> Iterator[tuple[str | None, int, str]]:
        """(folder, mask, name) of each event waiting (folder None: the queue overflowed)."""
        try:
            data = os.read(self.fd, 1 << 16)
        except BlockingIOError:
            return
        at = 0
        while at + _EVENT.size <= len(data):
            wd, mask, _cookie, size = _EVENT.unpack_from(data, at)
            raw = data[at + _EVENT.size : at + _EVENT.size + size].rstrip(b"\0")
            at += _EVENT.size + size
            if mask & IN_Q_OVERFLOW:
                yield None, mask, ""
                continue
            folder = self._folders.get(wd)
            if mask & IN_IGNORED:
                self._folders.pop(wd, None)
                continue
            if folder is not None:
                yield folder, mask, os.fsdecode(raw)

    def _ready(self, timeout: float) -> bool:
        return bool(select.select([self.fd], [], [], max(timeout, 0.0))[0])

    def wait(self) -> set[str] | None:
        """The folders to list again after the next burst of events (blocks until one ends;
        None: events were lost, list everything)."""
        while not self._ready(TICK):
            pass
        folders: set[str] | None = set()
        first = time.monotonic()
        while True:
            for folder, mask, name in self._read():
                if folder is None:
                    folders = None
                    continue
                if name.startswith("."):
                    continue  # (hidden: an editor's temporary file; its rename is an event)
                if folders is not None:
                    folders.add(folder)
                if mask & IN_ISDIR and mask & (IN_CREATE | IN_MOVED_TO):
                    path = os.path.join(folder, name)
                    self.add_tree(path)
                    if folders is not None:
                        folders.add(path)
            left = MOST - (time.monotonic() - first)
            if left <= 0 or not self._ready(min(QUIET, left)):
                return folders


class Commit(NamedTuple):
    """One sync the watcher ran, for the caller's summary line."""

    report: SyncReport
    reason: str  # "events" or "poll"


def follow(
    roots: tuple[str, ...],
    index_dir: str,
    options: SyncOptions,
    on_commit: Callable[[Commit], None],
    poll: float | None = None,
    on_fallback: Callable[[str], None] | None = None,
) -> None:
    """Keep the index at ``index_dir`` in sync with ``roots`` until interrupted (KeyboardInterrupt
    or Terminated propagate: a sync under way is cancelled, the index as it was). ``on_commit``
    is told of each sync that changed the index; ``poll`` seconds: scan on that period instead
    of watching events (``on_fallback`` is told why when events cannot be used)."""
    from searcher.index.indexer import sync

    def commit(relist: set[str] | None, reason: str) -> None:
        opts = options
        if relist:
            opts = _replace(options, relist=frozenset(relist))
        report = sync(list(roots), index_dir, opts)
        if report.sync is not None:
            on_commit(Commit(report, reason))

    watcher: Inotify | None = None
    if poll is None:
        try:
            watcher = Inotify(roots)
        except Unavailable as exc:
            poll = 2.0
            if on_fallback:
                on_fallback(f"{exc}; scanning every {poll:g} s instead")
    if watcher is None:
        period = poll or 2.0
        while True:
            deadline = time.monotonic() + period
            while time.monotonic() < deadline:
                time.sleep(min(TICK, max(deadline - time.monotonic(), 0.0)))
            commit(None, "poll")
    try:
        commit(None, "events")  # (what changed while the watches were being set up)
        while True:
            folders = watcher.wait()
            commit(folders if folders is not None else watcher.folders(), "events")
    finally:
        watcher.close()


def _replace(options: SyncOptions, **changes: object) -> SyncOptions:
    import dataclasses

    return dataclasses.replace(options, **changes)  # type: ignore[arg-type]
