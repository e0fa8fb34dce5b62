"""The docs/errors.rst rows added for review10's save/load findings; tests/test_errors_table.py counts them."""

# tests/test_state_fix10r1.py checks each message
TESTED_ELSEWHERE = {
    "a checkpoint holding a space the agent built, loaded into an agent whose space there has other parts"}
