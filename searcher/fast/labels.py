"""``labels.json`` (the display label of every facet value) written so that a one-shot search
reads only the labels it shows, and read that way.

At 55k articles the file holds 7,000 officials and 700 pairs (280 KB, 2–5 ms to parse), of
which a search shows a few dozen, and needs one facet whole: the country names its boosts look
for. So the file is written as JSON any reader parses as before, laid out for the fast path:

    { <newline>                        (a first line json.dumps never writes: the layout's mark)
    "country":{                        (facets in order, one line opening each)
    "AF":"Afghanistan",                (one value a line, lines in byte order)
    "ZW":"Zimbabwe"
    },
    …
    }

A facet is then found with one ``find``, a value by bisecting its lines, and a file without the
mark (an index written before it, or by another tool), or one that does not end as the layout
does, is parsed whole. (``index/write.py`` writes ``dumps``'s bytes with ``store.write_bytes``:
this module imports nothing the fast path does not load.)
"""

from __future__ import annotations

from searcher.fast import jsonc

MARK = b"{ \n"
_END = b"\n}\n"


def _encoded(text: str) -> bytes:
    return jsonc.dumps(text).encode("utf-8")


def dumps(labels: dict[str, dict[str, str]]) -> bytes:
    """The file's bytes for ``labels`` (facet → value → label)."""
    sections = []
    for facet in sorted(labels, key=_encoded):
        lines = sorted(_encoded(v) + b":" + _encoded(label) for v, label in labels[facet].items())
        sections.append(_encoded(facet) + b":{\n" + b",\n".join(lines) + b"\n}")
    return MARK + b",\n".join(sections) + _END


class Labels:
    """The labels of one index version, read as far as they are asked for. A file that is
    missing or does not parse has no labels (as ``store.read_json`` reads it: ``{}``)."""

    def __init__(self, path: str) -> None:
        try:
            with open(path, "rb") as f:
                data = f.read()
        except OSError:
            data = b""
        self._data = data
        self._whole: dict | None = None
        self._spans: dict[str, tuple[int, int]] = {}
        spans = _spans(data) if data.startswith(MARK) and data.endswith(_END) else None
        if spans is None:
            self._whole = _parsed(data)
        else:
            self._spans = spans

    def facet(self, facet: str) -> dict[str, str]:
        """Every value → label of one facet."""
        if self._whole is not None:
            found = self._whole.get(facet)
            return found if isinstance(found, dict) else {}
        span = self._spans.get(facet)
        if span is None:
            return {}
        start, end = span
        return jsonc.loads(self._data[start - 2 : end + 2])  # (from its ``{`` to its ``}``)

    def label(self, facet: str, value: str) -> str:
        """The display label of one facet value (the value itself when it has none)."""
        if self._whole is not None:
            return self._whole.get(facet, {}).get(value, value)
        span = self._spans.get(facet)
        if span is None:
            return value
        data = self._data
        key = _encoded(value) + b":"
        lo, hi = span
        while lo < hi:  # (the first line from ``lo`` not below ``key``; lines start at lo)
            mid = (lo + hi) // 2
            line = data.rfind(b"\n", lo, mid) + 1 or lo
            if data[line : line + len(key)] < key:
                lo = data.find(b"\n", mid, hi) + 1 or hi
            else:
                hi = line
        if data.startswith(key, lo, span[1]):
            end = data.find(b"\n", lo, span[1])
            return jsonc.loads(data[lo + len(key) : end if end >= 0 else span[1]].rstrip(b","))
        return value


def _spans(data: bytes) -> dict[str, tuple[int, int]] | None:
    """Each facet's (start, end) of its value lines, found with single-byte searches (``}`` at
    the start of a line closes a facet: value lines start with a quote); None when the file is
    not laid out so."""
    spans = {}
    at = len(MARK)  # (each facet's first line)
    while True:
        head_end = data.find(b"\n", at)
        head = data[at:head_end]
        if head_end < 0 or not head.endswith(b":{"):
            return None
        facet = jsonc.loads(head[:-2])
        start = close = head_end + 1
        while True:
            close = data.find(b"}", close)
            if close < 0:
                return None
            if data[close - 1] == 10:  # (a newline)
                break
            close += 1
        spans[facet] = (start, max(start, close - 1))
        if data[close + 1 : close + 3] != b",\n":
            return spans if data[close + 1 :] == _END else None
        at = close + 3


def _parsed(data: bytes) -> dict:
    try:
        found = jsonc.loads(data)
    except ValueError:
        return {}
    return found if isinstance(found, dict) else {}
