"""The docs/errors.rst rows the lead added in session 10; tests/test_errors_table.py counts them."""

# tests/test_cli_lead8.py
TESTED_ELSEWHERE = {"train --resume (or eval --run) given a path inside a run folder: its spec.yaml, a checkpoint",
                    "train --resume (or eval --run) given a file outside any run folder"}
