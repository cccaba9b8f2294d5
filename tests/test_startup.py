"""The start-up configuration a user's process runs (``searcher/startup/``, the stand-ins in
``engine/patches.py``): modules that click and Whoosh import but rarely use are stand-ins until
their first use. Under pytest those modules are already loaded, so no stand-in ever takes their
place; these tests run the shipped command in a fresh interpreter and compare it with the same
command run in-process."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from tests.conftest import SEEDS

# what start-up leaves out on purpose: the pipeline, and modules standing in until first use
OFF_SEARCH_PATH = ("bs4", "dateutil", "lxml", "pycountry", "searcher.clean", "searcher.extract",
                   "dataclasses", "inspect", "urllib.request", "asyncio", "random", "shutil",
                   "tempfile", "hashlib", "searcher.pipeline", "searcher.models", "searcher.corpus",
                   "searcher.index.indexer", "searcher.index.write", "searcher.index.plan",
                   "searcher.index.documents")  # fmt: skip

# Runs the command as the ``defsearch`` script does, then reports on stderr, after a marker:
# the exit code, which modules were loaded, and whether click and Whoosh hold the stand-ins.
PROBE = """
import json, os, sys
args, watched = json.loads(sys.argv[1]), tuple(json.loads(sys.argv[2]))
sys.argv = ["defsearch", *args]
quick_exit = os._exit

def report(code):
    import click.core
    tables = sys.modules.get("whoosh.filedb.filetables")
    found = {
        "code": code,
        "loaded": sorted(m for m in sys.modules if m.startswith(watched)),
        "click_inspect": type(click.core.inspect).__name__,
        "whoosh_md5": tables.md5.__module__ if tables else None,
    }
    sys.stdout.flush()
    sys.stderr.write("\\nPROBE " + json.dumps(found))
    sys.stderr.flush()

os._exit = lambda code: (report(code), quick_exit(code))  # read commands end with os._exit
from searcher.cli import run
try:
    run()
    report(0)
except SystemExit as exc:
    report(exc.code)
"""


def shipped(*args: str, cwd=None) -> tuple[str, dict]:
    """(stdout, probe report) of ``defsearch ARGS`` in a fresh interpreter."""
    proc = subprocess.run(
        [sys.executable, "-c", PROBE, json.dumps(args), json.dumps(OFF_SEARCH_PATH)],
        capture_output=True, text=True, timeout=120, cwd=cwd,
    )  # fmt: skip
    assert "\nPROBE " in proc.stderr, proc.stderr
    return proc.stdout, json.loads(proc.stderr.rsplit("\nPROBE ", 1)[1])


READ_COMMANDS = [
    ("search", "Cuba", "--facet", "pair", "--facet", "official", "--format", "jsonl"),
    ("search", "defence AND NOT Japan", "--sort", "-date", "--format", "tsv"),
    ("search", "Cuba", "--format", "table"),
    ("search", "zzzqqq", "--format", "count"),
    ("search", "title:(", "--format", "jsonl"),  # a bad query: the error path
    ("facets", "country", "defence"),
    ("stats", "--format", "json"),
    ("export",),
    ("search", "--help"),
]


@pytest.mark.parametrize("command", READ_COMMANDS, ids=lambda c: " ".join(c)[:40])
def test_shipped_start_up_answers_as_in_process(cli, shared_index, command):
    args = (*command, "--index", str(shared_index))
    out, report = shipped(*args)
    expected = cli(*args)
    if "--help" in command:  # (laid out for the terminal's width: the same words)
        assert out.split() == expected.stdout.split()
    else:
        assert out == expected.stdout
    assert report["code"] == expected.exit_code
    # the stand-ins were in place, and whatever was not needed stayed unloaded
    assert report["click_inspect"] == "Later"
    # (help never loads the engine)
    assert report["whoosh_md5"] == (None if "--help" in command else "_md5")
    # help text is dedented by inspect and laid out for the terminal's width (shutil)
    needed = {"inspect", "shutil"} if "--help" in command else set()
    assert set(report["loaded"]) <= needed, report["loaded"]


def test_shipped_start_up_shows_and_finds_similar(cli, shared_index):
    some_id = json.loads(cli("search", "Cuba", "--index", str(shared_index)).stdout.split("\n")[0])
    for command in (("show", some_id["id"]), ("similar", some_id["id"], "--limit", "3")):
        args = (*command, "--index", str(shared_index))
        out, report = shipped(*args)
        assert (out, report["code"]) == (cli(*args).stdout, cli(*args).exit_code)


def test_shipped_start_up_builds_the_same_index(cli, tmp_path, index_dir):
    """Writing uses the stand-ins for random, shutil and tempfile (segment names, compound
    files): an index built by the shipped process answers as one built in-process."""
    _out, report = shipped("index", str(SEEDS), "--index", str(tmp_path / "shipped"))
    assert report["code"] == 0
    for query in ("Cuba", "defence cooperation", '"naval cooperation"', "*"):
        ours = cli("search", query, "--index", str(tmp_path / "shipped"), "--limit", "50")
        theirs = cli("search", query, "--index", str(index_dir), "--limit", "50")
        assert [json.loads(line)["id"] for line in ours.stdout.splitlines()] == [
            json.loads(line)["id"] for line in theirs.stdout.splitlines()
        ]


def test_a_stand_in_hands_over_to_the_real_module():
    code = (
        "import sys\n"
        "from searcher.startup.click_loader import click\n"
        "import click.core\n"
        "assert 'inspect' not in sys.modules\n"
        "sig = click.core.inspect.signature(len)\n"  # the first use imports the real module
        "import inspect\n"
        "assert click.core.inspect.signature is inspect.signature, 'not handed over'\n"
        "print(sig)\n"
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip() == "(obj, /)"


def test_click_stand_in_cleans_help_text_as_inspect_does():
    import inspect

    from searcher.cli import main
    from searcher.startup.click_loader import cleandoc

    docs = [c.callback.__doc__ or "" for c in main.commands.values()] + [
        p.help for c in main.commands.values() for p in c.params if getattr(p, "help", None)
    ]
    docs += ["", "\n\n", "  one\n\t  two\n    three\n\n", "x\n  \n   y\n  z  \n"]
    for doc in docs:
        assert cleandoc(doc) == inspect.cleandoc(doc), doc
