"""Error types. The CLI turns each into one line on stderr with a hint, and exit code 2."""

from __future__ import annotations


class DefsearchError(Exception):
    """Base class: a problem the user can act on. ``hint`` says what to do."""

    hint: str | None = None

    def __init__(self, message: str, hint: str | None = None) -> None:
        super().__init__(message)
        if hint is not None:
            self.hint = hint

    def __str__(self) -> str:
        text = super().__str__()
        return f"{text} ({self.hint})" if self.hint else text


class IndexMissing(DefsearchError):
    """No index where one was expected."""

    hint = "build it with: defsearch index CORPUS"


class IndexCorrupt(DefsearchError):
    """The index exists but cannot be read."""

    hint = "repair it with: defsearch index --rebuild"


class IndexLocked(DefsearchError):
    """Another live process is writing the index."""

    hint = "wait for it to finish, or pass --wait"


class NotAnIndex(DefsearchError):
    """A folder that holds something else was given as the index."""

    hint = "choose a new or empty folder, or pass --force to build beside the files it holds"


class IndexAccess(DefsearchError):
    """The index folder cannot be read or written (permissions, a read-only or full disk)."""

    hint = "check the folder's permissions and free space, or choose another with --index"


class CorpusMissing(DefsearchError):
    """The corpus folder the index was built from is gone."""

    hint = "pass the corpus folder again: defsearch index PATH"


class CorpusChanged(DefsearchError):
    """A sync would replace the index's corpus by another one (dropping its articles)."""

    hint = "to replace the index's articles, run again with --rebuild"


class MassDelete(DefsearchError):
    """A sync would remove most of the index, most likely because the corpus is not there."""

    hint = "if those articles really are gone, run again with --allow-mass-delete"


class BadQuery(DefsearchError):
    """A query or filter the parser rejects."""

    hint = "see `defsearch search --help` for the query syntax"


class UnreadableArticle(DefsearchError):
    """A corpus file that cannot be read or decoded."""

    hint = None


class NotFound(DefsearchError):
    """An id that is not in the index."""

    hint = "list ids with: defsearch search QUERY --format paths"


class CorpusConfigError(DefsearchError):
    """A corpus's ``defsearch.toml`` that cannot be used."""

    hint = "fix the file, or move it out of the corpus folder; the index was not changed"
