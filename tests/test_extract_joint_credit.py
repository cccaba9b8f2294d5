"""A joint credit (``— VNA/VNS``: VNA's story as Việt Nam News printed it) names both outlets,
in the index too: ``search --outlet`` finds the article under either, the outlet facet counts it
for each, and ``show`` lists both. A real index, the real CLI, invented articles."""

from __future__ import annotations

import json
from pathlib import Path

from .conftest import run_proc

ARTICLE = (
    "Vietnam and Laos review {topic}\n\nThe two defence ministries held talks in Vientiane on"
    " Tuesday to review the cooperation between Vietnam and Laos in {topic}, and agreed to expand"
    " the exchange of delegations at all levels over the coming years.\n\n"
    "The next round of talks will be held in Hanoi.{sign_off}\n"
)


def _corpus(root: Path) -> Path:
    corpus = root / "c"
    corpus.mkdir()
    for name, topic, sign_off in (
        ("joint.txt", "training", " — VNA/VNS"),
        ("vna.txt", "border patrols", " — VNA"),
        ("vns.txt", "search and rescue", " — VNS"),
        ("none.txt", "military medicine", ""),
    ):
        text = ARTICLE.format(topic=topic, sign_off=sign_off)
        (corpus / name).write_text(text, encoding="utf-8")
    return corpus


def _ids(cli, index: Path, *args: str) -> list[str]:
    out = cli("search", *args, "--index", str(index), "--format", "jsonl", "--limit", "50")
    assert out.exit_code in (0, 1), out.stderr
    return sorted(json.loads(line)["id"] for line in out.stdout.splitlines())


def test_a_joint_credit_is_found_under_both_outlets(cli, tmp_path):
    index = tmp_path / "ix"
    built = cli("index", str(_corpus(tmp_path)), "--index", str(index))
    assert built.exit_code == 0, built.stderr
    assert _ids(cli, index, "Laos", "--outlet", "VNS") == ["joint.txt", "vns.txt"]
    assert _ids(cli, index, "Laos", "--outlet", "VietnamPlus") == ["joint.txt", "vna.txt"]
    assert _ids(cli, index, "Laos", "--outlet", "Việt Nam News") == ["joint.txt", "vns.txt"]
    assert _ids(cli, index, "Laos", "--outlet", "VOV") == []


def test_the_outlet_facet_and_the_record_count_both(cli, tmp_path):
    index = tmp_path / "ix"
    assert cli("index", str(_corpus(tmp_path)), "--index", str(index)).exit_code == 0
    result = cli("search", "Laos", "--index", str(index), "--format", "json", "--facet", "outlet")
    counts = {
        r["value"]: r["count"] for r in json.loads(result.stdout)["facets"]["outlet"]["results"]
    }
    assert counts == {"VNA": 2, "VNS": 2}
    shown = json.loads(cli("show", "joint.txt", "--index", str(index), "--format", "json").stdout)
    assert shown["outlet"] in ("VNA", "VNS") and sorted(shown["outlets"]) == ["VNA", "VNS"]
    assert shown["outlets"][0] == shown["outlet"]
    single = json.loads(cli("show", "vna.txt", "--index", str(index), "--format", "json").stdout)
    assert single["outlet"] == "VNA" and single["outlets"] == ["VNA"]
    none = json.loads(cli("show", "none.txt", "--index", str(index), "--format", "json").stdout)
    assert none["outlet"] is None and none["outlets"] == []


def test_as_a_real_process(cli, tmp_path):
    # (the one-shot path of a real process counts the facet and filters as the full one does)
    index = tmp_path / "ix"
    assert cli("index", str(_corpus(tmp_path)), "--index", str(index)).exit_code == 0
    proc = run_proc(
        "search", "Laos", "--index", str(index), "--format", "json", "--facet", "outlet"
    )
    assert proc.returncode == 0, proc.stderr
    facet = json.loads(proc.stdout)["facets"]["outlet"]["results"]
    assert {r["value"]: r["count"] for r in facet} == {"VNA": 2, "VNS": 2}
    proc = run_proc("search", "--outlet", "vns", "--index", str(index), "--format", "paths")
    assert proc.returncode == 0, proc.stderr
    assert sorted(Path(p).name for p in proc.stdout.split()) == ["joint.txt", "vns.txt"]
