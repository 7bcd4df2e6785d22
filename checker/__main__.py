"""Allow `python -m checker` as a synonym for the `kata` command."""

from checker.cli import main

main()
