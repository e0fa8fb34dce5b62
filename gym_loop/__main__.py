"""``python -m gym_loop`` runs the command line interface, as the ``gym-loop`` console script does."""

from gym_loop.entry import main

main()
