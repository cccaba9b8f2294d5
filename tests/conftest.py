"""Shared fixtures: real files in tmp_path, a real Whoosh index, the real CLI."""

from __future__ import annotations

import ctypes
import os
import shutil
import signal
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from searcher.cli import main
from searcher.index import SyncOptions, sync

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "corpus"
FIXTURES = Path(__file__).parent / "fixtures" / "articles"
SHARED = ROOT.parent / "shared"


def seed(prefix: str) -> Path:
    """The corpus file of seed ``000`` … ``004``."""
    return next(SEEDS.glob(f"{prefix}-*"))


def write_articles(folder: Path, start: int, stop: int, tag: str = "") -> None:
    """Articles ``start``…``stop - 1``: the VOV fixture, each made unique by a number."""
    body = (FIXTURES / "vov-australia-dialogue.txt").read_text(encoding="utf-8")
    folder.mkdir(parents=True, exist_ok=True)
    for i in range(start, stop):
        text = body.replace("fourth", f"number {i}") + f" marker{i} {tag}\n"
        (folder / f"a{i:05d}.txt").write_text(text, encoding="utf-8")


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    """A private copy of the five seeds."""
    target = tmp_path / "corpus"
    shutil.copytree(SEEDS, target)
    return target


@pytest.fixture
def index_dir(tmp_path: Path, corpus: Path) -> Path:
    """A real index of the seeds, built in tmp_path (writable per test)."""
    path = tmp_path / "index"
    sync([str(corpus)], str(path), SyncOptions(workers=1))
    return path


def index_of(base: Path, articles: dict[str, str]) -> Path:
    """A real index at ``base/index`` of a corpus ``base/corpus`` holding ``articles`` (file name →
    text), built by sync."""
    corpus = base / "corpus"
    corpus.mkdir(exist_ok=True)
    for name, text in articles.items():
        (corpus / name).write_text(text, encoding="utf-8")
    path = base / "index"
    sync([str(corpus)], str(path), SyncOptions(workers=1))
    return path


def seeds_and_fixtures(base: Path) -> Path:
    """``base/corpus``: the five seeds, with the fixture articles in ``fixtures/``."""
    corpus = base / "corpus"
    shutil.copytree(SEEDS, corpus)
    shutil.copytree(FIXTURES, corpus / "fixtures")
    return corpus


@pytest.fixture(scope="session")
def shared_index(tmp_path_factory) -> Path:
    """One read-only index of seeds + fixture articles for search tests."""
    base = tmp_path_factory.mktemp("shared")
    corpus = seeds_and_fixtures(base)
    path = base / "index"
    sync([str(corpus)], str(path), SyncOptions(workers=1))
    return path


@pytest.fixture
def cli():
    """Run the CLI in-process: cli("search", "x", "--index", dir) → click Result."""
    runner = CliRunner()

    def run(*args: str, input: str | None = None, env: dict | None = None):
        return runner.invoke(
            main, list(args), input=input, env=env, catch_exceptions=False, prog_name="defsearch"
        )

    return run


def run_proc(*args: str, cwd: Path | None = None, env: dict | None = None, input: str | None = None,
             timeout: float = 60) -> subprocess.CompletedProcess:  # fmt: skip
    """Run `python -m searcher ARGS` as a real process (stdout is a pipe)."""
    full_env = {**os.environ, **(env or {})}
    return subprocess.run(
        [sys.executable, "-m", "searcher", *args],
        cwd=cwd, env=full_env, input=input, capture_output=True, text=True, timeout=timeout,
    )  # fmt: skip


PR_CAPBSET_DROP = 24  # prctl: drop a capability from the bounding set (not regained at exec)


def _drop_permission_overrides() -> None:
    """(In a child, before exec.) Drop CAP_DAC_OVERRIDE and CAP_DAC_READ_SEARCH for good."""
    libc = ctypes.CDLL(None, use_errno=True)
    for capability in (1, 2):
        if libc.prctl(PR_CAPBSET_DROP, capability, 0, 0, 0) != 0:
            raise OSError(ctypes.get_errno(), "prctl(PR_CAPBSET_DROP) failed")


def as_user_without_overrides():
    """A ``preexec_fn`` under which file permissions hold: root reads and writes every folder, so
    as root the child runs without the two capabilities that override them; anyone else as is."""
    return _drop_permission_overrides if os.geteuid() == 0 else None


def ctrl_c_as_at_a_terminal() -> None:
    """(``preexec_fn``: in the child, before exec.) SIGINT handled by default, as in a
    terminal's foreground: a test run in the background (``make test &``) inherits an ignored
    SIGINT, and defsearch rightly leaves an ignored Ctrl-C alone (``nohup``)."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def read_page(text: str, name: str = "page.txt"):
    """A page's text cleaned and extracted as a saved copy named ``name``: (cleaned, found)."""
    from searcher.clean import clean
    from searcher.extract import extract

    cleaned = clean(text, name)
    return cleaned, extract(cleaned)


def officials_of(text: str) -> dict[str, str | None]:
    """The officials a page's text names, key to country."""
    return {o.key: o.country for o in read_page(text)[1].officials}


def pairs_of(text: str) -> tuple[str, ...]:
    """The country pairs a page's text reports."""
    return read_page(text)[1].country_pairs
