"""What a sync has to do, worked out from the corpus and the file table before the index is
touched: which files are new, changed, gone or unchanged, and which were skipped and why."""

from __future__ import annotations

import json
import os
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import NamedTuple

from searcher.corpus import (
    SETTLE_NS,
    UNREADABLE_FOLDER,
    CorpusFile,
    Fields,
    Skipped,
    documents,
    is_jsonl,
    list_files,
    read_file,
)
from searcher.folders import FolderOutlets, folder_outlets
from searcher.index import filetable
from searcher.index.filetable import FolderRecord
from searcher.jsonl import RecordRef, records
from searcher.models import RawDocument


class FileRow(NamedTuple):
    """One corpus file as the file table remembers it: the stats and the folder outlet (from the
    corpus config) that decide whether to read it again, and the ids of the documents it holds."""

    size: int
    mtime_ns: int
    ids: tuple[str, ...]
    outlet: str | None = None


FileTable = dict[str, FileRow]  # absolute path -> row


@dataclass
class Known:
    """What the index held before this run: its file table and each document's content hash.
    ``saved`` is the table as read from disk (None when it had to be rebuilt from the index)."""

    files: FileTable = field(default_factory=dict)
    docs: dict[str, str] = field(default_factory=dict)  # id -> content hash
    saved: FileTable | None = None
    fields: dict[str, Fields] = field(default_factory=dict)  # root -> JSON Lines field mapping
    syncs: dict[str, int] = field(default_factory=dict)  # id -> sync that added or changed it
    folders: dict[str, FolderRecord] = field(default_factory=dict)  # the last listing's folders
    by_folder: dict[str, list[str]] = field(default_factory=dict)  # folder -> its files' paths
    settings: str | None = None  # what the table's listing was made with (see ``settings``)


@dataclass
class Plan:
    """What a sync has to do."""

    files: FileTable = field(default_factory=dict)
    docs: dict[str, str] = field(default_factory=dict)  # id -> hash (the new state)
    todo: list[RawDocument | CorpusFile | RecordRef] = field(default_factory=list)  # (unread)
    existing: set[str] = field(default_factory=set)  # ids in the index before this run
    delete: set[str] = field(default_factory=set)
    skipped: list[Skipped] = field(default_factory=list)
    unchanged: int = 0
    found: int = 0
    saved: FileTable | None = None  # the file table as it was read from disk
    kept: set[str] = field(default_factory=set)  # ids kept unread: file or folder unreadable
    ignored: list[str] = field(default_factory=list)  # hidden entries, ignored by rule
    warnings: list[str] = field(default_factory=list)  # a config's folder that holds no file
    fields: dict[str, Fields] = field(default_factory=dict)  # root -> mapping read this run
    folders: dict[str, FolderRecord] = field(default_factory=dict)  # every folder walked
    settings: str = ""  # what this listing was made with
    before: dict[str, tuple[str, int]] = field(default_factory=dict)  # id -> (hash, sync)
    folders_before: dict[str, FolderRecord] | None = None  # the table's (None: not read)
    sync: int = 0  # this sync's number (see synclog.py): what its changes are marked with

    def file_table(self) -> FileTable:
        """Every file listed, read or not (a full build's files are read by the workers)."""
        table = dict(self.files)
        for f in self.todo:
            if isinstance(f, CorpusFile):
                table[f.path] = FileRow(f.size, f.mtime_ns, (f.id,), f.outlet)
        return table


def make_plan(
    roots: tuple[str, ...],
    known: Known,
    full: bool,
    follow_links: bool = False,
    configs: Mapping[str, FolderOutlets] | None = None,
    reuse: bool = False,
    relist: frozenset[str] = frozenset(),
    settle_ns: int = SETTLE_NS,
) -> Plan:
    """The plan for bringing an index that holds ``known`` in line with the files under
    ``roots``; ``full`` plans a build from nothing; ``follow_links`` follows symlinks that lead
    out of the corpus; ``configs`` holds each root's folder outlets (read here when missing).
    ``reuse``: a folder whose ctime is the one the file table recorded, and whose files all
    have the stats recorded, keeps its files' rows without being listed again (when the table
    was made with the same settings), except the folders in ``relist``."""
    configs = {root: configs[root] if configs and root in configs else folder_outlets(root)
               for root in roots}  # fmt: skip
    current = settings(roots, configs, follow_links)
    marks = {i: (h, known.syncs.get(i, 0)) for i, h in known.docs.items()}
    folders_before = known.folders if known.settings is not None else None
    if full:
        known = Known()
    plan = Plan(existing=set(known.docs), saved=known.saved, settings=current, before=marks)
    plan.folders_before = folders_before
    reusable: dict[str, FolderRecord] | None = None
    if reuse and not full and known.settings == current:
        reusable = {k: v for k, v in known.folders.items() if k not in relist}
    unreadable: list[str] = []  # folders (absolute, with a trailing "/") that could not be listed
    for root in roots:
        outlets = configs[root] if configs and root in configs else folder_outlets(root)
        if outlets.fields:
            plan.fields[root] = outlets.fields
        # (a new field mapping: every JSON Lines file is read again, its records compared)
        remapped = tuple(known.fields.get(root, ())) != outlets.fields
        found, skipped, ignored, folders, reused = list_files(
            root, follow_links, outlets, reusable, settle_ns, _intact(known)
        )
        plan.folders.update(folders or {})
        carried = _carry(plan, known, reused)
        prefix = len(root) + 1
        plan.warnings.extend(
            f"{outlets.config}: [outlets] {folder or '.'!r} holds no article file"
            for folder in outlets.unmatched(
                [f.rel for f in found] + [path[prefix:] for path in carried]
            )
        )
        plan.skipped.extend(skipped)
        plan.ignored.extend(ignored)
        plan.found += len(found) + len(skipped) + len(ignored) + len(carried)
        unreadable.extend(
            (root if s.rel == "." else f"{root}/{s.rel}").rstrip("/") + "/"
            for s in skipped
            if s.reason.startswith(UNREADABLE_FOLDER)
        )
        for f in found:
            jsonl = is_jsonl(f.rel)
            if full and not jsonl:
                _plan_unread(f, plan)
            else:
                before = known.files.get(f.path)
                plan_file(f, plan, before, known.docs, outlets.fields, jsonl and remapped)
    if unreadable and not full:
        _keep_unlisted(plan, known, tuple(unreadable))
    if not full:
        plan.delete = plan.existing - set(plan.docs)
        todo = {d.id for d in plan.todo}
        plan.unchanged = sum(
            1 for i in plan.docs if i in plan.existing and i not in todo and i not in plan.kept
        )
    return plan


def settings(
    roots: tuple[str, ...], configs: Mapping[str, FolderOutlets], follow_links: bool
) -> str:
    """What a listing depends on besides the files, as one string: a file table made with
    other settings is not trusted folder by folder."""
    return json.dumps(
        [list(roots), follow_links, [[c.config, c.folders, c.fields] for c in configs.values()]]
    )


def _intact(known: Known) -> Callable[[str], bool]:
    """Whether a folder's files all have the size and mtime the file table recorded (a file
    rewritten in place leaves its folder's ctime as it was)."""

    def intact(folder: str) -> bool:
        try:
            for path in known.by_folder.get(folder, ()):
                row, st = known.files[path], os.stat(path)
                if st.st_size != row.size or st.st_mtime_ns != row.mtime_ns:
                    return False
        except OSError:
            return False
        return True

    return intact


def _carry(plan: Plan, known: Known, folders: tuple[str, ...]) -> list[str]:
    """The files of folders not listed again, taken from the file table as they were; returns
    their paths."""
    paths: list[str] = []
    files, docs = known.files, known.docs
    for folder in folders:
        for path in known.by_folder.get(folder, ()):
            row = files[path]
            plan.files[path] = row
            for i in row.ids:
                if i in docs:
                    plan.docs[i] = docs[i]
            paths.append(path)
    return paths


def plan_file(
    f: CorpusFile,
    plan: Plan,
    before: FileRow | None,
    old_docs: dict[str, str],
    fields: Fields = (),
    reread: bool = False,
) -> None:
    """One listed file into the plan: unchanged (same size, mtime and folder outlet, its ids all
    known), read and compared by content hash (which covers the folder outlet and the field
    mapping ``fields``; ``reread``: read it whatever its stats), or skipped with the reason
    (keeping what the index has)."""
    if (
        not reread
        and before
        and before == FileRow(f.size, f.mtime_ns, before.ids, f.outlet)
        and all(i in old_docs for i in before.ids)
    ):
        plan.files[f.path] = before
        for i in before.ids:
            plan.docs[i] = old_docs[i]
        return
    try:  # (JSON Lines streamed: a reference a record, never the file's bytes; see jsonl.py)
        jsonl = is_jsonl(f.rel)
        found = list(records(f, fields) if jsonl else documents(f, read_file(f.path, f.rel)))
    except (OSError, ValueError) as exc:
        reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
        plan.skipped.append(Skipped(f.rel, f"cannot read: {reason}"))
        folder = f.path.rpartition("/")[0]
        if folder in plan.folders:  # (listed again next time: it may be readable then)
            plan.folders[folder] = plan.folders[folder]._replace(ctime_ns=-1)
        if before:  # keep what the index has for it
            plan.files[f.path] = before
            for i in before.ids:
                if i in old_docs:
                    plan.docs[i] = old_docs[i]
                    plan.kept.add(i)
        return
    ids = []
    for doc in found:
        if isinstance(doc, Skipped):
            plan.skipped.append(doc)
            continue
        if doc.id in plan.docs:
            plan.skipped.append(duplicate(doc.id, f.rel))
            continue
        ids.append(doc.id)
        plan.docs[doc.id] = doc.content_hash
        if old_docs.get(doc.id) != doc.content_hash:
            plan.todo.append(doc)
    plan.files[f.path] = FileRow(f.size, f.mtime_ns, tuple(ids), f.outlet)


def _keep_unlisted(plan: Plan, known: Known, folders: tuple[str, ...]) -> None:
    """Files the index holds inside folders that could not be listed keep their documents
    (reported as skipped with their folder): an unreadable folder is not an empty one."""
    for path, row in known.files.items():
        if path.startswith(folders) and path not in plan.files:
            plan.files[path] = row
            for i in row.ids:
                if i in known.docs and i not in plan.docs:
                    plan.docs[i] = known.docs[i]
                    plan.kept.add(i)


def duplicate(doc_id: str, rel: str) -> Skipped:
    """The skip of a document whose id another file already gave."""
    return Skipped(doc_id, f"duplicate id (also in another file); {rel} skipped")


def _plan_unread(f: CorpusFile, plan: Plan) -> None:
    """A file of a full build: the worker that cleans it reads it and hashes it (the writer
    puts the hash in ``plan.docs``), so the parent never holds the corpus's bytes. Its row of
    the file table is made when the table is saved (``Plan.file_table``)."""
    if f.id in plan.docs:
        plan.skipped.append(duplicate(f.id, f.rel))
        return
    plan.docs[f.id] = ""
    plan.todo.append(f)


def rows_from_disk(files: dict[str, list], outlets: bool = True) -> FileTable:
    """files.json's rows as FileRows: ``[size, mtime, ids]``, or ``[size, mtime, outlet, ids]``
    for a file the corpus config gives an outlet (the ids stay last). ``outlets`` False reads
    versions 1 and 2, whose rows held an unused hash in that slot."""
    return {
        path: FileRow(row[0], row[1], tuple(row[-1]), row[2] if outlets and len(row) == 4 else None)
        for path, row in files.items()
    }


def rows_to_disk(table: FileTable) -> dict[str, list]:
    """FileRows as files.json holds them (see ``rows_from_disk``)."""
    return {
        path: [row.size, row.mtime_ns, *([row.outlet] if row.outlet else []), list(row.ids)]
        for path, row in table.items()
    }


def table_of(plan: Plan, generation: int | None) -> filetable.Table:
    """The file table to save after ``plan`` was carried out: each document marked with the
    sync that added or last changed it (unchanged content keeps its mark, even through a
    rebuild)."""
    ids = list(plan.docs)
    hashes = list(plan.docs.values())
    before, now = plan.before, plan.sync
    syncs = []
    for i, h in zip(ids, hashes, strict=True):
        b = before.get(i)
        syncs.append(b[1] if b is not None and b[0] == h else now)
    rows = sorted(plan.file_table().items())
    groups = filetable.group_files((p, r.size, r.mtime_ns, r.ids, r.outlet) for p, r in rows)
    header = filetable.Header(generation, plan.settings, plan.found, tuple(plan.warnings))
    return filetable.Table(header, plan.folders, ids, syncs, hashes, groups)


def known_of(table: filetable.Table, fields: dict[str, Fields]) -> Known:
    """What a file table read from disk says the index holds."""
    files: FileTable = {}
    by_folder: dict[str, list[str]] = {}
    for folder, path, size, mtime, ids, outlet in filetable.file_rows(table):
        files[path] = FileRow(size, mtime, ids, outlet)
        paths = by_folder.get(folder)
        if paths is None:
            paths = by_folder[folder] = []
        paths.append(path)
    return Known(
        files,
        dict(zip(table.doc_ids, table.doc_hashes, strict=True)),
        saved=files,
        fields=fields,
        syncs=dict(zip(table.doc_ids, table.doc_syncs, strict=True)),
        folders=table.folders,
        by_folder=by_folder,
        settings=table.header.settings,
    )
