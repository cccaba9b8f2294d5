"""The fast path as the shipped ``defsearch`` script runs it, in a fresh interpreter: it answers
as the full command does, and the set of modules it loads is pinned (none of Whoosh, click,
bs4, dateutil, lxml; none of our engine, CLI, search or index modules)."""

from __future__ import annotations

import ast
import subprocess
import sys
import tomllib

import pytest

from tests.conftest import ROOT

# Runs the console script's function, then reports the exit code and the loaded modules on
# stderr after a marker (read commands end with os._exit); the arguments come as they are and
# the report is a repr, so that the probe itself loads nothing (json neither).
PROBE = """
import os, sys
sys.argv = ["defsearch", *sys.argv[1:]]
quick_exit = os._exit

def report(code):
    sys.stdout.flush()
    sys.stderr.write("\\nPROBE " + repr({"code": int(code) if isinstance(code, int) else code,
                                       "loaded": sorted(sys.modules)}))
    sys.stderr.flush()

os._exit = lambda code: (report(code), quick_exit(code))
from searcher.fast.entry import run
try:
    run()
    report(0)
except SystemExit as exc:
    report(exc.code)
"""

# Every module of ours the fast path loads, and nothing else of ours.
OURS = {"searcher", "searcher.data", "searcher.errors", "searcher.text", "searcher.fast",
        "searcher.fast._spelling", "searcher.fast.answer", "searcher.fast.argv",
        "searcher.fast.entry", "searcher.fast.evaluate", "searcher.fast.jsonc",
        "searcher.fast.labels", "searcher.fast.parse", "searcher.fast.pickles",
        "searcher.fast.segments", "searcher.fast.snippets", "searcher.fast.syntax",
        "searcher.fast.terms", "searcher.scores"}  # fmt: skip
# Libraries and standard modules it must not load (what the full path's start-up costs).
NEVER = ("whoosh", "click", "bs4", "dateutil", "lxml", "pycountry", "cached_property", "typing",
         "pickle", "contextlib", "dataclasses", "inspect", "hashlib", "urllib", "textwrap",
         "shutil", "tempfile", "random", "asyncio", "importlib.util", "json")  # fmt: skip


def shipped(*args: str) -> tuple[str, str, dict]:
    """(stdout, stderr before the probe's report, report) of ``defsearch ARGS``."""
    proc = subprocess.run(
        [sys.executable, "-c", PROBE, *args],
        capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert "\nPROBE " in proc.stderr, proc.stderr
    err, report = proc.stderr.rsplit("\nPROBE ", 1)
    return proc.stdout, err, ast.literal_eval(report)


SEARCHES = [
    ("defence", "--facet", "pair", "--facet", "country", "--facet", "official", "--limit", "10",
     "--format", "json"),
    ("Vietnam -Japan", "--format", "jsonl"),
    ('"naval cooperation" OR (Cuba AND NOT Japan)', "--format", "ids"),
    ("cooperation", "--format", "count"),
]  # fmt: skip


@pytest.mark.parametrize("search", SEARCHES, ids=lambda s: s[0])
def test_a_fresh_fast_search_loads_only_what_it_uses(cli, shared_index, search):
    args = ("search", *search, "--index", str(shared_index))
    out, err, report = shipped(*args)
    expected = cli(*args)
    assert (out, err, report["code"]) == (expected.stdout, expected.stderr, expected.exit_code)
    loaded = set(report["loaded"])
    assert {m for m in loaded if m.split(".")[0] == "searcher"} == OURS
    assert not [m for m in loaded if m.startswith(NEVER)], sorted(loaded)


def test_what_it_does_not_answer_runs_the_full_command(cli, shared_index):
    for args in (("search", "zzzqqq", "--index", str(shared_index)),  # (did you mean)
                 ("search", "title:Cuba", "--index", str(shared_index), "--format", "jsonl"),
                 ("stats", "--index", str(shared_index), "--format", "json")):  # fmt: skip
        out, _err, report = shipped(*args)
        expected = cli(*args)
        assert (out, report["code"]) == (expected.stdout, expected.exit_code)
        assert "searcher.cli" in report["loaded"]


def test_the_console_script_is_the_fast_entry():
    with open(ROOT / "pyproject.toml", "rb") as f:
        scripts = tomllib.load(f)["project"]["scripts"]
    assert scripts["defsearch"] == "searcher.fast.entry:run"
