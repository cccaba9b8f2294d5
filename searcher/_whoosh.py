"""Import Whoosh without paying for what the query path never uses.

``whoosh.compat`` imports ``urllib.request`` (about 45 ms, a third of Whoosh's import time) only
to re-export ``urlretrieve``. While Whoosh loads, a stand-in module provides a ``urlretrieve``
that imports the real one on first call; the stand-in is removed again at once, so any later
``import urllib.request`` gets the real module.
"""

from __future__ import annotations

import sys
import types


def _urlretrieve(*args, **kwargs):
    import importlib

    sys.modules.pop("urllib.request", None)
    return importlib.import_module("urllib.request").urlretrieve(*args, **kwargs)


def load() -> None:
    """Import whoosh.compat with the stand-in in place (a no-op once Whoosh is loaded)."""
    if "whoosh.compat" in sys.modules or "urllib.request" in sys.modules:
        return
    stub = types.ModuleType("urllib.request")
    stub.urlretrieve = _urlretrieve  # type: ignore[attr-defined]
    sys.modules["urllib.request"] = stub
    try:
        import whoosh.compat  # noqa: F401
    finally:
        if sys.modules.get("urllib.request") is stub:
            del sys.modules["urllib.request"]


load()
