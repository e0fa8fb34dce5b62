"""docs/errors.rst rows added by next7; tests/test_record_next7.py and
test_sweep_next7.py reproduce them through the console script."""

TESTED_ELSEWHERE = {
    "resuming a run whose episodes.csv or evals.csv lacks rows before its checkpoint, but not before an earlier one",
    "a final-eval sweep whose max_episodes ends every run before its first evaluation",  # test_sweep_next7.py
}
