"""The docs/errors.rst rows added by review8; tests/test_errors_table.py counts them."""

# tests/test_wrapper_state_review8.py: the env's wrappers changed under a checkpoint's running statistics
TESTED_ELSEWHERE = {"resuming (or ``eval --run``) a checkpoint whose env wrappers' running statistics are of other "
                    "wrappers than the env now has"}
