"""The peers of bench_speed.py, one module each, each runnable as its own process:

    python bench/peers/fts5_peer.py build CORPUS OUT FACETS       # the index, from the files
    python bench/peers/fts5_peer.py query OUT WORDS...            # one-shot: top 10, count, 3 facets
    python bench/peers/fts5_peer.py warm OUT QUERIES OFFSET       # the queries, then again, in one process
    python bench/peers/fts5_peer.py update OUT CHANGES            # told the changes: delete + insert

Every peer indexes the same fields: title and body with a stemmer (title weighted 2.0, both
stored), the path as its id, a date, and three keyword facet fields (pair, country, official).
The facet values and dates are the ones defsearch extracted (FACETS: a marshal file written from
our index by bench_speed.py), so peers neither clean nor extract: they read the title line and the
rest of each file as it is. Each answer is the top 10 (path and title), the exact count and the
ten most frequent values of each facet, printed as one JSON line.
"""
