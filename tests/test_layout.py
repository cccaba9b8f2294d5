"""The package's shape: Whoosh stays behind ``searcher/engine/``, and indexes written before the
layout changed keep working."""

from __future__ import annotations

import ast
import json
import shutil
from pathlib import Path

from searcher.engine.schema import SCHEMA_CHANGES, SCHEMA_VERSION
from searcher.index import SyncOptions, sync
from tests.conftest import ROOT

PACKAGE = ROOT / "searcher"
# An index written by defsearch before searcher/engine/ existed (schema 3: its pickled schema
# names searcher.engine.Text, searcher.analysis and searcher.codec), of these two articles.
LEGACY = Path(__file__).parent / "fixtures" / "index-schema3"
LEGACY_CORPUS = {
    "a.txt": "Vietnam and Cuba hold defence talks\n\nHANOI, March 3, 2025 (VNA) - Defence Minister "
    "Phan Van Giang met Cuban counterpart in Hanoi to discuss defence cooperation between Vietnam "
    "and Cuba.\n",
    "b.txt": "Japan and Vietnam naval drill\n\nTOKYO, May 5, 2024 (VNA) - Navies of Japan and "
    "Vietnam held a joint search and rescue drill.\n",
}


def imported_modules(path: Path) -> set[str]:
    """Every module a file imports, at any depth of its code."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            found.add(node.module)
    return found


def test_only_the_engine_imports_whoosh():
    outside = {
        str(path.relative_to(ROOT)): sorted(
            m for m in imported_modules(path) if m.split(".")[0] == "whoosh"
        )
        for path in PACKAGE.rglob("*.py")
        if PACKAGE / "engine" not in path.parents
    }
    assert {path: found for path, found in outside.items() if found} == {}
    assert any(
        imported_modules(p) & {"whoosh", "whoosh.query"} for p in (PACKAGE / "engine").rglob("*.py")
    )


def test_no_module_uses_the_names_kept_for_old_indexes():
    """``searcher.analysis`` and ``searcher.codec`` exist only as aliases for unpickling."""
    for path in PACKAGE.rglob("*.py"):
        assert not imported_modules(path) & {"searcher.analysis", "searcher.codec"}, path
    for path in (ROOT / "tests").rglob("*.py"):
        assert not imported_modules(path) & {"searcher.analysis", "searcher.codec"}, path


def test_only_the_cleaner_imports_lxml_and_bs4_and_only_the_extractor_dateutil():
    """lxml parses HTML in ``clean/``; bs4 reads a page's declared character set, imported inside
    ``markup.declared_charset`` alone (only a page that is not UTF-8 reaches it)."""
    for path in PACKAGE.rglob("*.py"):
        tops = {m.split(".")[0] for m in imported_modules(path)}
        if "lxml" in tops:
            assert PACKAGE / "clean" in path.parents, path
        if "bs4" in tops:
            assert path == PACKAGE / "clean" / "html" / "markup.py", path
        if "dateutil" in tops:
            assert PACKAGE / "extract" in path.parents, path
    markup = ast.parse((PACKAGE / "clean" / "html" / "markup.py").read_text(encoding="utf-8"))
    at_top = {
        alias.name if isinstance(node, ast.Import) else node.module
        for node in markup.body
        if isinstance(node, ast.Import | ast.ImportFrom)
        for alias in node.names
    }
    assert not {m for m in at_top if m and m.split(".")[0] == "bs4"}
    lazy = {
        fn.name
        for fn in ast.walk(markup)
        if isinstance(fn, ast.FunctionDef)
        for node in ast.walk(fn)
        if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("bs4")
    }
    assert lazy == {"declared_charset"}


def legacy_copy(tmp_path: Path) -> tuple[Path, Path]:
    """A writable copy of the legacy index, remembering a corpus of its two articles in
    tmp_path (paths in its manifest and file table rewritten; nothing else touched)."""
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for name, text in LEGACY_CORPUS.items():
        (corpus / name).write_text(text, encoding="utf-8")
    index = tmp_path / "index"
    shutil.copytree(LEGACY, index)
    manifest_path, files_path = index / "v1" / "manifest.json", index / "v1" / "files.json"
    manifest = json.loads(manifest_path.read_text())
    old_root = manifest["corpus"][0]
    manifest["corpus"] = [str(corpus)]
    manifest_path.write_text(json.dumps(manifest))
    table = json.loads(files_path.read_text())
    table["files"] = {p.replace(old_root, str(corpus)): row for p, row in table["files"].items()}
    files_path.write_text(json.dumps(table))
    return corpus, index


def test_an_index_from_before_the_engine_package_searches(cli, tmp_path):
    _corpus, index = legacy_copy(tmp_path)
    result = cli("search", "defence", "--index", str(index), "--facet", "pair", "--format", "json")
    assert result.exit_code == 0
    found = json.loads(result.stdout)
    assert [h["id"] for h in found["hits"]] == ["a.txt"]
    assert found["facets"]["pair"]["results"][0]["value"] == "CU-VN"
    shown = json.loads(cli("show", "b.txt", "--index", str(index), "--format", "json").stdout)
    assert shown["title"] == "Japan and Vietnam naval drill"


def test_an_index_from_before_the_stemmer_is_rebuilt_by_a_sync_that_says_why(cli, tmp_path):
    """Its schema version (3) is older than the current one (issue 21's stemmer, then issue
    17's events, then issue 13's extraction): the first sync rebuilds it from the corpus it remembers, with one line saying
    why, and later syncs add to it in place."""
    corpus, index = legacy_copy(tmp_path)
    result = cli("index", "--index", str(index))
    assert result.exit_code == 0
    assert (
        "defsearch: warning: the index was written with schema 3 and this defsearch writes"
        f" {SCHEMA_VERSION} ({SCHEMA_CHANGES[SCHEMA_VERSION]})" in result.stderr
    )
    assert f"built {index} from {corpus}: 2 added" in result.stderr
    (corpus / "c.txt").write_text(
        "Cuba and Vietnam sign defence accord\n\nHAVANA, June 1, 2025 (VNA) - Cuba and Vietnam "
        "signed a defence cooperation accord.\n",
        encoding="utf-8",
    )
    report = sync(None, str(index), SyncOptions(workers=1))
    assert (report.rebuilt, report.added, report.unchanged, report.warnings) == (False, 1, 2, ())
    result = cli("search", "Cuba defence", "--index", str(index), "--format", "json")
    assert sorted(h["id"] for h in json.loads(result.stdout)["hits"]) == ["a.txt", "c.txt"]
