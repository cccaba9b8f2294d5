"""Data tables shipped with the package (tab-separated, ``#`` comments)."""

from __future__ import annotations

import os

_HERE = os.path.dirname(os.path.abspath(__file__))


def read(name: str) -> str:
    """The text of one data file (a plain read: no importlib.resources on the query path)."""
    with open(os.path.join(_HERE, name), encoding="utf-8") as f:
        return f.read()
