"""``python -m standoff`` runs the command line."""

from standoff.presenters.cli import main

main()
