"""Index folders through Whoosh: create, open, write (one writer, or segments from several
processes), commit, and the commit generation."""

from __future__ import annotations

import contextlib
import os
import pickle
from typing import TYPE_CHECKING

from whoosh import index
from whoosh.filedb.filestore import FileStorage

from searcher.engine.codec import Codec
from searcher.engine.schema import make_schema
from searcher.errors import IndexCorrupt

if TYPE_CHECKING:
    from whoosh.codec.base import Segment
    from whoosh.index import FileIndex  # (also the type searcher/index/ names)

    from searcher.engine.writing import Writer

INDEX_NAME = "MAIN"


def storage(path: str) -> FileStorage:
    """The storage for one index version folder."""
    return FileStorage(path)


def create(path: str) -> FileIndex:
    """A new, empty Whoosh index in ``path``."""
    os.makedirs(path, exist_ok=True)
    return storage(path).create_index(make_schema(), indexname=INDEX_NAME)


def open_index(path: str) -> FileIndex:
    """Open the Whoosh index in ``path``; unreadable files become IndexCorrupt, and so do files
    whose size, or for small ones content, is not what their checksums recorded."""
    from searcher.engine.checksums import require_intact

    require_intact(path, full=False)
    try:
        return storage(path).open_index(indexname=INDEX_NAME)
    except index.EmptyIndexError:
        raise IndexCorrupt(f"index at {path} has no table of contents") from None
    except (OSError, EOFError, ValueError, KeyError, IndexError, AttributeError, ImportError,
            TypeError, pickle.UnpicklingError) as exc:  # fmt: skip
        # (a schema pickled by an older defsearch names classes that no longer exist)
        raise IndexCorrupt(f"index at {path} cannot be read: {exc}") from None
    except Exception as exc:  # (unpickling a damaged table of contents raises anything)
        raise IndexCorrupt(f"index at {path} cannot be read: {type(exc).__name__}: {exc}") from None


class _WorkerStorage(FileStorage):
    """The storage as one of several processes writing segments at once sees it: its temporary
    folder is its own."""

    def temp_storage(self, name: str | None = None) -> FileStorage:
        return super().temp_storage(f"{name or 'tmp'}.{os.getpid()}")


def writer(ix: FileIndex, limitmb: int = 128) -> Writer:
    """A writer of one new segment (and the merges it decides on), in this index's codec."""
    from searcher.engine.writing import Writer

    return Writer(ix, limitmb=limitmb, codec=Codec())


def segment_writer(path: str, limitmb: int) -> Writer:
    """A writer for one new segment of the index in ``path``, in a worker process. It takes no
    lock: the process that commits the segments holds it. End with ``finish_segment``."""
    from searcher.engine.writing import Writer

    ix = _WorkerStorage(path).open_index(indexname=INDEX_NAME)
    return Writer(ix, _lk=False, limitmb=limitmb, codec=Codec())


def finish_segment(writer: Writer) -> Segment | None:
    """Write out the segment's files; returns the segment (None when it holds no documents)."""
    if not writer._added:
        writer.cancel()
        return None
    segment = writer._finalize_segment()
    writer._finish()
    return segment


def commit_segments(ix: FileIndex, segments: list[Segment]) -> None:
    """Make segments written by worker processes part of the index, in one commit."""
    writer(ix).commit(mergetype=lambda _writer, existing: [*existing, *segments])


def generation(ix: FileIndex) -> int:
    """The index's commit generation (changes on every commit)."""
    return index.TOC._latest_generation(ix.storage, INDEX_NAME)


def content_hashes(ix: FileIndex) -> dict[str, str]:
    """id → stored content hash of every live document (to rebuild a lost file table), read
    one document at a time."""
    with ix.searcher() as s:
        return {fields["id"]: fields.get("hash", "") for fields in s.all_stored_fields()}


def discard(writer: Writer) -> None:
    """Cancel a Whoosh writer and remove what it wrote: its temporary folder and its new
    segment's files (Whoosh leaves them to the next commit). Never raises: the caller re-raises
    the error that stopped the writer. On a full disk, above all, a failed run must not leave
    the space it took (closing a segment's files writes to them, so cancelling may fail)."""
    with contextlib.suppress(Exception):  # (a full disk, or a writer closed by a failed commit)
        writer.cancel()
    with contextlib.suppress(OSError):
        writer.temp_storage().destroy()
    with contextlib.suppress(Exception):  # (when in doubt, the files stay: the next commit's)
        segment = writer.newsegment.segment_id()
        if segment in _committed(writer):
            return  # (the commit got as far as its table of contents: the segment is live)
        for name in writer.storage.list():
            if name.startswith(f"{segment}."):
                writer.storage.delete_file(name)


def _committed(writer: Writer) -> set[str]:
    """The segments of the writer's index as its latest table of contents lists them."""
    toc = index.TOC.read(writer.storage, writer.indexname)
    return {s.segment_id() for s in toc.segments}
