"""`python -m evaltools` runs the command line."""

from evaltools.cli import main

main()
