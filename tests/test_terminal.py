"""Issue 16, at a terminal and in the first hour: what people read (tables, help, hints,
messages, the timeline), colour, JSON for pipes from every command, and the index command's
guards (another corpus, a failed first run). In-process (CliRunner) and as a real process."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from searcher.cli import example_of, main

from .conftest import ROOT, SEEDS, run_proc, seed, write_articles

README = (ROOT / "README.md").read_text(encoding="utf-8")
ANSI = re.compile(r"\x1b\[[0-9;]*m")


# --- item 5: the hint names the command's own option ---------------------------------------------


def test_facets_hint_names_its_own_limit(cli, shared_index):
    shown = cli("facets", "official", "Cuba", "--limit", "2", "--index", str(shared_index),
                "--format", "table").stdout  # fmt: skip
    assert "raise --limit" in shown and "--facet-limit" not in shown
    search = cli("search", "Cuba", "--facet", "official", "--facet-limit", "1", "--index",
                 str(shared_index), "--format", "table").stdout  # fmt: skip
    assert "raise --facet-limit" in search
    proc = run_proc("facets", "official", "Cuba", "--limit", "2", "--index", str(shared_index),
                    "--format", "table")  # fmt: skip
    assert "raise --limit" in proc.stdout


# --- item 7: no "None" in text ---------------------------------------------------------------------


def test_no_none_in_text_output(cli, tmp_path):
    corpus = tmp_path / "c"
    corpus.mkdir()
    (corpus / "talks.txt").write_text(
        "Talks held\n\nHanoi (VNA) – President Fidel Castro met Minister Nguyen Van An in Hanoi"
        " on Monday to discuss cooperation./.\n",
        encoding="utf-8",
    )
    cleaned = cli("clean", str(corpus / "talks.txt")).stdout
    assert "Fidel Castro (President)" in cleaned and "None" not in cleaned
    ix = str(tmp_path / "ix")
    cli("index", str(corpus), "--index", ix)
    shown = cli("show", "talks.txt", "--index", ix, "--format", "text").stdout
    assert "Fidel Castro (President)" in shown and "None" not in shown
    (tmp_path / "empty").mkdir()
    cli("index", str(tmp_path / "empty"), "--index", str(tmp_path / "ixe"))
    stats = run_proc("stats", "--index", str(tmp_path / "ixe"), "--format", "text").stdout
    assert "None" not in stats and "dates        none (no articles)" in stats
    proc = run_proc("show", "talks.txt", "--index", ix, "--format", "text")
    assert proc.returncode == 0 and "None" not in proc.stdout


# --- item 10: another corpus never silently replaces an index -------------------------------------


def test_another_corpus_is_refused_unless_rebuild(cli, tmp_path):
    write_articles(tmp_path / "a", 0, 10)
    write_articles(tmp_path / "b", 100, 103)
    ix = str(tmp_path / "ix1")
    cli("index", str(tmp_path / "a"), "--index", ix)
    refused = cli("index", str(tmp_path / "b"), "--index", ix)
    assert refused.exit_code == 2 and refused.stderr.count("\n") == 1
    assert f"holds 10 articles from {tmp_path / 'a'}" in refused.stderr
    assert "--rebuild" in refused.stderr and "nothing was changed" in refused.stderr
    assert cli("search", "Australia", "--index", ix, "--format", "count").stdout == "10\n"
    # both folders: the ten are kept, three added
    both = cli("index", str(tmp_path / "a"), str(tmp_path / "b"), "--index", ix)
    assert both.exit_code == 0
    assert cli("search", "Australia", "--index", ix, "--format", "count").stdout == "13\n"
    replaced = cli("index", str(tmp_path / "b"), "--index", ix, "--rebuild")
    assert replaced.exit_code == 0
    assert cli("search", "Australia", "--index", ix, "--format", "count").stdout == "3\n"


def test_another_corpus_is_refused_in_a_real_process(tmp_path):
    write_articles(tmp_path / "a", 0, 4)
    write_articles(tmp_path / "b", 10, 12)
    assert run_proc("index", str(tmp_path / "a"), "--index", str(tmp_path / "ix")).returncode == 0
    proc = run_proc("index", str(tmp_path / "b"), "--index", str(tmp_path / "ix"))
    assert proc.returncode == 2 and "would drop those" in proc.stderr and proc.stdout == ""


# --- item 12: the smaller ones ----------------------------------------------------------------------


def test_a_failed_first_run_leaves_no_folder(cli, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)  # (no ./corpus here)
    result = cli("index", "--index", "newix")
    assert result.exit_code == 2 and "no corpus given" in result.stderr
    assert not (tmp_path / "newix").exists()
    (tmp_path / "kept").mkdir()  # a folder that was there before is left as it was
    (tmp_path / "kept" / ".gitkeep").write_text("")
    assert cli("index", "--index", "kept").exit_code == 2
    assert sorted(p.name for p in (tmp_path / "kept").iterdir()) == [".gitkeep", "defsearch-index.json",
                                                                   "defsearch.lock"]  # fmt: skip
    proc = run_proc("index", "--index", "other", cwd=tmp_path)
    assert proc.returncode == 2 and not (tmp_path / "other").exists()


def test_missing_index_wording(cli, tmp_path):
    gone = cli("search", "x", "--index", str(tmp_path / "nope"))
    assert gone.exit_code == 2
    assert f"no index: the folder {tmp_path / 'nope'}/ does not exist" in gone.stderr
    assert f"defsearch index CORPUS --index {tmp_path / 'nope'}" in gone.stderr
    (tmp_path / "plain").mkdir()
    held = cli("stats", "--index", str(tmp_path / "plain"))
    assert f"no index in {tmp_path / 'plain'}/: it holds no defsearch index yet" in held.stderr
    proc = run_proc("search", "x", cwd=tmp_path)  # (the default: index/)
    assert proc.stderr == (
        "defsearch: error: no index: the folder index/ does not exist (build it with:"
        " defsearch index CORPUS)\n"
    )


def count(cli, index: Path, *args: str) -> int:
    return int(cli("search", "--index", str(index), "--format", "count", *args).stdout)


def test_minus_excludes_a_word(cli, shared_index):
    defence = count(cli, shared_index, "defence")
    both = count(cli, shared_index, "defence Japan")
    assert 0 < both < defence
    assert count(cli, shared_index, "defence -Japan") == defence - both
    assert count(cli, shared_index, "defence AND -Japan") == defence - both
    assert count(cli, shared_index, "--any", "defence -Japan") == defence - both
    assert count(cli, shared_index, "--", "-Japan", "defence") == defence - both
    everything = count(cli, shared_index, "*")
    assert count(cli, shared_index, "--", "-defence") == everything - defence
    assert count(cli, shared_index, "--", '-"naval cooperation" Japan') < count(
        cli, shared_index, "Japan"
    )
    hits = cli("search", "defence -Japan", "--all", "--index", str(shared_index)).stdout
    assert not re.search(r"\bJapan\b", hits)  # (Japanese is another word)
    # a hyphen inside a word, or a dash standing alone, is no minus
    assert count(cli, shared_index, "Vietnam-Cuba") == count(cli, shared_index, '"Vietnam Cuba"')
    proc = run_proc("search", "defence -Japan", "--index", str(shared_index), "--format", "count")
    assert proc.stdout == f"{defence - both}\n"


def test_timeline_buckets_by_span_and_counts_the_undated(shared_index):
    ix = str(shared_index)
    years = run_proc("search", "defence", "--index", ix, "--timeline", "--format", "count")
    lines = years.stderr.splitlines()
    assert re.fullmatch(
        r"timeline by year: \d+ of \d+ matches \(\d+ undated, not shown\)", lines[0]
    )
    assert all(re.match(r"20\d\d ", line) for line in lines[1:]) and len(lines) <= 12
    days = run_proc("search", "--since", "2025-02-01", "--until", "2025-02-20", "--index", ix,
                    "--timeline", "--format", "count")  # fmt: skip
    assert days.stderr.splitlines()[0].startswith("timeline by day:")
    assert "2025-02-07      1 █" in days.stderr
    data = json.loads(
        run_proc("search", "defence", "--index", ix, "--timeline", "--format", "json").stdout
    )
    timeline = data["timeline"]
    assert timeline["unit"] == "year" and timeline["total"] == data["total"]
    dated = sum(b["count"] for b in timeline["buckets"])
    assert dated + timeline["undated"] == data["total"] and timeline["undated"] > 0


def test_timeline_in_process(cli, shared_index):
    result = cli("search", "Cuba", "--index", str(shared_index), "--timeline", "--format", "json")
    assert set(json.loads(result.stdout)["timeline"]) == {"unit", "buckets", "undated", "total"}
    months = cli("search", "--since", "2024-01", "--until", "2025-12", "--index", str(shared_index),
                 "--timeline", "--format", "count")  # fmt: skip
    assert months.stderr.startswith("timeline by month:")


def test_help_examples_are_never_wrapped():
    runner = CliRunner()
    for name, command in main.commands.items():
        shown = runner.invoke(main, [name, "--help"], terminal_width=80).output
        for line in (command.help or "").splitlines():
            text = line.strip().removeprefix("Example:").strip()
            if text.startswith("defsearch "):
                assert text in shown, (name, text)


def test_table_shows_whole_ids_and_first_sentences(cli, tmp_path):
    corpus = tmp_path / "c"
    corpus.mkdir()
    long_name = "2025-02-07-vna-vietnamese-and-united-states-defence-chiefs-hold-phone-talks.txt"
    shutil.copy(seed("003"), corpus / long_name)
    shutil.copy(seed("000"), corpus / "no-headline.txt")  # (a Việt Nam News copy: no title)
    ix = str(tmp_path / "ix")
    cli("index", str(corpus), "--index", ix)
    table = cli("search", "defence", "--index", ix, "--format", "table").stdout
    assert f"     {long_name}" in table.splitlines()  # whole, on its own line
    assert cli("show", long_name, "--index", ix).exit_code == 0
    assert "(first sentence) HÀ NỘI — The Vietnamese Ministry of National Defence" in table
    assert "(no title)" not in table
    shown = cli("show", "no-headline.txt", "--index", ix, "--format", "text").stdout
    assert shown.startswith("(first sentence) HÀ NỘI —")
    proc = run_proc("search", "defence", "--index", ix, "--format", "table")
    assert long_name in proc.stdout.split() and "(first sentence)" in proc.stdout


# --- colour -------------------------------------------------------------------------------------------


def test_color_always_never_auto(cli, shared_index):
    ix = str(shared_index)
    args = ("search", "Cuba", "--index", ix, "--format", "table")
    assert ANSI.search(cli(*args, "--color", "always").stdout)
    assert ANSI.search(cli(*args, "--color", "always", env={"NO_COLOR": "1"}).stdout)  # a flag wins
    assert not ANSI.search(cli(*args).stdout)  # auto: not a terminal
    assert not ANSI.search(cli(*args, "--color", "never").stdout)
    for command in (("facets", "pair", "--format", "table"), ("show", seed("001").name, "--format",
                    "text"), ("similar", seed("001").name, "--format", "table")):  # fmt: skip
        assert ANSI.search(cli(*command, "--index", ix, "--color", "always").stdout), command
    proc = run_proc(*args, "--color", "always")
    assert "\x1b[1m" in proc.stdout
    timeline = run_proc("search", "Cuba", "--index", ix, "--timeline", "--format", "count",
                        "--color", "never")  # fmt: skip
    assert not ANSI.search(timeline.stderr)


# --- JSON in a pipe from facets, stats and show; sizes for people ----------------------------------


def test_facets_stats_show_give_json_in_a_pipe(shared_index):
    ix = str(shared_index)
    facets = run_proc("facets", "pair", "--index", ix)
    assert json.loads(facets.stdout.splitlines()[0])["value"] == "CU-VN"
    stats = json.loads(run_proc("stats", "--index", ix).stdout)
    assert stats["documents"] == 16 and isinstance(stats["index_bytes"], int)
    assert stats["undated"] >= 1
    shown = json.loads(run_proc("show", seed("004").name, "--index", ix).stdout)
    assert shown["id"] == seed("004").name


def test_stats_in_human_units(cli, shared_index):
    text = cli("stats", "--index", str(shared_index), "--format", "text").stdout
    size = re.search(r"^index size +([\d.]+) (KB|MB)$", text, re.M)
    assert size, text
    stats = json.loads(cli("stats", "--index", str(shared_index)).stdout)
    factor = {"KB": 1024, "MB": 1024**2}[size.group(2)]
    assert abs(float(size.group(1)) * factor - stats["index_bytes"]) < 0.06 * factor
    assert re.search(r"^dates +\d{4}-\d\d-\d\d to \d{4}-\d\d-\d\d \(\d+ undated\)$", text, re.M)


# --- help, completion, and the docs ------------------------------------------------------------------


def test_top_help_lists_an_example_of_every_command():
    shown = CliRunner().invoke(main, ["--help"], terminal_width=80).output
    for name, command in main.commands.items():
        example = example_of(command)
        assert example and example.startswith(f"defsearch {name}"), name
        assert f"  {example}\n" in shown, name
    assert "_DEFSEARCH_COMPLETE=bash_source defsearch" in shown
    proc = run_proc("--help")
    assert all(example_of(c) in proc.stdout for c in main.commands.values())


@pytest.mark.parametrize("name", sorted(main.commands))
def test_every_command_and_option_is_documented(cli, name):
    """Walks the commands click has (not a list kept by hand): each has help with an example,
    a README entry, and each of its options is in the README."""
    command = main.commands[name]
    result = cli(name, "--help")
    assert result.exit_code == 0 and len(result.output) > 200
    assert f"defsearch {name}" in README
    for param in command.params:
        for option in getattr(param, "opts", []):
            if option.startswith("--") and option != "--help":
                assert option in README, (name, option)


def test_shell_completion_works_as_documented():
    assert "_DEFSEARCH_COMPLETE=bash_source defsearch" in README
    proc = run_proc(env={"_DEFSEARCH_COMPLETE": "bash_complete", "COMP_WORDS": "defsearch se",
                         "COMP_CWORD": "1"})  # fmt: skip
    assert proc.returncode == 0 and proc.stdout.split() == ["plain,search"]
    script = run_proc(env={"_DEFSEARCH_COMPLETE": "zsh_source"})
    assert "compdef" in script.stdout


def test_quick_start_output_in_the_readme_is_what_make_search_prints(cli, tmp_path):
    """The README's `make run` sample: titles (or first sentences), whole ids, the pair facet."""
    shutil.copytree(SEEDS, tmp_path / "corpus")
    cli("index", str(tmp_path / "corpus"), "--index", str(tmp_path / "ix"))
    table = cli("search", "defence cooperation", "--index", str(tmp_path / "ix"), "--facet", "pair",
                "--facet", "country", "--facet", "official", "--limit", "5", "--format",
                "table").stdout  # fmt: skip
    sample = README.split("`make run` ends with something like:", 1)[1].split("```")[1]
    for line in sample.strip("\n").splitlines():
        # (a snippet, "…" at either end, or a hit's rank, can change with the ranking)
        if line.strip() and line.strip() != "..." and not line.startswith("     …"):
            assert re.sub(r"^ +\d+\. ", "", line.rstrip()) in table, line


# --- item 11: Ctrl-C early in a build ----------------------------------------------------------------
# (the real build, interrupted at each of its moments: test_index.py, test_sigint_exits_130_…)

# In a fresh interpreter: start the fork server as a build does, with Ctrl-C arriving while a
# helper process is being spawned (the resource tracker, or the fork server itself): it must
# reach this process's handler, never be lost (a lost one let the build run to its end).
SPAWN_PROBE = """
import os, signal, sys
signal.signal(signal.SIGINT, signal.default_int_handler)  # (as at a terminal, even under nohup)
from multiprocessing import resource_tracker, util
from searcher.pipeline import worker_context
if sys.argv[1] == "fork server":
    resource_tracker.ensure_running()  # (then only the fork server is spawned below)
spawn = util.spawnv_passfds
def spawn_with_ctrl_c(*args):
    util.spawnv_passfds = spawn  # (once)
    os.kill(os.getpid(), signal.SIGINT)
    return spawn(*args)
util.spawnv_passfds = spawn_with_ctrl_c
try:
    worker_context(["searcher.pipeline"])
    for _ in range(1000):  # (a signal already handled raises at once; give it bytecodes)
        pass
except KeyboardInterrupt:
    print("interrupted")
else:
    print("lost")
worker_context(["searcher.pipeline"])  # (started now, if the Ctrl-C came first)
from multiprocessing import forkserver
pid = forkserver._forkserver._forkserver_pid
status = dict(line.split(":\\t") for line in open(f"/proc/{pid}/status").read().splitlines()
              if line.startswith(("SigBlk", "SigIgn")))
print("fork server SIGINT", "blocked" if int(status["SigBlk"], 16) & 2 else "open")
"""


@pytest.mark.parametrize("spawning", ["resource tracker", "fork server"])
def test_ctrl_c_while_the_fork_server_starts_is_never_lost(spawning):
    import subprocess
    import sys

    proc = subprocess.run([sys.executable, "-c", SPAWN_PROBE, spawning], capture_output=True,
                          text=True, timeout=60, cwd=ROOT)  # fmt: skip
    assert proc.stdout.split("\n")[:2] == ["interrupted", "fork server SIGINT blocked"], proc.stderr
    assert proc.stderr == ""


# A KeyboardInterrupt raised inside code that ``exec`` runs from a string (multiprocessing and the
# standard library define functions that way, and a Ctrl-C can land there) is one CPython marks as
# never handled, though our handler did handle it: under ``python -m`` it then ended the process
# by SIGINT (status -2) after our message, whatever exit code we gave.
EXEC_PROBE = """
import sys
import searcher.index.indexer as indexer
from searcher.cli import run
def interrupted(*args, **kwargs):
    exec("raise KeyboardInterrupt", {})
indexer.sync = interrupted
if __name__ == "__main__":
    run(["index", sys.argv[1], "--index", sys.argv[2]])
"""


def test_ctrl_c_inside_exec_still_exits_130_with_one_line(tmp_path):
    import os
    import subprocess
    import sys

    (tmp_path / "exec_probe.py").write_text(EXEC_PROBE)
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(tmp_path), str(ROOT)])}
    proc = subprocess.run([sys.executable, "-m", "exec_probe", str(SEEDS), str(tmp_path / "ix")],
                          capture_output=True, text=True, timeout=60, env=env)  # fmt: skip
    assert proc.returncode == 130
    assert proc.stderr == "defsearch: interrupted; the previous index is intact\n"


def test_an_interrupted_build_leaves_no_column_files(tmp_path):
    """A worker stopped by Ctrl-C closes its segment's column files (``MAIN_<segment>.<field>
    .col``) and may leave its folder of term runs; Ctrl-C while Whoosh writes a table of contents
    leaves its temporary copy, named by the clock. All ours, so the version folder goes with
    them; a file of the user's in a temporary folder stays, and so does the folder."""
    from searcher.index import store

    version = Path(store.new_version_dir(str(tmp_path)))
    (version / "MAIN.tmp.4242").mkdir()
    for name in ("MAIN_ik2bsp9hx86mhsg9._body_len.col", "MAIN_ik2bsp9hx86mhsg9.date.col",
                 "MAIN_ik2bsp9hx86mhsg9.seg", "_MAIN_1.toc", "_MAIN_1.toc.1764646000.123456",
                 "MAIN.tmp.4242/4242-7f3a2c-1.terms"):  # fmt: skip
        (version / name).write_bytes(b"\0")
    assert store.remove_version(str(version)) == [] and not version.exists()

    version = Path(store.new_version_dir(str(tmp_path)))
    (version / "MAIN.tmp").mkdir()
    (version / "MAIN.tmp" / "9-ab-2.terms").write_bytes(b"\0")
    (version / "MAIN.tmp" / "mine.txt").write_text("mine\n")
    assert store.remove_version(str(version)) == ["MAIN.tmp/mine.txt"]
    assert sorted(p.name for p in version.rglob("*")) == [
        "MAIN.tmp", "defsearch-version.json", "mine.txt"]  # fmt: skip
