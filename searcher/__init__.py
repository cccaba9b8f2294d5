"""defsearch: full-text search over defence and diplomatic news (the `searcher` package).

The stages: ``corpus`` (read) → ``clean/`` → ``extract/`` (``pipeline`` runs one article
through both) → ``index/`` → ``search/`` → ``output`` → ``cli``; ``index/`` and ``search/`` sit
on ``engine/``, the only package that imports Whoosh. Importing this package imports nothing
else.
"""

__version__ = "0.1.0"
