"""Near-duplicate signatures: one story told by several outlets (issue 17, story clusters).

Each article's cleaned body is cut into word shingles (``SHINGLE`` words in a row); the set of
shingles gets a MinHash signature by one-permutation hashing: every shingle is hashed once
(CRC-32, then a multiplicative mix), the hash's top bits choose one of ``BINS`` bins and each bin
keeps its smallest value. Two signatures agree in a bin with probability the Jaccard similarity
of the two shingle sets, so the share of agreeing bins estimates it (one hash per shingle: the
classic k-permutation MinHash costs ``BINS`` hashes per shingle, ~60x more, in pure Python).

The signature is stored per document as a column value (``story`` field, with the article's day
so the same-story rule can check dates and sizes); each bin keeps the low 16 bits of its
minimum (two different minima agree by chance once in 65,536). Its first ``BANDS * ROWS`` bins,
read ``ROWS`` at a time, are the LSH bands: near-duplicates agree on at least one band with high
probability, so the searcher only compares articles that share a band (``search/collapse.py``,
which derives the stories when it reads: adding, changing or deleting an article never leaves
another's stale). Band terms in a keyword field were measured and dropped: 32 distinct terms an
article doubled the index (26.4 to 55.6 MB at 11,000 news items; bench/README.md).

Imported by the search side too (decoding, the same-story rule): standard library only.
"""

from __future__ import annotations

import datetime as dt
import re
import struct
import zlib
from array import array
from typing import NamedTuple

SHINGLE = 4  # words per shingle
BINS = 64  # MinHash values per signature
ROWS = 2  # bins per LSH band
# LSH bands read (of the BINS // ROWS there are): 16 found 268 of the 269 labelled pairs the rule
# accepts, 32 all 269, at 3.4x the grouping time (0.3 against 1.0 s at 55k; bench/README.md)
BANDS = 16
# Only the first MAX_WORDS words count: a republication keeps the lede and the paragraphs after
# it, a shortened one is their beginning; and the signature's cost stops growing with length
# (it is linear in them: 200 words cost 80 µs an article, 100 words 48; bench/eval_clusters.py
# scores 100 words P 1.000 R 0.903, 200 words P 1.000 R 0.893: later paragraphs are where
# corrections and re-runs differ).
MAX_WORDS = 100
MIN_SHINGLES = 12  # fewer (a headline, a one-line item): no signature, a story of its own
# The same-story rule: estimated Jaccard similarity of the shingle sets at least SAME_JACCARD
# (bench/eval_clusters.py: republications and repeats mostly score 0.6-1.0; two meetings of the
# same officials in our test corpus 0.03, recurring template reports up to 0.8, told apart by
# their dates) and, when both are dated, dates at most
# SAME_DAYS apart (a republication follows the original within days).
SAME_JACCARD = 0.5
SAME_DAYS = 3
# ... or a shortened version: at least SAME_CONTAINED of the shorter text's shingles in the
# longer one (estimated from J and the two sizes), the shorter one at least CONTAINED_FROM
# shingles long (a three-line template is contained in many reports)
SAME_CONTAINED = 0.8
CONTAINED_FROM = 40

EMPTY = 0xFFFF  # a bin no shingle fell into (short texts)
_VALUE_BITS = 26  # 32-bit hash: 6 bits choose the bin, 26 are its value
_MIX = 0x9E3779B1  # (Knuth's multiplicative constant: spreads CRC-32's bits)
_WORD = re.compile(r"\w+")
_NOT_WORD = {c: " " for c in range(128) if not (chr(c).isalnum() or chr(c) == "_")}
# (UTF-8 bytes: an ASCII word character lower-cased, any other a space; a byte of a non-ASCII
# character kept)
_WORD_BYTES = bytes(
    ord(chr(c).lower()) if chr(c).isalnum() or chr(c) == "_" else 32 for c in range(128)
) + bytes(range(128, 256))
_ASCII = bytes(range(128))
_HEAD = struct.Struct("<II")  # the day as a proleptic ordinal (0: undated), the shingle count
HEAD = _HEAD.size
assert 1 << (32 - _VALUE_BITS) == BINS


class Signature(NamedTuple):
    """A document's MinHash values (``BINS`` of them, EMPTY where no shingle fell) and its day
    ordinal (0: undated)."""

    values: tuple[int, ...]
    day: int
    size: int  # shingles


def shingles(text: str) -> set[str]:
    """The set of ``SHINGLE``-word shingles of the first ``MAX_WORDS`` words of ``text``
    (lower-cased words, punctuation dropped; numbers kept: two reports that differ in their
    figures differ)."""
    head = text[: MAX_WORDS * 12].lower()
    # (ASCII text: its non-word characters made spaces and split, as ``\\w+`` finds but faster)
    words = head.translate(_NOT_WORD).split() if head.isascii() else _WORD.findall(head)
    return _shingles_of(words)


def _shingles_of(words: list[str]) -> set[str]:
    """The shingles of the first ``MAX_WORDS`` of ``words``."""
    words = words[:MAX_WORDS]
    return set(map(" ".join, zip(*(words[k:] for k in range(SHINGLE)), strict=False)))


def minhash(text: str) -> tuple[int, ...] | None:
    """The one-permutation MinHash of ``text``'s shingles (None: too short to compare)."""
    return minhash_of(shingles(text))


def minhash_of(found: set[str]) -> tuple[int, ...] | None:
    """The one-permutation MinHash of a set of shingles (None: too few to compare)."""
    return _minhash_bytes({s.encode("utf-8") for s in found})


def _shingle_bytes(text: str) -> set[bytes]:
    """``shingles(text)``, each UTF-8 encoded: cut and joined as bytes (no string is made and
    then encoded a shingle; a non-ASCII character is a word character, ``\\w``, exactly when
    it is alphanumeric, and every byte of its UTF-8 is then part of the word)."""
    head = text[: MAX_WORDS * 12].lower()
    if head.isascii():
        data = head.encode("ascii")
    else:  # (each non-ASCII character that is no word character made a space)
        data = head.encode("utf-8", "surrogatepass")
        for c in set(data.translate(None, _ASCII).decode("utf-8", "surrogatepass")):
            if not c.isalnum():  # (UTF-8 never holds one character's bytes inside another's)
                data = data.replace(c.encode("utf-8", "surrogatepass"), b" ")
    words = data.translate(_WORD_BYTES).split()[:MAX_WORDS]
    return set(map(b" ".join, zip(*(words[k:] for k in range(SHINGLE)), strict=False)))


def _minhash_bytes(found: set[bytes]) -> tuple[int, ...] | None:
    """``minhash_of`` over encoded shingles (a bin's hashes share their top bits: the
    smallest hash of a bin holds its smallest value)."""
    if len(found) < MIN_SHINGLES:
        return None
    mins = [0xFFFFFFFF] * BINS
    mix, bits = _MIX, _VALUE_BITS
    for crc in map(zlib.crc32, found):
        h = crc * mix & 0xFFFFFFFF
        b = h >> bits
        if h < mins[b]:
            mins[b] = h
    return tuple(EMPTY if v == 0xFFFFFFFF else v & 0xFFFF for v in mins)


def band_terms(values: tuple[int, ...]) -> list[str]:
    """The LSH bands of a signature as text, ``<band>.<hash of its bins>`` (the bench's; the
    searcher reads the same bands as bytes); a band holding an empty bin gives none (two short
    texts would agree on emptiness alone)."""
    out = []
    for b in range(BANDS):
        rows = values[b * ROWS : (b + 1) * ROWS]
        if EMPTY in rows:
            continue
        out.append(f"{b:x}.{zlib.crc32(array('H', rows).tobytes()):08x}")
    return out


def encode(values: tuple[int, ...], day: dt.date | None, size: int) -> bytes:
    """The ``story`` column value: the day, the shingle count, then the bins (2 bytes each,
    machine order; ``HEAD`` bytes before them)."""
    return _HEAD.pack(day.toordinal() if day else 0, size) + array("H", values).tobytes()


def decode(raw: bytes) -> Signature | None:
    """A ``story`` column value back to its signature (None: the document has none)."""
    if len(raw) != HEAD + 2 * BINS:
        return None
    values = array("H")
    values.frombytes(raw[_HEAD.size :])
    day, size = _HEAD.unpack_from(raw)
    return Signature(tuple(values), day, size)


def jaccard(a: tuple[int, ...], b: tuple[int, ...]) -> float:
    """The estimated Jaccard similarity of two signatures' shingle sets (one-permutation
    hashing: agreeing bins over bins not empty in both)."""
    same = used = 0
    for x, y in zip(a, b, strict=True):
        if x == EMPTY and y == EMPTY:
            continue
        used += 1
        same += x == y
    return same / used if used else 0.0


def same_story(a: Signature, b: Signature) -> bool:
    """The same-story rule: near-identical text (shared names and topics are not enough) and,
    when both are dated, dates at most SAME_DAYS apart."""
    if a.day and b.day and abs(a.day - b.day) > SAME_DAYS:
        return False
    j = jaccard(a.values, b.values)
    if j >= SAME_JACCARD:
        return True
    shorter = min(a.size, b.size)
    if shorter < CONTAINED_FROM or not j:
        return False
    return j * (a.size + b.size) / (1 + j) / shorter >= SAME_CONTAINED


def story_fields(body: str, day: dt.date | None) -> dict[str, object]:
    """The index fields of an article's signature (none when its text is too short)."""
    found = _shingle_bytes(body)
    values = _minhash_bytes(found)
    if values is None:
        return {}
    return {"story": encode(values, day, len(found))}
