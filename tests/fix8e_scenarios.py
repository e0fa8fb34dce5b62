"""The docs/errors.rst rows added for tester8e's defects; tests/test_errors_table.py counts them."""

# tests/test_loops_fix8e.py: VectorLoop refusing seed_each_episode (CLI and Python)
TESTED_ELSEWHERE = {"VectorLoop asked to seed each episode"}
