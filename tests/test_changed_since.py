"""`search --new` / `--changed-since WHEN`, the sync log and `stats` listing it: real files, a
real index, the CLI in-process."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from searcher.index import SyncOptions, store, sync, synclog

# (dated: `stats` on an index of several segments without a date column fails, a bug of its own)
ARTICLE = (
    "{title}\n\nHanoi, March 24, 2025 (VNA) - Vietnam and Cuba held defence talks on {what}.\n"
)


def write(corpus: Path, name: str, what: str) -> None:
    corpus.mkdir(parents=True, exist_ok=True)
    (corpus / name).write_text(ARTICLE.format(title=f"Talks on {what}", what=what), "utf-8")


def ids(cli, index: Path, *args: str) -> list[str]:
    result = cli("search", "Vietnam", "--index", str(index), "--all", "--format", "ids", *args)
    assert result.exit_code in (0, 1), result.output
    return sorted(result.stdout.split())


@pytest.fixture
def synced(tmp_path: Path) -> tuple[Path, Path]:
    """A corpus of three articles indexed (sync 1), then one added and one changed (sync 2)."""
    corpus, index = tmp_path / "c", tmp_path / "ix"
    for name in ("a.txt", "b.txt", "c.txt"):
        write(corpus, name, name[0])
    assert sync([str(corpus)], str(index), SyncOptions(workers=1)).sync == 1
    write(corpus, "d.txt", "d")
    write(corpus, "b.txt", "b, again")
    report = sync(None, str(index), SyncOptions(workers=1))
    assert (report.added, report.updated, report.sync) == (1, 1, 2)
    return corpus, index


def test_new_is_what_the_last_sync_added_or_changed(cli, synced):
    _corpus, index = synced
    assert ids(cli, index, "--new") == ["b.txt", "d.txt"]
    assert ids(cli, index, "--changed-since", "last") == ["b.txt", "d.txt"]
    assert ids(cli, index, "--changed-since", "2") == ["b.txt", "d.txt"]
    assert ids(cli, index, "--changed-since", "1") == ["a.txt", "b.txt", "c.txt", "d.txt"]
    assert ids(cli, index) == ["a.txt", "b.txt", "c.txt", "d.txt"]
    # facets and counts see the same set
    count = cli("search", "Vietnam", "--index", str(index), "--new", "--format", "count")
    assert count.stdout.strip() == "2"


def test_a_sync_that_changes_nothing_is_not_logged(cli, synced):
    _corpus, index = synced
    report = sync(None, str(index), SyncOptions(workers=1))
    assert report.sync is None and report.unchanged == 4
    entries = synclog.read(store.current_version(str(index)))
    assert [e.sync for e in entries] == [1, 2]
    assert ids(cli, index, "--new") == ["b.txt", "d.txt"]


def test_changed_since_a_time(cli, synced):
    _corpus, index = synced
    entries = synclog.read(store.current_version(str(index)))
    assert ids(cli, index, "--changed-since", entries[0].time) == [
        "a.txt",
        "b.txt",
        "c.txt",
        "d.txt",
    ]
    assert ids(cli, index, "--changed-since", "2000-01-01") == ["a.txt", "b.txt", "c.txt", "d.txt"]
    result = cli("search", "Vietnam", "--index", str(index), "--changed-since", "2999-01-01")
    assert result.exit_code == 1 and result.stdout == ""


@pytest.mark.parametrize("when", ["yesterday", "7", "2026-13-40"])
def test_a_changed_since_that_is_no_sync_is_an_error(cli, synced, when):
    _corpus, index = synced
    result = cli("search", "Vietnam", "--index", str(index), "--changed-since", when)
    assert result.exit_code == 2
    assert result.stderr.count("\n") == 1 and "--changed-since" in result.stderr


def test_new_and_changed_since_together_is_a_usage_error(cli, synced):
    _corpus, index = synced
    result = cli("search", "x", "--index", str(index), "--new", "--changed-since", "1")
    assert result.exit_code == 2 and "not both" in result.stderr


def test_removed_and_deleted_articles(cli, synced):
    corpus, index = synced
    (corpus / "d.txt").unlink()
    report = sync(None, str(index), SyncOptions(workers=1))
    assert report.removed == 1 and report.sync == 3
    assert ids(cli, index, "--new") == []  # (a removal adds nothing to search)
    assert ids(cli, index, "--changed-since", "2") == ["b.txt"]


def test_a_rebuild_keeps_each_article_s_sync(cli, synced):
    corpus, index = synced
    report = sync([str(corpus)], str(index), SyncOptions(workers=1, rebuild=True))
    assert report.rebuilt and report.sync == 3
    entries = synclog.read(store.current_version(str(index)))
    assert [(e.sync, e.rebuilt) for e in entries] == [(1, True), (2, False), (3, True)]
    assert ids(cli, index, "--new") == []  # the same content: nothing is new
    assert ids(cli, index, "--changed-since", "2") == ["b.txt", "d.txt"]


def test_stats_lists_the_last_syncs(cli, synced):
    _corpus, index = synced
    result = cli("stats", "--index", str(index), "--format", "json")
    assert result.exit_code == 0, (result.stdout, result.stderr)
    syncs = json.loads(result.stdout)["syncs"]
    assert [(s["sync"], s["added"], s["updated"], s["removed"], s["documents"]) for s in syncs] == [
        (1, 3, 0, 0, 3),
        (2, 1, 1, 0, 4),
    ]
    text = cli("stats", "--index", str(index), "--format", "text").stdout
    assert "sync 2" in text and "1 added, 1 updated, 0 removed (4 documents)" in text


def test_an_index_without_a_log_has_nothing_new(cli, synced):
    """An index written before the sync log: nothing is taken for new."""
    _corpus, index = synced
    Path(store.current_version(str(index)), synclog.NAME).unlink()
    assert ids(cli, index, "--new") == []


def test_restrict_limits_what_events_read(synced):
    """`events` reads articles through ``stored_matching``: the same restriction applies."""
    from searcher.index.synclog import changed_ids
    from searcher.search.handle import Index

    _corpus, index = synced
    with Index(str(index)) as ix:
        assert len(list(ix.stored_matching("", None))) == 4
        ix.restrict(changed_ids(ix.version, "last"))
        assert sorted(s["id"] for s in ix.stored_matching("", None)) == ["b.txt", "d.txt"]
