"""A corpus that is not there is not a corpus whose files were deleted: an emptied, replaced or
unreadable corpus folder never empties the index (issue 20, item 1)."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
import textwrap
from pathlib import Path

from searcher.index import SyncOptions, sync
from searcher.index.indexer import MASS_DELETE_SHARE
from tests.conftest import ROOT, as_user_without_overrides, write_articles


def ids(cli, index_dir: Path) -> list[str]:
    """Every indexed article's id."""
    out = cli("export", "--index", str(index_dir)).stdout
    return sorted(json.loads(line)["id"] for line in out.splitlines())


def test_an_emptied_corpus_folder_is_refused_and_nothing_changes(cli, corpus, index_dir):
    before = ids(cli, index_dir)
    for f in corpus.iterdir():
        f.unlink()  # (an unmounted share looks like this)
    result = cli("index", "--index", str(index_dir))
    assert result.exit_code == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "would remove 5 of the 5 indexed articles" in lines[0]
    assert f"{corpus} is empty" in lines[0] and "--allow-mass-delete" in lines[0]
    assert ids(cli, index_dir) == before
    # asked for, it goes ahead
    result = cli("index", "--index", str(index_dir), "--allow-mass-delete")
    assert result.exit_code == 0 and "5 removed" in result.stderr
    assert ids(cli, index_dir) == []


def test_a_corpus_folder_replaced_by_a_file_is_refused(cli, corpus, index_dir):
    before = ids(cli, index_dir)
    shutil.rmtree(corpus)
    corpus.write_text("not a folder any more")
    result = cli("index", "--index", str(index_dir))
    assert result.exit_code == 2 and "is no longer a folder" in result.stderr
    assert ids(cli, index_dir) == before


def test_removing_up_to_half_is_a_sync_and_more_is_refused(cli, tmp_path):
    corpus = tmp_path / "c"
    write_articles(corpus, 0, 10)
    index_dir = tmp_path / "ix"
    sync([str(corpus)], str(index_dir), SyncOptions(workers=1))
    assert MASS_DELETE_SHARE == 0.5  # (the README states this share)
    for i in range(5):
        (corpus / f"a{i:05d}.txt").unlink()
    assert sync(None, str(index_dir), SyncOptions(workers=1)).removed == 5  # half: a sync
    for i in range(5, 8):
        (corpus / f"a{i:05d}.txt").unlink()
    result = cli("index", "--index", str(index_dir))  # 3 of the 5 left: more than half
    assert result.exit_code == 2 and "would remove 3 of the 5" in result.stderr
    assert "most files under" in result.stderr
    assert len(ids(cli, index_dir)) == 5


# Unreadable folders, for real: root reads every folder, so as root the scenario runs in a process
# without the two capabilities that override permissions (dropped from its bounding set, so
# they are not regained at exec); as anyone else, as that user.
UNREADABLE = textwrap.dedent(
    """
    import json, os, sys
    from pathlib import Path
    from searcher.index import SyncOptions, sync
    from searcher.search.handle import Index
    from searcher.search.results import SearchOptions

    base = Path(sys.argv[1])
    corpus = base / "corpus"
    for part in ("open", "closed"):
        (corpus / part).mkdir(parents=True)
        for i in range(3):
            (corpus / part / f"{i}.txt").write_text(f"Cuba and Vietnam talks {part} {i}\\n\\nText.")
    index_dir = str(base / "index")
    sync([str(corpus)], index_dir, SyncOptions(workers=1))
    os.chmod(corpus / "closed", 0)  # a sub-folder that cannot be read
    sub = sync(None, index_dir, SyncOptions(workers=1))
    os.chmod(corpus / "closed", 0o755)
    os.chmod(corpus, 0o311)  # the root itself cannot be listed
    root = sync(None, index_dir, SyncOptions(workers=1))
    os.chmod(corpus, 0o755)
    with Index(index_dir) as ix:
        total = ix.search(SearchOptions(query="Cuba")).total
    print(json.dumps({
        "sub": [sub.removed, sub.unchanged, sub.kept, [(s.rel, s.reason) for s in sub.skipped]],
        "root": [root.removed, root.unchanged, root.kept, [(s.rel, s.reason) for s in root.skipped]],
        "total": total,
    }))
    """
)


def test_files_in_unreadable_folders_keep_their_articles():
    base = Path(tempfile.mkdtemp(prefix="defsearch-unreadable-"))
    try:
        preexec = as_user_without_overrides()
        env = {**os.environ, "PYTHONPATH": str(ROOT), "PYTHONDONTWRITEBYTECODE": "1"}
        proc = subprocess.run(
            [sys.executable, "-c", UNREADABLE, str(base)],
            capture_output=True, text=True, timeout=120, preexec_fn=preexec, env=env, cwd=base,
        )  # fmt: skip
        assert proc.returncode == 0, proc.stderr
        found = json.loads(proc.stdout)
        removed, unchanged, kept, skipped = found["sub"]
        assert (removed, unchanged, kept) == (0, 3, 3)  # (each article counted once)
        assert [rel for rel, _ in skipped] == ["closed"]
        assert skipped[0][1].startswith("unreadable folder")
        removed, unchanged, kept, skipped = found["root"]
        assert (removed, unchanged, kept) == (0, 0, 6) and [rel for rel, _ in skipped] == ["."]
        assert found["total"] == 6
    finally:
        for folder, _dirs, _files in os.walk(base):
            os.chmod(folder, 0o755)
        shutil.rmtree(base, ignore_errors=True)


def test_symlinks_out_of_the_corpus_are_not_followed_unless_asked(cli, tmp_path):
    """Nothing outside the corpus is indexed unasked (issue 20, item 2): a link to a file or a
    folder outside is skipped with its reason; a link inside is followed."""
    outside = tmp_path / "outside"
    (outside / "folder").mkdir(parents=True)
    (outside / "secret.txt").write_text("Secret plans\n\nCuba secret zebra.\n")
    (outside / "folder" / "more.txt").write_text("More plans\n\nCuba zebra folder.\n")
    corpus = tmp_path / "corpus"
    (corpus / "real").mkdir(parents=True)
    (corpus / "real" / "a.txt").write_text("Cuba talks\n\nCuba and Vietnam zebra talks.\n")
    (corpus / "passwd.txt").symlink_to(outside / "secret.txt")
    (corpus / "elsewhere").symlink_to(outside / "folder")
    (corpus / "alias.txt").symlink_to(corpus / "real" / "a.txt")  # inside the corpus: followed
    ix = str(tmp_path / "ix")
    result = cli("index", str(corpus), "--index", ix, "-v")
    assert result.exit_code == 1  # (some skipped)
    assert "skipped passwd.txt: symlink to outside the corpus" in result.stderr
    assert "skipped elsewhere: symlink to outside the corpus" in result.stderr
    assert ids(cli, ix) == ["alias.txt", "real/a.txt"]
    assert "secret" not in cli("export", "--index", ix).stdout
    assert cli("show", "passwd.txt", "--index", ix).exit_code == 2
    # asked for, they are indexed
    result = cli("index", str(corpus), "--index", ix, "--follow-links", "--rebuild")
    assert result.exit_code == 0
    ids_now = ids(cli, ix)
    assert "passwd.txt" in ids_now and "elsewhere/more.txt" in ids_now
