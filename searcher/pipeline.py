"""One article through the pipeline (read → clean → extract → Article), and many in parallel."""

from __future__ import annotations

import multiprocessing
import os
import signal
import threading
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import FIRST_EXCEPTION, Future, ProcessPoolExecutor, wait
from dataclasses import dataclass, field

from searcher import documents, engine
from searcher.clean import clean
from searcher.corpus import CorpusFile, loaded
from searcher.errors import DefsearchError
from searcher.extract import extract
from searcher.models import Article, Hints, RawDocument

BATCH = 64
Source = RawDocument | CorpusFile  # a document, or a text or HTML file the worker reads itself


def hints_of(raw: RawDocument) -> Hints:
    """What the source itself states (JSON Lines fields), as hints for the cleaner."""
    outlet = raw.meta_value("outlet")
    return Hints(
        title=raw.meta_value("title"),
        meta_date=raw.meta_value("date"),
        url=raw.meta_value("url"),
        outlets=((outlet, "meta"),) if outlet else (),
    )


@dataclass(frozen=True)
class Outcome:
    """One document's result: an article (with warnings, such as a guessed encoding) or the
    reason it was skipped."""

    id: str
    article: Article | None = None
    reason: str | None = None
    warnings: tuple[str, ...] = ()
    document: dict | None = None  # the Whoosh document, text already analysed


def process(raw: RawDocument) -> Article:
    """Clean and extract one raw document. Raises DefsearchError for unreadable input."""
    return _process(raw)[0]


def _process(raw: RawDocument) -> tuple[Article, tuple[str, ...]]:
    cleaned = clean(raw.data, raw.name, hints_of(raw))
    found = extract(cleaned)
    warnings = tuple(r.text for r in cleaned.removed if r.reason in ("encoding", "too-long"))
    article = Article(
        id=raw.id,
        path=raw.path,
        title=cleaned.title,
        body=cleaned.body,
        date=found.date,
        date_source=found.date_source,
        outlet=found.outlet,
        countries=found.countries,
        country_pairs=found.country_pairs,
        officials=found.officials,
        content_hash=raw.content_hash,
    )
    return article, warnings


def _safe(raw: Source, analyzed: bool = True) -> Outcome:
    try:
        raw = loaded(raw)
    except (OSError, ValueError) as exc:
        reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
        return Outcome(raw.id, reason=f"cannot read: {reason}")
    try:
        article, warnings = _process(raw)
        document = documents.to_document(article, analyzed=analyzed)
        return Outcome(raw.id, article=article, warnings=warnings, document=document)
    except DefsearchError as exc:
        return Outcome(raw.id, reason=str(exc).split(": ", 1)[-1])
    except RecursionError:
        return Outcome(raw.id, reason="too deeply nested to parse")
    except Exception as exc:
        return Outcome(raw.id, reason=f"cleaning failed: {type(exc).__name__}: {exc}")


def process_many(raws: Iterable[Source], workers: int | None = None) -> Iterator[Outcome]:
    """One Outcome per document, computed in worker processes.

    ``workers`` defaults to the CPU count; 1 runs in this process (small batches, tests).
    """
    workers = workers if workers is not None else (os.cpu_count() or 1)
    if workers <= 1:
        # nothing to offload here: the writer analyses as it adds, which also flushes faster
        # than pre-analysed postings (measured: 1.2 against 2.3 ms per document)
        yield from (_safe(raw, analyzed=False) for raw in raws)
        return
    # Bounded batches: memory stays flat however large the corpus. Workers come from a fork
    # server, so they inherit no file descriptors (the index lock) from this process.
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload(["searcher.pipeline"])
    with ProcessPoolExecutor(
        max_workers=workers,
        mp_context=context,
        initializer=_init_worker,
        initargs=(os.getpid(),),
    ) as pool:
        pending: deque[Future] = deque()
        batch: list[Source] = []
        for raw in raws:
            batch.append(raw)
            if len(batch) >= BATCH:
                pending.append(pool.submit(_safe_batch, batch))
                batch = []
                while len(pending) > 2 * workers:
                    yield from pending.popleft().result()
        if batch:
            pending.append(pool.submit(_safe_batch, batch))
        while pending:
            yield from pending.popleft().result()


@dataclass
class SegmentReport:
    """What one segment-writing worker did: its segment (None when it added nothing), the
    documents it added, the skipped ones with reasons, warnings, facet labels."""

    segment: object | None = None
    added: int = 0
    skipped: list[tuple[str, str]] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    labels: dict[str, dict[str, str]] = field(default_factory=dict)
    hashes: dict[str, str] = field(default_factory=dict)  # id -> content hash of each added


def build_segments(
    version_dir: str,
    raws: list[Source],
    workers: int,
    progress: Callable[[int, int], None] | None = None,
) -> list[SegmentReport]:
    """Index ``raws`` into new segments of the (uncommitted) index in ``version_dir``: each of
    ``workers`` processes reads, cleans, extracts and writes its own share, so the writing uses
    every core too. The caller commits the segments (it holds the index lock)."""
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload(["searcher.pipeline"])
    done = context.Value("q", 0)
    stop = context.Value("b", 0)
    limitmb = max(64, SEGMENT_MEMORY_MB // workers)
    with ProcessPoolExecutor(
        max_workers=workers,
        mp_context=context,
        initializer=_init_segment_worker,
        initargs=(os.getpid(), done, stop),
    ) as pool:
        futures = [
            pool.submit(_build_segment, version_dir, raws[i::workers], limitmb)
            for i in range(workers)
        ]
        try:
            pending = set(futures)
            while pending:
                finished, pending = wait(pending, timeout=0.2, return_when=FIRST_EXCEPTION)
                for f in finished:
                    f.result()  # a worker's error stops the build at once
                if progress:
                    progress(done.value, len(raws))
            reports = [f.result() for f in futures]
        except BaseException:
            stop.value = 1  # the other workers drop their segments and return
            raise
    if progress:
        progress(len(raws), len(raws))
    return reports


# The posting pools of all segment writers together (pool.py: about 17 bytes a posting, 160 a
# term). A pool over its share writes its terms to a run file; the runs are merged at the end.
# (A 55k build stays in memory: 5.5 million postings a writer, about 95 MB.)
SEGMENT_MEMORY_MB = 512
_shared: dict = {}


def _init_segment_worker(owner: int, done, stop) -> None:
    _init_worker(owner)
    _shared.update(done=done, stop=stop)


def _build_segment(version_dir: str, raws: list[Source], limitmb: int) -> SegmentReport:
    done, stop = _shared["done"], _shared["stop"]
    report = SegmentReport()
    writer = engine.segment_writer(version_dir, limitmb)
    try:
        for n, raw in enumerate(raws, start=1):
            if stop.value:
                raise InterruptedError("stopped")
            outcome = _safe(raw, analyzed=False)
            if outcome.article is None:
                report.skipped.append((outcome.id, outcome.reason or "failed"))
            else:
                writer.add_document(**outcome.document)
                report.added += 1
                report.hashes[outcome.id] = outcome.article.content_hash
                report.warnings.extend(f"{outcome.id}: {w}" for w in outcome.warnings)
                documents.add_labels(report.labels, outcome.article)
            if n % 32 == 0:
                with done.get_lock():
                    done.value += 32
        report.segment = engine.finish_segment(writer)
    except BaseException:
        writer.cancel()
        raise
    return report


def _init_worker(owner: int) -> None:
    """Ctrl-C reaches the whole process group: only the main process handles it (and says so
    once); workers stop when it shuts the pool down. If the main process is killed outright,
    a watchdog ends the worker instead of leaving it waiting forever on its queue."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)

    def watch() -> None:
        while True:
            time.sleep(1.0)
            try:
                os.kill(owner, 0)
            except ProcessLookupError:
                os._exit(1)
            except PermissionError:
                pass

    threading.Thread(target=watch, name="defsearch-watchdog", daemon=True).start()


def _safe_batch(raws: list[Source]) -> list[Outcome]:
    return [_safe(r) for r in raws]
