"""`defsearch events` over a real index: filters, merging across articles, formats, facets,
timeline, syncs, and the start-up it pays (no extractor on the query path)."""

from __future__ import annotations

import csv
import io
import json
import shutil

from searcher.index.indexer import SyncOptions, sync
from tests.conftest import FIXTURES, index_of, run_proc
from tests.test_startup import shipped

VNA = (
    "Defence Minister receives Lao counterpart\n\n"
    "Hanoi (VNA) – Minister of National Defence General Phan Van Giang hosted a reception in "
    "Hanoi on March 3, 2025 for Lao Deputy Prime Minister and Minister of National Defence General "
    "Chansamone Chanyalath.\n\nGiang said the two armies have a special relationship./.\n"
)
VNS = (
    "HÀ NỘI — Defence Minister General Phan Văn Giang received his Lao counterpart General "
    "Chansamone Chanyalath in Hà Nội on March 3, 2025, as the two countries mark the anniversary "
    "of their ties.\n\nChansamone thanked Việt Nam for its support. — VNS\n"
)
LATER = (
    "Vietnamese, Lao defence ministers hold talks\n\n"
    "Vientiane (VNA) – Minister of National Defence General Phan Van Giang held talks with Lao "
    "Minister of National Defence General Chansamone Chanyalath in Vientiane on June 9, 2025.\n\n"
    "The two ministers reviewed cooperation./.\n"
)


def jsonl(output: str) -> list[dict]:
    return [json.loads(line) for line in output.splitlines() if line]


def test_seed_corpus_cuba_vietnam_contacts(cli, index_dir):
    result = cli("events", "--pair", "CU-VN", "--index", str(index_dir), "--format", "jsonl")
    assert result.exit_code == 0, result.output
    events = jsonl(result.stdout)
    assert [e["date"] for e in events] == ["2025-05-02"] * 3 + ["2020-11-30"]  # newest first
    assert sorted(e["kind"] for e in events) == ["meeting", "meeting", "meeting", "reception"]
    people = {p["key"] for e in events for p in e["participants"]}
    assert {"phan van giang", "trinh van quyet", "nguyen tan cuong", "tran don"} <= people
    assert all(e["pair"] == "CU-VN" and e["sources"] for e in events)
    first = events[0]
    assert list(first) == ["event_id", "kind", "date", "date_precision", "place", "participants",
                           "countries", "pair", "article", "evidence", "sources"]  # fmt: skip


def test_filters_kind_official_dates_country(cli, index_dir):
    ix = ["--index", str(index_dir), "--format", "jsonl"]
    kinds = [e["kind"] for e in jsonl(cli("events", "--kind", "reception", *ix).stdout)]
    assert kinds == ["reception"]
    giang = jsonl(cli("events", "--official", "Giang", *ix).stdout)
    assert {e["kind"] for e in giang} == {"reception", "phone-talks"}
    dated = jsonl(cli("events", "--since", "2025-02", "--until", "2025-02-28", *ix).stdout)
    assert [e["pair"] for e in dated] == ["US-VN"]
    japan = jsonl(cli("events", "--country", "Japan", *ix).stdout)
    assert [e["pair"] for e in japan] == ["JP-VN"]
    text = jsonl(cli("events", "Hegseth", *ix).stdout)  # QUERY selects the articles
    assert [e["kind"] for e in text] == ["phone-talks"]


def test_nothing_found_exits_1_and_bad_options_exit_2(cli, index_dir):
    ix = ["--index", str(index_dir)]
    assert cli("events", "--pair", "FR-DE", *ix).exit_code == 1
    assert cli("events", "--kind", "banquet", *ix).exit_code == 2
    bad = cli("events", "--pair", "XX-VN", *ix)
    assert bad.exit_code == 2 and "--pair" in bad.stderr


def test_one_contact_reported_by_two_outlets_is_one_event_with_both_sources(cli, tmp_path):
    index = index_of(tmp_path, {"vna-reception.txt": VNA, "vns-reception.txt": VNS,
                                "vna-talks.txt": LATER})  # fmt: skip
    events = jsonl(cli("events", "--pair", "LA-VN", "--index", str(index), "--format",
                       "jsonl").stdout)  # fmt: skip
    assert [(e["date"], e["kind"], len(e["sources"])) for e in events] == [
        ("2025-06-09", "talks", 1), ("2025-03-03", "reception", 2)
    ]  # fmt: skip
    sources = {s["article"] for s in events[1]["sources"]}
    assert sources == {"vna-reception.txt", "vns-reception.txt"}
    table = cli("events", "--index", str(index), "--format", "table").stdout
    assert "+1 more" in table and "2 events" in table


def test_formats_facets_and_timeline(cli, index_dir):
    ix = ["--index", str(index_dir)]
    lines = jsonl(
        cli("events", "--facet", "kind", "--facet", "year", *ix, "--format", "jsonl").stdout
    )
    facets = lines[-1]["facets"]
    assert {r["value"]: r["count"] for r in facets["kind"]["results"]}["meeting"] == 4
    assert {r["value"] for r in facets["year"]["results"]} == {"2020", "2025"}
    official = json.loads(cli("events", "--facet", "official", "--facet", "pair", *ix,
                              "--format", "json").stdout)["facets"]  # fmt: skip
    labels = {r["value"]: r["label"] for r in official["official"]["results"]}
    assert labels["nguyen tan cuong"] == "Nguyễn Tân Cương"
    assert official["pair"]["results"][0] == {"value": "CU-VN", "label": "Cuba – Vietnam",
                                              "count": 4}  # fmt: skip
    whole = json.loads(cli("events", "--timeline", *ix, "--format", "json").stdout)
    assert whole["total"] == 6 and whole["timeline"]["unit"] == "year"
    assert sum(b["count"] for b in whole["timeline"]["buckets"]) == 6
    rows = list(csv.reader(io.StringIO(cli("events", *ix, "--format", "csv").stdout)))
    assert rows[0][:4] == ["event_id", "date", "kind", "pair"] and len(rows) == 7
    chart = cli("events", "--timeline", *ix, "--format", "table")
    assert "timeline by year" in chart.stderr and "2025" in chart.stdout
    assert cli("events", "--facet", "kind", *ix, "--format", "csv").exit_code == 2


def test_events_follow_incremental_syncs(cli, tmp_path):
    index = index_of(tmp_path, {"vna-reception.txt": VNA})
    corpus = tmp_path / "corpus"
    ix = ["--index", str(index), "--format", "jsonl"]
    assert len(jsonl(cli("events", *ix).stdout)) == 1
    (corpus / "vna-talks.txt").write_text(LATER, encoding="utf-8")
    sync([str(corpus)], str(index), SyncOptions(workers=1))
    assert [e["kind"] for e in jsonl(cli("events", *ix).stdout)] == ["talks", "reception"]
    (corpus / "vna-reception.txt").unlink()
    sync([str(corpus)], str(index), SyncOptions(workers=1))
    assert [e["kind"] for e in jsonl(cli("events", *ix).stdout)] == ["talks"]


def test_a_pipe_gets_json_lines_and_terminal_text_is_sanitised(tmp_path):
    hostile = VNA.replace("special relationship", "special \x1b[31mrelationship")
    index = index_of(tmp_path, {"a.txt": hostile.replace("Hanoi on", "Ha\x1b[2JNoi on")})
    proc = run_proc("events", "--index", str(index))
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout.splitlines()[0])["kind"] == "reception"
    proc = run_proc("events", "--index", str(index), "--format", "table")
    assert "\x1b" not in proc.stdout


def test_events_start_up_loads_no_extractor(index_dir):
    out, probe = shipped("events", "--pair", "CU-VN", "--format", "jsonl", "--index",
                         str(index_dir))  # fmt: skip
    assert probe["code"] == 0 and len(out.splitlines()) == 4
    assert probe["loaded"] == [], probe["loaded"]


def test_an_index_written_before_events_says_to_rebuild(cli, tmp_path):
    old = tmp_path / "old"
    shutil.copytree(FIXTURES.parent / "index-schema3", old)
    result = cli("events", "--index", str(old), "--format", "jsonl")
    assert result.exit_code == 1 and result.stdout == ""
    assert "written before events (schema 3)" in result.stderr
    assert "defsearch index" in result.stderr
