"""`python -m transform` runs the command line."""

from transform.cli import main

main()
