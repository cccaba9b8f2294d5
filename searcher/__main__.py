"""`python -m searcher` runs the defsearch command."""

from searcher.cli import run

if __name__ == "__main__":  # guarded: worker processes import this module too
    run()
