"""The docs/errors.rst rows added by left10; tests/test_errors_table.py counts them."""

TESTED_ELSEWHERE = {
    # tests/test_cli_left10.py: train --runs-dir /proc and /proc/new
    "an output folder (--runs-dir, --sweeps-dir, -o...) on a file system that stores no files (/proc, /sys)",
    # tests/test_sweep_left10.py: a --grid over agent.class whose second class lacks a parameter the base spec sets
    "a sweep's config of a class (``--grid agent.class=[...]``) that takes no parameter the base spec sets",
}
