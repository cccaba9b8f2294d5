"""Stand-in modules for a one-shot process: while a library loads, a module it imports but
uses only on rare paths is replaced by a stand-in that imports the real one on first use.

The stand-ins are gone from ``sys.modules`` as soon as the library has loaded, so any later
``import`` gets the real module; only the library's own references go through the stand-in.
"""

from __future__ import annotations

import contextlib
import importlib
import sys
import types
from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from typing import Any


class Later(types.ModuleType):
    """Stands in for a module: the first attribute asked for imports the real module and hands
    the attribute over. Attributes set on the stand-in itself are served without importing."""

    def __getattr__(self, name: str) -> Any:
        if name.startswith("__"):
            raise AttributeError(name)
        return getattr(importlib.import_module(self.__name__), name)


def later(module: str, name: str) -> Callable[..., Any]:
    """A function standing in for ``module.name`` (for ``from module import name``)."""

    def call(*args: Any, **kwargs: Any) -> Any:
        return getattr(importlib.import_module(module), name)(*args, **kwargs)

    call.__name__ = name
    return call


def stand_ins(modules: dict[str, tuple[str, ...]]) -> dict[str, types.ModuleType]:
    """A ``Later`` for each module not yet imported, with a ``later`` function for each of the
    names the library imports from it."""
    stubs: dict[str, types.ModuleType] = {}
    for module, names in modules.items():
        if module not in sys.modules:
            stub = stubs[module] = Later(module)
            for name in names:
                setattr(stub, name, later(module, name))
    return stubs


@contextlib.contextmanager
def standing_in(stubs: dict[str, types.ModuleType]) -> Iterator[None]:
    """Install ``stubs`` in ``sys.modules`` for the length of the block, then remove them."""
    sys.modules.update(stubs)
    try:
        yield
    finally:
        for name, stub in stubs.items():
            if sys.modules.get(name) is stub:
                del sys.modules[name]
