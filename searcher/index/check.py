"""``defsearch check``: is the live index as it was written? Every byte of its Whoosh files
against the checksums recorded at each commit (engine/checksums.py), then whether it opens."""

from __future__ import annotations

import os
import shlex
from dataclasses import dataclass, field

from searcher import engine
from searcher.engine import checksums
from searcher.engine.checksums import Damage
from searcher.errors import IndexCorrupt
from searcher.index import store

_TRIES = 3  # (a sync or rebuild that commits while we read: look again at the new state)


@dataclass(frozen=True)
class CheckReport:
    """What ``check`` found: the version read, whether it has checksums to verify against
    (``checksums.state``), how many files and bytes were verified, and the damaged files."""

    version: str
    state: str
    files: int = 0
    size: int = 0
    damaged: tuple[Damage, ...] = ()
    corpus: tuple[str, ...] = field(default=())

    @property
    def intact(self) -> bool:
        """No damage found (an index without checksums is never called damaged for that)."""
        return not self.damaged


def check(index_dir: str) -> CheckReport:
    """Verify the live version of the index in ``index_dir``. Raises what opening an index
    raises for a folder that holds none (IndexMissing, NotAnIndex, IndexAccess) and
    IndexCorrupt for a ``CURRENT`` file that names no version."""
    for attempt in range(_TRIES):
        version = store.require_version(index_dir)
        toc = checksums.live_toc(version)
        report = _check_version(version)
        if report.intact or attempt == _TRIES - 1:
            return report
        if store.current_version(index_dir) == version and checksums.live_toc(version) == toc:
            return report  # (nothing committed meanwhile: the damage is real)
    raise AssertionError("unreachable")


def _check_version(version: str) -> CheckReport:
    manifest = store.read_json(os.path.join(version, store.MANIFEST)) or {}
    corpus = tuple(str(c) for c in manifest.get("corpus", ()) if isinstance(c, str))
    state = checksums.state(version)
    damaged = checksums.verify(version, full=True)
    files = size = 0
    if state == "recorded":
        record = checksums.read(version)
        if record is not None:
            files, size = len(record.files), sum(s for s, _ in record.files.values())
    if not damaged:  # (then whether Whoosh reads it: the table of contents, each segment)
        try:
            ix = engine.open_index(version)
            with ix.searcher() as searcher:
                searcher.doc_count_all()
        except IndexCorrupt as exc:
            damaged = [Damage(checksums.live_toc(version) or "index", str(exc))]
        except Exception as exc:  # (Whoosh reading damaged files raises anything)
            damaged = [Damage("index", f"cannot be read: {type(exc).__name__}: {exc}")]
    return CheckReport(version, state, files, size, tuple(damaged), corpus)


def repair_command(report: CheckReport, index_dir: str) -> str:
    """The command that rebuilds the index from its corpus (CORPUS when the manifest does not
    say which)."""
    corpus = " ".join(shlex.quote(c) for c in report.corpus) or "CORPUS"
    where = "" if os.path.normpath(index_dir) == "index" else f" --index {shlex.quote(index_dir)}"
    return f"defsearch index {corpus}{where} --rebuild --force"
