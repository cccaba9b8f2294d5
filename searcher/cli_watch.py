"""`defsearch index --watch`: the index kept in sync as the corpus changes (``watch.py``), one
summary line per commit on stderr, until Ctrl-C (exit 130) or SIGTERM (exit 143)."""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING

from searcher.cli import _stderr

if TYPE_CHECKING:
    from searcher.index.indexer import SyncOptions
    from searcher.watch import Commit

TERMINATED = 143  # 128 + SIGTERM, as shells report it


def _line(commit: Commit) -> str:
    r = commit.report
    return (
        f"defsearch: commit {r.sync} ({commit.reason}): {r.added} added, {r.updated} updated,"
        f" {r.removed} removed, {len(r.skipped)} skipped ({r.unchanged + r.added + r.updated}"
        f" articles, {r.seconds:.1f} s)"
    )


def watch(roots: tuple[str, ...], index_dir: str, options: SyncOptions, poll: float | None) -> None:
    """Follow ``roots`` into ``index_dir`` until stopped (the first sync is done already)."""
    from searcher.watch import Terminated, follow, terminable

    how = f"scanning every {poll:g} s" if poll else "watching for changes"
    _stderr(f"defsearch: {how} in {', '.join(roots)}; Ctrl-C stops")
    try:
        with terminable():
            follow(
                roots,
                index_dir,
                options,
                lambda c: _stderr(_line(c)),
                poll,
                lambda why: _stderr(f"defsearch: {why}"),
            )
    except Terminated:
        _stderr("defsearch: stopped (SIGTERM); the index is intact")
        sys.exit(TERMINATED)
