"""The one-shot search path: ``defsearch search`` answered from the index files without
importing Whoosh or click (``entry.run`` is the console script). ``argv`` says which command
lines it answers, ``answer`` answers them through ``segments`` (the files), ``parse`` (the
query, as Whoosh's parser builds it), ``evaluate`` (BM25F, as engine/evaluate.py scores),
``terms``, ``syntax`` and ``snippets`` (the pure parts of the engine's analysis, of
search/query.py and of search/snippets.py), ``pickles`` (Whoosh's pickles without its classes),
``labels`` (the facet labels it shows, read without parsing the rest) and ``jsonc`` (json's two
calls without the ``json`` package).
Anything it cannot answer exactly runs the full command instead."""
