"""The docs/errors.rst rows added by left10; tests/test_errors_table.py counts them."""

# tests/test_cli_left10.py: train --runs-dir /proc and /proc/new
TESTED_ELSEWHERE = {"an output folder (--runs-dir, --sweeps-dir, -o...) on a file system that stores no files (/proc, /sys)"}
