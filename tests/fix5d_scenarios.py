"""Scenarios of the docs/errors.rst rows added for tester5b's defects (tune, sweep, plot, aggregate);
tests/test_errors_table.py runs them with the rest."""

# tests/test_tune_fix5d.py: a study made by a first tune
TESTED_ELSEWHERE = {"a new tune whose --storage already holds a study of its name (<run>: the storage)"}

SCENARIOS = {
    "plot or aggregate with --reps above 100000": lambda p: ["plot", ".", "--table", "--reps", "1000000000"],
    "plot of a PNG larger than 50 million pixels (--dpi, --width, --height)": lambda p: [
        "plot", ".", "--dpi", "100000", "-o", "big.png"],
}
