"""What a sync has to do, worked out from the corpus and the file table before the index is
touched: which files are new, changed, gone or unchanged, and which were skipped and why.

The file table is decoded folder by folder, as the plan needs it: a folder not listed again
(unchanged) carries its files to the next table as the bytes they were read as
(``Plan.carried``), so a sync's Python objects follow the folders that changed, not the corpus."""

from __future__ import annotations

import bisect
import json
import os
import stat
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import NamedTuple

from searcher.corpus import (
    BAD_NAME,
    OUTSIDE,
    SETTLE_NS,
    UNREADABLE_FOLDER,
    CorpusFile,
    Fields,
    Skipped,
    documents,
    escaped_name,
    inside_root,
    is_jsonl,
    list_files,
    one_file,
    read_file,
)
from searcher.folders import FolderOutlets, folder_outlets
from searcher.index import filetable
from searcher.index.filetable import FolderFiles, FolderRecord
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
    ``saved`` is the table as read from disk (None when it had to be rebuilt from the index).
    A table read from disk is decoded folder by folder (``decode``): ``files``, ``docs``,
    ``syncs`` and ``by_folder`` hold the folders decoded so far, ``encoded`` the others."""

    files: FileTable = field(default_factory=dict)
    docs: dict[str, str] = field(default_factory=dict)  # id -> content hash
    saved: FileTable | None = None
    fields: dict[str, Fields] = field(default_factory=dict)  # root -> JSON Lines field mapping
    syncs: dict[str, int] = field(default_factory=dict)  # id -> sync that added or changed it
    folders: dict[str, FolderRecord] = field(default_factory=dict)  # the last listing's folders
    by_folder: dict[str, list[str]] = field(default_factory=dict)  # folder -> its files' paths
    settings: str | None = None  # what the table's listing was made with (see ``settings``)
    encoded: dict[str, FolderFiles] = field(default_factory=dict)  # folders not decoded yet
    plain: bool = False  # every document's id is its file's path below a root (no JSON Lines)
    owner: dict[str, str] = field(default_factory=dict)  # id -> folder (those decoded)
    original: dict[str, FolderFiles] = field(default_factory=dict)  # decoded folders, as read
    found: int = 0  # entries the table's listing found (files, skipped, ignored)
    warnings: tuple[str, ...] = ()  # the table's listing's warnings
    table: filetable.Table | None = None  # the table as read from disk (a delta goes after it)

    def decode(self, folder: str) -> None:
        """A folder's files into ``files``, ``docs`` and ``syncs`` (when not there yet)."""
        encoded = self.encoded.pop(folder, None)
        if encoded is None:
            return
        self.original[folder] = encoded
        f = filetable.decode(encoded)
        prefix = folder + "/"
        paths = self.by_folder.setdefault(folder, [])
        files, docs, syncs, owner = self.files, self.docs, self.syncs, self.owner
        for k, name in enumerate(f.names):
            i, h, n = f.ids[k], f.hashes[k], f.syncs[k]
            if isinstance(i, str):
                ids: tuple[str, ...] = (i,)
                if h is not None:
                    docs[i], syncs[i], owner[i] = h, n, folder
            else:
                ids = tuple(i)
                for x, hx, nx in zip(i, h, n, strict=True):
                    if hx is not None:
                        docs[x], syncs[x], owner[x] = hx, nx, folder
            path = prefix + name
            files[path] = FileRow(f.sizes[k], f.mtimes[k], ids, f.outlets[k] if f.outlets else None)
            paths.append(path)

    def decode_all(self) -> None:
        """Every folder's files decoded."""
        for folder in list(self.encoded):
            self.decode(folder)

    def row(self, path: str) -> FileRow | None:
        """The file table's row of a file (its folder decoded)."""
        if self.encoded:
            self.decode(path.rpartition("/")[0])
        return self.files.get(path)

    def locate(self, doc_id: str, roots: tuple[str, ...]) -> None:
        """Decode the folder that holds ``doc_id`` if the table has it: with a plain table,
        the folder of its path below each root; else every folder."""
        if not self.encoded:
            return
        if self.plain and all(os.path.isdir(r) for r in roots):
            rel_folder = doc_id.rpartition("/")[0]
            for root in roots:
                self.decode(f"{root}/{rel_folder}" if rel_folder else root)
        else:
            self.decode_all()

    def count(self) -> int:
        """How many documents the table holds, decoded or not."""
        return len(self.docs) + sum(e.documents for e in self.encoded.values())


@dataclass
class Plan:
    """What a sync has to do."""

    files: FileTable = field(default_factory=dict)
    docs: dict[str, str] = field(default_factory=dict)  # id -> hash (the new state)
    todo: list[RawDocument | CorpusFile | RecordRef] = field(default_factory=list)  # (unread)
    existing: set[str] = field(default_factory=set)  # ids in the index (those decoded)
    held: int = 0  # documents in the index before this run
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
    before: Known = field(default_factory=lambda: Known())  # the table's hashes and marks
    folders_before: dict[str, FolderRecord] | None = None  # the table's (None: not read)
    sync: int = 0  # this sync's number (see synclog.py): what its changes are marked with
    # folders not listed again: their files as the table had them, bytes carried whole
    carried: dict[str, FolderFiles] = field(default_factory=dict)
    plain: bool = True  # whether the carried folders came from a plain table
    taken: Callable[[str], bool] = field(default_factory=lambda: _nowhere)  # id in ``carried``

    def documents(self) -> int:
        """How many documents the index holds once the plan is carried out."""
        return len(self.docs) + sum(c.documents for c in self.carried.values())

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
    if full:  # (a rebuild keeps each unchanged article's mark: every folder's are needed)
        known.decode_all()
    before = known
    folders_before = known.folders if known.settings is not None else None
    if full:
        known = Known()
    plan = Plan(held=known.count(), saved=known.saved, settings=current, before=before)
    plan.folders_before = folders_before
    plan.plain = known.plain

    def taken(doc_id: str) -> bool:
        known.locate(doc_id, roots)
        owner = known.owner.get(doc_id)
        return owner is not None and owner in plan.carried

    plan.taken = taken
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
        count, carried = _carry(plan, known, reused, bool(outlets.folders))
        prefix = len(root) + 1
        plan.warnings.extend(
            f"{outlets.config}: [outlets] {folder or '.'!r} holds no article file"
            for folder in outlets.unmatched(
                [f.rel for f in found] + [path[prefix:] for path in carried]
            )
        )
        plan.skipped.extend(skipped)
        plan.ignored.extend(ignored)
        plan.found += len(found) + len(skipped) + len(ignored) + count
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
                row = known.row(f.path)
                plan_file(f, plan, row, known.docs, outlets.fields, jsonl and remapped)
    if unreadable and not full:
        _keep_unlisted(plan, known, tuple(unreadable))
    if not full:
        for folder in [f for f in known.encoded if f not in plan.carried]:
            known.decode(folder)  # (listed again, or gone: what it held may be removed)
        unread = plan.carried
        plan.existing = {i for i, folder in known.owner.items() if folder not in unread}
        if not known.owner:  # (a table not read folder by folder)
            plan.existing = set(known.docs)
        plan.delete = plan.existing - set(plan.docs)
        todo = {d.id for d in plan.todo}
        plan.unchanged = sum(
            1 for i in plan.docs if i in plan.existing and i not in todo and i not in plan.kept
        ) + sum(c.documents for c in unread.values())
    return plan


def _nowhere(_doc_id: str) -> bool:
    return False


def told_plan(
    roots: tuple[str, ...],
    known: Known,
    paths: list[str],
    configs: Mapping[str, FolderOutlets],
    follow_links: bool = False,
) -> Plan:
    """The plan for the files at ``paths`` alone (``index --changed``; absolute, each below a
    root): each read again when it is there (added or changed), removed when it is not (a
    folder gone: every file the table has below it); a folder that is there is listed whole,
    as a sync would list it (what it holds now replaces what the table has below it); nothing
    else listed or stat'ed. A path that cannot be stat'ed (not because it is gone) is skipped,
    and what the table has of it kept: skipped never means deleted. ``known`` is a file table
    read from disk with the settings of ``configs`` (``settings``); its other folders are
    carried whole. A folder whose files changed is marked to be listed again by the next full
    sync (what the paths did not say, a new subfolder, is found then)."""
    header_settings = settings(roots, configs, follow_links)
    plan = Plan(held=known.count(), saved=known.saved, settings=header_settings, before=known)
    plan.folders_before = known.folders
    plan.folders = dict(known.folders)
    plan.plain = known.plain
    plan.fields = {root: c.fields for root, c in configs.items() if c.fields}
    table_folders = sorted({*known.encoded, *known.by_folder})
    told: dict[str, tuple[str, CorpusFile | Skipped | None]] = {}  # path -> (root, what)
    gone: list[str] = []  # folders (with a trailing "/") no longer there: their files removed
    listed: dict[str, str] = {}  # folders told about that are there (with "/") -> their root
    unstatable: dict[str, str] = {}  # paths that could not be stat'ed -> their rel
    for path in dict.fromkeys(paths):
        root = next(r for r in roots if path == r or path.startswith(r.rstrip("/") + "/"))
        rel = path[len(root.rstrip("/")) + 1 :]
        try:
            st = os.lstat(path)
        except (FileNotFoundError, NotADirectoryError):
            if _below(table_folders, path + "/", path):
                gone.append(path + "/")
            else:
                told[path] = (root, None)
            continue
        except OSError as exc:  # (denied, a symlink loop on the way, an I/O error: not gone)
            unstatable[path] = rel
            plan.skipped.append(Skipped(escaped_name(rel), f"cannot stat: {exc.strerror}"))
            continue
        if stat.S_ISDIR(st.st_mode) or (stat.S_ISLNK(st.st_mode) and os.path.isdir(path)):
            unlisted = _told_folder(path, root, rel, follow_links)
            if known.row(path) is not None:  # (a file the table has, a folder now)
                told[path] = (root, None)
            if unlisted is None:
                listed[path + "/"] = root
            else:  # (skipped or ignored, as the listing would: what the table has goes)
                if isinstance(unlisted, Skipped):
                    plan.skipped.append(unlisted)
                if _below(table_folders, path + "/", path):
                    gone.append(path + "/")
        else:
            told[path] = (root, one_file(path, root, configs[root], follow_links))
            if _below(table_folders, path + "/", path):  # (a folder the table has, a file now)
                gone.append(path + "/")
    # (a folder listed takes the paths below it: a file or folder told about twice is read once)
    outer = _outermost(listed)
    for path in [p for p in told if _within(outer, p)]:
        del told[path]
    for path in [p for p in unstatable if _within(outer, p)]:
        del unstatable[path]
    listings = [
        (listed[prefix], list_files(listed[prefix], follow_links, configs[listed[prefix]],
                                    start=prefix.rstrip("/")))
        for prefix in outer
    ]  # fmt: skip
    dropped: set[str] = set()  # table folders whose files all go (gone, or listed anew)
    kept_folders: set[str] = set()  # table folders below a path that could not be stat'ed
    for prefix in (*gone, *outer):
        dropped.update(_below(table_folders, prefix, prefix.rstrip("/")))
    for path in unstatable:
        kept_folders.update(_below(table_folders, path + "/", path))
    touched = {p.rpartition("/")[0] for p in (*told, *unstatable)} | dropped | kept_folders
    recorded = sorted(plan.folders)
    for prefix in (*gone, *outer):  # (their records go; the folder above is listed again)
        for folder in _below(recorded, prefix, prefix.rstrip("/")):
            plan.folders.pop(folder, None)
        _relist(plan, prefix.rstrip("/").rpartition("/")[0], roots)
    for _root, listing in listings:
        plan.folders.update(listing.folders or {})
    for path in unstatable:  # (listed again next time: it may be readable then)
        _relist(plan, path, roots)
    for folder in touched:
        known.decode(folder)
        if folder not in dropped:  # (those dropped: the folder above, or listed just now)
            _relist(plan, folder, roots)
    for folder in touched:  # (what the table has of them, less the files told about)
        keep = folder in kept_folders
        drop = folder in dropped and not keep
        for path in known.by_folder.get(folder, ()):
            if path in told or (drop and path not in unstatable):
                continue
            row = known.files[path]
            plan.files[path] = row
            for i in row.ids:
                if i in known.docs:
                    plan.docs[i] = known.docs[i]
                    if keep or path in unstatable:
                        plan.kept.add(i)

    def taken(doc_id: str) -> bool:  # (held by a file of a folder not told about)
        known.locate(doc_id, roots)
        owner = known.owner.get(doc_id)
        return owner is not None and owner not in touched

    plan.taken = taken
    new_skips = 0
    for path, (root, what) in told.items():
        outlets = configs[root]
        if isinstance(what, Skipped):
            plan.skipped.append(what)
            new_skips += path not in known.files
        elif isinstance(what, CorpusFile):
            plan_file(what, plan, known.row(path), known.docs, outlets.fields)
    unreadable: list[str] = []
    for root, listing in listings:
        plan.skipped.extend(listing.skipped)
        plan.ignored.extend(listing.ignored)
        new_skips += len(listing.skipped) + len(listing.ignored)
        for f in listing.files:
            plan_file(f, plan, known.row(f.path), known.docs, configs[root].fields)
        unreadable.extend(
            (root if s.rel == "." else f"{root}/{s.rel}").rstrip("/") + "/"
            for s in listing.skipped
            if s.reason.startswith(UNREADABLE_FOLDER)
        )
    if unreadable:  # (an unreadable folder is not an empty one: what the table has is kept)
        _keep_unlisted(plan, known, tuple(unreadable))
    new_skips += len(unstatable)
    for folder in list(known.encoded):
        plan.carried[folder] = known.encoded[folder]
    for folder, original in known.original.items():
        if folder not in touched:
            plan.carried[folder] = original
    plan.existing = {i for i, folder in known.owner.items() if folder in touched}
    plan.delete = plan.existing - set(plan.docs)
    todo = {d.id for d in plan.todo}
    plan.unchanged = sum(
        1 for i in plan.docs if i in plan.existing and i not in todo and i not in plan.kept
    ) + sum(c.documents for c in plan.carried.values())
    # (the listing's count, give or take the entries told about: the next full sync counts)
    before = sum(len(known.by_folder.get(f, ())) for f in touched)
    plan.found = max(known.found - before + len(plan.files) + new_skips, 0)
    plan.warnings = list(known.warnings)
    return plan


def _told_folder(path: str, root: str, rel: str, follow_links: bool) -> Skipped | str | None:
    """Whether a folder told about is listed (None), skipped as the listing would skip it, or
    ignored by rule (``"ignored"``: hidden)."""
    if any(part.startswith(".") for part in rel.split("/")):
        return "ignored"
    try:
        rel.encode("utf-8")
    except UnicodeEncodeError:
        return Skipped(escaped_name(rel), BAD_NAME)
    if not follow_links and not inside_root(path, root):
        return Skipped(rel, OUTSIDE)
    return None


def _below(folders: list[str], prefix: str, folder: str) -> list[str]:
    """The entries of sorted ``folders`` that are ``folder`` or below it (``prefix``: the
    folder with a trailing "/"); found by bisection, not by comparing each."""
    found = [folder] if _has(folders, folder) else []
    i = bisect.bisect_left(folders, prefix)
    while i < len(folders) and folders[i].startswith(prefix):
        found.append(folders[i])
        i += 1
    return found


def _has(folders: list[str], folder: str) -> bool:
    i = bisect.bisect_left(folders, folder)
    return i < len(folders) and folders[i] == folder


def _outermost(prefixes: Iterable[str]) -> list[str]:
    """The folder prefixes (each with a trailing "/") not below another of them, sorted."""
    outer: list[str] = []
    for prefix in sorted(prefixes):
        if not outer or not prefix.startswith(outer[-1]):
            outer.append(prefix)
    return outer


def _within(outer: list[str], path: str) -> bool:
    """Whether ``path`` is below one of the sorted, non-nested folder prefixes ``outer``."""
    i = bisect.bisect_right(outer, path) - 1
    return i >= 0 and path.startswith(outer[i])


def _relist(plan: Plan, folder: str, roots: tuple[str, ...]) -> None:
    """Mark ``folder`` (or, when the table has no record of it, the nearest folder above it
    that it has) to be listed again by the next full sync."""
    while folder not in plan.folders and folder not in roots and "/" in folder:
        folder = folder.rpartition("/")[0]
    record = plan.folders.get(folder)
    if record is not None:
        plan.folders[folder] = record._replace(ctime_ns=-1)


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
        encoded = known.encoded.get(folder)
        if encoded is not None:
            return filetable.files_intact(folder, encoded)
        try:
            for path in known.by_folder.get(folder, ()):
                row, st = known.files[path], os.stat(path)
                if st.st_size != row.size or st.st_mtime_ns != row.mtime_ns:
                    return False
        except OSError:
            return False
        return True

    return intact


def _carry(
    plan: Plan, known: Known, folders: tuple[str, ...], names: bool
) -> tuple[int, list[str]]:
    """The files of folders not listed again, taken from the file table as they were (a folder
    not decoded: as its bytes); returns how many, and their paths when ``names``."""
    paths: list[str] = []
    count = 0
    files, docs = known.files, known.docs
    for folder in folders:
        encoded = known.encoded.get(folder) or known.original.get(folder)
        if encoded is not None:
            plan.carried[folder] = encoded
            count += encoded.files
            if names:
                paths.extend(f"{folder}/{n}" for n in filetable.stats_of(encoded)[0])
            continue
        for path in known.by_folder.get(folder, ()):
            row = files[path]
            plan.files[path] = row
            for i in row.ids:
                if i in docs:
                    plan.docs[i] = docs[i]
            paths.append(path)
            count += 1
    return count, paths


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
        if doc.id in plan.docs or plan.taken(doc.id):
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
    for folder in [f for f in known.encoded if (f + "/").startswith(folders)]:
        known.decode(folder)
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
    rebuild); the folders carried unread kept as they were."""
    before_docs, before_syncs, now = plan.before.docs, plan.before.syncs, plan.sync
    docs = plan.docs

    def mark(i: str) -> tuple[str | None, int]:
        h = docs.get(i)
        return h, before_syncs.get(i, 0) if h is not None and before_docs.get(i) == h else now

    groups: dict[str, filetable.Files] = {}
    outlets_of: dict[str, list[str | None]] = {}  # folder -> its files' outlets
    for path, r in sorted(plan.file_table().items()):
        folder, _, name = path.rpartition("/")
        g = groups.get(folder)
        if g is None:
            g = groups[folder] = filetable.Files([], [], [], [], None, [], [])
            outlets_of[folder] = []
        g.names.append(name)
        g.sizes.append(r.size)
        g.mtimes.append(r.mtime_ns)
        outlets_of[folder].append(r.outlet)
        if len(r.ids) == 1:
            h, n = mark(r.ids[0])
            g.ids.append(r.ids[0])
        else:
            marks = [mark(i) for i in r.ids]
            h, n = [m[0] for m in marks], [m[1] for m in marks]  # type: ignore[assignment]
            g.ids.append(list(r.ids))
        g.hashes.append(h)
        g.syncs.append(n)
    files = dict(plan.carried)
    plain = plan.plain or not files
    for folder, g in groups.items():
        if folder in files:  # (not expected: a carried folder holds no file listed again)
            raise ValueError(f"file table: {folder} both carried and listed")
        plain = plain and filetable.is_plain(g.names)
        outlets = outlets_of[folder]
        files[folder] = filetable.encode(
            g._replace(outlets=outlets if any(o is not None for o in outlets) else None)
        )
    header = filetable.Header(
        generation, plan.settings, plan.found, tuple(plan.warnings), plan.documents(), plain
    )
    return filetable.Table(header, plan.folders, files)


def known_of(table: filetable.Table, fields: dict[str, Fields], decoded: bool = True) -> Known:
    """What a file table read from disk says the index holds: every folder decoded, or (not
    ``decoded``) each folder as the plan needs it (``Known.decode``)."""
    files: FileTable = {}
    known = Known(
        files,
        {},
        saved=files,
        fields=fields,
        folders=table.folders,
        settings=table.header.settings,
        encoded=dict(table.files),
        plain=table.header.plain,
        found=table.header.found,
        warnings=table.header.warnings,
        table=table,
    )
    if decoded:
        known.decode_all()
    return known
