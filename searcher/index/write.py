"""Carrying out a plan: a full build into a new version folder (swapped in when done) or a sync
into the live one, through one writer or a segment per core; then labels, file table and
manifest, each written atomically after the commit."""

from __future__ import annotations

import contextlib
import datetime as dt
import functools
import os
from collections.abc import Generator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from searcher import engine
from searcher.corpus import Skipped
from searcher.engine import checksums
from searcher.fast import labels as label_file
from searcher.index import filetable, store
from searcher.index.plan import FileTable, Plan, table_of
from searcher.index.synclog import log_sync

if TYPE_CHECKING:
    from searcher.engine.storage import FileIndex
    from searcher.index.indexer import SyncOptions
    from searcher.pipeline import Outcome

# (the cleaning and extraction pipeline, searcher.index.documents and searcher.pipeline, is
# imported where documents are read: a sync that reads no file never loads it)

MANIFEST_VERSION = store.MANIFEST_VERSION
# A full build of at least this many files writes one segment per core, in the worker processes
# (so writing uses every core too); smaller builds and syncs go through one writer.
PARALLEL_SEGMENTS_FROM = 2000
Labels = dict[str, dict[str, str]]


@dataclass(frozen=True)
class Target:
    """Where a plan is written: the index folder, the corpus it indexes, and the open live
    version to sync into (None: a full build into a new version)."""

    index_dir: str
    roots: tuple[str, ...]
    ix: object | None


@dataclass
class Written:
    """What writing did, beyond the plan: documents added and updated, documents skipped by the
    cleaner or the extractor (with reasons), warnings."""

    added: int = 0
    updated: int = 0
    skipped: list[Skipped] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


def write(target: Target, plan: Plan, options: SyncOptions) -> Written:
    """Carry out ``plan``; on any error a new version is removed and the live one left as it
    was."""
    written = Written()
    if target.ix is not None and not plan.todo and not plan.delete:
        # nothing to index: the file table is written again only if a file's stats changed
        version = store.require_version(target.index_dir)
        changed = plan.folders != plan.folders_before or plan.files != _saved(plan)
        _save(version, target, plan, {}, table=changed)
        return written
    new_dir = _new_version(target.index_dir) if target.ix is None else None
    try:
        if new_dir is not None:
            ix = engine.create(new_dir)
            cores = options.workers if options.workers is not None else (os.cpu_count() or 1)
            threshold = options.segments_from
            if threshold is None:
                threshold = PARALLEL_SEGMENTS_FROM
            if cores > 1 and len(plan.todo) >= threshold:
                labels = _write_segments(ix, new_dir, plan, cores, options, written)
            else:
                labels = _write_serial(ix, plan, options, written)
            built = Target(target.index_dir, target.roots, ix)
            _save(new_dir, built, plan, labels, log=written, live=False)
            written.warnings.extend(store.publish(target.index_dir, new_dir))
        else:
            # (every byte of the live version written to since it was last found intact,
            # before a sync adds to it: also what finds the damage a killed or crashed run
            # left; a file nothing wrote to since is not read again: see engine/checksums.py)
            version = store.require_version(target.index_dir)
            checked = checksums.require_intact(version, full=True, since=True)
            labels = _write_serial(target.ix, plan, options, written)
            _save(version, target, plan, labels, log=written, checked=checked)
    except BaseException:
        if new_dir:
            with contextlib.suppress(OSError):  # (the error that got us here is the one to tell)
                store.remove_version(new_dir)
        raise
    return written


def _new_version(index_dir: str) -> str:
    """``store.new_version_dir``; when making it fails (a full disk: its marker cannot be
    written), the folder it began is removed (by ``store.remove_version``: only our files)."""
    before = set(os.listdir(index_dir))
    try:
        return store.new_version_dir(index_dir)
    except OSError:
        for name in set(os.listdir(index_dir)) - before:
            with contextlib.suppress(OSError):
                store.remove_version(os.path.join(index_dir, name))
        raise


def _write_segments(
    ix: FileIndex, new_dir: str, plan: Plan, cores: int, options: SyncOptions, written: Written
) -> Labels:
    from searcher.index.documents import merge_labels
    from searcher.index.parallel import build_segments

    labels: Labels = {}
    reports = build_segments(new_dir, plan.todo, cores, options.progress)
    for report in reports:
        for doc_id, reason in report.skipped:
            written.skipped.append(Skipped(doc_id, reason))
            plan.docs.pop(doc_id, None)
        written.warnings.extend(report.warnings)
        written.added += report.added
        plan.docs.update(report.hashes)
        merge_labels(labels, report.labels)
    engine.commit_segments(ix, [r.segment for r in reports if r.segment is not None])
    return labels


def _outcomes(plan: Plan, options: SyncOptions) -> Generator[Outcome, None, None]:
    if not plan.todo:  # (deletions only: the pipeline is not loaded)
        return
    from searcher.index.documents import to_document
    from searcher.pipeline import process_many

    total = len(plan.todo)
    workers = options.workers
    if workers is None:
        workers = 1 if total < 200 else (os.cpu_count() or 1)  # (few: not worth processes)
    # Worker processes also analyse the text, so that this one only files postings; in this
    # process the writer analyses as it adds (measured faster: 1.2 against 2.3 ms a document,
    # than filing postings analysed here first).
    prepare = functools.partial(to_document, analyzed=workers > 1)
    for n, outcome in enumerate(process_many(iter(plan.todo), workers, prepare), start=1):
        if options.progress:
            options.progress(n, total)
        yield outcome


def _write_serial(ix: FileIndex, plan: Plan, options: SyncOptions, written: Written) -> Labels:
    labels: Labels = {}
    if plan.todo:
        from searcher.index.documents import add_labels
    writer = engine.writer(ix, limitmb=256)
    # (closed here on any error or Ctrl-C: its worker pool shuts down before the message is
    # printed, not when the interpreter exits)
    outcomes = contextlib.closing(_outcomes(plan, options))
    try:
        for doc_id in plan.delete:
            writer.delete_by_term("id", doc_id)
        with outcomes as stream:
            for outcome in stream:
                if outcome.article is None or outcome.document is None:
                    written.skipped.append(Skipped(outcome.id, outcome.reason or "failed"))
                    _failed(plan, outcome.id)
                    continue
                for w in outcome.warnings:
                    written.warnings.append(f"{outcome.id}: {w}")
                article = outcome.article
                plan.docs[article.id] = article.content_hash  # (read by the worker when full)
                doc = outcome.document
                if article.id in plan.existing:
                    writer.update_document(**doc)
                    written.updated += 1
                else:
                    writer.add_document(**doc)
                    written.added += 1
                add_labels(labels, article)
        writer.commit()
    except BaseException:
        engine.discard(writer)
        raise
    return labels


def _failed(plan: Plan, doc_id: str) -> None:
    """A document the pipeline could not process: one the index holds keeps the version it has
    (its old hash: counted as kept, and updated, not added again, once it is read); a new one
    is not in the index (no hash: read again by the next sync)."""
    old = plan.before.docs.get(doc_id)
    if doc_id in plan.existing and old is not None:
        plan.docs[doc_id] = old
        plan.kept.add(doc_id)
    else:
        plan.docs.pop(doc_id, None)


def _save(
    version: str,
    target: Target,
    plan: Plan,
    new_labels: Labels,
    table: bool = True,
    log: Written | None = None,
    checked: dict[str, checksums.Stat] | None = None,
    live: bool = True,
) -> None:
    """Write labels, file table, sync log (``log``: what this sync did) and manifest for the
    committed state (each atomically, after the commit); ``table`` False keeps the file table
    written before; ``checked``: the index files verified before the commit (their stats);
    ``live``: ``version`` is the one the file table was read from (a delta can be appended to
    it), not a new one."""
    if new_labels or table:
        labels = store.read_json(os.path.join(version, store.LABELS)) or {}
        if new_labels:
            from searcher.index.documents import merge_labels

            merge_labels(labels, new_labels)
        # (laid out for search: see fast/labels.py)
        store.write_bytes(os.path.join(version, store.LABELS), label_file.dumps(labels))
    generation = engine.generation(target.ix)
    checksums.record(version, checked)  # (the commit's files: verified on open and by check)
    if table:
        previous = plan.before.table if live else None
        filetable.write(version, table_of(plan, generation), previous)
        with contextlib.suppress(FileNotFoundError):  # (the old format's table, read once)
            os.unlink(os.path.join(version, filetable.LEGACY))
    if log is not None:
        log_sync(version, target, plan, log)
    store.write_json(
        os.path.join(version, store.MANIFEST),
        {
            "version": MANIFEST_VERSION,
            "schema": engine.SCHEMA_VERSION,
            "corpus": list(target.roots),
            "generation": generation,
            "synced": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
            "documents": plan.documents(),
            # each root's JSON Lines field mapping (defsearch.toml's [fields]) its records were
            # read with: a different one makes the next sync read them again
            **({"fields": _fields_to_disk(plan)} if plan.fields else {}),
        },
    )


def _saved(plan: Plan) -> FileTable | None:
    """The file table's rows as read, less those of folders carried unread."""
    saved, carried = plan.saved, plan.carried
    if saved is None or not carried:
        return saved
    return {p: r for p, r in saved.items() if p.rpartition("/")[0] not in carried}


def _fields_to_disk(plan: Plan) -> dict[str, list[list[str]]]:
    return {root: [list(pair) for pair in pairs] for root, pairs in plan.fields.items()}
