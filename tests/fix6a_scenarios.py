"""The docs/errors.rst rows added for tester6a's VectorLoop defects; tests/test_vector_loop_fix6a.py reproduces them
through the console script (an env module of its own, sync and async)."""

TESTED_ELSEWHERE = {
    "a reward that is not a number, under VectorLoop (``sync`` adds ``(--debug shows the traceback)``)",
    "a ``terminated`` or ``truncated`` that is an array of one flag, under VectorLoop's ``async`` mode",
}
