"""Rows of docs/errors.rst added by left12 (note14's leftovers), checked by its own tests."""

TESTED_ELSEWHERE = {
    "a run's episodes.csv or evals.csv that cannot be read, among the runs plot draws (another user's file, or not UTF-8)",
}
TESTED_ELSEWHERE |= {"the checkpoint folder deleted while ``loop.train()`` trains, from Python"}  # test_python_runs_left12
TESTED_ELSEWHERE |= {"an unquoted no, yes, on or off for an env parameter whose default is a string, or in env.imports"}
TESTED_ELSEWHERE |= {"an env parameter that the function registering the env sets itself for the env it makes "
                     "(docs/spec.rst, Wrappers)"}  # test_env_parameters_left12
