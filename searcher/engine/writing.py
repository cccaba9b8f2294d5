"""Whoosh's segment writer with its postings in pool.py and a document's postings filed a field
at a time.

Whoosh's ``SegmentWriter.add_document`` makes a tuple per posting and calls the pool once per
posting (about 50 per field of a news article, 200 per article). Here each field's postings go
to ``TermPool.add_field`` in one call, which also returns the field's length. Everything else is
Whoosh's: stored fields, columns, lengths, the commit. Documents that use what this schema does
not (per-document boosts, term vectors, spelling fields) take Whoosh's own path.
(Imported by the writing side only.)
"""

from __future__ import annotations

import functools
from typing import TYPE_CHECKING

from whoosh.writing import SegmentWriter

from searcher.engine.pool import TermPool

if TYPE_CHECKING:
    from typing import Any

    from whoosh.index import FileIndex


class Writer(SegmentWriter):
    """A writer of one new segment (and the merges it decides on); ``limitmb`` bounds the
    postings it holds in memory."""

    def __init__(self, ix: FileIndex, limitmb: int = 128, **kwargs: Any) -> None:
        super().__init__(ix, limitmb=limitmb, **kwargs)
        self.pool = TermPool(self._tempstorage, self.newsegment, limitmb=limitmb)

    def add_document(self, **fields: object) -> None:
        if not self._plain_schema or any(n.startswith("_") and n[:8] != "_stored_" for n in fields):
            return super().add_document(**fields)
        self._check_state()
        schema, perdocwriter, docnum, add_field = (
            self.schema, self.perdocwriter, self.docnum, self.pool.add_field
        )  # fmt: skip
        names = sorted(n for n in fields if n[0] != "_")
        self._check_fields(schema, names)
        perdocwriter.start_doc(docnum)
        try:
            for name in names:
                value = fields[name]
                if value is None:
                    continue
                field = schema[name]
                length = 0
                if field.indexed:
                    length = add_field(name, docnum, field.index(value))
                    if not field.scorable:
                        length = 0
                stored = fields.get("_stored_" + name, value)
                perdocwriter.add_field(name, field, stored if field.stored else None, length)
                column = field.column_type
                if column and stored is not None:
                    perdocwriter.add_column_value(name, column, field.to_column_value(stored))
        except Exception:
            perdocwriter.cancel_doc()
            raise
        perdocwriter.finish_doc()
        self._added = True
        self.docnum += 1

    def add_reader(self, reader: Any) -> None:
        """Merge a segment into the new one (the merge policy's call). Its bytes are copied under
        new checksums, so every byte is verified first, whatever a sync's check skipped as
        unchanged (engine/checksums.py)."""
        from searcher.engine.checksums import require_files_intact

        require_files_intact(self.storage.folder, reader.segment().list_files(self.storage))
        super().add_reader(reader)

    @functools.cached_property
    def _plain_schema(self) -> bool:
        """No field with term vectors or a separate spelling field (Whoosh's path has them)."""
        return not any(f.vector or f.separate_spelling() for _, f in self.schema.items())
