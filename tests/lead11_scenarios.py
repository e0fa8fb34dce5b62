"""Rows of docs/errors.rst that the lead's tests of session 13 check (test_errors_table.py counts them)."""

# tests/test_checkpoints_gone_lead11.py
TESTED_ELSEWHERE = {"the run's checkpoint folder deleted (rm -r RUN/checkpoints) while training"}
