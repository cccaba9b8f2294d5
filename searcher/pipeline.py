"""One article through the pipeline (read → clean → extract → Article), and many in parallel."""

from __future__ import annotations

import contextlib
import multiprocessing
import os
import re
import signal
import sys
import threading
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass

from searcher.clean import clean
from searcher.corpus import SOURCE_KEYS, CorpusFile, loaded
from searcher.errors import DefsearchError
from searcher.extract import extract
from searcher.jsonl import RecordRef, read_record, release
from searcher.models import Article, Hints, RawDocument

BATCH = 64
# A batch also ends at this many bytes of input: a worker holds a batch's outcomes (documents
# analysed) and this process a few batches, however large a corpus's records are.
BATCH_BYTES = 8 * 1024 * 1024
# A document, or what the worker reads itself: a text or HTML file, a JSON Lines record's line
Source = RawDocument | CorpusFile | RecordRef


# A ``source`` that is an address rather than a name: a URL, or a bare domain ("vietnamnews.vn").
_ADDRESS = re.compile(r"[^\s/]*//\S*|(?:[\w-]+\.)+[a-z]{2,}(?:[/:?#]\S*)?", re.IGNORECASE)


def hints_of(raw: RawDocument) -> Hints:
    """What the source itself states, as hints for the cleaner: a JSON Lines record's fields,
    and the outlet the corpus config gives the file's folder.

    Outlet names rank as HTML metadata does (a sign-off in the text still wins), in this order:
    the record's ``outlet``, its ``source``, ``site`` and ``publisher``. A ``source`` that is an
    address is the record's ``url`` when it has none (when it has one, that names the site
    better). The folder's outlet ranks as metadata too, but only for a document that names no
    outlet of its own: a record's word on its source beats a setting for its whole folder."""
    url = raw.meta_value("url")
    outlets: list[tuple[str, str]] = []
    stated = False
    for key in ("outlet", *SOURCE_KEYS):
        for value in (v for k, v in raw.meta if k == key):
            stated = True
            if key == "outlet" or not _ADDRESS.fullmatch(value):
                outlets.append((value, "meta"))
            elif url is None:
                url = value if "//" in value else f"https://{value}"
    folder = raw.meta_value("folder_outlet")
    if folder and not stated:
        outlets.append((folder, "meta"))
    return Hints(
        title=raw.meta_value("title"),
        meta_date=raw.meta_value("date"),
        url=url,
        outlets=tuple(outlets),
    )


@dataclass(frozen=True)
class Outcome:
    """One document's result: an article (with warnings, such as a guessed encoding) or the
    reason it was skipped."""

    id: str
    article: Article | None = None
    reason: str | None = None
    warnings: tuple[str, ...] = ()
    document: dict | None = None  # ``prepare(article)``, made in the worker process


def article_of(raw: RawDocument) -> tuple[Article, tuple[str, ...]]:
    """Clean and extract one raw document: the Article and its warnings (a guessed encoding, a
    text cut for length). Raises DefsearchError for unreadable input."""
    cleaned = clean(raw.data, raw.name, hints_of(raw))
    found = extract(cleaned)
    warnings = tuple(r.text for r in cleaned.removed if r.reason in ("encoding", "too-long"))
    if raw.meta_value("cut"):  # (a JSON Lines record over the size limit: jsonl.py)
        warnings = (str(raw.meta_value("cut")), *warnings)
    article = Article(
        id=raw.id,
        path=raw.path,
        title=cleaned.title,
        body=cleaned.body,
        date=found.date,
        date_source=found.date_source,
        date_partial=found.date_partial,
        outlet=found.outlet,
        outlets=found.outlets,
        countries=found.countries,
        country_pairs=found.country_pairs,
        officials=found.officials,
        content_hash=raw.content_hash,
    )
    return article, warnings


Prepare = Callable[[Article], dict]  # an Article -> what the caller files (picklable)


def outcome_of(raw: Source, prepare: Prepare | None = None) -> Outcome:
    """One document read, cleaned and extracted, and ``prepare``d; any failure becomes the
    Outcome's reason (one bad file never stops a build)."""
    try:
        raw = read_record(raw) if isinstance(raw, RecordRef) else loaded(raw)
    except (OSError, ValueError) as exc:
        reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
        return Outcome(raw.id, reason=f"cannot read: {reason}")
    try:
        article, warnings = article_of(raw)
        document = prepare(article) if prepare else None
        return Outcome(raw.id, article=article, warnings=warnings, document=document)
    except DefsearchError as exc:
        return Outcome(raw.id, reason=str(exc).split(": ", 1)[-1])
    except RecursionError:
        return Outcome(raw.id, reason="too deeply nested to parse")
    except Exception as exc:
        return Outcome(raw.id, reason=f"cleaning failed: {type(exc).__name__}: {exc}")


def process_many(
    raws: Iterable[Source], workers: int | None = None, prepare: Prepare | None = None
) -> Iterator[Outcome]:
    """One Outcome per document, in order, computed (``prepare`` included) in worker
    processes.

    ``workers`` defaults to the CPU count; 1 runs in this process (small batches, tests).
    """
    workers = workers if workers is not None else (os.cpu_count() or 1)
    if workers <= 1:
        try:
            yield from (outcome_of(raw, prepare) for raw in raws)
        finally:
            release()  # (the JSON Lines file read_record keeps open)
        return
    # Bounded batches: memory stays flat however large the corpus. Workers come from a fork
    # server, so they inherit no file descriptors (the index lock) from this process.
    preload = ["searcher.pipeline"]
    if prepare is not None:  # (a function or a functools.partial of one)
        preload.append(getattr(prepare, "func", prepare).__module__)
    context = worker_context(preload)
    with ProcessPoolExecutor(
        max_workers=workers,
        mp_context=context,
        initializer=init_worker,
        initargs=(os.getpid(),),
    ) as pool:
        pending: deque[Future] = deque()
        batch: list[Source] = []
        size = 0
        for raw in raws:
            batch.append(raw)
            size += source_size(raw)
            if len(batch) >= BATCH or size >= BATCH_BYTES:
                pending.append(submit(pool, _batch, batch, prepare))
                batch, size = [], 0
                while len(pending) > 2 * workers:
                    yield from pending.popleft().result()
        if batch:
            pending.append(submit(pool, _batch, batch, prepare))
        while pending:
            yield from pending.popleft().result()


def source_size(source: Source) -> int:
    """The bytes a source is read from (a file's size, a record's line)."""
    if isinstance(source, RawDocument):
        return len(source.data)
    return source.size


def worker_context(preload: list[str]) -> multiprocessing.context.BaseContext:
    """Worker processes from a fork server that has imported ``preload`` (so each worker starts
    without importing), started with Ctrl-C blocked.

    Ctrl-C reaches the whole process group. A fork server still importing ``preload`` when it
    arrives would die with a traceback on the user's terminal. A signal mask survives ``exec``,
    so the fork server is spawned with SIGINT blocked: it never sees one while it imports, then
    ignores SIGINT for good (multiprocessing does), and so do the workers it forks. This process
    blocks SIGINT only while it spawns the server: a Ctrl-C meanwhile stays pending and reaches
    its own handler once unblocked. (Blocked, never ignored: setting SIG_IGN discards a pending
    signal, and a Ctrl-C that lands in that window is lost; the build then runs to its end. The
    fork server is started once per process, before any worker thread: the block covers the
    only thread there is.)"""
    from multiprocessing import forkserver, resource_tracker

    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload(preload)
    if not _handles_sigint():  # (then ignored or not ours to touch: the fork server inherits that)
        forkserver.ensure_running()
        return context
    # The fork server starts the resource tracker first if it is not running, and that *unblocks*
    # SIGINT once the tracker is spawned (SIG_UNBLOCK, not a restore of the mask): the fork server
    # would then start with SIGINT open. So the tracker is started here, before the block.
    resource_tracker.ensure_running()
    blocked = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})
    try:
        forkserver.ensure_running()
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, blocked)
    return context


@contextlib.contextmanager
def interrupts_deferred() -> Iterator[None]:
    """Ctrl-C held until the block ends, then raised. A pool spawns its worker processes as
    tasks are submitted; one being spawned when Ctrl-C arrives is never registered with the pool,
    so it is not waited for, and fails with a traceback once this process has gone."""
    if not _handles_sigint():
        yield
        return
    caught: list[int] = []
    previous = signal.signal(signal.SIGINT, lambda signum, _frame: caught.append(signum))
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, previous)
        if caught:
            raise KeyboardInterrupt  # (also when the block raised: the user asked to stop)


def _handles_sigint() -> bool:
    """Whether this thread may change SIGINT's handler and Python handles it: not in another
    thread, nor where it is ignored (``nohup``, ``cmd &``) or handled outside Python."""
    if threading.current_thread() is not threading.main_thread():
        return False
    return signal.getsignal(signal.SIGINT) not in (signal.SIG_IGN, None)


def submit(pool: ProcessPoolExecutor, fn: Callable, *args: object) -> Future:
    """``pool.submit``, with Ctrl-C deferred while it may be spawning a worker."""
    with interrupts_deferred():
        return pool.submit(fn, *args)


def init_worker(owner: int) -> None:
    """Ctrl-C reaches the whole process group: only the main process handles it (and says so
    once); workers stop when it shuts the pool down.

    A worker ends with the main process however it ends. Killed outright (SIGKILL), the main
    process closes its end of the fork server's pipe, so the fork server exits, and the kernel
    kills each worker it forked (``PR_SET_PDEATHSIG``, Linux). Elsewhere, or should that fail, a
    watchdog thread ends the worker within ``WATCH_SECONDS`` of its parent going or the main
    process dying (a zombie not yet reaped counts as dead: its exit status is all that is left).
    Workers write nothing to stdout or stderr (results go back through the pool), so they do
    not hold them open either: a caller reading the main process's pipes sees them close when it
    dies, not when its last worker does."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    parent = os.getppid()
    _die_with_parent()
    _detach_output()

    def watch() -> None:
        while True:
            if os.getppid() != parent or not _running(owner):
                os._exit(1)
            time.sleep(WATCH_SECONDS)

    threading.Thread(target=watch, name="defsearch-watchdog", daemon=True).start()


WATCH_SECONDS = 0.5  # how often a worker's watchdog looks for its parent and the main process
_PR_SET_PDEATHSIG = 1  # (linux/prctl.h)


def _die_with_parent() -> None:
    """Ask the kernel (Linux) to kill this process when its parent ends."""
    if not sys.platform.startswith("linux"):
        return
    import ctypes

    try:
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    except (OSError, AttributeError):  # (no libc to call: the watchdog still runs)
        pass


def _detach_output() -> None:
    """Point this process's stdout and stderr at the null device."""
    devnull = os.open(os.devnull, os.O_WRONLY)
    try:
        for fd in (1, 2):
            os.dup2(devnull, fd)
    finally:
        os.close(devnull)


def _running(pid: int) -> bool:
    """Whether process ``pid`` exists and is not a zombie."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        pass
    try:
        with open(f"/proc/{pid}/stat", "rb") as f:  # (Linux: "pid (name) state ...")
            return f.read().rsplit(b")", 1)[-1].split()[:1] != [b"Z"]
    except FileNotFoundError:
        return False
    except OSError:
        return True  # (no /proc: existing is all we can know)


def _batch(raws: list[Source], prepare: Prepare | None) -> list[Outcome]:
    return [outcome_of(r, prepare) for r in raws]
