"""The real CLI, in-process (CliRunner) and as a subprocess in shell pipelines."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys

from .conftest import ROOT, SEEDS, run_proc

HIT_KEYS = [
    "id",
    "path",
    "title",
    "date",
    "outlet",
    "countries",
    "country_pairs",
    "officials",
    "score",
    "snippet",
]


def test_search_jsonl(cli, shared_index):
    result = cli("search", "Hegseth", "--index", str(shared_index), "--format", "jsonl")
    assert result.exit_code == 0
    rows = [json.loads(line) for line in result.output.splitlines()]
    assert len(rows) == 1 and list(rows[0]) == HIT_KEYS
    assert rows[0]["id"] == "003-vna-vietnamese-us-defence-chiefs-phone-talks.txt"
    assert rows[0]["country_pairs"] == ["US-VN"] and rows[0]["date"] == "2025-02-07"
    assert "Hegseth" in rows[0]["snippet"] and "\x02" not in rows[0]["snippet"]


def test_search_json_with_facets(cli, shared_index):
    result = cli("search", "Cuba", "--index", str(shared_index), "--format", "json", "--facet", "pair",
                 "--facet", "official", "--facet-limit", "2", "--limit", "2")  # fmt: skip
    assert result.exit_code == 0
    data = json.loads(result.output)
    assert list(data) == ["query", "total", "hits", "facets"]
    assert data["query"] == "Cuba" and data["total"] == 4 and len(data["hits"]) == 2
    assert data["facets"]["pair"]["results"][0] == {
        "value": "CU-VN",
        "label": "Cuba – Vietnam",
        "count": 4,
    }
    assert data["facets"]["official"]["truncated"] is True


def test_search_tsv_count_paths(cli, shared_index):
    tsv = cli("search", "--pair", "US-VN", "--index", str(shared_index), "--format", "tsv")
    lines = tsv.output.splitlines()
    assert lines[0] == "id\tdate\toutlet\tcountry_pairs\tscore\ttitle"
    assert lines[1].startswith(
        "003-vna-vietnamese-us-defence-chiefs-phone-talks.txt\t2025-02-07\tVNA\tUS-VN\t"
    )
    count = cli("search", "defence", "--index", str(shared_index), "--format", "count")
    assert count.exit_code == 0 and count.output.strip().isdigit()
    paths = cli("search", "Saito", "--index", str(shared_index), "--format", "paths")
    assert paths.output.strip().endswith("corpus/004-vna-vietnam-japan-naval-cooperation.txt")


def test_table_fits_80_columns(cli, shared_index):
    result = cli(
        "search",
        "defence",
        "--index",
        str(shared_index),
        "--format",
        "table",
        "--facet",
        "official",
    )
    assert result.exit_code == 0
    assert all(len(line) <= 80 for line in result.output.splitlines())
    assert "matches (showing 1–10)" in result.output
    assert "Phan Văn Giang (phan van giang)" in result.output


def test_exit_codes(cli, shared_index):
    ix = str(shared_index)
    assert cli("search", "Poland", "--index", ix).exit_code == 1
    bad = cli("search", '"unclosed', "--index", ix)
    assert bad.exit_code == 2
    assert bad.output.count("\n") == 1 and "column 1" in bad.output
    missing = cli("search", "x", "--index", str(shared_index.parent / "nope"))
    assert missing.exit_code == 2 and "no index: the folder" in missing.output
    assert cli("search", "x", "--index", ix, "--sort", "sideways").exit_code == 2
    assert cli("search", "--since", "2025-13", "--index", ix).exit_code == 2


def test_did_you_mean_on_stderr(shared_index):
    proc = run_proc("search", "Hegseht", "--index", str(shared_index))
    assert proc.returncode == 1 and proc.stdout == ""
    assert "did you mean: hegseth" in proc.stderr


def test_batch_from_stdin(cli, shared_index):
    result = cli("search", "--queries", "-", "--index", str(shared_index), "--facet", "pair", "--limit", "1",
                 input="Cuba\n\nPoland\n\"broken\n")  # fmt: skip
    rows = [json.loads(line) for line in result.output.splitlines()]
    assert [r["line"] for r in rows] == [1, 3, 4]
    assert rows[0]["query"] == "Cuba" and rows[0]["total"] == 4 and "facets" in rows[0]
    assert rows[1]["total"] == 0
    assert "unclosed quote" in rows[2]["error"]
    assert result.exit_code == 2


def test_pipe_defaults_to_jsonl_and_paths_feed_xargs(shared_index):
    proc = run_proc("search", "Cuba", "--index", str(shared_index))
    assert all(json.loads(line)["id"] for line in proc.stdout.splitlines())
    shell = subprocess.run(
        f"{sys.executable} -m searcher search Hegseth --index {shared_index} --format paths | xargs grep -l Hegseth",
        shell=True, capture_output=True, text=True, cwd=ROOT, timeout=60,
    )  # fmt: skip
    assert shell.returncode == 0
    assert shell.stdout.strip().endswith("003-vna-vietnamese-us-defence-chiefs-phone-talks.txt")


def test_escape_sequences_never_reach_the_terminal(cli, tmp_path):
    corpus = tmp_path / "c"
    corpus.mkdir()
    (corpus / "evil.txt").write_text(
        "Evil \x1b]0;pwned\x07title \x1b[31mred\x1b[0m\n\nHanoi (VNA) – Cuba talks \x1b[2J with a bell\x07 "
        "and \x9b31m eight-bit CSI and Cuba again in this article text./.\n",
        encoding="utf-8",
    )
    cli("index", str(corpus), "--index", str(tmp_path / "ix"))
    for fmt in ("table", "tsv", "paths", "jsonl", "json"):
        out = cli("search", "Cuba", "--index", str(tmp_path / "ix"), "--format", fmt).output
        assert "\x1b" not in out and "\x07" not in out and "\x9b" not in out, fmt
    shown = cli("show", "evil.txt", "--index", str(tmp_path / "ix")).output
    assert "\x1b" not in shown and "\x07" not in shown


def test_no_color_and_color(shared_index):
    # A pipe never gets colour; NO_COLOR is honoured even when colour would apply.
    proc = run_proc(
        "search", "Cuba", "--index", str(shared_index), "--format", "table", env={"NO_COLOR": "1"}
    )
    assert "\x1b[" not in proc.stdout
    from searcher.output import Style, search_lines
    from searcher.search.results import Hit, SearchResult

    hit = Hit(
        "a.txt", "a.txt", "Title", None, None, (), (), (), 1.0, "talks with \x02Cuba\x03 held"
    )
    result = SearchResult("Cuba", 1, (hit,))
    coloured = "\n".join(search_lines(result, "table", Style(color=True)))
    assert "talks with \x1b[1;31mCuba\x1b[0m held" in coloured
    plain = "\n".join(search_lines(result, "table", Style(color=False)))
    assert "talks with Cuba held" in plain and "\x1b" not in plain


def test_index_command_summary_and_exit(cli, tmp_path):
    corpus = tmp_path / "c"
    shutil.copytree(SEEDS, corpus)
    (corpus / "notes.pdf").write_bytes(b"%PDF")
    result = cli("index", str(corpus), "--index", str(tmp_path / "ix"), "-v")
    assert result.exit_code == 1  # a file was skipped
    assert "skipped notes.pdf: unsupported file type" in result.output
    assert "5 added, 0 updated, 0 removed, 0 unchanged, 1 skipped (6 files" in result.output
    (corpus / "notes.pdf").unlink()
    again = cli("index", "--index", str(tmp_path / "ix"))
    assert (
        again.exit_code == 0
        and "0 added, 0 updated, 0 removed, 5 unchanged, 0 skipped" in again.output
    )


def test_index_env_variable(tmp_path):
    corpus = tmp_path / "c"
    shutil.copytree(SEEDS, corpus)
    proc = run_proc("index", str(corpus), env={"DEFSEARCH_INDEX": str(tmp_path / "envix")})
    assert proc.returncode == 0 and proc.stdout == ""
    assert (tmp_path / "envix" / "CURRENT").exists()
    assert (
        run_proc("search", "Saito", env={"DEFSEARCH_INDEX": str(tmp_path / "envix")}).returncode
        == 0
    )


def test_facets_show_similar_stats_export(cli, shared_index):
    ix = str(shared_index)
    facets = cli("facets", "pair", "--index", ix, "--format", "tsv")
    assert facets.output.splitlines()[1] == "CU-VN\tCuba – Vietnam\t4"
    by_value = cli(
        "facets", "year", "--index", ix, "--sort", "value", "--format", "jsonl"
    ).output.splitlines()
    assert [json.loads(x)["value"] for x in by_value] == ["2020", "2024", "2025"]
    show = json.loads(
        cli(
            "show", "004-vna-vietnam-japan-naval-cooperation.txt", "--index", ix, "--format", "json"
        ).output
    )
    assert show["date_source"] == "header" and show["officials"][1]["key"] == "saito akira"
    refused = cli("show", "../../etc/passwd", "--index", ix)
    assert refused.exit_code == 2 and "outside the corpus" in refused.output
    assert cli("show", "/etc/passwd", "--index", ix).exit_code == 2
    assert cli("show", "no-such-id", "--index", ix).exit_code == 2
    similar = cli(
        "similar",
        "001-vna-vietnam-cuba-strengthen-defence-cooperation.txt",
        "--index",
        ix,
        "--format",
        "jsonl",
    )
    assert similar.exit_code == 0 and len(similar.output.splitlines()) >= 1
    stats = json.loads(cli("stats", "--index", ix, "--format", "json").output)
    assert stats["documents"] == 16
    exported = [json.loads(x) for x in cli("export", "--index", ix).output.splitlines()]
    assert len(exported) == 16 and {"id", "body", "officials", "country_pairs"} <= set(exported[0])


def test_timeline(shared_index):
    proc = run_proc(
        "search", "defence", "--index", str(shared_index), "--timeline", "--format", "count"
    )
    assert proc.stdout.strip().isdigit()
    # (issue 16: a span of years is drawn by year, every year between; undated matches counted)
    assert proc.stderr.startswith("timeline by year: ")
    assert "2020 " in proc.stderr and "█" in proc.stderr and "2021      0" in proc.stderr


def test_clean_command(cli):
    path = str(next(SEEDS.glob("003-*")))
    data = json.loads(cli("clean", path, "--format", "json").output)
    assert list(data) == ["title", "body", "removed", "date", "date_source", "date_partial", "outlet", "countries",
                          "country_pairs", "officials"]  # fmt: skip
    assert data["country_pairs"] == ["US-VN"] and "Poland" not in data["body"]
    assert {"reason": "teaser", "text": "Vietnam, Poland forge defence cooperation"} in data[
        "removed"
    ]
    explained = cli("clean", path, "--explain").output
    assert "teaser" in explained and "caption" in explained
    stdin = cli(
        "clean",
        "-",
        "--format",
        "json",
        input="Title line here\n\nSome body text that is long enough.",
    )
    assert json.loads(stdin.output)["title"] == "Title line here"


def test_python_dash_m_and_version():
    proc = run_proc("--version")
    assert proc.returncode == 0 and "defsearch" in proc.stdout


# (every command's help and README entry: test_terminal.py walks main.commands)


ESCAPES = ("\x1b", "\x07", "\x9b", "\x90", "\x9d", "\x9c", "\u202e")


def test_escape_sequences_in_names_ids_and_records_never_reach_the_terminal(cli, tmp_path):
    """OSC (terminal title), DCS and C1 controls in file names, JSON Lines ids and record
    fields, through every command and message (issue 20, item 3)."""
    corpus = tmp_path / "c"
    corpus.mkdir()
    evil = "t\x1b]0;pwned\x07i\x1bPq#0\x1b\\t\x9b31ml\x90x\x9ce\u202e"
    (corpus / f"{evil}.txt").write_text(
        f"Cuba {evil} title\n\nHanoi (VNA) – Cuba and Vietnam talks {evil} in the text./.\n",
        encoding="utf-8",
    )
    (corpus / f"{evil}.bin").write_text("skipped, with its name in the reason")
    record = {"id": f"rec-{evil}", "title": f"Cuba {evil}", "text": f"Cuba talks {evil}.",
              "outlet": f"VNA{evil}", "url": f"https://x/{evil}"}  # fmt: skip
    (corpus / "feed.jsonl").write_text(json.dumps(record) + "\n", encoding="utf-8")
    ix = str(tmp_path / "ix")
    outputs = [cli("index", str(corpus), "--index", ix, "-v")]
    ids = [
        json.loads(line)["id"] for line in cli("search", "Cuba", "--index", ix).stdout.splitlines()
    ]
    assert len(ids) == 2
    for fmt in ("table", "tsv", "paths", "jsonl", "json", "count"):
        outputs.append(cli("search", "Cuba", "--index", ix, "--format", fmt, "--facet", "outlet"))
    for doc_id in ids:
        outputs.append(cli("show", doc_id, "--index", ix))
        outputs.append(cli("show", doc_id, "--index", ix, "--format", "json"))
        outputs.append(cli("similar", doc_id, "--index", ix))
    outputs.append(cli("show", evil, "--index", ix))  # not found: the id is in the error line
    outputs.append(cli("facets", "outlet", "--index", ix))
    outputs.append(cli("stats", "--index", ix))
    outputs.append(cli("stats", "--index", ix, "--format", "json"))
    outputs.append(cli("export", "--index", ix))
    outputs.append(cli("search", f"Cuba {evil}", "--index", ix))  # a query echoed in messages
    for result in outputs:
        for stream in (result.stdout, result.stderr):
            assert not any(ch in stream for ch in ESCAPES), repr(stream[:300])
    # the data is still there, escaped, for a program reading the JSON
    exported = [json.loads(line) for line in outputs[-2].stdout.splitlines()]
    assert {r["id"] for r in exported} == set(ids) and f"rec-{evil}" in ids


def test_a_malformed_address_is_evidence_never_a_failure(cli, tmp_path):
    """``http://[x/`` in a canonical link or a record's url: the article is cleaned and
    indexed, the address ignored (issue 20, item 10)."""
    page = tmp_path / "page.html"
    page.write_text(
        '<html><head><link rel="canonical" href="http://[x/"><title>Cuba talks</title></head>'
        "<body><article><p>Hanoi (VNA) - Cuba and Vietnam held defence talks on Monday in Hanoi,"
        " the two sides said.</p></article></body></html>",
        encoding="utf-8",
    )
    result = cli("clean", str(page))
    assert result.exit_code == 0 and "defence talks on Monday" in result.stdout
    corpus = tmp_path / "c"
    corpus.mkdir()
    record = {
        "id": "r1",
        "text": "Cuba and Vietnam held talks.",
        "url": "http://[x/",
        "outlet": "[",
    }
    (corpus / "feed.jsonl").write_text(json.dumps(record) + "\n", encoding="utf-8")
    result = cli("index", str(corpus), "--index", str(tmp_path / "ix"))
    assert result.exit_code == 0 and "1 added" in result.stderr
