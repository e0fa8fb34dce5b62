"""docs/errors.rst rows added by left7; tests/test_errors_table.py counts them."""

# tests/test_spec_left7.py checks the message word for word
TESTED_ELSEWHERE = {"a module name with a NUL character (or another that cannot be a file's name)"}
