"""Building and syncing a real index in tmp_path: counts, search changes, failures."""

from __future__ import annotations

import functools
import json
import os
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from searcher.errors import CorpusMissing, IndexCorrupt, IndexLocked, IndexMissing, NotAnIndex
from searcher.index import SyncOptions, filetable, store, sync
from searcher.index.plan import known_of
from searcher.search.handle import Index
from searcher.search.results import SearchOptions

from .conftest import FIXTURES, SEEDS, ctrl_c_as_at_a_terminal, write_articles


def ids(index_dir: Path, query: str, **kw) -> list[str]:
    with Index(str(index_dir)) as ix:
        result = ix.search(SearchOptions(query=query, limit=100, snippets=False, **kw))
    return sorted(h.id for h in result.hits)


def counts(report) -> tuple[int, int, int, int, int]:
    return report.added, report.updated, report.removed, report.unchanged, len(report.skipped)


def test_first_build_then_unchanged(corpus, tmp_path):
    first = sync([str(corpus)], str(tmp_path / "ix"), SyncOptions(workers=1))
    assert counts(first) == (5, 0, 0, 0, 0) and first.rebuilt and first.files == 5
    again = sync(None, str(tmp_path / "ix"), SyncOptions(workers=1))  # remembers its corpus
    assert counts(again) == (0, 0, 0, 5, 0) and not again.rebuilt


def test_add_modify_delete_resync(corpus, index_dir):
    assert ids(index_dir, "Hegseth") == ["003-vna-vietnamese-us-defence-chiefs-phone-talks.txt"]
    (corpus / "new-article.txt").write_text(
        "Vietnam, Poland hold defence talks\n\nHanoi (VNA) – Deputy Defence Minister Sen. Lt. Gen. "
        "Hoang Xuan Chien held talks with Polish Deputy Minister Pawel Bejda on March 24./.\n",
        encoding="utf-8",
    )
    target = next(corpus.glob("003-*"))
    target.write_text(
        target.read_text(encoding="utf-8").replace("Hegseth", "Austin"), encoding="utf-8"
    )
    next(corpus.glob("004-*")).unlink()
    report = sync(None, str(index_dir), SyncOptions(workers=1))
    assert counts(report) == (1, 1, 1, 3, 0)
    assert ids(index_dir, "Poland") == ["new-article.txt"]
    assert ids(index_dir, "Hegseth") == []
    assert ids(index_dir, "Austin") == ["003-vna-vietnamese-us-defence-chiefs-phone-talks.txt"]
    assert ids(index_dir, "Saito") == []
    assert counts(sync(None, str(index_dir), SyncOptions(workers=1))) == (0, 0, 0, 5, 0)


def test_touched_but_identical_file_is_unchanged(corpus, index_dir):
    table = Path(store.current_version(str(index_dir)), store.FILES)
    written = table.stat().st_mtime_ns
    assert counts(sync(None, str(index_dir), SyncOptions(workers=1))) == (0, 0, 0, 5, 0)
    assert table.stat().st_mtime_ns == written  # nothing changed: the file table is kept
    path = next(corpus.glob("001-*"))
    os.utime(path, (time.time() + 10, time.time() + 10))
    assert counts(sync(None, str(index_dir), SyncOptions(workers=1))) == (0, 0, 0, 5, 0)
    saved = filetable.read(str(table.parent))
    assert saved is not None
    mtimes = {row[1]: row[3] for row in filetable.file_rows(saved)}
    assert mtimes[str(path)] == path.stat().st_mtime_ns  # a new time is noted: not hashed again


@pytest.mark.parametrize("query", ["Việt Nam", "Viet Nam", "viet nam", "Vietnam", "VIETNAM"])
def test_accent_and_case_insensitive(index_dir, query):
    assert len(ids(index_dir, query)) == 5


def test_vietnamese_names_match_without_accents(index_dir):
    accented = ids(index_dir, '"Nguyễn Tân Cương"')
    assert accented == ids(index_dir, '"Nguyen Tan Cuong"') == ids(index_dir, "nguyen tan cuong")
    assert len(accented) == 2


def test_teasers_never_reach_the_index(index_dir):
    for query in ["Poland", "Polish", "Lawrence Wong", "Lula", "Sounthone", "Brazil"]:
        assert ids(index_dir, query) == [], query


def test_corpus_moved_is_a_clear_error(corpus, index_dir, tmp_path):
    corpus.rename(tmp_path / "elsewhere")
    with pytest.raises(CorpusMissing, match="not found"):
        sync(None, str(index_dir))


def test_missing_index(tmp_path):
    with pytest.raises(IndexMissing):
        Index(str(tmp_path / "nothing"))


def test_refuses_a_folder_that_is_not_an_index(corpus, tmp_path):
    other = tmp_path / "precious"
    other.mkdir()
    (other / "thesis.tex").write_text("do not delete")
    with pytest.raises(NotAnIndex):
        sync([str(corpus)], str(other))
    assert (other / "thesis.tex").exists()
    report = sync([str(corpus)], str(other), SyncOptions(force=True, workers=1))
    assert report.added == 5


def test_jsonl_corpus(tmp_path):
    corpus = tmp_path / "c"
    corpus.mkdir()
    rows = [
        {
            "id": "a1",
            "title": "Vietnam, Cuba talks",
            "text": "Hanoi (VNA) – Vietnam and Cuba held talks.",
            "date": "2024-05-01",
        },
        {
            "id": "a2",
            "html": "<html><body><article><p>Japan and Vietnam agreed to cooperate.</p></article></body></html>",
            "outlet": "VNS",
        },
        {"title": "no id"},
    ]
    lines = [json.dumps(r) for r in rows] + ["{not json"]
    (corpus / "feed.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    (corpus / "notes.docx").write_bytes(b"PK")
    report = sync([str(corpus)], str(tmp_path / "ix"), SyncOptions(workers=1))
    assert (report.added, len(report.skipped)) == (2, 3)
    reasons = sorted(s.reason.split(":")[0] for s in report.skipped)
    assert reasons == ["invalid JSON", "record has no id", "unsupported file type"]
    with Index(str(tmp_path / "ix")) as ix:
        assert ix.get("a1")["date"] == "2024-05-01"
        assert ix.get("a1")["date_source"] == "meta"
        assert ix.get("a2")["outlet"] == "VNS"


def test_lock_held_by_a_live_process(corpus, index_dir):
    with store.writer_lock(str(index_dir)), pytest.raises(IndexLocked, match="being updated"):
        sync(None, str(index_dir))


def test_stale_lock_is_recovered(corpus, index_dir):
    dead = subprocess.Popen([sys.executable, "-c", "pass"])
    dead.wait()
    (index_dir / store.LOCK).write_text(f"{dead.pid}\n")
    report = sync(None, str(index_dir), SyncOptions(workers=1))
    assert report.stale_lock_pid == dead.pid


def test_corrupt_index_says_rebuild_and_rebuild_repairs(corpus, index_dir):
    version = store.current_version(str(index_dir))
    for name in os.listdir(version):
        if name.endswith(".seg"):
            Path(version, name).write_bytes(b"garbage")
    with pytest.raises(IndexCorrupt, match="--rebuild"), Index(str(index_dir)) as ix:
        ix.search(SearchOptions(query="Cuba"))
    report = sync(None, str(index_dir), SyncOptions(rebuild=True, workers=1))
    assert report.added == 5
    assert len(ids(index_dir, "Cuba")) == 3


def test_rebuild_swaps_versions(corpus, index_dir):
    before = store.current_version(str(index_dir))
    sync(None, str(index_dir), SyncOptions(rebuild=True, workers=1))
    after = store.current_version(str(index_dir))
    assert before != after and os.path.isdir(after)


def test_hostile_files_are_indexed_or_skipped(tmp_path):
    corpus = tmp_path / "c"
    corpus.mkdir()
    (corpus / "binary.txt").write_bytes(os.urandom(2000).replace(b"\x00", b"\x01") + b"\x00" * 100)
    (corpus / "empty.txt").write_bytes(b"")
    (corpus / "utf16.txt").write_bytes("Vietnam, Laos talks\n\nThey met.".encode("utf-16"))
    shutil.copy(FIXTURES / "cp1252-article.txt", corpus / "cp1252.txt")
    (corpus / "nobody.html").write_text("<html><head><title>x</title></head></html>")
    (corpus / "loop").symlink_to(corpus)
    secret = corpus / "secret.txt"
    secret.write_text("Vietnam text")
    secret.chmod(0)
    report = sync([str(corpus)], str(tmp_path / "ix"), SyncOptions(workers=1))
    indexed = report.added + report.updated + report.unchanged
    assert indexed + len(report.skipped) == report.files
    reasons = {s.rel: s.reason for s in report.skipped}
    assert "binary" in reasons["binary.txt"]
    assert any("Windows-1252" in w for w in report.warnings)
    if os.geteuid() != 0:  # root reads anything
        assert "cannot read" in reasons["secret.txt"]


@pytest.mark.slow
def test_killed_sync_leaves_the_old_index_searchable(tmp_path):
    corpus = tmp_path / "c"
    write_articles(corpus, 0, 40)
    index_dir = tmp_path / "ix"
    sync([str(corpus)], str(index_dir), SyncOptions(workers=1))
    write_articles(corpus, 40, 1500)
    proc = subprocess.Popen([sys.executable, "-m", "searcher", "index", "--index", str(index_dir)],
                            stderr=subprocess.DEVNULL)  # fmt: skip
    time.sleep(2.0)
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    assert len(ids(index_dir, "Australia")) >= 40  # the old (or the new) state, never an error
    report = sync(None, str(index_dir), SyncOptions(workers=1))
    assert report.stale_lock_pid in (proc.pid, None)
    with Index(str(index_dir)) as ix:
        assert ix.search(SearchOptions(query="Australia", limit=1)).total == 1500


@pytest.fixture(scope="module")
def big_corpus(tmp_path_factory) -> Path:
    """6,000 articles: a full build in worker processes, writing a segment each (module-wide)."""
    corpus = tmp_path_factory.mktemp("big") / "c"
    write_articles(corpus, 0, 6000)
    return corpus


def _wait_for(found: Callable[[], bool], proc: subprocess.Popen, what: str) -> None:
    """Poll until ``found()`` (an event the build makes visible on disk); the deadline only
    guards against a hang, it decides nothing."""
    deadline = time.monotonic() + 300
    while not found():
        assert proc.poll() is None, f"the build ended before {what}"
        assert time.monotonic() < deadline, f"no {what} after 300 s"
        time.sleep(0.005)


# Moments of a build, each seen on disk: the lock taken (planning), the new version folder made
# (the fork server and workers about to start: "early"), a worker writing its segment.
MOMENTS = {
    "planning": lambda ix, pid: (ix / store.LOCK).read_text().strip() == str(pid),
    "version made": lambda ix, pid: (ix / "v2" / store.VERSION_MARKER).exists(),
    "workers writing": lambda ix, pid: any((ix / "v2").glob("MAIN.tmp.*")),
}


@pytest.mark.slow
@pytest.mark.parametrize("moment", MOMENTS)
def test_sigint_exits_130_and_keeps_the_index(tmp_path, big_corpus, moment):
    """Ctrl-C at each moment of a build: exit 130, the one line, the previous index intact.
    Synchronised on what the build makes visible, never on sleeps: at the moment, the whole
    process group is stopped (SIGSTOP), the build is shown to be unfinished, Ctrl-C is sent,
    and the group continues; however slow or loaded the machine, the signal lands there."""
    index_dir = tmp_path / "ix"
    (tmp_path / "first").mkdir()
    shutil.copy(FIXTURES / "vov-australia-dialogue.txt", tmp_path / "first" / "one.txt")
    sync([str(tmp_path / "first")], str(index_dir), SyncOptions(workers=1))
    proc = subprocess.Popen(
        [sys.executable, "-m", "searcher", "index", str(big_corpus), "--index", str(index_dir),
         "--rebuild", "--workers", "2"],
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
        preexec_fn=ctrl_c_as_at_a_terminal,
    )  # fmt: skip
    try:
        _wait_for(lambda: MOMENTS[moment](index_dir, proc.pid), proc, moment)
        os.killpg(proc.pid, signal.SIGSTOP)
        # stopped: the build has not published its index, and cannot until it continues
        assert (index_dir / store.CURRENT).read_text().strip() == "v1"
        assert not (index_dir / "v2" / store.MANIFEST).exists()
        os.killpg(proc.pid, signal.SIGINT)  # Ctrl-C reaches the whole process group
    finally:
        os.killpg(proc.pid, signal.SIGCONT)
    _, err = proc.communicate(timeout=300)  # (a hang guard, generous for a loaded machine)
    assert (proc.returncode, err.strip().splitlines()) == (
        130, ["defsearch: interrupted; the previous index is intact"])  # fmt: skip
    assert store.current_version(str(index_dir)) == str(index_dir / "v1")
    left = sorted(str(p.relative_to(index_dir)) for p in index_dir.glob("v2/**/*"))
    assert not (index_dir / "v2").exists(), left  # (the new version, removed)
    with Index(str(index_dir)) as ix:
        assert ix.search(SearchOptions(query="Australia")).total == 1


def test_index_from_another_schema_version_is_rebuilt(corpus, index_dir):
    version = store.current_version(str(index_dir))
    manifest_path = Path(version, store.MANIFEST)
    manifest = json.loads(manifest_path.read_text())
    manifest["schema"] = -1
    manifest_path.write_text(json.dumps(manifest))
    report = sync(None, str(index_dir), SyncOptions(workers=1))
    assert report.rebuilt and report.added == 5
    assert store.current_version(str(index_dir)) != version


def test_file_table_from_older_manifest_or_another_commit_is_used_or_rebuilt(corpus, index_dir):
    version = store.current_version(str(index_dir))
    assert version is not None
    manifest_path, bin_path = Path(version, store.MANIFEST), Path(version, store.FILES)
    legacy_path = Path(version, filetable.LEGACY)
    assert "files" not in json.loads(manifest_path.read_text())  # searches read a small file
    table = filetable.read(version)
    assert table is not None
    known = known_of(table, {})
    # versions 1 and 2 wrote rows as [size, mtime, "" (an unused hash), ids], in files.json
    old_rows = {path: [row.size, row.mtime_ns, "", list(row.ids)]
                for path, row in known.files.items()}  # fmt: skip
    legacy = {"generation": table.header.generation, "files": old_rows, "docs": known.docs}
    # a version-2 manifest beside such a table: read, nothing re-indexed, files.bin written
    manifest = json.loads(manifest_path.read_text())
    manifest_path.write_text(json.dumps({**manifest, "version": 2}))
    legacy_path.write_text(json.dumps(legacy))
    bin_path.unlink()
    report = sync(None, str(index_dir), SyncOptions(workers=1))
    assert counts(report) == (0, 0, 0, 5, 0) and not report.rebuilt
    assert bin_path.exists() and not legacy_path.exists()
    again = filetable.read(version)
    assert again is not None and known_of(again, {}).files == known.files
    assert json.loads(manifest_path.read_text())["version"] == manifest["version"]
    # a version-1 manifest held the file table inline: still read, nothing re-indexed
    manifest = json.loads(manifest_path.read_text())
    manifest_path.write_text(json.dumps({**manifest, **legacy, "version": 1}))
    bin_path.unlink()
    report = sync(None, str(index_dir), SyncOptions(workers=1))
    assert counts(report) == (0, 0, 0, 5, 0) and not report.rebuilt
    # a file table from another commit is rebuilt from the index, not trusted
    table = filetable.read(version)
    assert table is not None
    filetable.write(version, table._replace(header=table.header._replace(generation=-1)))
    report = sync(None, str(index_dir), SyncOptions(workers=1))
    assert counts(report) == (0, 0, 0, 5, 0) and not report.rebuilt


def test_build_in_parallel_segments_equals_one_writer(tmp_path):
    corpus = tmp_path / "corpus"
    shutil.copytree(FIXTURES, corpus)
    (corpus / "binary.txt").write_bytes(b"\x00" * 100)  # skipped, with its reason
    write_articles(corpus / "gen", 0, 40)
    serial = sync([str(corpus)], str(tmp_path / "one"), SyncOptions(workers=1))
    parallel = sync([str(corpus)], str(tmp_path / "two"), SyncOptions(workers=2, segments_from=1))
    assert counts(parallel) == counts(serial) and parallel.added > 40
    assert [s.rel for s in parallel.skipped] == [s.rel for s in serial.skipped] == ["binary.txt"]
    options = SearchOptions(query="Australia OR defence", limit=100, facets=("country", "official"))
    with Index(str(tmp_path / "one")) as one, Index(str(tmp_path / "two")) as two:
        assert len(two._reader.leaf_columns("facets")) == 2
        a, b = one.search(options), two.search(options)
        assert a.total == b.total and a.facets == b.facets
        assert sorted((h.id, h.score) for h in a.hits) == sorted((h.id, h.score) for h in b.hits)
        assert one.labels == two.labels
    again = sync(
        None, str(tmp_path / "two"), SyncOptions(workers=2)
    )  # a sync after it reads both segments
    assert counts(again) == (0, 0, 0, parallel.added, 1)


def test_one_writer_fed_by_worker_processes_equals_one_process(tmp_path):
    """Below the segment threshold with several workers, the workers clean, extract and analyse
    (the writer only files their postings): the same index as one process makes."""
    from searcher.index.documents import to_document
    from searcher.pipeline import process_many

    corpus = tmp_path / "corpus"
    shutil.copytree(FIXTURES, corpus)
    (corpus / "binary.txt").write_bytes(b"\x00" * 100)
    write_articles(corpus / "gen", 0, 30)
    one = sync([str(corpus)], str(tmp_path / "one"), SyncOptions(workers=1))
    two = sync([str(corpus)], str(tmp_path / "two"), SyncOptions(workers=2, segments_from=10**6))
    assert counts(one) == counts(two)
    options = SearchOptions(query="Australia OR defence", limit=100, facets=("country", "pair"))
    with Index(str(tmp_path / "one")) as a, Index(str(tmp_path / "two")) as b:
        assert len(b._reader.leaf_columns("facets")) == 1  # one writer: one segment
        x, y = a.search(options), b.search(options)
        assert x.total == y.total and x.facets == y.facets
        assert [(h.id, h.score) for h in x.hits] == [(h.id, h.score) for h in y.hits]
        assert list(a.export()) == list(b.export())
    # and the documents the workers hand over are analysed already
    from searcher.corpus import list_files
    from searcher.engine import PreAnalyzed

    files = list_files(str(corpus / "gen"))[0][:3]
    prepare = functools.partial(to_document, analyzed=True)
    outcomes = list(process_many(files, 2, prepare))
    assert [o.id for o in outcomes] == [f.id for f in files]
    assert all(isinstance(o.document["body"], PreAnalyzed) for o in outcomes if o.document)


def test_the_writer_analyses_values_as_the_analyzer_chain_does():
    """engine.Text's fast path (analysis.positions_of) yields the postings Whoosh's filter
    chain yields: the same terms, frequencies, weights and positions."""
    from whoosh import fields

    from searcher import engine

    schema = engine.make_schema()
    paths = [*sorted(SEEDS.iterdir()), *sorted(FIXTURES.iterdir())]
    texts = [p.read_text(encoding="utf-8", errors="replace") for p in paths]
    texts += [
        "The the of Vietnam's Việt Nam U.S. rates o'clock minister’s HANOI 2025 e-mail",
        "",
        "of the and",
    ]
    for name in ("title", "body"):
        field = schema[name]
        for text in texts:
            fast = sorted(field.index(text))
            chain = sorted(fields.TEXT.index(field, text))
            assert fast == chain, (name, text[:60])
    for name in ("id", "day", "year", "month"):  # engine.Id's fast path, likewise
        for value in ("", "a b", "Việt Nam", "20251211", "seeds/vna.txt"):
            assert schema[name].index(value) == list(fields.ID.index(schema[name], value))
    for name in ("outlet", "country", "pair", "official"):  # engine.Keyword's, likewise
        for value in ("", " a , B,,Đà Nẵng, x ,x", "CU-VN,JP-VN", "VNA", " , ", "ĐẠI TƯỚNG"):
            assert schema[name].index(value) == list(fields.KEYWORD.index(schema[name], value))


def test_hidden_entries_are_ignored_and_counted(cli, tmp_path):
    """A name starting with "." is ignored by rule (issue 20, item 7): not indexed, not a
    skip (exit 0), but counted in the summary and listed with -v."""
    corpus = tmp_path / "c"
    (corpus / ".git").mkdir(parents=True)
    (corpus / ".git" / "HEAD.txt").write_text("ref: refs/heads/main")
    (corpus / ".hidden.txt").write_text("Cuba hidden\n\nCuba hidden text.\n")
    (corpus / "a.txt").write_text("Cuba talks\n\nCuba and Vietnam talks.\n")
    result = cli("index", str(corpus), "--index", str(tmp_path / "ix"), "-v")
    assert result.exit_code == 0
    assert "1 added, 0 updated, 0 removed, 0 unchanged, 0 skipped, 2 hidden ignored (3 files" in (
        result.stderr
    )
    assert (
        "ignored .git: hidden" in result.stderr and "ignored .hidden.txt: hidden" in result.stderr
    )
