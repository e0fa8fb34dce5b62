"""docs/errors.rst rows added by next7; tests/test_record_next7.py reproduces each through the console script."""

TESTED_ELSEWHERE = {
    "resuming a run whose episodes.csv or evals.csv lacks rows before its checkpoint, but not before an earlier one",
}
