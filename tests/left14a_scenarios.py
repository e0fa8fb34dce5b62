"""docs/errors.rst rows of left14a's messages that a test file of its own checks."""

TESTED_ELSEWHERE = {
    "tune --timeout not a finite number",  # tests/test_cli_numbers_left14a.py
}
