"""A corpus's defsearch.toml says which folder holds which outlet (issue 13): real files, a real
index, the real CLI. Also the ``source``/``site``/``publisher`` fields of JSON Lines records."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from searcher.index import filetable, store

from .conftest import run_proc

# An article that names no outlet anywhere (no sign-off, dateline, credit or address).
PLAIN = (
    "{title}\n\nThe two defence ministries met in Vientiane on Tuesday to review cooperation "
    "between Vietnam and Laos in {topic}.\n\nBoth sides agreed to expand exchanges of "
    "delegations, officer training and search and rescue drills over the coming years.\n"
)


def write(corpus: Path, rel: str, text: str) -> Path:
    path = corpus / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def plain(corpus: Path, rel: str) -> None:
    """A plain article at ``rel`` (its words made unique by its path)."""
    topic = rel.replace("/", " ").replace(".txt", "")
    write(corpus, rel, PLAIN.format(title=f"Vietnam and Laos review {topic}", topic=topic))


def configure(corpus: Path, *lines: str) -> None:
    write(corpus, "defsearch.toml", "\n".join(["[outlets]", *lines]) + "\n")


def outlets(cli, index: Path) -> dict[str, str | None]:
    """Every indexed article's outlet, by id (``show ID --format json`` for each)."""
    out = cli("export", "--index", str(index)).stdout
    found = {}
    for doc_id in sorted(json.loads(line)["id"] for line in out.splitlines()):
        shown = cli("show", doc_id, "--index", str(index), "--format", "json")
        assert shown.exit_code == 0, shown.stderr
        found[doc_id] = json.loads(shown.stdout)["outlet"]
    return found


def index(cli, index_dir: Path, *args: str):
    return cli("index", *args, "--index", str(index_dir))


def summary(result) -> str:
    """The counts of a sync summary: ``0 added, 2 updated, 0 removed, 1 unchanged, 0 skipped``."""
    line = result.stderr.strip().splitlines()[-1]
    return line.split(": ", 1)[1].split(" (")[0]


def search_ids(cli, index_dir: Path, *args: str) -> list[str]:
    out = cli("search", *args, "--index", str(index_dir), "--format", "jsonl", "--limit", "100")
    return sorted(json.loads(line)["id"] for line in out.stdout.splitlines())


def test_folders_match_by_whole_components_and_the_longest_wins(cli, tmp_path):
    corpus = tmp_path / "c"
    for rel in ("vna/a.txt", "vna/2024/deep/b.txt", "vnanet/c.txt", "vns/2023/d.txt",
                "vns/2024/e.txt", "vns/20245/f.txt", "saved/g.txt", "saved/qdnd/h.txt",
                "top.txt"):  # fmt: skip
        plain(corpus, rel)
    configure(
        corpus,
        '"vna" = "VNA"            # every file under vna/, at any depth',
        '"vns/2024/" = "Viet Nam News"',
        '"./saved" = "Acme \\u001b[31mGazette"',  # (not in the outlet table: kept, made safe)
        '"saved/qdnd" = "People\'s Army Newspaper"',
    )
    result = index(cli, tmp_path / "ix", str(corpus))
    assert result.exit_code == 0, result.stderr
    assert outlets(cli, tmp_path / "ix") == {
        "saved/g.txt": "Acme Gazette",
        "saved/qdnd/h.txt": "QDND",  # the longer folder, canonicalised
        "top.txt": None,
        "vna/2024/deep/b.txt": "VNA",
        "vna/a.txt": "VNA",
        "vnanet/c.txt": None,  # "vna" is a folder, not a string prefix
        "vns/2023/d.txt": None,
        "vns/2024/e.txt": "VNS",
        "vns/20245/f.txt": None,
    }
    assert search_ids(cli, tmp_path / "ix", "--outlet", "VNA") == [
        "vna/2024/deep/b.txt",
        "vna/a.txt",
    ]
    assert search_ids(cli, tmp_path / "ix", "outlet:VNS") == ["vns/2024/e.txt"]


def test_the_whole_corpus_and_a_typo_that_matches_nothing(cli, tmp_path):
    corpus = tmp_path / "c"
    plain(corpus, "a.txt")
    plain(corpus, "vov/b.txt")
    configure(corpus, '"." = "VNA"', '"vov" = "VOV"', '"vnaa" = "VNA"')
    result = index(cli, tmp_path / "ix", str(corpus))
    assert result.exit_code == 0
    assert outlets(cli, tmp_path / "ix") == {"a.txt": "VNA", "vov/b.txt": "VOV"}
    config = corpus / "defsearch.toml"
    warning = f"defsearch: warning: {config}: [outlets] 'vnaa' holds no article file"
    assert warning in result.stderr.splitlines()


PAGE = (
    '<html><head><meta property="og:site_name" content="Viet Nam News">'
    '<link rel="canonical" href="https://vietnamnews.vn/politics/x.html"></head><body><article>'
    "<h1>Laos ties</h1><p>The two defence ministries met in Vientiane on Tuesday to review "
    "cooperation between Vietnam and Laos in training.</p><p>Both sides agreed to expand "
    "exchanges of delegations and search and rescue drills.</p></article></body></html>"
)


def test_the_folder_ranks_as_page_metadata_and_a_sign_off_beats_it(cli, tmp_path):
    corpus = tmp_path / "c"
    plain(corpus, "vna/plain.txt")
    write(corpus, "vna/signed.txt", PLAIN.format(title="Laos ties", topic="training") + "\nVNS\n")
    write(
        corpus, "vna/page.html", PAGE
    )  # its own site name and address: the folder's, listed first
    write(corpus, "page.html", PAGE)
    configure(corpus, '"vna" = "VNA"')
    assert index(cli, tmp_path / "ix", str(corpus)).exit_code == 0
    assert outlets(cli, tmp_path / "ix") == {
        "page.html": "VNS",
        "vna/page.html": "VNA",
        "vna/plain.txt": "VNA",
        "vna/signed.txt": "VNS",
    }


def test_a_brand_of_the_newsroom_is_found_under_its_outlet(cli, tmp_path):
    # VietnamPlus is VNA's own paper: `--outlet VNA` finds its pages, whichever brand names them.
    corpus = tmp_path / "c"
    write(corpus, "a.txt", PLAIN.format(title="Laos ties", topic="training") + "\n(VietnamPlus)\n")
    write(corpus, "b.txt", PLAIN.format(title="Laos drills", topic="drills") + "\nVNA\n")
    write(corpus, "c.txt", PLAIN.format(title="Laos visits", topic="visits") + "\nVNS\n")
    configure(corpus, '"saved/vnp" = "Vietnam+"')
    write(corpus, "saved/vnp/d.txt", PLAIN.format(title="Laos talks", topic="talks"))
    assert index(cli, tmp_path / "ix", str(corpus)).exit_code == 0
    assert search_ids(cli, tmp_path / "ix", "Laos", "--outlet", "VNA") == [
        "a.txt",
        "b.txt",
        "saved/vnp/d.txt",
    ]


BODY = "The two defence ministries met in Vientiane on Tuesday to review cooperation."


def records(*fields: dict) -> str:
    return "".join(
        json.dumps({"id": f"r{n}", "text": BODY, **f}, ensure_ascii=False) + "\n"
        for n, f in enumerate(fields, start=1)
    )


def test_a_records_own_outlet_or_source_beats_the_folder(cli, tmp_path):
    corpus = tmp_path / "c"
    write(
        corpus,
        "vna/feed.jsonl",
        records(
            {},  # r1: says nothing: the folder's
            {"outlet": "VOV"},
            {"source": "Việt Nam News"},
            {"publisher": "Acme Gazette"},  # (unknown to the outlet table: still the record's)
            {"site": "english.vov.vn"},
        ),
    )
    configure(corpus, '"vna" = "VNA"')
    assert index(cli, tmp_path / "ix", str(corpus)).exit_code == 0
    assert outlets(cli, tmp_path / "ix") == {
        "r1": "VNA",
        "r2": "VOV",
        "r3": "VNS",
        "r4": "Acme Gazette",
        "r5": "VOV",
    }


def test_jsonl_source_site_and_publisher_fields(cli, tmp_path):
    """A name is the outlet; an address (a URL or a bare domain) is the url when the record has
    none; a news API's ``{"name", "url"}`` object is read too."""
    corpus = tmp_path / "c"
    write(
        corpus,
        "feed.jsonl",
        records(
            {"source": "VNA"},
            {"source": "vietnamnews.vn"},
            {"source": "https://english.vov.vn/politics/talks-123.html"},
            {"source": {"id": None, "name": "Tuoi Tre"}},
            {"site": "Hanoi Times"},
            {"publisher": "unknownsite.example.org"},  # an address no table knows: its host
            {"url": "https://vietnamnews.vn/politics/x.html", "source": "en.qdnd.vn"},
            {"source": 42},  # (neither a name nor an address: says nothing)
        ),
    )
    assert index(cli, tmp_path / "ix", str(corpus)).exit_code == 0
    assert outlets(cli, tmp_path / "ix") == {
        "r1": "VNA",
        "r2": "VNS",
        "r3": "VOV",
        "r4": "Tuổi Trẻ",
        "r5": "Hanoi Times",
        "r6": "unknownsite.example.org",
        "r7": "VNS",  # the record's url names the site; the source address adds nothing
        "r8": None,
    }
    assert search_ids(cli, tmp_path / "ix", "--outlet", "VNS") == ["r2", "r7"]


def test_the_config_is_neither_indexed_nor_counted(cli, tmp_path):
    corpus = tmp_path / "c"
    plain(corpus, "vna/a.txt")
    plain(corpus, "b.txt")
    configure(corpus, '"vna" = "VNA"')
    write(corpus, "vna/defsearch.toml", '[outlets]\n"x" = "VOV"\n')  # read only at the root
    result = index(cli, tmp_path / "ix", str(corpus), "-v")
    assert result.exit_code == 1  # (the nested one is skipped, with its reason)
    config = corpus / "defsearch.toml"
    assert re.sub(r"\d+\.\d s\)", "T s)", result.stderr).splitlines() == [
        "skipped vna/defsearch.toml: defsearch.toml is read only at the corpus root",
        f"built {tmp_path / 'ix'} from {corpus}: 2 added, 0 updated, 0 removed, 0 unchanged, "
        f"1 skipped (3 files, T s); folder outlets from {config}",
    ]
    (corpus / "vna" / "defsearch.toml").unlink()
    result = index(cli, tmp_path / "ix")
    assert result.exit_code == 0 and "(2 files, " in result.stderr
    assert summary(result) == "0 added, 0 updated, 0 removed, 2 unchanged, 0 skipped"
    assert search_ids(cli, tmp_path / "ix", "outlets") == []  # (its words are not an article)
    assert sorted(outlets(cli, tmp_path / "ix")) == ["b.txt", "vna/a.txt"]


BAD_CONFIGS = {
    "not TOML": ('[outlets\n"vna" = "VNA"\n', "not valid TOML: Expected ']'"),
    "a number": ('[outlets]\n"vna" = 3\n', "[outlets] 'vna' must be an outlet name in quotes"),
    "a dotted key": ('[outlets]\nvns.2024 = "VNS"\n', 'quote a folder path that holds a dot'),
    "no table": ('outlets = "VNA"\n', "outlets must be a table"),
    "a typo": ('[outlet]\n"vna" = "VNA"\n', "unknown setting 'outlet'"),
    "outside": ('[outlets]\n"../other" = "VNA"\n', "is not a folder inside the corpus"),
    "twice": ('[outlets]\n"vna" = "VNA"\n"vna/" = "VNS"\n', "'vna' and 'vna/' name the same"),
    "not UTF-8": (b"[outlets]\n\"vna\" = \"\xff\"\n", "not UTF-8 text"),
}  # fmt: skip


@pytest.mark.parametrize("case", sorted(BAD_CONFIGS))
def test_a_malformed_config_is_one_line_and_changes_nothing(cli, tmp_path, case):
    corpus = tmp_path / "c"
    plain(corpus, "vna/a.txt")
    plain(corpus, "b.txt")
    ix = tmp_path / "ix"
    assert index(cli, ix, str(corpus)).exit_code == 0
    version = Path(store.current_version(str(ix)))
    before = {p.name: p.read_bytes() for p in version.iterdir()}
    (corpus / "c.txt").write_text("Cuba and Vietnam talks\n\nCuba and Vietnam held talks.\n")
    text, expected = BAD_CONFIGS[case]
    config = corpus / "defsearch.toml"
    config.write_bytes(text if isinstance(text, bytes) else text.encode())
    result = index(cli, ix)
    assert result.exit_code == 2
    lines = result.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith(f"defsearch: error: {config}: "), lines
    assert expected in lines[0] and "the index was not changed" in lines[0]
    assert {p.name: p.read_bytes() for p in version.iterdir()} == before
    assert store.current_version(str(ix)) == str(version)
    assert sorted(outlets(cli, ix)) == ["b.txt", "vna/a.txt"]
    # a first build with it leaves no index folder behind
    result = index(cli, tmp_path / "new", str(corpus))
    assert result.exit_code == 2 and not (tmp_path / "new").exists()


def test_a_config_change_re_extracts_exactly_the_files_it_moves(cli, tmp_path):
    corpus = tmp_path / "c"
    for rel in ("vna/a.txt", "vna/deep/b.txt", "other/c.txt", "d.txt"):
        plain(corpus, rel)
    write(corpus, "vna/feed.jsonl", records({}, {"outlet": "VOV"}))
    ix = tmp_path / "ix"
    assert index(cli, ix, str(corpus)).exit_code == 0
    assert set(outlets(cli, ix).values()) == {None, "VOV"}
    table = Path(store.current_version(str(ix)), store.FILES)

    configure(corpus, '"vna" = "VNA"')  # added: vna/'s four articles (the feed's two as well)
    result = index(cli, ix)
    assert summary(result) == "0 added, 4 updated, 0 removed, 2 unchanged, 0 skipped"
    assert outlets(cli, ix) == {"d.txt": None, "other/c.txt": None, "r1": "VNA", "r2": "VOV",
                                "vna/a.txt": "VNA", "vna/deep/b.txt": "VNA"}  # fmt: skip
    assert search_ids(cli, ix, "--outlet", "VNA") == ["r1", "vna/a.txt", "vna/deep/b.txt"]
    written = table.stat().st_mtime_ns
    result = index(cli, ix)  # nothing changed: nothing read, the file table kept as it was
    assert summary(result) == "0 added, 0 updated, 0 removed, 6 unchanged, 0 skipped"
    assert table.stat().st_mtime_ns == written

    # an edit that gives no file another outlet (the same outlet by another name) moves nothing
    configure(corpus, "# the agency's own name", '"vna" = "Vietnam News Agency"')
    assert summary(index(cli, ix)) == "0 added, 0 updated, 0 removed, 6 unchanged, 0 skipped"

    configure(corpus, '"vna" = "VNA"', '"vna/deep" = "VOV"', '"other" = "VNS"')  # edited
    assert summary(index(cli, ix)) == "0 added, 2 updated, 0 removed, 4 unchanged, 0 skipped"
    assert outlets(cli, ix)["vna/deep/b.txt"] == "VOV" and outlets(cli, ix)["other/c.txt"] == "VNS"
    assert search_ids(cli, ix, "--outlet", "VNA") == ["r1", "vna/a.txt"]

    (corpus / "defsearch.toml").unlink()  # removed: every file it gave an outlet
    result = index(cli, ix)
    assert summary(result) == "0 added, 5 updated, 0 removed, 1 unchanged, 0 skipped"
    assert "folder outlets" not in result.stderr
    assert set(outlets(cli, ix).values()) == {None, "VOV"}
    assert search_ids(cli, ix, "--outlet", "VNA") == []


def test_a_config_change_is_seen_without_the_file_table(cli, tmp_path):
    """The articles' hashes cover the folder outlet: a table from another commit (a crash
    between commit and table) is rebuilt from the index, and the change is still seen."""
    corpus = tmp_path / "c"
    plain(corpus, "vna/a.txt")
    plain(corpus, "b.txt")
    ix = tmp_path / "ix"
    assert index(cli, ix, str(corpus)).exit_code == 0
    configure(corpus, '"vna" = "VNA"')
    version = store.current_version(str(ix))
    assert version is not None
    table = filetable.read(version)
    assert table is not None
    filetable.write(version, table._replace(header=table.header._replace(generation=-1)))
    assert summary(index(cli, ix)) == "0 added, 1 updated, 0 removed, 1 unchanged, 0 skipped"
    assert outlets(cli, ix) == {"b.txt": None, "vna/a.txt": "VNA"}


def test_worker_processes_carry_the_folder_outlet(cli, tmp_path):
    corpus = tmp_path / "c"
    for n in range(6):
        plain(corpus, f"vna/a{n}.txt")
        plain(corpus, f"other/b{n}.txt")
    configure(corpus, '"vna" = "VNA"')
    result = index(cli, tmp_path / "ix", str(corpus), "--workers", "2")
    assert result.exit_code == 0
    assert summary(result) == "12 added, 0 updated, 0 removed, 0 unchanged, 0 skipped"
    found = outlets(cli, tmp_path / "ix")
    assert {i for i, o in found.items() if o == "VNA"} == {f"vna/a{n}.txt" for n in range(6)}
    again = index(cli, tmp_path / "ix")
    assert summary(again) == "0 added, 0 updated, 0 removed, 12 unchanged, 0 skipped"


def test_as_a_real_process(tmp_path):
    corpus = tmp_path / "c"
    plain(corpus, "vna/a.txt")
    plain(corpus, "b.txt")
    configure(corpus, '"vna" = "VNA"')
    proc = run_proc("index", str(corpus), "--index", str(tmp_path / "ix"))
    assert proc.returncode == 0 and proc.stdout == ""
    assert "(2 files, " in proc.stderr
    assert f"folder outlets from {corpus / 'defsearch.toml'}" in proc.stderr
    proc = run_proc("search", "--outlet", "VNA", "--index", str(tmp_path / "ix"), "--format", "paths",
                    cwd=tmp_path)  # fmt: skip
    assert proc.returncode == 0 and proc.stdout.splitlines() == ["c/vna/a.txt"]
    configure(corpus, '"vna" = ["VNA"]')
    proc = run_proc("index", "--index", str(tmp_path / "ix"))
    assert proc.returncode == 2 and proc.stdout == ""
    assert proc.stderr.count("\n") == 1 and str(corpus / "defsearch.toml") in proc.stderr
    assert "must be an outlet name in quotes, not ['VNA']" in proc.stderr
