"""A corpus's own settings: ``defsearch.toml`` at its root says which folder holds which outlet.

```toml
[outlets]
"vna" = "VNA"              # every file below vna/ (whole path components: not vnanet/)
"vns/2024" = "Việt Nam News"   # names the outlet table knows are canonicalised (VNS)
```

A file takes the outlet of the deepest configured folder that holds it; the extractor weighs it as
page metadata (a sign-off in the text still wins; a JSON Lines record's own outlet or source wins).

The same file may map the fields of JSON Lines records onto ours, ours on the left:

```toml
[fields]
text = "content"           # the article's text is the record's "content"
date = "published"
url = "link"
outlet = "source.name"     # a dotted path reaches into an object
```
"""

from __future__ import annotations

import os
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass

from searcher.errors import CorpusConfigError
from searcher.text import sanitize

CONFIG = "defsearch.toml"  # a corpus's own settings, at its root
TABLES = ("outlets", "fields")
# The fields of a JSON Lines record that defsearch reads, which ``[fields]`` may map
OUR_FIELDS = ("id", "text", "html", "title", "date", "url", "outlet")


@dataclass(frozen=True)
class FolderOutlets:
    """A corpus's settings from its ``defsearch.toml`` (``config``: None when the corpus has
    none): the folder → outlet table (a file takes the outlet of the longest folder, by whole
    path components, that holds it), and the JSON Lines field mapping."""

    config: str | None = None
    folders: tuple[tuple[str, str], ...] = ()  # (folder, outlet), deepest first; "" is the root
    fields: tuple[tuple[str, str], ...] = ()  # (our field, the record's field), sorted

    def match(self, rel: str) -> tuple[str, str] | None:
        """The configured ``(folder, outlet)`` that holds ``rel`` (a corpus-relative path)."""
        if not self.folders:
            return None
        if not rel.isascii():
            rel = unicodedata.normalize("NFC", rel)
        for folder, outlet in self.folders:
            if not folder or rel == folder or rel.startswith(f"{folder}/"):
                return folder, outlet
        return None

    def outlet_of(self, rel: str) -> str | None:
        """The outlet the config gives ``rel``, or None."""
        found = self.match(rel)
        return found[1] if found else None

    def unmatched(self, rels: Iterable[str]) -> list[str]:
        """The configured folders that hold none of ``rels`` (most likely a typo)."""
        used = {found[0] for found in map(self.match, rels) if found}
        return [folder for folder, _ in self.folders if folder not in used]


def folder_outlets(root: str) -> FolderOutlets:
    """The folder → outlet table of the corpus at ``root``: its ``defsearch.toml``, if any.
    Outlet names the outlet table knows are canonicalised (``Viet Nam News`` → ``VNS``), others
    kept as written. A config that cannot be used raises CorpusConfigError, naming the file and
    what to fix."""
    root = os.path.abspath(root)
    path = os.path.join(root, CONFIG)
    if not os.path.isfile(path):
        return FolderOutlets()
    import tomllib

    try:
        with open(path, "rb") as fh:
            settings = tomllib.load(fh)
    except OSError as exc:
        raise CorpusConfigError(f"{path}: cannot read it: {exc.strerror or exc}") from None
    except UnicodeDecodeError:
        raise CorpusConfigError(f"{path}: not UTF-8 text") from None
    except tomllib.TOMLDecodeError as exc:
        raise CorpusConfigError(f"{path}: not valid TOML: {exc}") from None
    unknown = sorted(k for k in settings if k not in TABLES)
    if unknown:
        raise CorpusConfigError(
            f"{path}: unknown setting {unknown[0]!r} (the file holds two tables: [outlets] and"
            " [fields])"
        )
    fields = _config_fields(path, settings.get("fields", {}))
    table = settings.get("outlets", {})
    if not isinstance(table, dict):
        raise CorpusConfigError(
            f'{path}: outlets must be a table: a line [outlets], then lines "folder" = "outlet"'
        )
    folders: dict[str, str] = {}
    given: dict[str, str] = {}
    for key, value in table.items():
        folder = _config_folder(path, key)
        if folder in given:
            raise CorpusConfigError(
                f"{path}: [outlets] {given[folder]!r} and {key!r} name the same folder"
            )
        given[folder] = key
        folders[folder] = _config_outlet(path, key, value)
    deepest = sorted(folders.items(), key=lambda item: (-item[0].count("/") - bool(item[0]), item))
    return FolderOutlets(path, tuple(deepest), fields)


def _config_fields(path: str, table: object) -> tuple[tuple[str, str], ...]:
    """``[fields]``: each of our JSON Lines fields → the name of the record's field that holds
    it (a dotted path for one inside an object)."""
    if not isinstance(table, dict):
        raise CorpusConfigError(
            f'{path}: fields must be a table: a line [fields], then lines ours = "theirs"'
            ' (date = "published")'
        )
    out = []
    for ours, theirs in table.items():
        if ours not in OUR_FIELDS:
            raise CorpusConfigError(
                f"{path}: [fields] {ours!r} is not a field defsearch reads (fields: "
                + ", ".join(OUR_FIELDS)
                + '; ours go on the left: date = "published")'
            )
        if not isinstance(theirs, str) or not theirs.strip() or len(theirs) > 200:
            raise CorpusConfigError(
                f"{path}: [fields] {ours!r} must name the record's field in quotes, not {theirs!r}"
            )
        out.append((ours, theirs.strip()))
    return tuple(sorted(out))


def _config_folder(path: str, key: str) -> str:
    """A ``[outlets]`` key as a corpus-relative folder: ``"vns/2024/"`` → ``vns/2024``; ``"."``
    (or ``""``) is the whole corpus."""
    parts = [p for p in unicodedata.normalize("NFC", key).split("/") if p not in ("", ".")]
    if key.startswith("/") or ".." in parts:
        raise CorpusConfigError(
            f"{path}: [outlets] {key!r} is not a folder inside the corpus (give its path"
            ' relative to the folder holding the config, such as "vna" or "vns/2024")'
        )
    return "/".join(parts)


def _config_outlet(path: str, key: str, value: object) -> str:
    """A ``[outlets]`` value: the outlet's canonical name when known, else the name as written."""
    from searcher.extract.outlets import canonical  # (the outlet table: only when configured)

    if isinstance(value, dict):
        raise CorpusConfigError(
            f"{path}: [outlets] {key!r} is a table, not an outlet name (quote a folder path"
            ' that holds a dot or a slash: "vns/2024" = "VNS")'
        )
    if not isinstance(value, str):
        raise CorpusConfigError(
            f"{path}: [outlets] {key!r} must be an outlet name in quotes, not {value!r}"
        )
    name = sanitize(value, keep_newlines=False)
    if not 2 <= len(name) <= 60:
        raise CorpusConfigError(
            f"{path}: [outlets] {key!r} = {value!r}: an outlet name has 2 to 60 characters"
        )
    return canonical(name) or name
