"""An open index version for reading: evaluation, stored fields, columns and the vocabulary.

The search layer holds a ``Reader`` and never a Whoosh object: everything it asks of an index is
a method here, in our own terms (document numbers, dicts, strings).
"""

from __future__ import annotations

import datetime as dt
import functools
from bisect import bisect_right
from collections.abc import Collection, Iterable, Iterator
from typing import TYPE_CHECKING, Any

from whoosh import query as Q

from searcher.engine.evaluate import Evaluator
from searcher.engine.schema import weighting
from searcher.engine.storage import open_index
from searcher.engine.topk import ranked
from searcher.scores import Scores

_DAY = 86_400_000_000  # microseconds
_NO_DATE = 2**63  # (the column's default is 2**64 - 1; no date reaches 2**63 µs)

if TYPE_CHECKING:
    from typing import Protocol

    class Column(Protocol):
        """A column's values by document number (Whoosh's column readers)."""

        def __getitem__(self, docnum: int) -> Any: ...

        def __len__(self) -> int: ...


class Reader:
    """One index version opened for reading. Use as a context manager, or call ``close()``."""

    def __init__(self, path: str) -> None:
        self._ix = open_index(path)
        self._searcher = self._ix.searcher(weighting=weighting())
        self._evaluator = Evaluator(self._searcher)
        # (the searcher's schema: the index's property rereads the table of contents each time)
        self.schema: object = self._searcher.schema

    def __enter__(self) -> Reader:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        """Release the index's files."""
        self._searcher.close()

    def scores(self, q: Q.Query, filter_q: Q.Query | None = None, scored: bool = True) -> Scores:
        """``{docnum: BM25F score}`` of every document matching ``q`` and ``filter_q`` (scores
        0.0 unless ``scored``)."""
        return self._evaluator.scores(q, filter_q, scored)

    def ranked(
        self, q: Q.Query, filter_q: Q.Query | None, k: int
    ) -> tuple[Collection[int], list[tuple[int, float]]]:
        """(every document matching ``q`` and ``filter_q``, the best ``k`` (docnum, score) as
        ``top(scores(q, filter_q), k)`` orders them), without scoring every match where a
        bound shows they cannot be in the page (``engine.topk``)."""
        return ranked(self._evaluator, q, filter_q, k)

    def doc_count(self) -> int:
        """Live documents."""
        return self._searcher.doc_count()

    def docnums(self) -> Iterator[int]:
        """Every live document number."""
        return self._searcher.reader().all_doc_ids()

    def docnum(self, doc_id: str) -> int | None:
        """The document number of the article with ``doc_id`` (None when there is none)."""
        return self._searcher.document_number(id=doc_id)

    def stored(self, docnum: int) -> dict:
        """The stored fields of one document."""
        leaves = self._stored_leaves
        if docnum < 0 or not leaves:
            return self._searcher.stored_fields(docnum)  # (Whoosh's own errors)
        i = bisect_right(self._stored_starts, docnum) - 1
        base, reader = leaves[i]
        if reader.is_closed:
            return self._searcher.stored_fields(docnum)
        # (what Whoosh's segment reader does, with the schema's names looked up in a set: its
        # ``in schema`` is a Python call per field, a third of a hit's cost without snippets)
        names, schema = self._names, self.schema
        fields = reader._perdoc.stored_fields(docnum - base)
        return {k: v for k, v in fields.items() if k in names or k in schema}  # type: ignore[operator]

    @functools.cached_property
    def _stored_leaves(self) -> list[tuple[int, Any]]:
        """(first global document number, segment reader) of each segment, in order."""
        leaves = [(base, s.reader()) for s, base in self._searcher.leaf_searchers()]
        if any(not hasattr(r, "_perdoc") for _, r in leaves):  # (Whoosh's EmptyReader)
            return []
        return leaves

    @functools.cached_property
    def _stored_starts(self) -> list[int]:
        return [base for base, _ in self._stored_leaves]

    @functools.cached_property
    def _names(self) -> frozenset[str]:
        return frozenset(self.schema.names())  # type: ignore[attr-defined]

    def column(self, field: str) -> Column:
        """A column's raw values, indexed by global document number (``column[docnum]``)."""
        reader = self._searcher.reader()
        if not reader.doc_count_all():  # (Whoosh's EmptyReader has no columns)
            return []
        if not reader.is_atomic():
            # Whoosh's MultiReader leaves out the segments that wrote no file for the column
            # (none of their documents has a value): with none left, a read raises IndexError.
            # A segment's own reader gives such a segment the column's default instead.
            from whoosh.columns import MultiColumnReader

            leaves = self._searcher.leaf_searchers()
            return MultiColumnReader(
                [s.reader().column_reader(field, translate=False) for s, _ in leaves],
                [base for _, base in leaves],
            )
        return reader.column_reader(field, translate=False)

    def leaf_columns(self, field: str) -> list[tuple[int, Column]]:
        """Per segment: (its first global document number, its column of ``field``)."""
        return [
            (base, s.reader().column_reader(field))
            for s, base in self._searcher.leaf_searchers()
            if s.reader().doc_count_all()  # (an empty index's one leaf has no columns)
        ]

    def column_values(self, field: str) -> list[bytes]:
        """Every document's raw value of a bytes column, indexed by global document number
        (deleted documents' too), read in one piece per segment rather than a read per
        document: a column written with its offsets (``VarBytesColumn``) is sliced from its
        data in memory, any other read through its reader."""
        from whoosh.columns import VarBytesColumn

        out: list[bytes] = []
        for s, base in self._searcher.leaf_searchers():
            reader = s.reader()
            count = reader.doc_count_all()
            if not count:  # (an empty index's one leaf has no columns)
                continue
            out.extend([b""] * (base - len(out)))  # (leaves in order; this one starts at base)
            column = reader.column_reader(field, translate=False)
            if type(column) is VarBytesColumn.Reader and len(column._lengths) == count:
                offsets, lengths = column._offsets, column._lengths
                end = max((o + n for o, n in zip(offsets, lengths, strict=True)), default=0)
                data = column._dbfile.get(column._basepos, end) if end else b""
                out.extend([data[o : o + n] for o, n in zip(offsets, lengths, strict=True)])
            else:
                out.extend(column[i] for i in range(count))
        return out

    def terms(self, field: str) -> Iterator[str]:
        """The terms of ``field``, in order."""
        return (t.decode("utf-8") for t in self._searcher.reader().lexicon(field))

    def analyze(self, field: str, text: str) -> list[str]:
        """The terms ``field``'s analyzer makes of ``text``."""
        return [t.text for t in self._searcher.schema[field].analyzer(text)]

    def analysis(self, field: str = "body") -> int | None:
        """The analysis setting ``field`` was analysed with (``analysis.analysis_of``): 0 for an
        index written before British and American spellings were merged, 1 before Snowball's
        stemmer."""
        from searcher.engine.analysis import analysis_of

        return analysis_of(self._searcher.schema[field].analyzer)

    spellings = analysis  # (its name from before the stemmer setting: search/handle.py's call)

    def doc_frequency(self, field: str, text: str) -> int:
        """How many documents hold the term."""
        return self._searcher.reader().doc_frequency(field, text)

    def terms_within(self, field: str, text: str, maxdist: int, prefix: int) -> list[str]:
        """Terms of ``field`` within ``maxdist`` edits of ``text`` that share its first
        ``prefix`` letters."""
        return list(self._searcher.reader().terms_within(field, text, maxdist, prefix=prefix))

    def query_terms(self, q: Q.Query, fields: Iterable[str]) -> frozenset[str]:
        """The terms of ``q`` in ``fields`` (wildcards and ranges expanded from the index)."""
        wanted = frozenset(fields)
        reader = self._searcher.reader()
        found = set(q.iter_all_terms(phrases=True))
        for leaf in q.leaves() if not q.is_leaf() else [q]:
            if isinstance(leaf, Q.MultiTerm) and leaf.field() in wanted:
                found.update(leaf.expanded_terms(reader))
        return frozenset(
            t.decode("utf-8") if isinstance(t, bytes) else t for f, t in found if f in wanted
        )

    def more_like(
        self, docnum: int, field: str, text: str, top: int
    ) -> tuple[list[tuple[int, float]], frozenset[str]]:
        """(docnum, score) of the documents most like ``text`` by its 15 key terms in ``field``
        (BM25), the document itself left out; and those key terms (to mark in snippets)."""
        searcher = self._searcher
        key_terms = searcher.key_terms_from_text(field, text, numterms=15, normalize=False)
        if not key_terms:
            return [], frozenset()
        # (what Whoosh's ``more_like`` does, keeping the terms it searched for)
        q = Q.Or([Q.Term(field, word, boost=weight) for word, weight in key_terms])
        hits = searcher.search(q, limit=top, mask={docnum})
        return [(h.docnum, h.score or 0.0) for h in hits], frozenset(w for w, _ in key_terms)

    def dates(self, docnums: Iterable[int]) -> Iterator[dt.date | None]:
        """The date of each document (None when it has none), from the date column."""
        column = self.column("date")
        for docnum in docnums:
            key = column[docnum]
            # (the column holds microseconds since datetime.min; an undated document the
            # column's default, past any date)
            yield None if key >= _NO_DATE else dt.date.fromordinal(key // _DAY + 1)
