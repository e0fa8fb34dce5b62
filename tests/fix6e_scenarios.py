"""The docs/errors.rst rows added for tester6c's defects (aggregate --vs); tests/test_errors_table.py counts them."""

# tests/test_sweep_fix6e.py: both refusals, on a sweep of two configs whose runs it scores
TESTED_ELSEWHERE = {"aggregate --vs that is no config of the sweep", "aggregate --vs of a config without a scored run"}
