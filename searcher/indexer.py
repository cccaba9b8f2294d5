"""Build the index, then keep it in sync with the corpus: one call does whichever is needed.

New files are added, changed files (by content hash; size and mtime only decide whether to hash)
re-indexed, deleted files removed, unchanged files not touched. A first build or ``rebuild``
writes a new version folder and swaps it in; a sync commits into the live version (Whoosh commits
are atomic). Either way an interrupted run leaves the previous index usable.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

from searcher import engine, store
from searcher.corpus import JSONL_SUFFIXES, CorpusFile, Skipped, documents, list_files, read_file
from searcher.documents import add_labels, merge_labels, to_document
from searcher.errors import CorpusMissing
from searcher.models import RawDocument
from searcher.pipeline import Outcome, build_segments, process_many

MANIFEST_VERSION = 2  # 2: the file table moved from manifest.json to files.json
Progress = Callable[[int, int], None]


@dataclass(frozen=True)
class SyncReport:
    """What one `defsearch index` run did. Counts add up: every file found is indexed
    (added, updated or unchanged) or skipped."""

    index_dir: str
    corpus: tuple[str, ...]
    added: int = 0
    updated: int = 0
    removed: int = 0
    unchanged: int = 0
    skipped: tuple[Skipped, ...] = ()
    warnings: tuple[str, ...] = ()
    files: int = 0
    rebuilt: bool = False
    stale_lock_pid: int | None = None
    seconds: float = 0.0


@dataclass
class _Plan:
    """What a sync has to do, worked out before the index is touched."""

    files: dict[str, list] = field(default_factory=dict)  # abs path -> [size, mtime, hash, ids]
    docs: dict[str, str] = field(default_factory=dict)  # id -> hash (the new state)
    todo: list[RawDocument | CorpusFile] = field(default_factory=list)  # (files: not yet read)
    existing: set[str] = field(default_factory=set)  # ids in the index before this run
    delete: set[str] = field(default_factory=set)
    skipped: list[Skipped] = field(default_factory=list)
    unchanged: int = 0
    found: int = 0
    saved: dict | None = None  # the file table as files.json holds it, when it was read from it


def _roots(corpus: list[str] | None, manifest: dict | None) -> tuple[str, ...]:
    if corpus:
        roots = tuple(os.path.abspath(c) for c in corpus)
    elif manifest and manifest.get("corpus"):
        roots = tuple(manifest["corpus"])
    elif os.path.isdir("corpus"):
        roots = (os.path.abspath("corpus"),)
    else:
        raise CorpusMissing("no corpus given and the index remembers none")
    for root in roots:
        if not os.path.exists(root):
            raise CorpusMissing(f"corpus {root} not found (was it moved?)")
    return roots


def _load_manifest(version: str | None) -> dict | None:
    """The manifest with its file table (from files.json; inline in version 1)."""
    if version is None:
        return None
    manifest = store.read_json(os.path.join(version, store.MANIFEST))
    if not manifest or manifest.get("version") not in (1, MANIFEST_VERSION):
        return None
    if manifest["version"] == MANIFEST_VERSION:
        table = store.read_json(os.path.join(version, store.FILES)) or {}
        if table.get("generation") != manifest.get("generation"):
            # the two files are from different commits: rebuild the table from the index
            return {**manifest, "generation": None}
        manifest.update(files=table.get("files", {}), docs=table.get("docs", {}), saved=True)
    return manifest


def _manifest_from_index(ix) -> dict:
    """Rebuild the id → hash map from the index itself (after a crash between commit and
    manifest write). File stats are unknown, so every file is hashed once more."""
    docs = {}
    with ix.searcher() as s:
        for fields_ in s.all_stored_fields():
            docs[fields_["id"]] = fields_.get("hash", "")
    return {"files": {}, "docs": docs}


def _plan(roots: tuple[str, ...], old: dict, full: bool) -> _Plan:
    plan = _Plan(existing=set() if full else set(old.get("docs", {})))
    if not full and old.get("saved"):
        plan.saved = old["files"]
    old_files: dict[str, list] = {} if full else old.get("files", {})
    old_docs: dict[str, str] = {} if full else old.get("docs", {})
    for root in roots:
        found, skipped = list_files(root)
        plan.skipped.extend(skipped)
        plan.found += len(found) + len(skipped)
        for f in found:
            if full and not f.rel.lower().endswith(JSONL_SUFFIXES):
                _plan_unread(f, plan)
            else:
                path = f.path
                _plan_file(f, path, plan, old_files.get(path), old_docs)
    if not full:
        plan.delete = plan.existing - set(plan.docs)
        todo = {d.id for d in plan.todo}
        plan.unchanged = sum(1 for i in plan.docs if i in plan.existing and i not in todo)
    return plan


def _plan_file(
    f: CorpusFile, path: str, plan: _Plan, before: list | None, old_docs: dict[str, str]
) -> None:
    if before and before[0] == f.size and before[1] == f.mtime_ns:
        ids = before[3]
        if all(i in old_docs for i in ids):
            plan.files[path] = before
            for i in ids:
                plan.docs[i] = old_docs[i]
            return
    try:
        data = read_file(path, f.rel)
    except (OSError, ValueError) as exc:
        reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
        plan.skipped.append(Skipped(f.rel, f"cannot read: {reason}"))
        if before:  # keep what the index has for it
            plan.files[path] = before
            for i in before[3]:
                if i in old_docs:
                    plan.docs[i] = old_docs[i]
        return
    ids = []
    for doc in documents(f, data):
        if isinstance(doc, Skipped):
            plan.skipped.append(doc)
            continue
        if doc.id in plan.docs:
            plan.skipped.append(_duplicate(doc.id, f.rel))
            continue
        ids.append(doc.id)
        plan.docs[doc.id] = doc.content_hash
        if old_docs.get(doc.id) != doc.content_hash:
            plan.todo.append(doc)
    plan.files[path] = [f.size, f.mtime_ns, "", ids]


def _duplicate(doc_id: str, rel: str) -> Skipped:
    return Skipped(doc_id, f"duplicate id (also in another file); {rel} skipped")


def _plan_unread(f: CorpusFile, plan: _Plan) -> None:
    """A file of a full build: the worker that cleans it reads it and hashes it (the writer
    puts the hash in ``plan.docs``), so the parent never holds the corpus's bytes. Its line of
    the file table is made when the table is saved (``_file_table``)."""
    if f.id in plan.docs:
        plan.skipped.append(_duplicate(f.id, f.rel))
        return
    plan.docs[f.id] = ""
    plan.todo.append(f)


def _file_table(plan: _Plan) -> dict[str, list]:
    """abs path -> [size, mtime, hash (unused), ids] for every file listed, read or not."""
    table = dict(plan.files)
    for f in plan.todo:
        if isinstance(f, CorpusFile):
            table[f.path] = [f.size, f.mtime_ns, "", [f.id]]
    return table


def sync(
    corpus: list[str] | None,
    index_dir: str,
    *,
    rebuild: bool = False,
    force: bool = False,
    workers: int | None = None,
    wait: float = 0.0,
    progress: Progress | None = None,
    segments_from: int | None = None,
) -> SyncReport:
    """Bring the index at ``index_dir`` in line with ``corpus`` (or the corpus it remembers).

    A full build of ``segments_from`` files or more (default ``PARALLEL_SEGMENTS_FROM``) with
    more than one worker writes one segment per worker process.
    """
    started = time.monotonic()
    store.claim(index_dir, force)
    with store.writer_lock(index_dir, wait=wait) as lock:
        version = store.current_version(index_dir)
        manifest = _load_manifest(version)
        roots = _roots(corpus, manifest)
        if manifest and tuple(manifest.get("corpus", ())) != roots:
            rebuild = True  # a different corpus: start over rather than mix
        if version and (manifest is None or manifest.get("schema") != engine.SCHEMA_VERSION):
            rebuild = True  # built by another version of the analyzer or schema: never mix
        ix = None
        if version and not rebuild and os.path.isdir(version):
            ix = engine.open_index(version)
            if manifest is None or manifest.get("generation") != engine.generation(ix):
                manifest = _manifest_from_index(ix)
        full = ix is None
        plan = _plan(roots, manifest or {}, full)
        report = _write(ix, index_dir, roots, plan, workers, progress, segments_from)
    return SyncReport(
        index_dir=index_dir,
        corpus=roots,
        added=report["added"],
        updated=report["updated"],
        removed=len(plan.delete),
        unchanged=plan.unchanged,
        skipped=tuple(plan.skipped + report["skipped"]),
        warnings=tuple(report["warnings"]),
        files=plan.found,
        rebuilt=full,
        stale_lock_pid=lock.stale_pid,
        seconds=time.monotonic() - started,
    )


def _outcomes(plan: _Plan, workers: int | None, progress: Progress | None) -> Iterator[Outcome]:
    total = len(plan.todo)
    if workers is None and total < 200:
        workers = 1  # not worth starting processes
    for n, outcome in enumerate(process_many(iter(plan.todo), workers), start=1):
        if progress:
            progress(n, total)
        yield outcome


def _write(ix, index_dir: str, roots, plan: _Plan, workers, progress, segments_from) -> dict:
    result: dict = {"added": 0, "updated": 0, "skipped": [], "warnings": []}
    full = ix is None
    if not full and not plan.todo and not plan.delete:
        # nothing to index: the file table is written again only if a file's stats changed
        version = store.require_version(index_dir)
        _save(version, ix, roots, plan, {}, table=plan.files != plan.saved)
        return result
    new_dir = store.new_version_dir(index_dir) if full else None
    try:
        target = engine.create(new_dir) if full else ix
        cores = workers if workers is not None else (os.cpu_count() or 1)
        threshold = PARALLEL_SEGMENTS_FROM if segments_from is None else segments_from
        if full and cores > 1 and len(plan.todo) >= threshold:
            labels = _write_segments(target, new_dir, plan, cores, progress, result)
        else:
            labels = _write_serial(target, plan, workers, progress, result)
        version = new_dir if full else store.require_version(index_dir)
        _save(version, target, roots, plan, labels)
        if full:
            result["warnings"].extend(store.publish(index_dir, new_dir))
    except BaseException:
        if new_dir:
            with contextlib.suppress(OSError):  # (the error that got us here is the one to tell)
                store.remove_version(new_dir)
        raise
    return result


# A full build of at least this many files writes one segment per core, in the worker processes
# (so writing uses every core too); smaller builds and syncs go through one writer.
PARALLEL_SEGMENTS_FROM = 2000


def _write_segments(ix, new_dir: str, plan: _Plan, cores: int, progress, result: dict) -> dict:
    labels: dict[str, dict[str, str]] = {}
    reports = build_segments(new_dir, plan.todo, cores, progress)
    for report in reports:
        for doc_id, reason in report.skipped:
            result["skipped"].append(Skipped(doc_id, reason))
            plan.docs.pop(doc_id, None)
        result["warnings"].extend(report.warnings)
        result["added"] += report.added
        plan.docs.update(report.hashes)
        merge_labels(labels, report.labels)
    engine.commit_segments(ix, [r.segment for r in reports if r.segment is not None])
    return labels


def _write_serial(ix, plan: _Plan, workers, progress, result: dict) -> dict:
    labels: dict[str, dict[str, str]] = {}
    writer = engine.writer(ix, limitmb=256)
    try:
        for doc_id in plan.delete:
            writer.delete_by_term("id", doc_id)
        for outcome in _outcomes(plan, workers, progress):
            if outcome.article is None:
                result["skipped"].append(Skipped(outcome.id, outcome.reason or "failed"))
                plan.docs.pop(outcome.id, None)
                continue
            for w in outcome.warnings:
                result["warnings"].append(f"{outcome.id}: {w}")
            article = outcome.article
            plan.docs[article.id] = article.content_hash  # (read by the worker when full)
            doc = outcome.document or to_document(article)
            if article.id in plan.existing:
                writer.update_document(**doc)
                result["updated"] += 1
            else:
                writer.add_document(**doc)
                result["added"] += 1
            add_labels(labels, article)
        writer.commit()
    except BaseException:
        writer.cancel()
        raise
    return labels


def _save(version: str, ix, roots, plan: _Plan, new_labels: dict, table: bool = True) -> None:
    """Write labels, file table and manifest for the committed state (each atomically, after
    the commit); ``table`` False keeps the file table written before."""
    if new_labels or table:
        labels = store.read_json(os.path.join(version, store.LABELS)) or {}
        merge_labels(labels, new_labels)
        store.write_json(os.path.join(version, store.LABELS), labels)
    generation = engine.generation(ix)
    if table:
        store.write_json(
            os.path.join(version, store.FILES),
            {"generation": generation, "files": _file_table(plan), "docs": plan.docs},
        )
    store.write_json(
        os.path.join(version, store.MANIFEST),
        {
            "version": MANIFEST_VERSION,
            "schema": engine.SCHEMA_VERSION,
            "corpus": list(roots),
            "generation": generation,
            "synced": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
            "documents": len(plan.docs),
        },
    )
