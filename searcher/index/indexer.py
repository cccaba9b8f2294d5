"""Build the index, then keep it in sync with the corpus: one call does whichever is needed.

New files are added, changed files (by content hash; size and mtime only decide whether to hash)
re-indexed, deleted files removed, unchanged files not touched. A first build or ``rebuild``
writes a new version folder and swaps it in; a sync commits into the live version (Whoosh commits
are atomic). Either way an interrupted run leaves the previous index usable.
"""

from __future__ import annotations

import dataclasses
import os
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from searcher import engine
from searcher.corpus import SETTLE_NS, Skipped, escaped_name
from searcher.errors import CorpusChanged, CorpusMissing, DefsearchError, IndexAccess, MassDelete
from searcher.folders import FolderOutlets, folder_outlets
from searcher.index import filetable, store, synclog
from searcher.index.plan import (
    Known,
    Plan,
    known_of,
    make_plan,
    rows_from_disk,
    settings,
    told_plan,
)
from searcher.index.store import MANIFEST_VERSION

if TYPE_CHECKING:
    from searcher.engine.storage import FileIndex

Progress = Callable[[int, int], None]  # (documents done, documents to do)
# A sync that would remove more than this share of the indexed articles stops (MassDelete): an
# unmounted share, an emptied or replaced corpus folder look like deleted files.
MASS_DELETE_SHARE = 0.5


@dataclass(frozen=True, kw_only=True)
class SyncOptions:
    """How to run a sync. ``workers`` None means one per core (one for small batches);
    ``wait`` is how long to wait for another writer's lock; a full build of ``segments_from``
    files or more (default ``write.PARALLEL_SEGMENTS_FROM``) writes a segment per worker."""

    rebuild: bool = False
    force: bool = False
    workers: int | None = None
    wait: float = 0.0
    progress: Progress | None = None
    segments_from: int | None = None
    allow_mass_delete: bool = False  # let a sync remove more than MASS_DELETE_SHARE of the index
    follow_links: bool = False  # index what symlinks out of the corpus point to
    # list every folder and read and hash every file, trusting no folder time nor file stat
    full: bool = False
    relist: frozenset[str] = frozenset()  # folders to list again whatever their time (--watch)
    # a folder changed less than this long ago (ns) is listed again next time, not trusted
    settle_ns: int = SETTLE_NS
    # only these files changed (added, edited or deleted; --changed): nothing else is listed or
    # stat'ed (None: look at the whole corpus)
    changed: tuple[str, ...] | None = None


@dataclass(frozen=True)
class SyncReport:
    """What one `defsearch index` run did. Every entry found is indexed (added, updated or
    unchanged), skipped with its reason, or ignored by rule (hidden)."""

    index_dir: str
    corpus: tuple[str, ...]
    added: int = 0
    updated: int = 0
    removed: int = 0
    unchanged: int = 0
    kept: int = 0  # articles kept as they were: their file or folder could not be read (skipped)
    skipped: tuple[Skipped, ...] = ()
    ignored: tuple[str, ...] = ()  # hidden entries (a name starting with "."), by rule
    configs: tuple[str, ...] = ()  # the corpus configs read (defsearch.toml: not counted in files)
    mappings: tuple[str, ...] = ()  # the configs among them that map JSON Lines fields
    warnings: tuple[str, ...] = ()
    files: int = 0
    rebuilt: bool = False
    stale_lock_pid: int | None = None
    seconds: float = 0.0
    sync: int | None = None  # the number the sync log gave this sync (None: nothing changed)


def sync(
    corpus: list[str] | None, index_dir: str, options: SyncOptions = SyncOptions()
) -> SyncReport:
    """Bring the index at ``index_dir`` in line with ``corpus`` (or the corpus it remembers).

    A file system error on the index (permissions, a read-only or full disk) is an IndexAccess
    error; the index is then as it was before the run."""
    try:
        return _sync(corpus, index_dir, options)
    except OSError as exc:  # (corpus files that cannot be read are skipped, not raised)
        where = f" ({exc.filename})" if exc.filename else ""
        raise IndexAccess(
            f"cannot write the index at {index_dir}: {exc.strerror or exc}{where}; the previous"
            " index is intact"
        ) from None


def _sync(corpus: list[str] | None, index_dir: str, options: SyncOptions) -> SyncReport:
    started = time.monotonic()
    # A corpus given, and its config, are checked before the index folder is touched: a missing
    # corpus or a malformed config leaves nothing behind.
    given = _roots(corpus, None) if corpus else None
    configs = _configs(given) if given else None
    new_folder = not os.path.lexists(index_dir)
    store.claim(index_dir, options.force)
    try:
        return _sync_claimed(index_dir, corpus, given, configs, options, started)
    except BaseException:
        if new_folder:  # a first run that failed leaves no folder behind (only ours was in it)
            store.unclaim(index_dir)
        raise


def _sync_claimed(
    index_dir: str,
    corpus: list[str] | None,
    given: tuple[str, ...] | None,
    configs: dict[str, FolderOutlets] | None,
    options: SyncOptions,
    started: float,
) -> SyncReport:
    rebuild = options.rebuild
    with store.writer_lock(index_dir, wait=options.wait) as lock:
        version = store.current_version(index_dir)
        manifest = _read_manifest(version)
        roots = given or _roots(corpus, manifest)
        configs = configs or _configs(roots)  # (before anything is written or removed)
        told = _told_paths(options.changed, roots) if options.changed is not None else None
        if manifest and tuple(manifest.get("corpus", ())) != roots:
            if not rebuild:
                _check_corpus_change(index_dir, manifest, roots)
            rebuild = True  # a different corpus: start over rather than mix
        leftovers: list[str] = []
        if version and (manifest is None or manifest.get("schema") != engine.SCHEMA_VERSION):
            rebuild = True  # built by another version of the analyzer or schema: never mix
            leftovers.append(engine.rebuild_reason((manifest or {}).get("schema")))
        table = filetable.read(version) if version else None  # (read once: both below use it)
        if (
            version
            and table
            and not rebuild
            and not leftovers
            and manifest is not None
            and not told
        ):
            quick = _nothing_changed(index_dir, version, manifest, table, roots, configs, options)
            if quick is not None:
                return dataclasses.replace(quick, stale_lock_pid=lock.stale_pid)
        manifest = _load_manifest(version, manifest, table)
        ix = None
        known = (manifest.get("known") or manifest.get("before")) if manifest else None
        known = known or Known()  # (a rebuild: its marks keep each unchanged article's sync)
        if version and not rebuild and os.path.isdir(version):
            ix = engine.open_index(version)
            leftovers = store.remove_unpublished(index_dir)  # (a killed build's; a build prunes)
            if manifest is None or manifest.get("generation") != engine.generation(ix):
                known = _known_from_index(ix, known)
            else:
                known = manifest["known"]
        if options.full:  # every file read and hashed: only the content hashes are trusted
            known.decode_all()
            known = Known(docs=known.docs, fields=known.fields, syncs=known.syncs)
        current = settings(roots, configs, options.follow_links)
        untrusted = _untrusted(ix, known, current, options) if told is not None else None
        if told is not None and untrusted is None:
            plan = told_plan(roots, known, told, configs, options.follow_links)
        else:  # (no file table to trust, or --changed not given: the whole corpus looked at)
            if untrusted is not None:
                leftovers.append(f"--changed: {untrusted}; the whole corpus was listed")
            plan = make_plan(
                roots,
                known,
                ix is None,
                options.follow_links,
                configs,
                True,
                options.relist,
                options.settle_ns,
            )
        plan.sync = synclog.next_number(synclog.read(version))
        if not options.allow_mass_delete:
            _check_removals(plan, roots)
        from searcher.index.write import Target, write  # (the pipeline: only when needed)

        written = write(Target(index_dir, roots, ix), plan, options)
    changed = ix is None or written.added or written.updated or plan.delete
    return SyncReport(
        index_dir=index_dir,
        corpus=roots,
        added=written.added,
        updated=written.updated,
        removed=len(plan.delete),
        unchanged=plan.unchanged,
        kept=len(plan.kept),
        skipped=tuple(plan.skipped + written.skipped),
        ignored=tuple(plan.ignored),
        configs=tuple(
            c.config for c in configs.values() if c.config and (c.folders or not c.fields)
        ),
        mappings=tuple(c.config for c in configs.values() if c.config and c.fields),
        warnings=tuple(leftovers + plan.warnings + written.warnings),
        files=plan.found,
        rebuilt=ix is None,
        stale_lock_pid=lock.stale_pid,
        seconds=time.monotonic() - started,
        sync=plan.sync if changed else None,
    )


def _nothing_changed(
    index_dir: str,
    version: str,
    manifest: dict,
    table: filetable.Table,
    roots: tuple[str, ...],
    configs: dict[str, FolderOutlets],
    options: SyncOptions,
) -> SyncReport | None:
    """The report of a sync that finds every folder as the file table recorded it (no file
    added, removed or renamed anywhere; nothing was changing when it was listed) and every file
    with the size and mtime the table recorded, made from the table alone: nothing is listed or
    read. None when anything may have changed, or the table cannot say."""
    if options.full or options.relist or manifest.get("version") != MANIFEST_VERSION:
        return None
    if tuple(manifest.get("corpus", ())) != roots:
        return None
    header, records = table.header, table.folders
    if header.generation != manifest.get("generation"):
        return None
    if header.settings != settings(roots, configs, options.follow_links):
        return None
    if not filetable.folders_unchanged(records):
        return None
    if not filetable.files_unchanged(table):  # (a file rewritten in place: only its stats say so)
        return None
    leftovers = store.remove_unpublished(index_dir)  # (a killed build's version folder)
    skipped = [Skipped(rel, reason) for r in records.values() for rel, reason in r.skipped]
    ignored = sorted(rel for r in records.values() for rel in r.ignored)
    store.write_json(os.path.join(version, store.MANIFEST), {**manifest, "synced": synclog.now()})
    return SyncReport(
        index_dir=index_dir,
        corpus=roots,
        unchanged=manifest.get("documents", 0),
        skipped=tuple(skipped),
        ignored=tuple(ignored),
        configs=tuple(
            c.config for c in configs.values() if c.config and (c.folders or not c.fields)
        ),
        mappings=tuple(c.config for c in configs.values() if c.config and c.fields),
        warnings=tuple(leftovers) + header.warnings,
        files=header.found,
    )


def _untrusted(ix: object, known: Known, current: str, options: SyncOptions) -> str | None:
    """Why the file table cannot be trusted to sync only the paths told about (None: it can)."""
    if ix is None:
        return "the index is built anew (none yet, or another schema or corpus)"
    if options.full:
        return "--full reads every file"
    if known.saved is None:
        return "the file table could not be used (missing, damaged or from another commit)"
    if known.settings != current:
        return "the corpus config or --follow-links changed since the last sync"
    return None


def _told_paths(paths: tuple[str, ...], roots: tuple[str, ...]) -> list[str]:
    """The paths given to ``--changed``, absolute; a path outside every corpus root is an error
    (nothing is changed)."""
    told = []
    for given in paths:
        path = os.path.abspath(given)
        if not any(path == r or path.startswith(r.rstrip("/") + "/") for r in roots):
            raise DefsearchError(
                f"--changed: {_one_line(given)} is not in the corpus"
                f" ({', '.join(_one_line(r) for r in roots)}); nothing was changed",
                hint="give paths of files below the corpus folder",
            )
        if path in roots:
            continue  # (the corpus root itself: a folder, its files are named one by one)
        told.append(path)
    return told


def _one_line(name: str) -> str:
    """A path as one safe line of a message: bytes that are not UTF-8 written ``\\xff``, a
    name with a newline or a control character quoted as ``$'…'`` (``output.shell_quoted``)."""
    from searcher.output import safe_name, shell_quoted  # (only for the message)

    text = escaped_name(name)
    return text if safe_name(text) == text else shell_quoted(text)


def _check_corpus_change(index_dir: str, manifest: dict, roots: tuple[str, ...]) -> None:
    """Refuse to replace an index's articles by another corpus's without --rebuild: a corpus
    folder the index was built from and the run does not name would be dropped whole. Adding
    folders to those it holds (a rebuild of them all) goes ahead."""
    before = tuple(manifest.get("corpus", ()))
    dropped = [root for root in before if root not in roots]
    held = manifest.get("documents", 0)
    if not dropped or not held:
        return
    everything = " ".join([*before, *(r for r in roots if r not in before)])
    raise CorpusChanged(
        f"index {index_dir} holds {held} article{'s' * (held != 1)} from {', '.join(before)};"
        f" indexing {', '.join(roots)} would drop those from {', '.join(dropped)}; nothing was"
        " changed",
        hint=f"to replace them, run again with --rebuild; to keep both: defsearch index"
        f" {everything}",
    )


def _check_removals(plan: Plan, roots: tuple[str, ...]) -> None:
    """Refuse a sync that would remove more than ``MASS_DELETE_SHARE`` of the index, naming what
    the corpus looks like (nothing is changed)."""
    removed, held = len(plan.delete), plan.held
    if not removed or removed <= MASS_DELETE_SHARE * held:
        return
    raise MassDelete(
        f"sync would remove {removed} of the {held} indexed articles: {_corpus_state(roots)};"
        " nothing was changed"
    )


def _corpus_state(roots: tuple[str, ...]) -> str:
    """What the corpus folders look like, for a refusal."""
    states = []
    for root in roots:
        if not os.path.isdir(root):
            states.append(f"{root} is no longer a folder")
        elif not os.access(root, os.R_OK | os.X_OK):
            states.append(f"{root} cannot be read")
        else:
            try:
                empty = not any(True for _ in os.scandir(root))
            except OSError:
                empty = False
            states.append(f"{root} is empty" if empty else f"most files under {root} are gone")
    return "; ".join(states)


def _configs(roots: tuple[str, ...]) -> dict[str, FolderOutlets]:
    """Each root's folder outlets, from its ``defsearch.toml`` (CorpusConfigError when one
    cannot be used)."""
    return {root: folder_outlets(root) for root in roots}


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


def _read_manifest(version: str | None) -> dict | None:
    """The live version's manifest as written, or None (none, or not one we can read)."""
    if version is None:
        return None
    manifest = store.read_json(os.path.join(version, store.MANIFEST))
    if not manifest or manifest.get("version") not in (1, 2, MANIFEST_VERSION):
        return None
    return manifest


def _load_manifest(
    version: str | None, manifest: dict | None, table: filetable.Table | None
) -> dict | None:
    """The manifest, with what the index holds as ``known`` (the file table: ``table``, files.bin
    as read, or files.json before it, read once; inline in version 1). A table from another commit than the
    manifest's is not trusted: the generation is then None, and the table is rebuilt from the
    index (its marks of which sync changed each document, in ``before``, are still used)."""
    if version is None or manifest is None:
        return None
    if manifest["version"] == 1:
        files = rows_from_disk(manifest.get("files", {}), outlets=False)
        return {**manifest, "known": Known(files, manifest.get("docs", {}))}
    fields = {
        root: tuple(tuple(pair) for pair in pairs)
        for root, pairs in (manifest.get("fields") or {}).items()
    }
    if table is not None:
        if table.header.generation != manifest.get("generation"):
            return {**manifest, "generation": None, "before": known_of(table, fields)}
        # (decoded folder by folder, as the plan needs them: see plan.Known)
        return {**manifest, "known": known_of(table, fields, decoded=False)}
    legacy = store.read_json(os.path.join(version, filetable.LEGACY)) or {}
    if legacy.get("generation") != manifest.get("generation"):
        return {**manifest, "generation": None}
    files = rows_from_disk(legacy.get("files", {}), outlets=manifest["version"] != 2)
    # (a table in an older format is not "saved": the next sync writes it anew)
    return {**manifest, "known": Known(files, legacy.get("docs", {}), fields=fields)}


def _known_from_index(ix: FileIndex, table: Known) -> Known:
    """The id → hash map from the index itself (after a crash between commit and manifest
    write). File stats are unknown, so every file is hashed once more; which sync changed each
    document is taken from the untrusted ``table`` (kept only where the content is the same)."""
    table.decode_all()
    return Known(docs=engine.content_hashes(ix), syncs=table.syncs)
