"""Searching: an open index (``handle.Index``) answers searches, facet counts, show, similar and
export. ``query`` turns query text and options into engine queries, ``facets`` counts over every
match, ``snippets`` finds the passages to show, ``suggest`` the words meant, and ``results`` holds
the values handed to the output (importable without loading the engine)."""
