"""`defsearch check`: verify the live index against the checksums written with it (a thin layer
over ``index/check.py``). Messages only, on stderr: the exit status is the answer."""

from __future__ import annotations

import sys

from searcher.cli import ExitStatus, _stderr, index_option, main


@main.command("check")
@index_option
def check_cmd(index_dir: str) -> None:
    """Verify every byte of the index's files against the checksums written with them.

    Exit 0 when the index is intact (or was written before defsearch recorded checksums: it
    says so), 2 with one line per damaged file and the command that repairs it.

    \b
    Example: defsearch check --index index
    """
    from searcher.index.check import check, repair_command
    from searcher.records import human_size

    report = check(index_dir)
    repair = repair_command(report, index_dir)
    for damage in report.damaged:
        _stderr(f"defsearch: damaged: {report.version}/{damage.name}: {damage.problem}")
    if report.damaged:
        _stderr(f"defsearch: repair it with: {repair}")
        sys.exit(ExitStatus.ERROR)
    if report.state == "recorded":
        _stderr(
            f"defsearch: index at {report.version} is intact: {report.files} files,"
            f" {human_size(report.size)}, verified"
        )
    elif report.state == "none":
        _stderr(
            f"defsearch: index at {report.version} was written before defsearch recorded"
            f" checksums: it opens, but its files cannot be verified; a rebuild records them:"
            f" {repair}"
        )
    else:  # stale: the last commit was not recorded (a run killed between the two)
        _stderr(
            f"defsearch: index at {report.version} opens, but its last commit was not recorded"
            " (a run stopped between the two?): its files cannot be verified; the next"
            " defsearch index that changes it records them, or rebuild it:"
            f" {repair}"
        )
