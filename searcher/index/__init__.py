"""Indexing: the corpus into an index folder, and kept in sync with it by one call.

``indexer.sync`` runs the stages: ``plan`` (what to do, from the corpus and the file table),
``write`` (one writer, or ``parallel``: a segment per core), ``documents`` (an Article as the
index files it), and ``store`` (the folder: versions, the lock, the manifest). ``sync``,
``SyncOptions`` and ``SyncReport`` are importable from here; they load the pipeline on first use,
so that the search path can use ``store`` without it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from searcher.index.indexer import SyncOptions, SyncReport, sync

__all__ = ["SyncOptions", "SyncReport", "sync"]


def __getattr__(name: str) -> Any:
    if name in __all__:
        from searcher.index import indexer

        return getattr(indexer, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
