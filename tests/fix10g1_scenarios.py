"""The docs/errors.rst rows added for tester10g's defects 6 and 10; tests/test_errors_table.py counts them."""

# tests/test_state_fix10g1.py: the refusal of a defaultdict of a lambda, its message in full
TESTED_ELSEWHERE = {"a defaultdict whose default_factory is a function (default save)"}
