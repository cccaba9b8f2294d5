"""Saved alerts: `defsearch alert add/list/rm/run` on real files and a real index (CliRunner and
a subprocess pipe)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from searcher import alerts
from searcher.index import SyncOptions, store, sync
from tests.conftest import run_proc

ARTICLE = "{title}\n\nHanoi, March {day}, 2025 (VNA) - {text}\n"


def write(corpus: Path, name: str, text: str, day: int = 24) -> None:
    corpus.mkdir(parents=True, exist_ok=True)
    title = text.split(".")[0]
    (corpus / name).write_text(ARTICLE.format(title=title, day=day, text=text), "utf-8")


@pytest.fixture
def index(tmp_path: Path) -> Path:
    corpus = tmp_path / "c"
    write(corpus, "a.txt", "Vietnam and Cuba held defence talks.", 24)
    write(corpus, "b.txt", "Vietnam and Japan held naval talks.", 25)
    write(corpus, "c.txt", "Cuba and Laos signed a memorandum.", 26)
    path = tmp_path / "ix"
    sync([str(corpus)], str(path), SyncOptions(workers=1))
    return path


def run_ids(cli, index: Path, *names: str) -> tuple[int, list[str]]:
    result = cli("alert", "run", *names, "--index", str(index), "--format", "jsonl")
    lines = [json.loads(line) for line in result.stdout.splitlines()]
    return result.exit_code, [(d["alert"], d["id"]) for d in lines]


def test_run_twice_reports_each_match_once_then_only_what_a_sync_adds(cli, index, tmp_path):
    assert cli("alert", "add", "cuba", "Cuba", "--index", str(index)).exit_code == 0
    assert (
        cli("alert", "add", "japan", "talks", "--country", "JP", "--index", str(index)).exit_code
        == 0
    )
    code, found = run_ids(cli, index)
    assert code == 0
    assert sorted(found) == [("cuba", "a.txt"), ("cuba", "c.txt"), ("japan", "b.txt")]
    assert run_ids(cli, index) == (1, [])  # nothing new: exit 1, nothing written
    write(tmp_path / "c", "d.txt", "Cuba and Vietnam agreed on training.", 27)
    write(tmp_path / "c", "e.txt", "India and France held talks.", 27)
    assert sync(None, str(index), SyncOptions(workers=1)).added == 2
    assert run_ids(cli, index) == (0, [("cuba", "d.txt")])
    assert run_ids(cli, index) == (1, [])


def test_run_one_alert_by_name(cli, index):
    for name, query in (("cuba", "Cuba"), ("laos", "Laos")):
        assert cli("alert", "add", name, query, "--index", str(index)).exit_code == 0
    assert run_ids(cli, index, "laos") == (0, [("laos", "c.txt")])
    code, found = run_ids(cli, index)
    assert code == 0 and sorted(found) == [("cuba", "a.txt"), ("cuba", "c.txt")]
    result = cli("alert", "run", "nope", "--index", str(index))
    assert result.exit_code == 2 and "no alert named 'nope'" in result.stderr


def test_list_and_rm(cli, index):
    assert cli("alert", "list", "--index", str(index)).exit_code == 1  # none yet
    cli("alert", "add", "cuba", "Cuba", "--pair", "CU-VN", "--index", str(index))
    run_ids(cli, index)
    listed = [
        json.loads(x) for x in cli("alert", "list", "--index", str(index)).stdout.splitlines()
    ]
    assert [(a["name"], a["query"], a["filters"], a["reported"]) for a in listed] == [
        ("cuba", "Cuba", {"pairs": ["CU-VN"]}, 1)
    ]
    assert cli("alert", "rm", "cuba", "--index", str(index)).exit_code == 0
    assert cli("alert", "list", "--index", str(index)).stdout == ""
    result = cli("alert", "rm", "cuba", "--index", str(index))
    assert result.exit_code == 2 and "no alert named 'cuba'" in result.stderr


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("bad name", "Cuba"), "alert name"),
        (("x", "Cuba", "--country", "Atlantis"), "--country"),
        (("x", "title:(unclosed"), "query"),
    ],
)
def test_add_refuses_what_cannot_run(cli, index, args, message):
    result = cli("alert", "add", *args, "--index", str(index))
    assert result.exit_code == 2 and message in result.stderr, result.stderr
    assert result.stderr.count("\n") == 1
    assert not (index / store.ALERTS).exists() or "x" not in alerts._read(str(index))["alerts"]


def test_a_duplicate_name_is_refused(cli, index):
    assert cli("alert", "add", "cuba", "Cuba", "--index", str(index)).exit_code == 0
    result = cli("alert", "add", "cuba", "Laos", "--index", str(index))
    assert result.exit_code == 2 and "exists already" in result.stderr


def test_alerts_survive_a_rebuild_and_remember_what_they_reported(cli, index, tmp_path):
    cli("alert", "add", "cuba", "Cuba", "--index", str(index))
    assert run_ids(cli, index)[0] == 0
    before = store.current_version(str(index))
    sync([str(tmp_path / "c")], str(index), SyncOptions(workers=1, rebuild=True))
    assert store.current_version(str(index)) != before
    assert run_ids(cli, index) == (1, [])


def test_an_interrupted_run_reports_again(index):
    """What was not read to the end (a closed pipe, Ctrl-C) is not remembered."""
    alerts.add(str(index), "cuba", alerts.SearchOptions(query="Cuba"))
    reports = alerts.run(str(index))
    assert {h.id for h in next(reports).hits} == {"a.txt", "c.txt"}
    reports.close()
    assert [len(r.hits) for r in alerts.run(str(index))] == [2]
    assert [len(r.hits) for r in alerts.run(str(index))] == [0]


def test_a_file_of_that_name_not_ours_is_never_replaced(cli, index):
    (index / store.ALERTS).write_text("my notes")
    result = cli("alert", "add", "cuba", "Cuba", "--index", str(index))
    assert result.exit_code == 2 and "not written by defsearch" in result.stderr
    assert (index / store.ALERTS).read_text() == "my notes"


def test_in_a_pipe_run_writes_json_lines(index):
    assert run_proc("alert", "add", "cuba", "Cuba", "--index", str(index)).returncode == 0
    proc = run_proc("alert", "run", "--index", str(index))
    assert proc.returncode == 0
    assert sorted(json.loads(line)["id"] for line in proc.stdout.splitlines()) == ["a.txt", "c.txt"]
    again = run_proc("alert", "run", "--index", str(index))
    assert (again.returncode, again.stdout) == (1, "")
