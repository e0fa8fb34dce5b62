"""The docs/errors.rst rows and messages added for tester14e's defects; tests/test_errors_table.py counts them."""

TESTED_ELSEWHERE = set()
