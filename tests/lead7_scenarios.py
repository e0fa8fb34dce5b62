"""The docs/errors.rst rows the lead added in session 9; tests/test_errors_table.py counts them."""

# tests/test_create_default_lead7.py: the path itself and a symbolic link to it, with and without --force
TESTED_ELSEWHERE = {"create-default onto a run's spec.yaml (or a link to it)"}
