"""The ``defsearch`` console script: a one-shot search the fast path can answer exactly is
answered without importing Whoosh or click; every other command line, and any search it cannot
answer (see ``answer.py``), runs the full command (``cli.run``) as if this module were not there.

``DEFSEARCH_FULL=1`` in the environment always runs the full command (tests and benchmarks
compare the two).
"""

from __future__ import annotations

import codecs
import os
import sys

TYPE_CHECKING = False  # (typing.TYPE_CHECKING without importing typing: ~2 ms a start)
if TYPE_CHECKING:
    from collections.abc import Callable

FULL = "DEFSEARCH_FULL"
INTERRUPTED = "defsearch: interrupted; the previous index is intact"  # (cli._Group's line)


def _utf8(stream: object) -> bool:
    encoding = getattr(stream, "encoding", None)
    try:
        return encoding is not None and codecs.lookup(encoding).name == "utf-8"
    except LookupError:
        return False


def _quietly(action: Callable[[], object]) -> None:
    """``action()``, its OSError or ValueError ignored (contextlib.suppress costs ~0.5 ms to
    import)."""
    try:
        action()
    except (OSError, ValueError):
        return


def fast(args: list[str]) -> int | None:
    """Answer ``args`` on stdout and stderr and return the exit code, or None (nothing
    written) when the full command must run."""
    if os.environ.get(FULL) or not (_utf8(sys.stdout) and _utf8(sys.stderr)):
        return None
    try:
        from searcher.fast.argv import request

        asked = request(args)
        if asked is None:
            return None
        from searcher.fast.answer import answer

        found = answer(asked)
        out = found.out.encode("utf-8", sys.stdout.errors or "strict")
        err = found.err.encode("utf-8", sys.stderr.errors or "strict")
    except Exception:  # (anything it cannot read or answer: the full command says what)
        return None
    del out, err  # (only checked: both encode as the streams will)
    try:
        sys.stdout.write(found.out)
        sys.stdout.flush()
    except BrokenPipeError:  # (| head: as the full command, no error)
        _quietly(sys.stderr.close)
        return 0
    if found.err:
        sys.stderr.write(found.err)
    return found.code


def run() -> None:
    """The console script: the fast path, else ``searcher.cli.run``."""
    try:
        code = fast(sys.argv[1:])
    except KeyboardInterrupt:  # (Ctrl-C: reported and ended as the full command does)
        _quietly(lambda: sys.stderr.write(INTERRUPTED + "\n"))
        code = 130
    if code is None:
        from searcher.cli import run as full

        full()
        return
    for stream in (sys.stdout, sys.stderr):
        _quietly(stream.flush)  # (a closed pipe, a closed stream)
    os._exit(code)


if __name__ == "__main__":  # pragma: no cover
    run()
