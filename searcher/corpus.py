"""The corpus on disk: which files there are, and reading them into RawDocuments.

Formats: ``.txt``, ``.html``/``.htm``, and ``.jsonl`` (one article per line: ``id``, ``text`` or
``html``, optional ``title``, ``date``, ``url``, ``outlet``, ``source``, ``site``, ``publisher``;
``defsearch.toml``'s ``[fields]`` maps other names onto these), each also gzipped (``a.txt.gz``:
read as the file inside; its size and time, as stored, still decide whether to read it again).
Folders are walked recursively, symlinks followed once when they point inside the corpus (loops
are reported, not followed forever) and, unless asked, not at all when they point outside it.

A corpus may say which folder holds which outlet in ``defsearch.toml`` at its root (``[outlets]``,
``"vna" = "VNA"``): every file below such a folder carries that outlet (``CorpusFile.outlet``), as
evidence for the extractor. The config is not an article: it is neither listed nor counted.
"""

from __future__ import annotations

import hashlib
import json
import os
import stat
import time
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from typing import IO, NamedTuple, TypeGuard

from searcher.errors import UnreadableArticle
from searcher.folders import CONFIG, FolderOutlets, folder_outlets
from searcher.index.filetable import FolderRecord
from searcher.models import RawDocument

TEXT_SUFFIXES = (".txt", ".text")
HTML_SUFFIXES = (".html", ".htm", ".xhtml", ".shtml")
JSONL_SUFFIXES = (".jsonl", ".ndjson")
GZIP = ".gz"  # a gzipped file is read as the file inside it: a.txt.gz, b.html.gz, c.jsonl.gz
_PLAIN = TEXT_SUFFIXES + HTML_SUFFIXES + JSONL_SUFFIXES
SUPPORTED = _PLAIN + tuple(s + GZIP for s in _PLAIN)
MAX_FILE_BYTES = 20 * 1024 * 1024  # a single article larger than this is not an article
MAX_JSONL_BYTES = 4 * 1024 * 1024 * 1024
# A folder whose ctime (or a file's in it) is this close to the listing's start is listed again
# next time: it may still be changing (a file being written as it was listed).
SETTLE_NS = 2_000_000_000
UNREADABLE_FOLDER = "unreadable folder"  # the start of a skip reason: what it held is kept
SOURCE_KEYS = ("source", "site", "publisher")  # JSON Lines fields naming the outlet or its site


@dataclass(frozen=True, slots=True)
class CorpusFile:
    """One file found in the corpus, with the stat values used to notice changes. (A full
    build holds one per file until its workers finish: slots, and the path made on demand.)"""

    root: str  # the absolute corpus root it was found under
    rel: str  # path relative to root, with "/" separators
    size: int
    mtime_ns: int
    outlet: str | None = None  # the outlet the corpus config gives its folder

    @property
    def path(self) -> str:
        """The file's absolute path."""
        root = self.root
        return f"{root}{self.rel}" if root.endswith("/") else f"{root}/{self.rel}"

    @property
    def id(self) -> str:
        """The id of the one document a text or HTML file holds: its relative path."""
        return self.rel


@dataclass(frozen=True)
class Skipped:
    """A corpus file (or JSON Lines record) that was not indexed, and why."""

    rel: str
    reason: str


def content_hash(data: bytes | str, outlet: str | None = None) -> str:
    """Short hash of what an article is made from, used to notice changed articles: its bytes,
    and the outlet the corpus config gives its folder (when it gives one: a new outlet is a
    change, even after a crash that lost the file table)."""
    raw = data.encode("utf-8") if isinstance(data, str) else data
    digest = hashlib.blake2b(raw, digest_size=12)
    if outlet is not None:
        digest.update(b"\0folder outlet\0" + outlet.encode("utf-8"))
    return digest.hexdigest()


OUTSIDE = "symlink to outside the corpus (--follow-links indexes what it points to)"
BAD_NAME = "name is not valid UTF-8 (rename it to index it)"


class Listing(NamedTuple):
    """What a corpus folder holds: the files to read (sorted), the files skipped with their
    reason, and the entries ignored by rule (hidden: a name starting with ``.``)."""

    files: list[CorpusFile]
    skipped: list[Skipped]
    ignored: list[str]
    folders: dict[str, FolderRecord] | None = None  # each folder walked, for the file table
    reused: tuple[str, ...] = ()  # folders not listed again (``reuse``): their files not here


def list_files(
    root: str,
    follow_links: bool = False,
    outlets: FolderOutlets | None = None,
    reuse: Mapping[str, FolderRecord] | None = None,
    settle_ns: int = SETTLE_NS,
    intact: Callable[[str], bool] | None = None,
    start: str | None = None,
) -> Listing:
    """Every supported file below ``root`` (sorted), the files skipped with their reason, and
    the hidden entries ignored (not descended into).

    A symlink is followed when it points inside ``root`` (loops are reported); one that points
    outside is skipped, unless ``follow_links``: nothing outside the corpus is indexed unasked.
    Each file carries the outlet ``outlets`` (by default: the corpus's config) gives its folder;
    the config itself is not listed. A folder whose record in ``reuse`` (the last listing's)
    has its ctime, and whose files ``intact(folder)`` finds as the file table has them (a file
    rewritten in place changes only its own stats), is not listed again: it is in
    ``Listing.reused``, and its files are left to the caller (the file table has them).
    ``start`` (a folder below ``root``, absolute) lists that folder's subtree alone, as the
    listing of ``root`` would find it.
    """
    root = os.path.abspath(root)
    files: list[CorpusFile] = []
    skipped: list[Skipped] = []
    ignored: list[str] = []
    inside = os.path.realpath(root).rstrip(os.sep) + os.sep
    if os.path.isfile(root):
        base = os.path.dirname(root)
        _consider(root, base, files, skipped, FolderOutlets())
        return Listing(files, skipped, ignored)
    if outlets is None:
        outlets = folder_outlets(root)
    seen_dirs: set[tuple[int, int]] = set()
    records: dict[str, FolderRecord] = {}
    reused: list[str] = []
    # A folder changed this recently may still be changing (a file being written): its record
    # asks for it to be listed again next time rather than trusted.
    settled = time.time_ns() - settle_ns
    stack = [start or root]
    while stack:
        folder = stack.pop()
        try:
            st = os.stat(folder)
        except OSError as exc:
            reason = f"{UNREADABLE_FOLDER}: {exc.strerror}"
            skipped.append(Skipped(_rel(folder, root), reason))
            records[folder] = FolderRecord(-1, (), ((_rel(folder, root), reason),))
            continue
        if (st.st_dev, st.st_ino) in seen_dirs:
            skipped.append(Skipped(_rel(folder, root), "symlink loop"))
            records[folder] = FolderRecord(-1, (), ((_rel(folder, root), "symlink loop"),))
            continue
        seen_dirs.add((st.st_dev, st.st_ino))
        known = reuse.get(folder) if reuse else None
        if (
            known is not None
            and known.ctime_ns == st.st_ctime_ns
            and known.ctime_ns >= 0
            and (intact is None or intact(folder))
        ):
            # no entry added, removed or renamed since the last listing: its files are the
            # file table's (see the README on when folder times cannot be trusted)
            records[folder] = known
            reused.append(folder)
            skipped.extend(Skipped(rel, reason) for rel, reason in known.skipped)
            ignored.extend(known.ignored)
            stack.extend(f"{folder}/{name}" for name in known.subfolders)
            continue
        try:
            entries = sorted(os.scandir(folder), key=lambda e: e.name)
        except OSError as exc:
            reason = f"{UNREADABLE_FOLDER}: {exc.strerror}"
            skipped.append(Skipped(_rel(folder, root), reason))
            records[folder] = FolderRecord(-1, (), ((_rel(folder, root), reason),))
            continue
        here_skipped, here_ignored = len(skipped), len(ignored)
        subfolders: list[str] = []
        trusted = st.st_ctime_ns < settled
        for entry in entries:
            if not _utf8(entry.name):  # (bytes the file system holds: kept as surrogates)
                skipped.append(Skipped(escaped_name(_rel(entry.path, root)), BAD_NAME))
                continue
            if entry.name.startswith("."):  # (.git, .DS_Store, editors' swap files)
                ignored.append(_rel(entry.path, root))
                continue
            if entry.path == outlets.config:  # (read already: settings, not an article)
                continue
            if entry.is_symlink():
                trusted = False  # (what a link points to changes without its folder)
                if not follow_links:
                    target = os.path.realpath(entry.path)
                    if not (target + os.sep).startswith(inside):
                        skipped.append(Skipped(_rel(entry.path, root), OUTSIDE))
                        continue
            try:
                is_dir = entry.is_dir()
            except OSError:
                is_dir = False
            if is_dir:
                stack.append(entry.path)
                subfolders.append(entry.name)
            else:
                changed = _consider(entry.path, root, files, skipped, outlets)
                if changed is None or changed >= settled:
                    trusted = False
        records[folder] = FolderRecord(
            st.st_ctime_ns if trusted else -1,
            tuple(subfolders),
            tuple((s.rel, s.reason) for s in skipped[here_skipped:]),
            tuple(ignored[here_ignored:]),
        )
    files.sort(key=lambda f: f.rel)
    ignored.sort()
    return Listing(files, skipped, ignored, records, tuple(reused))


def one_file(
    path: str, root: str, outlets: FolderOutlets, follow_links: bool = False
) -> CorpusFile | Skipped | None:
    """The file at ``path`` (absolute, below ``root``, known to exist) as the listing would
    find it: a corpus file, a skip with its reason, or None when the listing ignores it (a
    hidden entry or one below a hidden folder, the corpus config)."""
    rel = _rel(path, root)
    if any(part.startswith(".") for part in rel.split("/")) or path == outlets.config:
        return None
    if not _utf8(rel):
        return Skipped(escaped_name(rel), BAD_NAME)
    if not follow_links and not inside_root(path, root):
        return Skipped(rel, OUTSIDE)
    files: list[CorpusFile] = []
    skipped: list[Skipped] = []
    _consider(path, root, files, skipped, outlets)
    return files[0] if files else skipped[0]


def inside_root(path: str, root: str) -> bool:
    """Whether ``path`` (below ``root``) leads to a place inside ``root``, whichever of its
    components are symlinks (a folder linked to outside the corpus takes its files with it)."""
    inside = os.path.realpath(root).rstrip(os.sep) + os.sep
    return (os.path.realpath(path) + os.sep).startswith(inside)


def _utf8(name: str) -> bool:
    try:
        name.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def escaped_name(name: str) -> str:
    """A name as the file system gave it, its bytes that are not UTF-8 written ``\\xff``."""
    return name.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")


def _rel(path: str, root: str) -> str:
    prefix = root if root.endswith(os.sep) else root + os.sep
    # (the walk yields paths under root: os.path.relpath would cost 40 µs a file)
    rel = path[len(prefix) :] if path.startswith(prefix) else os.path.relpath(path, root)
    return "." if rel == "." else rel.replace(os.sep, "/")


def inner_name(name: str) -> str:
    """The name of the file a gzipped file holds (``a.html.gz`` → ``a.html``); others as they
    are."""
    return name[: -len(GZIP)] if name.lower().endswith(GZIP) else name


def is_jsonl(rel: str) -> bool:
    """Whether a corpus file holds JSON Lines (``feed.jsonl``, ``feed.jsonl.gz``)."""
    return inner_name(rel).lower().endswith(JSONL_SUFFIXES)


def _consider(
    path: str, root: str, files: list[CorpusFile], skipped: list[Skipped], outlets: FolderOutlets
) -> int | None:
    """Add the file at ``path`` to ``files`` or ``skipped``; returns its ctime (None when it
    could not be stat'ed)."""
    rel = _rel(path, root)
    if not path.lower().endswith(SUPPORTED):
        name = os.path.basename(path)
        reason = f"{CONFIG} is read only at the corpus root" if name == CONFIG else None
        if name.lower().endswith(GZIP):  # (x.gz, x.pdf.gz: the file inside says what it is)
            reason = (
                "unsupported file type (name a gzipped article a.txt.gz, a.html.gz or a.jsonl.gz)"
            )
        skipped.append(Skipped(rel, reason or "unsupported file type"))
        return 0
    try:
        st = os.stat(path)
    except OSError as exc:
        reason = "symlink loop" if exc.errno == 40 else f"cannot stat: {exc.strerror}"
        skipped.append(Skipped(rel, reason))
        return None
    if not stat.S_ISREG(st.st_mode):
        skipped.append(Skipped(rel, "not a regular file"))
        return None
    files.append(CorpusFile(root, rel, st.st_size, st.st_mtime_ns, outlets.outlet_of(rel)))
    return st.st_ctime_ns


def read_file(path: str, rel: str) -> bytes:
    """A corpus file's bytes (at most its size limit), a gzipped file's uncompressed; OSError
    (vanished, permission denied) and ValueError (too large, a damaged gzip file) propagate to
    the caller."""
    limit = MAX_JSONL_BYTES if is_jsonl(rel) else MAX_FILE_BYTES
    if rel.lower().endswith(GZIP):
        with open(path, "rb") as fh:
            return _gunzip(fh, limit)
    with open(path, "rb") as fh:
        # (read what the file holds: read(limit) would allocate the whole limit every time)
        expected = min(os.fstat(fh.fileno()).st_size, limit) + 1
        data = fh.read(expected)
        if len(data) == expected:  # at the limit, or it grew since: read on up to the limit
            data += fh.read(limit + 1 - len(data))
        if len(data) > limit:
            size = os.fstat(fh.fileno()).st_size
            raise ValueError(
                f"file too large ({size // (1024 * 1024)} MB; limit {limit // (1024 * 1024)} MB)"
            )
    return data


def _gunzip(fh: IO[bytes], limit: int) -> bytes:
    """The uncompressed bytes of a gzip stream, at most ``limit`` (a file that unpacks to more
    is too large, however small it is packed)."""
    import gzip
    import zlib

    try:
        with gzip.GzipFile(fileobj=fh) as gz:
            data = gz.read(limit + 1)
    except (gzip.BadGzipFile, EOFError, zlib.error) as exc:
        raise ValueError(f"damaged gzip file: {exc or type(exc).__name__}") from None
    if len(data) > limit:
        raise ValueError(f"file too large (over {limit // (1024 * 1024)} MB uncompressed)")
    return data


def decompressed(data: bytes, name: str) -> tuple[bytes, str]:
    """``data`` uncompressed when it is gzip's (by its magic bytes), with the name of what it
    holds (``x.html.gz`` → ``x.html``); other data as it is. A damaged gzip stream or one that
    unpacks to more than an article may hold is an UnreadableArticle."""
    if not data.startswith(b"\x1f\x8b"):
        return data, name
    import io

    try:
        inner = _gunzip(io.BytesIO(data), MAX_JSONL_BYTES if is_jsonl(name) else MAX_FILE_BYTES)
    except ValueError as exc:
        raise UnreadableArticle(f"{name or 'stdin'}: {exc}") from None
    return inner, inner_name(name)


def loaded(item: RawDocument | CorpusFile) -> RawDocument:
    """A raw document with its bytes: ``item`` itself, or the text or HTML file a full build
    left for the worker that processes it to read (so its bytes never pass through the parent).
    OSError and ValueError as for ``read_file``."""
    if isinstance(item, RawDocument):
        return item
    return _one_document(item, read_file(item.path, item.rel))


def _one_document(f: CorpusFile, data: bytes) -> RawDocument:
    meta = (("folder_outlet", f.outlet),) if f.outlet else ()
    name = inner_name(os.path.basename(f.rel))  # (the cleaner tells text from HTML by it)
    return RawDocument(f.rel, f.rel, name, data, content_hash(data, f.outlet), meta)


def documents(f: CorpusFile, data: bytes, fields: Fields = ()) -> Iterator[RawDocument | Skipped]:
    """The documents one file holds: one for text and HTML, one per line for JSON Lines (whose
    records' own field names ``fields`` maps onto ours: ``(("date", "published"), …)``)."""
    if not is_jsonl(f.rel):
        yield _one_document(f, data)
        return
    for n, line in enumerate(data.splitlines(), start=1):
        if line.strip():
            yield record(f, n, line, fields)


def record(f: CorpusFile, n: int, line: bytes, fields: Fields = ()) -> RawDocument | Skipped:
    """Line ``n`` of JSON Lines file ``f`` as its document, or why it is skipped (not JSON,
    nested too deeply to read, not an object, no id, no text)."""
    try:
        rec = json.loads(line)
    except ValueError as exc:
        return Skipped(f"{f.rel}:{n}", f"invalid JSON: {exc}")
    except RecursionError:  # ([[[[…]]]] a thousand deep)
        return Skipped(f"{f.rel}:{n}", "invalid JSON: nested too deeply to read")
    signature = fields_signature(fields)
    digest = content_hash(line + signature if signature else line, f.outlet)
    return record_from(f, n, rec, digest, fields)


def record_from(
    f: CorpusFile, n: int, rec: object, digest: str, fields: Fields = ()
) -> RawDocument | Skipped:
    """A parsed JSON Lines record (line ``n`` of ``f``, whose content hash is ``digest``) as
    its document, or why it is skipped."""
    where = f"{f.rel}:{n}"
    if not isinstance(rec, dict):
        return Skipped(where, "record is not a JSON object")
    if fields:
        rec = _renamed(rec, dict(fields))
    body = rec.get("html") if isinstance(rec.get("html"), str) else rec.get("text")
    rid = rec.get("id")
    if rid is None or str(rid).strip() == "":
        return Skipped(where, "record has no id")
    if not isinstance(body, str):
        return Skipped(where, "record has neither text nor html")
    name = "record.html" if isinstance(rec.get("html"), str) else "record.txt"
    meta = tuple(
        (k, str(rec[k]))
        for k in ("title", "date", "url", "outlet")
        if rec.get(k) not in (None, "") and not isinstance(rec[k], dict)
    )
    if isinstance(rec.get("outlet"), dict):  # (a mapped ``source`` object: its name)
        meta += tuple(("outlet", v) for v in _names(rec["outlet"])[:1])
    meta += tuple((k, v) for k in SOURCE_KEYS for v in _names(rec.get(k)))
    if f.outlet:
        meta += (("folder_outlet", f.outlet),)
    return RawDocument(str(rid), f.rel, name, body, digest, meta)


Fields = tuple[tuple[str, str], ...]  # (our field, the record's field or dotted path), …


def fields_signature(fields: Fields) -> bytes:
    """What a field mapping adds to each record's content hash (nothing when there is none):
    a changed mapping re-extracts the records it reads."""
    return b"\0fields\0" + json.dumps(sorted(fields)).encode("utf-8") if fields else b""


def _renamed(rec: dict, mapped: dict[str, str]) -> dict:
    """The record with each mapped field of ours taken from the record's field that the
    mapping names (a dotted path reaches into objects: ``source.name``); a record without it
    keeps its own field of our name."""
    out = dict(rec)
    for ours, theirs in mapped.items():
        value = _lookup(rec, theirs)
        if isinstance(value, dict) and ours != "outlet":
            value = None
        if isinstance(value, int | float) and not isinstance(value, bool):
            value = str(value)
        if value not in (None, ""):
            out[ours] = value
    return out


def _lookup(rec: dict, path: str) -> object:
    if path in rec:
        return rec[path]
    value: object = rec
    for part in path.split("."):
        if not isinstance(value, dict) or part not in value:
            return None
        value = value[part]
    return value


def _names(value: object) -> tuple[str, ...]:
    """A record's ``source``-like field: a name or address, or an object with a ``name`` and a
    ``url`` (as news APIs give it); anything else says nothing."""
    if isinstance(value, dict):
        return tuple(v.strip() for v in (value.get("name"), value.get("url")) if _text(v))
    return (value.strip(),) if _text(value) else ()


def _text(value: object) -> TypeGuard[str]:
    return isinstance(value, str) and bool(value.strip())
