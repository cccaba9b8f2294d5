"""`python -m searcher` runs the defsearch command."""

from searcher.cli import main

main(prog_name="defsearch")
