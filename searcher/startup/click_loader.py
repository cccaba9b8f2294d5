"""click, loaded for a one-shot process. Import this instead of ``click``.

click imports ``inspect`` (with ``ast``, ``dis`` and ``tokenize``, ~12 ms) at start-up for a
few rare paths and for help text. While click loads it is a stand-in (see ``startup.lazy``): any other
use imports the real module.
click calls ``inspect.cleandoc`` on every option's help as the CLI module is defined, so the
stand-in carries a ``cleandoc`` of its own (the standard library's rules; a test compares them).
"""

from __future__ import annotations

import sys
import types
from typing import TYPE_CHECKING

from searcher.startup.lazy import stand_ins, standing_in


def cleandoc(doc: str) -> str:
    """``inspect.cleandoc``: first line stripped, the rest dedented by their common indent,
    blank lines at either end removed."""
    lines = doc.expandtabs().split("\n")
    indents = [len(line) - len(line.lstrip()) for line in lines[1:] if line.lstrip()]
    margin = min(indents, default=0)
    lines = [lines[0].lstrip(), *(line[margin:] for line in lines[1:])]
    while lines and not lines[-1]:
        lines.pop()
    while lines and not lines[0]:
        lines.pop(0)
    return "\n".join(lines)


def _load() -> types.ModuleType:
    if "click" in sys.modules:
        return sys.modules["click"]
    stubs = stand_ins({"inspect": ()})
    if "inspect" in stubs:
        stubs["inspect"].cleandoc = cleandoc  # type: ignore[attr-defined]
    with standing_in(stubs):
        import click
    return click


if TYPE_CHECKING:  # (the checker reads click's own types)
    import click
else:
    click = _load()
