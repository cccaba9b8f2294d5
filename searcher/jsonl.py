"""JSON Lines files read one line at a time: a file of any size in the memory of a record.

Planning reads each line once, for its id and content hash, and keeps a ``RecordRef`` (where the
line is, not what it says); the process that indexes the record reads the line again at its
offset. So no process holds a file, or more than a few of its records, at once, and records of
one file are spread over the worker processes like files are.

A line longer than ``MAX_RECORD_BYTES`` (the size cap of a text or HTML file) is cut there, as
a file's text is cut at the cleaner's ``MAX_CHARS``: the fields before the cut are kept (the
string cut in the middle ends at the cut), the rest of the line is read past without being kept,
and the record carries a warning that says so (``cut`` in its meta).
"""

from __future__ import annotations

import dataclasses
import gzip
import hashlib
import io
import json
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from typing import NamedTuple

from searcher.corpus import (
    GZIP,
    MAX_FILE_BYTES,
    MAX_JSONL_BYTES,
    CorpusFile,
    Fields,
    Skipped,
    content_hash,
    fields_signature,
    record,
    record_from,
)
from searcher.models import RawDocument

MAX_RECORD_BYTES = MAX_FILE_BYTES  # a longer line is cut here (a longer file is not an article)
_CHUNK = 1024 * 1024  # what is read at a time past the cut
_MB = 1024 * 1024
Readable = gzip.GzipFile | io.BufferedReader


@dataclass(frozen=True, slots=True)
class RecordRef:
    """A JSON Lines record found by planning: the file, the line's number, offset and size in
    bytes (uncompressed), the record's id and content hash, and the field mapping it is read
    with. The worker that indexes it reads it again (``read_record``)."""

    file: CorpusFile
    line: int
    offset: int
    size: int
    id: str
    content_hash: str
    fields: Fields = ()


class Line(NamedTuple):
    """One line of a file: its number, offset, bytes (at most ``MAX_RECORD_BYTES``, without the
    line end), whole size, and the hash of the whole line when it was cut (else None)."""

    number: int
    offset: int
    data: bytes
    size: int
    cut_digest: bytes | None


def records(f: CorpusFile, fields: Fields = ()) -> Iterator[RecordRef | Skipped]:
    """Each record of JSON Lines file ``f`` as a reference, or the line skipped with its reason.
    OSError and ValueError (a damaged gzip file, over ``MAX_JSONL_BYTES``) propagate."""
    with _open(f) as fh:
        for line in lines(fh):
            if not line.data.strip():
                continue
            doc = _document(f, line, fields)
            if isinstance(doc, Skipped):
                yield doc
            else:
                yield RecordRef(
                    f, line.number, line.offset, line.size, doc.id, doc.content_hash, fields
                )


def read_record(ref: RecordRef) -> RawDocument:
    """The document a reference points to, read again from its file (ValueError when the line
    there no longer holds it: the file changed since it was planned)."""
    fh = _reader(ref.file)
    try:
        fh.seek(ref.offset)
        line = next(lines(fh, ref.line, ref.offset), None)
    except (gzip.BadGzipFile, EOFError, zlib.error) as exc:
        raise ValueError(f"damaged gzip file: {exc or type(exc).__name__}") from None
    doc = _document(ref.file, line, ref.fields) if line else None
    if not isinstance(doc, RawDocument) or doc.id != ref.id:
        raise ValueError(
            f"line {ref.line} changed while it was being indexed (the next sync reads it again)"
        )
    return doc


def lines(fh: Readable, number: int = 1, offset: int = 0) -> Iterator[Line]:
    """The lines of ``fh`` from ``offset`` (line ``number``), each cut at ``MAX_RECORD_BYTES``."""
    try:
        while True:
            if offset > MAX_JSONL_BYTES:
                raise ValueError(f"file too large (over {MAX_JSONL_BYTES // _MB} MB)")
            data = fh.readline(MAX_RECORD_BYTES + 1)
            if not data:
                return
            start, offset = offset, offset + len(data)
            if len(data) <= MAX_RECORD_BYTES or data.endswith(b"\n"):
                yield Line(number, start, data.rstrip(b"\r\n"), len(data), None)
            else:  # read past the rest of the line, hashing it (a change after the cut counts)
                kept = data[:MAX_RECORD_BYTES]
                digest = hashlib.blake2b(data, digest_size=12)
                while not data.endswith(b"\n"):
                    data = fh.readline(_CHUNK)
                    if not data:
                        break
                    digest.update(data)
                    offset += len(data)
                yield Line(number, start, kept, offset - start, digest.digest())
            number += 1
    except (gzip.BadGzipFile, EOFError, zlib.error) as exc:
        raise ValueError(f"damaged gzip file: {exc or type(exc).__name__}") from None


def _document(f: CorpusFile, line: Line, fields: Fields) -> RawDocument | Skipped:
    """The document of one line (see ``corpus.record``); a cut line's from what it holds
    before the cut, with the warning."""
    if line.cut_digest is None:
        return record(f, line.number, line.data, fields)
    signature = fields_signature(fields)
    digest = content_hash(line.cut_digest + b"\0cut" + signature, f.outlet)
    doc = record_from(f, line.number, _salvaged(line.data), digest, fields)
    limit = f"{MAX_RECORD_BYTES // _MB} MB"
    size = f"{line.size / _MB:.1f} MB; limit {limit}"
    if isinstance(doc, Skipped):
        return Skipped(doc.rel, f"record too large ({size}): {doc.reason} in its first {limit}")
    cut = f"record cut at the size limit ({size}): what follows in the line is not indexed"
    return dataclasses.replace(doc, meta=(*doc.meta, ("cut", cut)))


def _salvaged(data: bytes) -> object:
    """The fields of a JSON object cut short: each whole field before the cut, and a string cut
    in the middle up to the cut; None when it is not an object."""
    end = len(data)
    while end > max(0, len(data) - 4):  # (a character cut in the middle is dropped)
        try:
            text = data[:end].decode("utf-8")
            break
        except UnicodeDecodeError:
            end -= 1
    else:
        return None
    decoder = json.JSONDecoder()
    i = _space(text, 0)
    if not text.startswith("{", i):
        return None
    rec: dict[str, object] = {}
    i += 1
    while True:
        key: object = None
        try:
            key, i = decoder.raw_decode(text, _space(text, i))
            i = _space(text, i)
            if not isinstance(key, str) or not text.startswith(":", i):
                return rec
            i = _space(text, i + 1)
            value, i = decoder.raw_decode(text, i)
        except (ValueError, RecursionError):
            if isinstance(key, str) and text.startswith('"', i):  # (the value was cut)
                rec[key] = _cut_string(text, i)
            return rec
        rec[key] = value
        i = _space(text, i)
        if not text.startswith(",", i):
            return rec
        i += 1


def _cut_string(text: str, start: int) -> str | None:
    """The JSON string starting at ``start`` that the cut ended, up to the cut (an escape cut in
    the middle dropped); None when it does not read as a string."""
    for drop in range(7):  # (``\\uXXXX`` is the longest escape)
        try:
            value, _ = json.JSONDecoder().raw_decode(text[: len(text) - drop] + '"', start)
        except ValueError:
            continue
        return value
    return None


def _space(text: str, i: int) -> int:
    while i < len(text) and text[i] in " \t\r\n":
        i += 1
    return i


def _open(f: CorpusFile) -> Readable:
    if f.rel.lower().endswith(GZIP):
        return gzip.open(f.path, "rb")
    return open(f.path, "rb")


_readers: dict[tuple[str, int, int], Readable] = {}  # the file last read by read_record


def _reader(f: CorpusFile) -> Readable:
    """An open handle on ``f``, kept for the records after this one (a gzipped file is then
    unpacked once, not once a record)."""
    key = (f.path, f.size, f.mtime_ns)
    if key not in _readers:
        release()
        _readers[key] = _open(f)
    return _readers[key]


def release() -> None:
    """Close the file ``read_record`` keeps open."""
    while _readers:
        _readers.popitem()[1].close()
