"""Rows of docs/errors.rst added by left12 (note14's leftovers), checked by its own tests."""

TESTED_ELSEWHERE = {
    "a run's episodes.csv or evals.csv that cannot be read, among the runs plot draws (another user's file, or not UTF-8)",
}
TESTED_ELSEWHERE |= {"the checkpoint folder deleted while ``loop.train()`` trains, from Python"}  # test_python_runs_left12
