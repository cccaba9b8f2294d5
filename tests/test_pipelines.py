"""Issue 16, for shell pipelines: every match (`--all`, streamed), the data formats (ids, CSV,
fields, NUL-separated), facets and batch mode in a pipe, and inputs (gzip, JSON Lines field
mapping). Each numbered item of the issue has a test here or in test_terminal.py, in-process
(CliRunner) and as a real process."""

from __future__ import annotations

import csv
import gzip
import io
import json
import shutil
import subprocess
import sys
import tracemalloc
from pathlib import Path

import pytest

from searcher.index import SyncOptions, sync
from searcher.output import search_lines
from searcher.search.handle import Index
from searcher.search.results import SearchOptions

from .conftest import run_proc, seed, write_articles

MANY = 30  # articles matching "Australia" in the ``many`` index


@pytest.fixture(scope="module")
def many(tmp_path_factory) -> Path:
    """An index of MANY articles that all match "Australia" (module-wide, read-only)."""
    base = tmp_path_factory.mktemp("many")
    write_articles(base / "corpus", 0, MANY)
    sync([str(base / "corpus")], str(base / "index"), SyncOptions(workers=1))
    return base / "index"


def jsonl(text: str) -> list[dict]:
    return [json.loads(line) for line in text.splitlines()]


def shell(command: str, cwd: Path | None = None) -> subprocess.CompletedProcess:
    """A shell pipeline with ``defsearch`` as this interpreter's ``python -m searcher``."""
    return subprocess.run(
        command.replace("defsearch ", f"{sys.executable} -m searcher "),
        shell=True, capture_output=True, text=True, cwd=cwd, timeout=120,
    )  # fmt: skip


# --- item 1: an empty index ---------------------------------------------------------------------


@pytest.fixture
def empty_index(tmp_path: Path, cli) -> Path:
    (tmp_path / "emptydir").mkdir()
    result = cli("index", str(tmp_path / "emptydir"), "--index", str(tmp_path / "ixe"))
    assert result.exit_code == 0 and "0 added" in result.stderr
    return tmp_path / "ixe"


@pytest.mark.parametrize(
    ("command", "code"),
    [
        (("search", "x"), 1),
        (("search", "--facet", "pair", "--sort", "-date", "--timeline"), 1),
        (("stats",), 0),
        (("facets", "pair"), 1),
        (("export",), 0),
        (("export", "--format", "opensearch"), 0),
        (("show", "a.txt"), 2),
        (("similar", "a.txt"), 2),
    ],
)
def test_every_read_command_answers_on_an_empty_index(cli, empty_index, command, code):
    result = cli(*command, "--index", str(empty_index))  # (a traceback would raise here)
    assert result.exit_code == code
    assert "Traceback" not in result.output and "EmptyReader" not in result.output
    if command[0] == "stats":
        assert json.loads(result.stdout)["documents"] == 0


def test_an_empty_index_in_a_real_process(empty_index):
    proc = run_proc("search", "x", "--index", str(empty_index))
    assert (proc.returncode, proc.stdout, proc.stderr) == (1, "", "")
    proc = run_proc("stats", "--index", str(empty_index), "--format", "text")
    assert proc.returncode == 0 and "documents    0" in proc.stdout and "None" not in proc.stdout


# --- item 2: every match, streamed ----------------------------------------------------------------


def test_all_and_limit_zero_write_every_match(cli, many):
    ix = str(many)
    default = cli("search", "Australia", "--index", ix, "--format", "ids")
    assert len(default.stdout.splitlines()) == 10
    assert f"wrote 10 of {MANY} matches; --all writes every one" in default.stderr
    every = cli("search", "Australia", "--index", ix, "--format", "ids", "--all")
    zero = cli("search", "Australia", "--index", ix, "--format", "ids", "--limit", "0")
    assert every.stdout == zero.stdout and len(every.stdout.splitlines()) == MANY
    assert every.stderr == "" and zero.stderr == ""
    # in the same order as pages, and from --offset on
    paged = cli("search", "Australia", "--index", ix, "--format", "ids", "--limit", "100")
    assert paged.stdout == every.stdout and paged.stderr == ""
    rest = cli("search", "Australia", "--index", ix, "--format", "ids", "--all", "--offset", "25")
    assert rest.stdout.splitlines() == every.stdout.splitlines()[25:]
    by_date = cli(
        "search", "Australia", "--index", ix, "--format", "jsonl", "--all", "--sort", "-date"
    )
    assert len(jsonl(by_date.stdout)) == MANY
    whole = json.loads(
        cli("search", "Australia", "--index", ix, "--format", "json", "--all").stdout
    )
    assert whole["total"] == MANY and len(whole["hits"]) == MANY


def test_all_in_a_pipeline(many):
    counted = shell(f"defsearch search Australia --index {many} --format paths | wc -l")
    assert counted.stdout.strip() == "10" and "--all writes every one" in counted.stderr
    counted = shell(f"defsearch search Australia --index {many} --format paths --all | wc -l")
    assert counted.stdout.strip() == str(MANY) and counted.stderr == ""
    words = shell(f"defsearch search Australia --index {many} --all --format paths | xargs wc -w")
    assert words.returncode == 0 and words.stdout.count("a000") == MANY


def test_all_streams_hits_without_holding_them(tmp_path):
    """On a real index, the hits of ``limit`` 0 (``--all``) are made as they are written:
    the memory in use does not grow with the hits written, and stays a small part of what
    holding them takes (tracemalloc counts allocations, not time)."""
    write_articles(tmp_path / "corpus", 0, 1200)
    sync([str(tmp_path / "corpus")], str(tmp_path / "index"), SyncOptions(workers=1))
    with Index(str(tmp_path / "index")) as ix:
        options = SearchOptions(query="Australia", limit=0)
        held = list(ix.search(options).hits)  # (and warm: caches filled once)
        assert len(held) == 1200
        held_size = sum(len(json.dumps(h._asdict())) for h in held)
        result = ix.search(options)
        assert not isinstance(result.hits, tuple)
        lines = search_lines(result, "jsonl", None)  # type: ignore[arg-type]
        tracemalloc.start()
        try:
            in_use = []
            for _chunk in range(6):
                tracemalloc.reset_peak()
                for _ in range(200):  # (written, then dropped, as a pipe takes them)
                    next(lines)
                current, peak = tracemalloc.get_traced_memory()
                in_use.append(current)
                assert peak < held_size / 5, (peak, held_size)
        finally:
            tracemalloc.stop()
        assert next(lines, None) is None
        # (what grows at first is caches, full by then: the words met, the patterns for them)
        assert in_use[-1] < held_size / 5 and in_use[-1] - in_use[2] < held_size / 20, in_use


# --- item 3: facets in a pipe -------------------------------------------------------------------


def test_facets_are_a_last_jsonl_line_when_asked(cli, shared_index):
    ix = str(shared_index)
    plain = jsonl(cli("search", "Cuba", "--index", ix).stdout)
    assert all("id" in row for row in plain)  # without --facet: hits only (jq keeps working)
    rows = jsonl(cli("search", "Cuba", "--index", ix, "--facet", "pair").stdout)
    assert rows[:-1] == plain and list(rows[-1]) == ["facets"]
    assert rows[-1]["facets"]["pair"]["results"][0] == {
        "value": "CU-VN", "label": "Cuba – Vietnam", "count": 4}  # fmt: skip
    for fmt in ("paths", "ids", "tsv", "csv", "count"):
        refused = cli("search", "Cuba", "--index", ix, "--facet", "pair", "--format", fmt)
        assert (
            refused.exit_code == 2
            and "--facet needs --format table, json or jsonl" in refused.output
        )


def test_facets_line_in_a_real_pipe(shared_index):
    proc = run_proc("search", "Cuba", "--index", str(shared_index), "--facet", "official")
    rows = jsonl(proc.stdout)
    assert proc.returncode == 0 and "official" in rows[-1]["facets"]
    hits = shell(f"defsearch search Cuba --index {shared_index} --facet pair | head -n -1 | wc -l")
    assert hits.stdout.strip() == "4"


# --- item 4: batch mode ignores nothing ---------------------------------------------------------


def test_batch_mode_refuses_what_it_would_ignore_and_suggests(cli, shared_index):
    ix = str(shared_index)
    both = cli("search", "Japan", "--queries", "-", "--index", ix, input="Cuba\n")
    assert both.exit_code == 2 and "not both" in both.output
    tsv = cli("search", "--queries", "-", "--index", ix, "--format", "tsv", input="Cuba\n")
    assert tsv.exit_code == 2 and "--format tsv does not apply" in tsv.output
    ok = cli("search", "--queries", "-", "--index", ix, "--format", "jsonl", input="Cuba\n")
    assert ok.exit_code == 0
    rows = jsonl(cli("search", "--queries", "-", "--index", ix, input="Cuba\nHegseht\n").stdout)
    assert "suggestion" not in rows[0] and rows[1]["suggestion"] == "hegseth"
    fields = jsonl(cli("search", "--queries", "-", "--index", ix, "--fields", "id,date",
                       input="Cuba\n").stdout)  # fmt: skip
    assert all(list(hit) == ["id", "date"] for hit in fields[0]["hits"])


def test_batch_mode_in_a_real_process(shared_index):
    proc = run_proc("search", "--queries", "-", "--index", str(shared_index), input="Hegseht\n")
    assert proc.returncode == 1 and json.loads(proc.stdout)["suggestion"] == "hegseth"
    proc = run_proc("search", "Cuba", "--queries", "-", "--index", str(shared_index), input="x\n")
    assert proc.returncode == 2 and proc.stdout == ""


# --- item 6: unknown country codes ---------------------------------------------------------------


@pytest.mark.parametrize("option", [("--pair", "XX-YY"), ("--country", "XX"), ("--pair", "VN-QQ")])
def test_unknown_codes_are_errors(cli, shared_index, option):
    result = cli("search", "Cuba", *option, "--index", str(shared_index))
    assert result.exit_code == 2 and f"{option[0]} '{option[1]}'" in result.stderr
    assert result.stdout == ""


def test_known_codes_filter(cli, shared_index):
    ix = str(shared_index)
    assert (
        cli("search", "Cuba", "--country", "cu", "--index", ix, "--format", "count").stdout == "4\n"
    )
    absent = cli("search", "Cuba", "--country", "FR", "--index", ix)  # an ISO code no article has
    assert (absent.exit_code, absent.stderr) == (1, "")
    assert (
        cli("search", "--pair", "Cuba,Vietnam", "--index", ix, "--format", "count").stdout == "4\n"
    )


def test_unknown_code_in_a_real_process(shared_index):
    proc = run_proc("search", "Cuba", "--country", "XX", "--index", str(shared_index))
    assert proc.returncode == 2 and proc.stderr.startswith("defsearch: error: --country 'XX'")


# --- item 8: similar has snippets ---------------------------------------------------------------


def test_similar_has_snippets(cli, shared_index):
    some = "001-vna-vietnam-cuba-strengthen-defence-cooperation.txt"
    rows = jsonl(cli("similar", some, "--index", str(shared_index), "--format", "jsonl").stdout)
    assert rows and all(row["snippet"] for row in rows)
    proc = run_proc("similar", some, "--index", str(shared_index), "--limit", "2")
    assert all(json.loads(line)["snippet"] for line in proc.stdout.splitlines())


# --- item 9 and the formats: NUL, ids, CSV, fields ------------------------------------------------


@pytest.fixture
def spaced(tmp_path: Path, cli) -> tuple[Path, Path]:
    """An index of two seeds in folders and names with spaces (two in a row, too)."""
    corpus = tmp_path / "my corpus"
    (corpus / "sub  dir").mkdir(parents=True)
    shutil.copy(seed("003"), corpus / "sub  dir" / "US  talks.txt")
    shutil.copy(seed("001"), corpus / "Cuba, talks.txt")
    cli("index", str(corpus), "--index", str(tmp_path / "ix"))
    return corpus, tmp_path / "ix"


def test_null_separated_paths_and_ids(cli, spaced):
    _corpus, ix = spaced
    paths = cli("search", "defence", "--index", str(ix), "--format", "paths", "-0", "--all")
    names = paths.stdout.split("\0")
    assert names[-1] == "" and sorted(Path(n).name for n in names[:-1]) == [
        "Cuba, talks.txt", "US  talks.txt"]  # fmt: skip
    assert all(Path(n).exists() for n in names[:-1])
    ids = cli("search", "defence", "--index", str(ix), "--format", "ids", "--null")
    assert sorted(ids.stdout.split("\0")[:-1]) == ["Cuba, talks.txt", "sub  dir/US  talks.txt"]
    refused = cli("search", "defence", "--index", str(ix), "--format", "jsonl", "-0")
    assert (
        refused.exit_code == 2 and "-0/--null applies to --format paths and ids" in refused.output
    )


def test_null_separated_paths_feed_xargs(spaced):
    _corpus, ix = spaced
    found = shell(
        f"defsearch search Hegseth --index '{ix}' --format paths -0 | xargs -0 grep -l Hegseth"
    )
    assert found.returncode == 0 and found.stdout.strip().endswith("sub  dir/US  talks.txt")
    broken = shell(
        f"defsearch search Hegseth --index '{ix}' --format paths | xargs grep -l Hegseth"
    )
    assert broken.returncode != 0  # (what -0 is for: xargs splits at the spaces)


def test_csv_is_rfc_4180_with_a_header(cli, spaced):
    _corpus, ix = spaced
    raw = cli("search", "defence", "--index", str(ix), "--format", "csv").stdout_bytes
    assert raw.endswith(b"\r\n") and raw.count(b"\r\n") == 3 and raw.count(b"\n") == 3
    out = raw.decode("utf-8")
    rows = list(csv.reader(io.StringIO(out, newline="")))
    assert rows[0] == ["id", "date", "outlet", "country_pairs", "score", "title"]
    by_id = {row[0]: row for row in rows[1:]}
    assert by_id["Cuba, talks.txt"][5] == "Vietnam, Cuba strengthen defence cooperation"
    assert '"Cuba, talks.txt"' in out  # (quoted: it holds a comma)
    fields = cli("search", "defence", "--index", str(ix), "--format", "csv", "--fields",
                 "id,officials,snippet").stdout  # fmt: skip
    rows = list(csv.reader(io.StringIO(fields, newline="")))
    assert rows[0] == ["id", "officials", "snippet"] and all(len(r) == 3 for r in rows)


def test_fields_for_jsonl_and_tsv(cli, shared_index):
    ix = str(shared_index)
    rows = jsonl(cli("search", "Cuba", "--index", ix, "--fields", "title,id,date").stdout)
    assert all(list(row) == ["title", "id", "date"] for row in rows)
    tsv = cli("search", "Cuba", "--index", ix, "--format", "tsv", "--fields", "id,countries").stdout
    assert tsv.splitlines()[0] == "id\tcountries" and "\tCU,VN" in tsv
    for bad in (("--fields", "id,nope"), ("--fields", "id", "--format", "table"),
                ("--fields", "id", "--format", "paths")):  # fmt: skip
        assert cli("search", "Cuba", "--index", ix, *bad).exit_code == 2


def test_formats_in_a_real_pipeline(shared_index):
    ids = shell(f"defsearch search Cuba --index {shared_index} --format ids --all | sort | head -1")
    assert ids.stdout.strip() == "000-vns-vietnam-cuba-defence-ties.txt"
    dated = shell(
        f"defsearch search Cuba --index {shared_index} --format csv --fields id,date | tail -n +2"
        " | cut -d, -f2 | tr -d '\\r' | grep -c '^20'"
    )
    assert int(dated.stdout) == 3


# --- inputs: gzip, and JSON Lines field names ------------------------------------------------------


def test_gzipped_articles_are_read_and_synced(cli, tmp_path):
    corpus = tmp_path / "c"
    corpus.mkdir()
    text = seed("003").read_bytes()
    (corpus / "talks.txt.gz").write_bytes(gzip.compress(text))
    page = b"<html><head><title>Japan talks</title></head><body><article><p>Hanoi (VNA) - Japan" \
           b" and Vietnam held naval talks in Hanoi on Monday, the two ministries said.</p>" \
           b"</article></body></html>"  # fmt: skip
    (corpus / "page.html.gz").write_bytes(gzip.compress(page))
    record = {"id": "r1", "text": "Cuba and Vietnam held defence talks in Havana on Monday."}
    (corpus / "feed.jsonl.gz").write_bytes(gzip.compress(json.dumps(record).encode() + b"\n"))
    (corpus / "notes.gz").write_bytes(gzip.compress(b"what is inside?"))
    (corpus / "broken.txt.gz").write_bytes(gzip.compress(text)[:40])
    ix = str(tmp_path / "ix")
    first = cli("index", str(corpus), "--index", ix, "-v")
    assert "3 added" in first.stderr and "skipped notes.gz: unsupported file type" in first.stderr
    assert "skipped broken.txt.gz: cannot read: damaged gzip file" in first.stderr
    rows = {r["id"]: r for r in jsonl(cli("search", "--all", "--index", ix).stdout)}
    assert set(rows) == {"talks.txt.gz", "page.html.gz", "r1"}
    assert rows["page.html.gz"]["title"] == "Japan talks"  # (read as HTML: the file inside)
    assert rows["talks.txt.gz"]["country_pairs"] == ["US-VN"]
    # the same bytes packed again (another size and time): unchanged; other bytes: updated
    (corpus / "talks.txt.gz").write_bytes(gzip.compress(text, compresslevel=1, mtime=1))
    again = cli("index", "--index", ix)
    assert "0 added, 0 updated, 0 removed, 3 unchanged" in again.stderr
    (corpus / "talks.txt.gz").write_bytes(gzip.compress(text + b"\nMore text about Hegseth.\n"))
    assert "1 updated" in cli("index", "--index", ix).stderr


def test_clean_reads_a_gzipped_page(cli, tmp_path):
    page = tmp_path / "x.html.gz"
    page.write_bytes(gzip.compress(b"<html><head><title>Cuba talks</title></head><body><article>"
                                   b"<p>Hanoi (VNA) - Cuba and Vietnam held defence talks in Hanoi"
                                   b" on Monday.</p></article></body></html>"))  # fmt: skip
    shown = cli("clean", str(page), "--format", "json")
    assert shown.exit_code == 0 and json.loads(shown.stdout)["title"] == "Cuba talks"
    proc = run_proc("clean", str(page))
    assert (
        proc.returncode == 0 and proc.stdout.startswith("Cuba talks") and "\x1f" not in proc.stdout
    )
    (tmp_path / "cut.txt.gz").write_bytes(page.read_bytes()[:30])
    proc = run_proc("clean", str(tmp_path / "cut.txt.gz"))
    assert proc.returncode == 2 and proc.stdout == ""
    assert proc.stderr.count("\n") == 1 and "damaged gzip file" in proc.stderr


def test_json_lines_fields_are_mapped_by_the_corpus_config(cli, tmp_path):
    corpus = tmp_path / "c"
    corpus.mkdir()
    records = [
        {"guid": "a1", "content": "Cuba and Vietnam held defence talks in Havana on Monday.",
         "headline": "Cuba talks", "published": "2024-03-05", "link": "https://vietnamnews.vn/a1",
         "source": {"name": "VNA", "url": "https://vnanet.vn"}},
        {"guid": "a2", "content": "Japan and Vietnam held naval talks in Tokyo.", "id": "own-id",
         "headline": "Japan talks", "published": "2024-04-01"},
    ]  # fmt: skip
    (corpus / "feed.jsonl").write_text("\n".join(map(json.dumps, records)) + "\n")
    (corpus / "defsearch.toml").write_text(
        '[fields]\nid = "guid"\ntext = "content"\ntitle = "headline"\ndate = "published"\n'
        'url = "link"\noutlet = "source.name"\n'
    )
    ix = str(tmp_path / "ix")
    built = cli("index", str(corpus), "--index", ix)
    assert built.exit_code == 0 and "2 added" in built.stderr
    assert f"record fields from {corpus / 'defsearch.toml'}" in built.stderr
    rows = {r["id"]: r for r in jsonl(cli("search", "--all", "--index", ix).stdout)}
    assert set(rows) == {"a1", "a2"}  # (a mapped id beats the record's own)
    assert (rows["a1"]["title"], rows["a1"]["date"], rows["a1"]["outlet"]) == (
        "Cuba talks", "2024-03-05", "VNA")  # fmt: skip
    assert cli("index", "--index", ix).stderr.count("2 unchanged") == 1
    # a changed mapping reads the records again
    (corpus / "defsearch.toml").write_text('[fields]\nid = "guid"\ntext = "content"\n')
    changed = cli("index", "--index", ix)
    assert "0 added, 2 updated" in changed.stderr
    assert jsonl(cli("search", "Cuba", "--index", ix).stdout)[0]["title"] is None
    # a mapping that cannot be used: one line, exit 2, the index as it was
    (corpus / "defsearch.toml").write_text('[fields]\nbody = "content"\n')
    bad = run_proc("index", "--index", ix)
    assert bad.returncode == 2 and bad.stderr.count("\n") == 1
    assert "[fields] 'body' is not a field defsearch reads" in bad.stderr


# --- export for OpenSearch and Elasticsearch -------------------------------------------------------


def test_export_opensearch_bulk_lines(cli, shared_index):
    out = cli("export", "--index", str(shared_index), "--format", "opensearch").stdout
    lines = jsonl(out)
    assert len(lines) == 32
    for action, record in zip(lines[::2], lines[1::2], strict=True):
        assert action == {"index": {"_index": "defsearch", "_id": record["id"]}}
        assert {"title", "body", "date", "country_pairs", "officials"} <= set(record)
    named = jsonl(cli("export", "--index", str(shared_index), "--format", "opensearch",
                      "--index-name", "news-2025").stdout)  # fmt: skip
    assert named[0]["index"]["_index"] == "news-2025"


def test_export_mapping_mirrors_our_analysis(cli, tmp_path):
    from searcher.engine.analysis import STOP_WORDS, TOKEN_PATTERN
    from searcher.engine.spelling import american

    out = cli("export", "--mapping", "--index", str(tmp_path / "none"))  # (no index needed)
    assert out.exit_code == 0
    template = json.loads(out.stdout)
    assert template["index_patterns"] == ["defsearch*"]
    analysis = template["template"]["settings"]["analysis"]
    chain = analysis["analyzer"]["defsearch_text"]["filter"]
    assert chain[:2] == ["lowercase", "asciifolding"] and chain[-1] == "defsearch_stemmer"
    assert analysis["tokenizer"]["defsearch_tokens"]["pattern"] == TOKEN_PATTERN
    filters = analysis["filter"]
    assert set(filters["defsearch_stop"]["stopwords"]) == STOP_WORDS
    rules = dict(rule.split(" => ") for rule in filters["defsearch_spelling"]["synonyms"])
    assert rules["organisation"] == "organization" and rules["programme"] == "program"
    assert all(american(uk) == us for uk, us in rules.items())
    stems = [
        f
        for f in filters.values()
        if f.get("type") == "pattern_replace" and "defence" in f["pattern"]
    ]
    assert stems and stems[0]["replacement"] == "$1defense"
    assert "viet nam" in " ".join(filters["defsearch_compounds"]["synonyms"])
    fields = template["template"]["mappings"]["properties"]
    assert fields["title"]["analyzer"] == fields["body"]["analyzer"] == "defsearch_text"
    assert {fields[f]["type"] for f in ("countries", "country_pairs", "outlet", "id")} == {
        "keyword"
    }
    assert fields["officials"]["properties"]["key"]["type"] == "keyword"
    assert fields["date"]["type"] == "date"
    proc = run_proc("export", "--mapping", "--index-name", "news")
    assert json.loads(proc.stdout)["index_patterns"] == ["news*"]


def test_export_streams_in_a_real_pipe(shared_index):
    pairs = shell(f"defsearch export --index {shared_index} --format opensearch | head -2")
    action, record = jsonl(pairs.stdout)
    assert action["index"]["_id"] == record["id"] and pairs.stderr == ""
