"""What a sync has to do, worked out from the corpus and the file table before the index is
touched: which files are new, changed, gone or unchanged, and which were skipped and why."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import NamedTuple

from searcher.corpus import (
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


@dataclass
class Plan:
    """What a sync has to do."""

    files: FileTable = field(default_factory=dict)
    docs: dict[str, str] = field(default_factory=dict)  # id -> hash (the new state)
    todo: list[RawDocument | CorpusFile] = field(default_factory=list)  # (files: not yet read)
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
) -> Plan:
    """The plan for bringing an index that holds ``known`` in line with the files under
    ``roots``; ``full`` plans a build from nothing; ``follow_links`` follows symlinks that lead
    out of the corpus; ``configs`` holds each root's folder outlets (read here when missing)."""
    if full:
        known = Known()
    plan = Plan(existing=set(known.docs), saved=known.saved)
    unreadable: list[str] = []  # folders (absolute, with a trailing "/") that could not be listed
    for root in roots:
        outlets = configs[root] if configs and root in configs else folder_outlets(root)
        if outlets.fields:
            plan.fields[root] = outlets.fields
        # (a new field mapping: every JSON Lines file is read again, its records compared)
        remapped = tuple(known.fields.get(root, ())) != outlets.fields
        found, skipped, ignored = list_files(root, follow_links, outlets)
        plan.warnings.extend(
            f"{outlets.config}: [outlets] {folder or '.'!r} holds no article file"
            for folder in outlets.unmatched(f.rel for f in found)
        )
        plan.skipped.extend(skipped)
        plan.ignored.extend(ignored)
        plan.found += len(found) + len(skipped) + len(ignored)
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
    try:
        data = read_file(f.path, f.rel)
    except (OSError, ValueError) as exc:
        reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
        plan.skipped.append(Skipped(f.rel, f"cannot read: {reason}"))
        if before:  # keep what the index has for it
            plan.files[f.path] = before
            for i in before.ids:
                if i in old_docs:
                    plan.docs[i] = old_docs[i]
                    plan.kept.add(i)
        return
    ids = []
    for doc in documents(f, data, fields):
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
