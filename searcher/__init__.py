"""defsearch: full-text search over defence and diplomatic news (the `searcher` package).

Stages, one module each: corpus (read) → clean → extract → indexer/engine (Whoosh) → search →
output → cli. Importing this package imports nothing else.
"""

__version__ = "0.1.0"
