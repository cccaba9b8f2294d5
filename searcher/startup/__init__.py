"""Start-up for a one-shot process: a search is a fresh interpreter each time, so import time is
most of its cost. Every trick, and where it lives:

- ``lazy``: stand-in modules, in place only while a library imports, that import the real module
  on first use (used by ``click_loader`` for click's ``inspect``, and by ``engine/patches.py``
  for Whoosh's ``urllib.request``, ``hashlib``, ``random``, ``shutil``, ``tempfile``, ``html``,
  its English morphology tables, and the ``cached_property`` package).
- ``click_loader``: click with ``inspect`` standing in, and a ``cleandoc`` of its own.
- ``cli.run``: a read-only command ends with ``os._exit`` once its output is flushed (no
  interpreter teardown); ``cli`` imports each command's modules inside the command.
- ``search/results.py`` and ``output.py`` stay free of the engine and of the pipeline;
  ``index/__init__.py`` loads the indexer only on first use. ``tests/test_startup.py`` runs the
  shipped command in a fresh interpreter and holds all of this.
- The Makefile installs in ``editable_mode=compat`` (a path entry, not an import hook) and
  compiles the bytecode ahead.
"""
