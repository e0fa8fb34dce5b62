"""The docs/errors.rst rows added for tester10g's findings fixed by fix10g2; tests/test_errors_table.py counts them."""

# tests/test_spec_fix10g2.py checks each message
TESTED_ELSEWHERE = {"an agent's static spaces_problem that raises"}
