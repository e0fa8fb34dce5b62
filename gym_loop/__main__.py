"""``python -m gym_loop`` runs the command line interface."""

from gym_loop.cli import main

main()
