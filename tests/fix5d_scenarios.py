"""Scenarios of the docs/errors.rst rows added for tester5b's defects (tune, sweep, plot, aggregate);
tests/test_errors_table.py runs them with the rest."""

# tests/test_tune_fix5d.py: a study made by a first tune
TESTED_ELSEWHERE = {"a new tune whose --storage already holds a study of its name (<run>: the storage)"}

SCENARIOS: dict = {}
