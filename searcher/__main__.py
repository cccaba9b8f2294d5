"""`python -m searcher` runs the defsearch command."""

from searcher.cli import main

if __name__ == "__main__":  # guarded: worker processes import this module too
    main(prog_name="defsearch")
