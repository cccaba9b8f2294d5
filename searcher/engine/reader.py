"""An open index version for reading: evaluation, stored fields, columns and the vocabulary.

The search layer holds a ``Reader`` and never a Whoosh object: everything it asks of an index is
a method here, in our own terms (document numbers, dicts, strings).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING

from whoosh import query as Q

from searcher.engine.evaluate import Evaluator, Scores
from searcher.engine.schema import weighting
from searcher.engine.storage import open_index

if TYPE_CHECKING:
    from typing import Any, Protocol

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
        return self._searcher.stored_fields(docnum)

    def column(self, field: str) -> Column:
        """A column's raw values, indexed by global document number (``column[docnum]``)."""
        return self._searcher.reader().column_reader(field, translate=False)

    def leaf_columns(self, field: str) -> list[tuple[int, Column]]:
        """Per segment: (its first global document number, its column of ``field``)."""
        return [
            (base, s.reader().column_reader(field)) for s, base in self._searcher.leaf_searchers()
        ]

    def terms(self, field: str) -> Iterator[str]:
        """The terms of ``field``, in order."""
        return (t.decode("utf-8") for t in self._searcher.reader().lexicon(field))

    def analyze(self, field: str, text: str) -> list[str]:
        """The terms ``field``'s analyzer makes of ``text``."""
        return [t.text for t in self._searcher.schema[field].analyzer(text)]

    def spellings(self, field: str = "body") -> int | None:
        """The spelling setting ``field`` was analysed with (``analysis.spellings_of``): 0 for an
        index written before British and American spellings were merged."""
        from searcher.engine.analysis import spellings_of

        return spellings_of(self._searcher.schema[field].analyzer)

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

    def more_like(self, docnum: int, field: str, text: str, top: int) -> list[tuple[int, float]]:
        """(docnum, score) of the documents most like ``text`` by its 15 key terms in ``field``
        (BM25), the document itself left out."""
        hits = self._searcher.more_like(docnum, field, text=text, top=top, numterms=15)
        return [(h.docnum, h.score or 0.0) for h in hits]
