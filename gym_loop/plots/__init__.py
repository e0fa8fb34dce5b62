"""``gym-loop plot``: learning curves, interval estimates and performance profiles of run folders.

Only :mod:`.commands` is imported by the CLI at start-up, and it imports click alone; NumPy, PyYAML
and matplotlib are imported when the command runs.
"""
