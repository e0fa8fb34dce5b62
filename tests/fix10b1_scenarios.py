"""The docs/errors.rst rows added for tester10b's save/load and policy defects; tests/test_errors_table.py counts them."""

# tests/test_state_fix10b1.py checks each message
TESTED_ELSEWHERE = {
    "a spec's policy that nothing would use: the agent's constructor takes no policy and the loop is gym-loop's",
    "a checkpoint holding another name for the env's space, loaded into an agent not given that space",
    "a checkpoint holding a space the agent built, loaded into an agent without a space there",
    "a checkpoint whose policy saved itself (its own save), loaded into an agent whose policy has no load"}
