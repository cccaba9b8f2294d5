"""A large full build, one segment per core: each worker process reads, cleans, extracts and
writes its own share of the corpus into a segment of the new (uncommitted) index version, so
the writing uses every core too. The parent then commits all segments at once."""

from __future__ import annotations

import os
import pickle
from collections.abc import Callable, Iterator
from concurrent.futures import FIRST_EXCEPTION, Future, ProcessPoolExecutor, wait
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from searcher import engine
from searcher.index.documents import add_labels, to_document
from searcher.pipeline import Source, init_worker, outcome_of, submit, worker_context

if TYPE_CHECKING:
    from multiprocessing.sharedctypes import Synchronized

# The posting pools of all segment writers together (engine/pool.py: about 17 bytes a posting,
# 160 a term). A pool over its share writes its terms to a run file; the runs are merged at the
# end. A news item takes about 1.45 KB of pool: at 80 MB a writer (two of them) a 55k build
# stays in memory (40 MB a writer) and a 221k one writes two runs a writer, which costs about
# a second of its 170; the pool no longer sets the peak memory (bench/README.md, "Build memory").
SEGMENT_MEMORY_MB = 160
# A worker's share of the sources goes to it pickled in chunks of this many, unpickled a chunk
# at a time: pickling 110k sources in one piece keeps a memo entry per object, about 17 MB in
# this process for each worker, and the worker would hold all 110k objects until it ends.
SOURCE_CHUNK = 2048
_shared: dict = {}  # the worker's counter of documents done, and the flag that stops it


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
    sources: list[Source],
    workers: int,
    progress: Callable[[int, int], None] | None = None,
) -> list[SegmentReport]:
    """Index ``sources`` into new segments of the uncommitted index in ``version_dir``, one per
    worker process. The caller commits the segments (it holds the index lock)."""
    context = worker_context(["searcher.index.parallel"])
    done = context.Value("q", 0)
    stop = context.Value("b", 0)
    limitmb = max(64, SEGMENT_MEMORY_MB // workers)
    with ProcessPoolExecutor(
        max_workers=workers,
        mp_context=context,
        initializer=_init_segment_worker,
        initargs=(os.getpid(), done, stop),
    ) as pool:
        futures: list[Future] = []
        try:
            for i in range(workers):  # (a Ctrl-C held while one spawns is raised here: in the try)
                share = pack_sources(sources[i::workers])
                futures.append(submit(pool, _build_segment, version_dir, share, limitmb))
            pending = set(futures)
            while pending:
                finished, pending = wait(pending, timeout=0.2, return_when=FIRST_EXCEPTION)
                for f in finished:
                    f.result()  # a worker's error stops the build at once
                if progress:
                    progress(done.value, len(sources))
            reports = [f.result() for f in futures]
        except BaseException:
            stop.value = 1  # the other workers drop their segments and return
            raise
    if progress:
        progress(len(sources), len(sources))
    return reports


def pack_sources(sources: list[Source], chunk: int = SOURCE_CHUNK) -> list[bytes]:
    """``sources`` as pickled chunks (for ``unpack_sources``)."""
    return [
        pickle.dumps(sources[i : i + chunk], pickle.HIGHEST_PROTOCOL)
        for i in range(0, len(sources), chunk)
    ]


def unpack_sources(chunks: list[bytes]) -> Iterator[Source]:
    """The sources ``pack_sources`` packed, in order, a chunk unpickled at a time."""
    for chunk in chunks:
        yield from pickle.loads(chunk)


def _init_segment_worker(owner: int, done: Synchronized[int], stop: Synchronized[int]) -> None:
    init_worker(owner)
    _shared.update(done=done, stop=stop)


def _build_segment(version_dir: str, sources: list[bytes], limitmb: int) -> SegmentReport:
    done, stop = _shared["done"], _shared["stop"]
    report = SegmentReport()
    writer = engine.segment_writer(version_dir, limitmb)
    try:
        for n, source in enumerate(unpack_sources(sources), start=1):
            if stop.value:
                raise InterruptedError("stopped")
            outcome = outcome_of(source, to_document)
            if outcome.article is None or outcome.document is None:
                report.skipped.append((outcome.id, outcome.reason or "failed"))
            else:
                writer.add_document(**outcome.document)
                report.added += 1
                report.hashes[outcome.id] = outcome.article.content_hash
                report.warnings.extend(f"{outcome.id}: {w}" for w in outcome.warnings)
                add_labels(report.labels, outcome.article)
            if n % 32 == 0:
                with done.get_lock():
                    done.value += 32
        report.segment = engine.finish_segment(writer)
    except BaseException:
        engine.discard(writer)
        raise
    return report
