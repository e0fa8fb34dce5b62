"""The docs/errors.rst rows added for tester10g's findings fixed by fix10g2; tests/test_errors_table.py counts them."""

# tests/test_spec_fix10g2.py checks each message
TESTED_ELSEWHERE = {"an agent's static spaces_problem that raises"}
# tests/test_actions_fix10g2.py
TESTED_ELSEWHERE |= {"an action outside a Box's bounds", "an action holding NaN"}
